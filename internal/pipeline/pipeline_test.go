package pipeline

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/render"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// run briefs paths and fails the test on a fatal error.
func run(t *testing.T, paths ...string) *Result {
	t.Helper()
	res, err := Run(context.Background(), paths, Options{})
	if err != nil {
		t.Fatalf("Run(%v): %v", paths, err)
	}
	return res
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/pipeline -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; if the change is intended, run go test ./internal/pipeline -update and review the diff", path)
	}
}

// textOf maps article ids to their cleaned text.
func textOf(res *Result) map[string]string {
	m := map[string]string{}
	for _, d := range res.Docs {
		m[d.ID] = d.Text
	}
	return m
}

// checkVerbatim asserts that every summary sentence and quote is found in
// the first article it cites, at the span it gives.
func checkVerbatim(t *testing.T, res *Result) {
	t.Helper()
	texts := textOf(res)
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for _, b := range res.Briefs.Stories {
		for _, s := range b.Summary {
			if len(s.Citations) == 0 || len(s.Spans) == 0 {
				t.Errorf("story %s: summary sentence without citation: %q", b.ID, s.Text)
				continue
			}
			sp := s.Spans[0]
			if got := texts[sp.Article][sp.Start:sp.End]; norm(got) != norm(s.Text) || sp.Article != s.Citations[0] {
				t.Errorf("story %s: summary %q not at its span in %s (%q)", b.ID, s.Text, sp.Article, got)
			}
		}
		for _, q := range b.Quotes {
			if len(q.Citations) == 0 || !strings.Contains(norm(texts[q.Citations[0]]), norm(q.Text)) {
				t.Errorf("story %s: quote %q not found in %v", b.ID, q.Text, q.Citations)
			}
		}
	}
}

func TestExamplesGolden(t *testing.T) {
	res := run(t, "../../examples")
	if len(res.Warnings) > 0 {
		t.Errorf("warnings on our own examples: %v", res.Warnings)
	}
	checkVerbatim(t, res)
	var buf bytes.Buffer
	if err := render.JSON(&buf, res.Briefs); err != nil {
		t.Fatal(err)
	}
	golden(t, "examples.json", buf.Bytes())
	buf.Reset()
	if err := render.Markdown(&buf, res.Briefs); err != nil {
		t.Fatal(err)
	}
	golden(t, "examples.md", buf.Bytes())

	// Byte-identical on a second run.
	var again bytes.Buffer
	if err := render.Markdown(&again, run(t, "../../examples").Briefs); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two runs over examples/ gave different briefs")
	}
}

const seedsDir = "../../../shared/data/seeds"

func TestSeeds(t *testing.T) {
	if _, err := os.Stat(seedsDir); err != nil {
		t.Skipf("seed articles not available (%v): put the shared data beside the repository to run this test", err)
	}
	res := run(t, seedsDir)
	if n := len(res.Briefs.Stories); n != 1 {
		var sizes []int
		for _, s := range res.Stories {
			sizes = append(sizes, len(s.Docs))
		}
		t.Fatalf("seeds gave %d stories (sizes %v), want 1 holding all five", n, sizes)
	}
	b := res.Briefs.Stories[0]
	if len(b.Articles) != 5 {
		t.Errorf("story has %d articles, want 5", len(b.Articles))
	}
	checkVerbatim(t, res)
	for _, s := range b.Summary {
		if looksLikeDebris(s.Text) {
			t.Errorf("summary sentence carries web debris: %q", s.Text)
		}
	}
	speakers := map[string]bool{}
	titles := map[string]string{}
	for _, q := range b.Quotes {
		speakers[q.Speaker] = true
		titles[q.Speaker] = q.Title
	}
	for who, title := range map[string]string{
		"Sergey Lavrov":  "Russian Foreign Minister",
		"Rex Tillerson":  "Secretary of State",
		"Vladimir Putin": "Russian President",
		"Donald Trump":   "President",
		"James Mattis":   "Defense Secretary",
		"Nikki Haley":    "Ambassador",
		"Peskov":         "", // the seeds never give his first name or title
	} {
		if !speakers[who] {
			t.Errorf("no quote attributed to %s; speakers: %v", who, keys(speakers))
		} else if !strings.Contains(titles[who], title) {
			t.Errorf("%s has title %q, want one containing %q", who, titles[who], title)
		}
	}
	for _, e := range b.Entities {
		if e.Type == domain.Person && len(strings.Fields(e.Name)) < 2 {
			t.Errorf("person entity %q is a fragment (a lone first or last name)", e.Name)
		}
		if e.Type == domain.Person && (e.Name == "Russian Federation" || e.Name == "Exxon Mobil") {
			t.Errorf("%q listed as a person", e.Name)
		}
	}
	numbers := map[string]bool{}
	for _, n := range b.Numbers {
		for _, v := range n.Values {
			numbers[v.Value+" "+n.Quantity] = true
		}
	}
	for _, want := range []string{"59 cruise missiles", "20 percent syria operational aircraft"} {
		if !numbers[want] {
			t.Errorf("numbers lack %q: %v", want, keys(numbers))
		}
	}
	if len(b.Timeline) == 0 {
		t.Error("empty timeline")
	}
	if !hasDeathToll(b) {
		t.Errorf("the death toll (more than 80 against 89) is not among the disagreements: %+v", b.Disagreements)
	}
}

// looksLikeDebris flags the debris shapes a summary must never carry.
func looksLikeDebris(s string) bool {
	l := strings.ToLower(s)
	for _, w := range []string{"cookie", "facebook", "twitter", "read more", "archived article", "comment print", "newsletter"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

func hasDeathToll(b domain.Brief) bool {
	for _, d := range b.Disagreements {
		var hedged, exact bool
		for _, v := range d.Values {
			hedged = hedged || strings.Contains(v.Value, "more than 80")
			exact = exact || v.Value == "89"
		}
		if hedged && exact {
			return true
		}
	}
	return false
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// BenchmarkExamples measures a whole run over examples/: reading,
// cleaning, analysis, clustering and briefs.
func BenchmarkExamples(b *testing.B) {
	for b.Loop() {
		if _, err := Run(context.Background(), []string{"../../examples"}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReadmeExcerpt keeps the README's excerpt of the examples' brief
// true: every line it shows is a line of the golden Markdown.
func TestReadmeExcerpt(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile("testdata/examples.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "```markdown\n")
	if !ok {
		t.Fatal("README.md has no ```markdown excerpt")
	}
	block, _, _ = strings.Cut(block, "\n```")
	lines := map[string]bool{}
	// The test runs from internal/pipeline; the README from the root.
	for _, l := range strings.Split(strings.ReplaceAll(string(golden), "../../examples/", "examples/"), "\n") {
		lines[l] = true
	}
	for _, l := range strings.Split(block, "\n") {
		if l != "" && l != "…" && !lines[l] {
			t.Errorf("README excerpt line is not in the examples' brief (refresh the excerpt): %q", l)
		}
	}
}
