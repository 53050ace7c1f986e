package analyze

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/jdkato/prose/v3"
)

// Entities finds people, organisations and places in text. prose/v3's
// named-entity recogniser supplies candidate labels; our own rules and
// word lists decide: runs of capitalised words are split from the titles
// in front of them ("Russian Foreign Minister" + "Sergey Lavrov"),
// classified with the lexicons (places, nationalities, organisation words
// and acronyms), and single words are kept only when they are the surname
// (or first name) of a person named in full in the same text, or carry a
// title or a speech verb, so no fragments ("Rex" alone) come out.
// Canonical is the fullest form of the name in the text; Title is the
// longest role seen with the person anywhere in the text.
func Entities(text string) []domain.Mention {
	return newNameIndex(text, proseHints(text)).mentions
}

// entitiesNoNER is Entities without the prose candidates (rules only).
func entitiesNoNER(text string) []domain.Mention {
	return newNameIndex(text, nil).mentions
}

// hints maps byte ranges of the text to prose's labels.
type hints []proseEnt

type proseEnt struct {
	start, end int
	label      string
}

// label returns prose's label for a word starting at pos, or "".
func (h hints) label(pos int) string {
	i := sort.Search(len(h), func(i int) bool { return h[i].end > pos })
	if i < len(h) && h[i].start <= pos {
		return h[i].label
	}
	return ""
}

// proseHints runs prose's NER; any failure just means no hints.
func proseHints(text string) hints {
	if text == "" {
		return nil
	}
	doc, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.WithTagging(true))
	if err != nil {
		return nil
	}
	var h hints
	for _, e := range doc.Entities() {
		if e.Start < 0 || e.Start+len(e.Text) > len(text) {
			continue
		}
		h = append(h, proseEnt{e.Start, e.Start + len(e.Text), e.Label})
	}
	sort.Slice(h, func(i, j int) bool { return h[i].start < h[j].start })
	return h
}

// person is one person entity of an article.
type person struct {
	canonical string
	words     []string // of the canonical form
	title     string
	count     int
	first     int // byte offset of the first mention
}

// nameIndex is the per-article entity table the quote rules use to
// resolve speakers.
type nameIndex struct {
	text     string
	mentions []domain.Mention
	persons  []*person
	byKey    map[string]*person // lower-case form → person
}

// candidate is a run of capitalised words with the title found before it.
type candidate struct {
	start, end int
	words      []word
	title      string
	hasTitle   bool // a head title (president, minister, ...) precedes
	honorific  bool
	cue        bool // a speech verb is adjacent
	initial    bool // the run starts a sentence
	orgHint    bool // followed by a role ("Exxon Mobil CEO"): an employer
}

func lowerWord(w string) string { return strings.ToLower(w) }

// isHeadline reports whether a paragraph is written in title case (a
// headline): most of its words capitalised.
func isHeadline(text string, p [2]int, ws []word) bool {
	if len(ws) < 3 || strings.HasSuffix(text[p[0]:p[1]], ".") {
		return false
	}
	caps, n := 0, 0
	for _, w := range ws {
		switch lowerWord(w.text) {
		case "a", "an", "the", "of", "to", "in", "on", "and", "or", "for", "at", "by", "with", "as":
			continue
		}
		n++
		if isCap(w.text) {
			caps++
		}
	}
	return n >= 3 && caps*10 >= n*8
}

// sentenceInitial reports whether position p starts a sentence: only
// opening quotes/brackets lie between it and a paragraph start or . ! ? :
func sentenceInitial(text string, p int) bool {
	for p > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:p])
		switch {
		case r == '\n':
			return true
		case unicode.IsSpace(r) || r == '"' || r == '“' || r == '‘' || r == '\'' || r == '(' || r == '[' || r == '—' || r == '-':
			p -= n
			continue
		case r == '.' || r == '!' || r == '?' || r == ':' || r == '”' || r == '’':
			return true
		default:
			return false
		}
	}
	return true
}

func isTitleWord(lw string) bool {
	lw, _ = stripPossessive(lw)
	return titleNouns[lw] || nationalities[lw] || places[lw] || knownOrgs[lw] || lw == "of" || lw == "the"
}

func newNameIndex(text string, h hints) *nameIndex {
	ix := &nameIndex{text: text, byKey: map[string]*person{}}
	var cands []candidate
	for _, p := range paragraphs(text) {
		ws := scanWords(text, p[0], p[1])
		headline := isHeadline(text, p, ws)
		for i := 0; i < len(ws); {
			if !isCap(ws[i].text) {
				i++
				continue
			}
			j := i + 1
			for j < len(ws) && (gapIsSpace(text, ws[j-1].end, ws[j].start) || pluralPossessiveOrg(text, ws[j-1], ws[j])) {
				if _, poss := stripPossessive(ws[j-1].text); poss {
					break
				}
				lw := lowerWord(ws[j].text)
				if isCap(ws[j].text) && notNameStart[lw] {
					break // "Washington, D.C. She said": a new sentence
				}
				if (isCap(ws[j].text) || particleName(ws[j].text)) && !(j > i && isMonthOrDay(lw)) {
					j++
					continue
				}
				// connectors inside names: "Secretary of State", "Bashar al-Assad", "bin Laden"
				if (lw == "of" || lw == "al" || lw == "bin" || lw == "de" || lw == "van" || lw == "von" || lw == "der" || lw == "la" || lw == "du" || lw == "for") &&
					j+1 < len(ws) && isCap(ws[j+1].text) && gapIsSpace(text, ws[j].end, ws[j+1].start) {
					j += 2
					continue
				}
				break
			}
			run := ws[i:j]
			i = j
			if headline {
				// headlines are title case: keep only lexicon matches.
				for _, w := range run {
					lw, _ := stripPossessive(lowerWord(w.text))
					if places[lw] || knownOrgs[lw] {
						cands = append(cands, candidate{start: w.start, end: w.start + len(stripPoss(w.text)), words: []word{w}})
					}
				}
				continue
			}
			cands = append(cands, ix.splitRun(run, ws)...)
		}
	}
	// Pass 1: multi-word persons and their titles.
	type classified struct {
		c   candidate
		typ domain.EntityType
		key string
	}
	var out []classified
	// Runs made of separate lexicon names ("U.N. Syria" in "U.N. Syria
	// envoy") are split into those names.
	var split []candidate
	for _, c := range cands {
		whole := strings.ToLower(stripPoss(text[c.start:c.end]))
		if len(c.words) >= 2 && !knownOrgs[whole] && !places[whole] {
			all := true
			for _, w := range c.words {
				lw := lowerWord(stripPoss(w.text))
				if !places[lw] && !knownOrgs[lw] && !nationalities[lw] {
					all = false
				}
			}
			if all {
				for _, w := range c.words {
					split = append(split, candidate{start: w.start, end: w.start + len(stripPoss(w.text)), words: []word{w}})
				}
				continue
			}
		}
		split = append(split, c)
	}
	cands = split
	orgNames := map[string]bool{}
	for _, c := range cands {
		if c.orgHint {
			orgNames[strings.ToLower(stripPoss(text[c.start:c.end]))] = true
		}
	}
	var singles, pending []candidate
	for _, c := range cands {
		name := strings.TrimSpace(text[c.start:c.end])
		lname := strings.ToLower(name)
		typ := domain.EntityType("")
		switch {
		case knownOrgs[lname] || orgNames[strings.ToLower(stripPoss(name))]:
			typ = domain.Org
		case places[lname] || places[strings.ToLower(properCase(name))]:
			typ = domain.Place
		case nationalities[lname]:
			continue // an adjective, not an entity
		case len(c.words) == 1 && isAllCaps(strings.ReplaceAll(name, ".", "")) && !c.hasTitle:
			typ = domain.Org
		case orgWords[lowerWord(stripPoss(c.words[len(c.words)-1].text))] && !c.hasTitle:
			typ = domain.Org
		case len(c.words) >= 2 && orgWords[lowerWord(c.words[0].text)] && !c.hasTitle:
			typ = domain.Org // "Department of Defense"
		case len(c.words) >= 2 && !c.hasTitle && hasStrongOrgWord(c.words):
			typ = domain.Org // "Coastal Institute of Logistics"
		case len(c.words) >= 2 && !c.hasTitle && !c.honorific && (geoHeads[lowerWord(c.words[0].text)] || geoTails[lowerWord(stripPoss(c.words[len(c.words)-1].text))]):
			typ = domain.Place // "River Sel", "Bridge Street"
		case len(c.words) >= 2 && hasParticleName(c.words):
			typ = domain.Person
		case len(c.words) >= 2:
			lbl := ""
			for _, w := range c.words {
				if l := h.label(w.start); l != "" {
					lbl = l
					if l == "PERSON" {
						break
					}
				}
			}
			switch {
			case locativeBefore(text, c.start) && !c.hasTitle && !c.honorific:
				typ = domain.Place // "scientists in Porton Down confirmed"
			case c.hasTitle || c.honorific || c.cue:
				typ = domain.Person
			case lbl == "PERSON" && looksLikePersonName(c.words) && !c.initial:
				typ = domain.Person
			case lbl == "PERSON" && looksLikePersonName(c.words) && len(c.words) == 2:
				typ = domain.Person
			case lbl == "GPE" && !c.initial:
				typ = domain.Place
			case lbl == "ORGANIZATION" && !c.initial:
				typ = domain.Org
			default:
				pending = append(pending, c)
				continue
			}
		default:
			singles = append(singles, c)
			continue
		}
		out = append(out, classified{c, typ, lname})
		if typ == domain.Person {
			ix.addPerson(name, c)
		}
	}
	ix.finishPersons()
	// Unclassified runs of two or three words are people when their last
	// word stands alone elsewhere as a name ("Boris Johnson" ... "Johnson").
	alone := map[string]bool{}
	for _, c := range singles {
		alone[strings.ToLower(stripPoss(text[c.start:c.end]))] = true
	}
	for _, c := range pending {
		if looksLikePersonName(c.words) && len(c.words) <= 3 && alone[surnameKey(nameWords(stripPoss(text[c.start:c.end])))] {
			ix.addPerson(strings.TrimSpace(text[c.start:c.end]), c)
			out = append(out, classified{c, domain.Person, strings.ToLower(text[c.start:c.end])})
		}
	}
	ix.finishPersons()
	// A single word prose calls a person at least twice, and that no word
	// list knows, is a surname used alone ("Putin" when the full name is
	// never written out).
	personVotes := map[string]int{}
	for _, c := range singles {
		lname := strings.ToLower(stripPoss(text[c.start:c.end]))
		if h.label(c.start) == "PERSON" && !places[lname] && !knownOrgs[lname] && !orgWords[lname] && !nationalities[lname] && !notNameStart[lname] && !isAllCaps(text[c.start:c.end]) {
			personVotes[lname]++
		}
	}
	for _, c := range singles {
		name := stripPoss(text[c.start:c.end])
		if personVotes[strings.ToLower(name)] >= 2 && ix.lookup(strings.ToLower(name)) == nil {
			ix.addPerson(name, candidate{start: c.start, end: c.end})
		}
	}
	ix.finishPersons()
	// Pass 2: single words are kept when they name a known person, carry
	// a title or an adjacent speech verb.
	for _, c := range singles {
		name := stripPoss(text[c.start:c.end])
		lname := strings.ToLower(name)
		if p := ix.lookup(lname); p != nil {
			out = append(out, classified{c, domain.Person, lname})
			continue
		}
		if (c.hasTitle || c.honorific || c.cue && !prepositionBefore(text, c.start)) && !c.initial || c.hasTitle {
			ix.addPerson(name, c)
			ix.finishPersons()
			out = append(out, classified{c, domain.Person, lname})
			continue
		}
		if !c.initial && h.label(c.start) == "ORGANIZATION" {
			out = append(out, classified{c, domain.Org, lname})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].c.start < out[j].c.start })
	for _, o := range out {
		m := domain.Mention{Span: domain.Span{Start: o.c.start, End: o.c.end}, Text: text[o.c.start:o.c.end], Type: o.typ}
		switch o.typ {
		case domain.Person:
			if p := ix.lookup(strings.ToLower(stripPoss(m.Text))); p != nil {
				m.Canonical, m.Title = p.canonical, p.title
				p.count++
			} else {
				m.Canonical = stripPoss(m.Text)
			}
		default:
			m.Canonical = canonicalOther(stripPoss(m.Text))
		}
		ix.mentions = append(ix.mentions, m)
	}
	return ix
}

// locativeBefore reports whether the word before pos is a preposition of
// place ("in", "at", "near"): what follows is a place, not a person, unless
// a title says otherwise.
func locativeBefore(text string, pos int) bool {
	before := strings.TrimRight(text[:pos], " \t")
	i := strings.LastIndexAny(before, " \t\n(")
	switch strings.ToLower(before[i+1:]) {
	case "in", "at", "near", "outside", "inside", "across", "around":
		return true
	}
	return false
}

// prepositionBefore reports a preposition right before pos: "parts
// shipped through Eastmere said" names a place, not a speaker.
func prepositionBefore(text string, pos int) bool {
	before := strings.TrimRight(text[:pos], " \t")
	i := strings.LastIndexAny(before, " \t\n(")
	switch strings.ToLower(before[i+1:]) {
	case "in", "at", "near", "outside", "inside", "across", "around", "through", "from", "via", "into", "of", "for", "to":
		return true
	}
	return false
}

func stripPoss(w string) string { s, _ := stripPossessive(w); return s }

func isMonthOrDay(lw string) bool {
	if _, ok := weekdays[lw]; ok {
		return true
	}
	_, ok := monthNum(lw)
	return ok
}

// pluralPossessiveOrg reports a plural possessive inside an organisation's
// name: "Eastmere Dockworkers' Union", "Farmers' Association".
func pluralPossessiveOrg(text string, prev, next word) bool {
	gap := text[prev.end:next.start]
	return (gap == "' " || gap == "’ ") && strings.HasSuffix(prev.text, "s") && isCap(prev.text) &&
		isCap(next.text) && orgWords[lowerWord(stripPoss(next.text))]
}

// hasStrongOrgWord reports whether a word of the run is one that makes
// it an organisation wherever it stands.
func hasStrongOrgWord(ws []word) bool {
	for _, w := range ws {
		if strongOrgWords[lowerWord(stripPoss(w.text))] {
			return true
		}
	}
	return false
}

// looksLikePersonName: two or three capitalised words, none all caps and
// none a lexicon word.
func looksLikePersonName(ws []word) bool {
	if len(ws) > 4 {
		return false
	}
	for _, w := range ws {
		lw := lowerWord(stripPoss(w.text))
		if places[lw] || orgWords[lw] || nationalities[lw] || (isAllCaps(w.text) && len(w.text) > 2) {
			return false
		}
	}
	return true
}

// canonicalOther maps place and organisation forms to one name.
func canonicalOther(name string) string {
	if a, ok := aliases[strings.ToLower(name)]; ok {
		return a
	}
	if places[strings.ToLower(name)] {
		return properCase(name)
	}
	return name
}

// splitRun splits a capitalised run into leading title words and the
// name proper, and looks for a title before the run and after it
// (appositive), and for a speech verb next to it.
func (ix *nameIndex) splitRun(run []word, para []word) []candidate {
	text := ix.text
	// Drop leading words that never start a name ("The", "In", "But").
	for len(run) > 0 {
		lw := lowerWord(run[0].text)
		if notNameStart[lw] || isMonthOrDay(lw) {
			run = run[1:]
			continue
		}
		break
	}
	if len(run) == 0 {
		return nil
	}
	initial := sentenceInitial(text, run[0].start)
	// A place or body in front of a name ("United Nations Matthew
	// Rycroft"): its own candidate.
	var prefix []candidate
	for n := min(4, len(run)-1); n >= 2; n-- {
		var parts []string
		for _, w := range run[:n] {
			parts = append(parts, lowerWord(stripPoss(w.text)))
		}
		key := strings.Join(parts, " ")
		if (knownOrgs[key] || places[key]) && isCap(run[n].text) && !headTitles[lowerWord(run[n].text)] && !titleNouns[lowerWord(run[n].text)] {
			prefix = append(prefix, candidate{start: run[0].start, end: run[n-1].start + len(stripPoss(run[n-1].text)), words: run[:n]})
			run = run[n:]
			break
		}
	}
	// Split off leading title words ("Russian Foreign Minister"), unless
	// the run ends in an organisation word ("Brenwick General Hospital").
	k := -1
	orgName := len(run) >= 2 && orgWords[lowerWord(stripPoss(run[len(run)-1].text))]
	for _, w := range run {
		if lowerWord(w.text) == "of" {
			orgName = false // "Supt. Grace Ibekwe of Brenwick Police"
		}
	}
	for i := 0; i < len(run)-1 && !orgName; i++ {
		lw := lowerWord(run[i].text)
		// an unknown place or body word may open or sit inside the title
		// when a title word follows ("Valdorian Foreign Minister",
		// "Harbour Minister", "Chief Fire Officer")
		opener := i+2 < len(run) && (titleNouns[lowerWord(run[i+1].text)] || headTitles[lowerWord(run[i+1].text)])
		if !isTitleWord(lw) && !isAllCaps(run[i].text) && !titleFiller[lw] && !opener {
			break
		}
		if headTitles[stripPoss(lw)] {
			k = i
		}
	}
	// "Secretary of State Rex Tillerson": the title may end in "of X".
	if k >= 0 && k+2 < len(run)-1 && lowerWord(run[k+1].text) == "of" {
		k += 2
	}
	// A trailing "General" after Secretary ("Secretary General Jens").
	for k >= 0 && k+1 < len(run)-1 && titleNouns[lowerWord(run[k+1].text)] {
		k++
	}
	var c candidate
	if k >= len(run)-1 {
		return prefix
	}
	if k >= 0 {
		if lw := lowerWord(run[k+1].text); lw == "of" || lw == "the" || lw == "for" || !isCap(run[k+1].text) && !particleName(run[k+1].text) {
			return prefix
		}
	}
	// a run made only of title words ("U.S. Ambassador") names nobody
	if k < 0 && len(run) >= 1 && headTitles[lowerWord(run[len(run)-1].text)] {
		allTitle := true
		for _, w := range run {
			lw := lowerWord(w.text)
			if !isTitleWord(lw) && !titleFiller[lw] && !isAllCaps(w.text) {
				allTitle = false
			}
		}
		if allTitle {
			return prefix
		}
		// "Exxon Mobil CEO": the words before the role name an employer
		if len(run) >= 2 && !isTitleWord(lowerWord(run[0].text)) {
			emp := run[:len(run)-1]
			for len(emp) > 0 && isTitleWord(lowerWord(emp[len(emp)-1].text)) {
				emp = emp[:len(emp)-1]
			}
			if len(emp) > 0 {
				last := emp[len(emp)-1]
				return append(prefix, candidate{start: emp[0].start, end: last.start + len(stripPoss(last.text)), words: emp, orgHint: true})
			}
		}
		return prefix
	}
	if k >= 0 {
		titleWords := run[:k+1]
		name := run[k+1:]
		// "Supt. Grace Ibekwe of Brenwick Police": the name ends at "of";
		// what follows is the body the person serves, its own candidate.
		for i := 1; i+1 < len(name); i++ {
			if lowerWord(name[i].text) == "of" {
				body := name[i+1:]
				last := body[len(body)-1]
				prefix = append(prefix, candidate{start: body[0].start, end: last.start + len(stripPoss(last.text)), words: body})
				name = name[:i]
				break
			}
		}
		c = candidate{start: name[0].start, words: name, hasTitle: true}
		c.title = text[titleWords[0].start:titleWords[len(titleWords)-1].end]
		if honorifics[lowerWord(titleWords[len(titleWords)-1].text)] && len(titleWords) == 1 {
			c.title, c.honorific = "", true
			c.hasTitle = false
		}
	} else {
		c = candidate{start: run[0].start, words: run}
	}
	last := c.words[len(c.words)-1]
	c.end = last.start + len(stripPoss(last.text))
	c.initial = initial && k < 0
	// Title words before the run, in lower case ("Kremlin spokesman",
	// "Syrian leader", "former president").
	pi := -1
	for i, w := range para {
		if w.start == run[0].start {
			pi = i
			break
		}
	}
	if pi > 0 {
		j := pi
		head := false
		// "ambassador to the United Nations Matthew Rycroft": a role with
		// its place or body right before the name
		jj := pi
		for jj > 0 && pi-jj < 4 && isCap(para[jj-1].text) && gapIsSpace(text, para[jj-1].end, para[jj].start) {
			jj--
		}
		if jj < pi && jj > 1 {
			k := jj
			if lowerWord(para[k-1].text) == "the" {
				k--
			}
			if k > 1 {
				if lw := lowerWord(para[k-1].text); lw == "to" || lw == "for" || lw == "of" {
					if headTitles[lowerWord(para[k-2].text)] {
						j, head = k-1, true
					}
				}
			}
		}
		for j > 0 && gapIsSpace(text, para[j-1].end, para[j].start) {
			lw := lowerWord(para[j-1].text)
			if !isTitleWord(lw) && !strings.HasSuffix(lw, "'s") && !strings.HasSuffix(lw, "’s") {
				break
			}
			if headTitles[lw] {
				head = true
			}
			if (lw == "the" || lw == "of") && !head {
				break
			}
			j--
		}
		// up to two plain nouns in front of the head ("Central bank
		// governor", "Union leader", "fire chief")
		for extra := 0; head && extra < 2 && j > 0 && gapIsSpace(text, para[j-1].end, para[j].start); extra++ {
			lw := lowerWord(para[j-1].text)
			if notNameStart[lw] || countedStop[lw] || cueVerbs[lw] || thinkVerbs[lw] || strings.HasSuffix(lw, "ly") || strings.HasSuffix(lw, "ed") || strings.HasSuffix(lw, "ing") || len(lw) < 3 {
				break
			}
			if _, _, _, num := wordValue(lw); num {
				break
			}
			j--
		}
		if head && j < pi {
			for j < pi && (lowerWord(para[j].text) == "the" || lowerWord(para[j].text) == "of") {
				j++
			}
			pre := text[para[j].start:para[pi-1].end]
			if c.title != "" {
				pre += " " + c.title
			}
			c.title, c.hasTitle = pre, true
		}
		// "said Lavrov." / "said Lavrov,": a speech verb right before a name
		// that ends the clause
		if pi > 0 && isCue(para[pi-1].text) && gapIsSpace(text, para[pi-1].end, run[0].start) {
			if c.end >= len(text) || strings.ContainsRune(".,;\n", rune(text[c.end])) {
				c.cue = true
			}
		}
	}
	// Speech verb right after the name.
	if after := strings.TrimLeft(text[c.end:min(len(text), c.end+40)], " "); after != "" {
		aw := scanWords(after, 0, len(after))
		if len(aw) > 0 && aw[0].start == 0 && isCue(aw[0].text) {
			c.cue = true
		}
	}
	// Appositive title: "Nikki Haley, the U.S. ambassador to the United Nations,".
	if c.title == "" && c.end+2 < len(text) && text[c.end] == ',' {
		rest := text[c.end+1:]
		stop := strings.IndexAny(rest, ",.;:\n")
		if stop > 0 && stop < 80 {
			phrase := strings.TrimSpace(rest[:stop])
			pw := scanWords(phrase, 0, len(phrase))
			hasHead := false
			for _, w := range pw {
				if headTitles[lowerWord(w.text)] {
					hasHead = true
				}
			}
			lw0 := ""
			if len(pw) > 0 {
				lw0 = lowerWord(pw[0].text)
			}
			startsOK := lw0 == "the" || lw0 == "a" || lw0 == "an" || strings.HasSuffix(lw0, "'s") || strings.HasSuffix(lw0, "’s") || titleNouns[lw0] || nationalities[lw0]
			if hasHead && startsOK && len(pw) <= 9 && len(pw) > 0 {
				if lw0 == "the" || lw0 == "a" || lw0 == "an" {
					phrase = strings.TrimSpace(phrase[pw[0].end:])
				}
				if phrase != "" && !cueVerbs[lowerWord(pw[0].text)] {
					c.title, c.hasTitle = phrase, true
				}
			}
		}
	}
	// Appositive title before the name: "the US envoy to the UN, Nikki
	// Haley, said".
	if c.title == "" && c.end < len(text) && text[c.end] == ',' {
		before := strings.TrimRight(text[max(0, c.start-90):c.start], " ")
		if strings.HasSuffix(before, ",") {
			before = strings.TrimSuffix(before, ",")
			cut := strings.LastIndexAny(before, ",.;:\n\"“”")
			phrase := strings.TrimSpace(before[cut+1:])
			pw := scanWords(phrase, 0, len(phrase))
			hasHead := false
			for _, w := range pw {
				if headTitles[lowerWord(w.text)] {
					hasHead = true
				}
			}
			if len(pw) >= 2 && len(pw) <= 9 && hasHead {
				// keep from the determiner that opens the role
				for i, w := range pw {
					if headTitles[lowerWord(w.text)] {
						break // only a determiner before the role opens it
					}
					if lw := lowerWord(w.text); lw == "the" || lw == "a" || lw == "an" {
						phrase = strings.TrimSpace(phrase[pw[i].end:])
						pw = pw[i+1:]
						break
					}
				}
				if len(pw) > 0 && (titleNouns[lowerWord(pw[0].text)] || nationalities[lowerWord(pw[0].text)] || isTitleWord(lowerWord(pw[0].text)) || strings.HasSuffix(pw[0].text, "'s") || strings.HasSuffix(pw[0].text, "’s")) {
					c.title, c.hasTitle = phrase, true
				}
			}
		}
	}
	if honorifics[strings.ToLower(c.title)] {
		c.title = ""
	}
	out := append(prefix, c)
	// A place/organisation inside the leading title ("NATO Secretary
	// General") is an entity too.
	if k >= 0 {
		w := run[0]
		lw, _ := stripPossessive(lowerWord(w.text))
		if places[lw] || knownOrgs[lw] {
			out = append([]candidate{{start: w.start, end: w.start + len(stripPoss(w.text)), words: []word{w}}}, out...)
		}
	}
	return out
}

// surnameKey is the lower-case last word of a name without "al-" style
// particles.
func surnameKey(words []string) string {
	if len(words) == 0 {
		return ""
	}
	last := strings.ToLower(strings.Trim(words[len(words)-1], ",."))
	for _, p := range []string{"al-", "el-", "bin-", "ibn-", "abu-"} {
		last = strings.TrimPrefix(last, p)
	}
	return last
}

func nameWords(name string) []string {
	var out []string
	for _, w := range strings.Fields(name) {
		w = strings.Trim(w, ",")
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// addPerson records a person name form seen in the text.
func (ix *nameIndex) addPerson(name string, c candidate) {
	name = stripPoss(name)
	ws := nameWords(name)
	// drop a leading honorific
	for len(ws) > 1 && honorifics[strings.ToLower(ws[0])] {
		ws = ws[1:]
	}
	if len(ws) == 0 {
		return
	}
	name = strings.Join(ws, " ")
	key := strings.ToLower(name)
	p := ix.byKey[key]
	if p == nil {
		// Same person in a longer or shorter form?
		for _, q := range ix.persons {
			if compatibleNames(ws, q.words) {
				p = q
				break
			}
		}
	}
	if p == nil {
		p = &person{canonical: name, words: ws, first: c.start}
		ix.persons = append(ix.persons, p)
	}
	if len(ws) > len(p.words) {
		p.canonical, p.words = name, ws
	}
	if c.title != "" && len(c.title) > len(p.title) {
		p.title = c.title
	}
	ix.byKey[key] = p
}

// compatibleNames reports whether two name forms can be the same person:
// same surname and, when both give first names, the same first name.
func compatibleNames(a, b []string) bool {
	if surnameKey(a) != surnameKey(b) {
		return false
	}
	if len(a) >= 2 && len(b) >= 2 {
		return strings.EqualFold(a[0], b[0])
	}
	return true
}

// finishPersons indexes every person by surname and by first name when
// that is unambiguous within the text.
func (ix *nameIndex) finishPersons() {
	sur := map[string][]*person{}
	first := map[string][]*person{}
	for _, p := range ix.persons {
		if len(p.words) >= 2 {
			sur[surnameKey(p.words)] = append(sur[surnameKey(p.words)], p)
			first[strings.ToLower(p.words[0])] = append(first[strings.ToLower(p.words[0])], p)
		}
		ix.byKey[strings.ToLower(p.canonical)] = p
	}
	for k, ps := range sur {
		if q := ix.byKey[k]; q == nil || len(q.words) < 2 {
			ix.byKey[k] = ps[0] // earliest full form wins an ambiguous surname
		}
		// an "al-Assad" surname is also reachable as "Assad"
		_ = k
	}
	for k, ps := range first {
		if _, taken := ix.byKey[k]; !taken && len(ps) == 1 && !notNameStart[k] {
			ix.byKey[k] = ps[0]
		}
	}
	// merge single-word persons into full forms
	var keep []*person
	for _, p := range ix.persons {
		if len(p.words) == 1 {
			q := ix.byKey[surnameKey(p.words)]
			if q == nil || q == p || len(q.words) < 2 {
				// a first name alone ("Vladimir") for exactly one full name
				if fs := first[strings.ToLower(p.words[0])]; len(fs) == 1 {
					q = fs[0]
				}
			}
			if q != nil && q != p && len(q.words) > 1 {
				if p.title != "" && len(p.title) > len(q.title) {
					q.title = p.title
				}
				for k, v := range ix.byKey {
					if v == p {
						ix.byKey[k] = q
					}
				}
				continue
			}
		}
		keep = append(keep, p)
	}
	ix.persons = keep
}

// lookup finds the person a name form (lower case) stands for.
func (ix *nameIndex) lookup(lname string) *person {
	if p := ix.byKey[lname]; p != nil {
		return p
	}
	ws := nameWords(lname)
	if len(ws) == 0 {
		return nil
	}
	if p := ix.byKey[surnameKey(ws)]; p != nil && compatibleNames(ws, p.words) {
		return p
	}
	return nil
}

// pronounReferent returns the person a "he"/"she" at pos stands for: the
// first person (the subject) of the nearest sentence before pos that names
// one outside quotes, or the last person named earlier in the sentence.
func (ix *nameIndex) pronounReferent(pos, paraStart int, exclude func(int) bool) *person {
	// earlier in the same sentence ("Trump said he ...")
	s := sentenceStartBefore(ix.text, pos, paraStart)
	var firstIn *person
	for _, m := range ix.mentions {
		if m.Type != domain.Person || m.Start < s || m.Start >= pos || exclude != nil && exclude(m.Start) {
			continue
		}
		firstIn = ix.lookup(strings.ToLower(stripPoss(m.Text)))
		break
	}
	if firstIn != nil {
		return firstIn
	}
	// the nearest earlier sentence with a person: its first person
	last := -1
	for i := len(ix.mentions) - 1; i >= 0; i-- {
		m := ix.mentions[i]
		if m.Start >= pos || m.Type != domain.Person || exclude != nil && exclude(m.Start) {
			continue
		}
		last = i
		break
	}
	if last < 0 {
		return nil
	}
	ls := sentenceStartBefore(ix.text, ix.mentions[last].Start, 0)
	for _, m := range ix.mentions[:last+1] {
		if m.Start >= ls && m.Type == domain.Person && (exclude == nil || !exclude(m.Start)) {
			return ix.lookup(strings.ToLower(stripPoss(m.Text)))
		}
	}
	return ix.lookup(strings.ToLower(stripPoss(ix.mentions[last].Text)))
}

// lastPersonBefore returns the person mentioned last before pos, outside
// the excluded spans (quotes), or nil.
func (ix *nameIndex) lastPersonBefore(pos int, exclude func(int) bool) *person {
	for i := len(ix.mentions) - 1; i >= 0; i-- {
		m := ix.mentions[i]
		if m.Start >= pos || m.Type != domain.Person {
			continue
		}
		if exclude != nil && exclude(m.Start) {
			continue
		}
		return ix.lookup(strings.ToLower(stripPoss(m.Text)))
	}
	return nil
}

// particleName reports whether w is a name with an Arabic-style particle
// ("al-Assad", "el-Sisi", "bin-Salman").
func particleName(w string) bool {
	for _, p := range []string{"al-", "el-", "bin-", "ibn-", "abu-"} {
		if strings.HasPrefix(w, p) && len(w) > len(p) && isCap(w[len(p):]) {
			return true
		}
	}
	return false
}

// titleFiller are words of multi-word places and bodies that appear inside
// titles ("United Nations Secretary-General").
var titleFiller = set(`united|nations|states|kingdom|house|council|security|department|ministry|federal|central|
european|union|national|general|armed|forces|joint|chiefs|supreme|court|justice|federation`)

// properCase turns an all-caps place name ("MOSCOW") into "Moscow".
func properCase(s string) string {
	if !isAllCaps(s) || strings.Contains(s, ".") || len(s) <= 3 {
		return s
	}
	ws := strings.Fields(strings.ToLower(s))
	for i, w := range ws {
		r, n := utf8.DecodeRuneInString(w)
		ws[i] = string(unicode.ToUpper(r)) + w[n:]
	}
	return strings.Join(ws, " ")
}

func hasParticleName(ws []word) bool {
	for _, w := range ws {
		if particleName(w.text) {
			return true
		}
	}
	return false
}
