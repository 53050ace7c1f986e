package analyze

import (
	"testing"

	"github.com/chorusnews/chorus/internal/domain"
)

func TestNumberPatterns(t *testing.T) {
	tests := []struct {
		text string
		want []domain.Number // Span is checked through Text
	}{
		{"The navy fired 59 cruise missiles at the base.", []domain.Number{{Text: "59", Value: 59, Counted: "cruise missiles"}}},
		{"The navy fired fifty-nine missiles at the base.", []domain.Number{{Text: "fifty-nine", Value: 59, Counted: "missiles"}}},
		{"The fire left more than 80 people dead.", []domain.Number{{Text: "more than 80", Value: 80, Hedge: "more than", Counted: "people dead"}}},
		{"The blast killed 89 people in the old town.", []domain.Number{{Text: "89", Value: 89, Counted: "people dead"}}},
		{"At least 12 workers were injured on the pier.", []domain.Number{{Text: "At least 12", Value: 12, Hedge: "at least", Counted: "workers injured"}}},
		{"The strike destroyed 20 percent of Valdoria's operational aircraft.", []domain.Number{{Text: "20 percent", Value: 20, Unit: "percent", Counted: "valdoria operational aircraft"}}},
		{"Rates rose to 4.5% in March.", []domain.Number{{Text: "4.5%", Value: 4.5, Unit: "percent"}}},
		{"The port lost $1.2 billion in trade.", []domain.Number{{Text: "$1.2 billion", Value: 1.2e9, Unit: "USD", Counted: "trade"}}},
		{"About 300 dockers joined the strike.", []domain.Number{{Text: "About 300", Value: 300, Hedge: "about", Counted: "dockers"}}},
		{"Nearly two thousand fans left early.", []domain.Number{{Text: "Nearly two thousand", Value: 2000, Hedge: "nearly", Counted: "fans"}}},
		{"Up to 40 ships wait outside the harbour.", []domain.Number{{Text: "Up to 40", Value: 40, Hedge: "up to", Counted: "ships"}}},
		{"It was the first strike on the port.", []domain.Number{{Text: "first", Value: 1, Unit: "ordinal", Counted: "strike"}}},
		{"The stadium opened in 1998 and closed on March 3.", nil},
		{"The meeting starts at 5:45 p.m. on Tuesday.", nil},
		{"No one of the dockers spoke.", nil},
		{"The Group of Seven met in the capital.", nil},
		{"Cranes at Container Terminal 4 stood idle.", nil},
		{"Not one crane moves until we have it in writing.", nil},
	}
	for _, tt := range tests {
		got := Numbers(tt.text)
		if len(got) != len(tt.want) {
			t.Errorf("%q: got %d numbers %+v, want %d", tt.text, len(got), got, len(tt.want))
			continue
		}
		for i, w := range tt.want {
			g := got[i]
			if g.Text != w.Text || g.Value != w.Value || g.Hedge != w.Hedge || g.Unit != w.Unit || g.Counted != w.Counted {
				t.Errorf("%q: number %d = %q %v hedge=%q unit=%q counted=%q, want %q %v hedge=%q unit=%q counted=%q",
					tt.text, i, g.Text, g.Value, g.Hedge, g.Unit, g.Counted, w.Text, w.Value, w.Hedge, w.Unit, w.Counted)
			}
			if tt.text[g.Start:g.End] != g.Text {
				t.Errorf("%q: span [%d,%d) is %q, not %q", tt.text, g.Start, g.End, tt.text[g.Start:g.End], g.Text)
			}
		}
	}
}

func num(v float64, hedge, unit, counted string) domain.Number {
	return domain.Number{Value: v, Hedge: hedge, Unit: unit, Counted: counted}
}

func TestSameQuantity(t *testing.T) {
	tests := []struct {
		a, b domain.Number
		want bool
	}{
		{num(59, "", "", "cruise missiles"), num(59, "", "", "Tomahawk cruise missiles"), true},
		{num(59, "", "", "cruise missiles"), num(59, "", "", "missile"), true},
		{num(80, "more than", "", "people dead"), num(89, "", "", "people dead"), true},
		{num(80, "", "", "people dead"), num(80, "", "", "people injured"), false},
		{num(20, "", "percent", "operational aircraft"), num(20, "", "", "operational aircraft"), false},
		{num(1, "", "ordinal", "strike"), num(1, "", "ordinal", "strike"), false},
		{num(3, "", "", "ships"), num(3, "", "", "cargo trucks"), false},
	}
	for _, tt := range tests {
		if got := SameQuantity(tt.a, tt.b); got != tt.want {
			t.Errorf("SameQuantity(%v %q, %v %q) = %v, want %v", tt.a.Value, tt.a.Counted, tt.b.Value, tt.b.Counted, got, tt.want)
		}
	}
}

func TestConflict(t *testing.T) {
	tests := []struct {
		a, b           domain.Number
		conflict, soft bool
	}{
		{num(89, "", "", ""), num(89, "", "", ""), false, false},
		{num(80, "", "", ""), num(89, "", "", ""), true, false},
		{num(80, "more than", "", ""), num(89, "", "", ""), true, true},
		{num(80, "more than", "", ""), num(70, "", "", ""), true, false},
		{num(80, "more than", "", ""), num(80, "", "", ""), true, false},
		{num(80, "at least", "", ""), num(80, "", "", ""), true, true},
		{num(90, "about", "", ""), num(89, "", "", ""), true, true},
		{num(100, "nearly", "", ""), num(89, "", "", ""), true, false},
		{num(50, "up to", "", ""), num(89, "", "", ""), true, false},
		{num(50, "less than", "", ""), num(80, "more than", "", ""), true, false},
	}
	for _, tt := range tests {
		c, s := Conflict(tt.a, tt.b)
		if c != tt.conflict || s != tt.soft {
			t.Errorf("Conflict(%q %v, %q %v) = (%v, %v), want (%v, %v)", tt.a.Hedge, tt.a.Value, tt.b.Hedge, tt.b.Value, c, s, tt.conflict, tt.soft)
		}
	}
}

func FuzzNumbers(f *testing.F) {
	for _, s := range []string{
		"more than 80 people dead", "$1.2 billion in trade", "fifty-nine missiles", "20 percent of aircraft",
		"4.5% in 2017-04-04 at 5:45", "the twenty-first strike", "€3 and £4", "1,000,000,000,000,000,000,000 9e999",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ns := Numbers(text)
		var spans []domain.Span
		var texts []string
		for _, n := range ns {
			spans = append(spans, n.Span)
			texts = append(texts, n.Text)
		}
		checkSpans(t, text, "number", spans, texts)
	})
}
