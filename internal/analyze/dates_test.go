package analyze

import (
	"testing"
	"time"

	"github.com/chorusnews/chorus/internal/domain"
)

func TestDates(t *testing.T) {
	// Wednesday 12 April 2017
	pub := time.Date(2017, 4, 12, 15, 30, 0, 0, time.UTC)
	day := func(y, m, d int) string {
		return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	}
	tests := []struct {
		text string
		pub  time.Time
		want []struct{ text, date string }
		rel  bool
	}{
		{"The talks began on 4 April.", pub, []struct{ text, date string }{{"4 April", day(2017, 4, 4)}}, false},
		{"The talks began on April 4, 2016.", pub, []struct{ text, date string }{{"April 4, 2016", day(2016, 4, 4)}}, false},
		{"The report is dated 2017-04-04.", pub, []struct{ text, date string }{{"2017-04-04", day(2017, 4, 4)}}, false},
		{"The ministers met Wednesday.", pub, []struct{ text, date string }{{"Wednesday", day(2017, 4, 12)}}, true},
		{"The ministers met on Monday.", pub, []struct{ text, date string }{{"Monday", day(2017, 4, 10)}}, true},
		{"The minister will travel on Friday.", pub, []struct{ text, date string }{{"Friday", day(2017, 4, 14)}}, true},
		{"Police asked drivers to avoid the ring road until Friday.", pub, []struct{ text, date string }{{"Friday", day(2017, 4, 14)}}, true},
		{"She said the rain would ease on Sunday.", pub, []struct{ text, date string }{{"Sunday", day(2017, 4, 16)}}, true},
		{"Both sides agreed to meet the mediator on Friday.", pub, []struct{ text, date string }{{"Friday", day(2017, 4, 14)}}, true},
		{"Officials could not confirm the toll on Monday.", pub, []struct{ text, date string }{{"Monday", day(2017, 4, 10)}}, true},
		{"The company did not respond on Sunday.", pub, []struct{ text, date string }{{"Sunday", day(2017, 4, 9)}}, true},
		{"The strike began last Wednesday.", pub, []struct{ text, date string }{{"last Wednesday", day(2017, 4, 5)}}, true},
		{"The port closed yesterday.", pub, []struct{ text, date string }{{"yesterday", day(2017, 4, 11)}}, true},
		{"The fire broke out last week.", pub, []struct{ text, date string }{{"last week", day(2017, 4, 5)}}, true},
		{"The fire broke out three days ago.", pub, []struct{ text, date string }{{"three days ago", day(2017, 4, 9)}}, true},
		{"The port closed yesterday.", time.Time{}, []struct{ text, date string }{{"yesterday", ""}}, true},
		{"The vote is on Super Tuesday and you may go.", pub, nil, false},
		{"December 20 saw the first strike.", pub, []struct{ text, date string }{{"December 20", day(2016, 12, 20)}}, false},
	}
	for _, tt := range tests {
		got := Dates(tt.text, tt.pub)
		if len(got) != len(tt.want) {
			t.Errorf("%q: got %d dates %+v, want %d", tt.text, len(got), got, len(tt.want))
			continue
		}
		for i, w := range tt.want {
			g := got[i]
			date := ""
			if !g.Date.IsZero() {
				date = g.Date.Format("2006-01-02")
			}
			if g.Text != w.text || date != w.date || g.Relative != tt.rel {
				t.Errorf("%q: date %d = %q %q relative=%v, want %q %q relative=%v", tt.text, i, g.Text, date, g.Relative, w.text, w.date, tt.rel)
			}
			if tt.text[g.Start:g.End] != g.Text {
				t.Errorf("%q: span [%d,%d) is not %q", tt.text, g.Start, g.End, g.Text)
			}
		}
	}
}

func FuzzDates(f *testing.F) {
	for _, s := range []string{"on 4 April", "April 4, 2017", "2017-04-04", "last Wednesday", "3 weeks ago", "2017-13-45", "February 31, 2017", "9999-99-9"} {
		f.Add(s, int64(1491955200))
	}
	f.Fuzz(func(t *testing.T, text string, unix int64) {
		pub := time.Time{}
		if unix > -1e11 && unix < 1e11 {
			pub = time.Unix(unix, 0).UTC()
		}
		ds := Dates(text, pub)
		var spans []domain.Span
		var texts []string
		for _, d := range ds {
			spans = append(spans, d.Span)
			texts = append(texts, d.Text)
		}
		checkSpans(t, text, "date", spans, texts)
	})
}
