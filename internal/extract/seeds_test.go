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

func TestSeedsExplain(t *testing.T) {
	dir := seedsDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := decodeText(b)
		us := splitUnits(normalizeText(s))
		res := cleanUnits(us, "", true)
		_ = res
		var sb strings.Builder
		for _, u := range us[1:] {
			if u.reason != Keep {
				sb.WriteString("  DROP[" + string(u.reason) + "] " + u.text + "\n")
			}
		}
		art, err := Extract(domain.RawDoc{ID: filepath.Base(f), Path: f, Format: domain.FormatText, Body: b}, Options{})
		t.Logf("%s: title=%q byline=%q removed=%d paras=%d lang=%s err=%v\n%s", filepath.Base(f), art.Title, art.Byline, art.Removed, len(res.paras), art.Language, err, sb.String())
	}
}
