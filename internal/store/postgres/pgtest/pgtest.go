// Package pgtest gives tests a PostgreSQL database of their own: a fresh
// schema in the database named by CHORUS_TEST_POSTGRES (a postgres:// DSN;
// scripts/ci-postgres.sh starts a server and prints one), dropped when the
// test ends. Tests skip when the variable is not set.
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

var schemaN atomic.Int64

// DSN returns a DSN whose search_path is a new, empty schema.
func DSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("CHORUS_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("CHORUS_TEST_POSTGRES is not set (a postgres:// DSN; scripts/ci-postgres.sh starts a server and prints one)")
	}
	ctx := context.Background()
	schema := fmt.Sprintf("chorus_test_%d_%d", os.Getpid(), schemaN.Add(1))
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect to CHORUS_TEST_POSTGRES: %v", err)
	}
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("cleanup: %v", err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	return u.String()
}
