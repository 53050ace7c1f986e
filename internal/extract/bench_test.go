package extract

import (
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/domain"
)

// BenchmarkExtractText measures a plain-text article of about 30 lines
// (our own teaser fixture, repeated three times).
func BenchmarkExtractText(b *testing.B) {
	body := []byte(teaserArticle + "\n\n" + strings.Repeat(teaserArticle[strings.Index(teaserArticle, "\n\n")+2:]+"\n\n", 2))
	raw := domain.RawDoc{ID: "b", Path: "b.txt", Format: domain.FormatText, Body: body}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := Extract(raw, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExtractHTML measures a small page through trafilatura and the
// cleaner.
func BenchmarkExtractHTML(b *testing.B) {
	raw := readFixture(&testing.T{}, "article.html")
	b.SetBytes(int64(len(raw.Body)))
	for b.Loop() {
		if _, err := Extract(raw, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClassify measures the line classifier alone.
func BenchmarkClassify(b *testing.B) {
	lines := strings.Split(teaserArticle, "\n")
	for b.Loop() {
		for _, l := range lines {
			Classify(l)
		}
	}
}
