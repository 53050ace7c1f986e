package main

import (
	"context"
	"fmt"
	"sort"

	"github.com/chorusnews/chorus/internal/analyze"
	"github.com/chorusnews/chorus/internal/brief"
	"github.com/chorusnews/chorus/internal/cluster"
	"github.com/chorusnews/chorus/internal/summarize"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/serve"
	"github.com/chorusnews/chorus/internal/store"
	"github.com/chorusnews/chorus/internal/update"
)

// briefer returns the analyse→cluster→brief step that ingest and the API
// run over stored articles.
func briefer() update.Briefer { return briefArticles }

// briefArticles analyses articles, clusters them into stories (near-copies
// join their original) and assembles one brief per story. Articles are
// taken in (publication, ID) order so the same set gives the same briefs.
func briefArticles(ctx context.Context, arts []domain.Article) ([]domain.Brief, error) {
	arts = append([]domain.Article(nil), arts...)
	sort.SliceStable(arts, func(i, j int) bool {
		if !arts[i].Published.Equal(arts[j].Published) {
			return arts[i].Published.Before(arts[j].Published)
		}
		return arts[i].ID < arts[j].ID
	})
	on, err := cluster.NewOnline(cluster.DefaultOptions())
	if err != nil {
		return nil, err
	}
	var groups [][]domain.Doc
	copyOf := map[string]string{}
	for _, a := range arts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d := domain.Doc{Article: a, Analysis: analyze.Analyze(a)}
		var ents []string
		for _, m := range d.Analysis.Mentions {
			ents = append(ents, m.Canonical)
		}
		as := on.Add(cluster.Input{ID: a.ID, Title: a.Title, Text: a.Text, Published: a.Published, Source: a.Source, Entities: ents})
		for len(groups) <= as.Story {
			groups = append(groups, nil)
		}
		groups[as.Story] = append(groups[as.Story], d)
		if as.CopyOf != "" {
			copyOf[a.ID] = as.CopyOf
		}
	}
	briefs := make([]domain.Brief, 0, len(groups))
	for i, g := range groups {
		briefs = append(briefs, brief.Assemble(brief.Story{ID: fmt.Sprintf("story-%d", i+1), Docs: g, CopyOf: copyOf}, selectSentences, brief.Options{}))
	}
	return briefs, nil
}

// selectSentences is the brief's summary selector: the trained summarizer.
func selectSentences(docs [][]string, maxWords int) []brief.Pick {
	in := make([]summarize.Document, len(docs))
	for i, d := range docs {
		in[i] = summarize.Document{ID: fmt.Sprint(i), Sentences: d}
	}
	picks := summarize.Summarize(in, summarize.Options{MaxWords: maxWords})
	out := make([]brief.Pick, len(picks))
	for i, p := range picks {
		out[i] = brief.Pick{Doc: p.Doc, Sent: p.Sent}
	}
	return out
}

// adder is what POST /api/articles does: store the article and, when a
// briefer is wired, re-brief the stories it touches.
func adder(st store.Store, b update.Briefer) serve.AddFunc {
	return func(ctx context.Context, a domain.Article) (store.Article, bool, error) {
		if b == nil {
			return st.UpsertArticle(ctx, store.Article{Article: a})
		}
		u := &update.Updater{Store: st, Brief: b}
		rep, err := u.Add(ctx, []domain.Article{a}, nil)
		if err != nil {
			return store.Article{}, false, err
		}
		key, err := store.KeyOf(a)
		if err != nil {
			return store.Article{}, false, err
		}
		got, err := st.GetArticle(ctx, store.IDOf(key))
		if err != nil {
			return store.Article{}, false, fmt.Errorf("article just added: %w", err)
		}
		return got, rep.New == 1, nil
	}
}
