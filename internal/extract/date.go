package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	mdyRe   = regexp.MustCompile(`(?i)\b(` + monthRe + `)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	dmyRe   = regexp.MustCompile(`(?i)\b(\d{1,2})\s+(` + monthRe + `),?\s+(\d{4})\b`)
	dotRe   = regexp.MustCompile(`\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b`)
	isoRe   = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?`)
	clockRe = regexp.MustCompile(`(?i)\b(\d{1,2})[:.](\d{2})\s*(a\.?m\.?|p\.?m\.?)?`)
)

var months = map[string]time.Month{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

// parseLooseDate finds a calendar date in a header line ("Published: April
// 12, 2017 10:31 a.m. ET", "12 April 2017", "2017-04-12T10:31", and the
// European "19.03.2017"; slashed dates are ambiguous and not read) and returns
// it in UTC (a time of day when one is given; time zones are not resolved).
func parseLooseDate(s string) (time.Time, bool) {
	var y, d int
	var m time.Month
	rest := s
	if g := isoRe.FindStringSubmatch(s); g != nil {
		y, _ = strconv.Atoi(g[1])
		mi, _ := strconv.Atoi(g[2])
		m = time.Month(mi)
		d, _ = strconv.Atoi(g[3])
		if g[4] != "" {
			hh, _ := strconv.Atoi(g[4])
			mm, _ := strconv.Atoi(g[5])
			return valid(y, m, d, hh, mm)
		}
		rest = strings.Replace(s, g[0], " ", 1)
	} else if g := mdyRe.FindStringSubmatch(s); g != nil {
		m = months[strings.ToLower(g[1])[:3]]
		d, _ = strconv.Atoi(g[2])
		y, _ = strconv.Atoi(g[3])
		rest = strings.Replace(s, g[0], " ", 1)
	} else if g := dmyRe.FindStringSubmatch(s); g != nil {
		d, _ = strconv.Atoi(g[1])
		m = months[strings.ToLower(g[2])[:3]]
		y, _ = strconv.Atoi(g[3])
		rest = strings.Replace(s, g[0], " ", 1)
	} else if g := dotRe.FindStringSubmatch(s); g != nil {
		d, _ = strconv.Atoi(g[1])
		mi, _ := strconv.Atoi(g[2])
		m = time.Month(mi)
		y, _ = strconv.Atoi(g[3])
		rest = strings.Replace(s, g[0], " ", 1)
	} else {
		return time.Time{}, false
	}
	hh, mm := 0, 0
	if g := clockRe.FindStringSubmatch(rest); g != nil {
		hh, _ = strconv.Atoi(g[1])
		mm, _ = strconv.Atoi(g[2])
		ap := strings.ToLower(strings.ReplaceAll(g[3], ".", ""))
		switch {
		case ap == "pm" && hh < 12:
			hh += 12
		case ap == "am" && hh == 12:
			hh = 0
		}
	}
	return valid(y, m, d, hh, mm)
}

func valid(y int, m time.Month, d, hh, mm int) (time.Time, bool) {
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 || hh > 23 || mm > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, m, d, hh, mm, 0, 0, time.UTC)
	if t.Day() != d { // February 30th and the like
		return time.Time{}, false
	}
	return t, true
}
