package eval

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestShingleMatchHandValues(t *testing.T) {
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	// Same text: all true positives.
	r := shingleMatch("a b c d e", "a b c d e", 4)
	if !near(r.tp, 1) || r.fp != 0 || r.fn != 0 {
		t.Errorf("identical: %+v", r)
	}
	// Gold "a b c d e" has shingles abcd, bcde; prediction "a b c d x"
	// has abcd, bcdx: tp 1, fp 1, fn 1, normalised by 3.
	r = shingleMatch("a b c d e", "a b c d x", 4)
	if !near(r.tp, 1.0/3) || !near(r.fp, 1.0/3) || !near(r.fn, 1.0/3) {
		t.Errorf("one word off: %+v", r)
	}
	// Texts shorter than n give one short shingle; punctuation is not a
	// token.
	r = shingleMatch("Hello, world!", "hello world", 4)
	if r.tp != 0 || !near(r.fp, 0.5) || !near(r.fn, 0.5) {
		t.Errorf("case matters: %+v", r)
	}
	// Nothing predicted: precision undefined (skipped), recall 0.
	p := meanPRF([]tpFpFn{shingleMatch("a b c d", "", 4), shingleMatch("a b c d", "a b c d", 4)})
	if !near(p.Precision, 1) || !near(p.Recall, 0.5) || !near(p.F1, 2*0.5/1.5) {
		t.Errorf("mean: %+v", p)
	}
}

func TestVisibleText(t *testing.T) {
	got := VisibleText([]byte(`<html><head><title>T</title><style>p{}</style></head><body><p>One <b>two</b></p><script>x()</script><div>three</div></body></html>`))
	if strings.Fields(got)[0] != "One" || strings.Contains(got, "x()") || strings.Contains(got, "T\n") || !strings.Contains(got, "three") {
		t.Errorf("VisibleText = %q", got)
	}
}

// TestEvalExtractSmall runs the whole evaluation on three benchmark pages
// when the data is present: chorus must beat the all-text baseline on
// precision.
func TestEvalExtractSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("runs trafilatura on real pages; skipped with -short")
	}
	dir := filepath.Join("..", "..", "..", "shared", "data", "extraction", "scrapinghub")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("benchmark data not available at %s: %v", dir, err)
	}
	pages, err := LoadScrapinghub(dir, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 3 || pages[0].Gold == "" || len(pages[0].HTML) == 0 {
		t.Fatalf("loaded %d pages", len(pages))
	}
	scores := EvalExtract(pages, Extractors())
	if len(scores) != 3 || scores[0].System != "chorus" || scores[2].System != "baseline-alltext" {
		t.Fatalf("scores = %+v", scores)
	}
	if scores[0].Shingles.Precision <= scores[2].Shingles.Precision {
		t.Errorf("chorus precision %.3f not above the baseline's %.3f", scores[0].Shingles.Precision, scores[2].Shingles.Precision)
	}
}
