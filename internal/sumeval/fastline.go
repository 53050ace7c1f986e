package sumeval

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/chorusnews/chorus/internal/jsonscan"
)

// fastLine decodes the common input line {"id": str, "documents": [str...]}
// (optionally with "cluster_id", "summary": str|null) without reflection. It
// returns ok false for anything else (other keys, duplicate keys, other
// value types, invalid JSON), and the caller then uses encoding/json, so it
// never changes a result: strings without escapes and with valid UTF-8 are
// taken as they are, other strings go through json.Unmarshal.
//
// Strings without escapes share b's memory instead of being copied (the
// documents are most of a line): b must not be changed afterwards. Lines
// gives each line memory of its own, which it never reuses.
func fastLine(b []byte) (id string, docs []string, ok bool) {
	p := fastParser{jsonscan.Scanner{B: b}}
	p.WS()
	if !p.Byte('{') {
		return "", nil, false
	}
	var clusterID string
	var seen [4]bool
	haveDocs := false
	p.WS()
	if p.peek() == '}' {
		return "", nil, false
	}
	for {
		p.WS()
		key, ok := p.str()
		if !ok {
			return "", nil, false
		}
		p.WS()
		if !p.Byte(':') {
			return "", nil, false
		}
		p.WS()
		k := -1
		switch key {
		case "id":
			k = 0
			id, ok = p.str()
		case "cluster_id":
			k = 1
			clusterID, ok = p.str()
		case "documents":
			k = 2
			docs, ok = p.strs()
			haveDocs = ok
		case "summary":
			k = 3
			if p.literal("null") {
				ok = true
			} else {
				_, ok = p.str()
			}
		}
		if k < 0 || !ok || seen[k] {
			return "", nil, false
		}
		seen[k] = true
		p.WS()
		if p.Byte(',') {
			continue
		}
		if !p.Byte('}') {
			return "", nil, false
		}
		break
	}
	p.WS()
	if p.I != len(p.B) || !haveDocs {
		return "", nil, false
	}
	if id == "" {
		id = clusterID
	}
	if id == "" {
		return "", nil, false
	}
	return id, docs, true
}

type fastParser struct{ jsonscan.Scanner }

func (p *fastParser) peek() byte {
	if p.I < len(p.B) {
		return p.B[p.I]
	}
	return 0
}

func (p *fastParser) literal(s string) bool {
	if len(p.B)-p.I >= len(s) && string(p.B[p.I:p.I+len(s)]) == s {
		p.I += len(s)
		return true
	}
	return false
}

// str reads a JSON string. The closing quote is found with
// bytes.IndexByte, stepping over escaped characters.
func (p *fastParser) str() (string, bool) {
	if !p.Byte('"') {
		return "", false
	}
	start, i := p.I, p.I
	escaped := false
	for {
		k := bytes.IndexByte(p.B[i:], '"')
		if k < 0 {
			return "", false
		}
		j := bytes.IndexByte(p.B[i:i+k], '\\')
		if j < 0 {
			i += k
			break
		}
		escaped = true
		i += j + 2
		if i > len(p.B) {
			return "", false
		}
	}
	raw := p.B[start:i]
	p.I = i + 1
	if hasControl(raw) {
		return "", false
	}
	if utf8.Valid(raw) {
		if !escaped {
			if len(raw) == 0 {
				return "", true
			}
			return unsafe.String(&raw[0], len(raw)), true
		}
		if s, ok := unescapeSimple(raw); ok {
			return s, true
		}
	}
	var s string
	if json.Unmarshal(p.B[start-1:p.I], &s) != nil {
		return "", false
	}
	return s, true
}

// hasControl reports whether b holds a byte below 0x20 (eight bytes at a
// time: a word has such a byte exactly when (w - 0x20...) & ^w & 0x80...
// is not zero).
func hasControl(b []byte) bool {
	for len(b) >= 8 {
		w := binary.LittleEndian.Uint64(b)
		if (w-0x2020202020202020)&^w&0x8080808080808080 != 0 {
			return true
		}
		b = b[8:]
	}
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}

// unescapeSimple undoes the escapes \" \\ \/ \b \f \n \r \t of a JSON
// string's contents as encoding/json does; it returns ok false for any
// other escape (\u is left to encoding/json).
func unescapeSimple(raw []byte) (string, bool) {
	var out strings.Builder
	out.Grow(len(raw))
	for {
		k := bytes.IndexByte(raw, '\\')
		if k < 0 {
			out.Write(raw)
			return out.String(), true
		}
		out.Write(raw[:k])
		if k+1 == len(raw) {
			return "", false
		}
		var c byte
		switch raw[k+1] {
		case '"', '\\', '/':
			c = raw[k+1]
		case 'b':
			c = '\b'
		case 'f':
			c = '\f'
		case 'n':
			c = '\n'
		case 'r':
			c = '\r'
		case 't':
			c = '\t'
		default:
			return "", false
		}
		out.WriteByte(c)
		raw = raw[k+2:]
	}
}

// strs reads a JSON array of strings.
func (p *fastParser) strs() ([]string, bool) { return jsonscan.Array(&p.Scanner, p.str) }
