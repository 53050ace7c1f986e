package extract

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// unit is one line of the body (or several hard-wrapped lines joined): the
// granularity at which debris is judged and paragraphs are output.
type unit struct {
	text   string
	block  int // index of the blank-line separated block holding it
	reason Reason
	header bool // one of the first lines, where bylines and dates live
}

// splitUnits splits normalised text into units. Blank lines separate blocks;
// inside a block every line is a unit, except that a line that is cut in mid
// sentence (hard-wrapped text) is joined with the next one.
func splitUnits(text string) []unit {
	var us []unit
	block := 0
	var cur []string
	flush := func() {
		for i := 0; i < len(cur); i++ {
			line := cur[i]
			for i+1 < len(cur) && wrapped(line, cur[i+1]) {
				line += " " + cur[i+1]
				i++
			}
			us = append(us, unit{text: line, block: block})
		}
		if len(cur) > 0 {
			block++
		}
		cur = cur[:0]
	}
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			flush()
			continue
		}
		cur = append(cur, l)
	}
	flush()
	return us
}

// wrapped reports whether line continues on next: line stops mid-sentence
// (no final punctuation, not a headline) and the next line starts in lower
// case, or line is long enough to have been wrapped.
func wrapped(line, next string) bool {
	if endsSentence(line) || strings.HasSuffix(line, ":") {
		return false
	}
	ws := words(line)
	if len(ws) < 5 || titleLike(ws) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLower(r) || len(line) >= 50
}

// result is what cleaning found in a body.
type result struct {
	title     string
	byline    string
	source    string // site name (HTML)
	url       string // canonical URL (HTML)
	published time.Time
	paras     []string
	removed   int
}

// cleanUnits classifies every unit, takes the title (when firstIsTitle,
// the first unit is the title), a byline and a date from the header lines,
// drops debris and off-topic blocks, and returns the kept paragraphs.
//
// With fromHTML, a line without any sentence punctuation (. ! ? ;) and no
// quotation of at most 25 words is also dropped as a fragment: in a page
// the block structure is explicit, and such a block is a teaser headline,
// a caption or a menu entry far more often than a sentence that lost its
// period (in plain text it is kept: see Classify).
func cleanUnits(us []unit, title string, firstIsTitle, fromHTML bool) result {
	var res result
	res.title = title
	if firstIsTitle && len(us) > 0 {
		res.title = us[0].text
		us = us[1:]
	}
	titleKey := normKey(res.title)
	for i := range us {
		us[i].header = i < 6
		u := &us[i]
		u.reason = Classify(u.text)
		if fromHTML && u.reason == Keep && !hasQuote(u.text) && !strings.ContainsAny(u.text, ".!?;") && len(words(u.text)) <= 25 {
			u.reason = Fragment
		}
		if titleKey != "" && normKey(u.text) == titleKey {
			u.reason = TitleAgain
		}
	}
	// A short line ending with ":" that introduces a quotation is kept.
	for i := range us {
		if us[i].reason == Fragment && strings.HasSuffix(us[i].text, ":") && i+1 < len(us) && startsWithQuote(us[i+1].text) {
			us[i].reason = Keep
		}
	}
	// Byline and date from the header lines (and a lone name at the end).
	for i := range us {
		u := us[i]
		last := i == len(us)-1
		if !u.header && !last {
			continue
		}
		switch u.reason {
		case Byline:
			if res.byline == "" && u.header {
				res.byline = bylineName(u.text)
			}
		case Author:
			if res.byline == "" {
				res.byline = strings.TrimSpace(strings.TrimLeft(u.text, "•·*-–—>|►▶→ \t"))
			}
		}
		// Any dropped header line with a full date ("Published: ...",
		// "The Daily Ledger | 22 March 2026") dates the article.
		if u.reason != Keep && u.reason != OffTopic && u.header && res.published.IsZero() {
			if t, ok := parseLooseDate(u.text); ok {
				res.published = t
			}
		}
	}
	markOffTopic(us, res.title)
	// The same paragraph twice in one article (a pull quote, a page that
	// repeats its teaser, an extractor's doubled block): keep the first.
	seen := map[string]bool{}
	for i := range us {
		if us[i].reason != Keep {
			continue
		}
		k := normKey(us[i].text)
		if seen[k] {
			us[i].reason = Repeated
		}
		seen[k] = true
	}
	for _, u := range us {
		if u.reason != Keep {
			res.removed++
			continue
		}
		res.paras = append(res.paras, u.text)
	}
	return res
}

func startsWithQuote(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r == '"' || r == '“' || r == '«' || r == '\'' || r == '‘' || r == '„'
}

// bylineName strips "By" and sign-off words from a byline line.
func bylineName(s string) string {
	s = strings.TrimSpace(strings.TrimLeft(s, "•·*-–—>|►▶→ \t"))
	for _, p := range []string{"written by ", "words by ", "story by ", "reported by ", "posted by ", "by "} {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			return strings.TrimSpace(s[len(p):])
		}
	}
	return s
}

// normKey is a comparison key for a line: lower-case letters and digits,
// words separated by one space.
func normKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		} else {
			space = true
		}
	}
	return b.String()
}

// CleanText cleans a plain-text body that has no title line: it normalises
// the text and drops the debris lines, returning the kept paragraphs joined
// by blank lines and the number of lines removed. It is what Extract does to
// a text body, minus title, byline and date handling; the fuzz target and
// evaluations use it directly.
func CleanText(s string) (string, int) {
	s, _ = repairUTF8([]byte(s))
	res := cleanUnits(splitUnits(normalizeText(s)), "", false, false)
	return strings.Join(res.paras, "\n\n"), res.removed
}
