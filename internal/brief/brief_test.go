package brief

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chorusnews/chorus/internal/domain"
)

// doc builds an analysed article from sentences (one paragraph each),
// locating the given quotes and numbers by their text.
func doc(id, title string, published time.Time, sentences []string, quotes []domain.Quote, numbers []domain.Number) domain.Doc {
	d := domain.Doc{Article: domain.Article{ID: id, Title: title, Source: "Outlet " + id, Published: published}}
	var sb strings.Builder
	for i, s := range sentences {
		if i > 0 {
			sb.WriteString("\n\n")
		}
		start := sb.Len()
		sb.WriteString(s)
		d.Analysis.Sentences = append(d.Analysis.Sentences, domain.Sentence{Span: domain.Span{Start: start, End: sb.Len()}, Paragraph: i, Index: i})
	}
	d.Text = sb.String()
	for _, q := range quotes {
		at := strings.Index(d.Text, q.Text)
		q.Span = domain.Span{Start: at, End: at + len(q.Text)}
		d.Analysis.Quotes = append(d.Analysis.Quotes, q)
	}
	for _, n := range numbers {
		at := strings.Index(d.Text, n.Text)
		n.Span = domain.Span{Start: at, End: at + len(n.Text)}
		d.Analysis.Numbers = append(d.Analysis.Numbers, n)
	}
	return d
}

// firstOfEach selects the first candidate of every document.
func firstOfEach(docs [][]string, maxWords int) []Pick {
	var out []Pick
	for i, d := range docs {
		if len(d) > 0 {
			out = append(out, Pick{Doc: i})
		}
	}
	return out
}

func TestAssembleCitesCorroboratingArticles(t *testing.T) {
	day := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	a := doc("a", "Dockworkers strike shuts Port Halden", day, []string{
		"Dockworkers at Port Halden walked off the job on Tuesday, halting all container traffic.",
		"The strike left more than 80 ships waiting offshore, harbour officials said.",
		"\"We will not unload a single crate until the contract is signed,\" union leader Ada Rowe said.",
	}, []domain.Quote{{Text: "We will not unload a single crate until the contract is signed", Speaker: "Ada Rowe", Title: "union leader", Direct: true}},
		[]domain.Number{{Text: "more than 80 ships", Value: 80, Hedge: "more than", Counted: "ships waiting"}})
	b := doc("b", "Port Halden strike halts container traffic", day.Add(2*time.Hour), []string{
		"Container traffic at Port Halden halted on Tuesday as dockworkers walked off the job.",
		"Harbour officials counted 89 ships waiting offshore by the evening.",
		"\"We will not unload a single crate until the contract is signed,\" Rowe told reporters.",
	}, []domain.Quote{{Text: "We will not unload a single crate until the contract is signed", Speaker: "Rowe", Direct: true}},
		[]domain.Number{{Text: "89 ships", Value: 89, Counted: "ships waiting"}})
	c := doc("c", "Halden port strike enters second day", day.Add(26*time.Hour), []string{
		"The dockworkers' strike at Port Halden entered its second day with 40 ships waiting offshore.",
		"A local bakery won a regional prize for its rye bread and pastries this spring.",
	}, nil, []domain.Number{{Text: "40 ships", Value: 40, Counted: "ships waiting"}})

	br := Assemble(Story{ID: "s1", Docs: []domain.Doc{a, b, c}}, firstOfEach, Options{})

	if br.Headline == "" || br.Start != "2026-03-04" || br.End != "2026-03-05" {
		t.Errorf("headline/span = %q %s..%s", br.Headline, br.Start, br.End)
	}
	if len(br.Summary) == 0 {
		t.Fatal("empty summary")
	}
	first := br.Summary[0]
	if !reflect.DeepEqual(first.Citations, []string{"a", "b"}) {
		t.Errorf("first summary sentence cites %v, want [a b] (b says the same thing)", first.Citations)
	}
	for _, s := range br.Summary {
		if strings.Contains(s.Text, "bakery") {
			t.Errorf("off-topic sentence reached the summary: %q", s.Text)
		}
	}
	if len(br.Quotes) != 1 {
		t.Fatalf("quotes = %+v, want one merged quote", br.Quotes)
	}
	q := br.Quotes[0]
	if q.Speaker != "Ada Rowe" || q.Title != "union leader" || !reflect.DeepEqual(q.Citations, []string{"a", "b"}) {
		t.Errorf("quote = %+v, want Ada Rowe (union leader) cited by a and b", q)
	}
	if len(br.Disagreements) != 1 {
		t.Fatalf("disagreements = %+v, want one", br.Disagreements)
	}
	d := br.Disagreements[0]
	var vals []string
	for _, v := range d.Values {
		vals = append(vals, v.Value)
	}
	if d.Soft || !reflect.DeepEqual(vals, []string{"more than 80", "89", "40"}) {
		t.Errorf("disagreement = soft %v values %v, want hard [more than 80 89 40]", d.Soft, vals)
	}
}

func TestConflicts(t *testing.T) {
	n := func(v float64, hedge string) reading {
		return reading{n: domain.Number{Value: v, Hedge: hedge}}
	}
	tests := []struct {
		a, b       reading
		hard, soft bool
	}{
		{n(80, "more than"), n(89, ""), false, true},
		{n(80, "more than"), n(70, ""), true, false},
		{n(89, ""), n(89, ""), false, false},
		{n(89, ""), n(90, ""), true, false},
		{n(90, "about"), n(95, ""), false, true},
		{n(100, "up to"), n(120, ""), true, false},
	}
	for _, tt := range tests {
		tt.b.doc = 1
		hard, soft := conflicts([]reading{tt.a, tt.b})
		if hard != tt.hard || soft != tt.soft {
			t.Errorf("conflicts(%+v, %+v) = hard %v soft %v, want %v %v", tt.a.n, tt.b.n, hard, soft, tt.hard, tt.soft)
		}
	}
}

func TestNamesMergeSurnames(t *testing.T) {
	docs := []domain.Doc{{Analysis: domain.Analysis{Mentions: []domain.Mention{
		{Text: "Rex Tillerson", Canonical: "Rex Tillerson", Type: domain.Person},
		{Text: "Tillerson", Canonical: "Tillerson", Type: domain.Person},
		{Text: "Anna Smith", Canonical: "Anna Smith", Type: domain.Person},
		{Text: "John Smith", Canonical: "John Smith", Type: domain.Person},
		{Text: "Smith", Canonical: "Smith", Type: domain.Person},
		{Text: "Vladimir Putin", Canonical: "Vladimir Putin", Type: domain.Person},
		{Text: "Vladimir Putin", Canonical: "Vladimir Putin", Type: domain.Person},
		{Text: "Vladimir Safronkov", Canonical: "Vladimir Safronkov", Type: domain.Person},
		{Text: "Vladimir", Canonical: "Vladimir", Type: domain.Person},
	}}}}
	n := newNames(docs)
	for form, want := range map[string]string{"Tillerson": "Rex Tillerson", "Rex Tillerson": "Rex Tillerson", "Smith": "Smith", "Nobody": "Nobody", "Vladimir": "Vladimir Putin"} {
		if got := n.resolve(form); got != want {
			t.Errorf("resolve(%q) = %q, want %q", form, got, want)
		}
	}
}

// disagreementsOf assembles a story of one-sentence articles and returns
// its disagreements as "quantity: v1 | v2" strings.
func disagreementsOf(t *testing.T, arts ...domain.Doc) []string {
	t.Helper()
	br := Assemble(Story{ID: "s", Docs: arts}, firstOfEach, Options{})
	var out []string
	for _, d := range br.Disagreements {
		var vals []string
		for _, v := range d.Values {
			vals = append(vals, v.Value)
		}
		out = append(out, d.Quantity+": "+strings.Join(vals, " | "))
	}
	return out
}

func TestDisagreementsNeedTheSameFigure(t *testing.T) {
	day := time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)
	// Counts of people are keyed by what happened to them, whatever the
	// outlet calls them.
	got := disagreementsOf(t,
		doc("a", "Floods", day, []string{"About 3,000 residents were forced from their homes on Saturday after the river burst its banks."}, nil,
			[]domain.Number{{Text: "About 3,000 residents", Value: 3000, Hedge: "about", Counted: "residents"}}),
		doc("b", "Floods", day, []string{"The river burst its banks and 3,400 people moved out of their homes on Saturday."}, nil,
			[]domain.Number{{Text: "3,400 people", Value: 3400, Counted: "people"}}),
		doc("c", "Floods", day, []string{"Two people have died and more than 3,000 have been evacuated after the river burst its banks."}, nil,
			[]domain.Number{{Text: "more than 3,000", Value: 3000, Hedge: "more than"}}),
	)
	if !reflect.DeepEqual(got, []string{"people evacuated: about 3,000 | 3,400 | more than 3,000"}) {
		t.Errorf("evacuees: got %q", got)
	}
	// A sentence that also holds the other value tells two figures apart
	// ("seven of the nine members" against "two members").
	got = disagreementsOf(t,
		doc("a", "Rates", day, []string{"The nine-member council voted 7-2, with two members preferring to hold the rate."}, nil,
			[]domain.Number{{Text: "two members", Value: 2, Counted: "members"}}),
		doc("b", "Rates", day, []string{"Seven of the nine members of the council voted for the rise."}, nil,
			[]domain.Number{{Text: "nine members", Value: 9, Counted: "members"}}),
	)
	if len(got) != 0 {
		t.Errorf("members: got %q, want no disagreement", got)
	}
	// An article giving several values counts parts: "17 injured, three of
	// them seriously" does not disagree with "at least 14 injured" on 3.
	got = disagreementsOf(t,
		doc("a", "Fire", day, []string{"At least 14 people were injured when fire broke out in the stand."}, nil,
			[]domain.Number{{Text: "At least 14 people", Value: 14, Hedge: "at least", Counted: "people injured"}}),
		doc("b", "Fire", day, []string{"Seventeen people were injured in the stand fire, three of them seriously."}, nil,
			[]domain.Number{{Text: "Seventeen people", Value: 17, Counted: "people injured"}, {Text: "three", Value: 3, Counted: "people injured"}}),
	)
	if !reflect.DeepEqual(got, []string{"people injured: at least 14 | 17"}) {
		t.Errorf("injured: got %q", got)
	}
}

func TestTimelineCapsEventsPerDate(t *testing.T) {
	day := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	sentences := []string{
		"Dockworkers at the port walked out on Tuesday over pay and cranes.",
		"The ferry company cancelled its evening sailings on Tuesday after the walkout.",
		"Hauliers queued for four kilometres outside the terminal gates on Tuesday.",
		"The mayor called on Tuesday for both sides of the strike to meet a mediator.",
		"Fish traders on the quay said on Tuesday that the strike had cut their sales.",
	}
	d := doc("a", "Port strike", day, sentences, nil, nil)
	for i, s := range d.Analysis.Sentences {
		at := s.Start + strings.Index(d.Text[s.Start:s.End], "Tuesday")
		d.Analysis.Dates = append(d.Analysis.Dates, domain.DateRef{Span: domain.Span{Start: at, End: at + len("Tuesday")}, Text: "Tuesday", Date: day, Relative: true, Sentence: i})
	}
	br := Assemble(Story{ID: "s", Docs: []domain.Doc{d}}, firstOfEach, Options{})
	if len(br.Timeline) != maxPerDate {
		t.Errorf("timeline has %d events on one date, want %d: %+v", len(br.Timeline), maxPerDate, br.Timeline)
	}
}

func TestValueLabels(t *testing.T) {
	for _, tt := range []struct {
		n    domain.Number
		want string
	}{
		{domain.Number{Value: 2300, Hedge: "about"}, "about 2,300"},
		{domain.Number{Value: 31000}, "31,000"},
		{domain.Number{Value: 18e6, Unit: "EUR"}, "€18 million"},
		{domain.Number{Value: 1.2e9, Unit: "USD", Hedge: "more than"}, "more than $1.2 billion"},
		{domain.Number{Value: 4.5, Unit: "percent"}, "4.5 percent"},
		{domain.Number{Value: 999}, "999"},
	} {
		if got := valueLabel(tt.n); got != tt.want {
			t.Errorf("valueLabel(%+v) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestTimelineDatesNoFinerThanWritten(t *testing.T) {
	for _, tt := range []struct {
		dr   domain.DateRef
		want string
	}{
		{domain.DateRef{Text: "seven years ago", Relative: true}, "2006"},
		{domain.DateRef{Text: "next month", Relative: true}, "2006-01"},
		{domain.DateRef{Text: "Thursday", Relative: true}, "2006-01-02"},
		{domain.DateRef{Text: "4 April 2025"}, "2006-01-02"},
		{domain.DateRef{Text: "April 4, 2025"}, "2006-01-02"},
		{domain.DateRef{Text: "June 2014"}, "2006-01"},
	} {
		if got := dateLayout(tt.dr); got != tt.want {
			t.Errorf("dateLayout(%q) = %q, want %q", tt.dr.Text, got, tt.want)
		}
	}
	if !vaguePeriod("this year") || vaguePeriod("this Thursday") {
		t.Errorf("vaguePeriod: 'this year' dates no event, 'this Thursday' does")
	}
	for _, s := range []string{"2025", "2025-03", "2025-03-04"} {
		if !isISODate(s) {
			t.Errorf("isISODate(%q) = false", s)
		}
	}
}

func TestDatelineIsNotPartOfTheSentence(t *testing.T) {
	for text, want := range map[string]string{
		"SANRICA, March 19 (CPA) - The Bank of Valmora raised its rate.":    "The Bank of Valmora raised its rate.",
		"MOSCOW-- US Secretary of State said talks went well.":              "US Secretary of State said talks went well.",
		"FORT MERCER, Ohio (Daily Ledger) — The Army will close the depot.": "The Army will close the depot.",
		"US - Russia talks resumed on Monday.":                              "US - Russia talks resumed on Monday.",
		"The port reopened on Monday.":                                      "The port reopened on Monday.",
	} {
		if got := text[datelineEnd(text):]; got != want {
			t.Errorf("%q: sentence %q, want %q", text, got, want)
		}
	}
}

func TestStandsAlone(t *testing.T) {
	for text, want := range map[string]bool{
		"The port reopened on Monday after a two-day strike.":              true,
		"He said the port would reopen on Monday.":                         false,
		"According to an official interpreter.":                            false,
		"According to the ministry, the talks will begin at 10 a.m.":       true,
		"\"We stand firm,\" said union leader Ada Rowe on Monday morning.": true,
		"\"We stand firm,\" he said.":                                      false,
		"But the port stayed shut for a second day.":                       false,
	} {
		if got := standsAlone(text); got != want {
			t.Errorf("standsAlone(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestFigures(t *testing.T) {
	got := figures("The bank raised its rate by 25 basis points to 4.75 per cent, its 3rd rise; 2,300 workers struck.")
	if strings.Join(got, " ") != "25 4.75 2300" {
		t.Errorf("figures = %q", got)
	}
	if !sharesFigure([]string{"4.75", "25"}, []string{"4.75"}) || sharesFigure([]string{"25"}, []string{"250"}) {
		t.Error("sharesFigure")
	}
}

// With Options.Debris the brief shows and cites a sentence without the web
// debris it starts with, its span still the text's place in the article,
// and a sentence of nothing but debris is never offered.
func TestAssembleLeavesOutDebris(t *testing.T) {
	day := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	const junk = "ADVERT "
	debris := func(s string) int {
		if s == "Sign up now." {
			return len(s)
		}
		if strings.HasPrefix(s, junk) {
			return len(junk)
		}
		return 0
	}
	a := doc("a", "Ferry service resumes", day, []string{
		"Sign up now.",
		junk + "The ferry between Orlin and Vasse Island resumed on Monday after a week of storms.",
	}, nil, nil)
	b := doc("b", "Orlin ferry back", day, []string{
		"The ferry between Orlin and Vasse Island resumed on Monday after a week of storms, the operator said.",
	}, nil, nil)
	var offered [][]string
	sel := func(docs [][]string, maxWords int) []Pick {
		offered = docs
		return firstOfEach(docs, maxWords)
	}
	br := Assemble(Story{ID: "s", Docs: []domain.Doc{a, b}}, sel, Options{Debris: debris})
	for _, d := range offered {
		for _, s := range d {
			if s == "" || strings.Contains(s, "Sign up") || strings.Contains(s, junk) {
				t.Fatalf("offered %q", s)
			}
		}
	}
	if len(br.Summary) == 0 || !strings.HasPrefix(br.Summary[0].Text, "The ferry") {
		t.Fatalf("summary %+v: want the sentence without its debris first", br.Summary)
	}
	for _, sp := range br.Summary[0].Spans {
		if sp.Article != "a" {
			continue
		}
		if got := a.Text[sp.Span.Start:sp.Span.End]; got != br.Summary[0].Text {
			t.Fatalf("span of a holds %q, summary shows %q", got, br.Summary[0].Text)
		}
	}
}
