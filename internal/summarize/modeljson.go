package summarize

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/chorusnews/chorus/internal/jsonscan"
)

// decodeModelJSON decodes a model file into m exactly as json.Unmarshal
// does, only faster: the four large members ("words", "bigrams",
// "lexical" and "trees", nine tenths of the file) are decoded by hand, two
// of them concurrently, and every other member goes through encoding/json.
// The hand-written path accepts only the plain forms the trainer writes
// (no escapes in keys or base64, arrays of exactly two numbers per word,
// tree objects with the keys f, t, l, r, v); on anything else it gives up
// and the whole file goes through json.Unmarshal, which then also gives
// the error messages. New members (for example fields added to Model,
// Lexical or Forest) therefore need no change here: they reach
// encoding/json.
func decodeModelJSON(data []byte, m *Model) error {
	if fastModel(data, m) {
		return nil
	}
	*m = Model{}
	return json.Unmarshal(data, m)
}

// fastModel is the hand-written path of decodeModelJSON; it reports false
// when the file needs encoding/json.
func fastModel(data []byte, m *Model) bool {
	members, ok := objectMembers(data)
	if !ok {
		return false
	}
	var words, bigrams, lexical, trees []byte
	rest := []byte{'{'}
	for _, kv := range members {
		var dst *[]byte
		switch kv.key {
		case "words":
			dst = &words
		case "bigrams":
			dst = &bigrams
		case "lexical":
			dst = &lexical
		case "trees":
			dst = &trees
		default:
			// encoding/json matches keys without regard to case: a key
			// that differs from a hand-decoded one only in case, or
			// repeats it, is left to encoding/json as a whole.
			for _, k := range [...]string{"words", "bigrams", "lexical", "trees"} {
				if strings.EqualFold(kv.key, k) {
					return false
				}
			}
			if len(rest) > 1 {
				rest = append(rest, ',')
			}
			rest = append(rest, kv.raw...)
			continue
		}
		if *dst != nil {
			return false
		}
		*dst = kv.val
	}
	rest = append(rest, '}')
	if words == nil || bigrams == nil || lexical == nil || trees == nil {
		return false
	}
	var (
		wg      sync.WaitGroup
		wordMap map[string][2]float64
		wordsOK bool
	)
	wg.Go(func() { wordMap, wordsOK = wordStats(words) })
	var out Model
	ok = json.Unmarshal(rest, &out) == nil
	if ok {
		out.Bigrams, ok = base64String(bigrams)
	}
	if ok {
		out.Lexical, ok = lexicalModel(lexical)
	}
	if ok {
		out.Trees, ok = forest(trees)
	}
	wg.Wait()
	if !ok || !wordsOK {
		return false
	}
	out.Words = wordMap
	*m = out
	return true
}

// member is one "key": value pair of a JSON object: the key (without
// escapes), the value's bytes and the bytes of the whole pair.
type member struct {
	key      string
	val, raw []byte
}

// objectMembers splits a JSON object into its members without decoding the
// values; ok is false for anything but an object whose keys have no
// escapes, with nothing but white space after it.
func objectMembers(b []byte) ([]member, bool) {
	p := jsonScan{jsonscan.Scanner{B: b}}
	p.WS()
	var out []member
	ok := p.members(func(start int, key []byte) bool {
		vs := p.I
		if !p.skipValue() {
			return false
		}
		out = append(out, member{key: string(key), val: b[vs:p.I], raw: b[start:p.I]})
		return true
	})
	p.WS()
	return out, ok && p.I == len(b)
}

// members reads a JSON object whose keys have no escapes: for each member
// it reads the key and the colon, then value reads the value (start is
// the offset of the key's opening quote).
func (p *jsonScan) members(value func(start int, key []byte) bool) bool {
	if !p.Byte('{') {
		return false
	}
	p.WS()
	if p.Byte('}') {
		return true
	}
	for {
		p.WS()
		start := p.I
		key, ok := p.plainString()
		if !ok {
			return false
		}
		p.WS()
		if !p.Byte(':') {
			return false
		}
		p.WS()
		if !value(start, key) {
			return false
		}
		p.WS()
		if p.Byte(',') {
			continue
		}
		return p.Byte('}')
	}
}

// wordStats decodes {"stem": [idf, prior], ...}.
func wordStats(b []byte) (map[string][2]float64, bool) {
	type entry struct {
		off, n int
		v      [2]float64
	}
	var (
		keys    []byte
		entries []entry
	)
	p := jsonScan{jsonscan.Scanner{B: b}}
	ok := p.members(func(_ int, k []byte) bool {
		e := entry{off: len(keys), n: len(k)}
		keys = append(keys, k...)
		if !p.Byte('[') {
			return false
		}
		for j := range 2 {
			if j > 0 && !p.Byte(',') {
				return false
			}
			p.WS()
			var ok bool
			if e.v[j], ok = p.float(); !ok {
				return false
			}
			p.WS()
		}
		if !p.Byte(']') {
			return false
		}
		entries = append(entries, e)
		return true
	})
	if !ok {
		return nil, false
	}
	if p.I != len(b) {
		return nil, false
	}
	// One string holds every key.
	all := string(keys)
	out := make(map[string][2]float64, len(entries))
	for _, e := range entries {
		out[all[e.off:e.off+e.n]] = e.v
	}
	return out, true
}

// base64String decodes a JSON string of standard base64 as encoding/json
// decodes a []byte.
func base64String(b []byte) ([]byte, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return nil, false
	}
	s := b[1 : len(b)-1]
	// Only escapes, quotes and the control characters that base64
	// skips (CR, LF) could pass the base64 decoder but not JSON.
	if bytes.IndexByte(s, '\\') >= 0 || bytes.IndexByte(s, '"') >= 0 || bytes.IndexByte(s, '\n') >= 0 || bytes.IndexByte(s, '\r') >= 0 {
		return nil, false
	}
	out := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
	n, err := base64.StdEncoding.Decode(out, s)
	if err != nil {
		return nil, false
	}
	return out[:n], true
}

// lexicalModel decodes the "lexical" member: its "q" by hand, the rest
// with encoding/json.
func lexicalModel(b []byte) (*Lexical, bool) {
	members, ok := objectMembers(b)
	if !ok {
		return nil, false
	}
	var q []byte
	rest := []byte{'{'}
	for _, kv := range members {
		if kv.key == "q" {
			if q != nil {
				return nil, false
			}
			q = kv.val
			continue
		}
		if strings.EqualFold(kv.key, "q") {
			return nil, false
		}
		if len(rest) > 1 {
			rest = append(rest, ',')
		}
		rest = append(rest, kv.raw...)
	}
	rest = append(rest, '}')
	if q == nil {
		return nil, false
	}
	var l Lexical
	if json.Unmarshal(rest, &l) != nil {
		return nil, false
	}
	if l.Q, ok = base64String(q); !ok {
		return nil, false
	}
	return &l, true
}

// forest decodes the "trees" member: the tree arrays by hand, the rest
// with encoding/json.
func forest(b []byte) (Forest, bool) {
	members, ok := objectMembers(b)
	if !ok {
		return Forest{}, false
	}
	var trees []byte
	rest := []byte{'{'}
	for _, kv := range members {
		if kv.key == "trees" {
			if trees != nil {
				return Forest{}, false
			}
			trees = kv.val
			continue
		}
		if strings.EqualFold(kv.key, "trees") {
			return Forest{}, false
		}
		if len(rest) > 1 {
			rest = append(rest, ',')
		}
		rest = append(rest, kv.raw...)
	}
	rest = append(rest, '}')
	if trees == nil {
		return Forest{}, false
	}
	var f Forest
	if json.Unmarshal(rest, &f) != nil {
		return Forest{}, false
	}
	p := jsonScan{jsonscan.Scanner{B: trees}}
	if !p.Byte('[') {
		return Forest{}, false
	}
	f.Trees = []Tree{}
	p.WS()
	if !p.Byte(']') {
		for {
			p.WS()
			t, ok := p.tree()
			if !ok {
				return Forest{}, false
			}
			f.Trees = append(f.Trees, t)
			p.WS()
			if p.Byte(',') {
				continue
			}
			if !p.Byte(']') {
				return Forest{}, false
			}
			break
		}
	}
	return f, p.I == len(trees)
}

// tree decodes {"f": [int], "t": [float], "l": [int], "r": [int], "v":
// [float]} with each key exactly once, in any order.
func (p *jsonScan) tree() (Tree, bool) {
	var t Tree
	if !p.Byte('{') {
		return t, false
	}
	var seen [5]bool
	for k := range 5 {
		if k > 0 && !p.Byte(',') {
			return t, false
		}
		p.WS()
		key, ok := p.plainString()
		if !ok || len(key) != 1 {
			return t, false
		}
		p.WS()
		if !p.Byte(':') {
			return t, false
		}
		p.WS()
		var j int
		switch key[0] {
		case 'f':
			j = 0
			t.Feat, ok = p.ints()
		case 't':
			j = 1
			t.Thr, ok = p.floats()
		case 'l':
			j = 2
			t.Left, ok = p.ints()
		case 'r':
			j = 3
			t.Right, ok = p.ints()
		case 'v':
			j = 4
			t.Val, ok = p.floats()
		default:
			return t, false
		}
		if !ok || seen[j] {
			return t, false
		}
		seen[j] = true
		p.WS()
	}
	return t, p.Byte('}')
}

// jsonScan reads JSON from b at i.
type jsonScan struct{ jsonscan.Scanner }

// plainString reads a JSON string of printable ASCII without escapes and
// returns its contents.
func (p *jsonScan) plainString() ([]byte, bool) {
	if !p.Byte('"') {
		return nil, false
	}
	start := p.I
	for p.I < len(p.B) {
		c := p.B[p.I]
		if c == '"' {
			p.I++
			return p.B[start : p.I-1], true
		}
		if c == '\\' || c < 0x20 || c >= 0x80 {
			return nil, false
		}
		p.I++
	}
	return nil, false
}

// skipValue moves past one JSON value without checking it beyond the
// nesting of brackets and strings (whoever decodes it checks it).
func (p *jsonScan) skipValue() bool {
	depth := 0
	b := p.B
	for i := p.I; i < len(b); {
		switch b[i] {
		case '"':
			i++
			for {
				k := bytes.IndexByte(b[i:], '"')
				if k < 0 {
					return false
				}
				if bytes.IndexByte(b[i:i+k], '\\') < 0 {
					i += k + 1
					break
				}
				// Escapes: step over each escaped character.
				for i < len(b) && b[i] != '"' {
					if b[i] == '\\' {
						i++
					}
					i++
				}
				if i >= len(b) {
					return false
				}
				i++
				break
			}
		case '{', '[':
			depth++
			i++
		case '}', ']':
			if depth == 0 {
				return false
			}
			depth--
			i++
		case ',', ':':
			if depth == 0 {
				return false
			}
			i++
		default:
			if depth == 0 {
				// A scalar ends before a delimiter or white space.
				start := i
			scalar:
				for i < len(b) {
					switch b[i] {
					case ',', '}', ']', ' ', '\t', '\n', '\r':
						break scalar
					}
					i++
				}
				p.I = i
				return i > start
			}
			i++
		}
		if depth == 0 {
			p.I = i
			return true
		}
	}
	return false
}

// number reads a number with JSON's grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?; integral reports
// whether it has neither fraction nor exponent.
func (p *jsonScan) number() (s []byte, integral, ok bool) {
	b, i := p.B, p.I
	start := i
	digits := func() int {
		j := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case digits() == 0:
		return nil, false, false
	}
	integral = true
	if i < len(b) && b[i] == '.' {
		i++
		integral = false
		if digits() == 0 {
			return nil, false, false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		integral = false
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return nil, false, false
		}
	}
	p.I = i
	return b[start:i], integral, true
}

// float reads a number as encoding/json decodes it into a float64.
func (p *jsonScan) float() (float64, bool) {
	s, _, ok := p.number()
	if !ok {
		return 0, false
	}
	// strconv keeps no reference to the string when it succeeds; on
	// failure the error is dropped.
	v, err := strconv.ParseFloat(unsafe.String(&s[0], len(s)), 64)
	return v, err == nil
}

// int reads a number as encoding/json decodes it into an int.
func (p *jsonScan) int() (int, bool) {
	s, integral, ok := p.number()
	if !ok || !integral {
		return 0, false
	}
	v, err := strconv.ParseInt(unsafe.String(&s[0], len(s)), 10, 64)
	return int(v), err == nil
}

// floats reads an array of numbers into a []float64.
func (p *jsonScan) floats() ([]float64, bool) { return jsonscan.Array(&p.Scanner, p.float) }

// ints reads an array of integers into an []int.
func (p *jsonScan) ints() ([]int, bool) { return jsonscan.Array(&p.Scanner, p.int) }
