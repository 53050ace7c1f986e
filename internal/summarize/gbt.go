package summarize

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"sync"
)

// Forest is an ensemble of regression trees fitted by gradient boosting on
// squared loss; the learning rate is folded into the leaf values.
type Forest struct {
	Base  float64 `json:"base"`
	Trees []Tree  `json:"trees"`

	packed   [][]packedNode
	complete *completeForest
	bin      *binForest
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
	if bf := f.bin; bf != nil && bf.predictAll(X, out) {
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
	f.bin = f.buildBin()
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

// GBTParams configure TrainForest and TrainRanker.
type GBTParams struct {
	Trees   int     // boosting rounds
	Depth   int     // maximum tree depth
	MinLeaf int     // minimum samples per leaf
	Rate    float64 // learning rate
	Lambda  float64 // L2 regularisation of leaf values
	Bins    int     // histogram bins per feature (<= 256)
	// RankTop truncates the NDCG that TrainRanker optimises to the top
	// RankTop positions of each group (0: 20).
	RankTop int
}

// TrainForest fits a gradient-boosted regression forest to (X, y) with
// histogram split finding. It is deterministic. Progress, if not nil, is
// called after each tree with the training mean squared error.
func TrainForest(X [][]float64, y []float64, p GBTParams, progress func(tree int, mse float64)) Forest {
	n := len(X)
	if n == 0 {
		return Forest{}
	}
	mean := 0.0
	for _, v := range y {
		mean += v
	}
	mean /= float64(n)
	hess := make([]float64, n)
	for i := range hess {
		hess[i] = 1
	}
	grad := func(pred, g, h []float64) float64 {
		mse := 0.0
		for i := range pred {
			d := y[i] - pred[i]
			g[i] = d
			mse += d * d
		}
		return mse / float64(len(pred))
	}
	return boost(X, mean, hess, grad, p, progress)
}

// TrainRanker fits a gradient-boosted forest that ranks the rows within
// each group (LambdaMART, Burges 2010): groups gives the sizes of
// consecutive groups of rows, y their graded relevance (>= 0, used as the
// gain). Each round fits a tree by Newton steps to the lambda gradients of
// pairwise logistic losses weighted by the change of NDCG@RankTop a swap of
// the pair would cause. Only the order within a group is learned: scores
// of different groups are not comparable. It is deterministic. Progress,
// if not nil, is called after each tree with the mean NDCG@RankTop of the
// scores before that tree.
func TrainRanker(X [][]float64, y []float64, groups []int, p GBTParams, progress func(tree int, ndcg float64)) Forest {
	n := len(X)
	if n == 0 {
		return Forest{}
	}
	top := p.RankTop
	if top <= 0 {
		top = 20
	}
	type group struct {
		lo, hi int
		idcg   float64
	}
	var gs []group
	lo := 0
	disc := func(r int) float64 {
		if r >= top {
			return 0
		}
		return 1 / math.Log2(float64(r)+2)
	}
	for _, k := range groups {
		g := group{lo: lo, hi: lo + k}
		lo += k
		ys := slices.Clone(y[g.lo:g.hi])
		slices.Sort(ys)
		for r := range ys {
			g.idcg += ys[len(ys)-1-r] * disc(r)
		}
		if g.idcg > 0 && k > 1 {
			gs = append(gs, g)
		}
	}
	hess := make([]float64, n)
	workers := max(1, min(runtime.GOMAXPROCS(0), 8))
	ndcgs := make([]float64, len(gs))
	grad := func(pred, g, h []float64) float64 {
		clear(g)
		clear(h)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var order, rank []int
				for k := w; k < len(gs); k += workers {
					gr := gs[k]
					m := gr.hi - gr.lo
					order = order[:0]
					for i := range m {
						order = append(order, i)
					}
					s := pred[gr.lo:gr.hi]
					ys := y[gr.lo:gr.hi]
					sort.SliceStable(order, func(a, b int) bool { return s[order[a]] > s[order[b]] })
					rank = slices.Grow(rank[:0], m)[:m]
					dcg := 0.0
					for r, i := range order {
						rank[i] = r
						dcg += ys[i] * disc(r)
					}
					ndcgs[k] = dcg / gr.idcg
					gg, hh := g[gr.lo:gr.hi], h[gr.lo:gr.hi]
					for a := range m {
						for b := range m {
							if ys[a] <= ys[b] {
								continue
							}
							ra, rb := rank[a], rank[b]
							if ra >= top && rb >= top {
								continue
							}
							delta := (ys[a] - ys[b]) * math.Abs(disc(ra)-disc(rb)) / gr.idcg
							if delta == 0 {
								continue
							}
							rho := 1 / (1 + math.Exp(s[a]-s[b]))
							gg[a] += rho * delta
							gg[b] -= rho * delta
							hv := max(rho*(1-rho), 1e-6) * delta
							hh[a] += hv
							hh[b] += hv
						}
					}
				}
			}()
		}
		wg.Wait()
		mean := 0.0
		for _, v := range ndcgs {
			mean += v
		}
		return mean / float64(max(len(ndcgs), 1))
	}
	return boost(X, 0, hess, grad, p, progress)
}

// boost is the shared gradient-boosting loop: each round, grad writes the
// negative gradient g and the hessian h of the loss at the current
// predictions (it may update h in place; the initial h is given) and
// returns the metric to report; a tree fitted by Newton steps (leaf value
// Rate x sum g / (sum h + Lambda)) is added.
func boost(X [][]float64, base float64, hess []float64, grad func(pred, g, h []float64) float64, p GBTParams, progress func(int, float64)) Forest {
	n := len(X)
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
		// Cut points keep 5 significant digits: the model file stays small
		// and training and prediction compare against the same value.
		edges[f] = quantileCuts(col, bins, func(v float64) float64 {
			r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 5, 64), 64)
			return r
		})
	}
	binned := make([]uint8, n*nf)
	for i := range n {
		for f := range nf {
			// bin = number of cuts < x, so bin b holds cuts[b-1] < x <= cuts[b].
			binned[i*nf+f] = uint8(sort.SearchFloat64s(edges[f], X[i][f]))
		}
	}
	pred := make([]float64, n)
	for i := range pred {
		pred[i] = base
	}
	forest := Forest{Base: base}
	res := make([]float64, n)
	all := make([]int32, n)
	for i := range all {
		all[i] = int32(i)
	}
	for t := 0; t < p.Trees; t++ {
		metric := grad(pred, res, hess)
		tr := Tree{}
		type node struct {
			idx   []int32
			depth int
			id    int
			hist  []float64 // gradient sums, hessian sums, counts per (feature, bin); nil until built
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
			h := make([]float64, 3*nf*bins)
			g, hs, c := h[:nf*bins], h[nf*bins:2*nf*bins], h[2*nf*bins:]
			for _, i := range idx {
				row := binned[int(i)*nf : int(i)*nf+nf]
				r, hv := res[i], hess[i]
				for f, b := range row {
					k := f*bins + int(b)
					g[k] += r
					hs[k] += hv
					c[k]++
				}
			}
			return h
		}
		queue := []node{{idx: slices.Clone(all), depth: 0, id: newNode()}}
		for len(queue) > 0 {
			nd := queue[0]
			queue = queue[1:]
			G, H := 0.0, 0.0
			for _, i := range nd.idx {
				G += res[i]
				H += hess[i]
			}
			cnt := float64(len(nd.idx))
			tr.Val[nd.id] = p.Rate * G / (H + p.Lambda)
			if nd.depth >= p.Depth || len(nd.idx) < 2*p.MinLeaf {
				continue
			}
			if nd.hist == nil {
				nd.hist = build(nd.idx)
			}
			gHist, hHist, cHist := nd.hist[:nf*bins], nd.hist[nf*bins:2*nf*bins], nd.hist[2*nf*bins:]
			parent := G * G / (H + p.Lambda)
			bestGain, bestF, bestB := 1e-12, -1, -1
			for f := range nf {
				gl, hl, cl := 0.0, 0.0, 0.0
				for b := 0; b < len(edges[f]); b++ {
					gl += gHist[f*bins+b]
					hl += hHist[f*bins+b]
					cl += cHist[f*bins+b]
					cr := cnt - cl
					if cl < float64(p.MinLeaf) {
						continue
					}
					if cr < float64(p.MinLeaf) {
						break
					}
					gr, hr := G-gl, H-hl
					gain := gl*gl/(hl+p.Lambda) + gr*gr/(hr+p.Lambda) - parent
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
		// Round to float32 precision (the JSON stays small) before adding,
		// so later rounds see the predictions the model file gives.
		for k := range tr.Val {
			tr.Val[k] = float64(float32(tr.Val[k]))
		}
		forest.Trees = append(forest.Trees, tr)
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
		}
		if progress != nil {
			progress(t, metric)
		}
	}
	forest.pack()
	return forest
}

// quantileCuts returns up to bins-1 increasing cut points at the
// quantiles of sorted (ascending), each rounded, all below its maximum.
func quantileCuts(sorted []float64, bins int, round func(float64) float64) []float64 {
	n := len(sorted)
	var cuts []float64
	for b := 1; b < bins; b++ {
		v := round(sorted[(b*n)/bins])
		if v < sorted[n-1] && (len(cuts) == 0 || v > cuts[len(cuts)-1]) {
			cuts = append(cuts, v)
		}
	}
	return cuts
}
