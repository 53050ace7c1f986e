package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/chorusnews/chorus/internal/cluster"
	"github.com/chorusnews/chorus/internal/clustereval"
)

// runEvalCluster scores story clustering with B-cubed against gold labels,
// chorus beside the single-pass tf-idf baseline.
func runEvalCluster(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval cluster", `eval cluster (--data FILE [--gold-key KEY] [--split S] [--tune-split S] | --multinews FILE [--clusters N --seed N --min-words N])

Scores story clustering against gold labels with B-cubed precision, recall
and F1, chorus beside the in-project single-pass tf-idf baseline on the
same articles in the same run. --data reads labelled JSON Lines (ECB+:
gold key "subtopic", --split train|dev); --multinews builds a reproducible
mix: the documents of --clusters Multi-News clusters (0: all) shuffled by
--seed, gold = cluster. Prints per system: join threshold, P, R, F1,
stories, candidate stories scored per article and microseconds per
article. The chorus flags below override single clustering options.`, stderr)
	data := fs.String("data", "", "labelled JSON Lines file (.gz allowed), e.g. ../shared/data/ecbplus/docs.jsonl.gz")
	goldKey := fs.String("gold-key", "subtopic", "field holding the gold cluster label (with --data)")
	split := fs.String("split", "", "keep only lines whose \"split\" is this (with --data); empty keeps all")
	tuneSplit := fs.String("tune-split", "", "choose both systems' thresholds on this split, then report --split (with --data)")
	orderSeed := fs.Uint64("order-seed", 0, "shuffle the articles with this seed before streaming them (0 keeps file order; with --data)")
	orders := fs.Int("orders", 1, "average every score over this many shuffled arrival orders (seeds 1..N); 1 uses the (--order-seed) order")
	mn := fs.String("multinews", "", "Multi-News file to re-mix (one cluster per line)")
	clusters := fs.Int("clusters", 2000, "number of Multi-News clusters in the mix (0 = all)")
	seed := fs.Uint64("seed", 1, "seed of the Multi-News mix")
	minWords := fs.Int("min-words", 20, "drop Multi-News documents with fewer words")
	prefix := fs.Int("prefix", 0, "with --multinews: keep only the first N articles of the shuffled mix (0 = all)")
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
	idfPower := fs.Float64("idf-power", def.IDFPower, "chorus: power of the IDF in term weights")
	members := fs.Int("members", def.Members, "chorus: member vectors kept per story (0 = centroid only)")
	memberWeight := fs.Float64("member-weight", def.MemberWeight, "chorus: factor on the best member cosine")
	leadWeight := fs.Float64("lead-weight", def.LeadWeight, "chorus: weight of the body's first --lead-words words")
	leadWords := fs.Int("lead-words", def.LeadWords, "chorus: length of the lead in words")
	sizePenalty := fs.Float64("size-penalty", def.SizePenalty, "chorus: threshold increase per doubling of a story's size")
	avgLink := fs.Float64("avg-link", def.AvgLink, "chorus: share of average linkage: negative = centroid cosine, 1 = average link to members")
	entitySim := fs.Float64("entity-sim", def.EntitySim, "chorus: share of the proper-noun cosine in the similarity")
	splitRatio := fs.Float64("split-ratio", def.SplitRatio, "chorus: split a young story whose two groups are less than this times as close to each other as inside (negative = never)")
	splitMembers := fs.Int("split-members", def.SplitMembers, "chorus: a story can split while it has at most this many articles")
	dupThreshold := fs.Float64("dup-threshold", def.DupThreshold, "chorus: shingle Jaccard of a near-copy")
	maxCopies := fs.Int("max-copies", def.MaxCopies, "chorus: a near-copy family this large is a template; later copies stay alone (negative = no limit)")
	idleArticles := fs.Int("idle-articles", def.IdleArticles, "chorus: evict stories idle for this many articles (negative = never)")
	boilerDocs := fs.Int("boiler-docs", def.BoilerDocs, "chorus: a sentence seen in this many earlier articles is boilerplate, left out of vectors (negative = off)")
	densitySlope := fs.Float64("density-slope", def.DensitySlope, "chorus: threshold increase per doubling of live stories above --density-stories")
	densityStories := fs.Int("density-stories", def.DensityStories, "chorus: live stories from which the threshold rises")
	learned := fs.Bool("learned", def.Learned, "chorus: decide joins with the learned join model instead of the similarity threshold")
	lsaFile := fs.String("lsa", "", "chorus: LSA table file (from chorus train cluster --lsa-out) giving the join model its dense feature")
	joinModel := fs.String("join-model", "", "chorus: join model file (implies --learned; default: the embedded one)")
	joinThreshold := fs.Float64("join-threshold", 0, "chorus: probability threshold of the join model (0 = the model's)")
	rescue := fs.Bool("join-rescue", def.JoinRescue, "chorus: the rule decides first; the join model only rescues articles the rule would leave alone")
	fromCluster := fs.Int("from-cluster", 0, "with --multinews: use only clusters numbered from N (0-based file line)")
	toCluster := fs.Int("to-cluster", 0, "with --multinews: use only clusters numbered below N (0 = to the end)")
	runnerUp := fs.Float64("runner-up", def.RunnerUp, "chorus: in a dense stream, subtract this times the runner-up story's similarity before the join test (0 = off)")
	denseThreshold := fs.Float64("dense-threshold", def.DenseThreshold, "chorus: join threshold of the runner-up test in a dense stream")
	standout := fs.Int("standout-cands", def.StandoutCands, "chorus: in a sparse stream, the runner-up test also admits a join for articles with at least this many candidates (0 = off)")
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
	opts.IDFPower, opts.Members, opts.MemberWeight = *idfPower, *members, *memberWeight
	opts.LeadWeight, opts.LeadWords, opts.SizePenalty = *leadWeight, *leadWords, *sizePenalty
	opts.EntitySim, opts.AvgLink = *entitySim, *avgLink
	opts.SplitRatio, opts.SplitMembers = *splitRatio, *splitMembers
	opts.MaxCopies = *maxCopies
	opts.DensitySlope, opts.DensityStories = *densitySlope, *densityStories
	opts.BoilerDocs = *boilerDocs
	opts.IdleArticles = *idleArticles
	opts.RunnerUp, opts.DenseThreshold, opts.StandoutCands = *runnerUp, *denseThreshold, *standout
	if *threshold != 0 {
		opts.Threshold = *threshold
	}
	opts.Learned, opts.JoinThreshold, opts.JoinRescue = *learned, *joinThreshold, *rescue
	if *lsaFile != "" {
		b, err := os.ReadFile(*lsaFile)
		if err != nil {
			return err
		}
		l, err := cluster.ParseLSA(b)
		if err != nil {
			return fmt.Errorf("%s: %w", *lsaFile, err)
		}
		opts.LSA = l
	}
	if *joinModel != "" {
		b, err := os.ReadFile(*joinModel)
		if err != nil {
			return err
		}
		m, err := cluster.ParseJoinModel(b)
		if err != nil {
			return fmt.Errorf("%s: %w", *joinModel, err)
		}
		opts.Learned, opts.Join = true, m
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
		name = fmt.Sprintf("%s split=%q gold=%s order-seed=%d orders=%d", *data, *split, *goldKey, *orderSeed, *orders)
		if *tuneSplit != "" {
			if tuneItems, err = clustereval.LoadLabelled(*data, *goldKey, *tuneSplit); err != nil {
				return err
			}
			clustereval.Shuffle(tuneItems, *orderSeed)
		}
	} else {
		if items, err = clustereval.MultiNewsMixRange(*mn, *fromCluster, *toCluster, *clusters, *seed, *minWords); err != nil {
			return err
		}
		if *prefix > 0 && *prefix < len(items) {
			items = items[:*prefix]
		}
		name = fmt.Sprintf("%s mix clusters=%d seed=%d min-words=%d prefix=%d from-cluster=%d to-cluster=%d", *mn, *clusters, *seed, *minWords, *prefix, *fromCluster, *toCluster)
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
			r, err := clustereval.Orders(tuneItems, *orders, func(it []clustereval.Item) (clustereval.Result, error) {
				return clustereval.RunChorus(ctx, it, o, *workers)
			})
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
				r, err := clustereval.Orders(tuneItems, *orders, func(it []clustereval.Item) (clustereval.Result, error) {
					return clustereval.RunBaseline(ctx, it, t)
				})
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
	r, err := clustereval.Orders(items, *orders, func(it []clustereval.Item) (clustereval.Result, error) {
		return clustereval.RunChorus(ctx, it, opts, *workers)
	})
	if err != nil {
		return err
	}
	if opts.Learned || opts.Join != nil {
		m := opts.Join
		if m == nil {
			if m, err = cluster.DefaultJoinModel(); err != nil {
				return err
			}
		}
		t := m.Threshold
		if opts.JoinThreshold > 0 {
			t = opts.JoinThreshold
		}
		name := "chorus-learned"
		if opts.JoinRescue || m.Rescue {
			name = "chorus-rescue"
		}
		printRow(tw, name, t, r)
	} else {
		printRow(tw, "chorus", opts.Threshold, r)
	}
	if *baseline {
		r, err := clustereval.Orders(items, *orders, func(it []clustereval.Item) (clustereval.Result, error) {
			return clustereval.RunBaseline(ctx, it, *bthreshold)
		})
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
