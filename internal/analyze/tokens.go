package analyze

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chorusnews/chorus/internal/domain"
)

// Token is a word of an article with its byte span.
type Token struct {
	domain.Span
	Text  string // as written
	Lower string // lower-cased, curly apostrophes made straight
}

// Tokens returns the words of text: runs of letters and digits, keeping
// inner apostrophes ("didn't"), hyphens ("al-Assad"), and the periods and
// commas inside numbers ("3.5", "1,200") and acronyms ("U.S."). Punctuation
// is not returned.
func Tokens(text string) []Token {
	var out []Token
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		i += size
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if isWordRune(r) {
				i += size
				continue
			}
			if isJoiner(r) && i+size < len(text) {
				n, _ := utf8.DecodeRuneInString(text[i+size:])
				if isWordRune(n) && joins(r, text[start:i], n) {
					i += size
					continue
				}
			}
			break
		}
		end := i
		// Keep the final period of an acronym such as "U.S.".
		if end < len(text) && text[end] == '.' && isAcronym(text[start:end]) {
			end++
			i = end
		}
		word := text[start:end]
		out = append(out, Token{
			Span:  domain.Span{Start: start, End: end},
			Text:  word,
			Lower: strings.ReplaceAll(strings.ToLower(word), "’", "'"),
		})
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isJoiner(r rune) bool {
	return r == '\'' || r == '’' || r == '-' || r == '.' || r == ',' || r == '&'
}

// joins decides whether the joiner r between prev (the word so far) and
// the next rune n stays inside the word.
func joins(r rune, prev string, n rune) bool {
	last, _ := utf8.DecodeLastRuneInString(prev)
	switch r {
	case ',':
		return unicode.IsDigit(last) && unicode.IsDigit(n)
	case '.':
		// 3.5, U.S, a.m
		if unicode.IsDigit(last) && unicode.IsDigit(n) {
			return true
		}
		return isAcronymPart(prev) && unicode.IsLetter(n)
	case '&':
		return unicode.IsUpper(last) && unicode.IsUpper(n) // AT&T
	}
	return true
}

// isAcronymPart reports whether prev looks like "U" or "U.S" so far: single
// letters separated by periods.
func isAcronymPart(prev string) bool {
	for _, part := range strings.Split(prev, ".") {
		if utf8.RuneCountInString(part) != 1 {
			return false
		}
	}
	return true
}

func isAcronym(w string) bool { return strings.Contains(w, ".") && isAcronymPart(w) }
