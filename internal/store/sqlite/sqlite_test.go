package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/chorusnews/chorus/internal/store"
	"github.com/chorusnews/chorus/internal/store/sqlite"
	"github.com/chorusnews/chorus/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "chorus.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestReopenKeepsDataAndSkipsAppliedMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "chorus.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := store.Prepare(store.Article{})
	if err == nil {
		t.Fatalf("Prepare of an empty article succeeded: %+v", a)
	}
	a.Text, a.Title = "Kept across reopen.", "Kept"
	if _, _, err := s.UpsertArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	if n, _, _ := s.Counts(ctx); n != 1 {
		t.Errorf("articles after reopen = %d, want 1", n)
	}
}
