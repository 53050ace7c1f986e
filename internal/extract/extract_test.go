package extract

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chorusnews/chorus/internal/domain"
)

func textDoc(body string) domain.RawDoc {
	return domain.RawDoc{ID: "t", Path: "t.txt", Format: domain.FormatText, Body: []byte(body)}
}

func paras(a domain.Article) []string {
	if a.Text == "" {
		return nil
	}
	return strings.Split(a.Text, "\n\n")
}

func TestExtractTextHeader(t *testing.T) {
	tests := []struct {
		name, body      string
		title, byline   string
		published       time.Time
		first           string // first paragraph of the body
		removed, nparas int
	}{
		{
			name:  "title, byline and published line",
			body:  "Harbour bridge reopens\n\nBy Mira Kovalenko\nPublished: March 14, 2024 9:15 a.m.\n\nThe bridge reopened on Thursday.\n\nEngineers finished early.",
			title: "Harbour bridge reopens", byline: "Mira Kovalenko",
			published: time.Date(2024, 3, 14, 9, 15, 0, 0, time.UTC),
			first:     "The bridge reopened on Thursday.", removed: 2, nparas: 2,
		},
		{
			name:  "leading blank lines and a date-only line",
			body:  "\n\n  Night train returns  \n14 April 2024\nBy Anna Lind, Valley Courier\n\nThe night train will run again from May.",
			title: "Night train returns", byline: "Anna Lind, Valley Courier",
			published: time.Date(2024, 4, 14, 0, 0, 0, 0, time.UTC),
			first:     "The night train will run again from May.", removed: 2, nparas: 1,
		},
		{
			name:  "no header lines; single newlines separate paragraphs",
			body:  "Café owners protest fees\nOwners of forty cafés gathered on Monday.\nThe council says the fee pays for cleaning.",
			title: "Café owners protest fees",
			first: "Owners of forty cafés gathered on Monday.", nparas: 2,
		},
		{
			name:  "hard-wrapped paragraph is joined",
			body:  "Library hours\n\nThe central library will stay open until nine in the\nevening on weekdays from next month, the culture office\nsaid on Friday.",
			title: "Library hours",
			first: "The central library will stay open until nine in the evening on weekdays from next month, the culture office said on Friday.", nparas: 1,
		},
		{
			name:  "lone author name at the end becomes the byline",
			body:  "Ferry timetable changes\n\nThe ferry will run every hour from June.\n\n• Salome Idris",
			title: "Ferry timetable changes", byline: "Salome Idris",
			first: "The ferry will run every hour from June.", removed: 1, nparas: 1,
		},
		{
			name:  "a By sentence is not a byline",
			body:  "Rescue ends\n\nBy the end of the day, 40 people had been rescued.",
			title: "Rescue ends",
			first: "By the end of the day, 40 people had been rescued.", nparas: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract(textDoc(tt.body), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title || a.Byline != tt.byline || !a.Published.Equal(tt.published) {
				t.Errorf("title=%q byline=%q published=%v, want %q %q %v", a.Title, a.Byline, a.Published, tt.title, tt.byline, tt.published)
			}
			ps := paras(a)
			if len(ps) != tt.nparas || ps[0] != tt.first {
				t.Errorf("paragraphs = %q, want %d starting with %q", ps, tt.nparas, tt.first)
			}
			if a.Removed != tt.removed {
				t.Errorf("removed = %d, want %d", a.Removed, tt.removed)
			}
			if a.ID != "t" || a.Path != "t.txt" || a.Hash != Hash(a.Text) || len(a.Hash) != 64 {
				t.Errorf("id/path/hash = %q %q %q", a.ID, a.Path, a.Hash)
			}
		})
	}
}

func TestExtractKnownTitleAndDateWin(t *testing.T) {
	raw := textDoc("Bridge reopens\n\nPublished: March 1, 2020\n\nThe bridge reopened on Thursday after repairs.")
	raw.Title = "Bridge reopens"
	raw.Published = time.Date(2024, 3, 14, 0, 0, 0, 0, time.UTC)
	raw.Source = "Ledger"
	a, err := Extract(raw, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Bridge reopens" || !a.Published.Equal(raw.Published) || a.Source != "Ledger" {
		t.Errorf("got %q %v %q", a.Title, a.Published, a.Source)
	}
	if a.Text != "The bridge reopened on Thursday after repairs." {
		t.Errorf("text = %q (the repeated title and the date line must go)", a.Text)
	}
}

func TestNormalization(t *testing.T) {
	body := "T\r\n\r\nCafe\u0301\u00a0owners\u200b  met\tin  Vell\u00e9s.\r\nIt rained.\u2028It stopped.\r\n"
	a, err := Extract(textDoc(body), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// NFC composes "e" + U+0301; NBSP and tabs become one space; U+200B
	// goes; U+2028 is a line break.
	if want := "Café owners met in Vellés.\n\nIt rained.\n\nIt stopped."; a.Text != want {
		t.Errorf("text = %q, want %q", a.Text, want)
	}
	if got := normalizeText("a\rb\rc"); got != "a\nb\nc" {
		t.Errorf("old Mac line ends: %q", got)
	}
}

func TestExtractInvalidUTF8IsRepairedAndReported(t *testing.T) {
	body := "Caf\xe9 owners protest\n\nOwners of forty caf\xe9s gathered outside the town hall on Monday.\n"
	a, err := Extract(textDoc(body), Options{})
	if err == nil || !IsWarning(err) {
		t.Fatalf("err = %v, want a *Warning", err)
	}
	if want := "t.txt: invalid UTF-8: 2 bad bytes (first at byte offset 3) replaced with U+FFFD"; err.Error() != want {
		t.Errorf("warning = %q, want %q", err, want)
	}
	if !utf8.ValidString(a.Text) || !strings.Contains(a.Text, "caf\uFFFDs") || a.Title != "Caf\uFFFD owners protest" {
		t.Errorf("article = %q / %q", a.Title, a.Text)
	}
}

func TestExtractUTF16(t *testing.T) {
	// "Hi\n\nThe ferry runs again." in UTF-16LE with a BOM.
	s := "Hi\n\nThe ferry runs again."
	b := []byte{0xff, 0xfe}
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	a, err := Extract(textDoc(string(b)), Options{})
	if err != nil || a.Title != "Hi" || a.Text != "The ferry runs again." {
		t.Errorf("got %q %q %v", a.Title, a.Text, err)
	}
}

func TestExtractNoArticle(t *testing.T) {
	for _, body := range []string{"", "Only a title", "Title\n\nRead more\nShare this article\nFacebook | Twitter"} {
		_, err := Extract(textDoc(body), Options{})
		if !errors.Is(err, ErrNoArticle) || IsWarning(err) || !strings.HasPrefix(err.Error(), "t.txt: ") {
			t.Errorf("Extract(%q) err = %v, want ErrNoArticle naming the file", body, err)
		}
	}
}

func readFixture(t *testing.T, name string) domain.RawDoc {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return domain.RawDoc{ID: name, Path: "testdata/" + name, Format: domain.FormatHTML, Body: b}
}

func TestExtractHTMLArticle(t *testing.T) {
	a, err := Extract(readFixture(t, "article.html"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Harbour bridge reopens after storm repairs" || a.Source != "The Northgate Ledger" || a.Byline != "Mira Kovalenko" {
		t.Errorf("title=%q source=%q byline=%q", a.Title, a.Source, a.Byline)
	}
	if want := time.Date(2024, 3, 14, 8, 15, 0, 0, time.UTC); !a.Published.Equal(want) {
		t.Errorf("published = %v, want %v", a.Published, want)
	}
	if a.URL != "https://ledger.example/news/harbour-bridge-reopens" || a.Language != "en" {
		t.Errorf("url=%q lang=%q", a.URL, a.Language)
	}
	ps := paras(a)
	if len(ps) != 5 {
		t.Errorf("got %d paragraphs, want the 5 of the article: %q", len(ps), ps)
	}
	for _, want := range []string{
		"The Eastgate harbour bridge reopened to traffic on Thursday morning",
		`"We worked through the nights`,
		"The ferry will keep running at weekends until the end of the month.",
	} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	for _, debris := range []string{"cookie", "Share on", "Photo:", "Read more", "Most read", "bakery", "©", "Subscribe", "Traffic limits remain"} {
		if strings.Contains(a.Text, debris) {
			t.Errorf("text keeps debris %q", debris)
		}
	}
}

func TestExtractHTMLCharsetAndBrokenMarkup(t *testing.T) {
	a, err := Extract(readFixture(t, "windows1252.html"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Café owners protest new terrace fees" {
		t.Errorf("title = %q", a.Title)
	}
	for _, want := range []string{"more than forty cafés", "“We already pay rent, taxes and licences — this fee", "José Ibáñez", "next week’s council"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("windows-1252 text lacks %q: %q", want, a.Text)
		}
	}
	if strings.Contains(a.Text, "City • Business") {
		t.Error("menu row kept")
	}

	b, err := Extract(readFixture(t, "broken.html"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if b.Source != "Valley Courier" || b.Title != "Night train service returns to the valley" {
		t.Errorf("source=%q title=%q", b.Source, b.Title)
	}
	for _, want := range []string{"The night train between Orrin and Castelmar", "passed their tests last month.", "Tickets go on sale on April 2."} {
		if !strings.Contains(b.Text, want) {
			t.Errorf("broken markup text lacks %q: %q", want, b.Text)
		}
	}
	if strings.Contains(b.Text, "Follow us") || strings.Contains(b.Text, "Instagram") {
		t.Error("social row kept")
	}
}

func TestExtractHTMLNoArticle(t *testing.T) {
	_, err := Extract(readFixture(t, "noarticle.html"), Options{})
	if !errors.Is(err, ErrNoArticle) || err.Error() != "testdata/noarticle.html: no article text found" {
		t.Errorf("err = %v, want ErrNoArticle naming the file", err)
	}
	_, err = Extract(domain.RawDoc{Path: "e.html", Format: domain.FormatHTML}, Options{})
	if !errors.Is(err, ErrNoArticle) {
		t.Errorf("empty page: err = %v", err)
	}
}

func TestExtractHTMLIgnoresCopyrightFooterDate(t *testing.T) {
	a, err := Extract(readFixture(t, "footerdate.html"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Published.IsZero() {
		t.Errorf("published = %v, want none (only a copyright year is on the page)", a.Published)
	}
	if len(paras(a)) != 3 {
		t.Errorf("paragraphs = %q", paras(a))
	}
}

func TestExtractHTMLInvalidUTF8(t *testing.T) {
	raw := domain.RawDoc{Path: "bad.html", Format: domain.FormatHTML, Body: []byte(`<html><head><meta charset="utf-8"></head><body><article>
<p>The harbour bridge reopened on Thursday after six weeks of repairs to its railing and cables, the city said.</p>
<p>Engineers finished three days early and spent less than planned on the work, according to the transport office.` + "\xff\xfe" + `</p>
</article></body></html>`)}
	a, err := Extract(raw, Options{})
	if !IsWarning(err) || !strings.Contains(err.Error(), "bad.html: invalid UTF-8") {
		t.Fatalf("err = %v, want an invalid UTF-8 warning", err)
	}
	if !utf8.ValidString(a.Text) || !strings.Contains(a.Text, "harbour bridge") {
		t.Errorf("text = %q", a.Text)
	}
}

// An article with a teaser about another story embedded after a headline
// line, as pages embed "related video" blocks. All text written for this test.
const teaserArticle = `Port workers end strike after pay deal

Dock workers at the port of Vellmar returned to work on Friday after their union accepted a pay offer that ends a nine-day strike.

The union said the deal raises wages by 6 percent this year and 4 percent next year, and limits night shifts for older workers.

The port authority said ships that had waited at anchor during the strike would be unloaded within a week.

Singer Cancels Summer Tour To Rest Her Voice
The pop singer told fans in a video message that doctors had ordered three months of silence, and that tickets for all twelve concerts would be refunded.

Shipping companies had warned that the strike was costing the port's customers millions of euros a day in delays.

"Nobody wins a strike like this, but the workers have been heard," the union's leader said at the port gates.

The port handles about a fifth of the country's container traffic, according to the authority.`

func TestOffTopicBlockIsDropped(t *testing.T) {
	a, err := Extract(textDoc(teaserArticle), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Text, "singer") || strings.Contains(a.Text, "Singer") {
		t.Errorf("teaser kept: %q", a.Text)
	}
	if got := len(paras(a)); got != 6 {
		t.Errorf("kept %d paragraphs, want the 6 real ones: %q", got, paras(a))
	}
	if a.Removed != 2 {
		t.Errorf("removed = %d, want 2 (headline and blurb)", a.Removed)
	}
	// The same article without the teaser loses nothing.
	clean := strings.Replace(teaserArticle, "Singer Cancels Summer Tour To Rest Her Voice\nThe pop singer told fans in a video message that doctors had ordered three months of silence, and that tickets for all twelve concerts would be refunded.\n\n", "", 1)
	b, err := Extract(textDoc(clean), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if b.Removed != 0 || len(paras(b)) != 6 {
		t.Errorf("clean article: removed %d, %d paragraphs", b.Removed, len(paras(b)))
	}
}

func TestSubheadFollowedByRealParagraphIsKept(t *testing.T) {
	body := `Port strike ends

Dock workers at the port of Vellmar returned to work on Friday after a nine-day strike.

The union accepted a pay offer on Thursday night after talks with the port authority.

Ships waited at anchor for days while the strike went on.

What comes next

The port authority said the waiting ships would be unloaded within a week, and that night shifts at the port would resume on Monday.

Shipping companies said the delays had cost them millions.`
	a, err := Extract(textDoc(body), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(paras(a)) != 5 || a.Removed != 1 {
		t.Errorf("removed %d, paragraphs %q", a.Removed, paras(a))
	}
}

func TestRemoveRepeatedLines(t *testing.T) {
	mk := func(id, src string, ps ...string) domain.Article {
		text := strings.Join(ps, "\n\n")
		return domain.Article{ID: id, Source: src, Text: text, Hash: Hash(text)}
	}
	shared := "Russia is Syria's most powerful ally."
	promo := "Get our free app for breaking news alerts"
	quote := `"We will not back down," the mayor said.`
	arts := []domain.Article{
		mk("a", "Ledger", "Story A first line.", shared, promo, quote),
		mk("b", "Courier", "Story B first line.", shared, promo),
		mk("c", "Courier", "Story C first line.", "Ask us anything, we answer every week.", quote),
		mk("d", "Herald", "Story D first line.", "Ask us anything, we answer every week."),
		mk("e", "", "Only repeated boilerplate in my own site.", "Ask us anything, we answer every week."),
	}
	out := RemoveRepeatedLines(arts)
	want := [][]string{
		{"Story A first line.", shared, quote},
		{"Story B first line.", shared},
		{"Story C first line.", quote},
		{"Story D first line."},
		{"Only repeated boilerplate in my own site."},
	}
	for i := range out {
		if got := paras(out[i]); strings.Join(got, "|") != strings.Join(want[i], "|") {
			t.Errorf("article %s = %q, want %q", out[i].ID, got, want[i])
		}
		if out[i].Hash != Hash(out[i].Text) {
			t.Errorf("article %s hash not updated", out[i].ID)
		}
	}
	if out[0].Removed != 1 || out[3].Removed != 1 {
		t.Errorf("removed counts = %d, %d", out[0].Removed, out[3].Removed)
	}
	if arts[0].Text != strings.Join([]string{"Story A first line.", shared, promo, quote}, "\n\n") {
		t.Error("input modified")
	}
	// One source repeating its own line is not cross-article boilerplate.
	same := []domain.Article{mk("x", "S", "Line one.", "Follow us"), mk("y", "S", "Line two.", "Follow us")}
	for _, a := range RemoveRepeatedLines(same) {
		if !strings.Contains(a.Text, "Follow us") {
			t.Error("a line repeated by one source only was removed")
		}
	}
}

func TestLanguage(t *testing.T) {
	tests := []struct{ text, want string }{
		{"The harbour bridge reopened to traffic on Thursday morning, six weeks after a winter storm tore away part of its railing.", "en"},
		{"Le pont du port a rouvert jeudi matin, six semaines après qu'une tempête d'hiver a arraché une partie de sa rambarde.", "fr"},
		{"Die Hafenbrücke wurde am Donnerstagmorgen wieder für den Verkehr freigegeben, sechs Wochen nachdem ein Wintersturm einen Teil des Geländers abgerissen hatte.", "de"},
		{"ok", "en"},
	}
	for _, tt := range tests {
		if got := Language(tt.text); got != tt.want {
			t.Errorf("Language(%.30q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestParseLooseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"Published: April 12, 2017", time.Date(2017, 4, 12, 0, 0, 0, 0, time.UTC), true},
		{"Updated 10:31 p.m. ET, Wed Apr. 12, 2017", time.Date(2017, 4, 12, 22, 31, 0, 0, time.UTC), true},
		{"12 April 2017 12:05 am", time.Date(2017, 4, 12, 0, 5, 0, 0, time.UTC), true},
		{"2017-04-12T08:30", time.Date(2017, 4, 12, 8, 30, 0, 0, time.UTC), true},
		{"February 30, 2017", time.Time{}, false},
		{"no date here", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseLooseDate(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parseLooseDate(%q) = %v %v, want %v %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestKeepDebrisOption(t *testing.T) {
	a, err := Extract(textDoc("T\n\nRead more\n\nThe ferry runs again."), Options{KeepDebris: true})
	if err != nil || a.Text != "Read more\n\nThe ferry runs again." || a.Removed != 0 {
		t.Errorf("got %q removed=%d err=%v", a.Text, a.Removed, err)
	}
}

// x/net/html/charset sniffs only the first 1024 bytes; a <meta> further
// down and a page that declares latin-1 but is UTF-8 must both decode.
func TestExtractHTMLCharsetDeclarations(t *testing.T) {
	for _, name := range []string{"latemeta.html", "utf8-declared-latin1.html"} {
		a, err := Extract(readFixture(t, name), Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, want := range []string{"Die Fähre zwischen Südhafen und Nordholm", "Überfahrt", "günstigere"} {
			if !strings.Contains(a.Text, want) {
				t.Errorf("%s: text lacks %q: %q", name, want, a.Text)
			}
		}
		if a.Title != "Fährverbindung nach Nordholm wieder in Betrieb" || a.Language != "de" {
			t.Errorf("%s: title %q language %q", name, a.Title, a.Language)
		}
	}
}

// A results round-up: every paragraph is about a different match, each
// after its own headline-shaped subhead. The paragraphs share the
// round-up's vocabulary, not each other's names: none may be judged
// off-topic. Written for this test.
const roundup = `Weekend football: leaders stumble as Eastvale close the gap

League leaders Northgate dropped points for the second week running on Saturday, while Eastvale won again to move within two points of the top of the table.

Northgate 1 Harbour Town 1
Northgate took the lead through a first-half penalty, but Harbour Town equalised in the second half when a corner was headed in at the far post.

Eastvale 3 Millbrook 0
Eastvale scored twice in the first ten minutes and added a third goal after the break to extend their unbeaten run to eight league games.

Castleford 2 Riverside 2
Riverside twice came from behind, with the second equaliser arriving in stoppage time, to earn a point that lifts them off the bottom of the table.

The league resumes next weekend, when Northgate travel to Eastvale in a match that could decide the title.`

func TestRoundupParagraphsAreKept(t *testing.T) {
	a, err := Extract(textDoc(roundup), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(paras(a)); got != 5 || a.Removed != 3 {
		t.Errorf("kept %d paragraphs, removed %d; want 5 kept and the 3 score lines removed: %q", got, a.Removed, paras(a))
	}
}

func TestMarkdownTitle(t *testing.T) {
	a, err := Extract(textDoc("# Ferry returns\n\nThe ferry runs again from Monday."), Options{})
	if err != nil || a.Title != "Ferry returns" {
		t.Errorf("title %q err %v", a.Title, err)
	}
}

// A page with more text than maxTrafilaturaText goes to go-readability
// alone (trafilatura is quadratic in the text size) and still yields its
// article.
func TestExtractHTMLLargePage(t *testing.T) {
	var b strings.Builder
	b.WriteString("<html><head><title>Budget votes</title></head><body><article>")
	n := 0
	for ; b.Len() < maxTrafilaturaText+(64<<10); n++ {
		fmt.Fprintf(&b, "<p>Item %d of the budget was approved by the council of Eastgate on Monday after a short debate.</p>\n", n)
	}
	b.WriteString("</article></body></html>")
	a, err := Extract(domain.RawDoc{Path: "large.html", Format: domain.FormatHTML, Body: []byte(b.String())}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(paras(a)); got < n*9/10 {
		t.Errorf("kept %d of %d paragraphs", got, n)
	}
}

func TestExtractShortHTMLSnippet(t *testing.T) {
	a, err := Extract(domain.RawDoc{Path: "feed.jsonl:3", Title: "Ferry back", Format: domain.FormatHTML, Body: []byte("<p>The ferry to Nordholm runs again from Monday, the operator said.</p>")}, Options{})
	if err != nil || a.Text != "The ferry to Nordholm runs again from Monday, the operator said." || a.Title != "Ferry back" {
		t.Errorf("got %q %q %v", a.Title, a.Text, err)
	}
}

// TestFirstLineIsTitleOnlyWhenItReadsAsOne: a text whose first line is a
// sentence (a JSON Lines record without a title holds its text on one
// line) keeps that line as text.
func TestFirstLineIsTitleOnlyWhenItReadsAsOne(t *testing.T) {
	for _, tt := range []struct{ body, title, text string }{
		{"Dockers walk out at Eastmere\n\nAbout 2,300 dockworkers began a 48-hour strike on Tuesday morning.", "Dockers walk out at Eastmere", "About 2,300"},
		{"About 2,300 dockworkers began a 48-hour strike on Tuesday morning. The port is shut.", "", "About 2,300"},
		{"The port is shut for a second day.\nPickets gathered at the gates before dawn on Wednesday.", "", "The port is shut"},
		{"Will the strike end on Thursday?\n\nThe mediator meets both sides on Thursday morning in the capital.", "Will the strike end on Thursday?", "The mediator"},
	} {
		a, err := Extract(domain.RawDoc{ID: "x", Path: "x", Format: domain.FormatText, Body: []byte(tt.body)}, Options{})
		if err != nil {
			t.Errorf("%q: %v", tt.body, err)
			continue
		}
		if a.Title != tt.title || !strings.HasPrefix(a.Text, tt.text) {
			t.Errorf("%q: title %q, text %q; want title %q, text starting %q", tt.body, a.Title, a.Text, tt.title, tt.text)
		}
	}
}
