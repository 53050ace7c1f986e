package cluster

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"github.com/kljensen/snowball/english"
)

// token is one word of a text, lower-cased, with the facts the feature
// extractor needs about its original casing.
type token struct {
	lower string
	// proper is true for a capitalised word that does not start a sentence
	// (a proper-noun candidate: "Lavrov", "NATO").
	proper bool
	// start is true for the first word of a sentence (or line).
	start bool
}

// tokenize splits text into words: maximal runs of letters and digits.
// Apostrophes inside a word end it ("it's" gives "it" and "s"), hyphens split
// words. It never fails; invalid UTF-8 bytes count as separators.
func tokenize(text string, out []token) []token {
	sentenceStart := true
	i := 0
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if isASCIIAlnum(c) {
				j := i + 1
				upper := false
				first := c >= 'A' && c <= 'Z'
				for j < len(text) {
					d := text[j]
					if d >= utf8.RuneSelf {
						r, _ := utf8.DecodeRuneInString(text[j:])
						if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
							break
						}
						upper = true // force the slow lower-casing path
						j += utf8.RuneLen(r)
						continue
					}
					if !isASCIIAlnum(d) {
						break
					}
					if d >= 'A' && d <= 'Z' {
						upper = true
					}
					j++
				}
				w := text[i:j]
				if first || upper {
					w = lowerWord(w)
				}
				out = append(out, token{lower: w, proper: first && !sentenceStart, start: sentenceStart})
				sentenceStart = false
				i = j
				continue
			}
			switch c {
			case '.', '!', '?', '\n', ':', ';':
				sentenceStart = true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += size
			continue
		}
		first := unicode.IsUpper(r)
		j := i
		for j < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			if r2 == utf8.RuneError && s2 <= 1 {
				break
			}
			if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) {
				break
			}
			j += s2
		}
		out = append(out, token{lower: lowerWord(text[i:j]), proper: first && !sentenceStart, start: sentenceStart})
		sentenceStart = false
		i = j
	}
	return out
}

func isASCIIAlnum(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// lowerWord lower-cases a word, with an allocation-light ASCII path.
func lowerWord(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		var b []byte
		for _, r := range w {
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
		return string(b)
	}
	b := make([]byte, len(w))
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return string(b)
}

// isStop reports whether a lower-cased word carries no topical content: a
// Snowball English stop word, a single character, or a contraction rest.
func isStop(w string) bool {
	if len(w) < 2 {
		return true
	}
	switch w {
	case "ll", "ve", "re", "nt", "said", "says", "say", "also", "would", "could",
		"one", "two", "new", "like", "get", "told", "year", "years", "time":
		return true
	}
	return english.IsStopWord(w)
}

// wordCache remembers a value computed from a word in two generations of
// at most limit/2 words each: when the current one is full it becomes the
// old one, and a word found only in the old one moves back to the current
// one. Words in use stay cached however long the stream runs and however
// its vocabulary drifts (a cache that simply stopped growing when full
// would compute every later new name again on each use), and memory stays
// bounded. Keys are copies: a word may be a piece of an article's text,
// which the cache must not keep alive (nor may compute's values). It is
// not safe for concurrent use; each goroutine uses its own.
type wordCache[V any] struct {
	cur, old map[string]V
	limit    int
}

func newWordCache[V any](limit int) wordCache[V] {
	return wordCache[V]{cur: make(map[string]V, 1024), limit: max(limit/2, 1)}
}

// get returns the cached value of w, computing it on a miss.
func (c *wordCache[V]) get(w string, compute func(string) V) V {
	if v, ok := c.cur[w]; ok {
		return v
	}
	v, ok := c.old[w]
	if !ok {
		v = compute(w)
	}
	if len(c.cur) >= c.limit {
		c.old, c.cur = c.cur, make(map[string]V, c.limit)
	}
	c.cur[strings.Clone(w)] = v
	return v
}

// stemWord is the Porter2 stem of a lower-cased word; numbers are kept.
func stemWord(w string) string {
	if isDigits(w) {
		return w
	}
	return english.Stem(w, false)
}

// stemmer stems words and caches the stems (see wordCache).
type stemmer struct{ wordCache[string] }

func newStemmer(limit int) *stemmer { return &stemmer{newWordCache[string](limit)} }

func (s *stemmer) stem(w string) string { return s.get(w, ownStem) }

// ownStem is stemWord(w) in memory of its own (a stem may be w itself).
func ownStem(w string) string {
	st := stemWord(w)
	if st == w {
		st = strings.Clone(w)
	}
	return st
}

// termCache maps a lower-cased word to what the feature extractor needs of
// it: whether it is a stop word (isStop) and else the identity of its stem
// (termHash of its Porter2 stem). One lookup a word replaces a stop-word
// lookup, a stem-cache lookup and hashing the stem.
type termCache struct{ wordCache[uint64] }

// stopTerm marks a stop word in a termCache value; other values are the
// term identity.
const stopTerm = 1 << 32

func newTermCache(limit int) *termCache { return &termCache{newWordCache[uint64](limit)} }

// term returns the word's term identity, or ok false for a stop word.
func (c *termCache) term(w string) (id termID, ok bool) {
	v := c.get(w, wordTerm)
	return termID(v), v&stopTerm == 0
}

// wordTerm is a word's termCache value.
func wordTerm(w string) uint64 {
	if isStop(w) {
		return stopTerm
	}
	return uint64(termHash(stemWord(w)))
}

func isDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// termID is the 64-bit identity of a stemmed term.
type termID = uint32

// hashSeed makes every hash in the package depend on one fixed seed, so the
// results are reproducible and can be changed in one place.
const hashSeed uint64 = 0x9e3779b97f4a7c15

// termHash returns the identity of a stemmed term: 32 bits keep vectors
// small (8 bytes a term); the rare collision merges two rare terms.
func termHash(stem string) termID {
	return termID(mix64(xxhash.Sum64String(stem)^hashSeed) >> 32)
}

// mix64 is the splitmix64 finaliser: a cheap bijective scrambler.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
