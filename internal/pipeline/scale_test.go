package pipeline

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/domain"
)

const multiNewsVal = "../../../shared/data/multinews/val.jsonl.gz"

// multiNewsDocs reads the documents (of at least 20 words) of the first n
// Multi-News validation clusters as untitled articles, or skips.
func multiNewsDocs(b *testing.B, n int) []domain.RawDoc {
	b.Helper()
	f, err := os.Open(multiNewsVal)
	if err != nil {
		b.Skipf("Multi-News validation split not available (%v): put the shared data beside the repository", err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(gz)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	var raws []domain.RawDoc
	for c := 0; c < n && sc.Scan(); c++ {
		var cl struct {
			Documents []string `json:"documents"`
		}
		if err := json.Unmarshal(sc.Bytes(), &cl); err != nil {
			b.Fatal(err)
		}
		for j, d := range cl.Documents {
			if len(strings.Fields(d)) >= 20 {
				id := fmt.Sprintf("c%d-%d", c, j)
				raws = append(raws, domain.RawDoc{ID: id, Path: id, Format: domain.FormatText, Body: []byte(d)})
			}
		}
	}
	return raws
}

// BenchmarkMultiNewsVal300 briefs the documents of 300 Multi-News clusters
// (about 860 untitled articles) in one run: analysis, grouping and briefs.
func BenchmarkMultiNewsVal300(b *testing.B) {
	raws := multiNewsDocs(b, 300)
	ctx := context.Background()
	for b.Loop() {
		docs, err := Analyze(ctx, raws, Options{}, func(error) {})
		if err != nil {
			b.Fatal(err)
		}
		stories, err := Group(docs)
		if err != nil {
			b.Fatal(err)
		}
		Briefs(stories, Options{})
	}
	b.ReportMetric(float64(len(raws)), "articles")
}
