package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/chorusnews/chorus/internal/sumeval"
	"github.com/chorusnews/chorus/internal/summarize"
)

// runTrain dispatches "chorus train TASK".
func runTrain(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "cluster" {
		return runTrainCluster(ctx, args[1:], stdin, stdout, stderr)
	}
	if len(args) == 0 || args[0] != "summarize" {
		return fmt.Errorf("%w: chorus train summarize|cluster [flags]", errUsage)
	}
	fs := newFlagSet("train summarize", "train summarize --data FILE --out FILE [flags]", stderr)
	data := fs.String("data", "../shared/data/multinews/train.jsonl.gz", "training clusters with reference summaries (never the validation or test split)")
	out := fs.String("out", "internal/summarize/model/summarizer.json", "model file to write")
	limit := fs.Int("limit", 0, "use only the first N clusters (0: all)")
	fold := fs.Int("fold", 3, "cross-fitting folds: each fold's features use word statistics of the other folds")
	maxTree := fs.Int("tree-clusters", 0, "cap on clusters used to fit the trees (0: all)")
	minCount := fs.Int("min-count", 5, "keep words seen in at least this many clusters")
	trees := fs.Int("trees", 250, "boosting rounds")
	depth := fs.Int("depth", 6, "tree depth")
	rate := fs.Float64("rate", 0.12, "learning rate")
	minLeaf := fs.Int("min-leaf", 100, "minimum sentences per leaf")
	base := fs.Float64("length-base", 200, "target words: base ...")
	perDoc := fs.Float64("length-per-doc", 20, "... plus this per document")
	lmin := fs.Int("length-min", 100, "target words: lower bound")
	lmax := fs.Int("length-max", 300, "target words: upper bound")
	red := fs.Float64("redundancy", 0.3, "decoder penalty per share of covered content words")
	bigram := fs.Float64("bigram", 0.3, "decoder penalty per share of covered content word pairs")
	minTok := fs.Int("min-tokens", 5, "decoder skips sentences with fewer tokens")
	maxOver := fs.Float64("max-overlap", 0.8, "decoder skips sentences whose content words are covered beyond this share")
	blendW := fs.Float64("blend-weight", 8, "centrality mixed into scores for inputs longer than the training documents")
	blendFrom := fs.Float64("blend-from", 12, "sentences per document where the blend starts")
	blendFull := fs.Float64("blend-full", 24, "sentences per document where the blend reaches its weight")
	blendLong := fs.Int("blend-max-sentence-words", 45, "on such long inputs, skip sentences longer than this (0: keep all)")
	concepts := fs.Float64("blend-concepts", 20, "on long inputs, weight of new token-pair coverage in the decoder (0: off)")
	expected := fs.Float64("expected", 0.15, "decoder penalty per share of a sentence's expected reference token pairs already covered (needs the pair model)")
	gain := fs.Float64("gain", 0, "decoder bonus per mean probability of a sentence's uncovered token pairs (needs the pair model)")
	label := fs.String("label", "oracle+prec", "training target: oracle+prec, oracle+prec+ext, oracle+prec2, prec, prec2 or oracle")
	extWeight := fs.Float64("ext-weight", 0.5, "with --label oracle+prec+ext: label of the sentences the oracle adds after its score stopped rising")
	center := fs.Bool("center", false, "subtract each cluster's mean label")
	objective := fs.String("objective", "mse", "tree objective: mse (regression on the label) or rank (LambdaMART within each cluster)")
	rankTop := fs.Int("rank-top", 20, "with --objective rank: NDCG truncation depth")
	pairClusters := fs.Int("pair-clusters", 9000, "clusters whose token pairs train the pair model behind the con_* features (0: none)")
	lexBits := fs.Int("lexical-bits", 20, "log2 of the lexical model's weight table size")
	biBits := fs.Int("bigram-bits", 21, "log2 of the token-pair prior table size")
	lambda := fs.Float64("lambda", 1, "L2 regularisation of leaf values")
	nnDim := fs.Int("nn-dim", 0, "embedding size of the learnt sentence scorer behind the nn features (0: none)")
	nnBits := fs.Int("nn-bits", 16, "log2 of the learnt scorer's embedding rows (at most --lexical-bits)")
	nnHidden := fs.Int("nn-hidden", 32, "hidden units of the learnt scorer")
	nnEpochs := fs.Int("nn-epochs", 1, "training epochs of the learnt scorer")
	nnRate := fs.Float64("nn-rate", 0.05, "AdaGrad step of the learnt scorer's embeddings")
	nnNetRate := fs.Float64("nn-net-rate", 0.01, "AdaGrad step of the learnt scorer's network")
	nnSeed := fs.Uint64("nn-seed", 1, "random seed of the learnt scorer")
	nnLoss := fs.String("nn-loss", "mse", "loss of the learnt scorer: mse (squared error) or listwise (softmax cross-entropy within each cluster)")
	nnCenter := fs.Bool("nn-center", false, "train the learnt scorer on labels minus their cluster's mean")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *nnLoss != "mse" && *nnLoss != "listwise" {
		return fmt.Errorf("%w: --nn-loss must be mse or listwise, not %q", errUsage, *nnLoss)
	}
	if *data == "" || *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: --data and --out are required", errUsage)
	}
	clusters, err := sumeval.ReadFile(*data, *limit)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "read %d clusters from %s\n", len(clusters), *data)
	m, err := sumeval.Train(ctx, clusters, sumeval.TrainOptions{
		Fold: *fold, MaxTrees: *maxTree, MinCount: *minCount, MaxWords: 300,
		GBT:     summarize.GBTParams{Trees: *trees, Depth: *depth, MinLeaf: *minLeaf, Rate: *rate, Lambda: *lambda, Bins: 64, RankTop: *rankTop},
		Length:  summarize.LengthRule{Base: *base, PerDoc: *perDoc, Min: *lmin, Max: *lmax},
		Decoder: summarize.DecoderParams{Redundancy: *red, Bigram: *bigram, MinTokens: *minTok, MaxOverlap: *maxOver, Expected: *expected, Gain: *gain},
		Blend:   summarize.Blend{Weight: *blendW, From: *blendFrom, Full: *blendFull, MaxSentenceWords: *blendLong, Concepts: *concepts},
		Log:     stderr, Source: *data, Label: *label, ExtWeight: *extWeight, Center: *center, Objective: *objective, PairClusters: *pairClusters, LexicalBits: *lexBits, BigramBits: *biBits,
		Neural: sumeval.NeuralOptions{Bits: *nnBits, Dim: *nnDim, Hidden: *nnHidden, Epochs: *nnEpochs, Rate: *nnRate, NetRate: *nnNetRate, Seed: *nnSeed, Center: *nnCenter, Listwise: *nnLoss == "listwise"},
	})
	if err != nil {
		return err
	}
	n, err := writeModel(*out, m)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s (%d bytes)\n", *out, n)
	return nil
}

// writeModel writes a trained model as one line of JSON and returns its
// size in bytes.
func writeModel(path string, m any) (int, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return 0, err
	}
	b = append(b, '\n')
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return 0, err
	}
	return len(b), nil
}
