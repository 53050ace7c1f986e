// Package pipeline is the one place that knows the order of chorus's
// stages: ingest -> extract -> analyze -> cluster -> summarize/brief. Stage
// packages never import each other; this package wires them together,
// runs the per-article stages on all cores and keeps every result in input
// order, so the same input gives the same briefs byte for byte.
package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"sync"

	"github.com/chorusnews/chorus/internal/analyze"
	"github.com/chorusnews/chorus/internal/brief"
	"github.com/chorusnews/chorus/internal/cluster"
	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/extract"
	"github.com/chorusnews/chorus/internal/fetch"
	"github.com/chorusnews/chorus/internal/ingest"
	"github.com/chorusnews/chorus/internal/summarize"
)

// ErrNoArticles is returned when no input yielded a usable article.
var ErrNoArticles = errors.New("no article could be read")

// Options configure a run. Zero values take the defaults.
type Options struct {
	MaxBytes int64     // per input document; 0 means ingest's default
	MaxWords int       // summary length of each brief; 0 means brief's default
	Workers  int       // parallel extract/analyze workers; 0 means all cores
	Stdin    io.Reader // read for the path "-"
	// Warn receives non-fatal problems (a bad file, a bad line) as they
	// happen; nil collects them only in Result.Warnings.
	Warn func(error)
	// Progress, when set, is told how far each stage is.
	Progress func(stage string, done, total int)
}

// Result is what a run produced.
type Result struct {
	Docs     []domain.Doc
	Stories  []brief.Story
	Briefs   domain.Briefs
	Warnings []error
}

// Run reads the paths and writes a brief per story.
func Run(ctx context.Context, paths []string, opts Options) (*Result, error) {
	res := &Result{}
	warn := func(err error) {
		res.Warnings = append(res.Warnings, err)
		if opts.Warn != nil {
			opts.Warn(err)
		}
	}
	var raws []domain.RawDoc
	_, err := ingest.Walk(ctx, paths, ingest.Options{MaxBytes: opts.MaxBytes, Stdin: opts.Stdin, Feed: fetch.FeedDocs}, func(r domain.RawDoc) error {
		raws = append(raws, r)
		return nil
	}, warn)
	if err != nil {
		return res, err
	}
	docs, err := Analyze(ctx, raws, opts, warn)
	if err != nil {
		return res, err
	}
	res.Docs = docs
	if len(docs) == 0 {
		return res, ErrNoArticles
	}
	if res.Stories, err = Group(docs); err != nil {
		return res, err
	}
	res.Briefs = Briefs(res.Stories, opts)
	return res, nil
}

// Analyze extracts and analyses raw documents on all cores. Documents that
// cannot be extracted are reported through warn and skipped; the result
// keeps input order.
func Analyze(ctx context.Context, raws []domain.RawDoc, opts Options, warn func(error)) ([]domain.Doc, error) {
	arts := make([]*domain.Article, len(raws))
	errs := make([]error, len(raws))
	if err := parallel(ctx, len(raws), opts.Workers, func(i int) {
		a, err := extract.Extract(raws[i], extract.Options{})
		errs[i] = err
		if err == nil || extract.IsWarning(err) {
			arts[i] = &a
		}
	}, progress(opts, "extract")); err != nil {
		return nil, err
	}
	var kept []domain.Article
	for i, a := range arts {
		if errs[i] != nil {
			warn(errs[i])
		}
		if a != nil {
			kept = append(kept, *a)
		}
	}
	kept = extract.RemoveRepeatedLines(kept)
	docs := make([]domain.Doc, len(kept))
	if err := parallel(ctx, len(kept), opts.Workers, func(i int) {
		docs[i] = domain.Doc{Article: kept[i], Analysis: analyze.Analyze(kept[i])}
	}, progress(opts, "analyze")); err != nil {
		return nil, err
	}
	return docs, nil
}

// Group clusters the documents into stories, processing them in input
// order; near-copies join their original's story and are marked as
// copies. Stories come out largest first.
func Group(docs []domain.Doc) ([]brief.Story, error) {
	online, err := cluster.NewOnline(cluster.DefaultOptions())
	if err != nil {
		return nil, err
	}
	copyOf := map[string]string{}
	byStory := map[int][]int{}
	var order []int
	for i, d := range docs {
		a := online.Add(clusterInput(d))
		if a.CopyOf != "" {
			copyOf[d.ID] = a.CopyOf
		}
		if _, ok := byStory[a.Story]; !ok {
			order = append(order, a.Story)
		}
		byStory[a.Story] = append(byStory[a.Story], i)
	}
	stories := make([]brief.Story, 0, len(order))
	for _, s := range order {
		st := brief.Story{CopyOf: map[string]string{}}
		for _, i := range byStory[s] {
			st.Docs = append(st.Docs, docs[i])
			if orig, ok := copyOf[docs[i].ID]; ok {
				st.CopyOf[docs[i].ID] = orig
			}
		}
		// A copy whose original landed in another story is no copy here.
		for c, o := range st.CopyOf {
			if !hasDoc(st.Docs, o) {
				delete(st.CopyOf, c)
			}
		}
		st.ID = storyID(st.Docs)
		stories = append(stories, st)
	}
	sort.SliceStable(stories, func(i, j int) bool { return len(stories[i].Docs) > len(stories[j].Docs) })
	return stories, nil
}

func hasDoc(docs []domain.Doc, id string) bool {
	for _, d := range docs {
		if d.ID == id {
			return true
		}
	}
	return false
}

// clusterInput is what clustering sees of a document.
func clusterInput(d domain.Doc) cluster.Input {
	var ents []string
	for _, m := range d.Analysis.Mentions {
		if m.Canonical != "" {
			ents = append(ents, m.Canonical)
		} else {
			ents = append(ents, m.Text)
		}
	}
	return cluster.Input{ID: d.ID, Title: d.Title, Text: d.Text, Published: d.Published, Source: d.Source, Entities: ents}
}

// storyID is derived from the story's first article, so it stays the same
// when later articles join.
func storyID(docs []domain.Doc) string {
	sum := sha256.Sum256([]byte(docs[0].ID))
	return "s-" + hex.EncodeToString(sum[:5])
}

// Briefs assembles a brief per story on all cores, in story order.
func Briefs(stories []brief.Story, opts Options) domain.Briefs {
	out := domain.Briefs{Stories: make([]domain.Brief, len(stories))}
	_ = parallel(context.Background(), len(stories), opts.Workers, func(i int) {
		out.Stories[i] = brief.Assemble(stories[i], selectSentences, brief.Options{MaxWords: opts.MaxWords, Debris: summarize.DebrisPrefix})
	}, progress(opts, "brief"))
	return out
}

// selectSentences adapts the summarizer to brief's Selector: the
// summarizer's ranking of whole sentences, within maxWords words.
func selectSentences(docs [][]string, maxWords int) []brief.Pick {
	in := make([]summarize.Document, len(docs))
	for i, d := range docs {
		in[i] = summarize.Document{ID: fmt.Sprint(i), Sentences: d}
	}
	picks := summarize.Summarize(in, summarize.Options{MaxWords: maxWords, TargetWords: maxWords})
	out := make([]brief.Pick, len(picks))
	for i, p := range picks {
		out[i] = brief.Pick{Doc: p.Doc, Sent: p.Sent}
	}
	return out
}

func progress(opts Options, stage string) func(done, total int) {
	if opts.Progress == nil {
		return nil
	}
	return func(done, total int) { opts.Progress(stage, done, total) }
}

// parallel runs fn(0..n-1) on workers goroutines and reports progress.
func parallel(ctx context.Context, n, workers int, fn func(i int), report func(done, total int)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				fn(i)
				if report != nil {
					mu.Lock()
					done++
					report(done, n)
					mu.Unlock()
				}
			}
		}()
	}
	var err error
loop:
	for i := 0; i < n; i++ {
		select {
		case jobs <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break loop
		}
	}
	close(jobs)
	wg.Wait()
	return err
}
