package summarize

import (
	"math/bits"
	"sync"
	"unsafe"

	"github.com/chorusnews/chorus/internal/rouge"
)

// lexicon caches, for one goroutine at a time, what newCluster needs to
// know about a token: the ROUGE tokenizer's stem of each lower-cased word,
// a number for each stem, whether it is a stop word and the model's
// statistics for it. Tokenizing and stemming through it gives exactly
// rouge.Tokenizer.AppendTokens's stems.
//
// Words are looked up first in the shared base (see Primer), which every
// lexicon reads and none writes, then in the lexicon's own tables, which
// hold the words the base lacks. Stem numbers below len(base.stems) are
// the base's, the others the lexicon's own (own stem sid is
// stems[sid-len(base.stems)]). Stem numbers never reach a result: a
// cluster's words are numbered by first appearance (localOf).
type lexicon struct {
	base  *lexBase         // nil: none
	nbase int32            // len(base.stems)
	words wordTable        // lower-cased [a-z0-9]+ word -> stem number
	ids   map[string]int32 // stem -> stem number (stems the base lacks)
	stems []stemInfo       // the stems the base lacks
	// alt holds, for base stems, this lexicon's statistics under models
	// other than the one the base was made for (nil until needed).
	alt []stemInfo
	// marks holds, per stem number, the stem's id in the current cluster
	// (see stemMark): 8 bytes a stem, so that the table of all stems
	// mostly stays in the processor's cache.
	marks []stemMark
	gen   uint32 // the current cluster's stamp (see stemMark)
	// order lists the stem numbers of the current cluster by local id.
	order []int32
	// inCluster maps the words of the current cluster to their local
	// ids: it stays small, so most lookups hit the processor cache.
	inCluster wordTable
	// pairs numbers the token pairs of the current cluster.
	pairs pairTable
	buf   []byte
}

// stemMark is a stem's id in the current cluster when gen equals the
// lexicon's gen.
type stemMark struct {
	gen   uint32
	local int32
}

// stemInfo is what a lexicon knows about a stem, in 64 bytes (one cache
// line: the table of all stems is much larger than the processor's
// caches).
type stemInfo struct {
	stem string
	// Statistics under model statsOf (nil: not looked up yet).
	statsOf *Model
	idf     float64
	prior   float64
	// The pair model's bins of the stem's prior and idf (see
	// pairBinner.wordBins) under pair model binsOf and the statistics
	// above (nil: not yet; fillStats resets it).
	binsOf *PairModel
	bins   [3]int32
	stop   bool
	known  bool
	digit  int8
	class  uint8 // stemClass(stem)
}

// stemInfo stays within one cache line (a compile error otherwise).
var _ [64 - unsafe.Sizeof(stemInfo{})]struct{}

// Stem classes some features count (see features), kept per stem so that
// the features compare a byte per token instead of strings.
const (
	stemOther uint8 = iota
	stemSaid
	stemFirstPerson
)

func stemClass(stem string) uint8 {
	switch stem {
	case "said", "say", "told", "accord":
		return stemSaid
	case "i", "we", "my", "our", "me", "us":
		return stemFirstPerson
	}
	return stemOther
}

// lexFree keeps lexicons between calls; unlike a sync.Pool it is not
// emptied by the garbage collector.
var lexFree = make(chan *lexicon, 64)

// maxLexWords bounds a lexicon's memory on endless input.
const maxLexWords = 1 << 20

func getLexicon() *lexicon {
	select {
	case lx := <-lexFree:
		if lx.words.n > maxLexWords || lx.base != sharedBase.Load() {
			return newLexicon()
		}
		return lx
	default:
		return newLexicon()
	}
}

func putLexicon(lx *lexicon) {
	select {
	case lexFree <- lx:
	default:
	}
}

// newLexicon returns an empty lexicon over the shared base, if any.
func newLexicon() *lexicon {
	return newLexiconOver(sharedBase.Load())
}

// newLexiconOver returns an empty lexicon over base (nil: none).
func newLexiconOver(base *lexBase) *lexicon {
	lx := &lexicon{ids: make(map[string]int32), base: base}
	if base != nil {
		lx.nbase = int32(len(lx.base.stems))
		lx.marks = make([]stemMark, lx.nbase, lx.nbase+lx.nbase/4)
	}
	return lx
}

// begin starts a new cluster: no stem has a local id.
func (lx *lexicon) begin() {
	lx.inCluster.reset()
	lx.pairs.reset()
	lx.order = lx.order[:0]
	lx.gen++
	if lx.gen == 0 {
		clear(lx.marks)
		lx.gen = 1
	}
}

// info returns the stem (and cached statistics) of stem number sid. A
// base stem's entry is shared: only stats and pairBins write to entries,
// and they write base stems' copies in alt.
func (lx *lexicon) info(sid int32) *stemInfo {
	if sid < lx.nbase {
		return &lx.base.stems[sid]
	}
	return &lx.stems[sid-lx.nbase]
}

// stemNumber returns the number of the stem of a lower-cased word with
// hash h, giving a stem new to the lexicon the next number.
func (lx *lexicon) stemNumber(w []byte, h uint64) int32 {
	if lx.base != nil {
		if sid, ok := lx.base.words.get(w, h); ok {
			return sid
		}
	}
	sid, ok := lx.words.get(w, h)
	if ok {
		return sid
	}
	st := stemOf(w)
	if lx.base != nil {
		sid, ok = lx.base.ids[st]
	}
	if !ok {
		sid, ok = lx.ids[st]
	}
	if !ok {
		sid = lx.nbase + int32(len(lx.stems))
		lx.ids[st] = sid
		lx.stems = append(lx.stems, stemInfo{stem: st, stop: isStop(st), class: stemClass(st)})
		lx.marks = append(lx.marks, stemMark{})
	}
	lx.words.put(w, h, sid)
	return sid
}

// localOf returns the local id of the stem of a lower-cased word with
// hash h (FNV-1a) in the current cluster; a stem new to the cluster gets
// the next id, and order records its stem number.
func (lx *lexicon) localOf(w []byte, h uint64) int32 {
	if id, ok := lx.inCluster.get(w, h); ok {
		return id
	}
	sid := lx.stemNumber(w, h)
	mk := &lx.marks[sid]
	if mk.gen != lx.gen {
		mk.gen, mk.local = lx.gen, int32(len(lx.order))
		lx.order = append(lx.order, sid)
	}
	lx.inCluster.put(w, h, mk.local)
	return mk.local
}

// sharedStems caches rouge.Stem's stems of words longer than three
// bytes for all lexicons: each goroutine's lexicon meets most of the words
// of a batch, and stemming one costs some 3,000 instructions (a lock and
// a map lookup cost a few dozen; a lexicon asks only for words it has not
// seen).
var sharedStems struct {
	sync.Mutex
	m map[string]string
}

// stemOf returns rouge.Stem(string(w)).
func stemOf(w []byte) string {
	if len(w) <= 3 {
		return string(w)
	}
	sharedStems.Lock()
	st, ok := sharedStems.m[string(w)]
	sharedStems.Unlock()
	if ok {
		return st
	}
	st = rouge.Stem(string(w))
	sharedStems.Lock()
	if sharedStems.m == nil || len(sharedStems.m) >= maxLexWords {
		sharedStems.m = make(map[string]string)
	}
	sharedStems.m[string(w)] = st
	sharedStems.Unlock()
	return st
}

// appendLocal appends the local ids (see localOf) of the stems of text's
// ROUGE tokens to dst: text is lower-cased, every byte outside [a-z0-9]
// separates tokens.
func (lx *lexicon) appendLocal(dst []int32, text string) []int32 {
	if cap(lx.buf) < len(text) {
		lx.buf = make([]byte, len(text))
	}
	buf := lx.buf[:len(text)]
	for i := 0; i < len(text); {
		for i < len(text) && tokenByte[text[i]] == 0 {
			i++
		}
		h, n := uint64(fnvOffset), 0
		for ; i < len(text); i++ {
			c := tokenByte[text[i]]
			if c == 0 {
				break
			}
			buf[n] = c
			n++
			h = (h ^ uint64(c)) * fnvPrime
		}
		if n > 0 {
			dst = append(dst, lx.localOf(buf[:n], h))
		}
	}
	return dst
}

// tokenByte maps the bytes of ROUGE tokens ([a-zA-Z0-9]) to their lower
// case and every other byte to 0.
var tokenByte = func() (t [256]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = byte(c), byte(c)
	}
	return t
}()

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// wordTable is an open-addressing hash table from words (FNV-1a hashed by
// the caller) to stem numbers, emptied per cluster by bumping a generation.
type wordTable struct {
	slots []wordSlot
	arena []byte // the words' bytes
	n     int
	gen   uint32
	shift uint // 64 - log2(len(slots))
}

type wordSlot struct {
	h   uint64
	sid int32
	gen uint32
	len uint32
	off uint32           // in arena, for words longer than inlineWord
	key [inlineWord]byte // shorter words are stored here
}

const inlineWord = 16

func (t *wordTable) reset() {
	t.gen++
	if t.gen == 0 || len(t.arena) > 1<<22 {
		*t = wordTable{gen: 1}
	}
	t.arena = t.arena[:0]
	t.n = 0
}

func (t *wordTable) get(w []byte, h uint64) (int32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(t.slots) - 1)
	for i := t.home(h); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.gen != t.gen {
			return 0, false
		}
		if s.h != h || int(s.len) != len(w) {
			continue
		}
		if len(w) <= inlineWord {
			if string(s.key[:len(w)]) == string(w) {
				return s.sid, true
			}
		} else if string(t.arena[s.off:s.off+s.len]) == string(w) {
			return s.sid, true
		}
	}
}

func (t *wordTable) put(w []byte, h uint64, sid int32) {
	if t.gen == 0 {
		t.gen = 1
	}
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	e := wordSlot{h: h, len: uint32(len(w)), sid: sid, gen: t.gen}
	if len(w) <= inlineWord {
		copy(e.key[:], w)
	} else {
		e.off = uint32(len(t.arena))
		t.arena = append(t.arena, w...)
	}
	t.insert(e)
	t.n++
}

func (t *wordTable) insert(e wordSlot) {
	mask := uint64(len(t.slots) - 1)
	for i := t.home(e.h); ; i = (i + 1) & mask {
		if t.slots[i].gen != t.gen {
			t.slots[i] = e
			return
		}
	}
}

// home is the first slot to probe for hash h: the top bits of h times
// the golden ratio (FNV's low bits depend only on the words' low bits).
func (t *wordTable) home(h uint64) uint64 {
	return (h * 0x9E3779B97F4A7C15) >> t.shift
}

func (t *wordTable) grow() {
	t.resize(max(1024, 2*len(t.slots)))
}

// shrink makes the table as small as a table that is only read needs:
// the least power of two with at most two slots in three used (put keeps
// at most half used), so that it fits the processor's caches better.
func (t *wordTable) shrink() {
	n := 1024
	for 2*n < 3*t.n {
		n *= 2
	}
	if n < len(t.slots) {
		t.resize(n)
	}
}

// resize moves the words to a table of n slots (a power of two).
func (t *wordTable) resize(n int) {
	if t.gen == 0 {
		t.gen = 1 // slots of generation 0 are empty
	}
	old := t.slots
	t.slots = make([]wordSlot, n)
	t.shift = uint(64 - bits.TrailingZeros(uint(len(t.slots))))
	for _, e := range old {
		if e.gen == t.gen {
			t.insert(e)
		}
	}
}

// stats returns the model's statistics of stem number sid: inverse
// document frequency, prior and whether the model knows the stem. Only
// meaningful for models with word statistics.
func (lx *lexicon) stats(sid int32, m *Model) *stemInfo {
	if si := lx.info(sid); si.statsOf == m {
		return si
	}
	return lx.fill(sid, m, nil)
}

// fill returns stem number sid's entry with its statistics under m and,
// unless pm is nil, its bins under pm: the shared entry when it holds
// them, else the one this lexicon may write, filled as needed.
func (lx *lexicon) fill(sid int32, m *Model, pm *PairModel) *stemInfo {
	si := lx.info(sid)
	if si.statsOf == m && (pm == nil || si.binsOf == pm) {
		return si
	}
	si = lx.writable(sid)
	if si.statsOf != m {
		fillStats(si, m)
	}
	if pm != nil && si.binsOf != pm {
		fillBins(si, pm)
	}
	return si
}

// fillStats sets si's statistics under m.
func fillStats(si *stemInfo, m *Model) {
	if ws, ok := m.Words[si.stem]; ok {
		si.idf, si.prior, si.known = ws[0], ws[1], true
	} else {
		si.idf, si.prior, si.known = m.DefaultIDF, m.DefaultPrior, false
	}
	si.statsOf, si.binsOf = m, nil
}

// writable returns the entry of stem number sid that this lexicon may
// write: for a base stem, its copy in alt.
func (lx *lexicon) writable(sid int32) *stemInfo {
	if sid >= lx.nbase {
		return &lx.stems[sid-lx.nbase]
	}
	if lx.alt == nil {
		lx.alt = make([]stemInfo, lx.nbase)
	}
	si := &lx.alt[sid]
	if si.stem == "" {
		b := &lx.base.stems[sid]
		*si = stemInfo{stem: b.stem, stop: b.stop, class: b.class}
	}
	return si
}

// pairTable numbers uint64 keys (token id pairs) in order of first
// appearance; it is an open-addressing table emptied by bumping a
// generation.
type pairTable struct {
	slots []pairSlot
	n     int32
	gen   uint32
	shift uint
}

type pairSlot struct {
	key uint64
	id  int32
	gen uint32
}

func (t *pairTable) reset() {
	t.gen++
	if t.gen == 0 || len(t.slots) > 1<<20 {
		*t = pairTable{gen: 1}
	}
	t.n = 0
}

// id returns the number of key, giving it the next one if it is new.
func (t *pairTable) id(key uint64) (int32, bool) {
	if 2*(int(t.n)+1) > len(t.slots) {
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	for i := (key * 0x9E3779B97F4A7C15) >> t.shift; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.gen != t.gen {
			*s = pairSlot{key: key, id: t.n, gen: t.gen}
			t.n++
			return s.id, true
		}
		if s.key == key {
			return s.id, false
		}
	}
}

func (t *pairTable) grow() {
	old := t.slots
	t.slots = make([]pairSlot, max(1024, 2*len(old)))
	t.shift = uint(64 - bits.TrailingZeros(uint(len(t.slots))))
	mask := uint64(len(t.slots) - 1)
	for _, e := range old {
		if e.gen != t.gen {
			continue
		}
		for i := (e.key * 0x9E3779B97F4A7C15) >> t.shift; ; i = (i + 1) & mask {
			if t.slots[i].gen != t.gen {
				t.slots[i] = e
				break
			}
		}
	}
}

// pairBins returns the bins under pair model pm of the statistics of stem
// number sid under model m (see stats, called first): the bins
// pairBinner.wordBins computes from them per cluster.
func (lx *lexicon) pairBins(sid int32, m *Model, pm *PairModel) *stemInfo {
	return lx.fill(sid, m, pm)
}

// fillBins sets si's pair model bins under pm, from the statistics si
// holds.
func fillBins(si *stemInfo, pm *PairModel) {
	si.bins[0] = int32(binOf(pm.Cuts[pfMinPrior], si.prior))
	si.bins[1] = int32(binOf(pm.Cuts[pfMaxPrior], si.prior))
	si.bins[2] = int32(binOf(pm.Cuts[pfMaxIdf], si.idf))
	si.digit = 0
	if hasDigit(si.stem) {
		si.digit = 1
	}
	si.binsOf = pm
}
