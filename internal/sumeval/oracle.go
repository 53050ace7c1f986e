package sumeval

import (
	"math"

	"github.com/chorusnews/chorus/internal/rouge"
	"github.com/chorusnews/chorus/internal/summarize"
)

// oracleState tracks clipped unigram and bigram matches of a growing
// summary against each reference.
type oracleState struct {
	refUni, refBi []map[string]int
	refLen        []int
}

func newOracleState(refs []rouge.Text) *oracleState {
	st := &oracleState{}
	for _, r := range refs {
		u, b := map[string]int{}, map[string]int{}
		for i, w := range r.Tokens {
			u[w]++
			if i > 0 {
				b[r.Tokens[i-1]+" "+w]++
			}
		}
		st.refUni = append(st.refUni, u)
		st.refBi = append(st.refBi, b)
		st.refLen = append(st.refLen, len(r.Tokens))
	}
	return st
}

func f1(hit, cand, ref int) float64 {
	if hit == 0 || cand == 0 || ref == 0 {
		return 0
	}
	p, r := float64(hit)/float64(cand), float64(hit)/float64(ref)
	return 2 * p * r / (p + r)
}

// summaryCounts are the running counts of the summary built so far.
type summaryCounts struct {
	uni, bi []map[string]int // per reference: summary n-gram counts
	hitU    []int
	hitB    []int
	toks    []string
}

func (st *oracleState) start() *summaryCounts {
	sc := &summaryCounts{}
	for range st.refUni {
		sc.uni = append(sc.uni, map[string]int{})
		sc.bi = append(sc.bi, map[string]int{})
		sc.hitU = append(sc.hitU, 0)
		sc.hitB = append(sc.hitB, 0)
	}
	return sc
}

// gain returns the mean over references of ROUGE-1 F1 + ROUGE-2 F1 of the
// summary extended by add, without changing sc; with commit it extends sc.
func (st *oracleState) gain(sc *summaryCounts, add []string, commit bool, tmpU, tmpB map[string]int) float64 {
	n := len(sc.toks) + len(add)
	if n == 0 {
		return 0
	}
	total := 0.0
	for k := range st.refUni {
		clear(tmpU)
		clear(tmpB)
		hu, hb := sc.hitU[k], sc.hitB[k]
		prev := ""
		if len(sc.toks) > 0 {
			prev = sc.toks[len(sc.toks)-1]
		}
		for i, w := range add {
			if sc.uni[k][w]+tmpU[w] < st.refUni[k][w] {
				hu++
			}
			tmpU[w]++
			if i > 0 || prev != "" {
				p := prev
				if i > 0 {
					p = add[i-1]
				}
				g := p + " " + w
				if sc.bi[k][g]+tmpB[g] < st.refBi[k][g] {
					hb++
				}
				tmpB[g]++
			}
		}
		total += f1(hu, n, st.refLen[k]) + f1(hb, n-1, max(st.refLen[k]-1, 0))
		if commit {
			for w, c := range tmpU {
				sc.uni[k][w] += c
			}
			for g, c := range tmpB {
				sc.bi[k][g] += c
			}
			sc.hitU[k], sc.hitB[k] = hu, hb
		}
	}
	if commit {
		sc.toks = append(sc.toks, add...)
	}
	return total / float64(len(st.refUni))
}

// Oracle greedily adds the sentence that most raises mean ROUGE-1 + ROUGE-2
// F1 against the references, until nothing raises it or maxWords is
// reached. It needs the references, so it is an upper-bound reference
// point, not a summarizer.
func Oracle(tk *rouge.Tokenizer, docs []summarize.Document, refs []rouge.Text, maxWords int) []summarize.Pick {
	picks, _ := oracle(tk, docs, refs, maxWords, false)
	return picks
}

// oracle is Oracle; with extend it goes on past the point where nothing
// raises the score, adding the sentence that lowers it least, until
// maxWords, and also returns how many picks came before that point.
func oracle(tk *rouge.Tokenizer, docs []summarize.Document, refs []rouge.Text, maxWords int, extend bool) ([]summarize.Pick, int) {
	type cand struct {
		doc, sent, words int
		toks             []string
	}
	var cands []cand
	for d, doc := range docs {
		for i, s := range doc.Sentences {
			s = s[summarize.DebrisPrefix(s):] // the text Render shows
			t := tk.Tokens(s)
			if len(t) == 0 {
				continue
			}
			cands = append(cands, cand{d, i, summarize.WordCount(s), t})
		}
	}
	st := newOracleState(refs)
	sc := st.start()
	tmpU, tmpB := map[string]int{}, map[string]int{}
	used := make([]bool, len(cands))
	var picks []summarize.Pick
	curVal, words := 0.0, 0
	rising := -1 // picks before the score stopped rising
	fit := func(c cand) []string {
		if over := words + c.words - maxWords; over > 0 {
			// Only the part that fits counts.
			return c.toks[:len(c.toks)*(c.words-over)/c.words]
		}
		return c.toks
	}
	for words < maxWords {
		best, bestVal := -1, curVal
		if extend && rising >= 0 {
			bestVal = math.Inf(-1)
		}
		for i, c := range cands {
			if used[i] {
				continue
			}
			if v := st.gain(sc, fit(c), false, tmpU, tmpB); v > bestVal {
				best, bestVal = i, v
			}
		}
		if best < 0 && extend && rising < 0 {
			rising = len(picks)
			continue
		}
		if best < 0 {
			break
		}
		used[best] = true
		c := cands[best]
		st.gain(sc, fit(c), true, tmpU, tmpB)
		curVal = bestVal
		words += c.words
		picks = append(picks, summarize.Pick{Doc: c.doc, Sent: c.sent, Score: bestVal})
	}
	if rising < 0 {
		rising = len(picks)
	}
	return picks, rising
}
