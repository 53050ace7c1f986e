package cluster

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/kljensen/snowball/english"
)

// topCandidates must return exactly the first k of a full sort by score
// (descending) and story number, ties included.
func TestTopCandidatesMatchesFullSort(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for round := range 200 {
		n := r.IntN(300)
		c := make([]candidate, n)
		for i := range c {
			// Few distinct scores, so ties are common.
			c[i] = candidate{s: int32(r.IntN(1000)), score: float32(r.IntN(8)) / 4}
		}
		// Story numbers are unique in real use.
		slices.SortFunc(c, func(a, b candidate) int { return int(a.s - b.s) })
		c = slices.CompactFunc(c, func(a, b candidate) bool { return a.s == b.s })
		r.Shuffle(len(c), func(i, j int) { c[i], c[j] = c[j], c[i] })
		want := slices.Clone(c)
		slices.SortFunc(want, func(a, b candidate) int {
			if a.score != b.score {
				if a.score > b.score {
					return -1
				}
				return 1
			}
			return int(a.s - b.s)
		})
		k := 1 + r.IntN(60)
		if len(want) > k {
			want = want[:k]
		}
		if got := topCandidates(c, k); !slices.Equal(got, want) {
			t.Fatalf("round %d, n=%d, k=%d:\n got %v\nwant %v", round, len(c), k, got, want)
		}
	}
}

// The stem cache keeps its two generations bounded, keeps a word in use
// cached across rotations, and always returns what the stemmer would.
func TestStemmerGenerations(t *testing.T) {
	s := newStemmer(8) // generations of 4 words
	for i := range 100 {
		w := "running" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		if got, want := s.stem(w), english.Stem(w, false); got != want {
			t.Fatalf("stem(%q) = %q, want %q", w, got, want)
		}
		if got := s.stem("connections"); got != "connect" {
			t.Fatalf("stem(connections) = %q after %d words", got, i)
		}
		if len(s.cur) > 4 || len(s.old) > 4 {
			t.Fatalf("generations grew to %d and %d words", len(s.cur), len(s.old))
		}
		if _, ok := s.cur["connections"]; !ok {
			t.Fatalf("a word in use left the current generation after %d words", i)
		}
	}
	if got := s.stem("2026"); got != "2026" {
		t.Fatalf("digits stemmed to %q", got)
	}
}

// The term cache answers what isStop and termHash of the stem answer,
// through rotations of its bounded generations, and keeps a word in use.
func TestTermCacheGenerations(t *testing.T) {
	c := newTermCache(8)
	words := []string{"the", "connections", "2026", "said", "running", "lavrov", "of", "x"}
	for i := range 200 {
		w := words[i%len(words)]
		if i%3 == 0 {
			w = "walking" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		}
		id, ok := c.term(w)
		if ok != !isStop(w) {
			t.Fatalf("term(%q): content %v, isStop %v", w, ok, isStop(w))
		}
		want := w
		if !isDigits(w) {
			want = english.Stem(w, false)
		}
		if ok && id != termHash(want) {
			t.Fatalf("term(%q) = %x, want the hash of %q", w, id, want)
		}
		if len(c.cur) > 4 || len(c.old) > 4 {
			t.Fatalf("generations grew to %d and %d words", len(c.cur), len(c.old))
		}
		if _, ok := c.cur[w]; !ok {
			t.Fatalf("%q is not in the current generation after use", w)
		}
	}
}

// The hash-table dot product must give the merge's result bit for bit,
// whatever the overlap, including terms that collide in the table and a
// reused table loaded with a shorter vector.
func TestTermTableDotMatchesMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	randVec := func(n int, pool []termID) []entry {
		v := make([]entry, 0, n)
		seen := map[termID]bool{}
		for len(v) < n {
			id := pool[r.IntN(len(pool))]
			if seen[id] {
				continue
			}
			seen[id] = true
			v = append(v, entry{id, r.Float32()})
		}
		sortByTerm(v)
		return v
	}
	var tab termTable
	for round := range 500 {
		// A small pool makes overlaps common; ids sharing low bits
		// collide in the table.
		pool := make([]termID, 200)
		for i := range pool {
			pool[i] = termID(r.Uint32())
			if i%3 == 0 {
				pool[i] = pool[i]&^0xfff | 0x123
			}
		}
		a := randVec(r.IntN(100), pool)
		tab.load(a)
		for range 5 {
			b := randVec(r.IntN(150), pool)
			if got, want := tab.dot(b), dot(a, b); got != want {
				t.Fatalf("round %d: table dot %v, merge %v", round, got, want)
			}
		}
	}
}

// A story's posted list names every posting list that holds it (so that
// eviction can take it out of all of them), stays free of repeats once it
// is compacted, and leaving those lists empties the index of the story.
func TestPostedListsCoverPostings(t *testing.T) {
	o, err := NewOnline(Options{PostingCap: 3})
	if err != nil {
		t.Fatal(err)
	}
	o.stories = make([]story, 4)
	r := rand.New(rand.NewPCG(9, 9))
	for range 5000 {
		o.post(termID(r.IntN(40)), int32(r.IntN(len(o.stories))))
	}
	for s := range o.stories {
		posted := map[termID]bool{}
		for _, t := range o.stories[s].posted {
			posted[t] = true
		}
		for term, list := range o.postings {
			if slices.Contains(list, int32(s)) && !posted[term] {
				t.Fatalf("story %d is in the list of term %d but has not recorded it", s, term)
			}
		}
		if n := len(o.stories[s].posted); n > 2*40+64 {
			t.Fatalf("story %d lists %d terms for 40 distinct ones", s, n)
		}
	}
	for s := range o.stories {
		for _, term := range o.stories[s].posted {
			o.unpost(term, int32(s))
		}
	}
	if len(o.postings) != 0 {
		t.Fatalf("%d posting lists left after every story left its lists", len(o.postings))
	}
}
