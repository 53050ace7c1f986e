package summarize

import (
	"math"
	"math/bits"
	"slices"
	"sync"
	"unsafe"
)

// binForest is the layout for forests of depth at most six over at most 64
// features with at most 255 distinct thresholds per feature (the shipped
// model: 250 trees of depth 6, 48 features, at most 63 thresholds each, as
// the trainer cuts every feature into at most 64 histogram bins). A row is
// first turned into bytes, each feature's bin: the number of the feature's
// thresholds below the value. A node keeps its feature and the index j of
// its threshold among the feature's sorted distinct thresholds, and its
// test "x > threshold j" is the byte test "bin > j": x is above the j-th
// smallest threshold exactly when more than j of the thresholds are below
// it. NaN reads as +Inf, above every threshold, as in the other layouts.
//
// The comparisons give the plain walk's answers bit for bit, so the values
// are the same, added in the same order (TestPredictAllLayoutsMatchTreeWalk).
// Against walking the float64 rows, a step compares bytes, and four rows
// take 256 bytes instead of 2 KB, for the price of binning each row once
// (a branch-free binary search per feature): on 19 varied rows
// (BenchmarkPredictAllVaried) 34-41 us against 55-62 us for such a layout
// with float64 rows and thresholds (the one this replaced), 48 us with a
// binary search that branches.
type binForest struct {
	// cuts[f] holds feature f's distinct thresholds in increasing order,
	// padded with +Inf to the next power of two above their number, so
	// the binary search takes a fixed number of steps; nil for a feature
	// no tree reads.
	cuts  [64][]float64
	trees []binTree
}

// binTree is a tree padded to depth six: nodes 1-63 in heap order (children
// of k are 2k and 2k+1), each node's feature and threshold index, and the
// 64 leaves at the node numbers 64-127 less 64. Padding nodes test index
// 255, which no bin exceeds, and lead to two copies of the same subtree.
type binTree struct {
	feat [64]uint8
	thr  [64]uint8
	val  [64]float64
}

// padIndex is the threshold index of padding nodes: bins are at most 255.
const padIndex = 255

// buildBin returns the binned layout of f, or nil when f does not fit it.
func (f *Forest) buildBin() *binForest {
	var thr [64][]float64
	for _, tr := range f.Trees {
		ok := true
		var walk func(n, d int)
		walk = func(n, d int) {
			if !ok || tr.Feat[n] < 0 {
				return
			}
			if d >= 6 || tr.Feat[n] >= 64 || math.IsNaN(tr.Thr[n]) || math.IsInf(tr.Thr[n], 1) {
				ok = false
				return
			}
			thr[tr.Feat[n]] = append(thr[tr.Feat[n]], tr.Thr[n])
			walk(tr.Left[n], d+1)
			walk(tr.Right[n], d+1)
		}
		walk(0, 0)
		if !ok {
			return nil
		}
	}
	bf := &binForest{trees: make([]binTree, len(f.Trees))}
	for ft, ts := range thr {
		if len(ts) == 0 {
			continue
		}
		slices.Sort(ts)
		// -0 and +0 are one threshold: compare with ==, not bits.
		ts = slices.CompactFunc(ts, func(a, b float64) bool { return a == b })
		if len(ts) > padIndex {
			return nil
		}
		padded := make([]float64, 1<<bits.Len(uint(len(ts))))
		copy(padded, ts)
		for i := len(ts); i < len(padded); i++ {
			padded[i] = math.Inf(1)
		}
		bf.cuts[ft] = padded
	}
	for t, tr := range f.Trees {
		bt := &bf.trees[t]
		var fill func(n, k, d int)
		fill = func(n, k, d int) {
			if d == 6 {
				bt.val[k&63] = tr.Val[n]
				return
			}
			if tr.Feat[n] < 0 {
				bt.thr[k] = padIndex
				fill(n, 2*k, d+1)
				fill(n, 2*k+1, d+1)
				return
			}
			ft := tr.Feat[n]
			j, _ := slices.BinarySearch(bf.cuts[ft], tr.Thr[n])
			bt.feat[k], bt.thr[k] = uint8(ft), uint8(j)
			fill(tr.Left[n], 2*k, d+1)
			fill(tr.Right[n], 2*k+1, d+1)
		}
		fill(0, 1, 0)
	}
	return bf
}

// binOfValue is the number of the thresholds in cuts (sorted, padded with
// +Inf to a power of two) that are below v, NaN counting as +Inf.
func binOfValue(cuts []float64, v float64) uint8 {
	if v != v {
		v = math.Inf(1)
	}
	// The count c is below len(cuts) (the last entry is +Inf), and
	// cuts[i] < v exactly when i < c: adding each power of two while the
	// entry just before the new position is still below v builds c bit by
	// bit, from the highest.
	// Branch-free: whether a step is taken is a coin toss the predictor
	// would mostly lose.
	pos := uintptr(0)
	for step := uintptr(len(cuts)) >> 1; step > 0; step >>= 1 {
		pos += step & -b2u(cuts[pos+step-1] < v)
	}
	return uint8(pos)
}

// predictAll adds every tree's value to out, tree by tree: the walks of
// two trees over four rows at a time, eight independent walks the
// processor overlaps, or for the rows left over from the groups of four,
// of four trees over one row. It reports false, doing nothing, when a row
// is longer than 64.
func (bf *binForest) predictAll(X [][]float64, out []float64) bool {
	for _, x := range X {
		if len(x) > 64 {
			return false
		}
	}
	rp := getBinRows(len(X))
	defer binRowsPool.Put(rp)
	rows := *rp
	for i, x := range X {
		r := &rows[i]
		for ft := range r {
			cuts := bf.cuts[ft]
			if cuts == nil {
				r[ft] = 0
				continue
			}
			v := 0.0 // features past the row read as 0, as in the walk's padding
			if ft < len(x) {
				v = x[ft]
			}
			r[ft] = binOfValue(cuts, v)
		}
	}
	n4 := len(rows) &^ 3
	t2 := len(bf.trees) &^ 1
	for t := 0; t < t2; t += 2 {
		g0, g1 := &bf.trees[t], &bf.trees[t+1]
		for i := 0; i < n4; i += 4 {
			x := unsafe.Pointer(&rows[i])
			a0, a1, a2, a3 := g0.stepB(x, 0, 1), g0.stepB(x, 1, 1), g0.stepB(x, 2, 1), g0.stepB(x, 3, 1)
			b0, b1, b2, b3 := g1.stepB(x, 0, 1), g1.stepB(x, 1, 1), g1.stepB(x, 2, 1), g1.stepB(x, 3, 1)
			a0, a1, a2, a3 = g0.stepB(x, 0, a0), g0.stepB(x, 1, a1), g0.stepB(x, 2, a2), g0.stepB(x, 3, a3)
			b0, b1, b2, b3 = g1.stepB(x, 0, b0), g1.stepB(x, 1, b1), g1.stepB(x, 2, b2), g1.stepB(x, 3, b3)
			a0, a1, a2, a3 = g0.stepB(x, 0, a0), g0.stepB(x, 1, a1), g0.stepB(x, 2, a2), g0.stepB(x, 3, a3)
			b0, b1, b2, b3 = g1.stepB(x, 0, b0), g1.stepB(x, 1, b1), g1.stepB(x, 2, b2), g1.stepB(x, 3, b3)
			a0, a1, a2, a3 = g0.stepB(x, 0, a0), g0.stepB(x, 1, a1), g0.stepB(x, 2, a2), g0.stepB(x, 3, a3)
			b0, b1, b2, b3 = g1.stepB(x, 0, b0), g1.stepB(x, 1, b1), g1.stepB(x, 2, b2), g1.stepB(x, 3, b3)
			a0, a1, a2, a3 = g0.stepB(x, 0, a0), g0.stepB(x, 1, a1), g0.stepB(x, 2, a2), g0.stepB(x, 3, a3)
			b0, b1, b2, b3 = g1.stepB(x, 0, b0), g1.stepB(x, 1, b1), g1.stepB(x, 2, b2), g1.stepB(x, 3, b3)
			a0, a1, a2, a3 = g0.stepB(x, 0, a0), g0.stepB(x, 1, a1), g0.stepB(x, 2, a2), g0.stepB(x, 3, a3)
			b0, b1, b2, b3 = g1.stepB(x, 0, b0), g1.stepB(x, 1, b1), g1.stepB(x, 2, b2), g1.stepB(x, 3, b3)
			o := (*[4]float64)(out[i : i+4])
			o[0] = o[0] + g0.leafB(a0) + g1.leafB(b0)
			o[1] = o[1] + g0.leafB(a1) + g1.leafB(b1)
			o[2] = o[2] + g0.leafB(a2) + g1.leafB(b2)
			o[3] = o[3] + g0.leafB(a3) + g1.leafB(b3)
		}
	}
	if t2 < len(bf.trees) {
		g := &bf.trees[t2]
		for i := 0; i < n4; i += 4 {
			x := unsafe.Pointer(&rows[i])
			a0, a1, a2, a3 := uintptr(1), uintptr(1), uintptr(1), uintptr(1)
			for range 6 {
				a0, a1, a2, a3 = g.stepB(x, 0, a0), g.stepB(x, 1, a1), g.stepB(x, 2, a2), g.stepB(x, 3, a3)
			}
			o := (*[4]float64)(out[i : i+4])
			o[0] += g.leafB(a0)
			o[1] += g.leafB(a1)
			o[2] += g.leafB(a2)
			o[3] += g.leafB(a3)
		}
	}
	// The rows left over from the groups of four: four trees at a time.
	t4 := len(bf.trees) &^ 3
	for i := n4; i < len(rows); i++ {
		x := unsafe.Pointer(&rows[i])
		for t := 0; t < t4; t += 4 {
			g := (*[4]binTree)(bf.trees[t : t+4])
			u0, u1, u2, u3 := g[0].stepB(x, 0, 1), g[1].stepB(x, 0, 1), g[2].stepB(x, 0, 1), g[3].stepB(x, 0, 1)
			u0, u1, u2, u3 = g[0].stepB(x, 0, u0), g[1].stepB(x, 0, u1), g[2].stepB(x, 0, u2), g[3].stepB(x, 0, u3)
			u0, u1, u2, u3 = g[0].stepB(x, 0, u0), g[1].stepB(x, 0, u1), g[2].stepB(x, 0, u2), g[3].stepB(x, 0, u3)
			u0, u1, u2, u3 = g[0].stepB(x, 0, u0), g[1].stepB(x, 0, u1), g[2].stepB(x, 0, u2), g[3].stepB(x, 0, u3)
			u0, u1, u2, u3 = g[0].stepB(x, 0, u0), g[1].stepB(x, 0, u1), g[2].stepB(x, 0, u2), g[3].stepB(x, 0, u3)
			u0, u1, u2, u3 = g[0].stepB(x, 0, u0), g[1].stepB(x, 0, u1), g[2].stepB(x, 0, u2), g[3].stepB(x, 0, u3)
			out[i] += g[0].leafB(u0)
			out[i] += g[1].leafB(u1)
			out[i] += g[2].leafB(u2)
			out[i] += g[3].leafB(u3)
		}
		for t := t4; t < len(bf.trees); t++ {
			g := &bf.trees[t]
			u := uintptr(1)
			for range 6 {
				u = g.stepB(x, 0, u)
			}
			out[i] += g.leafB(u)
		}
	}
	return true
}

// stepB moves from node k in [1, 63] of tr to its child for row r of the
// consecutive 64-byte rows at x, without bounds checks: a feature number is
// below 64, inside the row, and the node numbers stay inside node.
func (tr *binTree) stepB(x unsafe.Pointer, r, k uintptr) uintptr {
	t := unsafe.Pointer(tr)
	f := uintptr(*(*uint8)(unsafe.Add(t, k)))
	b := *(*uint8)(unsafe.Add(x, r*64+f))
	return 2*k + b2u(b > *(*uint8)(unsafe.Add(t, 64+k)))
}

// leafB is the value of the leaf that node number k in [64, 127] stands
// for: val follows feat's and thr's 128 bytes, so it is at (k-64)*8+128 = k*8-384.
func (tr *binTree) leafB(k uintptr) float64 {
	return *(*float64)(unsafe.Add(unsafe.Pointer(tr), k*8-384))
}

// The layout stepB and leafB rely on: feat at 0, thr at 64, val at 128.
var (
	_ [unsafe.Offsetof(binTree{}.feat)]struct{}
	_ [-unsafe.Offsetof(binTree{}.feat)]struct{}
	_ [unsafe.Offsetof(binTree{}.thr) - 64]struct{}
	_ [64 - unsafe.Offsetof(binTree{}.thr)]struct{}
	_ [unsafe.Offsetof(binTree{}.val) - 128]struct{}
	_ [128 - unsafe.Offsetof(binTree{}.val)]struct{}
)

func b2u(b bool) uintptr {
	if b {
		return 1
	}
	return 0
}

// binRowsPool keeps predictAll's byte rows for the next call.
var binRowsPool sync.Pool

func getBinRows(n int) *[][64]uint8 {
	rp, _ := binRowsPool.Get().(*[][64]uint8)
	if rp == nil {
		rp = new([][64]uint8)
	}
	if cap(*rp) < n {
		*rp = make([][64]uint8, n)
	}
	*rp = (*rp)[:n]
	return rp
}
