package sumeval

import (
	"fmt"
	"math"

	"github.com/chorusnews/chorus/internal/summarize"
)

// NeuralOptions configure the learnt sentence scorer behind the nn
// features (Dim 0: none).
type NeuralOptions struct {
	Bits, Dim, Hidden, Epochs int
	Rate, NetRate             float64
	Seed                      uint64
	// Center trains on labels minus their cluster's mean (the features
	// are used within clusters: ranks, and the trees next to
	// cluster-level features).
	Center bool
	// Listwise: see summarize.NeuralParams.
	Listwise bool
}

// neuralData gathers the training clusters i with in(i) for the neural
// scorer, its buckets derived from the lexical ones.
func neuralData(labs []labels, in func(i int) bool, lexBits, bits int, center bool) []summarize.NeuralCluster {
	var out []summarize.NeuralCluster
	for i := range labs {
		if !in(i) || len(labs[i].y) == 0 {
			continue
		}
		nc := neuralCluster(&labs[i], lexBits, bits)
		if center {
			nc.Y = centered(nc.Y)
		}
		out = append(out, nc)
	}
	return out
}

func neuralCluster(l *labels, lexBits, bits int) summarize.NeuralCluster {
	nc := summarize.NeuralCluster{Y: l.y, Buckets: make([][]uint32, len(l.y))}
	for _, p := range summarize.Kept(l.docs) {
		nc.Doc = append(nc.Doc, p.Doc)
		nc.Pos = append(nc.Pos, p.Sent)
	}
	for k, bs := range l.buckets {
		nc.Buckets[k] = summarize.ShiftBuckets(nil, bs, lexBits, bits)
	}
	return nc
}

// trainNeural fits the scorer on the clusters i with in(i) and, when some
// clusters are left out, reports its squared error and within-cluster
// rank correlation on them beside the lexical model's.
func trainNeural(labs []labels, in func(i int) bool, lex *summarize.Lexical, o TrainOptions) (*summarize.Neural, string, error) {
	no := o.Neural
	nm, err := summarize.TrainNeural(neuralData(labs, in, o.LexicalBits, no.Bits, no.Center), summarize.NeuralParams{
		Bits: no.Bits, Dim: no.Dim, Hidden: no.Hidden, Epochs: no.Epochs, Rate: no.Rate, NetRate: no.NetRate, Seed: no.Seed, Listwise: no.Listwise,
	})
	if err != nil {
		return nil, "", err
	}
	var seN, seL, corN, corL float64
	n, nc := 0, 0
	var scores, lx []float64
	for i := range labs {
		if in(i) || len(labs[i].y) == 0 {
			continue
		}
		c := neuralCluster(&labs[i], o.LexicalBits, no.Bits)
		scores = nm.Score(scores, c.Buckets, c.Doc, c.Pos)
		lx = lx[:0]
		for k, y := range c.Y {
			lx = append(lx, lex.Score(labs[i].buckets[k]))
			seN += (scores[k] - y) * (scores[k] - y)
			seL += (lx[k] - y) * (lx[k] - y)
			n++
		}
		if len(c.Y) > 2 {
			corN += pearson(scores, c.Y)
			corL += pearson(lx, c.Y)
			nc++
		}
	}
	if n == 0 {
		return nm, "", nil
	}
	return nm, fmt.Sprintf("neural scorer on %d left-out sentences: mse %.5f (lexical %.5f), mean within-cluster correlation %.4f (lexical %.4f)",
		n, seN/float64(n), seL/float64(n), corN/float64(max(nc, 1)), corL/float64(max(nc, 1))), nil
}

func pearson(a, b []float64) float64 {
	n := float64(len(a))
	var ma, mb float64
	for i := range a {
		ma += a[i]
		mb += b[i]
	}
	ma /= n
	mb /= n
	var sab, saa, sbb float64
	for i := range a {
		sab += (a[i] - ma) * (b[i] - mb)
		saa += (a[i] - ma) * (a[i] - ma)
		sbb += (b[i] - mb) * (b[i] - mb)
	}
	if saa == 0 || sbb == 0 {
		return 0
	}
	return sab / math.Sqrt(saa*sbb)
}

func centered(y []float64) []float64 {
	mean := 0.0
	for _, v := range y {
		mean += v
	}
	mean /= float64(max(len(y), 1))
	out := make([]float64, len(y))
	for i, v := range y {
		out[i] = v - mean
	}
	return out
}
