package cluster

import (
	"github.com/cespare/xxhash/v2"
)

// MinHash parameters: numHashes permutations, split into numBands bands of
// bandRows rows. With 2 rows and 32 bands a pair with Jaccard 0.5 becomes a
// candidate with probability 1-(1-0.5^2)^32 > 0.9999; candidates are then
// verified on the whole signature.
const (
	numHashes = 64
	bandRows  = 2
	numBands  = numHashes / bandRows
	// shingleWords is the number of consecutive words in one shingle.
	shingleWords = 4
)

// Signature is a MinHash signature of a text's word shingles. The zero
// value (no shingles) matches nothing.
type Signature struct {
	Mins [numHashes]uint32
	// Empty is true when the text had no words.
	Empty bool
}

// permutation parameters: h_i(x) = (a_i*x + b_i) >> 32 with a_i odd.
var permA, permB [numHashes]uint64

func init() {
	s := hashSeed
	for i := range numHashes {
		s += 0x9e3779b97f4a7c15
		permA[i] = mix64(s) | 1
		s += 0x9e3779b97f4a7c15
		permB[i] = mix64(s)
	}
}

// shingleHashes appends the hashes of the word shingles of the tokens. Every
// word counts, stop words included, so that two texts share a shingle only
// when they share a run of shingleWords words. A text shorter than one
// shingle yields one shingle of all its words.
func shingleHashes(toks []token, out []uint64) []uint64 {
	if len(toks) == 0 {
		return out
	}
	// Hash every word once, then combine windows of them.
	wh := make([]uint64, len(toks))
	for i, t := range toks {
		wh[i] = xxhash.Sum64String(t.lower) ^ hashSeed
	}
	n := shingleWords
	if len(wh) < n {
		n = len(wh)
	}
	for i := 0; i+n <= len(wh); i++ {
		h := uint64(n)
		for k := 0; k < n; k++ {
			h = mix64(h*0x100000001b3 ^ wh[i+k])
		}
		out = append(out, h)
	}
	return out
}

// signature computes the MinHash signature of a set of shingle hashes.
func signature(shingles []uint64) Signature {
	var sig Signature
	if len(shingles) == 0 {
		sig.Empty = true
		return sig
	}
	for i := range sig.Mins {
		sig.Mins[i] = ^uint32(0)
	}
	for _, s := range shingles {
		for i := 0; i < numHashes; i++ {
			v := uint32((permA[i]*s + permB[i]) >> 32)
			if v < sig.Mins[i] {
				sig.Mins[i] = v
			}
		}
	}
	return sig
}

// TextSignature returns the MinHash signature of a text's word shingles.
func TextSignature(text string) Signature {
	toks := tokenize(text, nil)
	return signature(shingleHashes(toks, nil))
}

// Jaccard estimates the Jaccard similarity of the two shingle sets.
func (s *Signature) Jaccard(o *Signature) float64 {
	if s.Empty || o.Empty {
		return 0
	}
	same := 0
	for i := range s.Mins {
		if s.Mins[i] == o.Mins[i] {
			same++
		}
	}
	return float64(same) / numHashes
}

// bandKeys returns the LSH bucket key of every band.
func (s *Signature) bandKeys() [numBands]uint64 {
	var keys [numBands]uint64
	for b := 0; b < numBands; b++ {
		h := uint64(b+1) * 0x9e3779b97f4a7c15
		for r := 0; r < bandRows; r++ {
			h = mix64(h ^ uint64(s.Mins[b*bandRows+r]))
		}
		keys[b] = h
	}
	return keys
}

// dupIndex finds, among the most recent documents, the earliest-registered
// one whose signature is close enough to a new one. Buckets keep only the
// latest document per band key, and the index forgets documents older than
// about window insertions (two generations of maps), so memory is bounded.
type dupIndex struct {
	window   int
	cur, old map[uint64]int64 // band key -> document sequence number
	sigs     []Signature      // ring buffer of signatures, by sequence
	seqs     []int64          // sequence held at each ring slot
	next     int64
}

func newDupIndex(window int) *dupIndex {
	if window < 2 {
		window = 2
	}
	return &dupIndex{window: window, cur: make(map[uint64]int64)}
}

// lookup returns the sequence number of the most similar live document
// with estimated Jaccard >= threshold, or -1.
func (d *dupIndex) lookup(sig *Signature, threshold float64) (int64, float64) {
	if sig.Empty {
		return -1, 0
	}
	keys := sig.bandKeys()
	best, bestJ := int64(-1), 0.0
	var seen [numBands]int64
	ns := 0
outer:
	for _, k := range keys {
		seq, ok := d.cur[k]
		if !ok {
			seq, ok = d.old[k]
		}
		if !ok {
			continue
		}
		for _, s := range seen[:ns] {
			if s == seq {
				continue outer
			}
		}
		seen[ns] = seq
		ns++
		slot := int(seq % int64(d.window))
		if slot >= len(d.sigs) || d.seqs[slot] != seq {
			continue // evicted from the ring
		}
		j := sig.Jaccard(&d.sigs[slot])
		if j >= threshold && (j > bestJ || (j == bestJ && seq < best)) {
			best, bestJ = seq, j
		}
	}
	return best, bestJ
}

// add registers a signature and returns its sequence number.
func (d *dupIndex) add(sig *Signature) int64 {
	seq := d.next
	d.next++
	slot := int(seq % int64(d.window))
	if slot == len(d.sigs) {
		d.sigs = append(d.sigs, Signature{})
		d.seqs = append(d.seqs, -1)
	}
	d.sigs[slot] = *sig
	d.seqs[slot] = seq
	if sig.Empty {
		return seq
	}
	for _, k := range sig.bandKeys() {
		d.cur[k] = seq
	}
	if len(d.cur) >= d.window/2*numBands {
		d.old = d.cur
		d.cur = make(map[uint64]int64, len(d.old))
	}
	return seq
}
