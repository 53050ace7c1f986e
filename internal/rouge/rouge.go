// Package rouge computes ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum precision,
// recall and F1 with the semantics of Google's rouge-score Python package:
// text is lower-cased, every character outside [a-z0-9] becomes a space, the
// result is split on white space, and tokens longer than three characters
// are reduced with the original Porter stemmer. Several references are
// combined either by the best F1 per measure (rouge-score) or by pooled
// counts (ROUGE-1.5.5 "-f A").
//
// It is hand-written because no maintained Go library implements these
// semantics; only the stemmer comes from github.com/blevesearch/snowballstem.
package rouge

import (
	"strings"

	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/porter"
)

// Score is precision, recall and F1 of one ROUGE measure, each in [0, 1].
type Score struct {
	P, R, F float64
}

// Scores holds the four measures for one candidate.
type Scores struct {
	R1, R2, RL, RLsum Score
}

// Multi says how several references are combined.
type Multi int

const (
	// Best keeps, per measure, the reference with the highest F1 (rouge-score).
	Best Multi = iota
	// Pooled sums matches and totals over all references (ROUGE-1.5.5 -f A).
	Pooled
)

// Text is a tokenized text: all tokens, and the tokens of each non-empty
// line (for ROUGE-Lsum).
type Text struct {
	Tokens []string
	Lines  [][]string
}

// Tokenizer turns text into ROUGE tokens. It caches stems, so it is not safe
// for concurrent use: give each goroutine its own.
type Tokenizer struct {
	stems map[string]string
	buf   []byte
}

// NewTokenizer returns a tokenizer with an empty stem cache.
func NewTokenizer() *Tokenizer {
	return &Tokenizer{stems: make(map[string]string)}
}

// Stem returns the Porter stem of a lower-case [a-z0-9] token, leaving
// tokens of three characters or fewer unchanged.
func (t *Tokenizer) Stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	if s, ok := t.stems[w]; ok {
		return s
	}
	s := Stem(w)
	if len(t.stems) > 1<<20 { // bound memory on endless input
		clear(t.stems)
	}
	t.stems[w] = s
	return s
}

// Stem returns the Porter stem of a lower-case [a-z0-9] token, leaving
// tokens of three characters or fewer unchanged, as Tokenizer.Stem does
// but without a cache (for callers that keep their own).
func Stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	env := snowball.NewEnv(w)
	porter.Stem(env)
	return env.Current()
}

// Tokens returns the stemmed tokens of text.
func (t *Tokenizer) Tokens(text string) []string {
	return t.AppendTokens(nil, text)
}

// AppendTokens appends the stemmed tokens of text to dst.
func (t *Tokenizer) AppendTokens(dst []string, text string) []string {
	b := t.buf[:0]
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		default:
			c = ' '
		}
		b = append(b, c)
	}
	t.buf = b
	start := -1
	for i := 0; i <= len(b); i++ {
		if i < len(b) && b[i] != ' ' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			w := string(b[start:i])
			dst = append(dst, t.Stem(w))
			start = -1
		}
	}
	return dst
}

// Prepare tokenizes text as a whole and line by line.
func (t *Tokenizer) Prepare(text string) Text {
	var out Text
	for line := range strings.SplitSeq(text, "\n") {
		if line == "" {
			continue
		}
		toks := t.Tokens(line)
		out.Lines = append(out.Lines, toks)
		out.Tokens = append(out.Tokens, toks...)
	}
	if out.Tokens == nil {
		out.Tokens = []string{}
	}
	return out
}

// counts holds the matches and totals of one measure against one reference.
type counts struct {
	hit, cand, ref int
}

func (c counts) score() Score {
	var s Score
	if c.cand > 0 {
		s.P = float64(c.hit) / float64(c.cand)
	}
	if c.ref > 0 {
		s.R = float64(c.hit) / float64(c.ref)
	}
	if s.P+s.R > 0 {
		s.F = 2 * s.P * s.R / (s.P + s.R)
	}
	return s
}

// Compare scores a candidate against one or more references.
func Compare(cand Text, refs []Text, multi Multi) Scores {
	if len(refs) == 0 {
		return Scores{}
	}
	var all [4][]counts
	for _, ref := range refs {
		all[0] = append(all[0], ngramCounts(cand.Tokens, ref.Tokens, 1))
		all[1] = append(all[1], ngramCounts(cand.Tokens, ref.Tokens, 2))
		all[2] = append(all[2], counts{hit: LCS(cand.Tokens, ref.Tokens), cand: len(cand.Tokens), ref: len(ref.Tokens)})
		all[3] = append(all[3], summaryLCS(cand, ref))
	}
	var out [4]Score
	for m, cs := range all {
		out[m] = combine(cs, multi)
	}
	return Scores{R1: out[0], R2: out[1], RL: out[2], RLsum: out[3]}
}

func combine(cs []counts, multi Multi) Score {
	if multi == Pooled {
		var sum counts
		for _, c := range cs {
			sum.hit += c.hit
			sum.cand += c.cand
			sum.ref += c.ref
		}
		return sum.score()
	}
	best := cs[0].score()
	for _, c := range cs[1:] {
		if s := c.score(); s.F > best.F {
			best = s
		}
	}
	return best
}

// ngramCounts counts clipped n-gram matches.
func ngramCounts(cand, ref []string, n int) counts {
	c := counts{cand: max(len(cand)-n+1, 0), ref: max(len(ref)-n+1, 0)}
	if c.cand == 0 || c.ref == 0 {
		return c
	}
	refGrams := make(map[string]int, c.ref)
	for i := 0; i+n <= len(ref); i++ {
		refGrams[gram(ref[i:i+n])]++
	}
	for i := 0; i+n <= len(cand); i++ {
		g := gram(cand[i : i+n])
		if refGrams[g] > 0 {
			refGrams[g]--
			c.hit++
		}
	}
	return c
}

func gram(ws []string) string {
	if len(ws) == 1 {
		return ws[0]
	}
	return strings.Join(ws, " ")
}

// LCS returns the length of the longest common subsequence of a and b.
func LCS(a, b []string) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// lcsIndexes returns the indexes into ref of one LCS of ref and c, found by
// the same backtracking as rouge-score.
func lcsIndexes(ref, c []string) []int {
	rows, cols := len(ref), len(c)
	table := make([][]int, rows+1)
	for i := range table {
		table[i] = make([]int, cols+1)
	}
	for i := 1; i <= rows; i++ {
		for j := 1; j <= cols; j++ {
			if ref[i-1] == c[j-1] {
				table[i][j] = table[i-1][j-1] + 1
			} else {
				table[i][j] = max(table[i-1][j], table[i][j-1])
			}
		}
	}
	var idx []int
	i, j := rows, cols
	for i > 0 && j > 0 {
		switch {
		case ref[i-1] == c[j-1]:
			idx = append(idx, i-1)
			i--
			j--
		case table[i][j-1] > table[i-1][j]:
			j--
		default:
			i--
		}
	}
	return idx
}

// summaryLCS is rouge-score's summary-level union LCS (ROUGE-Lsum).
func summaryLCS(cand, ref Text) counts {
	c := counts{cand: len(cand.Tokens), ref: len(ref.Tokens)}
	if c.cand == 0 || c.ref == 0 {
		return c
	}
	refCount := make(map[string]int)
	for _, w := range ref.Tokens {
		refCount[w]++
	}
	candCount := make(map[string]int)
	for _, w := range cand.Tokens {
		candCount[w]++
	}
	for _, r := range ref.Lines {
		union := make([]bool, len(r))
		for _, cl := range cand.Lines {
			for _, i := range lcsIndexes(r, cl) {
				union[i] = true
			}
		}
		for i, in := range union {
			if !in {
				continue
			}
			w := r[i]
			if refCount[w] > 0 && candCount[w] > 0 {
				c.hit++
				refCount[w]--
				candCount[w]--
			}
		}
	}
	return c
}

// NGram scores candidate tokens against reference tokens on n-grams alone
// (ROUGE-N for one reference), for callers that need no LCS.
func NGram(cand, ref []string, n int) Score {
	return ngramCounts(cand, ref, n).score()
}
