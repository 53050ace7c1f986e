package storetest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/store"
)

// Fabricated stories for tests and load benchmarks: our own template
// text with made-up towns, people and figures, and a brief whose every
// citation span points at a real sentence of a stored article.

var (
	towns    = []string{"Norrvik", "Castelbrun", "Aldermoor", "Pellaro", "Kestwick", "Varnholm", "Oristade", "Quenby"}
	things   = []string{"ferry", "bridge", "harbour", "rail line", "power plant", "reservoir", "market hall", "tram depot"}
	people   = []string{"Mara Lind", "Tomas Quell", "Ines Vartan", "Olek Brandt", "Ruth Amsel", "Piet Koray"}
	roles    = []string{"Mayor", "Transport Minister", "union spokeswoman", "fire chief", "harbour master", "council leader"}
	outlets  = []string{"Harbour Post", "Valley News", "Coast Daily", "Evening Ledger", "Northern Wire", "Civic Times"}
	weekdays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
)

// FakeStory returns the articles (3 to 5) and the brief of fabricated
// story i. Article IDs are "f<i>-<j>", the story ID "story-<i>".
func FakeStory(i int) ([]store.Article, domain.Brief) {
	town := towns[i%len(towns)]
	thing := things[(i/len(towns))%len(things)]
	person, role := people[i%len(people)], roles[i%len(roles)]
	day := time.Date(2017, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
	n := 3 + i%3
	closed := 20 + i%50
	headline := fmt.Sprintf("%s %s closed after storm damage (%d)", town, thing, i)
	b := domain.Brief{ID: fmt.Sprintf("story-%d", i), Headline: headline,
		Start: day.Format(time.DateOnly), End: day.Add(time.Duration(n-1) * 24 * time.Hour).Format(time.DateOnly)}
	var arts []store.Article
	type sent struct {
		art  string
		span domain.Span
		text string
	}
	var lead, quote, exclusive []sent
	var figures []sent
	for j := range n {
		id := fmt.Sprintf("f%d-%d", i, j)
		pub := day.Add(time.Duration(j) * 24 * time.Hour)
		s1 := fmt.Sprintf("The %s in %s was closed on %s after a storm damaged its supports.", thing, town, weekdays[(i+j)%len(weekdays)])
		s2 := fmt.Sprintf("%s %s said: \"We will reopen the %s only when engineers say it is safe.\"", role, person, thing)
		hedge := ""
		if j%2 == 1 {
			hedge = "more than "
		}
		s3 := fmt.Sprintf("Officials said %s%d people were affected by the closure.", hedge, closed+j%2*3)
		s4 := fmt.Sprintf("Report number %d from %s adds that repairs in %s could take %d weeks.", i*10+j, outlets[j%len(outlets)], town, 2+j)
		text := s1 + " " + s2 + "\n\n" + s3 + "\n\n" + s4
		at := func(s string) domain.Span {
			k := strings.Index(text, s)
			return domain.Span{Start: k, End: k + len(s)}
		}
		arts = append(arts, store.Article{Article: domain.Article{
			ID: id, Path: "fake/" + id + ".txt", Source: outlets[j%len(outlets)],
			Title:     fmt.Sprintf("%s: %s closed (%s)", town, thing, outlets[j%len(outlets)]),
			Published: pub, Language: "en", Text: text, Hash: "fake-" + id,
		}})
		b.Articles = append(b.Articles, domain.SourceRef{ID: id, Source: outlets[j%len(outlets)], Title: arts[j].Title,
			Path: arts[j].Path, Published: pub.Format(time.DateOnly)})
		lead = append(lead, sent{id, at(s1), s1})
		quote = append(quote, sent{id, at(s2), s2})
		figures = append(figures, sent{id, at(s3), s3})
		exclusive = append(exclusive, sent{id, at(s4), s4})
	}
	cite := func(ss []sent) ([]string, []domain.Citation) {
		var ids []string
		var spans []domain.Citation
		for _, s := range ss {
			ids = append(ids, s.art)
			spans = append(spans, domain.Citation{Article: s.art, Span: s.span})
		}
		return ids, spans
	}
	ids, spans := cite(lead)
	b.Summary = append(b.Summary, domain.SummarySentence{Text: lead[0].text, Citations: ids, Spans: spans})
	ids, spans = cite(figures[:1])
	b.Summary = append(b.Summary, domain.SummarySentence{Text: figures[0].text, Citations: ids, Spans: spans})
	ids, spans = cite(quote)
	qtext := fmt.Sprintf("We will reopen the %s only when engineers say it is safe.", thing)
	b.Quotes = []domain.BriefQuote{{Speaker: person, Title: role, Text: qtext, Direct: true, Citations: ids, Spans: spans}}
	b.Entities = []domain.BriefEntity{
		{Name: person, Type: domain.Person, Mentions: n, Forms: []string{strings.Fields(person)[1]}},
		{Name: town, Type: domain.Place, Mentions: 2 * n},
	}
	var even, odd []sent
	for j, f := range figures {
		if j%2 == 0 {
			even = append(even, f)
		} else {
			odd = append(odd, f)
		}
	}
	ei, es := cite(even)
	oi, os := cite(odd)
	values := []domain.NumberValue{
		{Value: fmt.Sprint(closed), Text: even[0].text, Citations: ei, Spans: es},
		{Value: fmt.Sprintf("more than %d", closed+3), Text: odd[0].text, Citations: oi, Spans: os},
	}
	b.Numbers = []domain.BriefNumber{{Quantity: "people affected", Values: values}}
	b.Disagreements = []domain.Disagreement{{Quantity: "people affected", Values: values}}
	ids, spans = cite(lead[:1])
	b.Timeline = []domain.TimelineEvent{{Date: b.Start, Text: lead[0].text, Citations: ids, Spans: spans}}
	for _, e := range exclusive {
		b.Exclusives = append(b.Exclusives, domain.Exclusive{Article: e.art, Sentences: []string{e.text}})
	}
	return arts, b
}

// LoadFake stores fabricated stories from..to-1 (articles and briefs).
func LoadFake(ctx context.Context, s store.Store, from, to int) error {
	for i := from; i < to; i++ {
		arts, b := FakeStory(i)
		for _, a := range arts {
			if _, _, err := s.UpsertArticle(ctx, a); err != nil {
				return err
			}
		}
		if err := s.PutBrief(ctx, b); err != nil {
			return err
		}
	}
	return nil
}
