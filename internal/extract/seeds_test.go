package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/domain"
)

// seedsDir finds ../shared/data/seeds from the module root.
func seedsDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("module root not found")
		}
		dir = parent
	}
	seeds := filepath.Join(dir, "..", "shared", "data", "seeds")
	if _, err := os.Stat(seeds); err != nil {
		t.Skipf("seeds not available at %s (../shared/data/seeds from the repository root): %v", seeds, err)
	}
	return seeds
}

// TestSeeds cleans the five seed articles (third-party text, read from
// ../shared/data/seeds, never copied here) and checks the result by rule:
// no kept paragraph has a debris shape, real sentences are kept, and at
// most one block per article is judged off-topic. Run with -v to read what
// was dropped and why.
func TestSeeds(t *testing.T) {
	dir := seedsDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) == 0 {
		t.Skipf("no seed files in %s", dir)
	}
	var arts []domain.Article
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		art, err := Extract(domain.RawDoc{ID: filepath.Base(f), Path: f, Format: domain.FormatText, Body: b}, Options{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		arts = append(arts, art)
		if art.Title == "" || art.Language != "en" {
			t.Errorf("%s: title %q language %q", f, art.Title, art.Language)
		}

		// Re-run the cleaner on the same units to see every decision.
		s, _ := decodeText(b)
		s = strings.TrimLeft(normalizeText(s), "\n")
		_, body, _ := strings.Cut(s, "\n")
		us := splitUnits(body)
		cleanUnits(us, art.Title, false, false)
		var log strings.Builder
		offTopic := 0
		for _, u := range us {
			if u.reason == Keep {
				continue
			}
			log.WriteString("  drop [" + string(u.reason) + "] " + u.text + "\n")
			if u.reason == OffTopic {
				offTopic++
			}
			// A long third-person sentence is never removed as debris.
			if u.reason != OffTopic && len(words(u.text)) >= 12 && endsSentence(u.text) && readerAddress(stripQuoted(u.text)) == 0 {
				t.Errorf("%s: real sentence removed as %s: %q", filepath.Base(f), u.reason, u.text)
			}
		}
		t.Logf("%s: %d lines, %d kept, %d removed\n%s", filepath.Base(f), len(us), len(us)-art.Removed, art.Removed, log.String())
		if offTopic > 1 {
			t.Errorf("%s: %d paragraphs judged off-topic, want at most one block", filepath.Base(f), offTopic)
		}
		if kept := len(us) - art.Removed; kept*4 < len(us)*3 {
			t.Errorf("%s: kept %d of %d lines, want at least 75%%", filepath.Base(f), kept, len(us))
		}
		for _, p := range strings.Split(art.Text, "\n\n") {
			ws := words(p)
			switch {
			case !endsSentence(p) && !hasQuote(p):
				t.Errorf("%s: kept a paragraph that is not a sentence: %q", filepath.Base(f), p)
			case isNameShape(ws) || isSocial(p, ws):
				t.Errorf("%s: kept a name or link row: %q", filepath.Base(f), p)
			case debrisVocab(stripQuoted(p)) >= 2 && readerAddress(stripQuoted(p)) > 0:
				t.Errorf("%s: kept a notice: %q", filepath.Base(f), p)
			}
		}
	}
	// Lines shared by several seeds are real reporting, not boilerplate.
	for i, a := range RemoveRepeatedLines(arts) {
		if a.Text != arts[i].Text {
			t.Errorf("%s: RemoveRepeatedLines changed a seed", a.ID)
		}
	}
}
