package sumeval

import (
	"context"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/chorusnews/chorus/internal/rouge"
	"github.com/chorusnews/chorus/internal/summarize"
)

// TrainOptions configure Train.
type TrainOptions struct {
	// Fold: clusters whose index i has i%Fold == 0 train the trees; the
	// others give the word statistics (so the trees see priors as they
	// behave on unseen clusters).
	Fold     int
	MaxTrees int // cap on clusters used for the trees (0: all in the fold)
	MinCount int // keep words seen in at least this many clusters
	GBT      summarize.GBTParams
	Length   summarize.LengthRule
	Decoder  summarize.DecoderParams
	Blend    summarize.Blend
	MaxWords int // oracle length for labels
	Workers  int
	Log      io.Writer
	Source   string // data file name, recorded in the model
	// Label picks the training target: "oracle+prec" (default),
	// "oracle+prec+ext", "oracle+prec2", "prec", "prec2" or "oracle".
	// With "oracle+prec+ext" the greedy oracle goes on past the point where
	// its score stops rising, up to MaxWords, and the sentences it adds
	// there count ExtWeight instead of 1.
	Label     string
	ExtWeight float64
	// Center subtracts each cluster's mean label, so the trees learn to
	// rank sentences within a cluster rather than clusters.
	Center bool
	// LexicalBits and BigramBits size the hashed lexical model and the
	// token-pair prior table (0: 19 and 20).
	LexicalBits, BigramBits int
	// PairClusters caps the clusters whose token pairs train the pair
	// model (0: no pair model).
	PairClusters int
	// Objective is "mse" (default: regression on the labels) or "rank"
	// (LambdaMART: the order of the sentences within each cluster, with
	// the labels as graded relevance).
	Objective string
	// Neural is the learnt sentence scorer behind the nn features
	// (cross-fitted like the lexical model; Dim 0: none).
	Neural NeuralOptions
}

// Train builds a summarizer model from clusters with reference summaries.
// Word statistics (idf, reference priors of words and token pairs) are
// cross-fitted: the clusters are cut into Fold parts by index, and the
// features of part k are computed with statistics from the other parts, so
// the trees see priors as they behave on unseen clusters. The trees are
// gradient-boosted on labels that combine greedy-oracle membership with the
// sentence's ROUGE-1 and ROUGE-2 precision against the reference. The
// shipped word statistics come from all clusters.
func Train(ctx context.Context, clusters []Cluster, o TrainOptions) (*summarize.Model, error) {
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Fold < 2 {
		o.Fold = 3
	}
	switch {
	case o.Objective != "" && o.Objective != "mse" && o.Objective != "rank":
		return nil, fmt.Errorf("train: unknown objective %q (mse or rank)", o.Objective)
	case o.Objective == "rank" && o.Center:
		return nil, fmt.Errorf("train: the rank objective needs labels >= 0, not centred ones")
	}
	if o.LexicalBits == 0 {
		o.LexicalBits = lexicalBits
	}
	if o.BigramBits == 0 {
		o.BigramBits = bigramBits
	}
	if o.LexicalBits < 8 || o.LexicalBits > 24 || o.BigramBits < 8 || o.BigramBits > 24 {
		return nil, fmt.Errorf("train: lexical and bigram bits must be in 8..24, not %d and %d", o.LexicalBits, o.BigramBits)
	}
	logf := func(format string, args ...any) {
		if o.Log != nil {
			fmt.Fprintf(o.Log, format+"\n", args...)
		}
	}
	var use []Cluster
	for _, c := range clusters {
		if len(c.Refs) > 0 {
			use = append(use, c)
		}
	}
	if len(use) < o.Fold {
		return nil, fmt.Errorf("train: need at least %d clusters with references, have %d", o.Fold, len(use))
	}
	t0 := time.Now()
	cs := make([]clusterStats, len(use))
	labs := make([]labels, len(use))
	tks := make(chan *rouge.Tokenizer, o.Workers)
	for range o.Workers {
		tks <- rouge.NewTokenizer()
	}
	parallel(len(use), o.Workers, func(i int) {
		if ctx.Err() != nil {
			return
		}
		tk := <-tks
		cs[i] = newClusterStats(tk, use[i], o.BigramBits)
		labs[i] = label(tk, use[i], o.MaxWords, o.Label, o.ExtWeight, o.Center, o.LexicalBits)
		tks <- tk
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	logf("token statistics and oracle labels of %d clusters (%s)", len(use), time.Since(t0).Round(time.Millisecond))

	var neuralErr error
	if o.Neural.Dim > 0 && (o.Neural.Bits < 8 || o.Neural.Bits > o.LexicalBits) {
		return nil, fmt.Errorf("train: neural bits must be in 8..%d (the lexical bits), not %d", o.LexicalBits, o.Neural.Bits)
	}
	// statsFor builds word statistics and the lexical model from the
	// clusters i with in(i).
	statsFor := func(in func(i int) bool) *summarize.Model {
		m := aggregate(cs, in, o.MinCount, o.BigramBits)
		m.Features = summarize.FeatureNames
		if o.Neural.Dim == 0 {
			// Without the neural scorer the model names the features
			// before its two (so a retrained shipped model is unchanged).
			m.Features = summarize.FeatureNames[:slices.Index(summarize.FeatureNames, "nn")]
		}
		var samples [][]uint32
		var ys []float64
		for i := range labs {
			if in(i) {
				samples = append(samples, labs[i].buckets...)
				ys = append(ys, labs[i].y...)
			}
		}
		m.Lexical = summarize.TrainLexical(samples, ys, o.LexicalBits, 2, 0.05, 1e-6)
		if o.Neural.Dim > 0 {
			t := time.Now()
			nm, diag, err := trainNeural(labs, in, m.Lexical, o)
			if err != nil {
				neuralErr = err
				return m
			}
			m.Neural = nm
			logf("neural scorer trained (%s) %s", time.Since(t).Round(time.Millisecond), diag)
		}
		return m
	}

	// Statistics of each fold come from the other folds.
	foldModels := make([]*summarize.Model, o.Fold)
	foldIdx := make([][]int, o.Fold)
	perFold := o.MaxTrees / o.Fold
	for k := range o.Fold {
		t0 = time.Now()
		foldModels[k] = statsFor(func(i int) bool { return i%o.Fold != k })
		for i := k; i < len(use); i += o.Fold {
			if perFold > 0 && len(foldIdx[k]) >= perFold {
				break
			}
			foldIdx[k] = append(foldIdx[k], i)
		}
		logf("fold %d: word statistics of the other folds (%s)", k, time.Since(t0).Round(time.Millisecond))
	}
	if neuralErr != nil {
		return nil, neuralErr
	}
	var pm *summarize.PairModel
	if o.PairClusters > 0 {
		t0 = time.Now()
		pm = trainPairs(use, foldModels, foldIdx, labs, o.PairClusters/o.Fold, o, tks)
		logf("pair model from the token pairs of %d clusters (%s)", o.PairClusters, time.Since(t0).Round(time.Millisecond))
		for _, m := range foldModels {
			m.Pairs = pm
		}
	}
	// Features, fold by fold, with statistics of the other folds.
	X := make([][][]float64, len(use))
	for k := range o.Fold {
		t0 = time.Now()
		m, idx := foldModels[k], foldIdx[k]
		parallel(len(idx), o.Workers, func(j int) {
			i := idx[j]
			X[i], _ = summarize.Features(labs[i].docs, m)
		})
		logf("fold %d: features of %d clusters with statistics of the other folds (%s)", k, len(idx), time.Since(t0).Round(time.Millisecond))
	}
	var xs [][]float64
	var ys []float64
	var groups []int
	nc := 0
	for i := range X {
		if len(X[i]) == 0 {
			continue
		}
		if len(X[i]) != len(labs[i].y) {
			return nil, fmt.Errorf("train: cluster %s: %d feature rows for %d labels", use[i].ID, len(X[i]), len(labs[i].y))
		}
		nc++
		xs = append(xs, X[i]...)
		ys = append(ys, labs[i].y...)
		groups = append(groups, len(X[i]))
	}
	t0 = time.Now()
	m := statsFor(func(int) bool { return true })
	if neuralErr != nil {
		return nil, neuralErr
	}
	m.Pairs = pm
	m.Length = o.Length
	m.Decoder = o.Decoder
	m.Blend = o.Blend
	logf("word statistics and lexical model of all clusters: %d words (%s)", len(m.Words), time.Since(t0).Round(time.Millisecond))
	t0 = time.Now()
	objective := "regression"
	switch o.Objective {
	case "rank":
		objective = fmt.Sprintf("LambdaMART NDCG@%d", max(o.GBT.RankTop, 0))
		m.Trees = summarize.TrainRanker(xs, ys, groups, o.GBT, func(t int, ndcg float64) {
			if (t+1)%25 == 0 {
				logf("tree %d: train NDCG before it %.5f (%s)", t+1, ndcg, time.Since(t0).Round(time.Millisecond))
			}
		})
	case "", "mse":
		m.Trees = summarize.TrainForest(xs, ys, o.GBT, func(t int, mse float64) {
			if (t+1)%25 == 0 {
				logf("tree %d: train mse before it %.5f (%s)", t+1, mse, time.Since(t0).Round(time.Millisecond))
			}
		})
	default:
		return nil, fmt.Errorf("train: unknown objective %q (mse or rank)", o.Objective)
	}
	m.Trained = fmt.Sprintf("%s: %d clusters; %s trees (%d, depth %d, rate %g) fitted on %d sentences of %d clusters with %d-fold cross-fitted word statistics and lexical model",
		o.Source, len(use), objective, o.GBT.Trees, o.GBT.Depth, o.GBT.Rate, len(xs), nc, o.Fold)
	if no := o.Neural; no.Dim > 0 {
		m.Trained += fmt.Sprintf(" and neural scorer (2^%d x %d embeddings, %d hidden, %d epochs, rates %g/%g, seed %d, center %v, listwise %v)",
			no.Bits, no.Dim, no.Hidden, no.Epochs, no.Rate, no.NetRate, no.Seed, no.Center, no.Listwise)
	}
	return m, nil
}

// lexicalBits is the default size of the lexical model's weight table (512 KiB).
const lexicalBits = 19

// labels are a training cluster's sentences, their labels and their
// lexical buckets, in the order of summarize.Kept.
type labels struct {
	docs    []summarize.Document
	y       []float64
	buckets [][]uint32
}

// label computes the training target of every sentence: by default 1 for
// greedy-oracle membership plus the mean of the sentence's ROUGE-1 and
// ROUGE-2 precision against the references.
func label(tk *rouge.Tokenizer, c Cluster, maxWords int, kind string, extWeight float64, center bool, lexicalBits int) labels {
	docs := Documents(c.Texts)
	where := summarize.Kept(docs)
	out := labels{docs: docs, y: make([]float64, len(where)), buckets: make([][]uint32, len(where))}
	if len(where) == 0 {
		return out
	}
	var refs []rouge.Text
	for _, r := range c.Refs {
		refs = append(refs, tk.Prepare(r))
	}
	in := make(map[[2]int]bool)
	ext := make(map[[2]int]float64)
	if kind == "oracle+prec+ext" {
		picks, rising := oracle(tk, docs, refs, maxWords, true)
		for k, p := range picks {
			if k < rising {
				in[[2]int{p.Doc, p.Sent}] = true
			} else {
				ext[[2]int{p.Doc, p.Sent}] = extWeight
			}
		}
	} else {
		for _, p := range Oracle(tk, docs, refs, maxWords) {
			in[[2]int{p.Doc, p.Sent}] = true
		}
	}
	for k, w := range where {
		text := docs[w.Doc].Sentences[w.Sent]
		sent := tk.Prepare(text[summarize.DebrisPrefix(text):]) // the candidate's text, as in Summarize
		out.buckets[k] = summarize.LexicalBuckets(nil, sent.Tokens, lexicalBits)
		// Precision against the reference where the sentence scores best.
		var p1, p2 float64
		bestF := -1.0
		for _, r := range refs {
			a, b := rouge.NGram(sent.Tokens, r.Tokens, 1), rouge.NGram(sent.Tokens, r.Tokens, 2)
			if a.F+b.F > bestF {
				p1, p2, bestF = a.P, b.P, a.F+b.F
			}
		}
		prec := (p1 + p2) / 2
		orc := 0.0
		if in[[2]int{w.Doc, w.Sent}] {
			orc = 1
		}
		switch kind {
		case "prec":
			out.y[k] = prec
		case "oracle":
			out.y[k] = orc
		case "prec2":
			out.y[k] = p2
		case "oracle+prec2":
			out.y[k] = orc + p2
		case "oracle+prec+ext":
			out.y[k] = orc + ext[[2]int{w.Doc, w.Sent}] + prec
		default:
			out.y[k] = orc + prec
		}
	}
	if center {
		mean := 0.0
		for _, v := range out.y {
			mean += v
		}
		mean /= float64(len(out.y))
		for k := range out.y {
			out.y[k] -= mean
		}
	}
	return out
}

// bigramBits is the default size of the hashed token-pair table (1 MiB).
const bigramBits = 20

// clusterStats are the token sets of one training cluster.
type clusterStats struct {
	docUni [][]string // distinct tokens of each document
	srcUni []string   // distinct tokens of the sources
	hitUni []string   // ... that also occur in a reference
	srcBi  []uint32   // distinct token-pair buckets of the sources
	hitBi  []uint32   // ... that also occur in a reference
}

func newClusterStats(tk *rouge.Tokenizer, c Cluster, bigramBits int) clusterStats {
	var st clusterStats
	src := map[string]bool{}
	srcB := map[uint32]bool{}
	var toks []string
	for _, t := range c.Texts {
		toks = tk.AppendTokens(toks[:0], t)
		doc := map[string]bool{}
		for i, w := range toks {
			doc[w] = true
			src[w] = true
			if i > 0 {
				srcB[summarize.BigramBucket(toks[i-1], w, bigramBits)] = true
			}
		}
		st.docUni = append(st.docUni, keys(doc))
	}
	ref := map[string]bool{}
	refB := map[uint32]bool{}
	for _, r := range c.Refs {
		toks = tk.AppendTokens(toks[:0], r)
		for i, w := range toks {
			ref[w] = true
			if i > 0 {
				refB[summarize.BigramBucket(toks[i-1], w, bigramBits)] = true
			}
		}
	}
	for w := range src {
		st.srcUni = append(st.srcUni, w)
		if ref[w] {
			st.hitUni = append(st.hitUni, w)
		}
	}
	for b := range srcB {
		st.srcBi = append(st.srcBi, b)
		if refB[b] {
			st.hitBi = append(st.hitBi, b)
		}
	}
	return st
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// aggregate turns the statistics of the clusters i with use(i) into a
// model's word table: idf over documents and smoothed reference priors of
// words and token pairs seen in at least minCount clusters.
func aggregate(cs []clusterStats, use func(i int) bool, minCount, bigramBits int) *summarize.Model {
	df := map[string]int{}
	seen := map[string]int{}
	hit := map[string]int{}
	bSeen := make([]int32, 1<<bigramBits)
	bHit := make([]int32, 1<<bigramBits)
	nDocs, totalSeen, totalHit := 0, 0, 0
	var bs, bh float64
	for i := range cs {
		if !use(i) {
			continue
		}
		st := &cs[i]
		for _, d := range st.docUni {
			nDocs++
			for _, w := range d {
				df[w]++
			}
		}
		for _, w := range st.srcUni {
			seen[w]++
		}
		for _, w := range st.hitUni {
			hit[w]++
		}
		totalSeen += len(st.srcUni)
		totalHit += len(st.hitUni)
		for _, b := range st.srcBi {
			bSeen[b]++
		}
		for _, b := range st.hitBi {
			bHit[b]++
		}
		bs += float64(len(st.srcBi))
		bh += float64(len(st.hitBi))
	}
	p0 := float64(totalHit) / float64(max(totalSeen, 1))
	const a = 4.0 // pseudo-count of the smoothing towards the mean
	m := &summarize.Model{Words: map[string][2]float64{}}
	rareSeen, rareHit := 0, 0
	for w, n := range seen {
		if n < max(minCount, 1) {
			rareSeen += n
			rareHit += hit[w]
			continue
		}
		idf := math.Log(float64(nDocs+1) / float64(df[w]+1))
		prior := (float64(hit[w]) + a*p0) / (float64(n) + a)
		m.Words[w] = [2]float64{round4(idf), round4(prior)}
	}
	m.DefaultIDF = round4(math.Log(float64(nDocs+1) / 2))
	m.DefaultPrior = round4((float64(rareHit) + a*p0) / (float64(rareSeen) + a))
	bp0 := bh / max(bs, 1)
	m.BigramBits = bigramBits
	m.Bigrams = make([]byte, 1<<bigramBits)
	for b := range bSeen {
		if int(bSeen[b]) < max(minCount, 1) {
			m.Bigrams[b] = 255
			continue
		}
		p := (float64(bHit[b]) + a*bp0) / (float64(bSeen[b]) + a)
		m.Bigrams[b] = byte(math.Round(p * 254))
	}
	return m
}

func round4(v float64) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 4, 64), 64)
	return f
}

// trainPairs fits the pair model on the distinct token pairs of up to
// perFold clusters of each fold, with that fold's (cross-fitted)
// statistics; a pair is positive when a reference holds it.
func trainPairs(use []Cluster, models []*summarize.Model, foldIdx [][]int, labs []labels, perFold int, o TrainOptions, tks chan *rouge.Tokenizer) *summarize.PairModel {
	workers := o.Workers
	type job struct{ i, k int }
	var jobs []job
	for k, idx := range foldIdx {
		for j, i := range idx {
			if j >= perFold {
				break
			}
			jobs = append(jobs, job{i, k})
		}
	}
	exs := make([][]summarize.PairExample, len(jobs))
	hits := make([][]bool, len(jobs))
	parallel(len(jobs), workers, func(j int) {
		i, k := jobs[j].i, jobs[j].k
		tk := <-tks
		ref := map[string]bool{}
		var toks []string
		for _, r := range use[i].Refs {
			toks = tk.AppendTokens(toks[:0], r)
			for t := 1; t < len(toks); t++ {
				ref[toks[t-1]+" "+toks[t]] = true
			}
		}
		tks <- tk
		exs[j] = summarize.PairExamples(labs[i].docs, models[k])
		hits[j] = make([]bool, len(exs[j]))
		for e := range exs[j] {
			hits[j][e] = ref[exs[j][e].A+" "+exs[j][e].B]
		}
	})
	var xs [][summarize.NumPairFeatures]float64
	var ys []bool
	for j := range exs {
		for e := range exs[j] {
			xs = append(xs, exs[j][e].X)
		}
		ys = append(ys, hits[j]...)
	}
	pm := summarize.TrainPairModel(xs, ys, 16, 20, 1)
	pos := 0
	ll := 0.0
	for i := range xs {
		p := min(max(pm.Prob(xs[i]), 1e-9), 1-1e-9)
		if ys[i] {
			pos++
			ll -= math.Log(p)
		} else {
			ll -= math.Log(1 - p)
		}
	}
	if o.Log != nil && len(xs) > 0 {
		r := float64(pos) / float64(len(xs))
		base := -(r*math.Log(r) + (1-r)*math.Log(1-r))
		fmt.Fprintf(o.Log, "pair model: %d pairs, %.4f in a reference, log loss %.4f (base rate alone %.4f)\n", len(xs), r, ll/float64(len(xs)), base)
	}
	return pm
}
