package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/chorusnews/chorus/internal/cluster"
	"github.com/chorusnews/chorus/internal/clustereval"
)

// runEvalCluster scores story clustering with B-cubed against gold labels,
// chorus beside the single-pass tf-idf baseline.
func runEvalCluster(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval cluster", "eval cluster (--data FILE [--gold-key KEY] [--split S] [--tune-split S] | --multinews FILE [--clusters N --seed N --min-words N])", stderr)
	data := fs.String("data", "", "labelled JSON Lines file (.gz allowed), e.g. ../shared/data/ecbplus/docs.jsonl.gz")
	goldKey := fs.String("gold-key", "subtopic", "field holding the gold cluster label (with --data)")
	split := fs.String("split", "", "keep only lines whose \"split\" is this (with --data); empty keeps all")
	tuneSplit := fs.String("tune-split", "", "choose both systems' thresholds on this split, then report --split (with --data)")
	orderSeed := fs.Uint64("order-seed", 0, "shuffle the articles with this seed before streaming them (0 keeps file order; with --data)")
	mn := fs.String("multinews", "", "Multi-News file to re-mix (one cluster per line)")
	clusters := fs.Int("clusters", 2000, "number of Multi-News clusters in the mix (0 = all)")
	seed := fs.Uint64("seed", 1, "seed of the Multi-News mix")
	minWords := fs.Int("min-words", 20, "drop Multi-News documents with fewer words")
	tune := fs.Bool("tune", false, "with --multinews: choose thresholds on the mix itself (as the reference figures did)")
	threshold := fs.Float64("threshold", 0, "chorus join threshold (0 = default)")
	bthreshold := fs.Float64("baseline-threshold", 0.3, "baseline join threshold")
	baseline := fs.Bool("baseline", true, "run the baseline too")
	def := cluster.DefaultOptions()
	queryTerms := fs.Int("query-terms", def.QueryTerms, "chorus: salient terms per article used to fetch candidates")
	docTerms := fs.Int("doc-terms", def.DocTerms, "chorus: terms kept per article vector")
	centroidTerms := fs.Int("centroid-terms", def.CentroidTerms, "chorus: terms kept per story centroid")
	maxCand := fs.Int("max-candidates", def.MaxCandidates, "chorus: stories scored per article")
	postingCap := fs.Int("posting-cap", def.PostingCap, "chorus: stories kept per term")
	properBoost := fs.Float64("proper-boost", def.ProperBoost, "chorus: weight factor of capitalised in-sentence words")
	dupThreshold := fs.Float64("dup-threshold", def.DupThreshold, "chorus: shingle Jaccard of a near-copy")
	workers := fs.Int("workers", 2, "feature-extraction goroutines")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if (*data == "") == (*mn == "") {
		return fmt.Errorf("%w: give exactly one of --data and --multinews", errUsage)
	}
	opts := def
	opts.QueryTerms, opts.DocTerms, opts.CentroidTerms = *queryTerms, *docTerms, *centroidTerms
	opts.MaxCandidates, opts.PostingCap = *maxCand, *postingCap
	opts.ProperBoost, opts.DupThreshold = *properBoost, *dupThreshold
	if *threshold != 0 {
		opts.Threshold = *threshold
	}
	if err := opts.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	var items, tuneItems []clustereval.Item
	var name string
	var err error
	if *data != "" {
		if items, err = clustereval.LoadLabelled(*data, *goldKey, *split); err != nil {
			return err
		}
		clustereval.Shuffle(items, *orderSeed)
		name = fmt.Sprintf("%s split=%q gold=%s order-seed=%d", *data, *split, *goldKey, *orderSeed)
		if *tuneSplit != "" {
			if tuneItems, err = clustereval.LoadLabelled(*data, *goldKey, *tuneSplit); err != nil {
				return err
			}
			clustereval.Shuffle(tuneItems, *orderSeed)
		}
	} else {
		if items, err = clustereval.MultiNewsMix(*mn, *clusters, *seed, *minWords); err != nil {
			return err
		}
		name = fmt.Sprintf("%s mix clusters=%d seed=%d min-words=%d", *mn, *clusters, *seed, *minWords)
		if *tune {
			tuneItems = items
		}
	}
	golds := map[string]bool{}
	for _, it := range items {
		golds[it.Gold] = true
	}
	fmt.Fprintf(stdout, "data: %s: %d articles, %d gold clusters\n", name, len(items), len(golds))

	if tuneItems != nil {
		grid := clustereval.Grid(0.10, 0.60, 0.02)
		bestT, bestF := opts.Threshold, -1.0
		for _, t := range grid {
			o := opts
			o.Threshold = t
			r, err := clustereval.RunChorus(ctx, tuneItems, o, *workers)
			if err != nil {
				return err
			}
			if r.F1 > bestF {
				bestT, bestF = t, r.F1
			}
		}
		opts.Threshold = bestT
		fmt.Fprintf(stdout, "tuned on %d articles: chorus threshold %.2f (F1 %.4f)", len(tuneItems), bestT, bestF)
		if *baseline {
			bestT, bestF = *bthreshold, -1.0
			for _, t := range grid {
				r, err := clustereval.RunBaseline(ctx, tuneItems, t)
				if err != nil {
					return err
				}
				if r.F1 > bestF {
					bestT, bestF = t, r.F1
				}
			}
			*bthreshold = bestT
			fmt.Fprintf(stdout, ", baseline threshold %.2f (F1 %.4f)", bestT, bestF)
		}
		fmt.Fprintln(stdout)
	}

	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "system\tthreshold\tP\tR\tF1\tstories\tcand/doc\tus/doc\t")
	r, err := clustereval.RunChorus(ctx, items, opts, *workers)
	if err != nil {
		return err
	}
	printRow(tw, "chorus", opts.Threshold, r)
	if *baseline {
		r, err := clustereval.RunBaseline(ctx, items, *bthreshold)
		if err != nil {
			return err
		}
		printRow(tw, "baseline", *bthreshold, r)
	}
	return tw.Flush()
}

func printRow(w io.Writer, name string, t float64, r clustereval.Result) {
	fmt.Fprintf(w, "%s\t%.2f\t%.4f\t%.4f\t%.4f\t%d\t%.1f\t%.1f\t\n", name, t, r.P, r.R, r.F1, r.Stories, r.Candidates, float64(r.PerDoc.Nanoseconds())/1000)
}
