package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/chorusnews/chorus/internal/store"
	"github.com/chorusnews/chorus/internal/store/postgres"
	"github.com/chorusnews/chorus/internal/store/sqlite"
)

// dbFlag registers the --db flag shared by the commands that use the store.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", os.Getenv("CHORUS_DB"), "database: a SQLite file path, or a postgres:// URL (default $CHORUS_DB, else the user data directory's chorus/chorus.db)")
}

// openStore is the one place that chooses a storage backend: a
// postgres:// or postgresql:// DSN opens PostgreSQL, anything else is a
// SQLite file path ("" means the default file in the user's data dir).
func openStore(ctx context.Context, dsn string) (store.Store, string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s, err := postgres.Open(ctx, dsn)
		return s, "postgres", err
	}
	if dsn == "" {
		p, err := sqlite.DefaultPath()
		if err != nil {
			return nil, "", err
		}
		dsn = p
	}
	dsn = strings.TrimPrefix(dsn, "sqlite://")
	s, err := sqlite.Open(ctx, dsn)
	if err != nil {
		return nil, "", err
	}
	return s, fmt.Sprintf("sqlite %s", dsn), nil
}
