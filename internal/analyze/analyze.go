package analyze

import (
	"sort"

	"github.com/chorusnews/chorus/internal/domain"
)

// Options tune Analyze.
type Options struct {
	// NER runs prose/v3's named-entity recogniser for candidate labels of
	// names that carry no title. Measured on a 2 KB article (2 cores,
	// shared and loaded): Analyze 22-63 ms with it, 0.6-1.9 ms without
	// (BenchmarkAnalyze, BenchmarkAnalyzeNoNER); on PolNeAR it moves
	// speaker accuracy by at most 0.1 points (dev 0.900 both ways, train
	// 0.903 with, 0.902 without).
	NER bool
}

// Analyze runs every analysis step on an article with prose's NER hints;
// see AnalyzeWith.
func Analyze(a domain.Article) domain.Analysis {
	return AnalyzeWith(a, Options{NER: true})
}

// AnalyzeWith runs every analysis step on an article: sentences, entities,
// quotes (direct and reported), numbers and dates. Every item carries a
// byte span into a.Text; numbers and dates carry the index of their
// sentence. Numbers that are part of a date ("April 4") are dropped.
func AnalyzeWith(a domain.Article, opts Options) domain.Analysis {
	text := a.Text
	an := domain.Analysis{Sentences: Sentences(text)}
	var h hints
	if opts.NER {
		h = proseHints(text)
	}
	ix := newNameIndex(text, h)
	an.Mentions = ix.mentions
	an.Quotes = quotesWith(text, ix)
	dates := Dates(text, a.Published)
	for _, n := range Numbers(text) {
		if !overlapsDate(n.Span, dates) {
			an.Numbers = append(an.Numbers, n)
		}
	}
	for i := range an.Numbers {
		an.Numbers[i].Sentence = sentenceOf(an.Sentences, an.Numbers[i].Start)
	}
	for i := range dates {
		dates[i].Sentence = sentenceOf(an.Sentences, dates[i].Start)
	}
	an.Dates = dates
	return an
}

func overlapsDate(s domain.Span, dates []domain.DateRef) bool {
	for _, d := range dates {
		if s.Start < d.End && d.Start < s.End {
			return true
		}
	}
	return false
}

// sentenceOf returns the index of the sentence holding byte pos, or the
// last sentence starting before it (-1 when there is none).
func sentenceOf(ss []domain.Sentence, pos int) int {
	i := sort.Search(len(ss), func(i int) bool { return ss[i].Start > pos })
	if i == 0 {
		return -1
	}
	return ss[i-1].Index
}
