package extract

import (
	"regexp"
	"strings"

	"github.com/kljensen/snowball/english"
)

// Off-topic detection. A page often embeds a block about another story: a
// promo, a "Related" teaser, a video headline with its blurb. Such a block
// shares almost no content words with the article. The rule, per kept
// paragraph p with at least minWords distinct content stems:
//
//   - topic = the title's stems, plus every stem found in at least one other
//     kept paragraph;
//   - overlap = share of p's distinct stems that are in topic;
//   - p is off-topic when overlap < cuedMax and it is cued — the line just
//     before it was dropped as a headline-shaped fragment or call to action
//     ("Related", "Watch", a teaser headline), or it sits in the same block
//     as such a line — or, without a cue, when overlap < plainMax and p is
//     long (at least longWords stems).
//
// The thresholds were set on the seeds, where real paragraphs have an
// overlap of 0.10 to 0.60 and the embedded teaser 0.10 after its cue: the
// uncued rule only catches a long block sharing (almost) nothing.
//
// Nothing is judged when the article has fewer than minParas kept
// paragraphs: there is not enough text to know its topic.
const (
	minParas  = 4
	minWords  = 6
	longWords = 15
	cuedMax   = 0.20
	plainMax  = 0.05
)

// cueLine matches lines that announce content about something else.
var cueLine = regexp.MustCompile(`(?i)^(related|watch|more from|more on|you may also like|you might also like|trending|recommended|read next|read more|also read|most popular|most read|editor'?s picks|top stories|see also|further reading|more stories|latest)\b`)

func markOffTopic(us []unit, title string) {
	var kept []int
	stems := make([]map[string]bool, len(us))
	for i, u := range us {
		if u.reason == Keep {
			kept = append(kept, i)
			stems[i] = contentStems(u.text)
		}
	}
	if len(kept) < minParas {
		return
	}
	df := map[string]int{}
	for _, i := range kept {
		for s := range stems[i] {
			df[s]++
		}
	}
	titleStems := contentStems(title)
	overlap := func(i int) float64 {
		in := 0
		for s := range stems[i] {
			// df counts p itself: "another paragraph" is df >= 2.
			if titleStems[s] || df[s] >= 2 {
				in++
			}
		}
		return float64(in) / float64(len(stems[i]))
	}
	for _, i := range kept {
		n := len(stems[i])
		if n < minWords {
			continue
		}
		ov := overlap(i)
		if ov < cuedMax && cued(us, i) {
			us[i].reason = OffTopic
			continue
		}
		if ov < plainMax && n >= longWords {
			us[i].reason = OffTopic
		}
	}
}

// cued reports whether unit i follows a dropped headline-shaped line or a
// cue line ("Related", "Watch", ...), directly or within its block, or
// follows a paragraph already judged off-topic in the same block.
func cued(us []unit, i int) bool {
	for j := i - 1; j >= 0; j-- {
		p := us[j]
		switch {
		case cueLine.MatchString(p.text) && p.reason != Keep:
			return true
		case p.reason == Fragment && titleLike(words(p.text)) && len(words(p.text)) >= 3:
			return true
		case p.reason == CallToAct:
			return true
		case p.reason == OffTopic && p.block == us[i].block:
			return true
		}
		// Look back past other debris only within the block.
		if p.reason == Keep || p.block != us[i].block {
			return false
		}
	}
	return false
}

// contentStems returns the distinct Porter2 stems of s's content words
// (letters only, not stop words, at least 3 letters).
func contentStems(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range words(s) {
		lw := strings.ToLower(w)
		lw = strings.TrimSuffix(strings.TrimSuffix(lw, "'s"), "’s")
		if len(lw) < 3 || english.IsStopWord(lw) || genericWords[lw] || !isAlpha(lw) {
			continue
		}
		out[english.Stem(lw, false)] = true
	}
	return out
}

// genericWords are reporting verbs and fillers that every story uses and
// that say nothing about its topic.
var genericWords = map[string]bool{
	"said": true, "says": true, "say": true, "told": true, "tell": true, "also": true, "would": true,
	"could": true, "one": true, "two": true, "new": true, "first": true, "last": true, "year": true,
	"years": true, "week": true, "time": true, "according": true, "added": true, "just": true, "like": true,
	"mr": true, "mrs": true, "ms": true, "many": true, "much": true, "may": true, "might": true, "made": true,
}

func isAlpha(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z') && r != '-' && r != '\'' && r != '’' && r < 0x80 {
			return false
		}
	}
	return true
}
