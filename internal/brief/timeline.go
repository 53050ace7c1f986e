package brief

import (
	"sort"
	"strings"
	"unicode"

	"github.com/chorusnews/chorus/internal/domain"
)

// timeline lists dated events: each eligible sentence holding a date
// expression, grouped with its near-same sentences in other articles.
// Resolved dates sort first, in date order; expressions that could not be
// resolved (no publication date) follow, as written.
func (a *assembler) timeline() []domain.TimelineEvent {
	type event struct {
		ev    domain.TimelineEvent
		s     *sentence
		order int
	}
	var evs []*event
	for i, d := range a.st.Docs {
		if !a.original[i] {
			continue
		}
		for _, dr := range d.Analysis.Dates {
			s := a.sentenceAt(i, dr.Start)
			if s == nil || !s.eligible || vaguePeriod(dr.Text) {
				continue
			}
			date := dr.Text
			if !dr.Date.IsZero() {
				date = dr.Date.Format(dateLayout(dr))
			}
			dup := false
			for _, e := range evs {
				if e.s == s || e.ev.Date == date && nearSame(e.s.bag, s.bag) {
					dup = true
					break
				}
			}
			if dup {
				continue
			}
			cites := a.corroborate(s)
			evs = append(evs, &event{
				ev:    domain.TimelineEvent{Date: date, Text: s.text, Citations: citationIDs(cites), Spans: cites},
				s:     s,
				order: len(evs),
			})
		}
	}
	// Keep the best-corroborated events, at most a few on one date so
	// that one busy day does not fill the timeline, then show them in date
	// order.
	sort.SliceStable(evs, func(i, j int) bool { return len(evs[i].ev.Citations) > len(evs[j].ev.Citations) })
	perDate := map[string]int{}
	kept := evs[:0]
	for _, e := range evs {
		if perDate[e.ev.Date] < maxPerDate && len(kept) < a.opts.MaxTimeline {
			perDate[e.ev.Date]++
			kept = append(kept, e)
		}
	}
	evs = kept
	sort.SliceStable(evs, func(i, j int) bool {
		di, dj := evs[i].ev.Date, evs[j].ev.Date
		ri, rj := isISODate(di), isISODate(dj)
		if ri != rj {
			return ri
		}
		if di != dj {
			return di < dj
		}
		return evs[i].order < evs[j].order
	})
	out := make([]domain.TimelineEvent, 0, len(evs))
	for _, e := range evs {
		out = append(out, e.ev)
	}
	return out
}

// maxPerDate bounds the timeline events shown for one date.
const maxPerDate = 3

// dateLayout shows a resolved date no finer than its expression: "seven
// years ago" and "last year" are a year, "next month" a month, the rest a
// day.
func dateLayout(dr domain.DateRef) string {
	t := strings.ToLower(dr.Text)
	if !dr.Relative {
		// "June 2014" names a month, "2014" a year: no day number
		for _, f := range strings.FieldsFunc(t, func(r rune) bool { return r < '0' || r > '9' }) {
			if len(f) <= 2 {
				return "2006-01-02"
			}
		}
		if strings.IndexFunc(t, unicode.IsLetter) >= 0 {
			return "2006-01"
		}
		return "2006"
	}
	switch {
	case strings.Contains(t, "year"):
		return "2006"
	case strings.Contains(t, "month"):
		return "2006-01"
	}
	return "2006-01-02"
}

// vaguePeriod reports a period the article is in ("this year", "this
// week"): it dates no event.
func vaguePeriod(text string) bool {
	t := strings.ToLower(text)
	return strings.HasPrefix(t, "this ") && (strings.Contains(t, "year") || strings.Contains(t, "month") || strings.Contains(t, "week"))
}

// isISODate reports whether s is a resolved date: YYYY, YYYY-MM or
// YYYY-MM-DD.
func isISODate(s string) bool {
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return false
	}
	for i, c := range s {
		if i == 4 || i == 7 {
			if c != '-' {
				return false
			}
		} else if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
