package sumeval

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/chorusnews/chorus/internal/rouge"
	"github.com/chorusnews/chorus/internal/summarize"
)

// System is a named summarizer to evaluate.
type System struct {
	Name string
	Run  summarize.System
}

// Systems returns chorus (with model m, nil for the embedded one) and the
// in-project baselines.
func Systems(m *summarize.Model) []System {
	return []System{
		{"chorus", func(docs []summarize.Document, o summarize.Options) []summarize.Pick {
			o.Model = m
			return summarize.Summarize(docs, o)
		}},
		{"lead", summarize.Lead},
		{"textrank", summarize.TextRank},
		{"lexrank", summarize.LexRank},
		{"centroid", summarize.Centroid},
	}
}

// Row is one system's mean scores (F1 x 100) over the clusters.
type Row struct {
	Name              string
	R1, R2, RL, RLsum float64
	Words             float64
	Time              time.Duration
	N                 int
}

// addMeans sets the row's scores to the means of the per-cluster F1
// scores (x 100) and its words to the mean word count.
func (row *Row) addMeans(sc []rouge.Scores, words []int) {
	for i := range sc {
		row.R1 += sc[i].R1.F
		row.R2 += sc[i].R2.F
		row.RL += sc[i].RL.F
		row.RLsum += sc[i].RLsum.F
		row.Words += float64(words[i])
	}
	n := float64(len(sc))
	row.R1, row.R2, row.RL, row.RLsum = 100*row.R1/n, 100*row.R2/n, 100*row.RL/n, 100*row.RLsum/n
	row.Words /= n
}

// Options configure Evaluate.
type Options struct {
	MaxWords int
	Multi    rouge.Multi
	Workers  int
	Oracle   bool // also run the greedy oracle
}

// Evaluate runs every system on the same clusters (sentences split once)
// and scores them against the clusters' references. Clusters without
// references are skipped. Time is the wall time of the system alone, on
// Workers goroutines.
func Evaluate(ctx context.Context, clusters []Cluster, systems []System, o Options) ([]Row, error) {
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	var use []Cluster
	for _, c := range clusters {
		if len(c.Refs) > 0 {
			use = append(use, c)
		}
	}
	if len(use) == 0 {
		return nil, fmt.Errorf("no cluster with a reference summary")
	}
	docs := make([][]summarize.Document, len(use))
	refs := make([][]rouge.Text, len(use))
	tks := make(chan *rouge.Tokenizer, o.Workers)
	for range o.Workers {
		tks <- rouge.NewTokenizer()
	}
	start := time.Now()
	parallel(len(use), o.Workers, func(i int) {
		docs[i] = Documents(use[i].Texts)
		tk := <-tks
		for _, r := range use[i].Refs {
			refs[i] = append(refs[i], tk.Prepare(r))
		}
		tks <- tk
	})
	split := time.Since(start)
	score := func(name string, run func(i int, tk *rouge.Tokenizer) []summarize.Pick) Row {
		outs := make([]string, len(use))
		t0 := time.Now()
		parallel(len(use), o.Workers, func(i int) {
			tk := <-tks
			outs[i] = summarize.Render(docs[i], run(i, tk), o.MaxWords)
			tks <- tk
		})
		row := Row{Name: name, Time: time.Since(t0), N: len(use)}
		sc := make([]rouge.Scores, len(use))
		words := make([]int, len(use))
		parallel(len(use), o.Workers, func(i int) {
			tk := <-tks
			sc[i] = rouge.Compare(tk.Prepare(outs[i]), refs[i], o.Multi)
			words[i] = summarize.WordCount(outs[i])
			tks <- tk
		})
		row.addMeans(sc, words)
		return row
	}
	var rows []Row
	rows = append(rows, Row{Name: "(sentence split)", Time: split, N: len(use)})
	for _, s := range systems {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		opts := summarize.Options{MaxWords: o.MaxWords}
		rows = append(rows, score(s.Name, func(i int, _ *rouge.Tokenizer) []summarize.Pick { return s.Run(docs[i], opts) }))
	}
	if o.Oracle {
		rows = append(rows, score("oracle", func(i int, tk *rouge.Tokenizer) []summarize.Pick {
			return Oracle(tk, docs[i], refs[i], o.MaxWords)
		}))
	}
	return rows, nil
}

// WriteTable prints rows as an aligned text table.
func WriteTable(w io.Writer, rows []Row) {
	fmt.Fprintf(w, "%-16s %7s %7s %7s %7s %7s %10s\n", "system", "R-1", "R-2", "R-L", "R-Lsum", "words", "time")
	for _, r := range rows {
		if r.Name == "(sentence split)" {
			fmt.Fprintf(w, "%-16s %7s %7s %7s %7s %7s %10s\n", r.Name, "", "", "", "", "", r.Time.Round(time.Millisecond))
			continue
		}
		fmt.Fprintf(w, "%-16s %7.2f %7.2f %7.2f %7.2f %7.1f %10s\n", r.Name, r.R1, r.R2, r.RL, r.RLsum, r.Words, timeCell(r.Time))
	}
}
