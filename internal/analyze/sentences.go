// Package analyze turns a clean article into the items a brief is made of:
// sentences, tokens, entities, quotes, numbers and dates. Every item carries
// a byte span into the article text, which is what makes citations
// checkable. The sentence splitter and tokenizer are written by hand: they
// are rules tuned to news writing (abbreviations, initials, quotations),
// which general-purpose splitters get wrong.
package analyze

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chorusnews/chorus/internal/domain"
)

// abbreviations are words that, followed by a period, do not end a
// sentence when a capitalised word follows (titles, months, company forms).
// Keys are lower-case and without the period.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true,
	"lt": true, "col": true, "maj": true, "capt": true, "cpt": true, "sgt": true,
	"cmdr": true, "adm": true, "gov": true, "sen": true, "rep": true, "rev": true,
	"hon": true, "pres": true, "supt": true, "insp": true, "det": true, "cpl": true,
	"pvt": true, "brig": true, "amb": true, "atty": true, "msgr": true, "fr": true,
	"st": true, "mt": true, "ft": true, "jr": true, "sr": true, "sen.": true,
	"no": true, "nos": true, "vol": true, "fig": true, "art": true, "sec": true,
	"inc": true, "corp": true, "co": true, "ltd": true, "bros": true, "dept": true,
	"univ": true, "assn": true, "est": true, "approx": true, "vs": true, "v": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"ave": true, "blvd": true, "rd": true, "ln": true, "hwy": true,
	"ariz": true, "calif": true, "colo": true, "conn": true, "fla": true, "ga": true,
	"ill": true, "ind": true, "kan": true, "ky": true, "la": true, "mass": true,
	"md": true, "mich": true, "minn": true, "miss": true, "mo": true, "mont": true,
	"neb": true, "nev": true, "okla": true, "ore": true, "pa": true, "tenn": true,
	"tex": true, "va": true, "vt": true, "wash": true, "wis": true, "wyo": true,
}

// sentenceStarters are words that, capitalised after an acronym such as
// "U.S." or "D.C." or after "a.m.", show that a new sentence begins.
var sentenceStarters = map[string]bool{
	"the": true, "a": true, "an": true, "he": true, "she": true, "it": true,
	"they": true, "we": true, "i": true, "you": true, "this": true, "that": true,
	"these": true, "those": true, "there": true, "but": true, "and": true,
	"in": true, "on": true, "at": true, "for": true, "if": true, "when": true,
	"while": true, "after": true, "before": true, "as": true, "his": true,
	"her": true, "their": true, "its": true, "our": true, "my": true, "what": true,
	"who": true, "officials": true, "police": true, "meanwhile": true,
	"however": true, "still": true, "yet": true, "so": true, "since": true,
	"some": true, "many": true, "most": true, "all": true, "one": true,
	"no": true, "not": true, "both": true, "earlier": true, "later": true,
	"last": true, "on.": true, "asked": true, "according": true, "during": true,
	"he's": true, "she's": true, "it's": true, "we're": true, "they're": true,
}

// Sentences splits text into sentences. A line break always ends a
// sentence; a blank line also starts a new paragraph. Spans exclude the
// surrounding white space.
func Sentences(text string) []domain.Sentence {
	var out []domain.Sentence
	para := 0
	blank := false
	started := false
	lineStart := 0
	for lineStart <= len(text) {
		end := strings.IndexByte(text[lineStart:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += lineStart
		}
		line := text[lineStart:end]
		if strings.TrimSpace(line) == "" {
			blank = true
		} else {
			if blank && started {
				para++
			}
			blank = false
			started = true
			for _, sp := range splitLine(line) {
				out = append(out, domain.Sentence{
					Span:      domain.Span{Start: lineStart + sp.Start, End: lineStart + sp.End},
					Paragraph: para,
					Index:     len(out),
				})
			}
		}
		if end == len(text) {
			break
		}
		lineStart = end + 1
	}
	return out
}

// splitLine splits one line (no newline inside) into sentence spans.
func splitLine(line string) []domain.Span {
	var spans []domain.Span
	start := skipSpace(line, 0)
	i := start
	for i < len(line) {
		c := line[i]
		if c != '.' && c != '!' && c != '?' {
			i++
			continue
		}
		// Run of terminators ("?!", "...").
		j := i
		for j < len(line) && (line[j] == '.' || line[j] == '!' || line[j] == '?') {
			j++
		}
		// Closing quotes and brackets belong to the sentence.
		j = skipClosers(line, j)
		if j < len(line) && !isSpaceByte(line[j]) {
			i = j
			continue
		}
		next := skipSpace(line, j)
		if next >= len(line) {
			break
		}
		if isBoundary(line, start, i, j, next) {
			spans = append(spans, domain.Span{Start: start, End: j})
			start = next
		}
		i = next
	}
	end := len(line)
	for end > start && isSpaceByte(line[end-1]) {
		end--
	}
	if end > start {
		spans = append(spans, domain.Span{Start: start, End: end})
	}
	return spans
}

// isBoundary decides whether the terminator at line[term] (the run and its
// closers end at after; the next word starts at next) ends a sentence.
func isBoundary(line string, start, term, after, next int) bool {
	r, _ := utf8.DecodeRuneInString(line[next:])
	// The next sentence starts with a capital, a digit or an opening mark.
	if !(unicode.IsUpper(r) || unicode.IsDigit(r) || isOpener(r)) {
		return false
	}
	// "Why?" Lavrov asked. -- a quotation that opened the sentence, followed
	// by its attribution. A sentence that already had its attribution
	// (Lindqvist said: "No." Ms. Rowe said ...) ends at the quote.
	if after > term+1 && isQuoteCloser(line[after-1]) && onlyQuotation(line[start:after]) && attributionFollows(line[next:]) {
		return false
	}
	if line[term] != '.' || after-term > 1 && strings.Count(line[term:after], ".") > 1 {
		// "!" and "?" end sentences; so does an ellipsis before a capital.
		return line[term] != '.' || !isOpener(r)
	}
	word := wordBefore(line, start, term)
	if word == "" {
		return true // " . " in tokenized text
	}
	lower := strings.ToLower(word)
	nextWord := strings.ToLower(wordAt(line, next))
	switch {
	case utf8.RuneCountInString(word) == 1 && unicode.IsUpper(firstRune(word)):
		// An initial ("J. R. Okafor"), unless a sentence plainly starts.
		return sentenceStarters[nextWord] && nextWord != "a"
	case strings.Contains(word, "."):
		// Acronyms with inner periods: U.S., D.C., a.m., e.g.
		if lower == "e.g" || lower == "i.e" {
			return false
		}
		return sentenceStarters[nextWord]
	case abbreviations[lower]:
		return false
	}
	return true
}

// wordBefore returns the word that ends at line[end] (letters, digits and
// inner periods), not crossing start.
func wordBefore(line string, start, end int) string {
	k := end
	for k > start {
		r, size := utf8.DecodeLastRuneInString(line[:k])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' {
			k -= size
			continue
		}
		break
	}
	return strings.Trim(line[k:end], ".")
}

// wordAt returns the word starting at line[i], skipping opening marks.
func wordAt(line string, i int) string {
	for i < len(line) {
		r, size := utf8.DecodeRuneInString(line[i:])
		if !isOpener(r) {
			break
		}
		i += size
	}
	k := i
	for k < len(line) {
		r, size := utf8.DecodeRuneInString(line[k:])
		if !(unicode.IsLetter(r) || r == '\'' || r == '’') {
			break
		}
		k += size
	}
	return strings.ReplaceAll(line[i:k], "’", "'")
}

// speechVerbs are verbs of saying that attach a quotation to its speaker.
var speechVerbs = map[string]bool{
	"said": true, "says": true, "asked": true, "asks": true, "told": true,
	"added": true, "adds": true, "wrote": true, "writes": true, "replied": true,
	"continued": true, "explained": true, "insisted": true, "warned": true,
	"declared": true, "tweeted": true, "noted": true, "shouted": true,
	"recalled": true, "remarked": true, "responded": true, "stated": true,
}

// attributionFollows reports whether s starts with a short attribution such
// as "Lavrov asked." or "the minister said": a speech verb within the first
// five words.
func attributionFollows(s string) bool {
	words := strings.Fields(s)
	for i, w := range words {
		if i >= 5 {
			break
		}
		w = strings.ToLower(strings.TrimRight(w, ".,;:!?"))
		if speechVerbs[w] {
			return true
		}
		if strings.ContainsAny(words[i], ".!?") && i > 0 {
			break
		}
	}
	return false
}

// onlyQuotation reports whether seg is one quotation: it opens with a
// quotation mark and holds no other quotation before its closing one.
func onlyQuotation(seg string) bool {
	r, _ := utf8.DecodeRuneInString(seg)
	if r != '"' && r != '“' && r != '\'' && r != '‘' {
		return false
	}
	marks := strings.Count(seg, "\"") + strings.Count(seg, "“") + strings.Count(seg, "”")
	return marks <= 2
}

// isQuoteCloser reports whether the byte ends a closing quotation mark
// (straight quotes, or the last byte of ” and ’).
func isQuoteCloser(c byte) bool { return c == '"' || c == '\'' || c == 0x9d || c == 0x99 }

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '(', '[', '«', '—', '-':
		return true
	}
	return false
}

func skipClosers(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '"', '\'', '”', '’', ')', ']', '»':
			i += size
			continue
		}
		break
	}
	return i
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' }

func skipSpace(s string, i int) int {
	for i < len(s) {
		if isSpaceByte(s[i]) {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '\u00a0' || unicode.IsSpace(r) && r != '\n' {
			i += size
			continue
		}
		break
	}
	return i
}
