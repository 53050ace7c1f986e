package analyze

import (
	"math"
	"strconv"
	"strings"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/kljensen/snowball/english"
)

// Numbers finds the quantities an article reports: counts ("59 cruise
// missiles", "fifty-nine missiles"), money ("$1.2 billion"), percentages
// ("20 percent of Syria's operational aircraft") and ordinals ("the
// first strike"), with the hedge in front ("more than 80") and what they
// count. Years, days of the month and clock times are not quantities and
// are skipped. The rules are hand-written.
//
// Number.Counted is the counted noun phrase in lower case without
// determiners and possessives, with a state word after it kept and
// normalised ("89 people dead", "killed 89 people" and "89 people were
// killed" all give "people dead"); for percentages and money it is the
// "of"/"in" phrase ("syria operational aircraft"). CountedKey stems it
// for matching across articles.
func Numbers(text string) []domain.Number {
	var out []domain.Number
	for _, p := range paragraphs(text) {
		ws := scanWords(text, p[0], p[1])
		for i := 0; i < len(ws); {
			n, next, ok := parseNumberAt(text, ws, i)
			if ok {
				out = append(out, n)
				i = next
				continue
			}
			i++
		}
	}
	return out
}

var smallNumbers = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}

var scales = map[string]float64{"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6}

var ordinalWords = map[string]float64{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
	"tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20, "hundredth": 100,
}

// hedges, longest first; the value is the kind used by Conflict.
var hedges = []struct{ words, kind string }{
	{"more than", "more than"}, {"greater than", "more than"}, {"over", "more than"}, {"just over", "more than"},
	{"upwards of", "more than"}, {"in excess of", "more than"},
	{"at least", "at least"}, {"no fewer than", "at least"}, {"no less than", "at least"}, {"a minimum of", "at least"},
	{"fewer than", "less than"}, {"less than", "less than"}, {"under", "less than"}, {"just under", "less than"},
	{"up to", "up to"}, {"at most", "up to"}, {"as many as", "up to"}, {"no more than", "up to"}, {"a maximum of", "up to"},
	{"about", "about"}, {"around", "about"}, {"roughly", "about"}, {"approximately", "about"}, {"some", "about"},
	{"an estimated", "about"}, {"estimated", "about"}, {"close to", "nearly"}, {"nearly", "nearly"}, {"almost", "nearly"},
	{"just shy of", "nearly"},
}

// hedgeBefore finds a hedge ending right before word i; it returns the
// hedge kind and the index of its first word.
func hedgeBefore(text string, ws []word, i int) (string, int) {
	best, bestStart := "", i
	for _, h := range hedges {
		hw := strings.Fields(h.words)
		k := i - len(hw)
		if k < 0 {
			continue
		}
		ok := true
		for j, x := range hw {
			if lowerWord(ws[k+j].text) != x || !gapIsSpace(text, ws[k+j].end, ws[k+j+1].start) {
				ok = false
				break
			}
		}
		if ok && k < bestStart {
			best, bestStart = h.kind, k
		}
	}
	return best, bestStart
}

// wordValue parses one word as a number: digits ("1,000", "3.5", "21st"),
// number words ("fifty-nine") and ordinals.
func wordValue(w string) (v float64, ordinal, isWord, ok bool) {
	lw := strings.ToLower(w)
	if x, okk := ordinalWords[lw]; okk {
		return x, true, true, true
	}
	if x, okk := smallNumbers[lw]; okk {
		return x, false, true, true
	}
	if a, b, found := strings.Cut(lw, "-"); found {
		x, ok1 := smallNumbers[a]
		y, ok2 := smallNumbers[b]
		if ok1 && ok2 && x >= 20 && y < 10 {
			return x + y, false, true, true
		}
		if z, ok3 := ordinalWords[b]; ok1 && ok3 && x >= 20 {
			return x + z, true, true, true
		}
		return 0, false, false, false
	}
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if strings.HasSuffix(lw, suf) && len(lw) > 2 {
			if n, err := strconv.Atoi(lw[:len(lw)-2]); err == nil {
				return float64(n), true, false, true
			}
		}
	}
	if lw == "" || lw[0] < '0' || lw[0] > '9' {
		return 0, false, false, false
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(lw, ",", ""), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false, false, false
	}
	return f, false, false, true
}

// stateWords after or before a counted noun, normalised.
var stateWords = map[string]string{
	"dead": "dead", "killed": "dead", "died": "dead", "deaths": "dead", "kill": "dead", "killing": "dead",
	"injured": "injured", "wounded": "injured", "hurt": "injured", "missing": "missing", "displaced": "displaced",
	"arrested": "arrested", "detained": "arrested", "evacuated": "evacuated", "affected": "affected",
}

// counted-phrase stop words: the phrase ends before these.
var countedStop = set(`of|in|on|at|for|to|from|by|with|and|or|but|that|which|who|were|was|are|is|had|have|has|
will|would|could|can|since|after|before|during|than|as|into|over|under|about|across|per|a|an|the|this|these|those|
said|says|according|while|when|where|because|including|its|their|his|her`)

// counted-phrase words that are not nouns of the quantity.
var countedSkip = set(`the|a|an|of|some|other|more|additional|such|own|its|their|his|her|our|your|my|that|these|those`)

func parseNumberAt(text string, ws []word, i int) (domain.Number, int, bool) {
	w := ws[i]
	v, ordinal, isWord, ok := wordValue(w.text)
	if !ok {
		return domain.Number{}, 0, false
	}
	lw := lowerWord(w.text)
	start, end := w.start, w.end
	j := i + 1
	// "fifty nine", "two hundred", "1.2 million"
	for j < len(ws) && gapIsSpace(text, ws[j-1].end, ws[j].start) {
		nl := lowerWord(ws[j].text)
		if s, okk := scales[nl]; okk && !ordinal && (nl != "m" || !isWord) {
			v *= s
			end = ws[j].end
			j++
			continue
		}
		if isWord && !ordinal {
			if x, okk := smallNumbers[nl]; okk && x < 10 && math.Mod(v, 10) == 0 && v >= 20 && v < 100 {
				v += x
				end = ws[j].end
				j++
				continue
			}
		}
		break
	}
	unit := ""
	if ordinal {
		unit = "ordinal"
	}
	// currency before
	if start > 0 {
		switch {
		case strings.HasSuffix(text[:start], "$"):
			unit, start = "USD", start-1
			if strings.HasSuffix(text[:start], "US") {
				start -= 2
			}
		case strings.HasSuffix(text[:start], "£"):
			unit, start = "GBP", start-len("£")
		case strings.HasSuffix(text[:start], "€"):
			unit, start = "EUR", start-len("€")
		}
	}
	// percent after
	if end < len(text) && text[end] == '%' {
		unit, end = "percent", end+1
	} else if j < len(ws) && gapIsSpace(text, ws[j-1].end, ws[j].start) {
		nl := lowerWord(ws[j].text)
		switch {
		case nl == "percent" || nl == "pct":
			unit, end = "percent", ws[j].end
			j++
			if j < len(ws) && lowerWord(ws[j].text) == "points" {
				end = ws[j].end
				j++
			}
		case nl == "per" && j+1 < len(ws) && lowerWord(ws[j+1].text) == "cent":
			unit, end = "percent", ws[j+1].end
			j += 2
		case nl == "dollars" || nl == "dollar":
			unit, end = "USD", ws[j].end
			j++
		case nl == "euros":
			unit, end = "EUR", ws[j].end
			j++
		case nl == "pounds" && unit == "":
			unit, end = "GBP", ws[j].end
			j++
		}
	}
	// not a quantity: years, days of a month, clock times, pronoun "one"
	prevW, nextW := "", ""
	if i > 0 {
		prevW = lowerWord(ws[i-1].text)
	}
	if j < len(ws) {
		nextW = lowerWord(ws[j].text)
	}
	if unit == "" {
		if _, m := monthNum(prevW); m && i > 0 {
			return domain.Number{}, 0, false
		}
		if _, m := monthNum(nextW); m {
			return domain.Number{}, 0, false
		}
		if !isWord && !strings.ContainsAny(w.text, ".,") && v >= 1000 && v <= 2100 && len(w.text) == 4 {
			return domain.Number{}, 0, false // a year
		}
		if end < len(text) && (text[end] == ':' || text[end] == '-' || text[end] == '/') && end+1 < len(text) && text[end+1] >= '0' && text[end+1] <= '9' {
			return domain.Number{}, 0, false // 5:45, 2017-04-04, 9/11
		}
		if start > 0 && (text[start-1] == ':' || text[start-1] == '/' || text[start-1] == '-' && start > 1 && text[start-2] >= '0' && text[start-2] <= '9') {
			return domain.Number{}, 0, false
		}
		if nextW == "a.m." || nextW == "p.m." || nextW == "am" || nextW == "pm" || nextW == "a" && strings.HasPrefix(text[ws[j].start:], "a.m") {
			return domain.Number{}, 0, false
		}
		// "Container Terminal 4", "Gate 7", "Flight 370": digits right
		// after a capitalised word name a thing, they do not count it
		if !isWord && i > 0 && isCap(ws[i-1].text) && !sentenceInitial(text, ws[i-1].start) && gapIsSpace(text, ws[i-1].end, w.start) && !strings.ContainsAny(w.text, ".,") {
			return domain.Number{}, 0, false
		}
		if lw == "one" && (nextW == "of" || prevW == "no" || prevW == "not" || prevW == "the" || prevW == "this" || prevW == "that" || prevW == "any" || prevW == "every" || prevW == "each" || nextW == "another") {
			return domain.Number{}, 0, false
		}
		if (lw == "second" || lw == "first") && (nextW == "" || countedStop[nextW]) {
			return domain.Number{}, 0, false // "at first", "for a second"
		}
	}
	hedge, hs := hedgeBefore(text, ws, i)
	if hedge != "" {
		if unit == "USD" || unit == "GBP" || unit == "EUR" {
			// "$" sits between the hedge and the digits: keep the hedge start
		}
		start = ws[hs].start
	}
	// a capitalised number word inside a sentence is part of a name
	// ("Group of Seven")
	if isWord && isCap(w.text) && !sentenceInitial(text, w.start) {
		return domain.Number{}, 0, false
	}
	// an ordinal counts only after a determiner ("the first strike", "its
	// 21st"): "should first investigate" is an adverb
	if ordinal && isWord {
		if i == 0 || !ordinalDeterminers[prevW] && !strings.HasSuffix(prevW, "'s") && !strings.HasSuffix(prevW, "’s") {
			return domain.Number{}, 0, false
		}
	}
	// what is counted
	counted, stateAfter := countedPhrase(text, ws, j, unit)
	if f := strings.Fields(counted); len(f) > 0 && (strings.HasSuffix(f[0], "ing") || verbish[f[0]]) {
		counted = ""
	}
	if counted == "" && unit == "" && !ordinal {
		// a bare number ("in 59", "Article 5"): only keep it with a hedge
		if hedge == "" {
			return domain.Number{}, 0, false
		}
	}
	// a state verb before: "killed 89 people"
	if stateAfter == "" && i > 0 {
		k := i - 1
		if hedge != "" {
			k = hs - 1
		}
		if k >= 0 {
			if st, okk := stateWords[lowerWord(ws[k].text)]; okk && counted != "" {
				stateAfter = st
			}
		}
	}
	if stateAfter != "" && counted != "" && !strings.HasSuffix(counted, " "+stateAfter) {
		counted += " " + stateAfter
	}
	n := domain.Number{Span: domain.Span{Start: start, End: end}, Text: text[start:end], Value: v, Hedge: hedge, Unit: unit, Counted: counted}
	return n, j, true
}

// countedPhrase reads the noun phrase after a number (or, for percent and
// money, the "of"/"in" phrase after it).
func countedPhrase(text string, ws []word, j int, unit string) (string, string) {
	if j >= len(ws) || !gapIsSpace(text, ws[j-1].end, ws[j].start) && !strings.HasPrefix(strings.TrimSpace(text[ws[j-1].end:ws[j].start]), "%") {
		return "", ""
	}
	if unit == "percent" || unit == "USD" || unit == "EUR" || unit == "GBP" {
		nl := lowerWord(ws[j].text)
		if nl == "of" || (nl == "in" || nl == "for") && unit != "percent" {
			j++
		} else if unit == "percent" {
			return nounRun(text, ws, j)
		} else {
			return "", ""
		}
	}
	return nounRun(text, ws, j)
}

// nounRun takes up to four words that are not stop words, stopping at
// punctuation; a state word ends the run and is returned apart.
func nounRun(text string, ws []word, j int) (string, string) {
	var parts []string
	state := ""
	for k := j; k < len(ws) && len(parts) < 4; k++ {
		if k > j && !gapIsSpace(text, ws[k-1].end, ws[k].start) {
			break
		}
		lw := lowerWord(ws[k].text)
		if st, ok := stateWords[lw]; ok && len(parts) > 0 {
			state = st
			break
		}
		if countedSkip[lw] && len(parts) == 0 {
			continue
		}
		if countedStop[lw] || isCue(lw) || notCounted[lw] || personPronouns[lw] || strings.Contains(lw, "n't") || strings.Contains(lw, "n’t") || strings.HasSuffix(lw, "ly") && len(lw) > 4 ||
			len(parts) > 0 && (strings.HasSuffix(lw, "ing") || strings.HasSuffix(lw, "ed")) && len(lw) > 5 {
			break
		}
		if _, _, _, isNum := wordValue(lw); isNum {
			break
		}
		if len(parts) > 0 && isCap(ws[k].text) && !isCap(ws[k-1].text) {
			break
		}
		w, poss := stripPossessive(lw)
		parts = append(parts, w)
		if poss {
			continue
		}
		// a plural noun ends the phrase: "40 ships wait outside"
		if isPluralNoun(w) {
			break
		}
	}
	// "89 people were killed": a state after an auxiliary
	if state == "" {
		k := j + len(parts)
		for k < len(ws) && k < j+len(parts)+3 {
			lw := lowerWord(ws[k].text)
			if st, ok := stateWords[lw]; ok {
				state = st
				break
			}
			if lw != "were" && lw != "was" && lw != "have" && lw != "had" && lw != "been" && lw != "are" && lw != "reportedly" {
				break
			}
			k++
		}
	}
	return strings.Join(parts, " "), state
}

// CountedKey is the stemmed form of a Counted phrase used to match the
// same quantity across articles: Porter2 stems of its words, with the
// state word kept last ("cruise missiles" → "cruis missil").
func CountedKey(counted string) string {
	ws := strings.Fields(strings.ToLower(counted))
	for i, w := range ws {
		ws[i] = english.Stem(w, false)
	}
	return strings.Join(ws, " ")
}

// SameQuantity reports whether two numbers (from different articles of
// one story) report the same quantity: the same unit and the same counted
// thing. Counted phrases match when their stemmed head nouns (last word,
// or the word before a state word) and state words agree and the other
// words of the shorter phrase appear in the longer ("cruise missiles" =
// "Tomahawk cruise missiles"). Ordinals never match (they rank, not count).
func SameQuantity(a, b domain.Number) bool {
	if a.Unit != b.Unit || a.Unit == "ordinal" {
		return false
	}
	ka, kb := strings.Fields(CountedKey(a.Counted)), strings.Fields(CountedKey(b.Counted))
	if len(ka) == 0 || len(kb) == 0 {
		return false
	}
	sa, ha, ma := splitCounted(ka)
	sb, hb, mb := splitCounted(kb)
	if sa != sb || ha != hb {
		return false
	}
	short, long := ma, mb
	if len(short) > len(long) {
		short, long = long, short
	}
	in := map[string]bool{}
	for _, w := range long {
		in[w] = true
	}
	for _, w := range short {
		if !in[w] {
			return false
		}
	}
	return true
}

// splitCounted returns the state word, the head noun and the modifiers
// of a stemmed counted phrase.
func splitCounted(k []string) (state, head string, mods []string) {
	states := map[string]bool{}
	for _, s := range stateWords {
		states[english.Stem(s, false)] = true
	}
	if len(k) > 1 && states[k[len(k)-1]] {
		state, k = k[len(k)-1], k[:len(k)-1]
	}
	return state, k[len(k)-1], k[:len(k)-1]
}

// interval returns the range of true values a hedged number allows.
//
// The hedge rule: an exact number is the point v; "more than v" is (v,∞),
// "at least v" is [v,∞), "less than v" is [0,v), "up to v" is [0,v],
// "about v" is [0.9v, 1.1v] and "nearly v" is [0.9v, v].
func interval(n domain.Number) (lo, hi float64, loOpen, hiOpen bool) {
	v := n.Value
	switch n.Hedge {
	case "more than":
		return v, math.Inf(1), true, false
	case "at least":
		return v, math.Inf(1), false, false
	case "less than":
		return 0, v, false, true
	case "up to":
		return 0, v, false, false
	case "about":
		return 0.9 * v, 1.1 * v, false, false
	case "nearly":
		return 0.9 * v, v, false, false
	}
	return v, v, false, false
}

// Conflict compares two reports of the same quantity (SameQuantity true)
// and says whether they disagree:
//   - the same value with the same hedge: no conflict (false, false);
//   - values whose hedged ranges cannot both hold (80 and 89 exactly, or
//     "fewer than 50" and 89): a hard conflict (true, false);
//   - different statements whose ranges overlap ("more than 80" and 89,
//     "about 90" and 89): a soft disagreement (true, true), to be shown
//     with its hedge.
func Conflict(a, b domain.Number) (conflict bool, soft bool) {
	if a.Value == b.Value && a.Hedge == b.Hedge {
		return false, false
	}
	alo, ahi, alo0, ahi0 := interval(a)
	blo, bhi, blo0, bhi0 := interval(b)
	lo, loOpen := alo, alo0
	if blo > lo || blo == lo && blo0 {
		lo, loOpen = blo, blo0
	}
	hi, hiOpen := ahi, ahi0
	if bhi < hi || bhi == hi && bhi0 {
		hi, hiOpen = bhi, bhi0
	}
	if lo < hi || lo == hi && !loOpen && !hiOpen {
		return true, true
	}
	return true, false
}

// words that end a counted phrase: adverbs, time words, common verbs.
var notCounted = set(`below|above|beyond|sums|also|later|ago|earlier|then|now|still|already|again|against|between|among|using|entering|
ahead|apart|away|back|down|up|out|off|together|each|more|less|before|after|stood|went|came|said|told|met|
took|made|saw|got|left|became|remain|remained|remains|appeared|looked|seemed|do|did|does|is|are|was|were|be|
been|being|have|has|had|will|would|can|could|should|may|might|must|shall|attended|attend|later.`)

// verbish first words make the phrase no counted noun ("two stood").
var verbish = set(`stood|sat|went|came|said|told|met|took|made|saw|got|left|became|remain|remained|agreed|
attended|spoke|talked|walked|ran|fled|died|investigate|investigated|decided|will|would|can|could|should|may|might`)

var ordinalDeterminers = set(`the|a|an|its|his|her|their|our|my|your|this|that|whose|every|each`)

var irregularPlurals = set(`people|men|women|children|police|aircraft|personnel|staff|troops|cattle|sheep|fish|
deer|mice|teeth|feet|geese|data|media|crew|livestock`)

// isPluralNoun guesses a plural noun from its ending.
func isPluralNoun(w string) bool {
	if irregularPlurals[w] {
		return true
	}
	if len(w) < 4 || !strings.HasSuffix(w, "s") {
		return false
	}
	for _, suf := range []string{"ss", "us", "is", "ous", "'s", "’s"} {
		if strings.HasSuffix(w, suf) {
			return false
		}
	}
	return true
}
