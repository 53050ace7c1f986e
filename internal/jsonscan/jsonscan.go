// Package jsonscan holds the small JSON scanning steps shared by chorus's
// hand-written decoders of hot inputs (Multi-News lines in the summarize
// batch, the summarizer's model file): skip white space, take one byte,
// read an array. They are written by hand because encoding/json's
// reflection dominated those paths; each decoder falls back to
// encoding/json for anything unusual. Explain words encoding/json's type
// errors for the people who wrote the input.
package jsonscan

// Scanner reads JSON from B at offset I.
type Scanner struct {
	B []byte
	I int
}

// WS skips JSON white space.
func (p *Scanner) WS() {
	for p.I < len(p.B) {
		switch p.B[p.I] {
		case ' ', '\t', '\n', '\r':
			p.I++
		default:
			return
		}
	}
}

// Byte takes c if it is next.
func (p *Scanner) Byte(c byte) bool {
	if p.I < len(p.B) && p.B[p.I] == c {
		p.I++
		return true
	}
	return false
}

// Array reads a JSON array whose elements elem reads.
func Array[T any](p *Scanner, elem func() (T, bool)) ([]T, bool) {
	if !p.Byte('[') {
		return nil, false
	}
	out := []T{}
	p.WS()
	if p.Byte(']') {
		return out, true
	}
	for {
		p.WS()
		v, ok := elem()
		if !ok {
			return nil, false
		}
		out = append(out, v)
		p.WS()
		if p.Byte(',') {
			continue
		}
		return out, p.Byte(']')
	}
}
