package summarize

import (
	"slices"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/rouge"
)

// Stems found through the lexicon (word tables, cluster ids) are exactly
// the ROUGE tokenizer's, across clusters that share and repeat words.
func TestLexiconMatchesRougeTokens(t *testing.T) {
	clusters := [][]string{
		{"The Harbour-Bridge closed; 12,000 cars/day DETOURED.", "Engineers' reports: cracks (2 supports) found!", ""},
		{"Running runners ran; the RUN was run.", "café naïve — ünïcode: 3.5%", "x", "   ", "ABC123def 456GHI"},
		{"The Harbour-Bridge reopened.", "Engineering engineers engineered the re-opening in 2025"},
	}
	tk := rouge.NewTokenizer()
	lx := newLexicon()
	for round := range 3 {
		for _, texts := range clusters {
			lx.begin()
			for _, text := range texts {
				ids := lx.appendLocal(nil, text)
				var got []string
				for _, id := range ids {
					got = append(got, lx.stems[lx.order[id]].stem)
				}
				if want := tk.Tokens(text); !slices.Equal(got, want) {
					t.Fatalf("round %d, %q: lexicon %q, rouge %q", round, text, got, want)
				}
			}
		}
	}
}

func TestWordCountMatchesFields(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a ", "one two  three", "\ttab\nline\rcr\vvt\fff end", "x\u00a0y", "café au lait", "  lead", "trail  ", "a,b;c"} {
		want := len(strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(" \n\t\r\v\f", r) }))
		if got := WordCount(s); got != want {
			t.Fatalf("%q: %d words, want %d", s, got, want)
		}
	}
}

// Features' rows stay the caller's: clusters summarised afterwards reuse
// the scratch memory, not the rows.
func TestFeaturesRowsOutliveLaterClusters(t *testing.T) {
	m := Default()
	docs := fixture()
	first, _ := Features(docs, m)
	keep := make([][]float64, len(first))
	for i, r := range first {
		keep[i] = slices.Clone(r)
	}
	other := []Document{{Sentences: []string{"A ferry will run every twenty minutes.", "Drivers face long detours."}}, docs[1]}
	for range 3 {
		Summarize(other, Options{})
		Features(other, m)
	}
	for i := range first {
		if !slices.Equal(first[i], keep[i]) {
			t.Fatalf("row %d changed after later clusters: %v, was %v", i, first[i], keep[i])
		}
	}
}

// Words past the inline length and past the table's longest word.
func TestLexiconLongWords(t *testing.T) {
	tk := rouge.NewTokenizer()
	lx := newLexicon()
	long := strings.Repeat("ab", 40000)
	texts := []string{"internationalisation internationalization", "Supercalifragilisticexpialidocious words", long + " x " + long, "internationalisation " + long[:70001]}
	for range 2 {
		lx.begin()
		for _, text := range texts {
			var got []string
			for _, id := range lx.appendLocal(nil, text) {
				got = append(got, lx.stems[lx.order[id]].stem)
			}
			if want := tk.Tokens(text); !slices.Equal(got, want) {
				t.Fatalf("%.40q: lexicon %d stems, rouge %d", text, len(got), len(want))
			}
		}
	}
}
