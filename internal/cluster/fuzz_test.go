package cluster

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzShingling checks invariants of tokenising, shingling and hashing on
// arbitrary input: no panic, tokens are non-empty lower-case words taken
// from the text, a text is a perfect near-copy of itself, a signature is
// deterministic, estimated Jaccard lies in [0, 1], and feature vectors are
// term-sorted and unit-length (or empty).
func FuzzShingling(f *testing.F) {
	f.Add("A grain barge struck a pier of the Harlow Bridge.", "The bridge stays shut.")
	f.Add("", "x")
	f.Add("\xff\xfe broken \xc3 utf8 Émile ÉMILE", "a b c d e f g h i j k l m n o p")
	f.Add("one two three", "one two three four five six seven eight nine ten eleven twelve")
	f.Fuzz(func(t *testing.T, a, b string) {
		toks := tokenize(a, nil)
		for _, tk := range toks {
			if tk.lower == "" {
				t.Fatalf("empty token from %q", a)
			}
			if utf8.ValidString(a) && tk.lower != strings.ToLower(tk.lower) {
				t.Fatalf("token %q not lower-case", tk.lower)
			}
		}
		sa, sb := TextSignature(a), TextSignature(b)
		if sa != TextSignature(a) {
			t.Fatal("signature not deterministic")
		}
		if !sa.Empty {
			if j := sa.Jaccard(&sa); j != 1 {
				t.Fatalf("self Jaccard %v", j)
			}
		} else if len(toks) > 0 {
			t.Fatalf("empty signature for %d tokens", len(toks))
		}
		if j := sa.Jaccard(&sb); j < 0 || j > 1 || j != sb.Jaccard(&sa) {
			t.Fatalf("Jaccard %v not symmetric in [0,1]", j)
		}
		d := Dedup([]Input{{ID: "a", Text: a}, {ID: "b", Text: b}}, Options{MinDupWords: 1})
		if len(toks) > 0 && a == b && d["b"] != "a" {
			t.Fatalf("identical texts not deduplicated: %v", d)
		}
		df, err := DefaultDF()
		if err != nil {
			t.Fatal(err)
		}
		fz := newFeaturizer(DefaultOptions(), df)
		ft := fz.Features(Input{ID: "x", Title: b, Text: a, Entities: []string{b}})
		var n float64
		for i, e := range ft.Vec {
			if i > 0 && ft.Vec[i-1].T >= e.T {
				t.Fatal("vector not sorted by term")
			}
			n += float64(e.W) * float64(e.W)
		}
		if len(ft.Vec) > 0 && math.Abs(n-1) > 1e-4 {
			t.Fatalf("vector norm^2 %v", n)
		}
	})
}
