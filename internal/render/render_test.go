package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/domain"
)

func sample() domain.Briefs {
	return domain.Briefs{Stories: []domain.Brief{{
		ID:       "s-1",
		Headline: "Port <strike> & talks",
		Start:    "2026-03-03",
		End:      "2026-03-04",
		Articles: []domain.SourceRef{
			{ID: "a", Source: "Gazette", Title: "Strike", Path: "a.txt", Published: "2026-03-03"},
			{ID: "b", Source: "Courier", Title: "Strike (wire)", Path: "b.txt", CopyOf: "a"},
		},
		Summary:       []domain.SummarySentence{{Text: "Dockers walked out.", Citations: []string{"a", "b"}}},
		Quotes:        []domain.BriefQuote{{Speaker: "Ada Rowe", Title: "union leader", Text: "We stand firm", Direct: true, Citations: []string{"b"}}},
		Disagreements: []domain.Disagreement{{Quantity: "ships waiting", Soft: true, Values: []domain.NumberValue{{Value: "more than 40", Text: "More than 40 ships waited.", Citations: []string{"a"}}, {Value: "46", Text: "46 ships waited.", Citations: []string{"b"}}}}},
		Timeline:      []domain.TimelineEvent{{Date: "2026-03-03", Text: "Dockers walked out.", Citations: []string{"a"}}},
	}}}
}

func TestMarkdown(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "md", sample()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"# Port <strike> & talks",
		"- Dockers walked out. [1][2]",
		"**Ada Rowe, union leader**",
		"- “We stand firm” [2]",
		"- **ships waiting**: more than 40 [1] vs 46 [2] _(hedged values: both may be true)_",
		"- **2026-03-03**: Dockers walked out. [1]",
		"2. Courier: Strike (wire) `b.txt` (near-copy of 1)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "json", sample()); err != nil {
		t.Fatal(err)
	}
	var got domain.Briefs
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Stories[0].Summary[0].Citations[1] != "b" || !strings.Contains(buf.String(), `"headline": "Port <strike> & talks"`) {
		t.Errorf("JSON lost data or escaped HTML:\n%s", buf.String())
	}
	buf.Reset()
	if err := JSON(&buf, domain.Briefs{}); err != nil || strings.TrimSpace(buf.String()) != `{
  "stories": []
}` {
		t.Errorf("empty briefs = %q, %v; want an empty stories array", buf.String(), err)
	}
}

func TestHTMLEscapesAndLinksCitations(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "html", sample()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "<strike>") || !strings.Contains(out, "Port &lt;strike&gt; &amp; talks") {
		t.Error("headline not escaped")
	}
	if !strings.Contains(out, "<h3>Ada Rowe, union leader</h3>") {
		t.Error("quotes are not grouped under their speaker with title")
	}
	if !strings.Contains(out, `href="#s-1-src-2"`) || !strings.Contains(out, `id="s-1-src-2"`) {
		t.Error("citation [2] does not link to its source")
	}
}

func TestUnknownFormat(t *testing.T) {
	if err := Write(&bytes.Buffer{}, "pdf", sample()); err == nil {
		t.Error("want an error for an unknown format")
	}
}
