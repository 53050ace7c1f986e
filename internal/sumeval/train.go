package sumeval

import (
	"context"
	"fmt"
	"io"
	"math"
	"runtime"
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
	MaxWords int // oracle length for labels
	Workers  int
	Log      io.Writer
	Source   string // data file name, recorded in the model
}

// Train builds a summarizer model from clusters with reference summaries:
// word statistics (idf, reference priors) from one part of the clusters,
// then gradient-boosted trees fitted on the other part against labels that
// combine greedy-oracle membership with the sentence's ROUGE-1 and ROUGE-2
// precision against the reference.
func Train(ctx context.Context, clusters []Cluster, o TrainOptions) (*summarize.Model, error) {
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Fold < 2 {
		o.Fold = 3
	}
	logf := func(format string, args ...any) {
		if o.Log != nil {
			fmt.Fprintf(o.Log, format+"\n", args...)
		}
	}
	var statSet, treeSet []Cluster
	for i, c := range clusters {
		if len(c.Refs) == 0 {
			continue
		}
		if i%o.Fold == 0 {
			if o.MaxTrees <= 0 || len(treeSet) < o.MaxTrees {
				treeSet = append(treeSet, c)
			}
		} else {
			statSet = append(statSet, c)
		}
	}
	if len(statSet) == 0 || len(treeSet) == 0 {
		return nil, fmt.Errorf("train: need clusters with references in both parts, have %d and %d", len(statSet), len(treeSet))
	}
	t0 := time.Now()
	m := wordStats(statSet, o.MinCount)
	m.Features = summarize.FeatureNames
	m.Length = o.Length
	m.Decoder = o.Decoder
	logf("word statistics from %d clusters: %d words (%s)", len(statSet), len(m.Words), time.Since(t0).Round(time.Millisecond))

	// Features and labels.
	type rows struct {
		x [][]float64
		y []float64
	}
	per := make([]rows, len(treeSet))
	tks := make(chan *rouge.Tokenizer, o.Workers)
	for range o.Workers {
		tks <- rouge.NewTokenizer()
	}
	t0 = time.Now()
	parallel(len(treeSet), o.Workers, func(i int) {
		if ctx.Err() != nil {
			return
		}
		c := treeSet[i]
		docs := Documents(c.Texts)
		x, where := summarize.Features(docs, m)
		if len(x) == 0 {
			return
		}
		tk := <-tks
		defer func() { tks <- tk }()
		var refs []rouge.Text
		for _, r := range c.Refs {
			refs = append(refs, tk.Prepare(r))
		}
		in := make(map[[2]int]bool)
		for _, p := range Oracle(tk, docs, refs, o.MaxWords) {
			in[[2]int{p.Doc, p.Sent}] = true
		}
		y := make([]float64, len(x))
		for k, w := range where {
			s := rouge.Compare(tk.Prepare(docs[w.Doc].Sentences[w.Sent]), refs, rouge.Best)
			y[k] = (s.R1.P + s.R2.P) / 2
			if in[[2]int{w.Doc, w.Sent}] {
				y[k]++
			}
		}
		per[i] = rows{x, y}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var X [][]float64
	var Y []float64
	for _, r := range per {
		X = append(X, r.x...)
		Y = append(Y, r.y...)
	}
	logf("features and oracle labels for %d clusters: %d sentences (%s)", len(treeSet), len(X), time.Since(t0).Round(time.Millisecond))
	t0 = time.Now()
	m.Trees = summarize.TrainForest(X, Y, o.GBT, func(t int, mse float64) {
		if (t+1)%25 == 0 {
			logf("tree %d: train mse %.5f (%s)", t+1, mse, time.Since(t0).Round(time.Millisecond))
		}
	})
	m.Trained = fmt.Sprintf("%s: word statistics from %d clusters (index %% %d != 0), %d trees of depth %d on %d sentences of %d clusters (index %% %d == 0)",
		o.Source, len(statSet), o.Fold, o.GBT.Trees, o.GBT.Depth, len(X), len(treeSet), o.Fold)
	return m, nil
}

// wordStats computes idf over documents and, per word, how often a word in
// a cluster's sources also appears in its reference (smoothed).
func wordStats(cs []Cluster, minCount int) *summarize.Model {
	tk := rouge.NewTokenizer()
	df := map[string]int{}
	seen := map[string]int{} // clusters where the word is in the sources
	hit := map[string]int{}  // ... and in the reference
	nDocs := 0
	var toks []string
	totalSeen, totalHit := 0, 0
	for _, c := range cs {
		inSrc := map[string]bool{}
		for _, t := range c.Texts {
			nDocs++
			inDoc := map[string]bool{}
			toks = tk.AppendTokens(toks[:0], t)
			for _, w := range toks {
				inDoc[w] = true
			}
			for w := range inDoc {
				df[w]++
				inSrc[w] = true
			}
		}
		inRef := map[string]bool{}
		for _, r := range c.Refs {
			for _, w := range tk.AppendTokens(toks[:0], r) {
				inRef[w] = true
			}
		}
		for w := range inSrc {
			seen[w]++
			totalSeen++
			if inRef[w] {
				hit[w]++
				totalHit++
			}
		}
	}
	p0 := float64(totalHit) / float64(max(totalSeen, 1))
	const a = 4.0 // pseudo-count of the smoothing towards p0
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
	// Token pairs, hashed.
	const bits = 20
	bSeen := make([]int32, 1<<bits)
	bHit := make([]int32, 1<<bits)
	for _, c := range cs {
		inSrc := map[uint32]bool{}
		for _, t := range c.Texts {
			toks = tk.AppendTokens(toks[:0], t)
			for i := 1; i < len(toks); i++ {
				inSrc[summarize.BigramBucket(toks[i-1], toks[i], bits)] = true
			}
		}
		inRef := map[uint32]bool{}
		for _, r := range c.Refs {
			toks = tk.AppendTokens(toks[:0], r)
			for i := 1; i < len(toks); i++ {
				inRef[summarize.BigramBucket(toks[i-1], toks[i], bits)] = true
			}
		}
		for b := range inSrc {
			bSeen[b]++
			if inRef[b] {
				bHit[b]++
			}
		}
	}
	var bs, bh float64
	for b := range bSeen {
		bs += float64(bSeen[b])
		bh += float64(bHit[b])
	}
	bp0 := bh / max(bs, 1)
	m.BigramBits = bits
	m.Bigrams = make([]byte, 1<<bits)
	for b := range bSeen {
		if int(bSeen[b]) < max(minCount, 1) {
			m.Bigrams[b] = 255
			continue
		}
		p := (float64(bHit[b]) + a*bp0) / (float64(bSeen[b]) + a)
		m.Bigrams[b] = byte(math.Round(p * 254))
	}
	m.DefaultIDF = round4(math.Log(float64(nDocs+1) / 2))
	m.DefaultPrior = round4((float64(rareHit) + a*p0) / (float64(rareSeen) + a))
	return m
}

func round4(v float64) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 4, 64), 64)
	return f
}
