package analyze

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chorusnews/chorus/internal/domain"
)

// Quote attribution is hand-written: no Go library finds quotes and their
// speakers, so the rules below do it, working on raw text with byte
// offsets.
//
// Direct quotes are stretches between quotation marks (curly “…”, straight
// "…", doubled ''…'' as some newswires write, and British single quotes
// ‘…’ / '…' when they are not apostrophes) of at least minQuoteWords
// words; a quote left open at the end of a paragraph runs to the end of
// the paragraph (the continuation-paragraph convention). The speaker is
// found, in this order:
//  1. right after the quote: `"…," said X`, `"…," X said`, `"…," X told reporters`;
//  2. before it in the same sentence: `X said, "…"`, `X told Fox: "…"`,
//     `X said the strike was "…"`, `according to X, "…"`;
//  3. another attributed quote in the same paragraph (split quotes
//     `"…," X said. "…"`);
//  4. the last speaker of the previous paragraph when this paragraph opens
//     with a quote (continuation paragraphs, or a paragraph ending in ":").
//
// Speakers are resolved within the article: a pronoun ("he said") to the
// person named last before it, a surname ("Lavrov") or a description ("the
// Russian minister") to the fullest name form with its title from the
// entity rules. A speaker that is not a named person (a description such
// as "a senior official") is kept as written, without its article.
//
// Reported speech (Direct false) is `X said (that) …`, `…, X said.` and
// `according to X, …` in sentences without quotation marks.

// minQuoteWords is the shortest direct quote kept: one- and two-word
// stretches are mostly scare quotes ("confuse"), not speech.
const minQuoteWords = 3

// Quotes finds the direct quotes and reported speech in text.
func Quotes(text string) []domain.Quote {
	return quotesWith(text, newNameIndex(text, proseHints(text)))
}

// qspan is one stretch between quotation marks.
type qspan struct {
	open, close   int // byte offsets of the opening mark and just after the closing mark
	start, end    int // the quoted words
	closed        bool
	para          int
	single        bool
	speaker       *speakerRef
	attributed    bool // speaker found next to this quote (not inherited)
	cueStart, cue int
}

// speakerRef is a resolved speaker.
type speakerRef struct {
	name, title string
}

// quote marks
const (
	markNone = iota
	markOpen
	markClose
	markAmbig
)

// doubleMark classifies a double quotation mark at text[i:], returning
// its kind and byte length.
func doubleMark(text string, i int) (int, int) {
	if strings.HasPrefix(text[i:], "''") {
		return markAmbig, 2
	}
	if strings.HasPrefix(text[i:], "``") {
		return markOpen, 2
	}
	r, n := utf8.DecodeRuneInString(text[i:])
	switch r {
	case '“', '„', '«':
		return markOpen, n
	case '”', '»':
		return markClose, n
	case '"':
		return markAmbig, n
	}
	return markNone, n
}

func prevRune(text string, i, lo int) rune {
	if i <= lo {
		return ' '
	}
	r, _ := utf8.DecodeLastRuneInString(text[lo:i])
	return r
}

func nextRune(text string, i, hi int) rune {
	if i >= hi {
		return ' '
	}
	r, _ := utf8.DecodeRuneInString(text[i:hi])
	return r
}

// findQuoteSpans returns the quoted stretches of paragraph [a,b).
func findQuoteSpans(text string, a, b, para int) []qspan {
	var out []qspan
	in := false
	var cur qspan
	var outside [][2]int // regions outside double quotes, for single quotes
	last := a
	for i := a; i < b; {
		kind, n := doubleMark(text, i)
		if kind == markNone {
			i += n
			continue
		}
		if kind == markAmbig && n == 1 {
			// an inch or feet mark after a digit ("6'2"") is no quote
			if unicode.IsDigit(prevRune(text, i, a)) && !in {
				i += n
				continue
			}
		}
		switch {
		case !in && (kind == markOpen || kind == markAmbig):
			if kind == markAmbig && unicode.IsSpace(nextRune(text, i+n, b)) && !unicode.IsSpace(prevRune(text, i, a)) {
				// a closing mark with no opening one: a stray, skip it
				i += n
				continue
			}
			in = true
			cur = qspan{open: i, start: i + n, para: para}
			outside = append(outside, [2]int{last, i})
		case in && (kind == markClose || kind == markAmbig):
			cur.end, cur.close, cur.closed = i, i+n, true
			out = append(out, cur)
			in = false
			last = i + n
		case in && kind == markOpen && nestedAhead(text, i+n, b):
			// a quote inside the quote (“… “hell” …”): skip to its
			// closing mark
			j := strings.Index(text[i+n:b], "”")
			i += n + j + len("”")
			continue
		case in && kind == markOpen:
			// a new opening mark inside a quote: the previous quote was
			// left open; end it here.
			cur.end, cur.close = i, i
			out = append(out, cur)
			cur = qspan{open: i, start: i + n, para: para}
		}
		i += n
	}
	if in {
		cur.end, cur.close = b, b
		out = append(out, cur)
	} else {
		outside = append(outside, [2]int{last, b})
	}
	for _, r := range outside {
		out = append(out, findSingleQuotes(text, r[0], r[1], para)...)
	}
	return out
}

// findSingleQuotes finds British-style ‘…’ and '…' quotes in [a,b),
// telling them from apostrophes: an opening mark follows a space or
// bracket and precedes a letter; a closing mark follows a non-space and
// precedes a space, punctuation or the end.
func findSingleQuotes(text string, a, b, para int) []qspan {
	var out []qspan
	open := -1
	for i := a; i < b; {
		r, n := utf8.DecodeRuneInString(text[i:b])
		if r != '\'' && r != '‘' && r != '’' {
			i += n
			continue
		}
		p, q := prevRune(text, i, a), nextRune(text, i+n, b)
		isOpen := (r == '‘' || r == '\'') && (unicode.IsSpace(p) || p == '(' || p == '[' || p == '—' || i == a) && (unicode.IsLetter(q) || unicode.IsDigit(q) || q == '.')
		isClose := (r == '’' || r == '\'') && !unicode.IsLetter(q) && !unicode.IsDigit(q) &&
			(!unicode.IsSpace(p) || i-2 >= a && strings.ContainsRune(",.?!", rune(text[i-2])))
		switch {
		case open < 0 && isOpen:
			open = i
		case open >= 0 && isClose:
			// "the Russians' view": a plural possessive, not a close, when
			// a lower-case word follows and another closing mark comes later.
			if p == 's' && q == ' ' && i+n+1 < b {
				r2 := nextRune(text, i+n+1, b)
				if unicode.IsLower(r2) && strings.ContainsAny(text[i+n:b], "'’") {
					i += n
					continue
				}
			}
			out = append(out, qspan{open: open, start: open + len(string(textRune(text, open))), end: i, close: i + n, closed: true, para: para, single: true})
			open = -1
		}
		i += n
	}
	return out
}

func textRune(text string, i int) rune {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return r
}

// innerSpan trims the quoted words: spaces, and a trailing comma that
// belongs to the attribution sentence ("…," said X).
func innerSpan(text string, s, e int) (int, int) {
	for {
		s, e = trimSpan(text, s, e)
		if e > s && text[e-1] == ',' {
			e--
			continue
		}
		return s, e
	}
}

func quotesWith(text string, ix *nameIndex) []domain.Quote {
	paras := paragraphs(text)
	var spans []qspan
	for pi, p := range paras {
		ps := findQuoteSpans(text, p[0], p[1], pi)
		sortQspans(ps)
		spans = append(spans, ps...)
	}
	inQuote := func(pos int) bool {
		for _, q := range spans {
			if pos >= q.start && pos < q.end {
				return true
			}
		}
		return false
	}
	a := &attributor{text: text, ix: ix, inQuote: inQuote, spans: spans}
	// keep only real quotes
	var qs []qspan
	for _, q := range spans {
		s, e := innerSpan(text, q.start, q.end)
		if s >= e {
			continue
		}
		q.start, q.end = s, e
		qs = append(qs, q)
	}
	// 1-2: attribution next to each quote
	for i := range qs {
		if sp, cs, ce := a.after(qs[i], paras[qs[i].para][1]); sp != nil {
			qs[i].speaker, qs[i].attributed, qs[i].cueStart, qs[i].cue = sp, true, cs, ce
			continue
		}
		if sp, cs, ce := a.before(qs[i], paras[qs[i].para][0]); sp != nil {
			qs[i].speaker, qs[i].attributed, qs[i].cueStart, qs[i].cue = sp, true, cs, ce
		}
	}
	// Reported speech in the same pass, for the "last speaker" chain.
	reported := a.reported(paras, inQuote)
	// 3-4: inherit within the paragraph, then from the previous paragraph.
	for i := range qs {
		if qs[i].speaker != nil {
			continue
		}
		// previous attributed quote in the paragraph
		for j := i - 1; j >= 0 && qs[j].para == qs[i].para; j-- {
			if qs[j].speaker != nil {
				qs[i].speaker, qs[i].cueStart, qs[i].cue = qs[j].speaker, qs[j].cueStart, qs[j].cue
				break
			}
		}
		if qs[i].speaker != nil {
			continue
		}
		// reported speech earlier in the paragraph ("..., Schiff said.
		// “The other ...”): the nearest one before the quote
		for _, r := range reported {
			if r.para == qs[i].para && r.sp != nil && r.q.End <= qs[i].open {
				qs[i].speaker, qs[i].cueStart, qs[i].cue = r.sp, r.q.Cue.Start, r.q.Cue.End
			}
		}
		if qs[i].speaker != nil {
			continue
		}
		for j := i + 1; j < len(qs) && qs[j].para == qs[i].para; j++ {
			if qs[j].attributed {
				qs[i].speaker, qs[i].cueStart, qs[i].cue = qs[j].speaker, qs[j].cueStart, qs[j].cue
				break
			}
		}
		if qs[i].speaker != nil {
			continue
		}
		// continuation: the paragraph opens with this quote
		pstart := paras[qs[i].para][0]
		if qs[i].open-pstart > 3 || qs[i].para == 0 {
			continue
		}
		prevPara := qs[i].para - 1
		if pp := paras[prevPara]; strings.HasSuffix(text[pp[0]:pp[1]], ":") {
			// "Cruz continued:" then the quote as its own paragraph
			if sp, cs, ce := a.before(qspan{open: pp[1]}, pp[0]); sp != nil {
				qs[i].speaker, qs[i].cueStart, qs[i].cue = sp, cs, ce
				continue
			}
		}
		var best *speakerRef
		bestPos := -1
		bs, be := 0, 0
		for j := i - 1; j >= 0; j-- {
			if qs[j].para == prevPara && qs[j].speaker != nil {
				best, bestPos, bs, be = qs[j].speaker, qs[j].start, qs[j].cueStart, qs[j].cue
				break
			}
			if qs[j].para < prevPara {
				break
			}
		}
		for _, r := range reported {
			if r.para == prevPara && r.q.Start > bestPos && r.sp != nil {
				best, bestPos, bs, be = r.sp, r.q.Start, r.q.Cue.Start, r.q.Cue.End
			}
		}
		if best != nil {
			qs[i].speaker, qs[i].cueStart, qs[i].cue = best, bs, be
		}
	}
	var out []domain.Quote
	for _, q := range qs {
		if len(scanWords(text, q.start, q.end)) < minQuoteWords {
			continue
		}
		// Titles of works, slogans and headlines in quotation marks
		// ("Keep the Promise", "Parks and Recreation") are not speech
		// unless a speech verb attributes them; nor is markup.
		if !q.attributed && (titleCase(text, q.start, q.end) || strings.ContainsAny(text[q.start:q.end], "<>")) {
			continue
		}
		dq := domain.Quote{Span: domain.Span{Start: q.start, End: q.end}, Text: text[q.start:q.end], Direct: true}
		if q.speaker != nil {
			dq.Speaker, dq.Title = q.speaker.name, q.speaker.title
			dq.Cue = domain.Span{Start: q.cueStart, End: q.cue}
		}
		out = append(out, dq)
	}
	for _, r := range reported {
		out = append(out, r.q)
	}
	sortQuotes(out)
	return out
}

func sortQspans(ps []qspan) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].start < ps[j-1].start; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

func sortQuotes(qs []domain.Quote) {
	for i := 1; i < len(qs); i++ {
		for j := i; j > 0 && qs[j].Start < qs[j-1].Start; j-- {
			qs[j], qs[j-1] = qs[j-1], qs[j]
		}
	}
}

// attributor finds and resolves speakers.
type attributor struct {
	segBase int // absolute offset of the segment subject() works on
	spans   []qspan
	text    string
	ix      *nameIndex
	inQuote func(int) bool
	last    *speakerRef
}

// skippable words between a speaker and the speech verb.
var between = set(`also|later|then|again|once|has|had|have|would|will|was|is|had|further|recently|previously|
earlier|repeatedly|simply|flatly|bluntly|quickly|calmly|angrily|told|later|publicly|privately|separately|
reportedly|added|first|last|often|frequently|sometimes|still|already|never|just|even|did|does|do|has|
herself|himself|themselves|it|this|that`)

// blankParens replaces parenthesised asides ("(D-Mo.)", "(R)") with
// spaces, keeping byte offsets.
func blankParens(s string) string {
	// ", R-Ky.," and ", D-Calif.," party-and-state tags
	s = partyTag.ReplaceAllStringFunc(s, func(m string) string { return strings.Repeat(" ", len(m)) })
	if !strings.Contains(s, "(") {
		return s
	}
	b := []byte(s)
	depth := 0
	for i := range b {
		switch {
		case b[i] == '(':
			depth++
			b[i] = ' '
		case b[i] == ')' && depth > 0:
			depth--
			b[i] = ' '
		case depth > 0 && b[i] < 0x80:
			b[i] = ' '
		}
	}
	if depth > 0 {
		return s // unbalanced: leave it
	}
	return string(b)
}

// isCue reports whether w is a speech verb as written in running text
// (lower case: "States" in "United States" is no verb).
func isCue(w string) bool {
	return !isCap(w) && cueVerbs[w]
}

// dashes that introduce a speaker after a quote ("… ” ― Name").
const dashes = "―—–-"

// after looks for `"…," said X` / `"…," X said` / `"…" — X` right after
// the quote, in the same sentence.
func (a *attributor) after(q qspan, paraEnd int) (*speakerRef, int, int) {
	if q.close >= paraEnd {
		return nil, 0, 0
	}
	text := a.text
	rest := blankParens(text[q.close:paraEnd])
	// up to the end of the clause
	stop := len(rest)
	for i, r := range rest {
		if r == '.' || r == ';' || r == '"' || r == '“' || r == '”' || r == '‘' || r == '?' || r == '!' || r == ':' {
			if r == '.' && isAbbrevDot(rest, i) {
				continue
			}
			stop = i
			break
		}
	}
	rest = rest[:stop]
	ws := scanWords(rest, 0, len(rest))
	if len(ws) == 0 {
		return nil, 0, 0
	}
	lead := strings.TrimLeftFunc(rest[:ws[0].start], func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	base := q.close
	// "… ” ― Name": a dash introduces the speaker.
	if lead != "" {
		if strings.TrimFunc(lead, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(dashes, r) }) == "" {
			np := a.npAfter(rest, ws)
			if len(np) > 0 && isCap(np[0].text) {
				if sp := a.resolve(rest, np, base+np[0].start); sp != nil {
					return sp, base + np[0].start, base + np[len(np)-1].end
				}
			}
		}
		return nil, 0, 0
	}
	// cue first: said X
	if isQuoteCue(lowerWord(ws[0].text)) && ws[0].text != "read" {
		np := a.npAfter(rest, ws[1:])
		if len(np) > 0 {
			sp := a.resolve(rest, np, base+np[0].start)
			if sp != nil {
				return sp, base + ws[0].start, base + np[len(np)-1].end
			}
		}
		return nil, 0, 0
	}
	// "…," Katie Lamb, who chairs the group, said
	if k := nameRunEnd(rest, ws); k > 0 && k+1 < len(ws) && lowerWord(ws[k].text) == "who" && strings.TrimSpace(rest[ws[k-1].end:ws[k].start]) == "," {
		for i := k + 1; i < len(ws) && i < 30; i++ {
			if isQuoteCue(ws[i].text) {
				np := ws[:k]
				if sp := a.resolve(rest, np, base+np[0].start); sp != nil {
					return sp, base + np[0].start, base + ws[i].end
				}
				break
			}
		}
	}
	// A quote that ended its sentence with a period ("….” Russia insisted
	// that …) is followed by a new sentence: only a short "X said." closes
	// it.
	endsSentence := false
	if inner := strings.TrimRightFunc(text[q.start:q.close], func(r rune) bool {
		return unicode.IsSpace(r) || r == '"' || r == '”' || r == '\'' || r == '’'
	}); strings.HasSuffix(inner, ".") {
		endsSentence = true
	}
	// "…," the agency quoted X as saying: X spoke, the agency relays.
	for i := 0; i+3 < len(ws) && i < 12; i++ {
		if lowerWord(ws[i].text) != "quoted" {
			continue
		}
		for j := i + 2; j+1 < len(ws) && j < i+10; j++ {
			if lowerWord(ws[j].text) == "as" && lowerWord(ws[j+1].text) == "saying" {
				if np := a.npAfter(rest, ws[i+1:j]); len(np) > 0 {
					if sp := a.resolve(rest, np, base+np[0].start); sp != nil {
						return sp, base + ws[i].start, base + ws[j+1].end
					}
				}
				break
			}
		}
		break
	}
	// X said
	for i := 1; i < len(ws) && i < 30; i++ {
		if !isQuoteCue(ws[i].text) {
			continue
		}
		if endsSentence && (len(ws)-i-1 > 3 || i+1 < len(ws) && lowerWord(ws[i+1].text) == "that") {
			return nil, 0, 0
		}
		np := npBefore(rest, ws[:i], ws[i].start)
		if len(np) == 0 {
			return nil, 0, 0
		}
		// the NP must start the clause, or follow a few title words
		// ("Tulsa police Chief Chuck Jordan said")
		pre := 0
		for _, w := range ws[:i] {
			if w.start < np[0].start {
				pre++
			}
		}
		between := strings.TrimSpace(rest[ws[0].start:np[0].start])
		// "'' of the plan, Mr. Holtz-Eakin said": a fragment that ends
		// the quote's phrase, then a comma and the attribution.
		fragment := pre > 0 && pre <= 15 && strings.HasSuffix(between, ",") && !strings.ContainsAny(strings.TrimSuffix(between, ","), ",;")
		if !fragment && (pre > 3 || strings.ContainsAny(between, ",;")) {
			return nil, 0, 0
		}
		sp := a.resolve(rest, np, base+np[0].start)
		if sp != nil {
			return sp, base + np[0].start, base + ws[i].end
		}
		return nil, 0, 0
	}
	// "according to X"
	if len(ws) >= 3 && lowerWord(ws[0].text) == "according" && lowerWord(ws[1].text) == "to" {
		np := a.npAfter(rest, ws[2:])
		if len(np) > 0 {
			if sp := a.resolve(rest, np, base+np[0].start); sp != nil {
				return sp, base + ws[0].start, base + np[len(np)-1].end
			}
		}
	}
	return nil, 0, 0
}

// isAbbrevDot reports whether the dot at s[i] ends an abbreviation
// ("Mr.", "U.S.") rather than a sentence.
func isAbbrevDot(s string, i int) bool {
	j := i
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		j -= n
	}
	w := strings.ToLower(s[j:i])
	if abbrevs[w] || (len(w) > 0 && isDottedAbbrev(strings.TrimSuffix(w, "."))) {
		return true
	}
	return len(w) == 1 // an initial: "J."
}

// before looks for `X said, "…"` or `X said the … was "…"` in the same
// sentence before the quote; failing that, a quote set inside a sentence
// whose subject is a name ("Gingrich dismissed Estonia as the “suburbs
// of St. Petersburg”") is given to that subject.
func (a *attributor) before(q qspan, paraStart int) (*speakerRef, int, int) {
	text := a.text
	s := sentenceStartBefore(text, q.open, paraStart)
	a.segBase = s
	seg := blankParens(text[s:q.open])
	ws := scanWords(seg, 0, len(seg))
	// drop words inside other quotes
	var clean []word
	for _, w := range ws {
		if !a.inQuote(s + w.start) {
			clean = append(clean, w)
		}
	}
	ws = clean
	// "Republican pollster Daron Shaw: “…”": a name right before a colon
	if t := strings.TrimRight(seg, " "); strings.HasSuffix(t, ":") && len(ws) > 0 {
		k := len(ws)
		for k > 0 && len(ws)-k < 4 && nameLike(ws[k-1].text) && gapIsSpace(seg, ws[k-1].end, nextStart(ws, k, len(t)-1)) {
			k--
		}
		// "Said Ellis:": an inverted speech verb opens the run
		for k < len(ws)-1 && (notNameStart[lowerWord(ws[k].text)] || cueVerbs[lowerWord(ws[k].text)]) {
			k++
		}
		// "Priebus told Fox News: “…”": the name before the colon is the
		// addressee; the subject speaks
		if k > 0 && k < len(ws) && (lowerWord(ws[k-1].text) == "told" || lowerWord(ws[k-1].text) == "tells") {
			if np := a.subject(seg, ws[:k-1]); len(np) > 0 {
				if sp := a.resolve(seg, np, s+np[0].start); sp != nil && sp.name != "" {
					return sp, s + np[0].start, s + ws[k-1].end
				}
			}
			return nil, 0, 0
		}
		if k < len(ws) && !notNameStart[lowerWord(ws[k].text)] {
			np := ws[k:]
			if sp := a.resolve(seg, np, s+np[0].start); sp != nil && sp.name != "" {
				return sp, s + np[0].start, s + np[len(np)-1].end
			}
		}
	}
	// "Said Dana Ibsen, who grew up near the port, “…”": the sentence
	// opens with an inverted speech verb
	if len(ws) > 1 && (ws[0].text == "Said" || ws[0].text == "Says") {
		if np := a.npAfter(seg, ws[1:]); len(np) > 0 && nameLike(np[0].text) {
			if sp := a.resolve(seg, np, s+np[0].start); sp != nil && sp.name != "" {
				return sp, s + ws[0].start, s + np[len(np)-1].end
			}
		}
	}
	for i := len(ws) - 1; i >= 0; i-- {
		lw := lowerWord(ws[i].text)
		if (lw == "saying" || lw == "telling" || lw == "adding" || lw == "writing" || lw == "calling" || lw == "noting" || lw == "declaring") && !isCap(ws[i].text) {
			// the subject of the sentence does the saying
			if np := a.subject(seg, ws[:i]); len(np) > 0 {
				if sp := a.resolve(seg, np, s+np[0].start); sp != nil && sp.name != "" {
					return sp, s + np[0].start, s + ws[i].end
				}
			}
			break
		}
		if i >= 1 && lw == "to" && lowerWord(ws[i-1].text) == "according" {
			np := a.npAfter(seg, ws[i+1:])
			if len(np) > 0 {
				if sp := a.resolve(seg, np, s+np[0].start); sp != nil {
					return sp, s + ws[i-1].start, s + np[len(np)-1].end
				}
			}
			continue
		}
		if lw == "it" && i > 0 && lowerWord(ws[i-1].text) == "put" {
			// "As X put it, ..."
			i--
			lw = "put"
		} else if isCap(ws[i].text) || !cueVerbs[lw] && !quoteVerbs[lw] && !nameVerbs[lw] && !(thinkVerbs[lw] && i < len(ws)-1) {
			continue
		}
		if lw == "read" || lw == "went" || lw == "pointed" || lw == "began" || lw == "begins" {
			continue
		}
		np := npBefore(seg, ws[:i], ws[i].start)
		if len(np) == 0 {
			// "Lavrov, who ..., said": fall back to the sentence subject
			np = a.subject(seg, ws[:i])
		}
		if len(np) > 0 {
			if sp := a.resolve(seg, np, s+np[0].start); sp != nil {
				return sp, s + np[0].start, s + ws[i].end
			}
		}
		break
	}
	// An embedded quote: the sentence subject, when it is a name.
	if len(ws) >= 2 {
		np := a.subject(seg, ws)
		if len(np) > 0 && len(np) < len(ws) {
			lw := lowerWord(np[0].text)
			if isCap(np[len(np)-1].text) || lw == "he" || lw == "she" {
				if sp := a.resolve(seg, np, s+np[0].start); sp != nil && sp.name != "" {
					return sp, s + np[0].start, s + np[len(np)-1].end
				}
			}
		}
	}
	return nil, 0, 0
}

// openers are words that start a sentence before its subject ("In July,
// Gingrich ..."): the subject is looked for after the next comma.
var openers = set(`in|on|at|during|with|without|after|before|following|since|still|but|and|so|yet|for|from|
as|while|when|although|though|despite|amid|under|over|like|unlike|by|now|then|later|earlier|meanwhile|however|
instead|indeed|also|asked|speaking|addressing|writing|responding|citing|according|last|this|next|yesterday|today`)

// subject returns the noun phrase that opens the clause when it is a
// name (with its title words): "Defense Secretary James Mattis", "Mr.
// Obama", "he". An opening phrase up to a comma and a dateline
// ("WASHINGTON -") are skipped.
func (a *attributor) subject(seg string, ws []word) []word {
	if len(ws) == 0 {
		return nil
	}
	// dateline: an all-caps place followed by a dash
	if isAllCaps(ws[0].text) && len(ws) > 1 && strings.ContainsAny(seg[ws[0].end:ws[1].start], dashes) {
		ws = ws[1:]
	}
	if len(ws) > 0 && (openers[lowerWord(ws[0].text)] || len(ws) > 1 && !nameLike(ws[1].text) && !a.isMention(ws[0].start) && !personPronouns[lowerWord(ws[0].text)] && !notNameStart[lowerWord(ws[0].text)] && !titleNouns[lowerWord(ws[0].text)] && sentenceInitial(seg, ws[0].start) && a.commaSoon(seg, ws)) {
		k := -1
		for i := 1; i < len(ws) && i < 14; i++ {
			if strings.Contains(seg[ws[i-1].end:ws[i].start], ",") {
				k = i
				break
			}
		}
		if k < 0 {
			return nil
		}
		ws = ws[k:]
	}
	// "A senior port official who briefed reporters said": a
	// description ending in a person noun before "who" or a comma.
	if len(ws) > 2 {
		if lw := lowerWord(ws[0].text); lw == "a" || lw == "an" || lw == "the" || lw == "another" {
			for k := 1; k < len(ws) && k < 6; k++ {
				lk := lowerWord(ws[k].text)
				if lk == "who" || strings.Contains(seg[ws[k-1].end:ws[k].start], ",") {
					if pk := lowerWord(ws[k-1].text); personNouns[pk] || headTitles[pk] {
						return ws[:k]
					}
					break
				}
				if countedStop[lk] || isCue(lk) {
					break
				}
			}
		}
	}
	var np []word
	for i, w := range ws {
		lw := lowerWord(w.text)
		if i > 0 && !gapIsSpace(seg, ws[i-1].end, w.start) {
			break
		}
		if i == 0 && (lw == "he" || lw == "she") {
			return ws[:1]
		}
		if i == 0 && notNameStart[lw] && !honorifics[strings.TrimSuffix(lw, ".")+"."] {
			return nil
		}
		if nameLike(w.text) || titleNouns[stripPoss(lw)] || nationalities[lw] {
			np = append(np, w)
			if _, poss := stripPossessive(w.text); poss {
				return nil // "Trump's claim": a possessive, not a subject
			}
			continue
		}
		break
	}
	if len(np) == 0 || !nameLike(np[len(np)-1].text) || headTitles[lowerWord(np[len(np)-1].text)] {
		return nil
	}
	return np
}

// sentenceStartBefore finds the start of the sentence holding pos: after
// the last . ! ? (outside abbreviations), closing quote mark or the
// paragraph start.
func sentenceStartBefore(text string, pos, paraStart int) int {
	for i := pos - 1; i > paraStart; i-- {
		c := text[i]
		if c == '\n' {
			return i + 1
		}
		if c == '.' || c == '!' || c == '?' {
			if c == '.' && isAbbrevDot(text[paraStart:], i-paraStart) {
				continue
			}
			if i+1 < len(text) && (text[i+1] == ' ' || text[i+1] == '"') {
				return i + 1
			}
		}
	}
	return paraStart
}

// npAfter takes the noun phrase opening ws: a pronoun, or determiners,
// title words and capitalised words up to punctuation or a lower-case
// non-title word.
func (a *attributor) npAfter(seg string, ws []word) []word {
	var np []word
	for i, w := range ws {
		if i > 0 && !gapIsSpace(seg, ws[i-1].end, w.start) {
			break
		}
		lw := lowerWord(w.text)
		if i == 0 && personPronouns[lw] {
			return ws[:1]
		}
		if nameLike(w.text) || titleNouns[stripPoss(lw)] || nationalities[lw] || (lw == "the" || lw == "a" || lw == "an" || lw == "his" || lw == "her" || lw == "their" || lw == "its" || lw == "one" || lw == "another") && i == 0 || lw == "of" && len(np) > 0 || strings.HasSuffix(lw, "'s") || strings.HasSuffix(lw, "’s") {
			np = append(np, w)
			continue
		}
		// a plain noun in front of a title or name ("fire chief Samuel Otieno")
		if i+1 < len(ws) && !countedStop[lw] && !isCue(lw) && !notNameStart[lw] && !strings.HasSuffix(lw, "ly") && gapIsSpace(seg, w.end, ws[i+1].start) {
			nl := lowerWord(ws[i+1].text)
			if titleNouns[nl] || headTitles[nl] || personNouns[nl] {
				np = append(np, w)
				continue
			}
			// "harbour master Ana Lind": plain nouns, then a name
			if plainNoun(nl) && i+2 < len(ws) && nameLike(ws[i+2].text) && gapIsSpace(seg, ws[i+1].end, ws[i+2].start) && !isCap(ws[i+1].text) {
				np = append(np, w, ws[i+1])
				rest := a.npAfter(seg, ws[i+2:])
				if len(rest) > 0 {
					return append(np, rest...)
				}
				return nil
			}
		}
		break
	}
	for len(np) > 0 && (lowerWord(np[len(np)-1].text) == "of" || lowerWord(np[len(np)-1].text) == "the") {
		np = np[:len(np)-1]
	}
	// "a 2008 Clinton veteran", "one unaligned Florida Republican
	// strategist": a determiner, then modifiers up to a person noun or a
	// title; a determiner alone names nobody
	if len(np) == 1 && determiners[lowerWord(np[0].text)] {
		for k := 1; k < len(ws) && k <= 5 && gapIsSpace(seg, ws[k-1].end, ws[k].start); k++ {
			lk := lowerWord(ws[k].text)
			if personNouns[lk] || headTitles[lk] || titleNouns[lk] && !nationalities[lk] && k > 1 && isCap(ws[k-1].text) {
				return ws[:k+1]
			}
			if countedStop[lk] || isCue(lk) {
				break
			}
		}
		return nil
	}
	return np
}

// determiners open a description of a speaker ("a spokesman").
var determiners = set(`a|an|the|his|her|their|its|one|another`)

// npBefore takes the noun phrase that ends ws (the subject of a verb that
// follows), skipping adverbs and auxiliaries between them.
func npBefore(seg string, ws []word, cueStart int) []word {
	j := len(ws)
	// "Rhodes, one of the president's closest aides, said": an
	// appositive between commas right before the verb; the name is before
	// it, or is it ("Clinton's campaign chairman, John Podesta, said").
	if j > 0 && strings.Contains(seg[ws[j-1].end:max(cueStart, ws[j-1].end)], ",") {
		for k := j - 1; k > 0; k-- {
			if strings.Contains(seg[ws[k-1].end:ws[k].start], ",") {
				if k < j-14 {
					break
				}
				inner := ws[k:j]
				allName := len(inner) <= 4
				for _, w := range inner {
					if !nameLike(w.text) && !strings.HasSuffix(w.text, ".") {
						allName = false
					}
				}
				if allName {
					return inner
				}
				if np := npBefore(seg, ws[:k], ws[k-1].end); len(np) > 0 && nameLike(np[len(np)-1].text) {
					return np
				}
				break
			}
		}
		return nil
	}
	for j > 0 && (between[lowerWord(ws[j-1].text)] && !isCap(ws[j-1].text) || isMonthOrDay(lowerWord(ws[j-1].text)) || lowerWord(ws[j-1].text) == "on" && j < len(ws) && isMonthOrDay(lowerWord(ws[j].text))) {
		j--
	}
	if j > 0 && j < len(ws) && strings.Contains(seg[ws[j-1].end:ws[j].start], ",") {
		return npBefore(seg, ws[:j], ws[j].start)
	}
	// a trailing appositive: "Peskov, the Kremlin spokesman, said"
	end := j
	if end == 0 {
		return nil
	}
	i := end - 1
	lw := lowerWord(ws[i].text)
	if personPronouns[lw] {
		if i == 0 || !gapIsSpace(seg, ws[i-1].end, ws[i].start) || !isCap(ws[i-1].text) {
			return ws[i : i+1]
		}
	}
	np := []word{}
	k := i
	for k >= 0 {
		w := ws[k]
		lw := lowerWord(w.text)
		if k < i && !gapIsSpace(seg, w.end, ws[k+1].start) {
			// an appositive between commas: jump over it to the name
			gap := seg[w.end:ws[k+1].start]
			if strings.TrimSpace(gap) == "," && len(np) > 0 && !isCap(np[0].text) {
				if isMonthOrDay(lw) || notNameStart[lw] {
					// "On Sunday, former President Bill Clinton said":
					// an opening phrase, not a name with an appositive
					break
				}
				np = nil
				if !nameLike(w.text) {
					break
				}
				i = k
				np = append([]word{w}, np...)
				k--
				continue
			}
			break
		}
		if nameLike(w.text) || titleNouns[stripPoss(lw)] || nationalities[lw] || lw == "the" || lw == "a" || lw == "an" || lw == "of" || strings.HasSuffix(lw, "'s") || strings.HasSuffix(lw, "’s") || personNouns[stripPoss(lw)] || (lw == "de" || lw == "van" || lw == "von" || lw == "bin" || lw == "al") && len(np) > 0 || lw == "campaign" || lw == "administration" || lw == "officials" || lw == "sources" || lw == "source" || lw == "people" || lw == "aides" || lw == "advisers" || lw == "experts" || lw == "critics" || lw == "supporters" || lw == "analysts" || lw == "polls" || lw == "statement" || lw == "report" {
			np = append([]word{w}, np...)
			if lw == "the" || lw == "a" || lw == "an" {
				break
			}
			k--
			continue
		}
		break
	}
	for len(np) > 0 && lowerWord(np[0].text) == "of" {
		np = np[1:]
	}
	return np
}

// resolve turns a speaker noun phrase into a speaker: a pronoun to the
// last person named before it, a name to its fullest form in the
// article, a description to the person whose title matches it.
func (a *attributor) resolve(seg string, np []word, absStart int) *speakerRef {
	if len(np) == 0 {
		return nil
	}
	// "in Washington, D.C. She said": a pronoun after an abbreviation
	// starts a new sentence; it alone is the speaker
	if last := np[len(np)-1]; len(np) > 1 && personPronouns[lowerWord(last.text)] && strings.HasSuffix(np[len(np)-2].text, ".") {
		absStart += last.start - np[0].start
		np = np[len(np)-1:]
	}
	lw0 := lowerWord(np[0].text)
	if len(np) == 1 && personPronouns[lw0] {
		if lw0 == "he" || lw0 == "she" {
			if p := a.ix.pronounReferent(absStart, 0, a.inQuote); p != nil {
				return &speakerRef{name: p.canonical, title: p.title}
			}
		}
		if lw0 == "i" || lw0 == "we" || lw0 == "they" || lw0 == "you" || lw0 == "it" {
			return &speakerRef{}
		}
		return &speakerRef{}
	}
	// "Supt. Grace Ibekwe of Brenwick Police": a known person before "of"
	// is the speaker; what follows names the body they serve.
	for i := 1; i+1 < len(np); i++ {
		if lowerWord(np[i].text) != "of" {
			continue
		}
		if p := a.ix.lookup(strings.ToLower(stripPoss(np[i-1].text))); p != nil && !headTitles[lowerWord(np[i-1].text)] {
			return &speakerRef{name: p.canonical, title: p.title}
		}
		break
	}
	// Split into title words and name words.
	var nameWs []word
	var titleWs []word
	for i := len(np) - 1; i >= 0; i-- {
		lw := lowerWord(np[i].text)
		if nameLike(np[i].text) && !headTitles[lw] && !nationalities[lw] && !(knownOrgs[lw] && len(nameWs) > 0) && len(titleWs) == 0 {
			nameWs = append([]word{np[i]}, nameWs...)
			continue
		}
		titleWs = np[:i+1]
		break
	}
	if len(nameWs) > 0 {
		for k := range nameWs {
			name := stripPoss(seg[nameWs[k].start:nameWs[len(nameWs)-1].end])
			if p := a.ix.lookup(strings.ToLower(name)); p != nil {
				return &speakerRef{name: p.canonical, title: p.title}
			}
		}
		if len(nameWs) > 1 && headTitles[lowerWord(nameWs[0].text)] {
			titleWs, nameWs = np[:len(np)-len(nameWs)+1], nameWs[1:]
		}
		name := stripPoss(seg[nameWs[0].start:nameWs[len(nameWs)-1].end])
		title := ""
		if len(titleWs) > 0 {
			title = strings.TrimSpace(seg[titleWs[0].start:titleWs[len(titleWs)-1].end])
			title = trimDeterminer(title)
		}
		// organisations and places speak too ("the Kremlin said")
		return &speakerRef{name: canonicalOther(trimDeterminer(name)), title: title}
	}
	// A description: find a person whose title matches it.
	desc := trimDeterminer(strings.TrimSpace(seg[np[0].start:np[len(np)-1].end]))
	if p := a.ix.personByDescription(desc); p != nil {
		return &speakerRef{name: p.canonical, title: p.title}
	}
	if desc == "" {
		return nil
	}
	return &speakerRef{name: desc}
}

func trimDeterminer(s string) string {
	for _, d := range []string{"the ", "a ", "an ", "The ", "A ", "An "} {
		if strings.HasPrefix(s, d) {
			return strings.TrimSpace(s[len(d):])
		}
	}
	return s
}

// personByDescription finds the one person whose title holds every
// content word of desc ("Russian minister" → "Russian Foreign Minister").
func (ix *nameIndex) personByDescription(desc string) *person {
	ws := nameWords(normalizeRole(desc))
	if len(ws) == 0 {
		return nil
	}
	head := false
	for _, w := range ws {
		if headTitles[w] {
			head = true
		}
	}
	if !head {
		return nil
	}
	var found *person
	for _, p := range ix.persons {
		t := " " + normalizeRole(p.title) + " "
		ok := p.title != ""
		for _, w := range ws {
			if !strings.Contains(t, " "+w+" ") && !strings.Contains(t, " "+w+"'") {
				ok = false
				break
			}
		}
		if ok {
			if found != nil && found != p {
				return nil
			}
			found = p
		}
	}
	return found
}

// nameLike reports whether w can be part of a name: capitalised or an
// "al-Assad" style particle name.
func nameLike(w string) bool { return isCap(w) || particleName(w) }

// plainNoun: a lower-case word that is no function word, verb form or adverb.
func plainNoun(lw string) bool {
	return !countedStop[lw] && !isCue(lw) && !notNameStart[lw] && !strings.HasSuffix(lw, "ly") && !strings.HasSuffix(lw, "ing") && !strings.HasSuffix(lw, "ed") && len(lw) > 2
}

// titleCase reports whether text[a:b] is written in title case or
// capitals: every word of four letters or more capitalised, at most a
// dozen words.
func titleCase(text string, a, b int) bool {
	ws := scanWords(text, a, b)
	if len(ws) == 0 || len(ws) > 12 {
		return false
	}
	long := 0
	for _, w := range ws {
		if len(w.text) < 4 {
			continue
		}
		long++
		if !isCap(w.text) {
			return false
		}
	}
	return long > 0
}

// nextStart is the start of ws[k], or def past the end.
func nextStart(ws []word, k, def int) int {
	if k < len(ws) {
		return ws[k].start
	}
	return def
}

// isMention reports whether an entity mention starts at seg-relative pos;
// the attributor works on absolute offsets, so it checks both.
func (a *attributor) isMention(pos int) bool {
	for _, m := range a.ix.mentions {
		if m.Start == pos+a.segBase {
			return true
		}
	}
	return false
}

// commaSoon reports whether an opening phrase ends in a comma within the
// first ten words.
func (a *attributor) commaSoon(seg string, ws []word) bool {
	for i := 1; i < len(ws) && i < 10; i++ {
		if strings.Contains(seg[ws[i-1].end:ws[i].start], ",") {
			return true
		}
	}
	return false
}

// nameRunEnd returns the end index of the run of name words (with title
// words) that opens ws, 0 when ws does not open with a name.
func nameRunEnd(seg string, ws []word) int {
	k := 0
	for k < len(ws) && k < 6 && (nameLike(ws[k].text) || titleNouns[lowerWord(ws[k].text)]) {
		if k > 0 && !gapIsSpace(seg, ws[k-1].end, ws[k].start) {
			break
		}
		k++
	}
	if k == 0 || !nameLike(ws[k-1].text) || notNameStart[lowerWord(ws[0].text)] {
		return 0
	}
	return k
}

// isQuoteCue reports whether w attributes an adjacent direct quote.
func isQuoteCue(w string) bool {
	return !isCap(w) && (cueVerbs[w] || quoteVerbs[w])
}

var partyTag = regexp.MustCompile(`, [RDI]-[A-Z][A-Za-z]{1,5}\.?,`)

// nestedAhead reports whether an opening curly quote met inside a quote
// is nested: the rest of the paragraph closes it and the outer quote (two
// closing marks before any further opening mark).
func nestedAhead(text string, from, to int) bool {
	rest := text[from:to]
	if k := strings.Index(rest, "“"); k >= 0 {
		rest = rest[:k]
	}
	return strings.Count(rest, "”") >= 2
}

// normalizeRole lower-cases a role and writes country names one way
// ("United States president" and "U.S. President" both "us president").
func normalizeRole(s string) string {
	s = " " + strings.ToLower(s) + " "
	for _, r := range [][2]string{{" united states ", " us "}, {" u.s. ", " us "}, {" u.k. ", " uk "}, {" united kingdom ", " uk "}, {" united nations ", " un "}, {" u.n. ", " un "}} {
		s = strings.ReplaceAll(s, r[0], r[1])
	}
	return strings.TrimSpace(s)
}
