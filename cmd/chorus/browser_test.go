package main

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/serve"
	"github.com/chorusnews/chorus/internal/store"
)

// TestBrowserRealBrief ingests the examples (our own writing) through the
// real pipeline, serves them, and checks in Chromium that clicking the
// first citation of a brief reveals exactly the cited bytes of the stored
// article. Skips without /usr/bin/chromium unless CI=true.
func TestBrowserRealBrief(t *testing.T) {
	const chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing: run scripts/ci-chromium.sh", chromium)
		}
		t.Skipf("%s is missing (scripts/ci-chromium.sh installs it); skipping", chromium)
	}
	db := filepath.Join(t.TempDir(), "c.db")
	ingestOK(t, "--db", db, "../../examples/harbour-strike", "../../examples/sel-flood")
	ctx := context.Background()
	st, _, err := openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	list, err := st.ListStories(ctx, store.Page{})
	if err != nil || len(list.Stories) == 0 {
		t.Fatalf("no stories: %v", err)
	}
	story := list.Stories[0]
	_, js, _ := st.GetStory(ctx, story.ID)
	var b domain.Brief
	if err := json.Unmarshal(js, &b); err != nil || len(b.Summary) == 0 || len(b.Summary[0].Spans) == 0 {
		t.Fatalf("brief of %s has no cited summary: %v", story.ID, err)
	}
	first := b.Summary[0].Spans[0]
	a, err := st.GetArticle(ctx, first.Article)
	if err != nil {
		t.Fatal(err)
	}
	want := a.Text[first.Start:first.End]

	srv, err := serve.New(st, serve.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1200, 900))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	bctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	tctx, cancelT := context.WithTimeout(bctx, 30*time.Second)
	defer cancelT()
	err = chromedp.Do(tctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.Click(chromedp.CSS(`a[href="/stories/`+story.ID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("ol.summary")),
		chromedp.Click(chromedp.CSS("ol.summary li:first-child a.cite")),
		chromedp.WaitVisible(chromedp.CSS("#box-1 blockquote.source-quote")),
	)
	if err != nil {
		t.Fatalf("open the brief and click its first citation: %v", err)
	}
	got, err := chromedp.Run(tctx, chromedp.Text(chromedp.CSS("#box-1 blockquote.source-quote p")))
	if err != nil {
		t.Fatal(err)
	}
	// innerText collapses the article's line breaks like any rendered text.
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	if norm(got) != norm(want) {
		t.Errorf("revealed %q, want the cited bytes %q", got, want)
	}
	png, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll("testdata/out", 0o755); err != nil {
		t.Fatal(err)
	}
	path, _ := filepath.Abs("testdata/out/real-brief.png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}
