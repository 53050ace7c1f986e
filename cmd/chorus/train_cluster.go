package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/chorusnews/chorus/internal/cluster"
	"github.com/chorusnews/chorus/internal/clustereval"
)

// runTrainCluster trains the learned join decision of story clustering
// (cluster.JoinModel) on streams built from training data only and writes
// the model file. The same flags and data give the same file.
func runTrainCluster(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("train cluster", "train cluster [--multinews FILE --train-clusters N] [--ecb FILE] --out FILE [flags]", stderr)
	mn := fs.String("multinews", "../shared/data/multinews/train.jsonl.gz", "Multi-News TRAIN file (one cluster per line); empty: none")
	trainClusters := fs.Int("train-clusters", 20000, "use only the first N clusters of --multinews (the rest stays untouched for evaluation)")
	mixes := fs.Int("mixes", 2, "shuffled mixes of --mix-clusters clusters drawn from the training part (seeds 1..N)")
	mixClusters := fs.Int("mix-clusters", 2000, "clusters per mix")
	full := fs.Bool("full-stream", false, "also trace one shuffled stream of the whole training part (dense stream, many live stories)")
	minWords := fs.Int("min-words", 20, "drop Multi-News documents with fewer words")
	ecb := fs.String("ecb", "../shared/data/ecbplus/docs.jsonl.gz", "ECB+ file whose TRAIN split (gold subtopic) is traced and tuned on; empty: none")
	ecbOrders := fs.Int("ecb-orders", 3, "ECB+ train arrival orders traced: file order and shuffles with seeds 1..N-1")
	tuneSeed := fs.Uint64("tune-seed", 101, "seed of the Multi-News tuning mix (drawn from the training part)")
	rounds := fs.Int("rounds", 1, "tracing rounds: the first with the similarity rule, later ones with the previous model")
	lambda := fs.Float64("lambda", 1, "L2 penalty of the logistic regression")
	trees := fs.Int("trees", 150, "boosted trees to fit (0: a logistic regression instead)")
	depth := fs.Int("depth", 3, "tree depth (with --trees)")
	rate := fs.Float64("rate", 0.1, "boosting learning rate (with --trees)")
	tuneFull := fs.Bool("tune-full", false, "also choose the threshold on the whole-training-part stream (needs --full-stream)")
	gridLo := fs.Float64("grid-lo", 0.05, "lowest probability threshold tried")
	gridHi := fs.Float64("grid-hi", 0.8, "highest probability threshold tried")
	gridStep := fs.Float64("grid-step", 0.05, "threshold grid step")
	rescue := fs.Bool("rescue", true, "choose the threshold for --join-rescue use (the rule decides first, the model rescues)")
	out := fs.String("out", "internal/cluster/joinmodel.json", "model file to write")
	lsaIn := fs.String("lsa", "", "LSA table file giving the join model its dense feature")
	ecbWeight := fs.Float64("ecb-weight", 0, "weight of the ECB+ rows in the fit; 0 gives the ECB+ rows together the same weight as the Multi-News rows")
	lsaOut := fs.String("lsa-out", "", "first fit the LSA table on the documents of the training part and write it here (and use it)")
	lsaVocab := fs.Int("lsa-vocab", 20000, "terms in the LSA table")
	lsaDims := fs.Int("lsa-dims", 64, "dimensions of the LSA table")
	lsaMinDF := fs.Int("lsa-min-df", 5, "LSA terms must occur in at least this many documents")
	lsaOnly := fs.Bool("lsa-only", false, "stop after writing --lsa-out")
	workers := fs.Int("workers", 2, "feature-extraction goroutines")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *out == "" || (*mn == "" && *ecb == "") {
		return fmt.Errorf("%w: need --out and at least one of --multinews, --ecb", errUsage)
	}
	var o clustereval.TrainJoinOptions
	o.Base = cluster.DefaultOptions()
	if *lsaOut != "" {
		if *mn == "" {
			return fmt.Errorf("%w: --lsa-out needs --multinews", errUsage)
		}
		items, err := clustereval.MultiNewsMixRange(*mn, 0, *trainClusters, 0, 1, *minWords)
		if err != nil {
			return err
		}
		ins := make([]cluster.Input, len(items))
		for i, it := range items {
			ins[i] = it.In
		}
		l, err := cluster.FitLSA(ins, o.Base, *lsaVocab, *lsaDims, *lsaMinDF, 1)
		if err != nil {
			return err
		}
		b, err := l.MarshalBinary()
		if err != nil {
			return err
		}
		if err := os.WriteFile(*lsaOut, b, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s (%d terms x %d dims, %d bytes) from %d documents\n", *lsaOut, l.Terms(), l.Dims, len(b), len(ins))
		if *lsaOnly {
			return nil
		}
		o.Base.LSA = l
	}
	if *lsaIn != "" && *lsaOut == "" {
		b, err := os.ReadFile(*lsaIn)
		if err != nil {
			return err
		}
		l, err := cluster.ParseLSA(b)
		if err != nil {
			return fmt.Errorf("%s: %w", *lsaIn, err)
		}
		o.Base.LSA = l
	}
	if *mn != "" {
		for seed := 1; seed <= *mixes; seed++ {
			items, err := clustereval.MultiNewsMixRange(*mn, 0, *trainClusters, *mixClusters, uint64(seed), *minWords)
			if err != nil {
				return err
			}
			o.Train = append(o.Train, clustereval.JoinSet{Name: fmt.Sprintf("mn-mix%d", seed), Items: items})
		}
		if *full {
			items, err := clustereval.MultiNewsMixRange(*mn, 0, *trainClusters, 0, 1, *minWords)
			if err != nil {
				return err
			}
			o.Train = append(o.Train, clustereval.JoinSet{Name: "mn-full", Items: items})
			if *tuneFull {
				o.Tune = append(o.Tune, clustereval.JoinSet{Name: "mn-full", Items: items})
			}
		}
		items, err := clustereval.MultiNewsMixRange(*mn, 0, *trainClusters, *mixClusters, *tuneSeed, *minWords)
		if err != nil {
			return err
		}
		o.Tune = append(o.Tune, clustereval.JoinSet{Name: "mn-tune", Items: items})
	}
	if *ecb != "" {
		items, err := clustereval.LoadLabelled(*ecb, "subtopic", "train")
		if err != nil {
			return err
		}
		for k := 0; k < max(*ecbOrders, 1); k++ {
			o.Train = append(o.Train, clustereval.JoinSet{Name: fmt.Sprintf("ecb-train-order%d", k), Items: clustereval.ShuffledCopy(items, uint64(k)), Group: "ecb"})
		}
		o.Tune = append(o.Tune, clustereval.JoinSet{Name: "ecb-train", Items: items})
	}
	o.Trees = cluster.GBDTParams{Trees: *trees, Depth: *depth, Bins: 64, Rate: *rate, Lambda: 1, MinHess: 5}
	o.Rescue = *rescue
	o.Grid = clustereval.Grid(*gridLo, *gridHi, *gridStep)
	o.GroupWeight = map[string]float64{"ecb": *ecbWeight}
	o.Rounds, o.Lambda, o.Iters, o.Workers, o.Log = *rounds, *lambda, 30, *workers, stderr
	o.Source = fmt.Sprintf("chorus train cluster %s", strings.Join(args, " "))
	m, err := clustereval.TrainJoin(ctx, o)
	if err != nil {
		return err
	}
	n, err := writeModel(*out, m)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes), threshold %.2f\n", *out, n, m.Threshold)
	return nil
}
