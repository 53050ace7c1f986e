package summarize

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
)

// Forest is an ensemble of regression trees fitted by gradient boosting on
// squared loss; the learning rate is folded into the leaf values.
type Forest struct {
	Base  float64 `json:"base"`
	Trees []Tree  `json:"trees"`

	packed   [][]packedNode
	complete *completeForest
	small    *smallForest
}

// Tree is one regression tree in flat arrays. Node 0 is the root; a node
// with Feat -1 is a leaf holding Val; otherwise a vector x goes to Left when
// x[Feat] <= Thr and to Right otherwise.
type Tree struct {
	Feat  []int     `json:"f"`
	Thr   []float64 `json:"t"`
	Left  []int     `json:"l"`
	Right []int     `json:"r"`
	Val   []float64 `json:"v"`
}

// Predict returns the ensemble's value for x.
func (f *Forest) Predict(x []float64) float64 {
	var out [1]float64
	f.PredictAll([][]float64{x}, out[:])
	return out[0]
}

// PredictAll writes the ensemble's value for every row of X into out
// (len(out) >= len(X)). Each value is the same as Predict's: Base plus the
// trees' leaf values added in tree order.
func (f *Forest) PredictAll(X [][]float64, out []float64) {
	if f.packed == nil || len(f.packed) != len(f.Trees) {
		f.pack()
	}
	out = out[:len(X)]
	for i := range out {
		out[i] = f.Base
	}
	if sf := f.small; sf != nil && sf.predictAll(X, out) {
		return
	}
	if c := f.complete; c != nil && len(c.feat) > 0 {
		c.predictAll(X, out)
		return
	}
	for i, x := range X {
		s := out[i]
		for _, nodes := range f.packed {
			n := int32(0)
			for {
				nd := &nodes[n]
				if nd.feat < 0 {
					s += nd.val
					break
				}
				if x[nd.feat] <= nd.thr {
					n = nd.left
				} else {
					n = nd.right
				}
			}
		}
		out[i] = s
	}
}

// packedNode is a tree node laid out for fast prediction.
type packedNode struct {
	thr, val    float64
	feat        int32
	left, right int32
}

// completeForest holds every tree padded to a complete binary tree of one
// depth, in heap order (children of node k are 2k+1 and 2k+2), so that a
// prediction takes exactly depth steps without branches. A leaf above the
// full depth becomes a node whose two subtrees both end in its value, so
// the padding does not change any prediction.
type completeForest struct {
	depth int
	feat  []int32   // per tree, 1<<depth - 1 internal nodes
	thr   []float64 // same layout as feat
	val   []float64 // per tree, 1<<depth leaves
}

// maxCompleteDepth bounds the padding (the arrays grow as 2^depth).
const maxCompleteDepth = 10

func (f *Forest) buildComplete() *completeForest {
	depth := 0
	for _, tr := range f.Trees {
		var walk func(n, d int) int
		walk = func(n, d int) int {
			if tr.Feat[n] < 0 {
				return d
			}
			return max(walk(tr.Left[n], d+1), walk(tr.Right[n], d+1))
		}
		depth = max(depth, walk(0, 0))
		if depth > maxCompleteDepth {
			return nil
		}
	}
	if depth == 0 {
		depth = 1
	}
	in, leaves := 1<<depth-1, 1<<depth
	c := &completeForest{depth: depth, feat: make([]int32, len(f.Trees)*in), thr: make([]float64, len(f.Trees)*in), val: make([]float64, len(f.Trees)*leaves)}
	for t, tr := range f.Trees {
		feat, thr, val := c.feat[t*in:(t+1)*in], c.thr[t*in:(t+1)*in], c.val[t*leaves:(t+1)*leaves]
		var fill func(n, pos, d int)
		fill = func(n, pos, d int) {
			if d == depth {
				val[pos-in] = tr.Val[n]
				return
			}
			if tr.Feat[n] < 0 {
				feat[pos], thr[pos] = 0, math.Inf(1)
				fill(n, 2*pos+1, d+1)
				fill(n, 2*pos+2, d+1)
				return
			}
			feat[pos], thr[pos] = int32(tr.Feat[n]), tr.Thr[n]
			fill(tr.Left[n], 2*pos+1, d+1)
			fill(tr.Right[n], 2*pos+2, d+1)
		}
		fill(0, 0, 0)
	}
	return c
}

// predictAll adds every tree's value to out, tree by tree. The walks of
// different rows (and of different trees) are independent; four are
// interleaved so that the processor overlaps their dependent loads.
func (c *completeForest) predictAll(X [][]float64, out []float64) {
	in, leaves := 1<<c.depth-1, 1<<c.depth
	nt := len(c.feat) / in
	n4 := len(X) &^ 3
	for t := range nt {
		feat, thr, val := c.feat[t*in:(t+1)*in], c.thr[t*in:(t+1)*in], c.val[t*leaves:(t+1)*leaves]
		for i := 0; i < n4; i += 4 {
			x0, x1, x2, x3 := X[i], X[i+1], X[i+2], X[i+3]
			k0, k1, k2, k3 := 0, 0, 0, 0
			for range c.depth {
				k0 = 2*k0 + 1 + b2i(!(x0[feat[k0]] <= thr[k0]))
				k1 = 2*k1 + 1 + b2i(!(x1[feat[k1]] <= thr[k1]))
				k2 = 2*k2 + 1 + b2i(!(x2[feat[k2]] <= thr[k2]))
				k3 = 2*k3 + 1 + b2i(!(x3[feat[k3]] <= thr[k3]))
			}
			out[i] += val[k0-in]
			out[i+1] += val[k1-in]
			out[i+2] += val[k2-in]
			out[i+3] += val[k3-in]
		}
	}
	// The rows left over walk four trees at a time, adding the values in
	// tree order.
	t4 := nt &^ 3
	for i := n4; i < len(X); i++ {
		x := X[i]
		for t := 0; t < t4; t += 4 {
			f0, f1, f2, f3 := c.feat[t*in:(t+1)*in], c.feat[(t+1)*in:(t+2)*in], c.feat[(t+2)*in:(t+3)*in], c.feat[(t+3)*in:(t+4)*in]
			h0, h1, h2, h3 := c.thr[t*in:(t+1)*in], c.thr[(t+1)*in:(t+2)*in], c.thr[(t+2)*in:(t+3)*in], c.thr[(t+3)*in:(t+4)*in]
			k0, k1, k2, k3 := 0, 0, 0, 0
			for range c.depth {
				k0 = 2*k0 + 1 + b2i(!(x[f0[k0]] <= h0[k0]))
				k1 = 2*k1 + 1 + b2i(!(x[f1[k1]] <= h1[k1]))
				k2 = 2*k2 + 1 + b2i(!(x[f2[k2]] <= h2[k2]))
				k3 = 2*k3 + 1 + b2i(!(x[f3[k3]] <= h3[k3]))
			}
			out[i] += c.val[t*leaves+k0-in]
			out[i] += c.val[(t+1)*leaves+k1-in]
			out[i] += c.val[(t+2)*leaves+k2-in]
			out[i] += c.val[(t+3)*leaves+k3-in]
		}
		for t := t4; t < nt; t++ {
			feat, thr := c.feat[t*in:(t+1)*in], c.thr[t*in:(t+1)*in]
			k := 0
			for range c.depth {
				k = 2*k + 1 + b2i(!(x[feat[k]] <= thr[k]))
			}
			out[i] += c.val[t*leaves+k-in]
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// pack lays the trees out node by node. ParseModel calls it once, so
// models shared between goroutines are only read.
func (f *Forest) pack() {
	f.packed = make([][]packedNode, len(f.Trees))
	for t, tr := range f.Trees {
		nodes := make([]packedNode, len(tr.Feat))
		for k := range nodes {
			nodes[k] = packedNode{thr: tr.Thr[k], val: tr.Val[k], feat: int32(tr.Feat[k]), left: int32(tr.Left[k]), right: int32(tr.Right[k])}
		}
		f.packed[t] = nodes
	}
	f.complete = f.buildComplete()
	f.small = f.buildSmall()
}

func (f *Forest) check(nf int) error {
	for t, tr := range f.Trees {
		k := len(tr.Feat)
		if k == 0 || len(tr.Thr) != k || len(tr.Left) != k || len(tr.Right) != k || len(tr.Val) != k {
			return fmt.Errorf("tree %d: arrays of different lengths", t)
		}
		for n := range k {
			if tr.Feat[n] < 0 {
				continue
			}
			if tr.Feat[n] >= nf || tr.Left[n] <= n || tr.Right[n] <= n || tr.Left[n] >= k || tr.Right[n] >= k {
				return fmt.Errorf("tree %d node %d: bad feature or child", t, n)
			}
		}
	}
	return nil
}

// GBTParams configure TrainForest.
type GBTParams struct {
	Trees   int     // boosting rounds
	Depth   int     // maximum tree depth
	MinLeaf int     // minimum samples per leaf
	Rate    float64 // learning rate
	Lambda  float64 // L2 regularisation of leaf values
	Bins    int     // histogram bins per feature (<= 256)
}

// TrainForest fits a gradient-boosted regression forest to (X, y) with
// histogram split finding. It is deterministic. Progress, if not nil, is
// called after each tree with the training mean squared error.
func TrainForest(X [][]float64, y []float64, p GBTParams, progress func(tree int, mse float64)) Forest {
	n := len(X)
	if n == 0 {
		return Forest{}
	}
	nf := len(X[0])
	bins := min(max(p.Bins, 2), 256)
	// Quantile cut points per feature.
	edges := make([][]float64, nf)
	col := make([]float64, n)
	for f := range nf {
		for i := range n {
			col[i] = X[i][f]
		}
		sort.Float64s(col)
		var cuts []float64
		for b := 1; b < bins; b++ {
			// Cut points keep 5 significant digits: the model file stays
			// small and training and prediction compare against the same value.
			v, _ := strconv.ParseFloat(strconv.FormatFloat(col[(b*n)/bins], 'g', 5, 64), 64)
			if len(cuts) == 0 || v > cuts[len(cuts)-1] {
				if v < col[n-1] {
					cuts = append(cuts, v)
				}
			}
		}
		edges[f] = cuts
	}
	binned := make([]uint8, n*nf)
	for i := range n {
		for f := range nf {
			// bin = number of cuts < x, so bin b holds cuts[b-1] < x <= cuts[b].
			binned[i*nf+f] = uint8(sort.SearchFloat64s(edges[f], X[i][f]))
		}
	}
	mean := 0.0
	for _, v := range y {
		mean += v
	}
	mean /= float64(n)
	pred := make([]float64, n)
	for i := range pred {
		pred[i] = mean
	}
	forest := Forest{Base: mean}
	res := make([]float64, n)
	all := make([]int32, n)
	for i := range all {
		all[i] = int32(i)
	}
	for t := 0; t < p.Trees; t++ {
		for i := range n {
			res[i] = y[i] - pred[i]
		}
		tr := Tree{}
		type node struct {
			idx   []int32
			depth int
			id    int
			hist  []float64 // gradient sums then counts per (feature, bin); nil until built
		}
		newNode := func() int {
			tr.Feat = append(tr.Feat, -1)
			tr.Thr = append(tr.Thr, 0)
			tr.Left = append(tr.Left, 0)
			tr.Right = append(tr.Right, 0)
			tr.Val = append(tr.Val, 0)
			return len(tr.Feat) - 1
		}
		build := func(idx []int32) []float64 {
			h := make([]float64, 2*nf*bins)
			g, c := h[:nf*bins], h[nf*bins:]
			for _, i := range idx {
				row := binned[int(i)*nf : int(i)*nf+nf]
				r := res[i]
				for f, b := range row {
					g[f*bins+int(b)] += r
					c[f*bins+int(b)]++
				}
			}
			return h
		}
		queue := []node{{idx: slices.Clone(all), depth: 0, id: newNode()}}
		for len(queue) > 0 {
			nd := queue[0]
			queue = queue[1:]
			G := 0.0
			for _, i := range nd.idx {
				G += res[i]
			}
			cnt := float64(len(nd.idx))
			tr.Val[nd.id] = p.Rate * G / (cnt + p.Lambda)
			if nd.depth >= p.Depth || len(nd.idx) < 2*p.MinLeaf {
				continue
			}
			if nd.hist == nil {
				nd.hist = build(nd.idx)
			}
			gHist, cHist := nd.hist[:nf*bins], nd.hist[nf*bins:]
			parent := G * G / (cnt + p.Lambda)
			bestGain, bestF, bestB := 1e-12, -1, -1
			for f := range nf {
				gl, cl := 0.0, 0.0
				for b := 0; b < len(edges[f]); b++ {
					gl += gHist[f*bins+b]
					cl += cHist[f*bins+b]
					cr := cnt - cl
					if cl < float64(p.MinLeaf) {
						continue
					}
					if cr < float64(p.MinLeaf) {
						break
					}
					gr := G - gl
					gain := gl*gl/(cl+p.Lambda) + gr*gr/(cr+p.Lambda) - parent
					if gain > bestGain {
						bestGain, bestF, bestB = gain, f, b
					}
				}
			}
			if bestF < 0 {
				continue
			}
			var li, ri []int32
			for _, i := range nd.idx {
				if int(binned[int(i)*nf+bestF]) <= bestB {
					li = append(li, i)
				} else {
					ri = append(ri, i)
				}
			}
			tr.Feat[nd.id] = bestF
			tr.Thr[nd.id] = edges[bestF][bestB]
			l, r := newNode(), newNode()
			tr.Left[nd.id], tr.Right[nd.id] = l, r
			ln := node{idx: li, depth: nd.depth + 1, id: l}
			rn := node{idx: ri, depth: nd.depth + 1, id: r}
			if nd.depth+1 < p.Depth {
				// Build the smaller child's histogram; the larger one is the
				// parent's minus it.
				small, large := &ln, &rn
				if len(ri) < len(li) {
					small, large = &rn, &ln
				}
				if len(large.idx) >= 2*p.MinLeaf {
					small.hist = build(small.idx)
					for k := range nd.hist {
						nd.hist[k] -= small.hist[k]
					}
					large.hist = nd.hist
				}
			}
			queue = append(queue, ln, rn)
		}
		forest.Trees = append(forest.Trees, tr)
		mse := 0.0
		for i := range n {
			nn := 0
			for tr.Feat[nn] >= 0 {
				if X[i][tr.Feat[nn]] <= tr.Thr[nn] {
					nn = tr.Left[nn]
				} else {
					nn = tr.Right[nn]
				}
			}
			pred[i] += tr.Val[nn]
			d := y[i] - pred[i]
			mse += d * d
		}
		if progress != nil {
			progress(t, mse/float64(n))
		}
	}
	// Round to float32 precision to keep the JSON small.
	for t := range forest.Trees {
		tr := &forest.Trees[t]
		for k := range tr.Val {
			tr.Val[k] = float64(float32(tr.Val[k]))
		}
	}
	forest.pack()
	return forest
}
