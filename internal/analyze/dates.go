package analyze

import (
	"strconv"
	"strings"
	"time"

	"github.com/chorusnews/chorus/internal/domain"
)

// Dates finds date expressions and resolves them against the article's
// publication date (zero when unknown). The rules are hand-written:
//
//   - absolute: "April 4, 2017", "April 4", "4 April 2017", "Sept. 11",
//     "2017-04-04"; a date without a year takes the publication year, or
//     the year before when that puts it more than 60 days after
//     publication; without a publication date it stays unresolved;
//   - weekdays ("Wednesday", "on Tuesday", "last Friday"): the most recent
//     such day on or before publication ("last Friday": strictly before),
//     unless the sentence speaks of the future before it ("will",
//     "is expected to", "is scheduled to", "next Monday"): then the next
//     such day on or after publication;
//   - "today", "yesterday", "tomorrow", "N days ago", "last week" /
//     "next week" (publication ± 7 days), "last month", "last year".
//
// Relative expressions stay Relative with a zero Date when the
// publication date is unknown. Weekdays inside names ("Super Tuesday",
// "Black Friday") and the modal "may" are not dates.
func Dates(text string, published time.Time) []domain.DateRef {
	var out []domain.DateRef
	pub := time.Time{}
	if !published.IsZero() {
		y, m, d := published.Date()
		pub = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	for _, p := range paragraphs(text) {
		ws := scanWords(text, p[0], p[1])
		for i := 0; i < len(ws); {
			if r, next, ok := dateAt(text, ws, i, pub); ok {
				out = append(out, r)
				i = next
				continue
			}
			i++
		}
	}
	return out
}

// monthNum returns the month number of a (lower-case) month name.
func monthNum(lw string) (int, bool) {
	m, ok := months[strings.ToLower(lw)]
	return m, ok
}

var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
	"september": 9, "october": 10, "november": 11, "december": 12,
	"jan.": 1, "feb.": 2, "mar.": 3, "apr.": 4, "jun.": 6, "jul.": 7, "aug.": 8, "sep.": 9, "sept.": 9,
	"oct.": 10, "nov.": 11, "dec.": 12, "jan": 1, "feb": 2, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

func dayNum(w string) (int, bool) {
	w = strings.TrimRight(strings.ToLower(w), ",")
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		w = strings.TrimSuffix(w, suf)
	}
	n, err := strconv.Atoi(w)
	if err != nil || n < 1 || n > 31 || len(w) > 2 {
		return 0, false
	}
	return n, true
}

func yearNum(w string) (int, bool) {
	if len(w) != 4 {
		return 0, false
	}
	n, err := strconv.Atoi(w)
	if err != nil || n < 1800 || n > 2200 {
		return 0, false
	}
	return n, true
}

// validDate builds a date, refusing impossible ones ("February 31").
func validDate(y, m, d int) (time.Time, bool) {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return time.Time{}, false
	}
	return t, true
}

// withYear resolves a month and day without a year against pub.
func withYear(m, d int, pub time.Time) time.Time {
	if pub.IsZero() {
		return time.Time{}
	}
	t, ok := validDate(pub.Year(), m, d)
	if !ok {
		return time.Time{}
	}
	if t.Sub(pub) > 60*24*time.Hour {
		t, ok = validDate(pub.Year()-1, m, d)
		if !ok {
			return time.Time{}
		}
	}
	return t
}

// futureMarkers before a weekday in its sentence make it the coming one:
// the future, the future seen from the past in reported speech ("would
// ease on Sunday", "was expected", "was possible"), plans and requests
// ("agreed to meet", "asked both sides to meet") and "until Thursday".
var futureMarkers = []string{" will ", " will be ", "'ll ", "’ll ", " is expected to ", " are expected to ", " is scheduled to ",
	" are scheduled to ", " is set to ", " are set to ", " plans to ", " plan to ", " is due to ", " are due to ", " upcoming ", " next ",
	" would ", " could ", " expected ", " expects ", " expect ", " scheduled ", " due ", " possible ", " forecast ", " until ", " till ",
	" ahead of ", " agreed to ", " asked ", " planned to ", " hopes to ", " hoped to ", " intends to ", " promised to ",
	" pledged to ", " vowed to ", " decided to ", " invited "}

// notFuture undo a marker: "would not", "could not" report what did not
// happen.
var notFuture = []string{" would not ", " could not ", " couldn't ", " wouldn't ", " couldn’t ", " wouldn’t "}

func futureBefore(text string, pos int) bool {
	s := sentenceStartBefore(text, pos, 0)
	seg := " " + strings.ToLower(text[s:pos])
	for _, m := range notFuture {
		seg = strings.ReplaceAll(seg, m, " ")
	}
	for _, m := range futureMarkers {
		if strings.Contains(seg, m) {
			return true
		}
	}
	return false
}

func dateAt(text string, ws []word, i int, pub time.Time) (domain.DateRef, int, bool) {
	w := ws[i]
	lw := lowerWord(w.text)
	mk := func(s, e int, t time.Time, rel bool, next int) (domain.DateRef, int, bool) {
		return domain.DateRef{Span: domain.Span{Start: s, End: e}, Text: text[s:e], Date: t, Relative: rel}, next, true
	}
	adjacent := func(k int) bool {
		return k < len(ws) && gapIsSpace(text, ws[k-1].end, ws[k].start) || k < len(ws) && strings.TrimSpace(text[ws[k-1].end:ws[k].start]) == ","
	}
	// ISO 2017-04-04 (one word to the scanner)
	if len(w.text) == 10 && w.text[4] == '-' && w.text[7] == '-' {
		y, ok := yearNum(w.text[:4])
		m, err1 := strconv.Atoi(w.text[5:7])
		d, err2 := strconv.Atoi(w.text[8:10])
		if ok && err1 == nil && err2 == nil {
			if t, ok := validDate(y, m, d); ok {
				return mk(w.start, w.end, t, false, i+1)
			}
		}
	}
	if len(w.text) == 4 && w.end+6 <= len(text) {
		if y, ok := yearNum(w.text); ok && text[w.end] == '-' {
			rest := text[w.end:]
			if len(rest) >= 6 && rest[3] == '-' {
				m, err1 := strconv.Atoi(rest[1:3])
				d, err2 := strconv.Atoi(rest[4:min(6, len(rest))])
				if err1 == nil && err2 == nil {
					if t, ok := validDate(y, m, d); ok {
						e := w.end + 6
						next := i + 1
						for next < len(ws) && ws[next].start < e {
							next++
						}
						return mk(w.start, e, t, false, next)
					}
				}
			}
		}
	}
	// Month Day[, Year] / Month Year
	if m, ok := monthNum(lw); ok && isCap(w.text) {
		if adjacent(i + 1) {
			if d, ok := dayNum(ws[i+1].text); ok {
				e, next := ws[i+1].end, i+2
				t := time.Time{}
				if adjacent(next) {
					if y, ok := yearNum(ws[next].text); ok {
						if tt, ok := validDate(y, m, d); ok {
							t, e, next = tt, ws[next].end, next+1
						}
					}
				}
				if t.IsZero() {
					t = withYear(m, d, pub)
				}
				return mk(w.start, e, t, false, next)
			}
			if y, ok := yearNum(ws[i+1].text); ok && gapIsSpace(text, w.end, ws[i+1].start) {
				t, _ := validDate(y, m, 1)
				return mk(w.start, ws[i+1].end, t, false, i+2)
			}
		}
		return domain.DateRef{}, 0, false
	}
	// Day Month [Year]: "4 April", "4 April 2017"
	if d, ok := dayNum(w.text); ok && i+1 < len(ws) && gapIsSpace(text, w.end, ws[i+1].start) {
		if m, ok := monthNum(lowerWord(ws[i+1].text)); ok && isCap(ws[i+1].text) {
			e, next := ws[i+1].end, i+2
			t := time.Time{}
			if next < len(ws) && gapIsSpace(text, ws[next-1].end, ws[next].start) {
				if y, ok := yearNum(ws[next].text); ok {
					if tt, ok := validDate(y, m, d); ok {
						t, e, next = tt, ws[next].end, next+1
					}
				}
			}
			if t.IsZero() {
				t = withYear(m, d, pub)
			}
			return mk(w.start, e, t, false, next)
		}
	}
	prev := ""
	if i > 0 && gapIsSpace(text, ws[i-1].end, w.start) {
		prev = lowerWord(ws[i-1].text)
	}
	shift := func(days int) time.Time {
		if pub.IsZero() {
			return time.Time{}
		}
		return pub.AddDate(0, 0, days)
	}
	// Weekdays
	if wd, ok := weekdays[lw]; ok && isCap(w.text) {
		// inside a name: "Super Tuesday", "Black Friday"
		if i > 0 && isCap(ws[i-1].text) && gapIsSpace(text, ws[i-1].end, w.start) && !sentenceInitial(text, ws[i-1].start) || i > 0 && isCap(ws[i-1].text) && prev != "" && !notNameStart[prev] {
			return domain.DateRef{}, 0, false
		}
		s := w.start
		future := futureBefore(text, w.start)
		strict := false
		switch prev {
		case "last", "past":
			s, strict, future = ws[i-1].start, true, false
		case "next", "coming":
			s, future = ws[i-1].start, true
		case "this":
			s = ws[i-1].start
		}
		t := time.Time{}
		if !pub.IsZero() {
			diff := (int(pub.Weekday()) - wd + 7) % 7
			if future {
				t = pub.AddDate(0, 0, (wd-int(pub.Weekday())+7)%7)
				if prev == "next" && t.Equal(pub) {
					t = t.AddDate(0, 0, 7)
				}
			} else {
				if strict && diff == 0 {
					diff = 7
				}
				t = pub.AddDate(0, 0, -diff)
			}
		}
		return mk(s, w.end, t, true, i+1)
	}
	switch lw {
	case "today":
		return mk(w.start, w.end, shift(0), true, i+1)
	case "yesterday":
		return mk(w.start, w.end, shift(-1), true, i+1)
	case "tomorrow":
		return mk(w.start, w.end, shift(1), true, i+1)
	case "last", "next", "this":
		if i+1 < len(ws) && gapIsSpace(text, w.end, ws[i+1].start) {
			unit := lowerWord(ws[i+1].text)
			sign := 1
			if lw == "last" {
				sign = -1
			} else if lw == "this" {
				sign = 0
			}
			var t time.Time
			switch unit {
			case "week":
				t = shift(7 * sign)
			case "month":
				if !pub.IsZero() {
					t = pub.AddDate(0, sign, 0)
				}
			case "year":
				if !pub.IsZero() {
					t = pub.AddDate(sign, 0, 0)
				}
			case "weekend":
				t = shift(7 * sign)
			default:
				return domain.DateRef{}, 0, false
			}
			return mk(w.start, ws[i+1].end, t, true, i+2)
		}
	}
	// "three days ago", "2 weeks ago"
	if i+2 < len(ws) && lowerWord(ws[i+2].text) == "ago" && gapIsSpace(text, w.end, ws[i+1].start) && gapIsSpace(text, ws[i+1].end, ws[i+2].start) {
		v, _, _, ok := wordValue(w.text)
		if ok && v > 0 && v < 1000 {
			n := int(v)
			var t time.Time
			switch strings.TrimSuffix(lowerWord(ws[i+1].text), "s") {
			case "day":
				t = shift(-n)
			case "week":
				t = shift(-7 * n)
			case "month":
				if !pub.IsZero() {
					t = pub.AddDate(0, -n, 0)
				}
			case "year":
				if !pub.IsZero() {
					t = pub.AddDate(-n, 0, 0)
				}
			default:
				return domain.DateRef{}, 0, false
			}
			return mk(w.start, ws[i+2].end, t, true, i+3)
		}
	}
	return domain.DateRef{}, 0, false
}
