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

// The padded, interleaved walks (binned layout up to depth 6, complete
// layout at any depth) each give exactly the plain walk's values, also
// for NaN, ±Inf, -0 and values equal to a threshold, for every count of
// rows and trees.
func TestPredictAllLayoutsMatchTreeWalk(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	specials := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), -0.25, 0.5}
	for _, depth := range []int{1, 3, 5, 6, 7, 9} {
		for _, trees := range []int{1, 5, 8} {
			f := randomForest(r, trees, depth, NumFeatures)
			if err := f.check(NumFeatures); err != nil {
				t.Fatal(err)
			}
			f.pack()
			// Random trees may stay shallower than depth: the layout
			// follows the deepest leaf.
			shallow := forestDepth(f) <= 6
			if (f.bin != nil) != shallow {
				t.Fatalf("depth %d (deepest leaf %d): binned layout %v", depth, forestDepth(f), f.bin != nil)
			}
			layouts := map[string]func(X [][]float64, out []float64) bool{
				"PredictAll": func(X [][]float64, out []float64) bool { f.PredictAll(X, out); return true },
				"complete":   func(X [][]float64, out []float64) bool { f.complete.predictAll(X, out); return true },
			}
			if shallow {
				layouts["binned"] = f.bin.predictAll
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
				for name, predict := range layouts {
					got := make([]float64, rows)
					for i := range got {
						got[i] = f.Base
					}
					if !predict(X, got) {
						t.Fatalf("%s: refused rows of %d features", name, NumFeatures)
					}
					for i, x := range X {
						if want := walkTree(&f, x); math.Float64bits(got[i]) != math.Float64bits(want) {
							t.Fatalf("%s, depth %d, %d trees, row %d of %d: %v, tree walk %v", name, depth, trees, i, rows, got[i], want)
						}
					}
				}
			}
		}
	}
}

// A feature's bin counts its distinct thresholds below the value (NaN above
// all of them); a feature with more than 255 thresholds does not fit bytes.
func TestBinForest(t *testing.T) {
	for _, m := range []int{1, 2, 3, 63, 64, 255} {
		f := Forest{}
		var ts []float64
		for j := range m {
			th := float64(j) - float64(m)/2
			ts = append(ts, th)
			// A stump per threshold, each threshold twice (duplicates
			// share an index).
			for range 2 {
				f.Trees = append(f.Trees, Tree{Feat: []int{2, -1, -1}, Thr: []float64{th, 0, 0}, Left: []int{1, -1, -1}, Right: []int{2, -1, -1}, Val: []float64{0, -1, 1}})
			}
		}
		f.pack()
		if f.bin == nil {
			t.Fatalf("%d thresholds: no binned layout", m)
		}
		cuts := f.bin.cuts[2]
		if len(cuts)&(len(cuts)-1) != 0 || len(cuts) <= m || !math.IsInf(cuts[len(cuts)-1], 1) {
			t.Fatalf("%d thresholds: cuts of length %d", m, len(cuts))
		}
		if f.bin.cuts[0] != nil {
			t.Fatalf("feature 0 is read by no tree but has cuts")
		}
		for _, v := range []float64{math.Inf(-1), -1e9, ts[0] - 0.5, ts[0], ts[0] + 0.5, ts[m-1], ts[m-1] + 1, math.Inf(1), math.NaN(), 0, math.Copysign(0, -1)} {
			want := 0
			for _, th := range ts {
				if v > th || v != v {
					want++
				}
			}
			if got := binOfValue(cuts, v); int(got) != want {
				t.Fatalf("%d thresholds, value %v: bin %d, want %d", m, v, got, want)
			}
		}
	}
	f := Forest{}
	for j := range 256 {
		f.Trees = append(f.Trees, Tree{Feat: []int{0, -1, -1}, Thr: []float64{float64(j), 0, 0}, Left: []int{1, -1, -1}, Right: []int{2, -1, -1}, Val: []float64{0, -1, 1}})
	}
	f.pack()
	if f.bin != nil {
		t.Fatal("256 distinct thresholds of one feature: binned layout built")
	}
	X := [][]float64{make([]float64, NumFeatures)}
	X[0][0] = 100.5
	got := []float64{0}
	f.PredictAll(X, got)
	if want := walkTree(&f, X[0]); got[0] != want {
		t.Fatalf("256 distinct thresholds of one feature: %v, tree walk %v", got[0], want)
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
