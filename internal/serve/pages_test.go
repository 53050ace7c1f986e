package serve

import (
	"html"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/store/storetest"
)

func TestUIPages(t *testing.T) {
	ts, _ := newTestServer(t)
	arts, b := storetest.FakeStory(1)
	lead := b.Summary[0]
	for _, tc := range []struct {
		name, path string
		status     int
		want       []string
	}{
		{"index", "/", 200, []string{b.Headline, `href="/stories/story-1"`, `<script src="/static/htmx.min.js"`}},
		{"search", "/?q=Castelbrun", 200, []string{"Results for", `href="/stories/story-1"`, `href="/articles/f1-0"`}},
		{"search nothing", "/?q=zebra", 200, []string{"No story matches.", "No article matches."}},
		{"story", "/stories/story-1", 200, []string{
			html.EscapeString(lead.Text),
			// the citation reveals the source sentence on hover (title) and click (htmx fragment or link)
			`title="` + arts[0].Source + `: ` + html.EscapeString(lead.Text) + `"`,
			`hx-get="/fragments/cite?article=f1-0&amp;end=`,
			`href="/articles/f1-0?start=0&amp;end=`,
			"Who said what", b.Quotes[0].Speaker, "Where the sources disagree", "more than", "Timeline", "People",
			`href="/stories/story-1/compare"`,
		}},
		{"compare", "/stories/story-1/compare", 200, []string{"Which source reports what", "What each source alone reports",
			html.EscapeString(b.Exclusives[0].Sentences[0]), `class="yes"`}},
		{"article highlighted", "/articles/f1-0?start=0&end=10", 200, []string{`<mark id="hl">` + html.EscapeString(arts[0].Text[:10]) + `</mark>`, `href="/stories/story-1"`}},
		{"article bad span ignored", "/articles/f1-0?start=5&end=99999", 200, []string{html.EscapeString(arts[0].Title)}},
		{"cite fragment", "/fragments/cite?article=f1-0&start=0&end=10", 200, []string{`<blockquote class="source-quote">`, html.EscapeString(arts[0].Text[:10])}},
		{"cite fragment lead", "/fragments/cite?article=f1-0", 200, []string{html.EscapeString(arts[0].Text[:20])}},
		{"cite fragment bad span", "/fragments/cite?article=f1-0&start=0&end=99999", 400, []string{"outside article"}},
		{"unknown story", "/stories/nope", 404, []string{"Not found"}},
		{"unknown article", "/articles/nope", 404, []string{"Not found"}},
		{"unknown page", "/nowhere", 404, []string{"Not found"}},
		{"bad offset", "/?offset=x", 400, []string{"offset"}},
		{"static css", "/static/style.css", 200, []string{"--accent"}},
		{"static htmx", "/static/htmx.min.js", 200, []string{"htmx"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := do(t, "GET", ts.URL+tc.path, "", nil)
			if res.StatusCode != tc.status {
				t.Errorf("status %d, want %d", res.StatusCode, tc.status)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(body), w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
}

func TestParagraphsMarkAcrossBreak(t *testing.T) {
	text := "First para here.\n\nSecond para there."
	got := paragraphs(text, spanOf(text, "here.\n\nSecond"), true)
	if len(got) != 2 || len(got[0]) != 2 || !got[0][1].Mark || got[0][1].Text != "here." || !got[1][0].Mark || got[1][0].Text != "Second" {
		t.Errorf("paragraphs = %+v", got)
	}
}
