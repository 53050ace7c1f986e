package clustereval

import (
	"context"
	"io"
	"time"

	"github.com/chorusnews/chorus/internal/cluster"
)

// Result is one system's score on one set.
type Result struct {
	cluster.BCubedScore
	Stories int
	// Candidates is the mean number of stories scored per article.
	Candidates float64
	// PerDoc is the mean wall time per article.
	PerDoc time.Duration
}

// RunChorus clusters the items in order with cluster.Online and scores it.
func RunChorus(ctx context.Context, items []Item, opts cluster.Options, workers int) (Result, error) {
	c, err := cluster.NewOnline(opts)
	if err != nil {
		return Result{}, err
	}
	pred := make([]int, 0, len(items))
	gold := make([]string, len(items))
	for i, it := range items {
		gold[i] = it.Gold
	}
	k := 0
	var cands int64
	start := time.Now()
	err = Stream(ctx, c, workers, func() (cluster.Input, error) {
		if k == len(items) {
			return cluster.Input{}, io.EOF
		}
		k++
		return items[k-1].In, nil
	}, func(_ cluster.Input, a cluster.Assignment) error {
		pred = append(pred, a.Story)
		cands += int64(a.Candidates)
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	el := time.Since(start)
	s, err := cluster.BCubed(pred, gold)
	if err != nil {
		return Result{}, err
	}
	return Result{BCubedScore: s, Stories: c.Stories(), Candidates: float64(cands) / float64(len(items)), PerDoc: el / time.Duration(len(items))}, nil
}

// RunBaseline clusters the items in order with the single-pass tf-idf
// baseline and scores it.
func RunBaseline(ctx context.Context, items []Item, threshold float64) (Result, error) {
	b, err := cluster.NewBaseline(threshold, nil)
	if err != nil {
		return Result{}, err
	}
	pred := make([]int, len(items))
	gold := make([]string, len(items))
	stories := 0
	start := time.Now()
	for i, it := range items {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return Result{}, err
			}
		}
		pred[i] = b.Add(it.In)
		stories = max(stories, pred[i]+1)
		gold[i] = it.Gold
	}
	el := time.Since(start)
	s, err := cluster.BCubed(pred, gold)
	if err != nil {
		return Result{}, err
	}
	return Result{BCubedScore: s, Stories: stories, Candidates: float64(b.Candidates) / float64(len(items)), PerDoc: el / time.Duration(len(items))}, nil
}

// Grid is the threshold grid searched when tuning.
func Grid(lo, hi, step float64) []float64 {
	var g []float64
	for t := lo; t <= hi+1e-9; t += step {
		g = append(g, float64(int(t*1000+0.5))/1000)
	}
	return g
}

// Orders runs run on the items in their given order (orders <= 1) or on
// orders shuffles of them (seeds 1..orders) and averages the scores, so a
// setting is not chosen for one lucky arrival order.
func Orders(items []Item, orders int, run func([]Item) (Result, error)) (Result, error) {
	if orders <= 1 {
		return run(items)
	}
	var sum Result
	for seed := 1; seed <= orders; seed++ {
		shuffled := append([]Item(nil), items...)
		Shuffle(shuffled, uint64(seed))
		r, err := run(shuffled)
		if err != nil {
			return Result{}, err
		}
		sum.P += r.P
		sum.R += r.R
		sum.F1 += r.F1
		sum.Items = r.Items
		sum.Stories += r.Stories
		sum.Candidates += r.Candidates
		sum.PerDoc += r.PerDoc
	}
	n := float64(orders)
	sum.P, sum.R, sum.F1, sum.Candidates = sum.P/n, sum.R/n, sum.F1/n, sum.Candidates/n
	sum.Stories = int(float64(sum.Stories)/n + 0.5)
	sum.PerDoc /= time.Duration(orders)
	return sum, nil
}
