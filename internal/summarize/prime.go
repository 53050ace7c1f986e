package summarize

import (
	"sync/atomic"
)

// lexBase is the shared, read-only part of every lexicon made after it
// was published (see Primer): words, their stems and, for the model it
// was made for, the stems' statistics and pair model bins. Nothing writes
// to it once it is published, so lexicons on any goroutine read it without
// locks.
//
// It exists for speed alone: one table of the batch's words shared by all
// workers instead of one per worker keeps more of it in the processor's
// cache (the lookups of words new to a cluster were mostly cache misses),
// and it is filled before the batch starts (while the chorus command is
// still being initialised, on a core that would otherwise wait). A word it
// lacks is looked up and stemmed as without it, so results never depend on
// it.
type lexBase struct {
	words wordTable
	ids   map[string]int32
	stems []stemInfo
}

// sharedBase is the published base (nil: none).
var sharedBase atomic.Pointer[lexBase]

// A Primer collects the words of text that is about to be summarised and
// then publishes them as the shared base of the lexicons made afterwards,
// with their stems and the statistics of a model: summarising that text
// then finds its words already stemmed and looked up, in one table that
// all goroutines share. Priming only ever saves time: summaries do not
// depend on it. A Primer is used by one goroutine.
type Primer struct {
	lx *lexicon
}

// NewPrimer returns an empty Primer.
func NewPrimer() *Primer {
	lx := &lexicon{ids: make(map[string]int32, primeStems), stems: make([]stemInfo, 0, primeStems)}
	lx.words.resize(4 * primeStems)
	return &Primer{lx: lx}
}

// primeStems sizes a new Primer's tables for the words of a few MB of
// news text (the 6-8 MB of Multi-News val that sumstart primes held 38,500-40,400
// words of 27,200-28,500 stems), so
// that they do not grow, and leave garbage, while the program starts.
const primeStems = 1 << 15

// maxPrimeWords bounds the words a Primer keeps.
const maxPrimeWords = 1 << 19

// Add records the ROUGE tokens of text (as appendLocal finds them). Text
// may be raw JSON: a backslash and the byte after it (and the four hex
// digits of a \u escape) are skipped, so the words of JSON strings come
// out whole. Text cut at any byte is fine: a cut word is only a word the
// batch will not look up.
func (p *Primer) Add(text []byte) {
	lx := p.lx
	if lx.words.n >= maxPrimeWords {
		return
	}
	if cap(lx.buf) < 64 {
		lx.buf = make([]byte, 64)
	}
	buf := lx.buf[:cap(lx.buf)]
	for i := 0; i < len(text); {
		for i < len(text) && tokenByte[text[i]] == 0 {
			if text[i] == '\\' {
				i++
				if i < len(text) && text[i] == 'u' {
					i += 4
				}
			}
			i++
		}
		h, n := uint64(fnvOffset), 0
		for ; i < len(text); i++ {
			c := tokenByte[text[i]]
			if c == 0 {
				break
			}
			if n == len(buf) {
				buf = append(buf, 0)
				buf = buf[:cap(buf)]
			}
			buf[n] = c
			n++
			h = (h ^ uint64(c)) * fnvPrime
		}
		if n > 0 {
			lx.stemNumber(buf[:n], h)
		}
	}
	lx.buf = buf
}

// Publish makes the words added so far the shared base of the lexicons
// made from now on, with their statistics under m (the embedded default
// when nil). It does nothing when a base was already published or no word
// was added. The Primer must not be used afterwards.
func (p *Primer) Publish(m *Model) {
	if m == nil {
		m = Default()
	}
	if len(p.lx.stems) == 0 || sharedBase.Load() != nil {
		return
	}
	sharedBase.CompareAndSwap(nil, p.base(m))
	p.lx = nil
}

// base returns the words added so far as a base, with their statistics
// under m.
func (p *Primer) base(m *Model) *lexBase {
	lx := p.lx
	if len(m.Words) > 0 {
		pm := m.Pairs
		for i := range lx.stems {
			si := &lx.stems[i]
			fillStats(si, m)
			if pm.ok() {
				fillBins(si, pm)
			}
		}
	}
	lx.words.shrink()
	return &lexBase{words: lx.words, ids: lx.ids, stems: lx.stems}
}
