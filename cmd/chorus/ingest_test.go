package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/store"
)

func ingestOK(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(context.Background(), append([]string{"ingest"}, args...), nil, &out, &errb); code != 0 {
		t.Fatalf("chorus ingest %v: exit %d: %s", args, code, errb.String())
	}
	return out.String()
}

func storyCount(t *testing.T, db string) (int, int, map[string]string) {
	t.Helper()
	st, _, err := openStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	na, ns, err := st.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	briefs := map[string]string{}
	list, _ := st.ListStories(context.Background(), store.Page{Limit: 200})
	for _, s := range list.Stories {
		_, js, _ := st.GetStory(context.Background(), s.ID)
		briefs[s.ID] = string(js)
	}
	return na, ns, briefs
}

// TestIngestExamplesTwice: the examples (our own writing) go in once; the
// second run stores nothing and rewrites no brief.
func TestIngestExamplesTwice(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	dirs := []string{"../../examples/harbour-strike", "../../examples/sel-flood", "../../examples/rate-decision"}
	out := ingestOK(t, append([]string{"--db", db}, dirs...)...)
	if !strings.Contains(out, "11 articles read: 11 new, 0 already stored") {
		t.Errorf("first run: %s", out)
	}
	na, ns, before := storyCount(t, db)
	if na != 11 || ns != 3 {
		t.Errorf("after the first run: %d articles, %d stories; want 11, 3", na, ns)
	}
	out = ingestOK(t, append([]string{"--db", db}, dirs...)...)
	if !strings.Contains(out, "0 new, 11 already stored; 0 stories rewritten") {
		t.Errorf("second run: %s", out)
	}
	na, ns, after := storyCount(t, db)
	if na != 11 || ns != 3 || len(after) != len(before) {
		t.Errorf("after the second run: %d articles, %d stories", na, ns)
	}
	for id, js := range before {
		if after[id] != js {
			t.Errorf("story %s changed on the second run", id)
		}
	}
	for _, js := range after {
		var b struct {
			Articles []struct{ ID string } `json:"articles"`
			Summary  []struct {
				Citations []string `json:"citations"`
			} `json:"summary"`
		}
		if err := json.Unmarshal([]byte(js), &b); err != nil || len(b.Articles) == 0 || len(b.Summary) == 0 {
			t.Errorf("stored brief is not a full brief: %.200s", js)
		}
	}
}

// TestIngestFeeds reads a feed file with its own content, then the same
// feed over HTTP with the linked pages downloaded, which is refused for a
// loopback server unless --allow-private.
func TestIngestFeeds(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	out := ingestOK(t, "--db", db, "--no-fetch", "testdata/valley.atom")
	if !strings.Contains(out, "1 articles read: 1 new") {
		t.Errorf("feed file: %s", out)
	}
	page := "<html><head><title>Ferry strike ends</title></head><body><article><h1>Ferry strike ends</h1>" +
		"<p>The ferry strike in Norrvik ended on Friday after crews accepted a new pay offer from the operator.</p>" +
		"<p>Services resume on Saturday morning, the operator said in a statement to passengers.</p></article></body></html>"
	var ts *httptest.Server
	ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Post</title>` +
				`<item><title>Ferry strike ends</title><link>` + ts.URL + `/strike-ends</link><pubDate>Fri, 14 Apr 2017 18:00:00 +0000</pubDate></item>` +
				`</channel></rss>`))
		case "/strike-ends":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(page))
		default:
			http.NotFound(w, r)
		}
	}))
	defer ts.Close()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"ingest", "--db", db, ts.URL + "/feed.xml"}, nil, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "not a public address") {
		t.Errorf("loopback feed without --allow-private: exit %d, stderr %q", code, stderr.String())
	}
	out = ingestOK(t, "--db", db, "--allow-private", ts.URL+"/feed.xml")
	if !strings.Contains(out, "1 articles read: 1 new") {
		t.Errorf("feed URL: %s", out)
	}
	st, _, err := openStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	res, err := st.Search(context.Background(), store.Query{Text: "crews accepted pay offer"})
	if err != nil || len(res.Articles) != 1 || res.Articles[0].StoryID == "" {
		t.Fatalf("downloaded page not stored in a story: %+v %v", res, err)
	}
	a, _ := st.GetArticle(context.Background(), res.Articles[0].ID)
	if a.URL != ts.URL+"/strike-ends" || a.Source != "Harbour Post" || a.Published.IsZero() {
		t.Errorf("stored article = url %q source %q published %v", a.URL, a.Source, a.Published)
	}
}

func TestIngestUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"ingest"}, nil, &out, &errb); code != 2 {
		t.Errorf("no args: exit %d, want 2", code)
	}
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "blank.txt"), []byte("   \n"), 0o644)
	if code := run(context.Background(), []string{"ingest", "--db", filepath.Join(empty, "c.db"), empty}, nil, &out, &errb); code != 1 ||
		!strings.Contains(errb.String(), "no article read") {
		t.Errorf("nothing to read: exit %d, stderr %q", code, errb.String())
	}
}
