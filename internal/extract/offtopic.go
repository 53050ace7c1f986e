package extract

import (
	"regexp"
	"strings"

	"github.com/kljensen/snowball/english"
)

// Off-topic detection. A page often embeds a block about another story: a
// promo, a "Related" teaser, a video headline with its blurb. Such a block
// shares almost no content words with the article. The rule:
//
//   - a cue is a dropped line that announces other content: a cue word
//     ("Related", "Watch", "More from", "Trending", ...), a call to action,
//     or a headline-shaped fragment of at least three words;
//   - the window of a cue is the run of kept paragraphs right after it, up
//     to the next dropped line, at most windowMax paragraphs;
//   - topic = the title's content stems plus those of every kept paragraph
//     outside the window (so the teaser's own paragraphs do not vouch for
//     each other);
//   - walking the window in order, a paragraph with at least minWords
//     distinct stems whose overlap (share of its stems in topic) is below
//     the threshold is off-topic; the walk stops at the first paragraph
//     that is on topic (or too short to judge). The threshold is cuedMax
//     after a cue word or a headline glued to its paragraph (a teaser's
//     shape), headlineMax after a headline standing alone (a subhead,
//     maybe).
//
// Without a cue, a paragraph is off-topic only when it is long (longWords
// stems) and shares almost nothing (overlap below plainMax) with the title
// and the other kept paragraphs. Nothing is judged when fewer than minParas
// paragraphs are kept: there is not enough text to know the topic.
//
// The thresholds were set on the seeds and on our examples: real
// paragraphs there have an overlap of 0.10 to 0.60, the embedded teasers
// below 0.10 once their window is set aside.
const (
	minParas    = 4
	minWords    = 6
	longWords   = 15
	windowMax   = 3
	cuedMax     = 0.20
	headlineMax = 0.12
	plainMax    = 0.05
)

// cueLine matches lines that announce content about something else.
var cueLine = regexp.MustCompile(`(?i)^\W*(related|watch|video|listen|more from|more on|you may also like|you might also like|trending|recommended|read next|read more|also read|most popular|most read|editor'?s picks|top stories|see also|further reading|more stories|latest|sponsored|promoted|advertisement|from around the web)\b`)

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
	titleStems := contentStems(title)
	// df counts, per stem, the kept paragraphs holding it: computed once,
	// so the whole rule is linear in the text size.
	df := map[string]int{}
	for _, i := range kept {
		for s := range stems[i] {
			df[s]++
		}
	}
	// overlap of paragraph i with the title and the kept paragraphs other
	// than i and those counted in win.
	overlap := func(i int, win map[string]int, inWin bool) float64 {
		in := 0
		for s := range stems[i] {
			others := df[s] - win[s]
			if !inWin {
				others-- // i itself
			}
			if titleStems[s] || others > 0 {
				in++
			}
		}
		return float64(in) / float64(len(stems[i]))
	}
	for c := range us {
		if !isCue(us[c]) {
			continue
		}
		hi := c + 1
		for hi < len(us) && us[hi].reason == Keep && hi-c <= windowMax {
			hi++
		}
		if hi == c+1 {
			continue
		}
		win := map[string]int{}
		for j := c + 1; j < hi; j++ {
			for s := range stems[j] {
				win[s]++
			}
		}
		max := cuedMax
		if !cueLine.MatchString(us[c].text) && !teaserCue.MatchString(us[c].text) && us[c].block != us[c+1].block {
			// Only a headline-shaped line standing alone: a subhead,
			// maybe. A headline glued to its paragraph (same block) is
			// the shape of a teaser and keeps the wider threshold.
			max = headlineMax
		}
		for j := c + 1; j < hi; j++ {
			if len(stems[j]) < minWords || overlap(j, win, true) >= max {
				break
			}
			us[j].reason = OffTopic
		}
	}
	// Paragraphs judged off-topic above no longer vouch for others.
	for i := range us {
		if us[i].reason == OffTopic {
			for s := range stems[i] {
				df[s]--
			}
		}
	}
	for _, i := range kept {
		if us[i].reason == Keep && len(stems[i]) >= longWords && overlap(i, nil, false) < plainMax {
			us[i].reason = OffTopic
		}
	}
}

// isCue reports whether a dropped line announces content about something
// else.
func isCue(u unit) bool {
	switch u.reason {
	case Keep, OffTopic, TitleAgain:
		return false
	case CallToAct:
		return true
	case Fragment:
		if len(words(u.text)) >= 3 && titleLike(words(u.text)) {
			return true
		}
	}
	return cueLine.MatchString(u.text)
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
