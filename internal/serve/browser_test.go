package serve

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/chorusnews/chorus/internal/store/storetest"
)

// Browser tests drive Debian's Chromium (scripts/ci-chromium.sh installs
// it) through chromedp. They skip when /usr/bin/chromium is missing,
// except under CI=true where a missing browser is a failure.

const chromiumPath = "/usr/bin/chromium"

// browser starts a headless Chromium and returns a tab context.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing: run scripts/ci-chromium.sh", chromiumPath)
		}
		t.Skipf("%s is missing (install it with scripts/ci-chromium.sh); skipping browser test", chromiumPath)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox, // tests run as root in containers
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(1200, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first Do starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	return ctx
}

// step runs actions with a time limit.
func step(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(c, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func value[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(c, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// screenshot saves a full-page PNG (quality 100 means PNG; less is JPEG) under testdata/out and logs its path.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png := value(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100))
	dir := filepath.Join("testdata", "out")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(path)
	t.Logf("screenshot: %s (%d bytes)", abs, len(png))
}

func TestBrowserSearchBriefCitation(t *testing.T) {
	ctx := browser(t)
	ts, _ := newTestServer(t)
	arts, b := storetest.FakeStory(1)
	lead := b.Summary[0].Text

	// The story list.
	step(t, ctx, "open the story list", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS("ul.stories")))
	list := value(t, ctx, "read the list", chromedp.Text(chromedp.CSS("ul.stories")))
	_, b2 := storetest.FakeStory(2)
	if !strings.Contains(list, b.Headline) || !strings.Contains(list, b2.Headline) {
		t.Errorf("story list shows %q, want both headlines", list)
	}

	// Search, as a reader types it.
	step(t, ctx, "search", chromedp.SendKeys(chromedp.CSS("#q"), "castelbrun storm\n"),
		chromedp.WaitVisible(chromedp.CSS(`#search-results a[href="/stories/story-1"]`)))
	h1 := value(t, ctx, "read the results heading", chromedp.Text(chromedp.CSS("h1")))
	if !strings.Contains(h1, "castelbrun storm") {
		t.Errorf("results heading = %q", h1)
	}
	if strings.Contains(value(t, ctx, "read results", chromedp.Text(chromedp.CSS("#results"))), b2.Headline) {
		t.Errorf("search for castelbrun also lists %q", b2.Headline)
	}

	// Live search: typing without pressing Enter updates the results in
	// place (htmx) and the address bar.
	step(t, ctx, "clear the search box", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS("ul.stories")))
	step(t, ctx, "type a live search", chromedp.SendKeys(chromedp.CSS("#q"), "aldermoor"),
		chromedp.WaitVisible(chromedp.CSS(`#search-results a[href="/stories/story-2"]`)))
	if loc := value(t, ctx, "location", chromedp.Location()); !strings.HasSuffix(loc, "/?q=aldermoor") {
		t.Errorf("live search left the address at %s", loc)
	}
	if live := value(t, ctx, "read live results", chromedp.Text(chromedp.CSS("#search-results"))); strings.Contains(live, b.Headline) {
		t.Errorf("live search for aldermoor lists %q", b.Headline)
	}
	screenshot(t, ctx, "live-search")
	step(t, ctx, "search again", chromedp.Navigate(ts.URL+"/?q=castelbrun+storm"),
		chromedp.WaitVisible(chromedp.CSS(`#search-results a[href="/stories/story-1"]`)))

	// Open the brief.
	step(t, ctx, "open the brief", chromedp.Click(chromedp.CSS(`#results a[href="/stories/story-1"]`)),
		chromedp.WaitVisible(chromedp.CSS("ol.summary")))
	if h := value(t, ctx, "read the headline", chromedp.Text(chromedp.CSS("h1"))); h != b.Headline {
		t.Errorf("brief headline = %q, want %q", h, b.Headline)
	}
	// Section headings are upper-cased by CSS; innerText reports what is shown.
	page := strings.ToLower(value(t, ctx, "read the brief", chromedp.Text(chromedp.CSS("article.brief"))))
	for _, want := range []string{lead, "Who said what", b.Quotes[0].Speaker, "Where the sources disagree", "more than", "Timeline", "Sources"} {
		if !strings.Contains(page, strings.ToLower(want)) {
			t.Errorf("the brief does not show %q", want)
		}
	}

	// Hovering a citation shows the source sentence (title attribute).
	cite := chromedp.CSS("ol.summary li:first-child a.cite")
	title := value(t, ctx, "read the citation title", chromedp.AttributeValue(cite, "title"))
	if title.Value != arts[0].Source+": "+lead {
		t.Errorf("citation title = %q, want the source and its sentence", title.Value)
	}

	// Clicking it reveals the sentence in place (htmx), without leaving the page.
	before := value(t, ctx, "location", chromedp.Location())
	step(t, ctx, "click the citation", chromedp.Click(cite), chromedp.WaitVisible(chromedp.CSS("#box-1 blockquote.source-quote")))
	quote := value(t, ctx, "read the revealed source", chromedp.Text(chromedp.CSS("#box-1 blockquote.source-quote")))
	if !strings.Contains(quote, lead) || !strings.Contains(quote, arts[0].Source) {
		t.Errorf("revealed source = %q, want the sentence and %q", quote, arts[0].Source)
	}
	if after := value(t, ctx, "location", chromedp.Location()); after != before {
		t.Errorf("clicking a citation navigated from %s to %s", before, after)
	}
	screenshot(t, ctx, "brief-citation")

	// The source-comparison view.
	step(t, ctx, "open the comparison", chromedp.Click(chromedp.CSS(`nav.tabs a[href$="/compare"]`)),
		chromedp.WaitVisible(chromedp.CSS("table.matrix")))
	cmp := strings.ToLower(value(t, ctx, "read the comparison", chromedp.Text(chromedp.CSS("main"))))
	if !strings.Contains(cmp, strings.ToLower(b.Exclusives[1].Sentences[0])) || !strings.Contains(cmp, "what each source alone reports") {
		t.Errorf("comparison lacks the exclusives: %q", cmp)
	}
	screenshot(t, ctx, "compare")
}

func TestBrowserWithoutJavaScript(t *testing.T) {
	ctx := browser(t)
	ts, _ := newTestServer(t)
	arts, b := storetest.FakeStory(1)
	lead := b.Summary[0].Text
	noJS := chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return chromedp.Void{}, err
	})
	step(t, ctx, "open the brief without JavaScript", noJS, chromedp.Navigate(ts.URL+"/stories/story-1"),
		chromedp.WaitVisible(chromedp.CSS("ol.summary")))
	if js := value(t, ctx, "is htmx running", chromedp.Evaluate[bool](`typeof window.htmx !== "undefined"`)); js {
		t.Fatal("htmx loaded although scripts are disabled")
	}
	// The citation is a plain link to the sentence in the article.
	step(t, ctx, "follow the citation", chromedp.Click(chromedp.CSS("ol.summary li:first-child a.cite")),
		chromedp.WaitVisible(chromedp.CSS("mark#hl")))
	if h := value(t, ctx, "read the article title", chromedp.Text(chromedp.CSS("h1"))); h != arts[0].Title {
		t.Errorf("article title = %q, want %q", h, arts[0].Title)
	}
	if m := value(t, ctx, "read the highlight", chromedp.Text(chromedp.CSS("mark#hl"))); m != lead {
		t.Errorf("highlighted %q, want %q", m, lead)
	}
	screenshot(t, ctx, "article-highlight-nojs")
}
