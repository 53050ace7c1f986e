package summarize

import (
	"math/bits"
	"sync"

	"github.com/chorusnews/chorus/internal/rouge"
)

// lexicon caches, for one goroutine at a time, what newCluster needs to
// know about a token: the ROUGE tokenizer's stem of each lower-cased word,
// a number for each stem, whether it is a stop word and the model's
// statistics for it. Tokenizing and stemming through it gives exactly
// rouge.Tokenizer.AppendTokens's stems.
type lexicon struct {
	words wordTable        // lower-cased [a-z0-9]+ word -> stem number
	ids   map[string]int32 // stem -> stem number
	stems []stemInfo
	gen   uint32 // the current cluster's stamp (see stemInfo.mark)
	// order lists the stem numbers of the current cluster by local id.
	order []int32
	// inCluster maps the words of the current cluster to their local
	// ids: it stays small, so most lookups hit the processor cache.
	inCluster wordTable
	// pairs numbers the token pairs of the current cluster.
	pairs pairTable
	buf   []byte
}

type stemInfo struct {
	stem string
	stop bool
	// local is the stem's id in the current cluster when mark equals
	// the lexicon's gen (kept here, beside what a new id needs, so that
	// a stem costs one cache miss).
	mark  uint32
	local int32
	// Statistics under model statsOf (nil: not looked up yet).
	statsOf *Model
	idf     float64
	prior   float64
	known   bool
	// The pair model's bins of the stem's prior and idf (see
	// pairBinner.wordBins), for pair model binsOf and the statistics of
	// model binsFor (nil: not yet).
	binsOf  *PairModel
	binsFor *Model
	bins    [3]int32
	digit   int8
}

// lexFree keeps lexicons between calls; unlike a sync.Pool it is not
// emptied by the garbage collector.
var lexFree = make(chan *lexicon, 64)

// maxLexWords bounds a lexicon's memory on endless input.
const maxLexWords = 1 << 20

func getLexicon() *lexicon {
	select {
	case lx := <-lexFree:
		if lx.words.n > maxLexWords {
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

func newLexicon() *lexicon {
	return &lexicon{ids: make(map[string]int32)}
}

// begin starts a new cluster: no stem has a local id.
func (lx *lexicon) begin() {
	lx.inCluster.reset()
	lx.pairs.reset()
	lx.order = lx.order[:0]
	lx.gen++
	if lx.gen == 0 {
		for i := range lx.stems {
			lx.stems[i].mark = 0
		}
		lx.gen = 1
	}
}

// localOf returns the local id of the stem of a lower-cased word with
// hash h (FNV-1a) in the current cluster; a stem new to the cluster gets
// the next id, and order records its stem number.
func (lx *lexicon) localOf(w []byte, h uint64) int32 {
	if id, ok := lx.inCluster.get(w, h); ok {
		return id
	}
	sid, ok := lx.words.get(w, h)
	if !ok {
		st := stemOf(w)
		sid, ok = lx.ids[st]
		if !ok {
			sid = int32(len(lx.stems))
			lx.ids[st] = sid
			lx.stems = append(lx.stems, stemInfo{stem: st, stop: isStop(st)})
		}
		lx.words.put(w, h, sid)
	}
	si := &lx.stems[sid]
	if si.mark != lx.gen {
		si.mark, si.local = lx.gen, int32(len(lx.order))
		lx.order = append(lx.order, sid)
	}
	lx.inCluster.put(w, h, si.local)
	return si.local
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
	old := t.slots
	t.slots = make([]wordSlot, max(1024, 2*len(old)))
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
	si := &lx.stems[sid]
	if si.statsOf != m {
		if ws, ok := m.Words[si.stem]; ok {
			si.idf, si.prior, si.known = ws[0], ws[1], true
		} else {
			si.idf, si.prior, si.known = m.DefaultIDF, m.DefaultPrior, false
		}
		si.statsOf = m
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
	si := lx.stats(sid, m)
	if si.binsOf != pm || si.binsFor != m {
		si.bins[0] = int32(binOf(pm.Cuts[pfMinPrior], si.prior))
		si.bins[1] = int32(binOf(pm.Cuts[pfMaxPrior], si.prior))
		si.bins[2] = int32(binOf(pm.Cuts[pfMaxIdf], si.idf))
		si.digit = 0
		if hasDigit(si.stem) {
			si.digit = 1
		}
		si.binsOf, si.binsFor = pm, m
	}
	return si
}
