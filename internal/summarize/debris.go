package summarize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Web debris: page furniture that scrapers leave inline when they collapse
// a page's lines into one text ("Advertisement", "Story highlights",
// "Image copyright AFP Image caption", "(Photo: AP)", "Close", "Subscribe"
// ...). A sentence that starts with it would carry it into a summary, and a
// sentence that is nothing else ("Be the first to know.", "Image 1 of")
// wastes the summary's words. DebrisPrefix finds it; the summarizer builds
// its candidates from the text after it (see newCluster) and Render shows
// that text. The phrases were read off the most frequent sentence-initial
// word sequences of the Multi-News train split (README, "Web debris") and
// kept only where they are generic page furniture.

// DebrisPrefix returns how many leading bytes of the sentence s are web
// debris, together with the white space and separators after it: s[n:] is
// the sentence without it. It returns len(s) when s is nothing but debris
// (nothing with a letter or digit is left) and 0 when s does not start with
// debris. Matching ignores ASCII case; it never reads past the first few
// dozen words of s, and returns 0 quickly for a sentence whose first word
// cannot start debris.
//
// A sentence that, after its leading debris, is a boilerplate sentence
// (recurring word for word across unrelated train stories, see
// boiler.go) is all debris too.
func DebrisPrefix(s string) int {
	k := debrisPrefix(s)
	if k < len(s) && boilerplate.has(s[k:]) {
		return len(s)
	}
	return k
}

// debrisPrefix is DebrisPrefix by the prefix rules alone.
func debrisPrefix(s string) int {
	if len(s) == 0 || !debrisStart[s[0]] || !mayStartDebris(s) {
		return 0
	}
	var m debrisMatcher
	m.s = s
	pos := 0
	for range maxDebrisRules {
		if !m.tokenize(pos) {
			break
		}
		end, whole := m.match()
		if end < 0 {
			break
		}
		if whole {
			return len(s)
		}
		pos = end
	}
	if pos == 0 {
		return 0
	}
	// White space and separators ("—", ":", "|") after the debris go
	// with it; a sentence with no letter or digit left is all debris.
	rest := pos
	for rest < len(s) {
		r, size := utf8.DecodeRuneInString(s[rest:])
		if !unicode.IsSpace(r) && !strings.ContainsRune(debrisSeparators, r) {
			break
		}
		rest += size
	}
	if !hasWordRune(s[rest:]) {
		return len(s)
	}
	return rest
}

// maxDebrisRules bounds how many pieces of debris in a row are removed
// ("Advertisement Advertisement Continue reading the main story ...").
const maxDebrisRules = 8

// debrisSeparators may follow debris and go with it.
const debrisSeparators = "-–—:|•·,;.>»"

// debrisStart marks the bytes a sentence with debris can start with: the
// first letters of the rules' first words (either case), '(' (a
// parenthesised credit), '×' (U+00D7: a close button; UTF-8 C3 97) and the
// quotation marks and white space that may precede debris.
var debrisStart = func() (t [256]bool) {
	for _, c := range "\"'([ \t\u00a0\u201c\u201d" {
		var b [4]byte
		utf8.EncodeRune(b[:], c)
		t[b[0]] = true
	}
	t[0xC3] = true // ×
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, r := range debrisRules {
		c := r.words[0][0]
		if c >= 'a' && c <= 'z' {
			t[c], t[c-'a'+'A'] = true, true
		}
	}
	return t
}()

// debrisFirst indexes the rules by their first element (a word, "(",
// "×" or "NUM").
var debrisFirst = func() map[string][]int {
	t := map[string][]int{}
	for i, r := range debrisRules {
		t[r.words[0]] = append(t[r.words[0]], i)
	}
	return t
}()

// debrisShape has bit l of [n][c] set when a rule's first word has n
// letters, starts with 'a'+c and ends with 'a'+l: a word without a rule
// fails this test in a few instructions (the map is read only after it).
var debrisShape = func() (t [16][26]uint32) {
	for w := range debrisFirst {
		if n := len(w); n < 16 && w[0] >= 'a' && w[0] <= 'z' && w[n-1] >= 'a' && w[n-1] <= 'z' {
			t[n][w[0]-'a'] |= 1 << (w[n-1] - 'a')
		}
	}
	return t
}()

// mayStartDebris is the quick test before any matching: whether the first
// word of s (after quotation marks and white space) is the first word of a
// rule, or s starts with '(', '×' or a digit.
func mayStartDebris(s string) bool {
	i := 0
	for i < len(s) {
		switch c := s[i]; {
		case c == ' ' || c == '\t' || c == '"' || c == '\'':
			i++
			continue
		case c == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0: // no-break space
			i += 2
			continue
		case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0x9C || s[i+2] == 0x9D): // “ ”
			i += 3
			continue
		}
		break
	}
	if i == len(s) {
		return false
	}
	if c := s[i]; c == '(' || c == 0xC3 || c >= '0' && c <= '9' {
		return true
	}
	var buf [16]byte
	n := 0
	for ; i < len(s) && n < len(buf); i++ {
		c := tokenByte[s[i]]
		if c == 0 || c <= '9' {
			break
		}
		buf[n] = c
		n++
	}
	if n == 0 || i < len(s) && tokenByte[s[i]] != 0 {
		return false
	}
	if n >= len(debrisShape) || buf[0] < 'a' || buf[n-1] < 'a' ||
		debrisShape[n][buf[0]-'a']&(1<<(buf[n-1]-'a')) == 0 {
		return false
	}
	_, ok := debrisFirst[string(buf[:n])]
	return ok
}

// hasWordRune reports whether s holds a letter or digit.
func hasWordRune(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if tokenByte[c] != 0 {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
		i += size
	}
	return false
}

// A debrisRule is a sequence of elements matched token by token. An
// element is a word in lower case (matched ignoring ASCII case), a single
// punctuation character, or one of the special elements:
//
//	CREDIT  a photo credit: 1-6 tokens up to the element after it, or at
//	        most 4 words up to the end of the sentence, or at most 8
//	        tokens ending with an agency's name (creditEnds)
//	NUM     a number
//	MONTH   a month's name or abbreviation
//	SHARE*  any number of share-button words (facebook, twitter, email ...)
//	REST    the rest of the sentence (the sentence is boilerplate)
//	NOTNEXT the next word is not one of the rule's notNext words
//
// A whole rule applies only when it takes the whole sentence (nothing but
// punctuation after it).
type debrisRule struct {
	words   []string
	whole   bool
	notNext []string // for NOTNEXT
}

// debrisRules, from the most frequent sentence-initial word sequences over
// the documents of the Multi-News train split (see the README).
var debrisRules = func() []debrisRule {
	prefix := []string{
		"advertisement",
		"continue reading the main story",
		"story highlights",
		"story continued below",
		"media playback is unsupported on your device",
		"media caption",
		"image caption",
		"image copyright CREDIT image caption",
		"image copyright CREDIT",
		"image NUM of NUM",
		"photo : CREDIT",
		"photo credit : CREDIT",
		"credit : CREDIT",
		"( CREDIT )", // only credits: see matchParen
		"file photo :",
		"file photo -",
		"file -",
		"text size - + reset",
		"add interest",
		"please enable javascript to watch this video",
		"play SHARE* embed",
		"share this article SHARE*",
		"share this : SHARE*",
		"related :",
		"photos :",
		"video :",
		"watch :",
		"read more :",
		"hide caption",
		"toggle caption",
		"enlarge this image",
		"enlarge image",
		"just watched",
		"published on MONTH NUM , NUM",
		"subscribe :",
		"subscribe NOTNEXT",
		"close NOTNEXT",
		"skip in skip x embed x share",
		"buy photo",
		"buy this photo",
		"×",
	}
	whole := []string{
		"advertisement",
		"close",
		"file",
		"photo",
		"image",
		"learn more",
		"learn more here",
		"read more",
		"read more here",
		"NUM of NUM",
		"image NUM of",
		"be the first to know",
		"thank you for reading",
		"thank you for subscribing",
		"thank you for signing up",
		"please try again",
		"please try again later",
		"loading",
		"skip ad ad loading",
		"an error has occurred",
		"please turn on javascript",
		"media requires javascript to play",
		"invalid email address",
		"please re - enter",
		"all rights reserved",
		"sign up",
		"sign me up",
		"view photo",
		"view gallery",
		"get digital access",
		"never miss a local story",
		"tweet with a location REST",
		"get email notifications on REST",
		"you always have the option to delete your tweet location history",
	}
	var out []debrisRule
	for _, p := range prefix {
		r := debrisRule{words: strings.Fields(p)}
		switch r.words[0] {
		case "subscribe":
			r.notNext = []string{"to", "now", "for", "today", "and", "or", "here", "at", "on", "by"}
		case "close":
			// "Close" is also an adjective and a verb ("Close to 100
			// people ...", "Close friends said ..."): it is debris only
			// before what is (a video widget's "Close Get email
			// notifications", "Close Skip in Skip", "Close SportsPulse:")
			// or before words that cannot follow the word (a title or
			// name: "Close President Trump ..."); see matchRule.
			r.notNext = nil
		}
		out = append(out, r)
	}
	for _, p := range whole {
		out = append(out, debrisRule{words: strings.Fields(p), whole: true})
	}
	return out
}()

// closeBefore are words after which a sentence-initial "Close" is a video
// widget's button, not the adjective or verb.
var closeBefore = []string{"get", "skip", "sportspulse", "president", "former", "usa", "video", "watch", "replay"}

// creditEnds are the agency names a credit without a closing element may end
// with ("Photo: Getty on Wednesday, ..."); "images" and "photo" only after
// one of them.
var creditEnds = []string{"getty", "ap", "afp", "reuters", "epa", "bloomberg", "shutterstock", "istock", "press", "images", "photo"}

// creditWords mark a parenthesised group at the start of a sentence as a
// photo credit ("(Photo: AP)", "(AP Photo/Jane Doe)", "(Alex Wong / Getty
// Images)", "(Associated Press)"); "(CNN)" or "(Reuters)", datelines, are
// left alone.
var creditWords = []string{"photo", "photos", "photograph", "credit", "getty", "images", "shutterstock", "istock", "associated"}

var shareWords = []string{"facebook", "twitter", "google", "plus", "linkedin", "email", "pinterest", "whatsapp", "reddit", "print", "comments", "share", "tumblr", "messenger"}

var months = []string{"jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
	"jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december"}

// maxDebrisTokens bounds the tokens a rule may read.
const maxDebrisTokens = 32

// debrisMatcher holds the tokens of a sentence from some position: words
// (runs of letters and digits) and single other characters, white space
// skipped. Tokens are read as the rules ask for them (has), so a sentence
// that fails on its first word or two costs only those.
type debrisMatcher struct {
	s     string
	toks  [maxDebrisTokens]debrisToken
	n     int
	next  int  // where the next token starts looking
	done  bool // no more tokens: the end of s or maxDebrisTokens
	first bool // no token read yet: quotation marks are skipped
}

type debrisToken struct {
	start, end int
	word       bool
}

// tokenize starts reading tokens of s at pos, skipping quotation marks
// before the first; it reports whether the first one can start a rule.
func (m *debrisMatcher) tokenize(pos int) bool {
	m.n, m.next, m.done, m.first = 0, pos, false, true
	if !m.has(0) {
		return false
	}
	t := m.toks[0]
	c := m.s[t.start]
	if !t.word {
		return c == '(' || c == 0xC3
	}
	return c < utf8.RuneSelf && debrisStart[c]
}

// has reads tokens up to token k and reports whether there is one.
func (m *debrisMatcher) has(k int) bool {
	for m.n <= k && !m.done {
		m.step()
	}
	return k < m.n
}

// step reads one more token, or marks the end.
func (m *debrisMatcher) step() {
	s := m.s
	if m.n == maxDebrisTokens {
		m.done = true
		return
	}
	for i := m.next; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if tokenByte[c] != 0 {
				j := i + 1
				for j < len(s) && tokenByte[s[j]] != 0 {
					j++
				}
				for j < len(s) && wordByteAt(s, j) {
					j = nextRune(s, j)
				}
				m.push(debrisToken{start: i, end: j, word: true})
				return
			}
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || m.first && (c == '"' || c == '\'') {
				i++
				continue
			}
			m.push(debrisToken{start: i, end: i + 1})
			return
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r) || m.first && (r == '\u201c' || r == '\u201d'):
			i += size
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i + size
			for j < len(s) && wordByteAt(s, j) {
				j = nextRune(s, j)
			}
			m.push(debrisToken{start: i, end: j, word: true})
		default:
			m.push(debrisToken{start: i, end: i + size})
		}
		return
	}
	m.done = true
}

func (m *debrisMatcher) push(t debrisToken) {
	m.toks[m.n] = t
	m.n++
	m.next = t.end
	m.first = false
}

// wordByteAt reports whether the character at s[i] is a letter or digit.
func wordByteAt(s string, i int) bool {
	c := s[i]
	if c < utf8.RuneSelf {
		return tokenByte[c] != 0
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func nextRune(s string, i int) int {
	if s[i] < utf8.RuneSelf {
		return i + 1
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return i + size
}

// is reports whether token k is the word or character w (w in lower case).
func (m *debrisMatcher) is(k int, w string) bool {
	if !m.has(k) {
		return false
	}
	t := m.toks[k]
	if t.end-t.start != len(w) {
		return false
	}
	// w is lower case: fold only ASCII capitals (a non-ASCII byte never
	// equals one of w's).
	for i := range len(w) {
		c := m.s[t.start+i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}

func (m *debrisMatcher) isAny(k int, ws []string) bool {
	for _, w := range ws {
		if m.is(k, w) {
			return true
		}
	}
	return false
}

func (m *debrisMatcher) isNum(k int) bool {
	if !m.has(k) || !m.toks[k].word {
		return false
	}
	for _, c := range []byte(m.s[m.toks[k].start:m.toks[k].end]) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// atEnd reports whether nothing but punctuation follows token k-1.
func (m *debrisMatcher) atEnd(k int) bool {
	if m.has(k) {
		return !hasWordRune(m.s[m.toks[k].start:])
	}
	return !hasWordRune(m.s[m.next:])
}

// match tries the rules at the first token. It returns the byte offset
// after the longest match (-1 for none) and whether the match is the whole
// sentence.
func (m *debrisMatcher) match() (int, bool) {
	t := m.toks[0]
	var key string
	switch {
	case m.isNum(0):
		key = "NUM"
	case t.word && t.end-t.start < 16:
		var buf [16]byte
		for i := t.start; i < t.end; i++ {
			c := m.s[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[i-t.start] = c
		}
		key = string(buf[:t.end-t.start])
	case !t.word:
		key = m.s[t.start:t.end]
	}
	best := -1
	for _, i := range debrisFirst[key] {
		r := &debrisRules[i]
		k, ok := m.matchRule(r, 0, 0)
		if !ok {
			continue
		}
		if k < 0 || m.atEnd(k) {
			return len(m.s), true
		}
		if r.whole {
			continue
		}
		if end := m.toks[k-1].end; end > best {
			best = end
		}
	}
	return best, false
}

// matchRule matches r's elements from e at token k and returns the token
// after the match (-1: the rest of the sentence).
func (m *debrisMatcher) matchRule(r *debrisRule, e, k int) (int, bool) {
	for ; e < len(r.words); e++ {
		w := r.words[e]
		switch w {
		case "REST":
			return -1, true
		case "NUM":
			if !m.isNum(k) {
				return 0, false
			}
			k++
		case "MONTH":
			if !m.isAny(k, months) {
				return 0, false
			}
			k++
			if m.is(k, ".") {
				k++
			}
		case "SHARE*":
			for m.isAny(k, shareWords) {
				k++
			}
		case "NOTNEXT":
			if !m.has(k) || !m.toks[k].word {
				return 0, false
			}
			if r.words[0] == "close" {
				if !m.isAny(k, closeBefore) && !m.debrisAt(k) {
					return 0, false
				}
			} else if m.isAny(k, r.notNext) {
				return 0, false
			}
		case "CREDIT":
			return m.matchCredit(r, e, k)
		case "(":
			if !m.is(k, "(") {
				return 0, false
			}
			if e+1 < len(r.words) && r.words[e+1] == "CREDIT" {
				return m.matchParen(k)
			}
			k++
		case "×":
			if !m.has(k) || m.s[m.toks[k].start:m.toks[k].end] != "×" {
				return 0, false
			}
			k++
		default:
			if !m.is(k, w) {
				return 0, false
			}
			k++
		}
	}
	return k, true
}

// debrisAt reports whether a rule that is not whole matches at token k.
func (m *debrisMatcher) debrisAt(k int) bool {
	for i := range debrisRules {
		r := &debrisRules[i]
		if r.whole || r.words[0] == "close" || r.words[0] == "NUM" || !m.is(k, r.words[0]) {
			continue
		}
		if _, ok := m.matchRule(r, 0, k); ok {
			return true
		}
	}
	return false
}

// matchCredit matches a credit (element e of r is CREDIT) at token k: up
// to the rest of the rule ("Image copyright AFP Image caption"), or a
// short credit that ends the sentence (at most 4 words), or one that ends
// with an agency's name.
func (m *debrisMatcher) matchCredit(r *debrisRule, e, k int) (int, bool) {
	const maxCredit = 6
	if e+1 < len(r.words) {
		for n := 1; n <= maxCredit && m.has(k+n-1); n++ {
			if end, ok := m.matchRule(r, e+1, k+n); ok {
				return end, true
			}
		}
	}
	words := 0
	for n := 1; n <= 2*maxCredit && m.has(k+n-1); n++ {
		if m.toks[k+n-1].word {
			words++
		}
		if words > 4 {
			break
		}
		if m.atEnd(k + n) {
			return k + n, true
		}
	}
	// A credit that the sentence goes on after ends with an agency's name,
	// at most eight tokens in ("Photo: Getty Images On Wednesday, ...",
	// "Photo: Jane Doe/AFP/Getty Images The ...").
	end := -1
	for n := 0; n < 8 && m.has(k+n); n++ {
		if !m.toks[k+n].word && !m.is(k+n, "/") && !m.is(k+n, "-") && !m.is(k+n, ",") {
			break
		}
		if m.isAny(k+n, creditEnds) && (n > 0 || !m.is(k+n, "images") && !m.is(k+n, "photo")) {
			end = k + n + 1
		}
	}
	if end < 0 {
		return 0, false
	}
	return end, true
}

// matchParen matches a parenthesised credit at token k (the "("): at most
// 16 tokens up to the ")" that closes it, with a word of creditWords among
// them. Credits cut short by the scraper leave a group open ("(AP
// Photo/Jane... (Associated Press)"): a ")" that closes an inner group and
// is not followed by another ")" ends the credit too.
func (m *debrisMatcher) matchParen(k int) (int, bool) {
	credit := false
	depth := 0
	for j := k; j <= k+16 && m.has(j); j++ {
		switch {
		case m.is(j, "("):
			depth++
		case m.is(j, ")"):
			depth--
			if depth == 0 || !m.is(j+1, ")") {
				if !credit {
					return 0, false
				}
				return j + 1, true
			}
		default:
			credit = credit || m.isAny(j, creditWords)
		}
	}
	return 0, false
}
