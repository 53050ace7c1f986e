package summarize

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Neural is a small learnt sentence scorer in the manner of fastText: a
// sentence is the sum of hashed embeddings of its tokens and token pairs
// (the buckets of LexicalBuckets at Bits bits) divided by the square root
// of their number; its cluster, its document and the cluster's leads are
// the means of the vectors of their sentences (the leads: each document's
// first sentence). A one-hidden-layer network (ReLU) reads
// [s, s*c, s*d, c, s*l, five scalars] (s the sentence, c the cluster, d the
// document, l the leads; * is element-wise; the scalars: first sentence,
// position, number of documents, number of buckets, document length) and
// predicts the training label. The embeddings are int8
// with one scale; the network's weights are float32. Hand-written: no Go
// library for this exists in the project's dependencies.
type Neural struct {
	Bits   int       `json:"bits"`
	Dim    int       `json:"dim"`
	Hidden int       `json:"hidden"`
	Scale  float64   `json:"scale"` // of the int8 embeddings
	E      []byte    `json:"e"`     // (1<<Bits) x Dim int8, two's complement, row-major
	W1     []float32 `json:"w1"`    // Hidden x (5*Dim+5), row-major
	B1     []float32 `json:"b1"`    // Hidden
	W2     []float32 `json:"w2"`    // Hidden
	B2     float64   `json:"b2"`
}

// check reports what is inconsistent in a decoded model.
func (n *Neural) check() error {
	switch {
	case n == nil:
		return nil
	case n.Bits < 8 || n.Bits > 24:
		return fmt.Errorf("neural model: %d bits, want 8..24", n.Bits)
	case n.Dim < 1 || n.Dim > 256 || n.Hidden < 1 || n.Hidden > 1024:
		return fmt.Errorf("neural model: dimension %d and hidden size %d, want 1..256 and 1..1024", n.Dim, n.Hidden)
	case len(n.E) != n.Dim<<n.Bits:
		return fmt.Errorf("neural model: embedding table of %d bytes, want %d (2^%d x %d)", len(n.E), n.Dim<<n.Bits, n.Bits, n.Dim)
	case len(n.W1) != n.Hidden*neuralInputs(n.Dim) || len(n.B1) != n.Hidden || len(n.W2) != n.Hidden:
		return fmt.Errorf("neural model: layer sizes %d, %d, %d do not match hidden size %d and dimension %d", len(n.W1), len(n.B1), len(n.W2), n.Hidden, n.Dim)
	case math.IsNaN(n.Scale) || math.IsInf(n.Scale, 0) || n.Scale < 0 || math.IsNaN(n.B2) || math.IsInf(n.B2, 0):
		return fmt.Errorf("neural model: scale %g or bias %g not finite", n.Scale, n.B2)
	}
	for _, ws := range [][]float32{n.W1, n.B1, n.W2} {
		for _, w := range ws {
			if math.IsNaN(float64(w)) || math.IsInf(float64(w), 0) {
				return fmt.Errorf("neural model: weight %g not finite", w)
			}
		}
	}
	return nil
}

// ok is the structural part of check, cheap enough for every cluster
// (ParseModel runs check in full).
func (n *Neural) ok() bool {
	return n != nil && n.Bits >= 8 && n.Bits <= 24 && n.Dim >= 1 && n.Hidden >= 1 &&
		len(n.E) == n.Dim<<n.Bits && len(n.W1) == n.Hidden*neuralInputs(n.Dim) && len(n.B1) == n.Hidden && len(n.W2) == n.Hidden
}

// NeuralCluster is one cluster's training data: per sentence (in document
// order), its distinct buckets (at the model's bits), its document, its
// index in the document and its label.
type NeuralCluster struct {
	Buckets [][]uint32
	Doc     []int
	Pos     []int
	Y       []float64
}

// neuralScalars is the number of scalar inputs of the network.
const neuralScalars = 5

// neuralInputs is the width of the network's input for dimension D.
func neuralInputs(D int) int { return 5*D + neuralScalars }

// neuralContext holds a cluster's sentence vectors and the means the
// network reads beside them.
type neuralContext struct {
	s, c, d, l []float64 // per sentence, cluster, per document, leads
	nd         []int     // sentences per document
	lead       []bool    // the sentence is its document's first
	nl         int
}

// means turns the sums in c, d and l into means.
func (x *neuralContext) means(n, D int) {
	if n > 0 {
		for k := range x.c {
			x.c[k] /= float64(n)
		}
	}
	if x.nl > 0 {
		for k := range x.l {
			x.l[k] /= float64(x.nl)
		}
	}
	for doc, m := range x.nd {
		if m > 0 {
			for k := range D {
				x.d[doc*D+k] /= float64(m)
			}
		}
	}
}

// input writes sentence i's network input into in.
func (x *neuralContext) input(in []float64, i, D, doc, pos, buckets, nDocs int) {
	s := x.s[i*D : (i+1)*D]
	d := x.d[doc*D : (doc+1)*D]
	for k := range D {
		in[k], in[D+k], in[2*D+k], in[3*D+k], in[4*D+k] = s[k], s[k]*x.c[k], s[k]*d[k], x.c[k], s[k]*x.l[k]
	}
	sc := in[5*D:]
	sc[0] = b2f(pos == 0)
	sc[1] = float64(min(pos, 20)) / 10
	sc[2] = math.Log(float64(1+nDocs)) / 2
	sc[3] = math.Log(float64(1+buckets)) / 4
	sc[4] = float64(min(x.nd[doc], 30)) / 10
}

// NeuralParams size and train a Neural model.
type NeuralParams struct {
	Bits, Dim, Hidden, Epochs int
	// Rate is AdaGrad's step for the embeddings, NetRate for the network.
	Rate, NetRate float64
	Seed          uint64
	// Listwise trains on the cross-entropy between the softmax of the
	// scores within a cluster and the labels (negative ones read as 0)
	// normalised to sum 1, instead of the squared error.
	Listwise bool
}

// ShiftBuckets turns distinct buckets of a larger table (LexicalBuckets at
// from bits) into the distinct buckets at to bits (to <= from), sorted;
// they equal LexicalBuckets at to bits of the same tokens.
func ShiftBuckets(dst, bs []uint32, from, to int) []uint32 {
	start := len(dst)
	for _, b := range bs {
		dst = append(dst, b>>(from-to))
	}
	s := dst[start:]
	slices.Sort(s)
	s = slices.Compact(s)
	return dst[:start+len(s)]
}

// neuralNet is the float64 form of the model while it trains.
type neuralNet struct {
	p         NeuralParams
	e, w1, b1 []float64
	w2        []float64
	b2        float64
	ge, gw1   []float64 // AdaGrad sums of squared gradients
	gb1, gw2  []float64
	gb2       float64
}

// TrainNeural fits a Neural model on clusters by AdaGrad on squared loss,
// one cluster per step (the context vectors pass their gradients on to
// their sentences), visiting the clusters in an order drawn from p.Seed
// for each of p.Epochs epochs. The result is deterministic.
func TrainNeural(clusters []NeuralCluster, p NeuralParams) (*Neural, error) {
	if p.Bits < 8 || p.Bits > 24 || p.Dim < 1 || p.Dim > 256 || p.Hidden < 1 || p.Hidden > 1024 {
		return nil, fmt.Errorf("neural model: bits %d, dimension %d, hidden %d out of range (8..24, 1..256, 1..1024)", p.Bits, p.Dim, p.Hidden)
	}
	if p.Epochs < 1 || !(p.Rate > 0) || !(p.NetRate > 0) {
		return nil, fmt.Errorf("neural model: need epochs >= 1 and positive rates, have %d, %g, %g", p.Epochs, p.Rate, p.NetRate)
	}
	for ci, c := range clusters {
		if len(c.Doc) != len(c.Buckets) || len(c.Pos) != len(c.Buckets) || len(c.Y) != len(c.Buckets) {
			return nil, fmt.Errorf("neural model: training cluster %d has %d sentences but %d documents, %d positions and %d labels", ci, len(c.Buckets), len(c.Doc), len(c.Pos), len(c.Y))
		}
		for i, d := range c.Doc {
			if d < 0 || i > 0 && d < c.Doc[i-1] {
				return nil, fmt.Errorf("neural model: training cluster %d: sentence %d has document %d, not in document order", ci, i, d)
			}
		}
		for _, bs := range c.Buckets {
			for _, b := range bs {
				if b>>p.Bits != 0 {
					return nil, fmt.Errorf("neural model: training cluster %d: bucket %d out of range for %d bits", ci, b, p.Bits)
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(p.Seed, 0x9e3779b97f4a7c15))
	D, H, In := p.Dim, p.Hidden, neuralInputs(p.Dim)
	net := &neuralNet{p: p,
		e: make([]float64, D<<p.Bits), ge: make([]float64, D<<p.Bits),
		w1: make([]float64, H*In), gw1: make([]float64, H*In),
		b1: make([]float64, H), gb1: make([]float64, H),
		w2: make([]float64, H), gw2: make([]float64, H),
	}
	for i := range net.e {
		net.e[i] = (rng.Float64()*2 - 1) * 0.1
	}
	for i := range net.w1 {
		net.w1[i] = rng.NormFloat64() / math.Sqrt(float64(In))
	}
	for i := range net.w2 {
		net.w2[i] = rng.NormFloat64() / math.Sqrt(float64(H)) * 0.1
	}
	mean, cnt := 0.0, 0
	for _, c := range clusters {
		for _, y := range c.Y {
			mean += y
			cnt++
		}
	}
	if cnt > 0 {
		net.b2 = mean / float64(cnt)
	}
	order := make([]int, len(clusters))
	for i := range order {
		order[i] = i
	}
	var ws neuralWork
	for range p.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, ci := range order {
			net.step(&clusters[ci], &ws)
		}
	}
	return net.quantize(), nil
}

// neuralWork holds a cluster's intermediate values while training.
type neuralWork struct {
	ctx          neuralContext
	x, h, gs     []float64 // per sentence: inputs, hidden, gradient of s
	gc, gd, gl   []float64
	out, gx, gh  []float64
	gw1, gw2, gb []float64
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// begin sizes x for a cluster of n sentences in nDocs documents, D wide.
func (x *neuralContext) begin(n, nDocs, D int) {
	x.s, x.c, x.d, x.l = grow(x.s, n*D), grow(x.c, D), grow(x.d, nDocs*D), grow(x.l, D)
	if cap(x.nd) < nDocs {
		x.nd = make([]int, nDocs)
	}
	x.nd = x.nd[:nDocs]
	clear(x.nd)
	if cap(x.lead) < n {
		x.lead = make([]bool, n)
	}
	x.lead = x.lead[:n]
	x.nl = 0
}

// add accumulates sentence i (its vector already in x.s) into the sums.
func (x *neuralContext) add(i, D int, doc []int) {
	s := x.s[i*D : (i+1)*D]
	d := x.d[doc[i]*D : (doc[i]+1)*D]
	x.lead[i] = i == 0 || doc[i] != doc[i-1]
	for k := range s {
		x.c[k] += s[k]
		d[k] += s[k]
	}
	if x.lead[i] {
		for k := range s {
			x.l[k] += s[k]
		}
		x.nl++
	}
	x.nd[doc[i]]++
}

func numDocs(doc []int) int {
	n := 0
	for _, d := range doc {
		n = max(n, d+1)
	}
	return n
}

// forward computes the values of a cluster in float64 (training) form.
func (net *neuralNet) forward(c *NeuralCluster, w *neuralWork) {
	D, H, In := net.p.Dim, net.p.Hidden, neuralInputs(net.p.Dim)
	n := len(c.Buckets)
	nDocs := numDocs(c.Doc)
	x := &w.ctx
	x.begin(n, nDocs, D)
	w.x, w.h, w.out = grow(w.x, n*In), grow(w.h, n*H), grow(w.out, n)
	for i, bs := range c.Buckets {
		s := x.s[i*D : (i+1)*D]
		if len(bs) > 0 {
			for _, b := range bs {
				row := net.e[int(b)*D : int(b+1)*D]
				for k := range s {
					s[k] += row[k]
				}
			}
			inv := 1 / math.Sqrt(float64(len(bs)))
			for k := range s {
				s[k] *= inv
			}
		}
		x.add(i, D, c.Doc)
	}
	x.means(n, D)
	for i := range n {
		in := w.x[i*In : (i+1)*In]
		x.input(in, i, D, c.Doc[i], c.Pos[i], len(c.Buckets[i]), nDocs)
		h := w.h[i*H : (i+1)*H]
		o := net.b2
		for j := range H {
			v := net.b1[j]
			row := net.w1[j*In : (j+1)*In]
			for k, xv := range in {
				v += row[k] * xv
			}
			h[j] = max(v, 0)
			o += net.w2[j] * h[j]
		}
		w.out[i] = o
	}
}

func adagrad(w, g2 *float64, g, rate float64) {
	*g2 += g * g
	*w -= rate * g / (math.Sqrt(*g2) + 1e-8)
}

// step is one AdaGrad update on a cluster.
func (net *neuralNet) step(c *NeuralCluster, w *neuralWork) {
	n := len(c.Buckets)
	if n == 0 {
		return
	}
	net.forward(c, w)
	D, H, In := net.p.Dim, net.p.Hidden, neuralInputs(net.p.Dim)
	x := &w.ctx
	w.gs, w.gc, w.gd, w.gl = grow(w.gs, n*D), grow(w.gc, D), grow(w.gd, len(x.nd)*D), grow(w.gl, D)
	w.gx, w.gh = grow(w.gx, In), grow(w.gh, H)
	w.gw1, w.gw2, w.gb = grow(w.gw1, H*In), grow(w.gw2, H), grow(w.gb, H)
	gx, gh, gw1, gw2, gb1 := w.gx, w.gh, w.gw1, w.gw2, w.gb
	gb2 := 0.0
	if net.p.Listwise {
		// out becomes the gradient: softmax minus target.
		top, sum, ysum := math.Inf(-1), 0.0, 0.0
		for i, o := range w.out {
			top = max(top, o)
			ysum += max(c.Y[i], 0)
		}
		if ysum == 0 {
			return
		}
		for i, o := range w.out {
			w.out[i] = math.Exp(o - top)
			sum += w.out[i]
		}
		for i := range w.out {
			w.out[i] = w.out[i]/sum - max(c.Y[i], 0)/ysum
		}
	} else {
		for i := range w.out {
			w.out[i] = (w.out[i] - c.Y[i]) / float64(n)
		}
	}
	for i := range n {
		g := w.out[i]
		gb2 += g
		h := w.h[i*H : (i+1)*H]
		in := w.x[i*In : (i+1)*In]
		clear(gx)
		for j := range H {
			gw2[j] += g * h[j]
			if h[j] <= 0 {
				gh[j] = 0
				continue
			}
			gh[j] = g * net.w2[j]
			gb1[j] += gh[j]
			row := net.w1[j*In : (j+1)*In]
			grow1 := gw1[j*In : (j+1)*In]
			for k, xv := range in {
				grow1[k] += gh[j] * xv
				gx[k] += gh[j] * row[k]
			}
		}
		s := x.s[i*D : (i+1)*D]
		d := x.d[c.Doc[i]*D : (c.Doc[i]+1)*D]
		gs := w.gs[i*D : (i+1)*D]
		gd := w.gd[c.Doc[i]*D : (c.Doc[i]+1)*D]
		for k := range D {
			gs[k] += gx[k] + gx[D+k]*x.c[k] + gx[2*D+k]*d[k] + gx[4*D+k]*x.l[k]
			w.gc[k] += gx[D+k]*s[k] + gx[3*D+k]
			gd[k] += gx[2*D+k] * s[k]
			w.gl[k] += gx[4*D+k] * s[k]
		}
	}
	// The means pass their gradients on to their sentences.
	for i := range n {
		gs := w.gs[i*D : (i+1)*D]
		gd := w.gd[c.Doc[i]*D : (c.Doc[i]+1)*D]
		m := float64(x.nd[c.Doc[i]])
		for k := range D {
			gs[k] += w.gc[k]/float64(n) + gd[k]/m
		}
		if x.lead[i] {
			for k := range D {
				gs[k] += w.gl[k] / float64(x.nl)
			}
		}
	}
	// Network updates.
	r := net.p.NetRate
	adagrad(&net.b2, &net.gb2, gb2, r)
	for j := range H {
		adagrad(&net.w2[j], &net.gw2[j], gw2[j], r)
		adagrad(&net.b1[j], &net.gb1[j], gb1[j], r)
	}
	for k := range gw1 {
		if gw1[k] != 0 {
			adagrad(&net.w1[k], &net.gw1[k], gw1[k], r)
		}
	}
	// Embedding updates: each bucket of sentence i gets its gradient
	// divided by the square root of the sentence's bucket count.
	r = net.p.Rate
	for i, bs := range c.Buckets {
		if len(bs) == 0 {
			continue
		}
		inv := 1 / math.Sqrt(float64(len(bs)))
		gs := w.gs[i*D : (i+1)*D]
		for _, b := range bs {
			at := int(b) * D
			for k := range D {
				adagrad(&net.e[at+k], &net.ge[at+k], gs[k]*inv, r)
			}
		}
	}
}

// quantize turns the trained network into a Neural model: embeddings int8
// with one scale (the 99.99th percentile of their magnitudes maps to 127,
// larger ones are clipped), network weights float32.
func (net *neuralNet) quantize() *Neural {
	p := net.p
	out := &Neural{Bits: p.Bits, Dim: p.Dim, Hidden: p.Hidden, B2: net.b2,
		E: make([]byte, len(net.e)), W1: make([]float32, len(net.w1)),
		B1: make([]float32, len(net.b1)), W2: make([]float32, len(net.w2))}
	abs := make([]float64, len(net.e))
	for i, v := range net.e {
		abs[i] = math.Abs(v)
	}
	slices.Sort(abs)
	top := abs[min(len(abs)-1, int(float64(len(abs))*0.9999))]
	if top > 0 {
		out.Scale = top / 127
		for i, v := range net.e {
			q := math.Round(v / out.Scale)
			out.E[i] = byte(int8(min(max(q, -127), 127)))
		}
	}
	for i, v := range net.w1 {
		out.W1[i] = float32(v)
	}
	for i, v := range net.b1 {
		out.B1[i] = float32(v)
	}
	for i, v := range net.w2 {
		out.W2[i] = float32(v)
	}
	return out
}

// Score writes into dst (grown as needed) the model's value of every
// sentence of a cluster, given in document order each sentence's distinct
// buckets, its document and its index in the document. The embedding sums
// are integers, so the result does not depend on the order of the buckets.
func (n *Neural) Score(dst []float64, buckets [][]uint32, doc, pos []int) []float64 {
	if !n.ok() || len(doc) != len(buckets) || len(pos) != len(buckets) {
		return dst
	}
	D, H, In := n.Dim, n.Hidden, neuralInputs(n.Dim)
	ns := len(buckets)
	nDocs := numDocs(doc)
	var x neuralContext
	x.begin(ns, nDocs, D)
	sum := make([]int32, D)
	for i, bs := range buckets {
		si := x.s[i*D : (i+1)*D]
		if len(bs) > 0 {
			n.embedSum(sum, bs)
			f := n.Scale / math.Sqrt(float64(len(bs)))
			for k := range si {
				si[k] = float64(sum[k]) * f
			}
		}
		x.add(i, D, doc)
	}
	x.means(ns, D)
	// The network's first layer, folded per cluster and per document: with
	// s the only per-sentence vector, W1 [s, s*c, s*d, c, s*l, scalars] is
	// (Ws + Wsc*c + Wsd*d + Wsl*l) s + Wc c + Wscalar scalars, so a
	// sentence costs Hidden x (Dim + 5) multiply-adds.
	base := make([]float64, H) // b1 + Wc c + the scalar of the number of documents
	wc := make([]float64, H*D) // Ws + Wsc*c + Wsl*l
	wd := make([]float64, H*D) // ... + Wsd*d for the current document
	docs := math.Log(float64(1+nDocs)) / 2
	for j := range H {
		row := n.W1[j*In : (j+1)*In]
		v := float64(n.B1[j]) + float64(row[5*D+2])*docs
		for k := range D {
			v += float64(row[3*D+k]) * x.c[k]
			wc[j*D+k] = float64(row[k]) + float64(row[D+k])*x.c[k] + float64(row[4*D+k])*x.l[k]
		}
		base[j] = v
	}
	dst = slices.Grow(dst[:0], ns)[:ns]
	cur := -1
	for i := range ns {
		if doc[i] != cur {
			cur = doc[i]
			d := x.d[cur*D : (cur+1)*D]
			for j := range H {
				row := n.W1[j*In+2*D : j*In+3*D]
				for k := range D {
					wd[j*D+k] = wc[j*D+k] + float64(row[k])*d[k]
				}
			}
		}
		si := x.s[i*D : (i+1)*D]
		pos, nb := pos[i], len(buckets[i])
		sc0, sc1 := b2f(pos == 0), float64(min(pos, 20))/10
		sc3, sc4 := math.Log(float64(1+nb))/4, float64(min(x.nd[cur], 30))/10
		o := n.B2
		for j := range H {
			row := n.W1[j*In+5*D : (j+1)*In]
			v := base[j] + float64(row[0])*sc0 + float64(row[1])*sc1 + float64(row[3])*sc3 + float64(row[4])*sc4
			w := wd[j*D:][:len(si)]
			for k, sv := range si {
				v += w[k] * sv
			}
			if v > 0 {
				o += float64(n.W2[j]) * v
			}
		}
		dst[i] = o
	}
	return dst
}

// embedSum writes into sum (Dim long) the sums of the int8 embeddings of
// the buckets bs. With Dim a multiple of 8, eight bytes at a time: each
// byte is offset by 128 (x ^ 0x80 as unsigned) and the even and the odd
// bytes of a word are summed in four 16-bit lanes each, for up to 256
// buckets at a time (256 x 255 < 65536).
func (n *Neural) embedSum(sum []int32, bs []uint32) {
	D := n.Dim
	clear(sum)
	if D%8 != 0 {
		for _, b := range bs {
			row := n.E[int(b)*D : int(b+1)*D]
			for k := range sum {
				sum[k] += int32(int8(row[k]))
			}
		}
		return
	}
	const (
		mask = 0x00FF00FF00FF00FF
		flip = 0x8080808080808080
	)
	words := D / 8
	var accs [64]uint64 // two per word, D <= 256
	for start := 0; start < len(bs); start += 256 {
		end := min(start+256, len(bs))
		acc := accs[:2*words]
		clear(acc)
		for _, b := range bs[start:end] {
			row := n.E[int(b)*D : int(b+1)*D]
			for w := range words {
				x := binary.LittleEndian.Uint64(row[8*w:]) ^ flip
				acc[2*w] += x & mask
				acc[2*w+1] += x >> 8 & mask
			}
		}
		off := int32(128 * (end - start))
		for w := range words {
			lo, hi := acc[2*w], acc[2*w+1]
			for j := range 4 {
				sum[8*w+2*j] += int32(uint16(lo>>(16*j))) - off
				sum[8*w+2*j+1] += int32(uint16(hi>>(16*j))) - off
			}
		}
	}
}
