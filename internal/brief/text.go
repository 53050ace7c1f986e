package brief

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// bag is the set of content-word stems of a piece of text.
type bag map[string]struct{}

// stemmer caches Porter2 stems: a story repeats its vocabulary a lot.
type stemmer map[string]string

func (s stemmer) stem(w string) string {
	if st, ok := s[w]; ok {
		return st
	}
	st := english.Stem(w, false)
	s[w] = st
	return st
}

// contentWords splits text into lower-case words, dropping stop words and
// one-letter words.
func contentWords(text string) []string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r))
	})
	out := words[:0]
	for _, w := range words {
		if len([]rune(w)) < 2 || english.IsStopWord(w) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// bagOf returns the content stems of text.
func (s stemmer) bagOf(text string) bag {
	b := bag{}
	for _, w := range contentWords(text) {
		b[s.stem(w)] = struct{}{}
	}
	return b
}

// overlap returns |a ∩ b| / min(|a|, |b|) and the Jaccard index.
func overlap(a, b bag) (containment, jaccard float64) {
	if len(a) == 0 || len(b) == 0 {
		return 0, 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for w := range a {
		if _, ok := b[w]; ok {
			n++
		}
	}
	union := len(a) + len(b) - n
	return float64(n) / float64(len(a)), float64(n) / float64(union)
}

// nearSame reports whether two sentences say the same thing: most of the
// shorter one's content words are in the longer one, and they are of
// comparable size (a short quote fragment does not "say" a long sentence).
func nearSame(a, b bag) bool {
	c, j := overlap(a, b)
	if len(a) < 3 || len(b) < 3 {
		return j == 1
	}
	return j >= 0.5 || c >= 0.8 && j >= 0.35
}

// sortedKeys returns a map's keys in order, for deterministic output.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// normSpace collapses runs of white space into one space.
func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// wordCount counts white-space separated words.
func wordCount(s string) int { return len(strings.Fields(s)) }

// datelineRe matches a dateline opening a wire story's first sentence: a
// place in capitals, perhaps a region, a date and an agency in brackets,
// then a dash ("SANRICA, March 19 (CPA) - ", "MOSCOW-- ").
var datelineRe = regexp.MustCompile(`^[A-Z][A-Z.'’]{2,}(?:[ -][A-Z][A-Z.'’]+)*(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z0-9][A-Za-z0-9.]*)*)*\s*(?:\([^()]{1,40}\))?\s*(?:—|–|--|-)\s*["“A-Z]`)

// datelineEnd returns the length of a dateline opening text, or 0.
func datelineEnd(text string) int {
	m := datelineRe.FindStringIndex(text)
	if m == nil {
		return 0
	}
	_, n := utf8.DecodeLastRuneInString(text[:m[1]])
	return m[1] - n // keep the sentence's first letter
}

var figureRe = regexp.MustCompile(`\d+(?:[.,]\d+)*`)

// figures returns the distinctive numbers written in text: those of two
// characters or more ("4.75", "310", "2,300"; not "3").
func figures(text string) []string {
	var out []string
	for _, f := range figureRe.FindAllString(text, -1) {
		if len(f) >= 2 {
			out = append(out, strings.ReplaceAll(f, ",", ""))
		}
	}
	return out
}

func sharesFigure(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}
