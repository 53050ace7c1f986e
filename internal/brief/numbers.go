package brief

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/chorusnews/chorus/internal/domain"
)

// A quantity is what a number counts, keyed by the sorted stems of its
// counted words and unit, so "people dead" in one article meets "people
// dead" in another whatever the word order or inflection.
func (a *assembler) quantityKey(n domain.Number) string {
	words := contentWords(n.Counted + " " + n.Unit)
	if len(words) == 0 {
		return ""
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
			if n.Counted == "" {
				continue
			}
			key := a.quantityKey(n)
			if key == "" {
				continue
			}
			groups[key] = append(groups[key], reading{n: n, doc: i, label: valueLabel(n)})
			if l, ok := labelOf[key]; !ok || len(n.Counted) < len(l) {
				labelOf[key] = n.Counted
			}
		}
	}
	var all []domain.BriefNumber
	var dis []domain.Disagreement
	for _, key := range sortedKeys(groups) {
		rs := groups[key]
		values := a.numberValues(rs)
		quantity := labelOf[key]
		all = append(all, domain.BriefNumber{Quantity: quantity, Values: values})
		if len(values) < 2 || !fromSeveralArticles(values) {
			continue
		}
		hard, soft := conflicts(rs)
		if hard || soft {
			dis = append(dis, domain.Disagreement{Quantity: quantity, Values: values, Soft: !hard})
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
// "20 percent", "59".
func valueLabel(n domain.Number) string {
	v := strconv.FormatFloat(n.Value, 'f', -1, 64)
	if n.Hedge != "" {
		v = n.Hedge + " " + v
	}
	if n.Unit != "" {
		if n.Unit == "USD" || n.Unit == "EUR" || n.Unit == "GBP" {
			return v + " " + n.Unit
		}
		v += " " + n.Unit
	}
	return v
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
			if rs[i].doc == rs[j].doc {
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
