// Package brief assembles the brief of one story from its analysed
// articles: headline and sources, the extractive summary with every
// corroborating citation, quotes grouped by speaker, entities with merged
// name forms, numbers and the disagreements between sources, a timeline and
// what each source alone reports. It belongs to the summarize stage: the
// sentence selection itself is handed in as a Selector, so this package
// depends on nothing but the domain types.
package brief

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chorusnews/chorus/internal/domain"
)

// Pick names one selected sentence: sentence Sent of document Doc.
type Pick struct{ Doc, Sent int }

// Selector chooses summary sentences from the candidate sentences of each
// document (docs[i][j] is sentence j of document i), at most maxWords words
// in all, and returns them in reading order.
type Selector func(docs [][]string, maxWords int) []Pick

// Options tunes a brief. Zero values take the defaults.
type Options struct {
	MaxWords     int // summary length in words (default 150)
	MaxTimeline  int // timeline events (default 12)
	MaxExclusive int // exclusive sentences per source (default 3)
	MaxNumbers   int // reported quantities listed (default 15)
	// Debris, when set, gives the length in bytes of the web debris a
	// sentence starts with ("Advertisement", "Image copyright X Image
	// caption"), len(s) when it is nothing but debris: the brief shows and
	// cites what follows it, and never a sentence that is all debris.
	Debris func(s string) int
}

func (o Options) withDefaults() Options {
	if o.MaxWords <= 0 {
		o.MaxWords = 150
	}
	if o.MaxTimeline <= 0 {
		o.MaxTimeline = 12
	}
	if o.MaxExclusive <= 0 {
		o.MaxExclusive = 3
	}
	if o.MaxNumbers <= 0 {
		o.MaxNumbers = 15
	}
	return o
}

// Story is the input of Assemble: the articles of one story, in a stable
// order, and which of them are near-copies of another.
type Story struct {
	ID     string
	Docs   []domain.Doc
	CopyOf map[string]string // article id -> id of the article it copies
}

// sentence is a candidate sentence with what the assembly needs.
type sentence struct {
	doc, idx int
	text     string
	span     domain.Span
	bag      bag
	eligible bool
}

// assembler holds the per-story working state.
type assembler struct {
	st    Story
	opts  Options
	stem  stemmer
	sents [][]sentence // per document
	// original[i] is false for documents that are near-copies.
	original []bool
	// spread counts, per stem, the original articles that use it.
	spread map[string]int
	nOrig  int
}

// Assemble writes the brief of one story. It is deterministic: the same
// story gives the same brief.
func Assemble(st Story, sel Selector, opts Options) domain.Brief {
	a := &assembler{st: st, opts: opts.withDefaults(), stem: stemmer{}}
	a.prepare()
	b := domain.Brief{
		ID:       st.ID,
		Headline: a.headline(),
		Articles: a.sources(),
	}
	b.Start, b.End = a.span()
	b.Summary = a.summary(sel)
	b.Quotes = a.quotes()
	b.Entities = a.entities()
	b.Numbers, b.Disagreements = a.numbers()
	b.Timeline = a.timeline()
	b.Exclusives = a.exclusives()
	if b.Summary == nil {
		b.Summary = []domain.SummarySentence{}
	}
	if b.Quotes == nil {
		b.Quotes = []domain.BriefQuote{}
	}
	if b.Entities == nil {
		b.Entities = []domain.BriefEntity{}
	}
	if b.Disagreements == nil {
		b.Disagreements = []domain.Disagreement{}
	}
	if b.Timeline == nil {
		b.Timeline = []domain.TimelineEvent{}
	}
	return b
}

func (a *assembler) prepare() {
	a.original = make([]bool, len(a.st.Docs))
	a.spread = map[string]int{}
	a.sents = make([][]sentence, len(a.st.Docs))
	for i, d := range a.st.Docs {
		_, isCopy := a.st.CopyOf[d.ID]
		a.original[i] = !isCopy
		seen := bag{}
		for _, s := range d.Analysis.Sentences {
			text, span := d.Text[s.Start:s.End], s.Span
			if k := datelineEnd(text); k > 0 {
				text, span.Start = text[k:], span.Start+k // the dateline is no part of what is said
			}
			if a.opts.Debris != nil {
				// Page furniture is no part of it either; a sentence of
				// nothing else keeps its place, empty and never eligible.
				k := min(a.opts.Debris(text), len(text))
				text, span.Start = text[k:], span.Start+k
			}
			bg := a.stem.bagOf(text)
			a.sents[i] = append(a.sents[i], sentence{doc: i, idx: s.Index, text: text, span: span, bag: bg})
			for w := range bg {
				seen[w] = struct{}{}
			}
		}
		if !isCopy {
			a.nOrig++
			for w := range seen {
				a.spread[w]++
			}
		}
	}
	for i, d := range a.st.Docs {
		lower := isLowerCased(d.Text)
		for j := range a.sents[i] {
			s := &a.sents[i][j]
			s.eligible = a.eligible(d, s, lower)
		}
	}
}

// eligible decides whether a sentence may enter the summary, the timeline
// or the exclusives: a complete sentence of reasonable length, not the
// headline, and (in a story of several articles) about the story.
// lowerCased says the article has (almost) no capitals.
func (a *assembler) eligible(d domain.Doc, s *sentence, lowerCased bool) bool {
	n := wordCount(s.text)
	if n < 6 || n > 90 {
		return false
	}
	if normSpace(s.text) == normSpace(d.Title) {
		return false
	}
	if !endsSentence(s.text) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s.text)
	if unicode.IsLower(first) && !lowerCased {
		return false // a fragment left by a bad split
	}
	if !standsAlone(s.text) {
		return false
	}
	return a.support(s.bag) >= 0.2 || a.nOrig < 2
}

// dependentOpeners are first words that make a sentence lean on the one
// before it ("He said ...", "But ...", "The latter ..."): out of context, in
// a summary, they mislead.
var dependentOpeners = map[string]bool{
	"he": true, "she": true, "they": true, "it": true, "this": true, "these": true,
	"those": true, "his": true, "her": true, "their": true, "its": true, "but": true,
	"and": true, "or": true, "also": true, "however": true, "still": true, "yet": true,
	"then": true, "there": true, "that": true, "latter": true, "former": true,
	"meanwhile": true, "instead": true, "besides": true, "moreover": true, "so": true,
}

// standsAlone reports whether a sentence reads on its own: it does not
// open on a pronoun or connective, its quotation marks are balanced, and a
// sentence that is only a quotation names its speaker.
func standsAlone(text string) bool {
	words := strings.Fields(text)
	if len(words) == 0 {
		return false
	}
	w := strings.ToLower(strings.Trim(words[0], "\"'“”‘’(),"))
	if w == "the" && len(words) > 1 {
		w2 := strings.ToLower(strings.Trim(words[1], ",;"))
		if w2 == "latter" || w2 == "former" {
			return false
		}
	}
	if dependentOpeners[w] {
		return false
	}
	// "According to an official interpreter." names a source and says
	// nothing: the clause it introduces was split off
	if w == "according" && !strings.Contains(text, ",") {
		return false
	}
	if n := strings.Count(text, "\"") + strings.Count(text, "“") + strings.Count(text, "”"); n%2 != 0 {
		return false
	}
	if strings.HasPrefix(text, "\"") || strings.HasPrefix(text, "“") {
		// A quotation alone: keep it only with its attribution after it.
		closeAt := strings.LastIndexAny(text, "\"”")
		rest := strings.ToLower(text[closeAt+1:])
		if wordCount(rest) < 2 || !(strings.Contains(rest, "said") || strings.Contains(rest, "says") || strings.Contains(rest, "told") || strings.Contains(rest, "added")) {
			return false
		}
		for _, p := range []string{" he ", " she ", " they "} {
			if strings.Contains(" "+rest+" ", p) {
				return false // "..., he said": the speaker is not named here
			}
		}
	}
	return true
}

// support is the share of a sentence's content stems that another article
// of the story also uses: text about something else scores near zero.
func (a *assembler) support(b bag) float64 {
	if len(b) == 0 {
		return 0
	}
	n := 0
	for w := range b {
		if a.spread[w] >= 2 {
			n++
		}
	}
	return float64(n) / float64(len(b))
}

// endsSentence reports whether text ends with sentence punctuation,
// possibly followed by closing quotes or brackets.
func endsSentence(text string) bool {
	t := strings.TrimRightFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("\"'”’)]»", r)
	})
	return strings.HasSuffix(t, ".") || strings.HasSuffix(t, "!") || strings.HasSuffix(t, "?")
}

// isLowerCased reports whether a text has almost no capitals (some
// datasets are lower-cased), where a lower-case start is no sign of a
// fragment.
func isLowerCased(text string) bool {
	upper, letters := 0, 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters > 0 && upper*100 < letters
}

// headline is the title whose words the other articles share most, read
// per word so that a long title does not win by length alone; titles
// that are quotations or very long lose points.
func (a *assembler) headline() string {
	best, bestScore := -1, -1.0
	for i, d := range a.st.Docs {
		if strings.TrimSpace(d.Title) == "" {
			continue
		}
		tb := a.stem.bagOf(d.Title)
		if len(tb) == 0 {
			continue
		}
		score := 0.0
		for w := range tb {
			score += float64(a.spread[w])
		}
		score /= float64(len(tb))
		if a.original[i] {
			score += 0.25
		}
		if n := wordCount(d.Title); n > 14 {
			score -= 0.1 * float64(n-14)
		}
		if strings.ContainsAny(d.Title[:1], "\"“'‘") {
			score -= 1
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		for i := range a.sents {
			if len(a.sents[i]) > 0 {
				return a.sents[i][0].text
			}
		}
		return "(untitled story)"
	}
	return normSpace(a.st.Docs[best].Title)
}

func (a *assembler) sources() []domain.SourceRef {
	out := make([]domain.SourceRef, 0, len(a.st.Docs))
	for _, d := range a.st.Docs {
		ref := domain.SourceRef{ID: d.ID, Source: d.Source, Title: d.Title, Path: d.Path, URL: d.URL, CopyOf: a.st.CopyOf[d.ID]}
		if !d.Published.IsZero() {
			ref.Published = d.Published.Format("2006-01-02")
		}
		out = append(out, ref)
	}
	return out
}

// span returns the first and last publication dates.
func (a *assembler) span() (string, string) {
	var first, last string
	for _, d := range a.st.Docs {
		if d.Published.IsZero() {
			continue
		}
		day := d.Published.Format("2006-01-02")
		if first == "" || day < first {
			first = day
		}
		if day > last {
			last = day
		}
	}
	return first, last
}

// summary selects sentences from the original articles and cites every
// article carrying the same or a near-same sentence.
func (a *assembler) summary(sel Selector) []domain.SummarySentence {
	var docs [][]string
	var back [][]*sentence // docs index -> candidate -> sentence
	var docOf []int
	for i := range a.st.Docs {
		if !a.original[i] {
			continue
		}
		var texts []string
		var refs []*sentence
		for j := range a.sents[i] {
			s := &a.sents[i][j]
			if s.eligible {
				texts = append(texts, s.text)
				refs = append(refs, s)
			}
		}
		docs = append(docs, texts)
		back = append(back, refs)
		docOf = append(docOf, i)
	}
	if len(docs) == 0 {
		return nil
	}
	// The summarizer ranks a pool three times the budget; the brief then
	// prefers, among close candidates, sentences more articles carry, since
	// a brief's summary should say what the sources agree on.
	type cand struct {
		s     *sentence
		cites []domain.Citation
		score float64
	}
	var pool []cand
	for rank, p := range sel(docs, 3*a.opts.MaxWords) {
		if p.Doc < 0 || p.Doc >= len(back) || p.Sent < 0 || p.Sent >= len(back[p.Doc]) {
			continue
		}
		s := back[p.Doc][p.Sent]
		cites := a.corroborate(s)
		score := 1 / (1 + 0.25*float64(rank))
		if a.nOrig > 1 {
			score += 0.6 * float64(len(citationIDs(cites))-1) / float64(a.nOrig-1)
		}
		pool = append(pool, cand{s, cites, score})
	}
	sort.SliceStable(pool, func(i, j int) bool { return pool[i].score > pool[j].score })
	var out []domain.SummarySentence
	var chosen []bag
	var chosenFigs [][]string
	words := 0
	for _, c := range pool {
		n := wordCount(c.s.text)
		if len(out) > 0 && words+n > a.opts.MaxWords {
			continue
		}
		redundant := false
		figs := figures(c.s.text)
		for k, b := range chosen {
			cont, _ := overlap(c.s.bag, b)
			// the same distinctive figure and much of the wording: the
			// same fact told twice ("to 4.75 per cent" / "to 4.75 percent")
			if cont >= 0.6 || cont >= 0.4 && sharesFigure(figs, chosenFigs[k]) {
				redundant = true
				break
			}
		}
		if redundant {
			continue
		}
		chosen = append(chosen, c.s.bag)
		chosenFigs = append(chosenFigs, figs)
		words += n
		out = append(out, domain.SummarySentence{Text: c.s.text, Citations: citationIDs(c.cites), Spans: c.cites})
	}
	return out
}

// corroborate returns the citation of s itself followed by every other
// article holding a near-same sentence (its best match in each).
func (a *assembler) corroborate(s *sentence) []domain.Citation {
	cites := []domain.Citation{{Article: a.st.Docs[s.doc].ID, Span: s.span}}
	for i := range a.st.Docs {
		if i == s.doc {
			continue
		}
		best, bestJ := -1, 0.0
		for j := range a.sents[i] {
			o := &a.sents[i][j]
			if !nearSame(s.bag, o.bag) {
				continue
			}
			if _, jac := overlap(s.bag, o.bag); jac > bestJ {
				best, bestJ = j, jac
			}
		}
		if best >= 0 {
			cites = append(cites, domain.Citation{Article: a.st.Docs[i].ID, Span: a.sents[i][best].span})
		}
	}
	return cites
}

func citationIDs(cs []domain.Citation) []string {
	ids := make([]string, 0, len(cs))
	seen := map[string]bool{}
	for _, c := range cs {
		if !seen[c.Article] {
			seen[c.Article] = true
			ids = append(ids, c.Article)
		}
	}
	return ids
}

// sentenceAt returns the sentence of document i containing byte offset off.
func (a *assembler) sentenceAt(i, off int) *sentence {
	ss := a.sents[i]
	k := sort.Search(len(ss), func(k int) bool { return ss[k].span.End > off })
	if k < len(ss) && ss[k].span.Start <= off {
		return &ss[k]
	}
	return nil
}

// exclusives lists, per original article, sentences that no other article
// carries and whose content is mostly new to the story.
func (a *assembler) exclusives() []domain.Exclusive {
	if a.nOrig < 2 {
		return nil
	}
	var out []domain.Exclusive
	for i, d := range a.st.Docs {
		if !a.original[i] {
			continue
		}
		var picked []string
		for j := range a.sents[i] {
			s := &a.sents[i][j]
			if !s.eligible || len(picked) >= a.opts.MaxExclusive {
				continue
			}
			if len(a.corroborate(s)) > 1 || a.novelty(s.bag) < 0.4 {
				continue
			}
			picked = append(picked, s.text)
		}
		if len(picked) > 0 {
			out = append(out, domain.Exclusive{Article: d.ID, Sentences: picked})
		}
	}
	return out
}

// novelty is the share of content stems no other original article uses.
func (a *assembler) novelty(b bag) float64 {
	if len(b) == 0 {
		return 0
	}
	n := 0
	for w := range b {
		if a.spread[w] <= 1 {
			n++
		}
	}
	return float64(n) / float64(len(b))
}
