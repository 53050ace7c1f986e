package summarize

import (
	"math"
	"sort"
	"sync"
)

// PairModel estimates, for every token pair (two consecutive ROUGE tokens)
// found in a cluster's sources, the probability that the reference summary
// contains it: ROUGE-2 counts exactly these matches. It is a generalized
// additive logistic model: each pair feature (see pairFeatureNames) is cut
// into bins with one weight each, plus one weight per combination of the
// reference-prior bin and the document-frequency bin. It is trained on the
// Multi-News train split (TrainPairModel) and feeds sentence features (the
// expected number of reference pairs a sentence holds).
type PairModel struct {
	Cuts  [][]float64 `json:"cuts"`  // per feature, bin edges (bin = number of cuts < x)
	W     [][]float64 `json:"w"`     // per feature, a weight per bin
	Cross []float64   `json:"cross"` // prior bin x df bin
	Bias  float64     `json:"bias"`

	priorOnce sync.Once
	priorBins [256]int32 // pfPrior bin per prior byte
}

// Pair features.
const (
	pfPrior     = iota // reference prior of the pair (-1: unseen in training)
	pfDfShare          // share of the cluster's documents holding the pair
	pfDf               // number of documents holding it
	pfCount            // occurrences per document
	pfFirst            // earliest sentence index it occurs at
	pfStop             // 0 no stop word, 1 first, 2 second, 3 both
	pfMinPrior         // smaller of the two words' priors
	pfMaxPrior         // larger of the two words' priors
	pfMaxIdf           // larger of the two words' idf
	pfDocs             // documents in the cluster
	pfLeadDf           // share of documents holding it in their first three sentences
	pfMinWordDf        // smaller share of documents holding one of the two words
	pfDigit            // whether a word has a digit
	numPairFeatures
)

// NumPairFeatures is the length of a pair's raw feature vector.
const NumPairFeatures = numPairFeatures

var pairFeatureNames = []string{"prior", "df_share", "df", "count", "first", "stop", "min_prior", "max_prior", "max_idf", "docs", "lead_df", "min_word_df", "digit"}

func (pm *PairModel) ok() bool {
	return pm != nil && len(pm.Cuts) == numPairFeatures && len(pm.W) == numPairFeatures &&
		len(pm.Cross) == (len(pm.Cuts[pfPrior])+1)*(len(pm.Cuts[pfDfShare])+1) && pm.check()
}

func (pm *PairModel) check() bool {
	for f := range pm.Cuts {
		if len(pm.W[f]) != len(pm.Cuts[f])+1 {
			return false
		}
	}
	return true
}

// bins writes the bin of every feature of x into b.
func (pm *PairModel) bins(x *[numPairFeatures]float64, b *[numPairFeatures]int) {
	for f, v := range x {
		b[f] = binOf(pm.Cuts[f], v)
	}
}

func (pm *PairModel) logit(b *[numPairFeatures]int) float64 {
	z := pm.Bias
	for f, k := range b {
		z += pm.W[f][k]
	}
	return z + pm.Cross[b[pfPrior]*(len(pm.Cuts[pfDfShare])+1)+b[pfDfShare]]
}

// Prob returns the model's probability for a pair's raw features.
func (pm *PairModel) Prob(x [numPairFeatures]float64) float64 { return pm.prob(&x) }

func (pm *PairModel) prob(x *[numPairFeatures]float64) float64 {
	var b [numPairFeatures]int
	pm.bins(x, &b)
	return 1 / (1 + math.Exp(-pm.logit(&b)))
}

// pairStats holds per cluster pair id what the pair features need.
type pairStats struct {
	count  []int32 // occurrences
	first  []int32 // earliest sentence index
	leadDf []int32 // documents holding it in their first three sentences
}

// pairFeatures computes the raw features of cluster pair pid.
func (c *cluster) pairFeatures(pid int32, bdf []int32, ps *pairStats, hash uint64, x *[numPairFeatures]float64) {
	nd := float64(len(c.docs))
	a, b := c.pairs[pid][0], c.pairs[pid][1]
	p, known := c.m.bigramPriorHash(hash)
	if !known {
		p = -1
	}
	x[pfPrior] = p
	x[pfDfShare] = float64(bdf[pid]) / nd
	x[pfDf] = float64(min(bdf[pid], 10))
	x[pfCount] = float64(ps.count[pid]) / nd
	x[pfFirst] = float64(min(ps.first[pid], 20))
	st := 0
	if c.stop[a] {
		st++
	}
	if c.stop[b] {
		st += 2
	}
	x[pfStop] = float64(st)
	pa, pb := c.priors[a], c.priors[b]
	x[pfMinPrior], x[pfMaxPrior] = min(pa, pb), max(pa, pb)
	x[pfMaxIdf] = max(c.idfs[a], c.idfs[b])
	x[pfDocs] = nd
	x[pfLeadDf] = float64(ps.leadDf[pid]) / nd
	x[pfMinWordDf] = float64(min(c.df[a], c.df[b])) / nd
	x[pfDigit] = b2f(hasDigit(c.stems[a]) || hasDigit(c.stems[b]))
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// collectPairStats counts each pair's occurrences and earliest position.
func (c *cluster) collectPairStats() *pairStats {
	np := len(c.pairs)
	ps := &pairStats{count: c.buf.i32.take(np), first: c.buf.i32.take(np), leadDf: c.buf.i32.take(np)}
	last := c.buf.i32.take(np)
	for i := range ps.first {
		ps.first[i] = math.MaxInt32
		last[i] = -1
	}
	for i := range c.sents {
		s := &c.sents[i]
		for _, p := range s.pairs {
			ps.count[p]++
			ps.first[p] = min(ps.first[p], int32(s.idx))
			if s.idx < 3 && last[p] != int32(s.doc) {
				last[p] = int32(s.doc)
				ps.leadDf[p]++
			}
		}
	}
	return ps
}

// PairExample is one distinct token pair of a training cluster: its two
// stems and raw features.
type PairExample struct {
	A, B string
	X    [numPairFeatures]float64
}

// PairExamples returns the distinct token pairs of docs with their raw
// features under model m (training uses it with cross-fitted statistics).
func PairExamples(docs []Document, m *Model) []PairExample {
	c := newCluster(docs, m)
	defer c.buf.release()
	if len(c.sents) == 0 {
		return nil
	}
	bdf, hashes, _ := c.pairDocFreq()
	ps := c.collectPairStats()
	var out []PairExample
	seen := make([]bool, len(c.pairs))
	for i := range c.sents {
		for _, p := range c.sents[i].pairs {
			if seen[p] {
				continue
			}
			seen[p] = true
			e := PairExample{A: c.stems[c.pairs[p][0]], B: c.stems[c.pairs[p][1]]}
			c.pairFeatures(p, bdf, ps, hashes[p], &e.X)
			out = append(out, e)
		}
	}
	return out
}

// TrainPairModel fits a PairModel to examples x with outcomes y (whether
// the reference holds the pair) by cyclic Newton steps on the logistic
// loss, one feature's bin weights at a time, with L2 shrinkage l2. Bin
// edges are quantiles of the data (at most maxBins bins per feature). It
// is deterministic.
func TrainPairModel(x [][numPairFeatures]float64, y []bool, maxBins, rounds int, l2 float64) *PairModel {
	n := len(x)
	pm := &PairModel{Cuts: make([][]float64, numPairFeatures), W: make([][]float64, numPairFeatures)}
	if n == 0 {
		pm.Cross = []float64{0}
		for f := range pm.W {
			pm.W[f] = []float64{0}
		}
		return pm
	}
	col := make([]float64, n)
	for f := range numPairFeatures {
		for i := range x {
			col[i] = x[i][f]
		}
		sort.Float64s(col)
		cuts := quantileCuts(col, maxBins, func(v float64) float64 { return float64(float32(v)) })
		pm.Cuts[f] = cuts
		pm.W[f] = make([]float64, len(cuts)+1)
	}
	nDf := len(pm.Cuts[pfDfShare]) + 1
	pm.Cross = make([]float64, (len(pm.Cuts[pfPrior])+1)*nDf)
	bins := make([][numPairFeatures]int, n)
	pos := 0
	for i := range x {
		pm.bins(&x[i], &bins[i])
		if y[i] {
			pos++
		}
	}
	rate := float64(pos+1) / float64(n+2)
	pm.Bias = math.Log(rate / (1 - rate))
	z := make([]float64, n)
	for i := range z {
		z[i] = pm.Bias
	}
	// update takes one Newton step on the weights w, indexed per row by key.
	update := func(w []float64, key func(i int) int) {
		g := make([]float64, len(w))
		h := make([]float64, len(w))
		for i := range n {
			p := 1 / (1 + math.Exp(-z[i]))
			k := key(i)
			t := 0.0
			if y[i] {
				t = 1
			}
			g[k] += t - p
			h[k] += p * (1 - p)
		}
		for k := range w {
			d := (g[k] - l2*w[k]) / (h[k] + l2)
			w[k] += d
			g[k] = d
		}
		for i := range n {
			z[i] += g[key(i)]
		}
	}
	for range rounds {
		for f := range numPairFeatures {
			update(pm.W[f], func(i int) int { return bins[i][f] })
		}
		update(pm.Cross, func(i int) int { return bins[i][pfPrior]*nDf + bins[i][pfDfShare] })
	}
	for f := range pm.W {
		for k := range pm.W[f] {
			pm.W[f][k] = float64(float32(pm.W[f][k]))
		}
	}
	for k := range pm.Cross {
		pm.Cross[k] = float64(float32(pm.Cross[k]))
	}
	return pm
}

// pairDocFreq returns each cluster pair's number of documents, its
// pairHash64 value and its byte in the model's token-pair table (see
// Model.bigramByteHash; read once per pair here, not once per token of
// every sentence: the table is 2 MB, so most reads miss the cache).
func (c *cluster) pairDocFreq() ([]int32, []uint64, []byte) {
	np := len(c.pairs)
	bdf := c.buf.i32.take(np)
	blast := c.buf.i32.take(np)
	for i := range blast {
		blast[i] = -1
	}
	pairHash := c.buf.u64.take(np)
	pairQ := c.buf.u8.room(np)[:np]
	hashed := c.buf.b.take(np)
	after := c.buf.u64.take(len(c.stems))
	for id, st := range c.stems {
		h := uint64(fnvOffset)
		for i := 0; i < len(st); i++ {
			h = (h ^ uint64(st[i])) * fnvPrime
		}
		after[id] = (h ^ ' ') * fnvPrime
	}
	for i := range c.sents {
		s := &c.sents[i]
		for _, p := range s.pairs {
			if !hashed[p] {
				hashed[p] = true
				h, b := after[c.pairs[p][0]], c.stems[c.pairs[p][1]]
				for k := 0; k < len(b); k++ {
					h = (h ^ uint64(b[k])) * fnvPrime
				}
				pairHash[p] = h
			}
			if blast[p] != int32(s.doc) {
				blast[p] = int32(s.doc)
				bdf[p]++
			}
		}
	}
	// The table reads, which mostly miss the cache, in a loop of their
	// own: independent of each other and only a few instructions apart,
	// they overlap in the processor instead of one per pair above.
	for p, h := range pairHash {
		if hashed[p] {
			pairQ[p] = c.m.bigramByteHash(h)
		}
	}
	return bdf, pairHash, pairQ
}

// binOf is the number of cuts below v: the bin PairModel.bins gives.
func binOf(cuts []float64, v float64) int {
	k := 0
	for k < len(cuts) && cuts[k] < v {
		k++
	}
	return k
}

// pairBinner gives the bins of a cluster's pair features (those of
// pairFeatures' values under pm.bins) from tables per cluster, per word and
// per small count, so that each pair costs a few lookups. Bins are
// non-decreasing in the value, so the bin of the smaller (larger) of two
// words' values is the smaller (larger) of their bins.
type pairBinner struct {
	c                    *cluster
	pm                   *PairModel
	ps                   *pairStats
	bdf                  []int32
	dfShare, leadDf, wdf []int32 // per number of documents 0..nd
	df                   [11]int32
	count                [32]int32 // per number of occurrences below 32
	first                [21]int32
	stop                 [4]int32
	digit                [2]int32
	docs                 int32
	word                 [][3]int32 // per word: min-prior, max-prior and max-idf bins; -1: not yet
	// The pair model's bin weights in one array: feature f's weights
	// start at w[off[f]] (PairModel.logit reads them from pm.W[f]).
	w         []float64
	off       [numPairFeatures]int
	nDf       int    // bins of pfDfShare: the stride of pm.Cross
	wordDigit []int8 // per word: 1 digit, 0 none, -1 not yet
}

func (c *cluster) newPairBinner(pm *PairModel, ps *pairStats, bdf []int32) *pairBinner {
	nd := len(c.docs)
	b := &pairBinner{c: c, pm: pm, ps: ps, bdf: bdf}
	b.dfShare = c.buf.i32.room(nd + 1)[:nd+1]
	b.leadDf = c.buf.i32.room(nd + 1)[:nd+1]
	b.wdf = c.buf.i32.room(nd + 1)[:nd+1]
	for k := range nd + 1 {
		v := float64(k) / float64(nd)
		b.dfShare[k] = int32(binOf(pm.Cuts[pfDfShare], v))
		b.leadDf[k] = int32(binOf(pm.Cuts[pfLeadDf], v))
		b.wdf[k] = int32(binOf(pm.Cuts[pfMinWordDf], v))
	}
	for k := range b.df {
		b.df[k] = int32(binOf(pm.Cuts[pfDf], float64(k)))
	}
	for k := range b.count {
		b.count[k] = int32(binOf(pm.Cuts[pfCount], float64(k)/float64(nd)))
	}
	for k := range b.first {
		b.first[k] = int32(binOf(pm.Cuts[pfFirst], float64(k)))
	}
	for k := range b.stop {
		b.stop[k] = int32(binOf(pm.Cuts[pfStop], float64(k)))
	}
	for k := range b.digit {
		b.digit[k] = int32(binOf(pm.Cuts[pfDigit], float64(k)))
	}
	b.docs = int32(binOf(pm.Cuts[pfDocs], float64(nd)))
	b.nDf = len(pm.Cuts[pfDfShare]) + 1
	pm.priorBin(0) // fills pm.priorBins, which bins reads
	nw := 0
	for f := range pm.W {
		nw += len(pm.W[f])
	}
	b.w = c.buf.f64.room(nw)
	for f := range pm.W {
		b.off[f] = len(b.w)
		b.w = append(b.w, pm.W[f]...)
	}
	if c.wordBins != nil && c.m.Pairs == pm {
		// Filled by newCluster from the lexicon.
		b.word, b.wordDigit = c.wordBins, c.wordDigit
		return b
	}
	b.word = c.buf.w3.room(len(c.stems))[:len(c.stems)]
	for i := range b.word {
		b.word[i][0] = -1
	}
	b.wordDigit = c.buf.i8.room(len(c.stems))[:len(c.stems)]
	for i := range b.wordDigit {
		b.wordDigit[i] = -1
	}
	return b
}

func (b *pairBinner) wordBins(id int32) *[3]int32 {
	w := &b.word[id]
	if w[0] < 0 {
		p := b.c.priors[id]
		w[0] = int32(binOf(b.pm.Cuts[pfMinPrior], p))
		w[1] = int32(binOf(b.pm.Cuts[pfMaxPrior], p))
		w[2] = int32(binOf(b.pm.Cuts[pfMaxIdf], b.c.idfs[id]))
		d := int8(0)
		if hasDigit(b.c.stems[id]) {
			d = 1
		}
		b.wordDigit[id] = d
	}
	return w
}

// bins writes the bins of pair pid, whose prior byte (see
// Model.bigramByteHash) is q.
func (b *pairBinner) bins(pid int32, q byte, out *[numPairFeatures]int) {
	c, ps, pm := b.c, b.ps, b.pm
	nd := len(c.docs)
	a, z := c.pairs[pid][0], c.pairs[pid][1]
	out[pfPrior] = int(pm.priorBins[q])
	d := b.bdf[pid]
	out[pfDfShare] = int(b.dfShare[d])
	out[pfDf] = int(b.df[min(d, 10)])
	if k := ps.count[pid]; k < int32(len(b.count)) {
		out[pfCount] = int(b.count[k])
	} else {
		out[pfCount] = binOf(pm.Cuts[pfCount], float64(k)/float64(nd))
	}
	out[pfFirst] = int(b.first[min(ps.first[pid], 20)])
	st := 0
	if c.stop[a] {
		st++
	}
	if c.stop[z] {
		st += 2
	}
	out[pfStop] = int(b.stop[st])
	wa, wz := b.wordBins(a), b.wordBins(z)
	out[pfMinPrior] = int(min(wa[0], wz[0]))
	out[pfMaxPrior] = int(max(wa[1], wz[1]))
	out[pfMaxIdf] = int(max(wa[2], wz[2]))
	out[pfDocs] = int(b.docs)
	out[pfLeadDf] = int(b.leadDf[ps.leadDf[pid]])
	out[pfMinWordDf] = int(b.wdf[min(c.df[a], c.df[z])])
	out[pfDigit] = int(b.digit[max(b.wordDigit[a], b.wordDigit[z])])
}

// logit is pm.logit(k), from the weights in one array: the same sum in
// the same order.
func (b *pairBinner) logit(k *[numPairFeatures]int) float64 {
	// Written out: the loop over the features cost about twice as many
	// instructions (one logit per distinct token pair of every cluster).
	w, off := b.w, &b.off
	z := b.pm.Bias
	z += w[off[0]+k[0]]
	z += w[off[1]+k[1]]
	z += w[off[2]+k[2]]
	z += w[off[3]+k[3]]
	z += w[off[4]+k[4]]
	z += w[off[5]+k[5]]
	z += w[off[6]+k[6]]
	z += w[off[7]+k[7]]
	z += w[off[8]+k[8]]
	z += w[off[9]+k[9]]
	z += w[off[10]+k[10]]
	z += w[off[11]+k[11]]
	z += w[off[12]+k[12]]
	return z + b.pm.Cross[k[pfPrior]*b.nDf+k[pfDfShare]]
}

// The written-out sum above covers exactly the pair features.
var _ [numPairFeatures - 13]struct{}
var _ [13 - numPairFeatures]struct{}

// priorBin is the pfPrior bin of a token-pair prior byte (255: unseen).
func (pm *PairModel) priorBin(q byte) int32 {
	pm.priorOnce.Do(func() {
		for k := range pm.priorBins {
			v := -1.0
			if k != 255 {
				v = float64(k) / 254
			}
			pm.priorBins[k] = int32(binOf(pm.Cuts[pfPrior], v))
		}
	})
	return pm.priorBins[q]
}
