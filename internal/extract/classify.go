package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Reason says why a line is web debris. The empty Reason means the line is
// article text.
type Reason string

// The debris classes. Each is decided by the shape and vocabulary of a line,
// never by a list of known strings.
const (
	Keep       Reason = ""
	NoWords    Reason = "no words"         // bullets, icons, separators, single letters
	Credit     Reason = "photo credit"     // "Photo: X / Agency", "(AP Photo/X)", "Image copyright X"
	Link       Reason = "link"             // a bare URL, or a URL with a prompt ("iTunes: https://...")
	Social     Reason = "social links"     // "Follow X: Facebook | Twitter", menu rows
	Notice     Reason = "notice"           // cookie/consent/newsletter/archive notices addressed to the reader
	CallToAct  Reason = "call to action"   // "Read more", "Share this article", "Sign up ..."
	Byline     Reason = "byline"           // "By Jane Roe, Agency", "Reporting by X; Editing by Y"
	Author     Reason = "author name"      // a lone name: 2-4 capitalised words, no verb, no punctuation
	Timestamp  Reason = "timestamp"        // "Published: April 12, 2017", "Updated 10:31 a.m. ET"
	Fragment   Reason = "fragment"         // short line or headline with no sentence punctuation
	Subhead    Reason = "subhead question" // a short question standing alone as a subheading
	Repeated   Reason = "repeated"         // a paragraph seen before in the same article
	OffTopic   Reason = "off-topic"        // a block about another story
	TitleAgain Reason = "title repeated"   // the title again inside the body
)

// Classify decides, from the line alone, whether a line of text is web
// debris, and which kind. The rules, in order:
//
//  1. NoWords: fewer than 3 letters (bullets, "f", "|", "—").
//  2. Credit: photo/image credit shapes: "Photo: ...", "Image copyright ...",
//     "(AP Photo/...)", "... / Getty Images", "Credit: ..."; and copyright
//     lines ("(c) 2024 ...", "All rights reserved.").
//  3. Social: two or more social network names, or a row of at least three
//     short segments separated by "|", "•" or "·".
//  4. Byline: "By Name [and Name][, Outlet]" made of capitalised words, or
//     "Reporting by ...", "Editing by ...".
//  5. Timestamp: "Published/Updated/Posted ..." followed by a date or time, or
//     a line that is only a date and time.
//  6. Notice / CallToAct: a teaser label and a colon ("WATCH: ...",
//     "Related: ..."); or debris vocabulary (cookie, consent, privacy,
//     newsletter, subscribe, share, print, email, comment, follow,
//     advertisement, archived, outdated, ...: at least two terms) together
//     with addressing the reader (you, your, we, our, please) outside
//     quotation marks, an imperative, or no sentence end — dense enough in
//     a long paragraph (terms + reader words >= 12% of the words); or a
//     short line that starts with an imperative (read, watch, share, sign
//     up, ...).
//  7. Author: 2-4 capitalised words with no verb and no final punctuation.
//  8. Fragment: no sentence-final punctuation and no quotation, and either
//     at most 4 words, or a title-case headline of at most 15 words, or no
//     sentence punctuation at all and at most 7 words (25 when the line does
//     not start with a capital: a cut-off piece). A longer capitalised line
//     without a period is kept: it is likely a sentence that lost its period.
//  9. Subhead: a question of at most 8 words, without quotation marks.
//
// Real sentences survive: a line that ends like a sentence, is not addressed
// to the reader and does not open with an imperative is kept, however short
// ("Russia is Syria's most powerful ally.").
func Classify(line string) Reason {
	s := strings.TrimSpace(line)
	core := strings.TrimSpace(strings.TrimLeft(s, "•·*-–—>|►▶→ \t"))
	if letterCount(core) < 3 {
		return NoWords
	}
	if isLinkLine(core) {
		return Link
	}
	ws := words(core)
	nw := len(ws)
	if isCredit(core, nw) {
		return Credit
	}
	if isSocial(core, ws) {
		return Social
	}
	if isByline(core, ws) {
		return Byline
	}
	if isTimestamp(core, nw) {
		return Timestamp
	}
	outside := stripQuoted(core)
	vocab := debrisVocab(outside)
	reader := readerAddress(outside)
	imper := startsImperative(core) || shortImperativeSentence(core)
	sentence := endsSentence(core)
	quoted := hasQuote(core)
	if (teaserCue.MatchString(core) && nw <= 25) || (cueLine.MatchString(core) && nw <= 6) {
		return CallToAct
	}
	// A long paragraph is a notice only when the furniture vocabulary and
	// the reader address are dense in it (a cookie banner), not when a
	// review or a blog post talks to its reader about apps and videos.
	dense := nw <= 25 || (vocab+min(reader, 3))*100 >= nw*12
	switch {
	case vocab >= 2 && (reader > 0 || imper || !sentence) && dense:
		return Notice
	case vocab >= 1 && reader > 0 && nw <= 20 && (imper || !sentence):
		return Notice
	case imper && nw <= 10 && (vocab >= 1 || !sentence || reader > 0):
		return CallToAct
	}
	if isPullQuote(core) {
		return Fragment
	}
	if !sentence && !quoted && isNameShape(ws) {
		return Author
	}
	if !sentence && !quoted {
		switch {
		case nw <= 4:
			return Fragment
		case nw <= 15 && titleLike(ws):
			return Fragment
		case !strings.ContainsAny(core, ".!?;") && (nw <= 7 || (nw <= 25 && !startsUpper(core))):
			return Fragment
		}
	}
	if strings.HasSuffix(core, "?") && !quoted && nw <= 8 {
		return Subhead
	}
	if strings.HasSuffix(core, "!") && !quoted && nw <= 5 {
		return Fragment // "Thanks for signing up!", "Sorry!"
	}
	return Keep
}

var urlRe = regexp.MustCompile(`(?i)\b(https?://|www\.)\S+`)

// isLinkLine reports a line that is a URL with at most a few words, or a
// URL with a prompt to follow, reach or listen.
func isLinkLine(s string) bool {
	if !strings.Contains(s, "http") && !strings.Contains(s, "www.") {
		return false
	}
	rest := urlRe.ReplaceAllString(s, " ")
	if len(rest) == len(s) {
		return false
	}
	nw := len(words(rest))
	if nw <= 4 {
		return true
	}
	return nw <= 25 && (startsImperative(strings.TrimSpace(rest)) || readerAddress(rest) > 0 ||
		containsWord(strings.ToLower(rest), "twitter") || (!endsSentence(s) && debrisVocab(rest) > 0))
}

// letterCount counts letters and digits.
func letterCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// words splits s into words: runs of letters, digits, apostrophes, periods
// inside abbreviations and hyphens, trimmed of outer punctuation.
func words(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-' || r == '.' || r == '&' || r == '@')
	})
	out := f[:0]
	for _, w := range f {
		w = strings.Trim(w, "'’-.")
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

var closers = "\"'”’»)]*"

// endsSentence reports whether s ends like a sentence: with . ! ? … or a
// closing quotation mark after a longer line.
func endsSentence(s string) bool {
	t := strings.TrimRight(s, " ")
	trimmed := strings.TrimRight(t, closers)
	if trimmed == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(trimmed)
	switch r {
	case '.', '!', '?', '…':
		return true
	}
	// "... a "low point"" or ends with a quote: a sentence when long enough.
	if len(trimmed) < len(t) && strings.ContainsAny(t[len(trimmed):], "\"”»’'") && len(words(s)) >= 6 {
		return true
	}
	return false
}

// hasQuote reports whether s holds a double quotation mark (straight or
// typographic) or guillemets.
func hasQuote(s string) bool {
	return strings.ContainsAny(s, "\"“”«»„")
}

// stripQuoted removes text between double quotation marks, so words quoted
// from a speaker are not counted as addressed to the reader.
func stripQuoted(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch r {
		case '"':
			in = !in
			continue
		case '“', '«', '„':
			in = true
			continue
		case '”', '»':
			in = false
			continue
		}
		if !in {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// debrisTerms are the vocabulary of page furniture. A term ending in "*"
// matches any word starting with it; other terms match whole words or
// phrases. A line's score is the number of distinct terms it holds.
var debrisTerms = []string{
	"cookie*", "consent*", "privacy", "newsletter*", "subscri*", "sign up", "sign in", "log in", "login",
	"share", "print", "email*", "e-mail*", "comment*", "follow", "advertis*", "sponsor*", "read more",
	"click*", "tap", "browser*", "javascript", "settings", "terms of", "copyright", "all rights",
	"archive*", "outdated", "first published", "originally published", "this article", "this story", "this page", "this post", "time stamp", "timestamp", "last updated", "personali*", "partners",
	"notification*", "download*", "app", "apps", "website*", "this site", "our site", "homepage", "podcast*",
	"unsubscribe", "inbox", "account", "register*", "premium", "paywall", "support our", "donate",
	"related", "recommended", "trending", "watch", "video*", "gallery", "slideshow", "accept*",
	"continue reading", "continuing to use", "manage", "opt out", "preferences", "feedback",
	"listen*", "live on", "stream*", "photos", "try again", "signing up", "signed up", "learn more",
	"an error", "reach the reporter*", "contact the reporter*",
}

// strongTerms are found almost only in page furniture; they count twice.
var strongTerms = map[string]bool{
	"cookie*": true, "consent*": true, "newsletter*": true, "subscri*": true, "unsubscribe": true,
	"paywall": true, "javascript": true, "browser*": true, "advertis*": true,
}

// debrisVocab scores the distinct debris terms in s (strong terms count
// twice).
func debrisVocab(s string) int {
	l := strings.ToLower(s)
	n := 0
	for _, t := range debrisTerms {
		w := 1
		if strongTerms[t] {
			w = 2
		}
		if prefix, ok := strings.CutSuffix(t, "*"); ok {
			if containsWordPrefix(l, prefix) {
				n += w
			}
		} else if containsWord(l, t) {
			n += w
		}
	}
	return n
}

// containsWordPrefix reports whether a word of l starts with p.
func containsWordPrefix(l, p string) bool {
	for i := 0; ; {
		j := strings.Index(l[i:], p)
		if j < 0 {
			return false
		}
		j += i
		before, _ := utf8.DecodeLastRuneInString(l[:j])
		if j == 0 || !unicode.IsLetter(before) {
			return true
		}
		i = j + 1
	}
}

var readerWords = map[string]bool{
	"you": true, "your": true, "yours": true, "you're": true, "you’re": true, "you'll": true, "you’ll": true,
	"we": true, "our": true, "us": true, "we're": true, "we’re": true, "we'll": true, "we’ll": true,
	"please": true, "let's": true, "let’s": true,
}

// readerAddress counts the words addressing the reader (second person, the
// site's first person plural, "please").
func readerAddress(s string) int {
	n := 0
	for _, w := range words(s) {
		lw := strings.ToLower(w)
		if lw == "us" && w == "US" {
			continue // the country
		}
		if readerWords[lw] {
			n++
		}
	}
	return n
}

var imperatives = map[string]bool{
	"read": true, "watch": true, "listen": true, "follow": true, "share": true, "subscribe": true,
	"sign": true, "click": true, "tap": true, "download": true, "join": true, "like": true, "get": true,
	"see": true, "view": true, "continue": true, "register": true, "log": true, "learn": true,
	"discover": true, "explore": true, "support": true, "donate": true, "contact": true, "send": true,
	"email": true, "e-mail": true, "print": true, "comment": true, "save": true, "enable": true,
	"allow": true, "accept": true, "manage": true, "visit": true, "check": true, "don't": true, "don’t": true,
	"adjust": true, "skip": true, "close": true, "reply": true, "report": true, "tweet": true, "pin": true,
	"please": true, "keep": true, "more": true, "related": true, "trending": true, "recommended": true, "advertisement": true,
}

// startsImperative reports whether s opens with a call-to-action word
// (capitalised, as a menu item or instruction would be).
func startsImperative(s string) bool {
	ws := words(s)
	if len(ws) == 0 {
		return false
	}
	first := ws[0]
	r, _ := utf8.DecodeRuneInString(first)
	if !unicode.IsUpper(r) {
		return false
	}
	return imperatives[strings.ToLower(first)]
}

var socialNames = []string{
	"facebook", "twitter", "instagram", "linkedin", "whatsapp", "pinterest", "reddit", "youtube",
	"tiktok", "snapchat", "telegram", "flipboard", "tumblr", "messenger", "threads", "bluesky",
	"mastodon", "email", "e-mail", "rss", "copy link", "google+", "vk", "weibo", "wechat",
}

// isSocial reports social-network link rows and menu rows.
func isSocial(s string, ws []string) bool {
	l := strings.ToLower(s)
	n := 0
	for _, name := range socialNames {
		if containsWord(l, name) {
			n++
		}
	}
	if n >= 2 && len(ws) <= 15 {
		return true
	}
	if n >= 1 && len(ws) <= 6 && !endsSentence(s) {
		return true
	}
	// A row of short segments: "Home | World | Politics".
	segs := strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == '•' || r == '·' })
	if len(segs) >= 3 {
		short := 0
		for _, seg := range segs {
			if len(words(seg)) <= 3 {
				short++
			}
		}
		if short*4 >= len(segs)*3 {
			return true
		}
	}
	return false
}

// containsWord reports whether w occurs in l delimited by non-letters.
func containsWord(l, w string) bool {
	for i := 0; ; {
		j := strings.Index(l[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before, _ := utf8.DecodeLastRuneInString(l[:j])
		after, _ := utf8.DecodeRuneInString(l[j+len(w):])
		if (j == 0 || !unicode.IsLetter(before)) && (j+len(w) == len(l) || !unicode.IsLetter(after)) {
			return true
		}
		i = j + 1
	}
}

var (
	creditStart = regexp.MustCompile(`(?i)^(photo|image|picture|pic|video|illustration|graphic|caption|credit|footage)s?(\s*(:|/|©)|\s+(copyright|credit|caption|by|courtesy)\b)`)
	creditParen = regexp.MustCompile(`\((?:[A-Z][\w.&'-]*\s+)*(?:Photo|Image|Picture|Video|Pic)s?\s*(?:/|by\b|:)[^)]*\)\s*\.?$`)
	legalLine   = regexp.MustCompile(`((?i)\ball rights reserved\b)|(^((?i:\(c\))|©|ⓒ)\s*\S)|(^(?i:copyright)\s*(©|(?i:\(c\))|\d{4}))`)
	creditTail  = regexp.MustCompile(`(?i)(/\s*(getty images|afp|reuters|ap|epa|shutterstock|alamy|dpa|anadolu|xinhua|tass|ria novosti|sputnik)\b[^a-z]*$)|(getty images\s*\.?$)|(©)`)
)

// isCredit reports photo and image credit lines.
func isCredit(s string, nw int) bool {
	// Cheap guards first: the regular expressions are the classifier's
	// main cost.
	if nw <= 25 && creditStart.MatchString(s) {
		return true
	}
	if strings.HasSuffix(strings.TrimRight(s, ". "), ")") && strings.Contains(s, "/") && creditParen.MatchString(s) {
		return true
	}
	low := strings.ToLower(s)
	if nw <= 25 && (strings.Contains(low, "rights reserved") || strings.ContainsAny(s[:min(len(s), 8)], "(©ⓒCc")) && legalLine.MatchString(s) {
		return true
	}
	return nw <= 20 && (strings.ContainsAny(s, "/©") || strings.Contains(low, "getty")) && creditTail.MatchString(s)
}

var (
	bylineStart  = regexp.MustCompile(`^(?i:by|written by|words by|story by|reported by|posted by)\s+\p{Lu}`)
	bylineTrail  = regexp.MustCompile(`(?i)(\b(reporting|writing|editing|additional reporting|compiled|produced) by\s+\p{Lu})|(\bcontribut(ed|ing) (reporting|to this (report|story|article))\b)`)
	nameParticle = map[string]bool{"and": true, "&": true, "de": true, "da": true, "van": true, "von": true, "der": true, "al": true, "bin": true, "la": true, "le": true, "of": true, "in": true, "for": true, "the": true, "at": true, "del": true, "di": true}
)

// isByline reports "By Name ..." lines and agency sign-offs.
func isByline(s string, ws []string) bool {
	low := strings.ToLower(s)
	if len(ws) <= 30 && (strings.Contains(low, " by ") || strings.Contains(low, "contribut")) && bylineTrail.MatchString(s) {
		return true
	}
	if !bylineStart.MatchString(s) || len(ws) > 14 {
		return false
	}
	start := 1
	if len(ws) > 1 && strings.EqualFold(ws[1], "by") {
		start = 2
	}
	lower := 0
	for _, w := range ws[start:] {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			continue
		}
		if nameParticle[strings.ToLower(w)] {
			lower++
			continue
		}
		return false
	}
	if lower > 3 {
		return false
	}
	// "By Wednesday, the troops had left." fails on "the"/"troops"; a byline
	// does not end with a sentence unless the last word is an initial.
	return !endsSentence(s) || len(ws[len(ws)-1]) <= 2
}

var (
	monthRe  = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`
	dateRe   = regexp.MustCompile(`(?i)\b(?:` + monthRe + `\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\s+` + monthRe + `,?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})\b`)
	timeRe   = regexp.MustCompile(`(?i)\b\d{1,2}[:.]\d{2}\s*(?:a\.?m\.?|p\.?m\.?)?`)
	stampCue = regexp.MustCompile(`(?i)^(published|updated|posted|last updated|first published|last modified|modified|date|dateline)\b\s*(on|at)?\s*:?`)
)

// isTimestamp reports "Published: ..." lines and lines that are only a date
// and time.
func isTimestamp(s string, nw int) bool {
	if nw > 16 || !hasDigit(s) {
		return false
	}
	hasDate := dateRe.MatchString(s) || timeRe.MatchString(s)
	if !hasDate {
		return false
	}
	if stampCue.MatchString(s) && nw <= 16 {
		return true
	}
	// Only a date (and time, weekday, zone): remove the date and time and
	// see whether anything wordy remains.
	rest := timeRe.ReplaceAllString(dateRe.ReplaceAllString(s, " "), " ")
	rw := words(rest)
	if len(rw) > 3 {
		return false
	}
	for _, w := range rw {
		lw := strings.ToLower(w)
		if !weekdayOrZone[lw] {
			return false
		}
	}
	return true
}

var weekdayOrZone = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thurs": true, "fri": true, "sat": true, "sun": true,
	"et": true, "est": true, "edt": true, "pt": true, "pst": true, "pdt": true, "gmt": true, "utc": true, "bst": true, "cet": true, "cest": true, "msk": true,
	"am": true, "pm": true, "a.m": true, "p.m": true,
}

// isNameShape reports 2-4 capitalised words (with name particles), the shape
// of a lone author name. Initials ("J.") count as capitalised words.
func isNameShape(ws []string) bool {
	if len(ws) < 2 || len(ws) > 4 {
		return false
	}
	caps := 0
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case unicode.IsUpper(r) && !hasDigit(w):
			caps++
		case nameParticle[strings.ToLower(w)] && w != "and" && w != "&":
		default:
			return false
		}
	}
	return caps >= 2
}

func hasDigit(s string) bool {
	return strings.IndexFunc(s, unicode.IsDigit) >= 0
}

var minorWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "but": true, "of": true, "in": true, "on": true,
	"at": true, "to": true, "for": true, "by": true, "with": true, "from": true, "as": true, "vs": true, "via": true,
	"is": true, "are": true, "its": true, "it's": true, "into": true, "over": true, "after": true, "amid": true,
}

// titleLike reports whether most significant words are capitalised, the
// shape of a headline or subheading.
func titleLike(ws []string) bool {
	sig, caps := 0, 0
	for _, w := range ws {
		if minorWords[strings.ToLower(w)] {
			continue
		}
		sig++
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			caps++
		}
	}
	return sig > 0 && caps*10 >= sig*7
}

// startsUpper reports whether s starts with an upper-case letter.
func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// teaserCue matches a line introduced by a teaser label and a colon:
// "WATCH: ...", "Read more: ...", "Related: ...", "Trending now: ...".
var teaserCue = regexp.MustCompile(`(?i)^(watch|video|videos|listen|podcast|read more|read|more|related|related video|see also|see more|see|photos?|gallery|pictures|recommended|trending|trending now|most read|most popular|top stories|also read|latest|live|sponsored|promoted)\s*[:|»>]`)

// shortImperativeSentence reports a short sentence (at most five words)
// inside the line that opens with a call-to-action word: "Sign up free.",
// "Click here.".
func shortImperativeSentence(s string) bool {
	for _, sent := range strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '!' || r == '?' }) {
		if ws := words(sent); len(ws) > 0 && len(ws) <= 5 && startsImperative(strings.TrimSpace(sent)) {
			return true
		}
	}
	return false
}

// isPullQuote reports a line that is only a quotation without sentence
// punctuation inside, as subheads and pull quotes are: "'Do not go back'".
func isPullQuote(s string) bool {
	open, _ := utf8.DecodeRuneInString(s)
	if !strings.ContainsRune("\"'“‘«", open) {
		return false
	}
	inner := strings.TrimRight(s, " ")
	last, size := utf8.DecodeLastRuneInString(inner)
	if !strings.ContainsRune("\"'”’»", last) || len(inner) <= size+1 {
		return false
	}
	inner = inner[len(string(open)) : len(inner)-size]
	if strings.ContainsAny(inner, "\"“”«»") {
		return false // several quotations: a quote with attribution inside
	}
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(inner))
	return !strings.ContainsRune(".!?…,", r) && len(words(inner)) <= 12
}
