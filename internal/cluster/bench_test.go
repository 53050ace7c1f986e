package cluster

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// benchInputs builds n distinct articles from our fixtures: each one is a
// fixture with every fifth word replaced by an article-specific token, so
// stories, copies and new terms keep arriving.
func benchInputs(b *testing.B, n int) []Input {
	var texts [][]string
	for _, f := range []string{"bridge_original.txt", "bridge_other_outlet.txt", "council_budget.txt", "council_other.txt"} {
		texts = append(texts, strings.Fields(readFixture(b, f)))
	}
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	ins := make([]Input, n)
	for i := range ins {
		words := append([]string(nil), texts[i%len(texts)]...)
		for j := i % 5; j < len(words); j += 5 {
			words[j] = fmt.Sprintf("t%dx%d", i/8, j)
		}
		ins[i] = Input{ID: fmt.Sprint(i), Text: strings.Join(words, " "), Published: start.Add(time.Duration(i) * time.Second)}
	}
	return ins
}

func BenchmarkFeatures(b *testing.B) {
	ins := benchInputs(b, 1024)
	df, err := DefaultDF()
	if err != nil {
		b.Fatal(err)
	}
	f := newFeaturizer(DefaultOptions(), df)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f.Features(ins[i%len(ins)])
	}
}

func BenchmarkOnlineAdd(b *testing.B) {
	b.Run("split", func(b *testing.B) { benchOnlineAdd(b, Options{}) })
	b.Run("nosplit", func(b *testing.B) { benchOnlineAdd(b, Options{SplitRatio: -1}) })
}

func benchOnlineAdd(b *testing.B, opts Options) {
	ins := benchInputs(b, 1<<14)
	c, err := NewOnline(opts)
	if err != nil {
		b.Fatal(err)
	}
	feats := make([]*Features, len(ins))
	fz := c.NewFeaturizer()
	for i, in := range ins {
		feats[i] = fz.Features(in)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := *feats[i%len(feats)]
		f.ID = fmt.Sprint(i)
		c.AddFeatures(&f)
	}
}

func BenchmarkDedup(b *testing.B) {
	ins := benchInputs(b, 25)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Dedup(ins, Options{})
	}
}

// BenchmarkCandidateDots compares the two ways of taking an article's dot
// products with its candidate stories: merging sorted vectors, and probing
// a hash table of the article's terms (what similarity does). Sizes are
// the defaults' (64 article terms, 96 centroid terms, 48 candidates), with
// about a tenth of each centroid's terms in the article.
func BenchmarkCandidateDots(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	article := make([]entry, 64)
	for i := range article {
		article[i] = entry{termID(r.Uint32()), r.Float32()}
	}
	sortByTerm(article)
	stories := make([][]entry, 48)
	for s := range stories {
		v := make([]entry, 96)
		for i := range v {
			v[i] = entry{termID(r.Uint32()), r.Float32()}
			if i%10 == 0 {
				v[i].T = article[r.IntN(len(article))].T
			}
		}
		sortByTerm(v)
		stories[s] = slices.CompactFunc(v, func(a, b entry) bool { return a.T == b.T })
	}
	var sink float64
	b.Run("merge", func(b *testing.B) {
		for b.Loop() {
			for _, st := range stories {
				sink += dot(article, st)
			}
		}
	})
	b.Run("table", func(b *testing.B) {
		var tab termTable
		for b.Loop() {
			tab.load(article)
			for _, st := range stories {
				sink += tab.dot(st)
			}
		}
	})
	_ = sink
}
