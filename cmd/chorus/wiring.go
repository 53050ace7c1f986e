package main

import (
	"context"
	"fmt"
	"sort"

	"github.com/chorusnews/chorus/internal/analyze"
	"github.com/chorusnews/chorus/internal/pipeline"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/extract"
	"github.com/chorusnews/chorus/internal/serve"
	"github.com/chorusnews/chorus/internal/store"
	"github.com/chorusnews/chorus/internal/update"
)

// briefer returns the analyse→cluster→brief step that ingest and the API
// run over stored articles.
func briefer() update.Briefer { return briefArticles }

// openUpdater opens the store named by db (see openStore) with an updater
// that briefs through briefer; the caller closes the store.
func openUpdater(ctx context.Context, db string) (*update.Updater, store.Store, string, error) {
	st, desc, err := openStore(ctx, db)
	if err != nil {
		return nil, nil, "", err
	}
	return &update.Updater{Store: st, Brief: briefer()}, st, desc, nil
}

// briefArticles analyses stored articles and runs the pipeline's
// grouping and brief assembly over them. Their texts are used as stored
// (citation spans point into them). Articles are taken in (publication,
// ID) order so the same set gives the same briefs.
func briefArticles(ctx context.Context, arts []domain.Article) ([]domain.Brief, error) {
	arts = append([]domain.Article(nil), arts...)
	sort.SliceStable(arts, func(i, j int) bool {
		if !arts[i].Published.Equal(arts[j].Published) {
			return arts[i].Published.Before(arts[j].Published)
		}
		return arts[i].ID < arts[j].ID
	})
	docs := make([]domain.Doc, len(arts))
	for i, a := range arts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		docs[i] = domain.Doc{Article: a, Analysis: analyze.Analyze(a)}
	}
	stories, err := pipeline.Group(docs)
	if err != nil {
		return nil, err
	}
	return pipeline.Briefs(stories, pipeline.Options{}).Stories, nil
}

// adder is what POST /api/articles does: store the article and, when a
// briefer is wired, re-brief the stories it touches.
func adder(st store.Store, b update.Briefer) serve.AddFunc {
	return func(ctx context.Context, a domain.Article) (store.Article, bool, error) {
		// The same digest files get, so a posted article and the same
		// text read from a file are one article.
		a.Hash = extract.Hash(a.Text)
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
