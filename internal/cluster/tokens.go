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

// stemmer stems words with Porter2 and remembers the results in two
// generations of at most limit/2 words each: when the current one is full
// it becomes the old one, and a word found only in the old one moves back
// to the current one. Words in use stay cached however long the stream
// runs and however its vocabulary drifts (a cache that simply stopped
// growing when full would stem every later new name again on each use),
// and memory stays bounded. It is not safe for concurrent use; each
// goroutine uses its own.
type stemmer struct {
	cur, old map[string]string
	limit    int
}

func newStemmer(limit int) *stemmer {
	return &stemmer{cur: make(map[string]string, 1024), limit: max(limit/2, 1)}
}

func (s *stemmer) stem(w string) string {
	if st, ok := s.cur[w]; ok {
		return st
	}
	st, ok := s.old[w]
	if !ok {
		st = w
		if !isDigits(w) {
			st = english.Stem(w, false)
		}
	}
	if len(s.cur) >= s.limit {
		s.old, s.cur = s.cur, make(map[string]string, s.limit)
	}
	// w may be a piece of an article's text (and so may st, when stemming
	// leaves a word alone): a copy keeps the cache from holding whole
	// articles in memory.
	key := strings.Clone(w)
	if st == w {
		st = key
	}
	s.cur[key] = st
	return st
}

// termCache maps a lower-cased word to what the feature extractor needs of
// it: whether it is a stop word (isStop) and else the identity of its stem
// (termHash of its Porter2 stem), in two bounded generations as stemmer
// keeps them. One lookup a word replaces a stop-word lookup, a stem-cache
// lookup and hashing the stem. Not safe for concurrent use.
type termCache struct {
	cur, old map[string]uint64
	limit    int
}

// stopTerm marks a stop word in a termCache value; other values are the
// term identity.
const stopTerm = 1 << 32

func newTermCache(limit int) *termCache {
	return &termCache{cur: make(map[string]uint64, 1024), limit: max(limit/2, 1)}
}

// term returns the word's term identity, or ok false for a stop word.
func (c *termCache) term(w string) (id termID, ok bool) {
	v, found := c.cur[w]
	if !found {
		var inOld bool
		if v, inOld = c.old[w]; !inOld {
			v = stopTerm
			if !isStop(w) {
				st := w
				if !isDigits(w) {
					st = english.Stem(w, false)
				}
				v = uint64(termHash(st))
			}
		}
		if len(c.cur) >= c.limit {
			c.old, c.cur = c.cur, make(map[string]uint64, c.limit)
		}
		c.cur[strings.Clone(w)] = v // see stemmer.stem
	}
	return termID(v), v&stopTerm == 0
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
