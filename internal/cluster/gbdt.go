package cluster

import (
	"fmt"
	"math"
	"slices"
)

// JoinNode is one node of a regression tree of the boosted join model: an
// inner node sends x to Left when x[Feature] <= Threshold, else to Right;
// a leaf (Feature < 0) adds Value to the log-odds.
type JoinNode struct {
	Feature   int     `json:"f"`
	Threshold float64 `json:"t,omitempty"`
	Left      int     `json:"l,omitempty"`
	Right     int     `json:"r,omitempty"`
	Value     float64 `json:"v,omitempty"`
}

// JoinTree is a regression tree; node 0 is the root.
type JoinTree []JoinNode

func (t JoinTree) eval(x []float64) float64 {
	i := 0
	for range len(t) {
		n := t[i]
		if n.Feature < 0 {
			return n.Value
		}
		if x[n.Feature] <= n.Threshold {
			i = n.Left
		} else {
			i = n.Right
		}
	}
	return 0
}

func (t JoinTree) validate(features int) error {
	for i, n := range t {
		if n.Feature < 0 {
			if math.IsNaN(n.Value) || math.IsInf(n.Value, 0) {
				return fmt.Errorf("leaf %d has value %v", i, n.Value)
			}
			continue
		}
		if n.Feature >= features || n.Left <= i || n.Right <= i || n.Left >= len(t) || n.Right >= len(t) {
			return fmt.Errorf("node %d is malformed", i)
		}
	}
	if len(t) == 0 {
		return fmt.Errorf("empty tree")
	}
	return nil
}

// GBDTParams controls FitJoinGBDT.
type GBDTParams struct {
	Trees, Depth, Bins int
	Rate, Lambda       float64
	// MinHess is the least summed hessian (weighted p(1-p)) of a leaf.
	MinHess float64
}

// FitJoinGBDT fits gradient-boosted regression trees on the logistic loss
// (histogram splits over quantile bins) to the rows x (row-major, of
// len(JoinFeatureNames) features), labels y and weights wt (nil: all 1).
// Deterministic. The threshold is left at 0.5.
func FitJoinGBDT(x []float64, y []bool, wt []float64, p GBDTParams) (*JoinModel, error) {
	nf := len(JoinFeatureNames)
	rows := len(y)
	if rows == 0 || len(x) != rows*nf {
		return nil, fmt.Errorf("cluster: fit join trees: %d values for %d rows of %d features", len(x), rows, nf)
	}
	if wt == nil {
		wt = make([]float64, rows)
		for i := range wt {
			wt[i] = 1
		}
	}
	if p.Bins < 2 || p.Bins > 256 || p.Depth < 1 || p.Trees < 1 {
		return nil, fmt.Errorf("cluster: fit join trees: bad parameters %+v", p)
	}
	var sw, sp float64
	for r := range rows {
		sw += wt[r]
		if y[r] {
			sp += wt[r]
		}
	}
	if sp == 0 || sp == sw {
		return nil, fmt.Errorf("cluster: fit join trees: need both labels")
	}
	// Quantile bin edges per feature; bin b holds values <= edges[b].
	edges := make([][]float64, nf)
	bins := make([]uint8, rows*nf)
	col := make([]float64, rows)
	for f := range nf {
		for r := range rows {
			col[r] = x[r*nf+f]
		}
		s := slices.Clone(col)
		slices.Sort(s)
		var e []float64
		for b := 1; b < p.Bins; b++ {
			v := s[b*rows/p.Bins]
			if len(e) == 0 || v > e[len(e)-1] {
				e = append(e, v)
			}
		}
		edges[f] = e
		for r, v := range col {
			bins[r*nf+f] = uint8(min(binOf(e, v), 255))
		}
	}
	m := &JoinModel{Features: slices.Clone(JoinFeatureNames), Threshold: 0.5, Bias: math.Log(sp / (sw - sp))}
	m.Mean, m.Scale, m.Weights = make([]float64, nf), make([]float64, nf), make([]float64, nf)
	for i := range m.Scale {
		m.Scale[i] = 1
	}
	score := make([]float64, rows)
	for r := range score {
		score[r] = m.Bias
	}
	g := make([]float64, rows)
	h := make([]float64, rows)
	node := make([]int32, rows) // current node of each row
	type hist struct{ g, h float64 }
	hg := make([]hist, nf*p.Bins)
	for range p.Trees {
		for r := range rows {
			q := 1 / (1 + math.Exp(-score[r]))
			t := 0.0
			if y[r] {
				t = 1
			}
			g[r] = wt[r] * (q - t)
			h[r] = wt[r] * max(q*(1-q), 1e-9)
			node[r] = 0
		}
		tree := JoinTree{{Feature: -1}}
		frontier := []int{0}
		for depth := 0; depth < p.Depth && len(frontier) > 0; depth++ {
			var next []int
			for _, nd := range frontier {
				clear(hg)
				var G, H float64
				for r := range rows {
					if int(node[r]) != nd {
						continue
					}
					G += g[r]
					H += h[r]
					for f := range nf {
						b := &hg[f*p.Bins+int(bins[r*nf+f])]
						b.g += g[r]
						b.h += h[r]
					}
				}
				parent := G * G / (H + p.Lambda)
				bestGain, bestF, bestB := 1e-9, -1, -1
				for f := range nf {
					var gl, hl float64
					for b := 0; b < len(edges[f]); b++ {
						gl += hg[f*p.Bins+b].g
						hl += hg[f*p.Bins+b].h
						gr, hr := G-gl, H-hl
						if hl < p.MinHess || hr < p.MinHess {
							continue
						}
						gain := gl*gl/(hl+p.Lambda) + gr*gr/(hr+p.Lambda) - parent
						if gain > bestGain {
							bestGain, bestF, bestB = gain, f, b
						}
					}
				}
				if bestF < 0 {
					tree[nd].Value = -G / (H + p.Lambda) * p.Rate
					continue
				}
				l, rt := len(tree), len(tree)+1
				tree[nd] = JoinNode{Feature: bestF, Threshold: edges[bestF][bestB], Left: l, Right: rt}
				tree = append(tree, JoinNode{Feature: -1}, JoinNode{Feature: -1})
				for r := range rows {
					if int(node[r]) == nd {
						if int(bins[r*nf+bestF]) <= bestB {
							node[r] = int32(l)
						} else {
							node[r] = int32(rt)
						}
					}
				}
				next = append(next, l, rt)
			}
			frontier = next
		}
		// Leaves left at the last depth get their values now.
		if len(frontier) > 0 {
			sg := make(map[int][2]float64, len(frontier))
			for r := range rows {
				v := sg[int(node[r])]
				v[0] += g[r]
				v[1] += h[r]
				sg[int(node[r])] = v
			}
			for _, nd := range frontier {
				v := sg[nd]
				tree[nd].Value = -v[0] / (v[1] + p.Lambda) * p.Rate
			}
		}
		for r := range rows {
			score[r] += tree[node[r]].Value
		}
		m.Trees = append(m.Trees, tree)
	}
	return m, nil
}

// binOf returns the bin of v: the first edge >= v, or len(edges).
func binOf(edges []float64, v float64) int {
	i, _ := slices.BinarySearch(edges, v)
	return i
}
