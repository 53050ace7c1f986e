package summarize

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
)

// Boilerplate sentences: whole sentences that recur word for word in the
// documents of many unrelated stories are not news. In Multi-News train
// they are the Internet Archive's crawl notices ("These crawls are part of
// an effort to archive pages ..."), Twitter's location notice, newsletter
// and comment-form texts, paywall and cookie messages: page text a scraper
// kept, never what happened. A sentence recurring in at least
// boilerClusters train clusters with at least boilerWords words is in the
// embedded set; DebrisPrefix treats it as nothing but debris, so it is no
// candidate, as a sentence of only "Advertisement" is not.
//
// The set holds hashes, not text: the FNV-1a hash of the sentence's ROUGE
// tokens (runs of [a-z0-9], lower-cased) joined by single spaces, after
// the leading debris DebrisPrefix removes, and the hash of its first
// token, which most sentences fail before the whole sentence is hashed.
// Rebuild it with `go generate ./internal/summarize` (genboiler: the
// sentences of every train document split as the batch splits them).
//
//go:generate go run ./genboiler -in ../../../shared/data/multinews/train.jsonl.gz -out boiler.bin
//go:embed boiler.bin
var boilerBin []byte

// The thresholds genboiler uses by default: recurring in this many train
// clusters, this many words or more.
const (
	BoilerClusters = 10
	BoilerWords    = 5
)

// boilerplateSet is a decoded set: sentence hashes sorted, and the first
// tokens' hashes sorted.
type boilerplateSet struct {
	sentences, firsts []uint64
}

var boilerplate = func() boilerplateSet {
	s, err := ReadBoilerplate(bytes.NewReader(boilerBin))
	if err != nil {
		panic("summarize: embedded boiler.bin: " + err.Error()) // TestEmbeddedBoilerplate guards it
	}
	return s
}()

// has reports whether sentence s (without leading debris) is in the set.
func (b *boilerplateSet) has(s string) bool {
	if len(b.sentences) == 0 {
		return false
	}
	first, ok := firstTokenKey(s)
	if !ok {
		return false
	}
	if _, found := slices.BinarySearch(b.firsts, first); !found {
		return false
	}
	key, words := SentenceKey(s)
	if words < BoilerWords {
		return false
	}
	_, found := slices.BinarySearch(b.sentences, key)
	return found
}

// SentenceKey returns the FNV-1a hash of s's ROUGE tokens joined by single
// spaces, and how many tokens there are.
func SentenceKey(s string) (key uint64, words int) {
	h := uint64(fnvOffset)
	inWord := false
	for i := 0; i < len(s); i++ {
		c := tokenByte[s[i]]
		if c == 0 {
			inWord = false
			continue
		}
		if !inWord {
			if words > 0 {
				h = (h ^ ' ') * fnvPrime
			}
			words++
			inWord = true
		}
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h, words
}

// firstTokenKey returns the FNV-1a hash of s's first ROUGE token.
func firstTokenKey(s string) (uint64, bool) {
	i := 0
	for i < len(s) && tokenByte[s[i]] == 0 {
		i++
	}
	if i == len(s) {
		return 0, false
	}
	h := uint64(fnvOffset)
	for ; i < len(s) && tokenByte[s[i]] != 0; i++ {
		h = (h ^ uint64(tokenByte[s[i]])) * fnvPrime
	}
	return h, true
}

// BoilerplateKeys returns what the boilerplate set records of a sentence:
// the keys of the sentence after its leading debris (prefix rules only,
// not the set itself) and of its first token, and its number of words.
// genboiler counts them.
func BoilerplateKeys(s string) (key, first uint64, words int) {
	s = s[debrisPrefix(s):]
	key, words = SentenceKey(s)
	first, _ = firstTokenKey(s)
	return key, first, words
}

// boilerMagic starts a boilerplate file; then come the number of
// sentences (uint32), their hashes and then their first tokens' hashes
// (uint64 each, little-endian, both lists sorted and without repeats).
const boilerMagic = "chorus-boilerplate-1\n"

// WriteBoilerplate writes a set of sentence keys and first-token keys in
// the format ReadBoilerplate reads.
func WriteBoilerplate(w io.Writer, sentences, firsts []uint64) error {
	sentences, firsts = sortedUnique(sentences), sortedUnique(firsts)
	buf := make([]byte, 0, len(boilerMagic)+8+8*(len(sentences)+len(firsts)))
	buf = append(buf, boilerMagic...)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(sentences)))
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(firsts)))
	for _, k := range sentences {
		buf = binary.LittleEndian.AppendUint64(buf, k)
	}
	for _, k := range firsts {
		buf = binary.LittleEndian.AppendUint64(buf, k)
	}
	_, err := w.Write(buf)
	return err
}

// ReadBoilerplate reads a set written by WriteBoilerplate.
func ReadBoilerplate(r io.Reader) (boilerplateSet, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return boilerplateSet{}, err
	}
	if len(b) < len(boilerMagic)+8 || string(b[:len(boilerMagic)]) != boilerMagic {
		return boilerplateSet{}, errors.New("not a boilerplate file")
	}
	b = b[len(boilerMagic):]
	ns, nf := int(binary.LittleEndian.Uint32(b)), int(binary.LittleEndian.Uint32(b[4:]))
	b = b[8:]
	if len(b) != 8*(ns+nf) {
		return boilerplateSet{}, fmt.Errorf("boilerplate file: %d bytes of keys, want %d", len(b), 8*(ns+nf))
	}
	keys := func(n int) []uint64 {
		out := make([]uint64, n)
		for i := range out {
			out[i] = binary.LittleEndian.Uint64(b[8*i:])
		}
		b = b[8*n:]
		return out
	}
	s := boilerplateSet{sentences: keys(ns), firsts: keys(nf)}
	if !isSortedUnique(s.sentences) || !isSortedUnique(s.firsts) {
		return boilerplateSet{}, errors.New("boilerplate file: keys not sorted")
	}
	return s, nil
}

func sortedUnique(k []uint64) []uint64 {
	k = slices.Clone(k)
	slices.Sort(k)
	return slices.Compact(k)
}

func isSortedUnique(k []uint64) bool {
	for i := 1; i < len(k); i++ {
		if k[i-1] >= k[i] {
			return false
		}
	}
	return true
}
