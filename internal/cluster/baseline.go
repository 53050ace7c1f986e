package cluster

import (
	"math"
	"slices"
)

// Baseline is the in-project reference: single-pass online clustering with
// sublinear tf-idf vectors (the same tokens, stems and IDF table as Online,
// but no title/proper-noun weighting, no truncation, no near-duplicate step,
// no time window) compared exactly against every story centroid that shares
// a term. Its cost per article grows with the number of stories.
type Baseline struct {
	threshold float64
	df        *DFTable
	st        *stemmer
	toks      []token
	stories   []map[termID]float64
	norms     []float64
	postings  map[termID][]int32
	seen      []int32 // scratch: stamp per story
	stamp     int32
	// Candidates counts the stories scored, summed over all articles.
	Candidates int64
}

// NewBaseline returns an empty baseline clusterer; df nil means the
// embedded table.
func NewBaseline(threshold float64, df *DFTable) (*Baseline, error) {
	if df == nil {
		var err error
		if df, err = DefaultDF(); err != nil {
			return nil, err
		}
	}
	return &Baseline{threshold: threshold, df: df, st: newStemmer(1 << 18), postings: make(map[termID][]int32)}, nil
}

// Add clusters one article and returns its story number.
func (b *Baseline) Add(in Input) int {
	tf := make(map[termID]float64)
	for _, text := range []string{in.Title, in.Text} {
		b.toks = tokenize(text, b.toks[:0])
		for _, tk := range b.toks {
			if !isStop(tk.lower) {
				tf[termHash(b.st.stem(tk.lower))]++
			}
		}
	}
	var n2 float64
	for t, c := range tf {
		w := (1 + math.Log(c)) * float64(b.df.idf(t))
		tf[t] = w
		n2 += w * w
	}
	if n2 > 0 {
		inv := 1 / math.Sqrt(n2)
		for t := range tf {
			tf[t] *= inv
		}
	}
	terms := make([]termID, 0, len(tf))
	for t := range tf {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	b.stamp++
	best, bestSim := int32(-1), 0.0
	for _, t := range terms {
		for _, s := range b.postings[t] {
			if b.seen[s] == b.stamp {
				continue
			}
			b.seen[s] = b.stamp
			b.Candidates++
			c := b.stories[s]
			var d float64
			for _, u := range terms {
				d += tf[u] * c[u]
			}
			sim := d / b.norms[s]
			if sim > bestSim || (sim == bestSim && best >= 0 && s < best) {
				best, bestSim = s, sim
			}
		}
	}
	if best < 0 || bestSim < b.threshold {
		best = int32(len(b.stories))
		b.stories = append(b.stories, make(map[termID]float64, len(tf)))
		b.norms = append(b.norms, 0)
		b.seen = append(b.seen, 0)
	}
	c := b.stories[best]
	for _, t := range terms {
		if _, ok := c[t]; !ok {
			b.postings[t] = append(b.postings[t], best)
		}
		c[t] += tf[t]
	}
	var s2 float64
	for _, w := range c {
		s2 += w * w
	}
	b.norms[best] = math.Sqrt(s2)
	return int(best)
}
