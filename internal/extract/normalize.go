package extract

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

var (
	bomUTF8    = []byte{0xef, 0xbb, 0xbf}
	bomUTF16LE = []byte{0xff, 0xfe}
	bomUTF16BE = []byte{0xfe, 0xff}
)

// decodeText turns a plain-text body into valid UTF-8. A byte-order mark
// selects UTF-8 or UTF-16; otherwise the body is taken as UTF-8 and invalid
// bytes are replaced with U+FFFD. note describes a repair ("" if none).
func decodeText(b []byte) (s string, note string) {
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		b = b[len(bomUTF8):]
	case bytes.HasPrefix(b, bomUTF16LE), bytes.HasPrefix(b, bomUTF16BE):
		dec := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewDecoder()
		if out, err := dec.Bytes(b); err == nil {
			b = out
		}
	}
	return repairUTF8(b)
}

// repairUTF8 replaces each run of invalid UTF-8 bytes with U+FFFD and says
// how many bytes were bad and where the first was.
func repairUTF8(b []byte) (string, string) {
	if utf8.Valid(b) {
		return string(b), ""
	}
	first, bad := -1, 0
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			if first < 0 {
				first = i
			}
			bad++
		}
		i += n
	}
	return strings.ToValidUTF8(string(b), "\uFFFD"),
		fmt.Sprintf("invalid UTF-8: %d bad bytes (first at byte offset %d) replaced with U+FFFD", bad, first)
}

// normalizeText applies Unicode NFC, turns every line break form into "\n",
// maps exotic spaces to a plain space, drops invisible format characters and
// control characters, collapses runs of spaces and trims every line.
func normalizeText(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is pending inside the line
	lineStart := true
	for _, r := range s {
		switch {
		case r == '\r':
			continue // "\r\n" and lone "\r" both end a line via the next case or below
		case r == '\n' || r == '\u2028' || r == '\u2029' || r == '\u0085' || r == '\f' || r == '\v':
			b.WriteByte('\n')
			space, lineStart = false, true
			continue
		case r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff':
			continue
		case r == '\t' || unicode.IsSpace(r):
			space = !lineStart
			continue
		case unicode.IsControl(r):
			continue
		}
		if space {
			b.WriteByte(' ')
		}
		space, lineStart = false, false
		b.WriteRune(r)
	}
	out := b.String()
	// A lone "\r" (old Mac line ends) was skipped above: restore it as "\n"
	// only when the input had no "\n" at all.
	if !strings.Contains(s, "\n") && strings.Contains(s, "\r") {
		return normalizeText(strings.ReplaceAll(s, "\r", "\n"))
	}
	return out
}

// collapseSpaces collapses all white space runs to one space and trims.
func collapseSpaces(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
