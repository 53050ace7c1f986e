package clustereval

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/chorusnews/chorus/internal/cluster"
)

// JoinData is training data for the join model: rows of
// len(cluster.JoinFeatureNames) features and their labels.
type JoinData struct {
	X []float64
	Y []bool
	W []float64 // row weights
}

// Rows is the number of rows.
func (d *JoinData) Rows() int { return len(d.Y) }

// Positives is the number of rows labelled 1.
func (d *JoinData) Positives() int {
	n := 0
	for _, y := range d.Y {
		if y {
			n++
		}
	}
	return n
}

// storyGold tracks the gold labels of a story's articles and its majority.
type storyGold struct {
	counts   map[string]int
	majority string
	top      int
}

func (s *storyGold) add(g string) {
	if s.counts == nil {
		s.counts = map[string]int{}
	}
	s.counts[g]++
	// Ties keep the earlier majority, so the label never depends on map order.
	if n := s.counts[g]; n > s.top {
		s.majority, s.top = g, n
	}
}

// TraceJoin clusters the items in order with opts (the rule, or the join
// model opts carries) and appends to d, for every article that is not a
// near-copy, the join features of its best candidate stories, each
// labelled by whether the story's majority gold label (over the articles
// assigned to it so far) is the article's gold label. It returns the
// run's score.
func TraceJoin(ctx context.Context, items []Item, opts cluster.Options, workers int, d *JoinData) (Result, error) {
	gold := make(map[string]string, len(items))
	for _, it := range items {
		gold[it.In.ID] = it.Gold
	}
	var stories []storyGold
	opts.Trace = func(id string, rows []cluster.JoinRow) {
		g := gold[id]
		for _, r := range rows {
			d.X = append(d.X, r.X...)
			d.Y = append(d.Y, r.Story < len(stories) && stories[r.Story].majority == g)
			d.W = append(d.W, 1)
		}
	}
	c, err := cluster.NewOnline(opts)
	if err != nil {
		return Result{}, err
	}
	pred := make([]int, 0, len(items))
	golds := make([]string, len(items))
	for i, it := range items {
		golds[i] = it.Gold
	}
	k := 0
	err = Stream(ctx, c, workers, func() (cluster.Input, error) {
		if k == len(items) {
			return cluster.Input{}, io.EOF
		}
		k++
		return items[k-1].In, nil
	}, func(in cluster.Input, a cluster.Assignment) error {
		for a.Story >= len(stories) {
			stories = append(stories, storyGold{})
		}
		stories[a.Story].add(gold[in.ID])
		pred = append(pred, a.Story)
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	s, err := cluster.BCubed(pred, golds)
	if err != nil {
		return Result{}, err
	}
	return Result{BCubedScore: s, Stories: c.Stories()}, nil
}

// JoinSet is one named training stream.
type JoinSet struct {
	Name  string
	Items []Item
	// Group names sets whose rows share one weight (GroupWeight).
	Group string
}

// TrainJoinOptions controls TrainJoin.
type TrainJoinOptions struct {
	// Train are the streams whose traces train the model; Tune those on
	// which the probability threshold is chosen (mean B-cubed F1).
	Train, Tune []JoinSet
	// Rounds: round 1 traces the streams with the similarity rule; every
	// further round traces them again with the previous round's model and
	// adds those rows (so the model also learns from the states its own
	// decisions lead to).
	Rounds int
	// GroupWeight is the weight of the rows of each set group; 0 (or a
	// missing group) gives the group's rows together the weight of all the
	// ungrouped rows, so a small set is not drowned by a large one.
	GroupWeight map[string]float64
	Lambda      float64
	// Rescue trains the model for Options.JoinRescue: thresholds are
	// chosen, and later rounds traced, with the rule deciding first.
	Rescue bool
	// Trees, when Trees.Trees > 0, fits boosted trees instead of the
	// logistic regression.
	Trees   cluster.GBDTParams
	Iters   int
	Grid    []float64
	Base    cluster.Options
	Workers int
	Log     io.Writer
	Source  string
}

// TrainJoin traces the training streams, fits the join model and chooses
// its threshold. The result depends only on the inputs and options.
func TrainJoin(ctx context.Context, o TrainJoinOptions) (*cluster.JoinModel, error) {
	if len(o.Train) == 0 || len(o.Tune) == 0 {
		return nil, fmt.Errorf("train join: no training or tuning streams")
	}
	if o.Rounds < 1 {
		o.Rounds = 1
	}
	logf := func(format string, args ...any) {
		if o.Log != nil {
			fmt.Fprintf(o.Log, format, args...)
		}
	}
	for _, s := range o.Tune {
		r, err := RunChorus(ctx, s.Items, o.Base, o.Workers)
		if err != nil {
			return nil, err
		}
		logf("rule (threshold %.2f) on %s: F1 %.4f\n", o.Base.Threshold, s.Name, r.F1)
	}
	var data JoinData
	var model *cluster.JoinModel
	group := make([]string, 0) // group of each row
	for round := 1; round <= o.Rounds; round++ {
		opts := o.Base
		opts.Join, opts.Learned, opts.JoinRescue = model, model != nil, o.Rescue
		for _, s := range o.Train {
			r, err := TraceJoin(ctx, s.Items, opts, o.Workers, &data)
			if err != nil {
				return nil, fmt.Errorf("train join: %s: %w", s.Name, err)
			}
			for len(group) < data.Rows() {
				group = append(group, s.Group)
			}
			logf("round %d: traced %s (%d articles, F1 %.4f): %d rows, %d positive\n", round, s.Name, len(s.Items), r.F1, data.Rows(), data.Positives())
		}
		count := map[string]int{}
		for _, g := range group {
			count[g]++
		}
		for i, g := range group {
			w := 1.0
			if g != "" {
				w = o.GroupWeight[g]
				if w == 0 {
					w = float64(count[""]) / float64(count[g])
				}
			}
			data.W[i] = w
		}
		if round == 1 {
			nf := len(cluster.JoinFeatureNames)
			for i, name := range cluster.JoinFeatureNames {
				lo, hi, pos, neg, np := math.Inf(1), math.Inf(-1), 0.0, 0.0, 0
				for r := range data.Y {
					v := data.X[r*nf+i]
					lo, hi = min(lo, v), max(hi, v)
					if data.Y[r] {
						pos += v
						np++
					} else {
						neg += v
					}
				}
				logf("  feature %-12s min %9.4f max %9.4f mean+ %8.4f mean- %8.4f\n", name, lo, hi, pos/float64(max(np, 1)), neg/float64(max(data.Rows()-np, 1)))
			}
		}
		var m *cluster.JoinModel
		var err error
		if o.Trees.Trees > 0 {
			m, err = cluster.FitJoinGBDT(data.X, data.Y, data.W, o.Trees)
		} else {
			m, err = cluster.FitJoinModel(data.X, data.Y, data.W, o.Lambda, o.Iters)
		}
		if err != nil {
			return nil, err
		}
		if err := chooseThreshold(ctx, m, o, logf); err != nil {
			return nil, err
		}
		model = m
	}
	if len(model.Trees) == 0 {
		var w strings.Builder
		for i, n := range model.Features {
			fmt.Fprintf(&w, " %s=%.3f", n, model.Weights[i])
		}
		logf("weights (standardised):%s bias=%.3f\n", w.String(), model.Bias)
	}
	model.Source = o.Source
	model.Rescue = o.Rescue
	return model, nil
}

// chooseThreshold sets m.Threshold to the grid value with the best mean
// B-cubed F1 over the tuning streams (ties to the lower value).
func chooseThreshold(ctx context.Context, m *cluster.JoinModel, o TrainJoinOptions, logf func(string, ...any)) error {
	grid := o.Grid
	if len(grid) == 0 {
		grid = Grid(0.05, 0.8, 0.05)
	}
	best, bestF := grid[0], -1.0
	for _, t := range grid {
		m.Threshold = t
		opts := o.Base
		opts.Join, opts.Learned, opts.JoinRescue = m, true, o.Rescue
		sum := 0.0
		var parts []string
		for _, s := range o.Tune {
			r, err := RunChorus(ctx, s.Items, opts, o.Workers)
			if err != nil {
				return fmt.Errorf("train join: tune %s: %w", s.Name, err)
			}
			sum += r.F1
			parts = append(parts, fmt.Sprintf("%s %.4f", s.Name, r.F1))
		}
		f := sum / float64(len(o.Tune))
		logf("  threshold %.2f: mean F1 %.4f (%s)\n", t, f, strings.Join(parts, ", "))
		if f > bestF {
			best, bestF = t, f
		}
	}
	m.Threshold = best
	logf("chose threshold %.2f (mean F1 %.4f)\n", best, bestF)
	return nil
}

// ShuffledCopy returns the items shuffled with seed, leaving items as they are.
func ShuffledCopy(items []Item, seed uint64) []Item {
	c := slices.Clone(items)
	Shuffle(c, seed)
	return c
}
