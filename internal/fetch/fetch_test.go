package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestPublic(t *testing.T) {
	for _, tc := range []struct {
		addr string
		want bool
	}{
		{"93.184.216.34", true}, {"2606:4700::1111", true},
		{"127.0.0.1", false}, {"::1", false}, {"10.1.2.3", false}, {"172.16.0.1", false}, {"192.168.1.1", false},
		{"169.254.169.254", false}, {"fe80::1", false}, {"fc00::1", false}, {"0.0.0.0", false}, {"::", false},
		{"100.64.0.1", false}, {"224.0.0.1", false}, {"255.255.255.255", false}, {"::ffff:127.0.0.1", false},
		{"::ffff:10.0.0.1", false}, {"64:ff9b::a00:1", false}, {"198.18.0.1", false},
	} {
		if got := Public(netip.MustParseAddr(tc.addr)); got != tc.want {
			t.Errorf("Public(%s) = %v, want %v", tc.addr, got, tc.want)
		}
	}
}

func TestRefusesLoopbackUnlessAllowed(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello")) }))
	defer ts.Close()
	ctx := context.Background()
	_, err := New(Options{}).Get(ctx, ts.URL)
	if !errors.Is(err, ErrForbiddenAddress) {
		t.Fatalf("loopback fetch err = %v, want ErrForbiddenAddress", err)
	}
	p, err := New(Options{AllowPrivate: true}).Get(ctx, ts.URL+"/x")
	if err != nil || string(p.Body) != "hello" || p.URL != ts.URL+"/x" {
		t.Fatalf("allowed fetch = %+v, %v", p, err)
	}
	for _, bad := range []string{"file:///etc/passwd", "ftp://example.com/x", "/relative", "http://"} {
		if _, err := New(Options{AllowPrivate: true}).Get(ctx, bad); err == nil {
			t.Errorf("Get(%q) succeeded", bad)
		}
	}
}

func TestLimits(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(strings.Repeat("x", 5000))) })
	mux.HandleFunc("/chunked", func(w http.ResponseWriter, r *http.Request) {
		for range 10 {
			w.Write([]byte(strings.Repeat("y", 600)))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/to-file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	ts := httptest.NewServer(mux)
	defer ts.Close()
	f := New(Options{AllowPrivate: true, MaxBytes: 1024, Timeout: 200 * time.Millisecond})
	ctx := context.Background()
	for _, path := range []string{"/big", "/chunked"} {
		if _, err := f.Get(ctx, ts.URL+path); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: err = %v, want ErrTooLarge", path, err)
		}
	}
	for _, tc := range []struct{ path, want string }{
		{"/slow", "Timeout"}, {"/missing", "404"}, {"/to-file", "redirect to file"}, {"/loop", "redirects"},
	} {
		_, err := f.Get(ctx, ts.URL+tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tc.path, err, tc.want)
		}
	}
}

func TestPerHostConcurrency(t *testing.T) {
	var inFlight, peak atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(30 * time.Millisecond)
		inFlight.Add(-1)
		w.Write([]byte("ok"))
	}))
	defer ts.Close()
	f := New(Options{AllowPrivate: true, PerHost: 2})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := f.Get(context.Background(), ts.URL); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if p := peak.Load(); p > 2 || p < 1 {
		t.Errorf("peak concurrent requests to one host = %d, want 1..2", p)
	}
}

func TestParseFeeds(t *testing.T) {
	for _, tc := range []struct {
		file          string
		items, warned int
		first         Item
	}{
		{"testdata/harbour.rss", 2, 1, Item{Title: "Ferry strike enters second week", Link: "https://harbour.example/news/ferry-strike-week-two",
			Source: "Harbour Post", Published: time.Date(2017, 4, 11, 8, 30, 0, 0, time.UTC), Content: "<p>Crews in Norrvik stayed ashore for an eighth day.</p>"}},
		{"testdata/valley.atom", 1, 0, Item{Title: "Orchard growers expect record harvest", Link: "https://valley.example/orchard-record",
			Source: "Valley News", Author: "P. Koray", Published: time.Date(2017, 4, 12, 12, 0, 0, 0, time.UTC), Content: "<p>Apple growers in the valley expect a record crop.</p>"}},
		{"testdata/coast.json", 1, 0, Item{Title: "Tram depot reopens", Source: "Coast Daily",
			Published: time.Date(2017, 5, 5, 9, 0, 0, 0, time.UTC), Content: "<p>The tram depot in Quenby reopened on Friday.</p>"}},
	} {
		body, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		if !IsFeed(body) {
			t.Errorf("%s: IsFeed false", tc.file)
		}
		items, warns, err := ParseFeed(body, tc.file)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if len(items) != tc.items || len(warns) != tc.warned {
			t.Errorf("%s: %d items, %d warnings; want %d, %d", tc.file, len(items), len(warns), tc.items, tc.warned)
			continue
		}
		if items[0] != tc.first {
			t.Errorf("%s: first item\n got %+v\nwant %+v", tc.file, items[0], tc.first)
		}
	}
	if IsFeed([]byte("<html><body>not a feed</body></html>")) {
		t.Error("IsFeed(html) = true")
	}
	if _, _, err := ParseFeed([]byte("<rss><channel><item>"), "broken.rss"); err == nil || !strings.Contains(err.Error(), "broken.rss") {
		t.Errorf("broken feed err = %v, want one naming the file", err)
	}
}

func TestFeedDocsOffline(t *testing.T) {
	body, err := os.ReadFile("testdata/harbour.rss")
	if err != nil {
		t.Fatal(err)
	}
	var warns []string
	docs, err := FeedDocs("testdata/harbour.rss", body, func(err error) { warns = append(warns, err.Error()) })
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].ID != "https://harbour.example/news/ferry-strike-week-two" || docs[0].Source != "Harbour Post" ||
		!strings.Contains(string(docs[0].Body), "eighth day") || docs[0].Published.IsZero() {
		t.Errorf("docs = %+v", docs)
	}
	// the link-only item and the empty item are named in warnings
	if len(warns) != 2 || !strings.Contains(strings.Join(warns, "\n"), "Harbour master retires") || !strings.Contains(strings.Join(warns, "\n"), "An item with nothing") {
		t.Errorf("warnings = %q", warns)
	}
	if _, err := FeedDocs("broken.rss", []byte("<rss><channel><item>"), func(error) {}); err == nil || !strings.Contains(err.Error(), "broken.rss") {
		t.Errorf("broken feed: err = %v, want one naming the file", err)
	}
}
