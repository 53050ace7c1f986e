package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/domain"
)

// TestExamples cleans the project's own fictional articles (examples/,
// written for chorus with planted debris, see examples/README.md): every
// file yields an article, every kept paragraph reads like prose, the
// embedded "related video" block of the Daily Clarion piece is gone, and
// no paragraph is lost across the syndicated pair by RemoveRepeatedLines.
func TestExamples(t *testing.T) {
	root := filepath.Join("..", "..", "examples")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("examples not found at %s: %v", root, err)
	}
	var arts []domain.Article
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		format := domain.FormatText
		switch filepath.Ext(p) {
		case ".txt":
		case ".html":
			format = domain.FormatHTML
		default:
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		a, err := Extract(domain.RawDoc{ID: filepath.Base(p), Path: p, Format: format, Body: b}, Options{})
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		arts = append(arts, a)
		// Every text example has planted debris lines; in HTML pages
		// trafilatura drops most of it before line cleaning.
		if a.Title == "" || (format == domain.FormatText && a.Removed == 0) {
			t.Errorf("%s: title %q, %d lines removed", p, a.Title, a.Removed)
		}
		for _, para := range strings.Split(a.Text, "\n\n") {
			out := stripQuoted(para)
			switch {
			case !endsSentence(para) && !hasQuote(para):
				t.Errorf("%s: kept a non-sentence: %q", p, para)
			case isSocial(para, words(para)) || isNameShape(words(para)):
				t.Errorf("%s: kept a link row or a name: %q", p, para)
			case debrisVocab(out) >= 2 && readerAddress(out) > 0:
				t.Errorf("%s: kept a notice: %q", p, para)
			case strings.Contains(p, "daily-clarion") && strings.Contains(strings.ToLower(para), "tortoise"):
				t.Errorf("%s: kept the embedded block about another story: %q", p, para)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) < 10 {
		t.Fatalf("only %d example articles read", len(arts))
	}
	for i, a := range RemoveRepeatedLines(arts) {
		if a.Text != arts[i].Text {
			t.Errorf("%s: RemoveRepeatedLines removed real text", a.ID)
		}
	}
}
