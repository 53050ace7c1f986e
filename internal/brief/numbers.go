package brief

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/chorusnews/chorus/internal/domain"
)

// A quantity is what a number counts, keyed by the sorted stems of its
// counted words and unit, so "people dead" in one article meets "people
// dead" in another whatever the word order or inflection. Counts of people
// and of vessels are keyed by what happened to them instead ("3,000
// residents were forced from their homes" meets "3,400 people moved out"):
// outlets name those with many words for one thing.
func (a *assembler) quantityKey(n domain.Number, following string, sentence bag) string {
	words := contentWords(n.Counted + " " + n.Unit)
	if len(words) == 0 {
		// "more than 3,000 have been evacuated": people, by what happened.
		if n.Unit == "" && peopleOutcomes[outcomeOf(a.stem, nil, following, nil)] {
			return "people " + outcomeOf(a.stem, nil, following, nil)
		}
		return ""
	}
	if class := headClasses[a.stem.stem(words[0])]; class != "" && n.Unit == "" {
		if out := outcomeOf(a.stem, words[1:], following, sentence); out != "" {
			return class + " " + out
		}
	}
	stems := make([]string, 0, len(words))
	seen := map[string]bool{}
	for _, w := range words {
		st := a.stem.stem(w)
		if !seen[st] {
			seen[st] = true
			stems = append(stems, st)
		}
	}
	sort.Strings(stems)
	return strings.Join(stems, " ")
}

// reading is one article's value for a quantity.
type reading struct {
	n     domain.Number
	doc   int
	label string // the value as shown: hedge and number

	// Filled by comparable:
	docValues  map[float64]bool // values the same article gives this key
	sentValues map[float64]bool // values in the reading's sentence
	generic    bool             // the key names only a measure
	context    bag              // content stems of the reading's sentence
}

// numbers groups the quantities the sources report and finds the ones
// where sources give values that cannot all be true.
//
// Hedges: a value with a hedge is a range ("more than 80" is (80, ∞),
// "about 80" is 80 ± 10%, "up to 80" is [0, 80]). Two readings conflict
// hard when their ranges do not meet; when they meet only through a hedge
// ("more than 80" against 89) the values differ but can both be true: that
// is a soft disagreement, shown with its hedge so the reader can judge.
func (a *assembler) numbers() ([]domain.BriefNumber, []domain.Disagreement) {
	groups := map[string][]reading{}
	labelOf := map[string]string{}
	for i, d := range a.st.Docs {
		for _, n := range d.Analysis.Numbers {
			if n.Unit == "ordinal" {
				continue // ordinals ("the first strike") are not quantities
			}
			var sb bag
			following := ""
			if s := a.sentenceAt(i, n.Start); s != nil {
				sb = s.bag
				if n.End <= s.span.End {
					following = d.Text[n.End:s.span.End]
				}
			}
			key := a.quantityKey(n, following, sb)
			if key == "" {
				continue
			}
			groups[key] = append(groups[key], reading{n: n, doc: i, label: valueLabel(n)})
			if l, ok := labelOf[key]; !ok || len(n.Counted) < len(l) {
				labelOf[key] = n.Counted
			}
			if f := strings.Fields(key); len(f) == 2 && headClassNames[f[0]] {
				labelOf[key] = f[0] + " " + f[1] // "people evacuated"
			}
		}
	}
	var all []domain.BriefNumber
	var dis []domain.Disagreement
	for _, key := range sortedKeys(groups) {
		rs := groups[key]
		values := a.numberValues(rs)
		quantity := labelOf[key]
		if quantity == "" {
			quantity = unitQuantities[rs[0].n.Unit]
		}
		if worthListing(rs, values) {
			all = append(all, domain.BriefNumber{Quantity: quantity, Values: values})
		}
		if len(values) < 2 || !fromSeveralArticles(values) {
			continue
		}
		cmp := a.comparable(key, rs)
		if hard, soft := conflicts(cmp); hard || soft {
			dis = append(dis, domain.Disagreement{Quantity: quantity, Values: a.numberValues(cmp), Soft: !hard})
		}
	}
	// The most corroborated quantities first.
	sort.SliceStable(all, func(i, j int) bool { return citeCount(all[i].Values) > citeCount(all[j].Values) })
	if len(all) > a.opts.MaxNumbers {
		all = all[:a.opts.MaxNumbers]
	}
	sort.SliceStable(dis, func(i, j int) bool { return !dis[i].Soft && dis[j].Soft })
	return all, dis
}

// headClasses map the first counted word to the kind of thing counted,
// for the kinds outlets name with many different words.
var headClasses = map[string]string{
	"peopl": "people", "person": "people", "resid": "people", "individu": "people",
	"civilian": "people", "villag": "people", "inhabit": "people", "passeng": "people",
	"fan": "people", "spectat": "people", "victim": "people",
	"ship": "vessels", "vessel": "vessels", "boat": "vessels",
}

var headClassNames = map[string]bool{"people": true, "vessels": true}

// outcomes group the words for what happened to the people or vessels
// counted.
var outcomes = map[string]string{
	"dead": "dead", "die": "dead", "kill": "dead", "death": "dead", "fatal": "dead",
	"injur": "injured", "wound": "injured", "hurt": "injured", "hospit": "injured",
	"evacu": "evacuated", "displac": "evacuated", "flee": "evacuated", "fled": "evacuated",
	"move": "evacuated", "forc": "evacuated", "rescu": "rescued", "miss": "missing",
	"arrest": "arrested", "detain": "arrested", "wait": "waiting", "anchor": "waiting",
	"queu": "waiting", "divert": "diverted",
}

// peopleOutcomes are the outcomes only people have: a bare count with
// one of them ("3,000 were evacuated") counts people.
var peopleOutcomes = map[string]bool{"dead": true, "injured": true, "evacuated": true, "missing": true, "arrested": true, "rescued": true}

// outcomeOf finds what happened to the counted: in the counted words,
// else in the next few words ("3,000 residents were forced from their
// homes"), else anywhere in the sentence when it names exactly one outcome.
func outcomeOf(st stemmer, counted []string, following string, sentence bag) string {
	for _, w := range counted {
		if o := outcomes[st.stem(w)]; o != "" {
			return o
		}
	}
	next := contentWords(following)
	for i, w := range next {
		if i >= 4 {
			break
		}
		if o := outcomes[st.stem(w)]; o != "" {
			return o
		}
	}
	found := ""
	for w := range sentence {
		if o := outcomes[w]; o != "" {
			if found != "" && found != o {
				return ""
			}
			found = o
		}
	}
	return found
}

// genericUnits are counted words that name a measure, not a thing: two
// "hours" or "percent" figures are the same quantity only when their
// sentences are about the same thing.
var genericUnits = map[string]bool{
	"second": true, "minut": true, "hour": true, "day": true, "week": true, "month": true,
	"year": true, "time": true, "metr": true, "meter": true, "kilometr": true, "mile": true,
	"millimetr": true, "centimetr": true, "kilogram": true, "tonn": true, "ton": true,
	"percent": true, "cent": true, "per": true, "point": true, "basi": true, "member": true,
	"peopl": true, "person": true, "usd": true, "eur": true, "gbp": true, "dollar": true,
	"euro": true, "pound": true, "million": true, "billion": true, "thousand": true,
}

// comparable keeps the readings of one quantity that may be compared
// across articles, and drops pairs that only look alike. It returns the
// readings with, for each, the set of values its article reports for the
// same key, so conflicts can ignore an article that gives both values
// (such an article tells two different things apart).
func (a *assembler) comparable(key string, rs []reading) []reading {
	generic := true
	for _, st := range strings.Fields(key) {
		if !genericUnits[st] {
			generic = false
		}
	}
	byDoc := map[int]map[float64]bool{}
	for _, r := range rs {
		if byDoc[r.doc] == nil {
			byDoc[r.doc] = map[float64]bool{}
		}
		byDoc[r.doc][r.n.Value] = true
	}
	out := make([]reading, 0, len(rs))
	for _, r := range rs {
		// An article giving several values for one quantity is counting
		// parts ("17 injured, three of them seriously"): its largest value
		// is its figure, the smaller ones are parts, not rival figures.
		if isPart(r.n.Value, byDoc[r.doc]) {
			continue
		}
		r.docValues = byDoc[r.doc]
		r.sentValues = a.sentenceValues(r)
		r.generic = generic
		if s := a.sentenceAt(r.doc, r.n.Start); s != nil {
			r.context = contextOf(s.bag, key)
		}
		out = append(out, r)
	}
	return out
}

func isPart(v float64, docValues map[float64]bool) bool {
	for w := range docValues {
		if w > v {
			return true
		}
	}
	return false
}

// sentenceValues returns every number value in the reading's sentence:
// those analysis found, and any number written in digits or as a word
// ("nine-member", "7-2"), which analysis does not count as quantities.
func (a *assembler) sentenceValues(r reading) map[float64]bool {
	vals := map[float64]bool{}
	for _, n := range a.st.Docs[r.doc].Analysis.Numbers {
		if n.Sentence == r.n.Sentence {
			vals[n.Value] = true
		}
	}
	if s := a.sentenceAt(r.doc, r.n.Start); s != nil {
		for _, w := range strings.FieldsFunc(strings.ToLower(s.text), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != ','
		}) {
			w = strings.Trim(w, ".,")
			if v, ok := smallNumbers[w]; ok {
				vals[v] = true
			} else if v, err := strconv.ParseFloat(strings.ReplaceAll(w, ",", ""), 64); err == nil {
				vals[v] = true
			}
		}
	}
	return vals
}

// smallNumbers are number words outlets spell out.
var smallNumbers = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
	"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
	"eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}

// sameThing reports whether two readings of one key may be compared: no
// article gives both values, neither sentence holds the other's value, and
// a generic measure ("hours") needs sentences about the same thing.
func sameThing(x, y reading) bool {
	if x.docValues[y.n.Value] || y.docValues[x.n.Value] {
		return false
	}
	if x.sentValues[y.n.Value] || y.sentValues[x.n.Value] {
		return false
	}
	if x.generic {
		c, _ := overlap(x.context, y.context)
		return c >= 0.4 && shared(x.context, y.context) >= 2
	}
	return true
}

// contextOf is a sentence's content stems less the quantity's own words,
// number words and verbs of saying: what the number is about.
func contextOf(b bag, key string) bag {
	skip := map[string]bool{"said": true, "say": true}
	for _, st := range strings.Fields(key) {
		skip[st] = true
	}
	out := bag{}
	for w := range b {
		if skip[w] || numberWord(w) {
			continue
		}
		out[w] = struct{}{}
	}
	return out
}

// numberWord reports whether a stem is a number in digits or words.
func numberWord(w string) bool {
	if w[0] >= '0' && w[0] <= '9' {
		return true
	}
	switch w {
	case "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelv", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
		"eighteen", "nineteen", "twenti", "thirti", "forti", "fifti", "sixti", "seventi",
		"eighti", "nineti", "hundr", "hundred", "thousand", "million", "billion", "dozen":
		return true
	}
	return false
}

// shared counts the stems two bags have in common.
func shared(a, b bag) int {
	n := 0
	for w := range a {
		if _, ok := b[w]; ok {
			n++
		}
	}
	return n
}

// numberValues merges readings with the same label into one cited value.
func (a *assembler) numberValues(rs []reading) []domain.NumberValue {
	var out []domain.NumberValue
	idx := map[string]int{}
	for _, r := range rs {
		d := a.st.Docs[r.doc]
		cite := domain.Citation{Article: d.ID, Span: r.n.Span}
		k, ok := idx[r.label]
		if !ok {
			text := r.n.Text
			if s := a.sentenceAt(r.doc, r.n.Start); s != nil {
				text = s.text
			}
			idx[r.label] = len(out)
			out = append(out, domain.NumberValue{Value: r.label, Text: text, Citations: []string{d.ID}, Spans: []domain.Citation{cite}})
			continue
		}
		if !contains(out[k].Citations, d.ID) {
			out[k].Citations = append(out[k].Citations, d.ID)
			out[k].Spans = append(out[k].Spans, cite)
		}
	}
	return out
}

// worthListing keeps the quantities a reader wants among the numbers
// reported: those with a unit (money, percent), those several articles
// give, and counts above two ("two countries" is prose, not a figure).
func worthListing(rs []reading, values []domain.NumberValue) bool {
	if citeCount(values) > 1 {
		return true
	}
	for _, r := range rs {
		if r.n.Unit != "" || r.n.Value > 2 {
			return true
		}
	}
	return false
}

func fromSeveralArticles(vs []domain.NumberValue) bool {
	first := vs[0].Citations[0]
	for _, v := range vs {
		for _, c := range v.Citations {
			if c != first {
				return true
			}
		}
	}
	return false
}

func citeCount(vs []domain.NumberValue) int {
	n := 0
	for _, v := range vs {
		n += len(v.Citations)
	}
	return n
}

// valueLabel shows a value as a reader would say it: "more than 80",
// "20 percent", "2,300", "€18 million".
func valueLabel(n domain.Number) string {
	v := ""
	switch n.Unit {
	case "USD", "EUR", "GBP":
		v = currencySymbols[n.Unit] + amount(n.Value)
	case "":
		v = amount(n.Value)
	default:
		v = amount(n.Value) + " " + n.Unit
	}
	if n.Hedge != "" {
		v = n.Hedge + " " + v
	}
	return v
}

var currencySymbols = map[string]string{"USD": "$", "EUR": "€", "GBP": "£"}

// unitQuantities name a quantity known only by its unit.
var unitQuantities = map[string]string{"USD": "sums in dollars", "EUR": "sums in euros", "GBP": "sums in pounds", "percent": "percentages"}

// amount writes a value with thousands separators, and millions and
// billions in words: 2,300; 4.5; 18 million; 1.2 billion.
func amount(x float64) string {
	for _, sc := range []struct {
		v    float64
		name string
	}{{1e12, "trillion"}, {1e9, "billion"}, {1e6, "million"}} {
		if math.Abs(x) >= sc.v {
			return strconv.FormatFloat(x/sc.v, 'f', -1, 64) + " " + sc.name
		}
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(whole, "-")
	whole = strings.TrimPrefix(whole, "-")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// interval is the range of values a hedged number allows.
type interval struct{ lo, hi float64 }

func rangeOf(n domain.Number) interval {
	v := n.Value
	switch strings.ToLower(n.Hedge) {
	case "more than", "over", "above", "upwards of", "in excess of":
		return interval{math.Nextafter(v, math.Inf(1)), math.Inf(1)}
	case "at least", "no fewer than", "no less than", "or more":
		return interval{v, math.Inf(1)}
	case "less than", "fewer than", "under", "below":
		return interval{math.Inf(-1), math.Nextafter(v, math.Inf(-1))}
	case "up to", "at most", "no more than":
		return interval{math.Inf(-1), v}
	case "about", "around", "approximately", "roughly", "some", "nearly", "almost", "close to", "estimated":
		d := math.Max(math.Abs(v)*0.1, 1)
		return interval{v - d, v + d}
	case "":
		return interval{v, v}
	}
	d := math.Max(math.Abs(v)*0.1, 1)
	return interval{v - d, v + d}
}

// conflicts compares the readings of one quantity from different
// articles: hard when two ranges cannot meet, soft when their values
// differ but the ranges meet.
func conflicts(rs []reading) (hard, soft bool) {
	for i := range rs {
		for j := i + 1; j < len(rs); j++ {
			if rs[i].doc == rs[j].doc || !sameThing(rs[i], rs[j]) {
				continue
			}
			a, b := rangeOf(rs[i].n), rangeOf(rs[j].n)
			if a.hi < b.lo || b.hi < a.lo {
				hard = true
			} else if rs[i].n.Value != rs[j].n.Value || rs[i].n.Hedge != rs[j].n.Hedge {
				soft = true
			}
		}
	}
	return hard, soft
}
