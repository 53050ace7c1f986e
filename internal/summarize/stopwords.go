package summarize

import "github.com/chorusnews/chorus/internal/rouge"

// stopList is our own list of English function words; the features treat
// the other tokens as content words.
var stopList = []string{
	"a", "about", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
	"be", "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did",
	"do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has",
	"have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
	"in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor",
	"not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out",
	"over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their",
	"theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to",
	"too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which",
	"while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "s",
	"t", "ll", "re", "ve", "d", "m", "don", "didn", "doesn", "isn", "wasn", "won", "said", "says",
	"one", "two", "new", "like", "get", "got", "may", "might", "must", "many", "much", "well", "even",
}

// stopStems holds the stop words as the tokenizer emits them (stemmed).
var stopStems = func() map[string]bool {
	tk := rouge.NewTokenizer()
	m := make(map[string]bool, len(stopList))
	for _, w := range stopList {
		m[tk.Stem(w)] = true
	}
	return m
}()

func isStop(stem string) bool {
	return stopStems[stem] || len(stem) == 1 && stem[0] >= 'a' && stem[0] <= 'z'
}
