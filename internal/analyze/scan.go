package analyze

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// word is one word of raw text with its byte span. It is the small
// scanner the quote, entity, number and date rules share; it keeps
// abbreviations with their dots ("U.S.", "Mr.") and inner apostrophes and
// hyphens ("Putin's", "al-Assad", "fifty-nine").
type word struct {
	start, end int
	text       string
}

// isWordRune reports whether r can start or continue a word.
func isWRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isApostrophe reports whether r is an apostrophe or right single quote.
func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// scanWords returns the words of text[from:to], spans relative to text.
func scanWords(text string, from, to int) []word {
	var out []word
	i := from
	for i < to {
		r, n := utf8.DecodeRuneInString(text[i:to])
		if !isWRune(r) {
			i += n
			continue
		}
		s := i
		i += n
		for i < to {
			r, n = utf8.DecodeRuneInString(text[i:to])
			if isWRune(r) {
				i += n
				continue
			}
			// Inner joiners: apostrophe, hyphen, dot, comma between digits.
			if (isApostrophe(r) || r == '-' || r == '.' || r == ',' || r == '&') && i+n < to {
				r2, _ := utf8.DecodeRuneInString(text[i+n : to])
				if isWRune(r2) {
					if r == ',' {
						// only "1,000"
						p, _ := utf8.DecodeLastRuneInString(text[s:i])
						if !unicode.IsDigit(p) || !unicode.IsDigit(r2) {
							break
						}
					}
					if r == '.' {
						// "U.S", "3.5": letters/digits joined by dots.
						p, _ := utf8.DecodeLastRuneInString(text[s:i])
						if unicode.IsLetter(p) && !(unicode.IsUpper(p) && unicode.IsUpper(r2)) {
							break
						}
					}
					if r == '&' {
						p, _ := utf8.DecodeLastRuneInString(text[s:i])
						if !unicode.IsUpper(p) || !unicode.IsUpper(r2) {
							break
						}
					}
					i += n
					continue
				}
			}
			break
		}
		// A trailing dot belongs to dotted abbreviations ("U.S.") and to
		// known abbreviations ("Mr.", "Sen.").
		if i < to && text[i] == '.' {
			w := text[s:i]
			if strings.Contains(w, ".") && isDottedAbbrev(w) || abbrevs[strings.ToLower(w)] || len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z' {
				i++
			}
		}
		out = append(out, word{s, i, text[s:i]})
	}
	return out
}

// isDottedAbbrev reports whether w looks like "U.S" or "U.N" (single
// letters joined by dots).
func isDottedAbbrev(w string) bool {
	for _, part := range strings.Split(w, ".") {
		if utf8.RuneCountInString(part) != 1 {
			return false
		}
	}
	return true
}

// abbrevs are words that keep a following dot.
var abbrevs = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "sen": true, "rep": true, "gov": true,
	"gen": true, "lt": true, "col": true, "sgt": true, "capt": true, "maj": true, "adm": true,
	"st": true, "jr": true, "sr": true, "prof": true, "rev": true, "gov't": false, "sept": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "aug": true, "sep": true, "oct": true,
	"nov": true, "dec": true, "inc": true, "corp": true, "co": true, "ltd": true, "no": false,
	"vs": true, "pres": true, "amb": true, "supt": true, "cmdr": true, "brig": true, "cpl": true,
	"pvt": true, "det": true, "insp": true, "atty": true, "hon": true, "msgr": true, "fr": true, "mt": true, "ft": true,
}

// isCap reports whether w starts with an upper-case letter.
func isCap(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// isAllCaps reports whether w has at least two letters, all upper case.
func isAllCaps(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}

// stripPossessive removes a trailing "'s" or "’s" (or a bare apostrophe).
func stripPossessive(w string) (string, bool) {
	for _, suf := range []string{"'s", "’s", "'S", "’S"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf) {
			return w[:len(w)-len(suf)], true
		}
	}
	return w, false
}

// gapIsSpace reports whether text[a:b] is only spaces/tabs (no newline,
// no punctuation).
func gapIsSpace(text string, a, b int) bool {
	if a > b {
		return false
	}
	for i := a; i < b; i++ {
		if text[i] == ' ' || text[i] == '\t' {
			continue
		}
		// a no-break space (U+00A0) counts as a space
		if text[i] == 0xc2 && i+1 < b && text[i+1] == 0xa0 {
			i++
			continue
		}
		return false
	}
	return true
}

// paragraphs returns the spans of the non-empty lines of text: chorus
// article text separates paragraphs with blank lines, and a single line
// break never joins a quote across lines either.
func paragraphs(text string) [][2]int {
	var out [][2]int
	s := 0
	for i := 0; i <= len(text); i++ {
		if i == len(text) || text[i] == '\n' {
			a, b := s, i
			for a < b && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r') {
				a++
			}
			for b > a && (text[b-1] == ' ' || text[b-1] == '\t' || text[b-1] == '\r') {
				b--
			}
			if a < b {
				out = append(out, [2]int{a, b})
			}
			s = i + 1
		}
	}
	return out
}

// trimSpan shrinks [a,b) past surrounding Unicode white space.
func trimSpan(text string, a, b int) (int, int) {
	for a < b {
		r, n := utf8.DecodeRuneInString(text[a:b])
		if !unicode.IsSpace(r) {
			break
		}
		a += n
	}
	for b > a {
		r, n := utf8.DecodeLastRuneInString(text[a:b])
		if !unicode.IsSpace(r) {
			break
		}
		b -= n
	}
	return a, b
}
