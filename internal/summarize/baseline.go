package summarize

import (
	"math"
	"sort"
)

// A System is any summarizer with the Summarize signature; the baselines
// below share it so evaluation treats every system alike.
type System func(docs []Document, opts Options) []Pick

// plain has no word statistics: baselines weigh words by their inverse
// frequency over the cluster's own sentences.
var plain = &Model{}

// Lead takes the first sentence of every document, then the second of
// every document, and so on (lead round-robin), until MaxWords.
func Lead(docs []Document, opts Options) []Pick {
	c := newCluster(docs, plain)
	defer c.buf.release()
	byDoc := make([][]int, len(docs))
	for i, s := range c.sents {
		byDoc[s.doc] = append(byDoc[s.doc], i)
	}
	var order []int
	for k := 0; ; k++ {
		added := false
		for d := range byDoc {
			if k < len(byDoc[d]) {
				order = append(order, byDoc[d][k])
				added = true
			}
		}
		if !added {
			break
		}
	}
	scores := make([]float64, len(c.sents))
	for r, i := range order {
		scores[i] = -float64(r)
	}
	return c.fill(scores, opts.maxWords())
}

// Centroid scores each sentence by the cosine of its tf-idf vector with the
// cluster centroid (Radev et al. 2004, without position terms).
func Centroid(docs []Document, opts Options) []Pick {
	c := newCluster(docs, plain)
	defer c.buf.release()
	if len(c.sents) == 0 {
		return nil
	}
	return c.fill(centrality(c), opts.maxWords())
}

// centrality is the cosine of each sentence's tf-idf vector with the
// cluster centroid.
func centrality(c *cluster) []float64 {
	cent := make([]float64, len(c.stems))
	for _, s := range c.sents {
		for _, x := range s.vec {
			cent[x.id] += x.w
		}
	}
	norm := 0.0
	for _, v := range cent {
		norm += v * v
	}
	norm = math.Sqrt(norm)
	scores := make([]float64, len(c.sents))
	for i, s := range c.sents {
		dot := 0.0
		for _, x := range s.vec {
			dot += x.w * cent[x.id]
		}
		if s.norm > 0 && norm > 0 {
			scores[i] = dot / (s.norm * norm)
		}
	}
	return scores
}

// TextRank ranks sentences by PageRank over the word-overlap graph of
// Mihalcea and Tarau (2004): similarity = shared words /
// (log |Si| + log |Sj|).
func TextRank(docs []Document, opts Options) []Pick {
	c := newCluster(docs, plain)
	defer c.buf.release()
	n := len(c.sents)
	if n == 0 {
		return nil
	}
	sets := make([]map[int32]bool, n)
	for i, s := range c.sents {
		sets[i] = make(map[int32]bool, len(s.content))
		for _, id := range s.content {
			sets[i][id] = true
		}
	}
	w := make([][]float64, n)
	for i := range w {
		w[i] = make([]float64, n)
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			a, b := sets[i], sets[j]
			if len(a) < 2 || len(b) < 2 {
				continue
			}
			if len(b) < len(a) {
				a, b = b, a
			}
			shared := 0
			for id := range a {
				if b[id] {
					shared++
				}
			}
			if shared > 0 {
				v := float64(shared) / (math.Log(float64(len(sets[i]))) + math.Log(float64(len(sets[j]))))
				w[i][j], w[j][i] = v, v
			}
		}
	}
	return c.fill(pageRank(w, 0.85), opts.maxWords())
}

// LexRank ranks sentences by PageRank over the tf-idf cosine graph
// (continuous LexRank, Erkan and Radev 2004), edges below 0.1 dropped.
func LexRank(docs []Document, opts Options) []Pick {
	c := newCluster(docs, plain)
	defer c.buf.release()
	if len(c.sents) == 0 {
		return nil
	}
	return c.fill(lexRankScores(c), opts.maxWords())
}

func lexRankScores(c *cluster) []float64 {
	n := len(c.sents)
	w := make([][]float64, n)
	for i := range n {
		w[i] = make([]float64, n)
		for j := range n {
			if i == j {
				continue
			}
			if v := cosine(&c.sents[i], &c.sents[j]); v >= 0.1 {
				w[i][j] = v
			}
		}
	}
	return pageRank(w, 0.85)
}

// pageRank runs weighted PageRank (at most 100 iterations, stopping when
// the scores move less than 1e-7 in total).
func pageRank(w [][]float64, d float64) []float64 {
	n := len(w)
	// in[i] lists (j, w[j][i]/out[j]) for the edges into i.
	type edge struct {
		j int
		w float64
	}
	in := make([][]edge, n)
	for j := range n {
		out := 0.0
		for _, v := range w[j] {
			out += v
		}
		if out == 0 {
			continue
		}
		for i, v := range w[j] {
			if v > 0 {
				in[i] = append(in[i], edge{j, v / out})
			}
		}
	}
	r := make([]float64, n)
	for i := range r {
		r[i] = 1 / float64(n)
	}
	next := make([]float64, n)
	for range 100 {
		delta := 0.0
		for i := range n {
			s := 0.0
			for _, e := range in[i] {
				s += e.w * r[e.j]
			}
			next[i] = (1-d)/float64(n) + d*s
			delta += math.Abs(next[i] - r[i])
		}
		r, next = next, r
		if delta < 1e-7 {
			break
		}
	}
	return r
}

// fill takes sentences by descending score until maxWords, skipping
// sentences under 5 tokens and near-copies (cosine > 0.8) of taken ones.
func (c *cluster) fill(scores []float64, maxWords int) []Pick {
	order := make([]int, len(c.sents))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return scores[order[a]] > scores[order[b]] })
	var picks []Pick
	var taken []int
	words := 0
	for _, i := range order {
		if words >= maxWords {
			break
		}
		s := &c.sents[i]
		if len(s.toks) < 5 {
			continue
		}
		dup := false
		for _, j := range taken {
			if cosine(s, &c.sents[j]) > 0.8 {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		taken = append(taken, i)
		picks = append(picks, Pick{Doc: s.doc, Sent: s.idx, Score: scores[i]})
		words += s.words
	}
	return picks
}
