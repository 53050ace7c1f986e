package summarize

import (
	"math"
	"sync"
	"unsafe"
)

// smallForest is the layout for forests whose trees are at most six deep
// over at most 64 features (the shipped model: 250 trees of depth 6 over
// 43 features), built so that a step of a tree walk takes a handful of
// instructions and no bounds checks:
//
//   - each tree is padded to a complete tree of the forest's depth, as in
//     completeForest, with nodes numbered from 1 in heap order (children
//     of k are 2k and 2k+1) in arrays of 64, so every node number is used
//     masked to 6 bits; after depth steps the number has run past the
//     internal nodes to 1<<depth plus the leaf's number, whose value is
//     stored at that number masked to 6 bits;
//   - feature vectors are copied into arrays of 64 with NaN replaced by
//     +Inf, so that "not x <= thr" (a NaN goes right) becomes "x > thr":
//     the two agree for every threshold other than +Inf and NaN, and nodes
//     with such a threshold are only the padding (whose two subtrees end in
//     the same value) or make buildSmall give up.
type smallForest struct {
	depth int
	trees []smallTree
}

type smallTree struct {
	thr  [64]float64
	val  [64]float64
	feat [64]uint8
}

// buildSmall returns the small layout of f, or nil when f does not fit it.
func (f *Forest) buildSmall() *smallForest {
	depth := 0
	for _, tr := range f.Trees {
		var walk func(n, d int) int
		walk = func(n, d int) int {
			if tr.Feat[n] < 0 {
				return d
			}
			if tr.Feat[n] >= 64 || math.IsNaN(tr.Thr[n]) || math.IsInf(tr.Thr[n], 1) {
				return 7
			}
			return max(walk(tr.Left[n], d+1), walk(tr.Right[n], d+1))
		}
		depth = max(depth, walk(0, 0))
		if depth > 6 {
			return nil
		}
	}
	depth = max(depth, 1)
	sf := &smallForest{depth: depth, trees: make([]smallTree, len(f.Trees))}
	for t, tr := range f.Trees {
		st := &sf.trees[t]
		var fill func(n, k, d int)
		fill = func(n, k, d int) {
			if d == depth {
				st.val[k&63] = tr.Val[n]
				return
			}
			if tr.Feat[n] < 0 {
				st.feat[k], st.thr[k] = 0, math.Inf(1)
				fill(n, 2*k, d+1)
				fill(n, 2*k+1, d+1)
				return
			}
			st.feat[k], st.thr[k] = uint8(tr.Feat[n]), tr.Thr[n]
			fill(tr.Left[n], 2*k, d+1)
			fill(tr.Right[n], 2*k+1, d+1)
		}
		fill(0, 1, 0)
	}
	return sf
}

// quads6 adds every tree's value to out for rows in groups of four, for
// forests of depth 6 (the shipped depth): unrolled, straight-line code
// keeps the node numbers in registers, and two trees are walked together,
// eight independent walks in all. The values are added in tree order.
//
// A step reads the tree's arrays and the row without bounds checks or
// masks (stepU): node numbers start at 1 and double, plus 0 or 1, six
// times, so the six steps read nodes 1-63 and end at 64-127, inside the
// arrays of 64 entries that hold the internal nodes (feat, thr) and the
// leaves (val, at the node number minus 64); a feature number is below
// 64 (buildSmall), inside the row.
func (sf *smallForest) quads6(rows [][64]float64, out []float64) {
	t2 := len(sf.trees) &^ 1
	for t := 0; t < t2; t += 2 {
		g0, g1 := &sf.trees[t], &sf.trees[t+1]
		for i := 0; i+4 <= len(rows); i += 4 {
			// The four rows are consecutive: one base register for them.
			x := unsafe.Pointer(&rows[i])
			a0, a1, a2, a3 := g0.stepU(x, 0, 1), g0.stepU(x, 1, 1), g0.stepU(x, 2, 1), g0.stepU(x, 3, 1)
			b0, b1, b2, b3 := g1.stepU(x, 0, 1), g1.stepU(x, 1, 1), g1.stepU(x, 2, 1), g1.stepU(x, 3, 1)
			a0, a1, a2, a3 = g0.stepU(x, 0, a0), g0.stepU(x, 1, a1), g0.stepU(x, 2, a2), g0.stepU(x, 3, a3)
			b0, b1, b2, b3 = g1.stepU(x, 0, b0), g1.stepU(x, 1, b1), g1.stepU(x, 2, b2), g1.stepU(x, 3, b3)
			a0, a1, a2, a3 = g0.stepU(x, 0, a0), g0.stepU(x, 1, a1), g0.stepU(x, 2, a2), g0.stepU(x, 3, a3)
			b0, b1, b2, b3 = g1.stepU(x, 0, b0), g1.stepU(x, 1, b1), g1.stepU(x, 2, b2), g1.stepU(x, 3, b3)
			a0, a1, a2, a3 = g0.stepU(x, 0, a0), g0.stepU(x, 1, a1), g0.stepU(x, 2, a2), g0.stepU(x, 3, a3)
			b0, b1, b2, b3 = g1.stepU(x, 0, b0), g1.stepU(x, 1, b1), g1.stepU(x, 2, b2), g1.stepU(x, 3, b3)
			a0, a1, a2, a3 = g0.stepU(x, 0, a0), g0.stepU(x, 1, a1), g0.stepU(x, 2, a2), g0.stepU(x, 3, a3)
			b0, b1, b2, b3 = g1.stepU(x, 0, b0), g1.stepU(x, 1, b1), g1.stepU(x, 2, b2), g1.stepU(x, 3, b3)
			a0, a1, a2, a3 = g0.stepU(x, 0, a0), g0.stepU(x, 1, a1), g0.stepU(x, 2, a2), g0.stepU(x, 3, a3)
			b0, b1, b2, b3 = g1.stepU(x, 0, b0), g1.stepU(x, 1, b1), g1.stepU(x, 2, b2), g1.stepU(x, 3, b3)
			o := (*[4]float64)(out[i : i+4])
			o[0] = o[0] + g0.leafU(a0) + g1.leafU(b0)
			o[1] = o[1] + g0.leafU(a1) + g1.leafU(b1)
			o[2] = o[2] + g0.leafU(a2) + g1.leafU(b2)
			o[3] = o[3] + g0.leafU(a3) + g1.leafU(b3)
		}
	}
	if t2 < len(sf.trees) {
		tr := &sf.trees[t2]
		for i := 0; i+4 <= len(rows); i += 4 {
			x := (*[4][64]float64)(rows[i : i+4])
			k0, k1, k2, k3 := 1, 1, 1, 1
			for range 6 {
				k0, k1, k2, k3 = tr.step(&x[0], k0), tr.step(&x[1], k1), tr.step(&x[2], k2), tr.step(&x[3], k3)
			}
			out[i] += tr.val[k0&63]
			out[i+1] += tr.val[k1&63]
			out[i+2] += tr.val[k2&63]
			out[i+3] += tr.val[k3&63]
		}
	}
}

// stepU is step for node numbers k in [1, 63] (see quads6) and row r of
// the consecutive rows of 64 values at x, without bounds checks.
//
// Every read is at a constant offset from the tree's own address (thr at
// 0, feat at featAt), so one register holds the tree.
func (tr *smallTree) stepU(x unsafe.Pointer, r, k uintptr) uintptr {
	t := unsafe.Pointer(tr)
	f := *(*uint8)(unsafe.Add(t, featAt+k))
	v := *(*float64)(unsafe.Add(x, r*512+uintptr(f)*8))
	return 2*k + b2u(v > *(*float64)(unsafe.Add(t, k*8)))
}

// leafU is the value of the leaf that node number k in [64, 127] stands
// for, without bounds checks: val follows thr, so it is the float64 at
// k * 8 from the tree's address.
func (tr *smallTree) leafU(k uintptr) float64 {
	return *(*float64)(unsafe.Add(unsafe.Pointer(tr), k*8))
}

const featAt = unsafe.Offsetof(smallTree{}.feat)

// The layout stepU and leafU rely on: thr at 0, val right after it.
var (
	_ [unsafe.Offsetof(smallTree{}.thr)]struct{}
	_ [-unsafe.Offsetof(smallTree{}.thr)]struct{}
	_ [unsafe.Offsetof(smallTree{}.val) - 64*8]struct{}
	_ [64*8 - unsafe.Offsetof(smallTree{}.val)]struct{}
)

func b2u(b bool) uintptr {
	if b {
		return 1
	}
	return 0
}

// step moves from node k of tr to its child for row x.
func (tr *smallTree) step(x *[64]float64, k int) int {
	return 2*k + b2i(x[tr.feat[k&63]&63] > tr.thr[k&63])
}

// predictAll adds every tree's value to out, tree by tree; the walks of
// four rows (or, for the rows left over, of four trees) are interleaved so
// that the processor overlaps them. It reports false, doing nothing, when
// a row is longer than 64.
func (sf *smallForest) predictAll(X [][]float64, out []float64) bool {
	for _, x := range X {
		if len(x) > 64 {
			return false
		}
	}
	rp := getRows(len(X))
	defer putRows(rp)
	rows := *rp
	for i, x := range X {
		r := &rows[i]
		for j, v := range x {
			if v != v {
				v = math.Inf(1)
			}
			r[j&63] = v
		}
		clear(r[len(x):])
	}
	n4 := len(rows) &^ 3
	depth := sf.depth
	trees := sf.trees
	if depth == 6 {
		sf.quads6(rows[:n4], out)
		trees = nil
	}
	for t := range trees {
		tr := &sf.trees[t]
		for i := 0; i < n4; i += 4 {
			// One base register for the four rows.
			x := (*[4][64]float64)(rows[i : i+4])
			k0, k1, k2, k3 := 1, 1, 1, 1
			for d := depth; d > 0; d-- {
				k0 = 2*k0 + b2i(x[0][tr.feat[k0&63]&63] > tr.thr[k0&63])
				k1 = 2*k1 + b2i(x[1][tr.feat[k1&63]&63] > tr.thr[k1&63])
				k2 = 2*k2 + b2i(x[2][tr.feat[k2&63]&63] > tr.thr[k2&63])
				k3 = 2*k3 + b2i(x[3][tr.feat[k3&63]&63] > tr.thr[k3&63])
			}
			out[i] += tr.val[k0&63]
			out[i+1] += tr.val[k1&63]
			out[i+2] += tr.val[k2&63]
			out[i+3] += tr.val[k3&63]
		}
	}
	t4 := len(sf.trees) &^ 3
	for i := n4; i < len(rows); i++ {
		x := &rows[i]
		for t := 0; t < t4; t += 4 {
			// One base register for the four trees.
			g := (*[4]smallTree)(sf.trees[t : t+4])
			if depth == 6 {
				// As in quads6.
				xp := unsafe.Pointer(x)
				u0, u1, u2, u3 := g[0].stepU(xp, 0, 1), g[1].stepU(xp, 0, 1), g[2].stepU(xp, 0, 1), g[3].stepU(xp, 0, 1)
				u0, u1, u2, u3 = g[0].stepU(xp, 0, u0), g[1].stepU(xp, 0, u1), g[2].stepU(xp, 0, u2), g[3].stepU(xp, 0, u3)
				u0, u1, u2, u3 = g[0].stepU(xp, 0, u0), g[1].stepU(xp, 0, u1), g[2].stepU(xp, 0, u2), g[3].stepU(xp, 0, u3)
				u0, u1, u2, u3 = g[0].stepU(xp, 0, u0), g[1].stepU(xp, 0, u1), g[2].stepU(xp, 0, u2), g[3].stepU(xp, 0, u3)
				u0, u1, u2, u3 = g[0].stepU(xp, 0, u0), g[1].stepU(xp, 0, u1), g[2].stepU(xp, 0, u2), g[3].stepU(xp, 0, u3)
				u0, u1, u2, u3 = g[0].stepU(xp, 0, u0), g[1].stepU(xp, 0, u1), g[2].stepU(xp, 0, u2), g[3].stepU(xp, 0, u3)
				out[i] += g[0].leafU(u0)
				out[i] += g[1].leafU(u1)
				out[i] += g[2].leafU(u2)
				out[i] += g[3].leafU(u3)
				continue
			}
			k0, k1, k2, k3 := 1, 1, 1, 1
			for s := depth; s > 0; s-- {
				k0 = 2*k0 + b2i(x[g[0].feat[k0&63]&63] > g[0].thr[k0&63])
				k1 = 2*k1 + b2i(x[g[1].feat[k1&63]&63] > g[1].thr[k1&63])
				k2 = 2*k2 + b2i(x[g[2].feat[k2&63]&63] > g[2].thr[k2&63])
				k3 = 2*k3 + b2i(x[g[3].feat[k3&63]&63] > g[3].thr[k3&63])
			}
			out[i] += g[0].val[k0&63]
			out[i] += g[1].val[k1&63]
			out[i] += g[2].val[k2&63]
			out[i] += g[3].val[k3&63]
		}
		for t := t4; t < len(sf.trees); t++ {
			tr := &sf.trees[t]
			k := 1
			for s := depth; s > 0; s-- {
				k = 2*k + b2i(x[tr.feat[k&63]&63] > tr.thr[k&63])
			}
			out[i] += tr.val[k&63]
		}
	}
	return true
}

// rowsPool keeps predictAll's row arrays (512 bytes a row) for the next
// call: allocating them afresh was a fifth of the bytes the batch command
// allocated.
var rowsPool sync.Pool

func getRows(n int) *[][64]float64 {
	rp, _ := rowsPool.Get().(*[][64]float64)
	if rp == nil {
		rp = new([][64]float64)
	}
	if cap(*rp) < n {
		*rp = make([][64]float64, n)
	}
	*rp = (*rp)[:n]
	return rp
}

// putRows returns rows to the pool unless they are unusually many.
func putRows(rp *[][64]float64) {
	if cap(*rp) <= 1<<14 {
		rowsPool.Put(rp)
	}
}
