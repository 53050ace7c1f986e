package brief

import (
	"sort"
	"strings"
	"unicode"

	"github.com/chorusnews/chorus/internal/domain"
)

// names merges the name forms a story uses for one entity across its
// articles: a form whose words end another, longer form of the same type
// ("Tillerson", "Rex Tillerson") maps to the longest such form when that
// is unambiguous.
type names struct {
	canon map[string]string // form -> merged name
}

func newNames(docs []domain.Doc) names {
	forms := map[string]int{}   // form -> mentions
	person := map[string]bool{} // normalised keys of people's forms
	for _, d := range docs {
		for _, m := range d.Analysis.Mentions {
			forms[nameOf(m)]++
			if m.Type == domain.Person {
				person[nameKey(nameOf(m))] = true
			}
		}
		for _, q := range d.Analysis.Quotes {
			if q.Speaker != "" {
				forms[q.Speaker]++
			}
		}
	}
	// Spellings that differ only by particles and hyphens ("Bashar
	// al-Assad", "Bashar al Assad", "Bashar Assad") are one form: the most
	// used spelling represents them.
	rep := map[string]string{} // normalised key -> representative
	for _, f := range sortedKeys(forms) {
		k := nameKey(f)
		if r, ok := rep[k]; !ok || forms[f] > forms[r] || forms[f] == forms[r] && len(f) > len(r) {
			rep[k] = f
		}
	}
	n := names{canon: map[string]string{}}
	keys := sortedKeys(rep)
	for _, k := range keys {
		var longer []string
		for _, g := range keys {
			if g != k && endsWithWords(g, k) {
				longer = append(longer, g)
			}
		}
		target := k
		if len(longer) > 0 {
			// Prefer the longest form; among equals, the most used, then by name.
			sort.SliceStable(longer, func(i, j int) bool {
				li, lj := len(strings.Fields(longer[i])), len(strings.Fields(longer[j]))
				if li != lj {
					return li > lj
				}
				if fi, fj := forms[rep[longer[i]]], forms[rep[longer[j]]]; fi != fj {
					return fi > fj
				}
				return longer[i] < longer[j]
			})
			// Ambiguous when two unrelated longer forms share the ending
			// ("Smith": "Anna Smith" and "John Smith").
			ok := true
			for _, g := range longer[1:] {
				if !endsWithWords(longer[0], g) {
					ok = false
					break
				}
			}
			if ok {
				target = longer[0]
			}
		}
		if target == k && person[k] && !strings.Contains(k, " ") {
			target = byFirstName(k, keys, person, forms, rep)
		}
		n.canon[k] = target
	}
	// Follow chains ("lavrov" -> "sergey lavrov" -> "sergey v lavrov"),
	// then map every spelling to its final representative.
	final := map[string]string{}
	for _, k := range keys {
		c, seen := k, map[string]bool{}
		for n.canon[c] != c && !seen[c] {
			seen[c] = true
			c = n.canon[c]
		}
		final[k] = rep[c]
	}
	out := names{canon: map[string]string{}}
	for f := range forms {
		out.canon[f] = final[nameKey(f)]
	}
	return out
}

// byFirstName maps a lone first name ("Vladimir", left by "(Russian
// President Vladimir) Putin") to the most mentioned person whose name
// starts with it, or leaves it as it is.
func byFirstName(k string, keys []string, person map[string]bool, forms map[string]int, rep map[string]string) string {
	best, n := k, 0
	for _, g := range keys {
		if g != k && person[g] && strings.HasPrefix(g, k+" ") && forms[rep[g]] > n {
			best, n = g, forms[rep[g]]
		}
	}
	return best
}

// nameParticles are lower-case name particles that spellings drop or keep.
var nameParticles = map[string]bool{"al": true, "el": true, "bin": true, "ibn": true, "de": true, "da": true, "van": true, "von": true, "der": true}

// nameKey normalises a name form: lower case, hyphens as spaces, no
// particles, no periods ("Bashar al-Assad" -> "bashar assad").
func nameKey(f string) string {
	words := strings.Fields(strings.NewReplacer("-", " ", ".", " ", "’", "'").Replace(strings.ToLower(f)))
	out := words[:0]
	for _, w := range words {
		if !nameParticles[w] {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return strings.ToLower(f)
	}
	return strings.Join(out, " ")
}

// resolve returns the merged name of a form ("" stays "").
func (n names) resolve(form string) string {
	if c, ok := n.canon[form]; ok {
		return c
	}
	return form
}

// nameOf is the name a mention stands for in its article.
func nameOf(m domain.Mention) string {
	if m.Canonical != "" {
		return m.Canonical
	}
	return m.Text
}

// endsWithWords reports whether long ends with the words of short and is
// longer ("Rex Tillerson" ends with "Tillerson").
func endsWithWords(long, short string) bool {
	lw, sw := strings.Fields(long), strings.Fields(short)
	if len(sw) == 0 || len(lw) <= len(sw) {
		return false
	}
	for i := range sw {
		if !strings.EqualFold(lw[len(lw)-len(sw)+i], sw[i]) {
			return false
		}
	}
	return true
}

// entities aggregates mentions by merged name.
func (a *assembler) entities() []domain.BriefEntity {
	nm := newNames(a.st.Docs)
	type agg struct {
		types    map[domain.EntityType]int
		forms    map[string]bool
		articles map[string]bool
		n        int
	}
	all := map[string]*agg{}
	for _, d := range a.st.Docs {
		for _, m := range d.Analysis.Mentions {
			name := nm.resolve(nameOf(m))
			g := all[name]
			if g == nil {
				g = &agg{types: map[domain.EntityType]int{}, forms: map[string]bool{}, articles: map[string]bool{}}
				all[name] = g
			}
			g.n++
			g.types[m.Type]++
			g.forms[normSpace(m.Text)] = true
			g.articles[d.ID] = true
		}
	}
	out := make([]domain.BriefEntity, 0, len(all))
	for _, name := range sortedKeys(all) {
		g := all[name]
		// The most frequent type; on a tie organisations and places win,
		// since the commonest tagging error is a name-like organisation or
		// place taken for a person ("Exxon Mobil").
		var typ domain.EntityType
		best := -1
		for _, t := range []domain.EntityType{domain.Org, domain.Place, domain.Person} {
			if g.types[t] > best {
				typ, best = t, g.types[t]
			}
		}
		out = append(out, domain.BriefEntity{Name: name, Type: typ, Mentions: g.n, Forms: sortedKeys(g.forms), Articles: sortedKeys(g.articles)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Mentions > out[j].Mentions })
	return out
}

// quotes groups quotes by merged speaker and collapses the same quote
// carried by several articles into one, citing them all.
func (a *assembler) quotes() []domain.BriefQuote {
	nm := newNames(a.st.Docs)
	type item struct {
		q     domain.BriefQuote
		bag   bag
		first int // order of appearance
	}
	var items []*item
	titles := map[string]map[string]int{}
	addTitle := func(speaker, title string) {
		if title == "" || speaker == "" || strings.Contains(title, speaker) || strings.Contains(speaker, title) {
			return
		}
		if titles[speaker] == nil {
			titles[speaker] = map[string]int{}
		}
		titles[speaker][title]++
	}
	// A speaker's title may come from any mention in the story ("Harbour
	// Authority chief executive, Marta Lindqvist"), not only from the
	// sentence of the quote.
	for _, d := range a.st.Docs {
		for _, m := range d.Analysis.Mentions {
			if m.Type == domain.Person {
				addTitle(nm.resolve(nameOf(m)), m.Title)
			}
		}
	}
	for i, d := range a.st.Docs {
		for _, q := range d.Analysis.Quotes {
			text := d.Text[q.Start:q.End]
			speaker := nm.resolve(q.Speaker)
			if notASpeaker[strings.ToLower(speaker)] {
				speaker = "" // "a crane operator" cut to "a" is no speaker
			}
			addTitle(speaker, q.Title)
			cite := domain.Citation{Article: d.ID, Span: q.Span}
			bg := a.stem.bagOf(text)
			norm := quoteKey(text)
			merged := false
			for _, it := range items {
				if it.q.Speaker != speaker || !sameQuote(bg, it.bag) && !strings.Contains(quoteKey(it.q.Text), norm) {
					continue
				}
				if !contains(it.q.Citations, d.ID) {
					it.q.Citations = append(it.q.Citations, d.ID)
					it.q.Spans = append(it.q.Spans, cite)
				}
				merged = true
				break
			}
			if !merged {
				items = append(items, &item{
					q:     domain.BriefQuote{Speaker: speaker, Text: normSpace(text), Direct: q.Direct, Citations: []string{d.ID}, Spans: []domain.Citation{cite}},
					bag:   bg,
					first: i*1_000_000 + q.Start,
				})
			}
		}
	}
	// Speakers with more quotes first; within a speaker, the most cited.
	count := map[string]int{}
	for _, it := range items {
		count[it.q.Speaker]++
	}
	sort.SliceStable(items, func(i, j int) bool {
		si, sj := items[i].q.Speaker, items[j].q.Speaker
		if (si == "") != (sj == "") {
			return sj == ""
		}
		if count[si] != count[sj] {
			return count[si] > count[sj]
		}
		if si != sj {
			return si < sj
		}
		if len(items[i].q.Citations) != len(items[j].q.Citations) {
			return len(items[i].q.Citations) > len(items[j].q.Citations)
		}
		return items[i].first < items[j].first
	})
	out := make([]domain.BriefQuote, 0, len(items))
	for _, it := range items {
		it.q.Title = mostUsed(titles[it.q.Speaker])
		out = append(out, it.q)
	}
	return out
}

// notASpeaker are words a speaker name cannot be.
var notASpeaker = map[string]bool{"a": true, "an": true, "the": true, "he": true, "she": true, "they": true, "it": true, "we": true, "i": true, "you": true}

// sameQuote reports whether two quote texts are the same words, allowing
// for one outlet quoting a longer or shorter stretch.
func sameQuote(a, b bag) bool {
	c, j := overlap(a, b)
	return j >= 0.6 || c >= 0.9 && min(len(a), len(b)) >= 4
}

// quoteKey normalises a quote for containment tests: lower case, letters
// and digits only, single spaces.
func quoteKey(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// mostUsed returns the key with the highest count; ties go to the longer,
// then the alphabetically first.
func mostUsed(m map[string]int) string {
	best, n := "", 0
	for _, k := range sortedKeys(m) {
		if m[k] > n || m[k] == n && len(k) > len(best) {
			best, n = k, m[k]
		}
	}
	return best
}
