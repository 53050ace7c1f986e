package main

import (
	"context"
	"fmt"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/serve"
	"github.com/chorusnews/chorus/internal/store"
	"github.com/chorusnews/chorus/internal/update"
)

// briefer returns the pipeline's analyse→cluster→brief step over stored
// articles, or nil while none is wired.
var briefer = func() update.Briefer { return nil }

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
