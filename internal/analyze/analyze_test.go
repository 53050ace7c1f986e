package analyze

import (
	"strings"
	"testing"
	"time"

	"github.com/chorusnews/chorus/internal/domain"
)

const analyzeFixture = `Valdoria and Norland agree to harbour talks

PORT AMSEL - Valdorian Foreign Minister Elena Varga met Norland's Secretary of State Tomas Brandt on Monday, a week after a fire at the grain terminal left more than 80 people dead.

"We will not accept new tariffs on our ships," said Varga. "Our doors remain open to talks."

Brandt told reporters the navy had moved 12 patrol boats to the strait last week. "Nobody wants a blockade," he said.

Officials said the fire destroyed 20 percent of the port's storage capacity.`

func TestAnalyze(t *testing.T) {
	pub := time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC) // a Wednesday
	a := Analyze(domain.Article{Text: analyzeFixture, Published: pub})
	if len(a.Sentences) == 0 {
		t.Fatal("no sentences")
	}
	var speakers []string
	for _, q := range a.Quotes {
		if q.Direct {
			speakers = append(speakers, q.Speaker)
		}
	}
	if got := strings.Join(speakers, ","); got != "Elena Varga,Elena Varga,Tomas Brandt" {
		t.Errorf("direct quote speakers = %s", got)
	}
	var nums []string
	for _, n := range a.Numbers {
		nums = append(nums, n.Text+"|"+n.Counted)
		if n.Sentence < 0 || n.Sentence >= len(a.Sentences) {
			t.Errorf("number %q: sentence %d out of range", n.Text, n.Sentence)
		} else if s := a.Sentences[n.Sentence]; n.Start < s.Start || n.End > s.End {
			t.Errorf("number %q at [%d,%d) is not inside its sentence [%d,%d)", n.Text, n.Start, n.End, s.Start, s.End)
		}
	}
	if got := strings.Join(nums, ";"); got != "more than 80|people dead;12|patrol boats;20 percent|port storage capacity" {
		t.Errorf("numbers = %s", got)
	}
	var dates []string
	for _, d := range a.Dates {
		dates = append(dates, d.Text+"="+d.Date.Format("2006-01-02"))
	}
	if got := strings.Join(dates, ";"); got != "Monday=2026-03-09;last week=2026-03-04" {
		t.Errorf("dates = %s", got)
	}
}

func BenchmarkAnalyze(b *testing.B) {
	text := strings.Repeat(analyzeFixture+"\n\n", 4) // about 3 KB, a short news article
	art := domain.Article{Text: text, Published: time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Analyze(art)
	}
}

func BenchmarkAnalyzeNoNER(b *testing.B) {
	text := strings.Repeat(analyzeFixture+"\n\n", 4)
	art := domain.Article{Text: text, Published: time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		AnalyzeWith(art, Options{})
	}
}

// The two entity benchmarks show what prose's NER costs next to the rules.
func BenchmarkEntitiesWithProse(b *testing.B) {
	text := strings.Repeat(analyzeFixture+"\n\n", 4)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Entities(text)
	}
}

func BenchmarkEntitiesRulesOnly(b *testing.B) {
	text := strings.Repeat(analyzeFixture+"\n\n", 4)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		entitiesNoNER(text)
	}
}

func BenchmarkQuotesRulesOnly(b *testing.B) {
	text := strings.Repeat(analyzeFixture+"\n\n", 4)
	ix := newNameIndex(text, nil)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		quotesWith(text, ix)
	}
}
