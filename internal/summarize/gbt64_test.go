package summarize

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randomForest makes trees of at most depth levels over nf features,
// some of them shallower, with leaves at random depths.
func randomForest(r *rand.Rand, trees, depth, nf int) Forest {
	f := Forest{Base: r.Float64()}
	for range trees {
		var tr Tree
		var grow func(d int) int
		grow = func(d int) int {
			n := len(tr.Feat)
			tr.Feat, tr.Thr, tr.Left, tr.Right, tr.Val = append(tr.Feat, -1), append(tr.Thr, 0), append(tr.Left, -1), append(tr.Right, -1), append(tr.Val, r.NormFloat64())
			if d < depth && (d == 0 || r.IntN(4) > 0) {
				tr.Feat[n], tr.Thr[n] = r.IntN(nf), math.Round(r.NormFloat64()*4)/4
				l := grow(d + 1)
				tr.Left[n] = l
				rt := grow(d + 1)
				tr.Right[n] = rt
			}
			return n
		}
		grow(0)
		f.Trees = append(f.Trees, tr)
	}
	return f
}

// The padded, interleaved walks (small layout up to depth 6, complete
// layout beyond) give exactly the plain walk's values, also for NaN, ±Inf
// and values equal to a threshold, for every count of rows and trees.
func TestPredictAllLayoutsMatchTreeWalk(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	specials := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, -0.25, 0.5}
	for _, depth := range []int{1, 3, 5, 6, 7, 9} {
		for _, trees := range []int{1, 5, 8} {
			f := randomForest(r, trees, depth, NumFeatures)
			if err := f.check(NumFeatures); err != nil {
				t.Fatal(err)
			}
			f.pack()
			// Random trees may stay shallower than depth: the layout
			// follows the deepest leaf.
			if small := f.small != nil; small != (forestDepth(f) <= 6) {
				t.Fatalf("depth %d (deepest leaf %d): small layout %v", depth, forestDepth(f), small)
			}
			for rows := range 11 {
				X := make([][]float64, rows)
				for i := range X {
					X[i] = make([]float64, NumFeatures)
					for j := range X[i] {
						if r.IntN(5) == 0 {
							X[i][j] = specials[r.IntN(len(specials))]
						} else {
							X[i][j] = r.NormFloat64()
						}
					}
				}
				got := make([]float64, rows)
				f.PredictAll(X, got)
				for i, x := range X {
					if want := walkTree(&f, x); math.Float64bits(got[i]) != math.Float64bits(want) {
						t.Fatalf("depth %d, %d trees, row %d of %d: %v, tree walk %v", depth, trees, i, rows, got[i], want)
					}
				}
			}
		}
	}
}

// forestDepth is the depth of the deepest leaf of f (a lone leaf: 0).
func forestDepth(f Forest) int {
	deepest := 0
	for _, tr := range f.Trees {
		var walk func(n, d int)
		walk = func(n, d int) {
			if tr.Feat[n] < 0 {
				deepest = max(deepest, d)
				return
			}
			walk(tr.Left[n], d+1)
			walk(tr.Right[n], d+1)
		}
		walk(0, 0)
	}
	return deepest
}
