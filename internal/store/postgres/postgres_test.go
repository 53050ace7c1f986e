package postgres_test

import (
	"context"
	"testing"

	"github.com/chorusnews/chorus/internal/store"
	"github.com/chorusnews/chorus/internal/store/postgres"
	"github.com/chorusnews/chorus/internal/store/postgres/pgtest"
	"github.com/chorusnews/chorus/internal/store/storetest"
)

// openFresh gives each test its own schema (see pgtest).
func openFresh(t *testing.T) store.Store {
	s, err := postgres.Open(context.Background(), pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, openFresh)
}
