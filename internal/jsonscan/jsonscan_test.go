package jsonscan

import (
	"reflect"
	"strconv"
	"testing"
)

func TestArray(t *testing.T) {
	digit := func(p *Scanner) func() (int, bool) {
		return func() (int, bool) {
			if p.I < len(p.B) && p.B[p.I] >= '0' && p.B[p.I] <= '9' {
				v, _ := strconv.Atoi(string(p.B[p.I]))
				p.I++
				return v, true
			}
			return 0, false
		}
	}
	for in, want := range map[string][]int{
		"[]":          {},
		"[ ]":         {},
		"[1,2, 3 ]":   {1, 2, 3},
		"[\n\t4\r\n]": {4},
		"[1,]":        nil,
		"[1 2]":       nil,
		"1":           nil,
		"[1,2":        nil,
		"[x]":         nil,
	} {
		p := &Scanner{B: []byte(in)}
		got, ok := Array(p, digit(p))
		if want == nil {
			if ok {
				t.Errorf("%q: read %v, want a failure", in, got)
			}
			continue
		}
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %v %v, want %v", in, got, ok, want)
		}
	}
}
