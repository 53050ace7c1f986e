package analyze

import (
	"regexp"
	"strings"

	"github.com/chorusnews/chorus/internal/domain"
)

// Reported speech: hand-written patterns over sentences that hold no
// quotation marks.
//
//	X said (that) CLAUSE.        X told reporters (that) CLAUSE.
//	CLAUSE, X said.              CLAUSE, said X.
//	According to X, CLAUSE.      CLAUSE, according to X.
//
// The Quote's span is CLAUSE (without the final period), Direct is false.

type reportedQuote struct {
	q    domain.Quote
	sp   *speakerRef
	para int
}

// sentenceSpans splits paragraph [a,b) at . ! ? followed by a space (not
// after abbreviations or initials). It is a small local splitter so that
// quote rules do not depend on the article-level sentence splitter.
func sentenceSpans(text string, a, b int) [][2]int {
	var out [][2]int
	s := a
	for i := a; i < b; i++ {
		c := text[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		for j < b && (text[j] == '"' || text[j] == '\'' || text[j] == ')') {
			j++
		}
		if j < b && strings.HasPrefix(text[j:], "”") {
			j += len("”")
		}
		if j < b && strings.HasPrefix(text[j:], "’") {
			j += len("’")
		}
		if j < b && text[j] != ' ' {
			continue
		}
		if c == '.' && isAbbrevDot(text[a:], i-a) {
			continue
		}
		out = append(out, [2]int{s, j})
		s = j
		for s < b && text[s] == ' ' {
			s++
		}
	}
	if s < b {
		out = append(out, [2]int{s, b})
	}
	return out
}

func hasQuoteMark(s string) bool {
	return strings.ContainsAny(s, "\"“”«»") || strings.Contains(s, "''") || strings.Contains(s, "‘") || strings.Contains(s, " '")
}

// objects of "told" to skip before the clause.
var toldObjects = set(`reporters|journalists|him|her|them|us|me|lawmakers|supporters|the|a|an|crowd|audience|interviewer|
members|voters|senators|congress|colleagues|officials|students|listeners|viewers|host|interview|press|conference|news|
agency|newspaper|television|radio|station|network|channel|magazine`)

func (a *attributor) reported(paras [][2]int, inQuote func(int) bool) []reportedQuote {
	text := a.text
	var out []reportedQuote
	for pi, p := range paras {
		for _, s := range sentenceSpans(text, p[0], p[1]) {
			seg := text[s[0]:s[1]]
			if hasQuoteMark(seg) || inQuote(s[0]) || a.overlapsQuote(s[0], s[1]) {
				continue
			}
			ws := scanWords(seg, 0, len(seg))
			if len(ws) < 6 {
				continue
			}
			if r, ok := a.reportedIn(seg, s[0], ws); ok {
				r.para = pi
				out = append(out, r)
			}
		}
	}
	return out
}

// clauseEnd trims the final punctuation of a sentence.
func clauseEnd(seg string) int {
	e := len(strings.TrimRight(seg, " "))
	for e > 0 && strings.ContainsRune(".!?", rune(seg[e-1])) {
		e--
	}
	return e
}

func (a *attributor) reportedIn(seg string, base int, ws []word) (reportedQuote, bool) {
	mk := func(cs, ce int, np []word, cueS, cueE int) (reportedQuote, bool) {
		cs, ce = trimSpan(seg, cs, ce)
		if m := datelineRe.FindStringIndex(seg[cs:ce]); m != nil {
			cs += m[1]
		}
		for ce > cs && strings.ContainsRune(",.;: ", rune(seg[ce-1])) {
			ce--
		}
		if len(scanWords(seg, cs, ce)) < 4 {
			return reportedQuote{}, false
		}
		sp := a.resolve(seg, np, base+np[0].start)
		if sp == nil || sp.name == "" {
			return reportedQuote{}, false
		}
		q := domain.Quote{Span: domain.Span{Start: base + cs, End: base + ce}, Text: seg[cs:ce],
			Speaker: sp.name, Title: sp.title, Cue: domain.Span{Start: base + cueS, End: base + cueE}}
		return reportedQuote{q: q, sp: sp}, true
	}
	end := clauseEnd(seg)
	// According to X, CLAUSE.
	if len(ws) > 3 && lowerWord(ws[0].text) == "according" && lowerWord(ws[1].text) == "to" {
		np := a.npAfter(seg, ws[2:])
		if len(np) > 0 {
			last := np[len(np)-1].end
			if c := strings.IndexByte(seg[last:], ','); c >= 0 && c < 3 {
				return mk(last+c+1, end, np, ws[0].start, last)
			}
		}
	}
	// CLAUSE, according to X.   CLAUSE, X said.   CLAUSE, said X.
	if c := strings.LastIndex(seg[:end], ","); c > 0 {
		tail := seg[c+1 : end]
		tw := scanWords(tail, 0, len(tail))
		if len(tw) >= 2 && len(tw) <= 10 {
			off := c + 1
			shift := func(w []word) []word {
				o := make([]word, len(w))
				for i, x := range w {
					o[i] = word{x.start + off, x.end + off, x.text}
				}
				return o
			}
			tws := shift(tw)
			switch {
			case lowerWord(tw[0].text) == "according" && lowerWord(tw[1].text) == "to" && len(tw) > 2:
				if np := a.npAfter(seg, tws[2:]); len(np) > 0 && np[len(np)-1].end == tws[len(tws)-1].end {
					return mk(0, c, np, tws[0].start, np[len(np)-1].end)
				}
			case isCue(tw[0].text) && isPresentOrPast(tw[0].text):
				if np := a.npAfter(seg, tws[1:]); len(np) > 0 && np[len(np)-1].end == tws[len(tws)-1].end {
					return mk(0, c, np, tws[0].start, np[len(np)-1].end)
				}
			default:
				for i := 1; i < len(tws); i++ {
					if isCue(tws[i].text) && isPresentOrPast(tws[i].text) {
						np := npBefore(seg, tws[:i], tws[i].start)
						if len(np) > 0 && np[0].start == tws[0].start && i >= len(tws)-4 {
							return mk(0, c, np, np[0].start, tws[i].end)
						}
						break
					}
				}
			}
		}
	}
	// X said (that) CLAUSE.
	for i := 1; i < len(ws) && i < 14; i++ {
		lw := lowerWord(ws[i].text)
		isCueW := isCue(ws[i].text) && isPresentOrPast(ws[i].text)
		isThink := !isCap(ws[i].text) && thinkVerbs[lw] && i+1 < len(ws) && lowerWord(ws[i+1].text) == "that"
		if !isCueW && !isThink {
			continue
		}
		np := npBefore(seg, ws[:i], ws[i].start)
		if len(np) == 0 || !gapIsSpace(seg, ws[i-1].end, ws[i].start) {
			return reportedQuote{}, false
		}
		// the subject opens the sentence (or follows an opening phrase and comma)
		if np[0].start != ws[0].start {
			pre := strings.TrimSpace(seg[:np[0].start])
			if !strings.HasSuffix(pre, ",") {
				return reportedQuote{}, false
			}
		}
		j := i + 1
		if lw == "told" || lw == "tells" {
			for j < len(ws) && (toldObjects[lowerWord(ws[j].text)] || isCap(ws[j].text)) {
				j++
			}
			// "He told ministers in Lucca last week US strikes were ...":
			// an object we cannot delimit; no clause is safer than a wrong one
			if j == i+1 && (j >= len(ws) || lowerWord(ws[j].text) != "that") {
				return reportedQuote{}, false
			}
		}
		// skip "on Tuesday", "in a statement", "in an interview"
		for j+1 < len(ws) && (lowerWord(ws[j].text) == "on" || lowerWord(ws[j].text) == "in") && j+3 < len(ws) {
			k := j + 1
			for k < len(ws) && k < j+5 && (toldObjects[lowerWord(ws[k].text)] || isMonthOrDay(lowerWord(ws[k].text)) || partsOfDay[lowerWord(ws[k].text)] || lowerWord(ws[k].text) == "statement" || lowerWord(ws[k].text) == "interview" || isCap(ws[k].text)) {
				k++
			}
			if k == j+1 {
				break
			}
			j = k
		}
		if j < len(ws) && lowerWord(ws[j].text) == "that" {
			j++
		}
		if j >= len(ws) {
			return reportedQuote{}, false
		}
		// the clause must start like a clause: a word, not "to" or "about" (reported topics)
		fw := lowerWord(ws[j].text)
		if fw == "to" || fw == "about" || fw == "of" || fw == "for" || fw == "so" || fw == "by" || fw == "with" || fw == "as" || fw == "from" || fw == "at" || fw == "against" || fw == "it" && j == i+1 && lw != "said" {
			return reportedQuote{}, false
		}
		return mk(ws[j].start, end, np, np[0].start, ws[i].end)
	}
	return reportedQuote{}, false
}

// partsOfDay follow a weekday in "said on Tuesday afternoon that".
var partsOfDay = set(`morning|afternoon|evening|night|noon`)

// datelineRe matches a dateline opening a story's first sentence: a
// place in capitals, perhaps a state or country and an outlet in
// brackets, then a dash ("FORT MERCER, Ohio (Daily Ledger) — ").
var datelineRe = regexp.MustCompile(`^[A-Z][A-Z.'’ -]*[A-Z.](,\s*[A-Z][A-Za-z.]*(\s[A-Z][A-Za-z.]*)*)*\s*(\([^()]{1,60}\)\s*)?(—|–|--?)\s*`)

// isPresentOrPast keeps "said", "says", "told" and drops the bare and
// -ing forms that do not report ("say", "saying").
func isPresentOrPast(w string) bool {
	lw := strings.ToLower(w)
	return !strings.HasSuffix(lw, "ing") && lw != "say" && lw != "tell" && lw != "write" && lw != "read"
}

// overlapsQuote reports whether [s,e) overlaps a quoted stretch.
func (a *attributor) overlapsQuote(s, e int) bool {
	for _, q := range a.spans {
		if q.open < e && s < q.close {
			return true
		}
	}
	return false
}
