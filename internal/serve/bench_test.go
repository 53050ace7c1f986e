package serve

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chorusnews/chorus/internal/store/sqlite"
	"github.com/chorusnews/chorus/internal/store/storetest"
)

// benchServer serves CHORUS_BENCH_DB (a store filled by
// bench/serveload -populate, with CHORUS_BENCH_STORIES stories) or, when
// unset, 200 fabricated stories in a temporary file.
func benchServer(b *testing.B) (*Server, int) {
	ctx := context.Background()
	path, n := os.Getenv("CHORUS_BENCH_DB"), 200
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.db")
	} else if v, err := strconv.Atoi(os.Getenv("CHORUS_BENCH_STORIES")); err == nil {
		n = v
	}
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if os.Getenv("CHORUS_BENCH_DB") == "" {
		if err := storetest.LoadFake(ctx, st, 0, n); err != nil {
			b.Fatal(err)
		}
	}
	srv, err := New(st, Options{})
	if err != nil {
		b.Fatal(err)
	}
	return srv, n
}

func benchPath(b *testing.B, format string) {
	srv, n := benchServer(b)
	h := srv.Handler()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i += 7919
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("GET", fmt.Sprintf(format, i%n), nil))
			if w.Code != 200 {
				b.Fatalf("status %d", w.Code)
			}
		}
	})
}

func BenchmarkStoryPage(b *testing.B) { benchPath(b, "/stories/story-%d") }
func BenchmarkStoryAPI(b *testing.B)  { benchPath(b, "/api/stories/story-%d") }
