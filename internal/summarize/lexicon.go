package summarize

import "github.com/chorusnews/chorus/internal/rouge"

// lexicon caches, for one goroutine at a time, what newCluster needs to
// know about a token: the ROUGE tokenizer's stem of each lower-cased word,
// a number for each stem, whether it is a stop word and the model's
// statistics for it. Tokenizing and stemming through it gives exactly
// rouge.Tokenizer.AppendTokens's stems.
type lexicon struct {
	tk    *rouge.Tokenizer
	words map[string]int32 // lower-cased [a-z0-9]+ word -> stem number
	ids   map[string]int32 // stem -> stem number
	stems []stemInfo
	// local maps a stem number to its id in the current cluster (valid
	// when mark equals gen).
	local []int32
	mark  []uint32
	gen   uint32
	// inCluster maps the words of the current cluster to their stem
	// numbers: it stays small, so most lookups hit the processor cache.
	inCluster map[string]int32
	buf       []byte
}

type stemInfo struct {
	stem string
	stop bool
	// Statistics under model statsOf (nil: not looked up yet).
	statsOf *Model
	idf     float64
	prior   float64
	known   bool
}

// lexFree keeps lexicons between calls; unlike a sync.Pool it is not
// emptied by the garbage collector.
var lexFree = make(chan *lexicon, 64)

// maxLexWords bounds a lexicon's memory on endless input.
const maxLexWords = 1 << 20

func getLexicon() *lexicon {
	select {
	case lx := <-lexFree:
		if len(lx.words) > maxLexWords {
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
	return &lexicon{tk: rouge.NewTokenizer(), words: make(map[string]int32), ids: make(map[string]int32), inCluster: make(map[string]int32)}
}

// begin starts a new cluster: no stem has a local id.
func (lx *lexicon) begin() {
	if len(lx.inCluster) > 1<<16 {
		lx.inCluster = make(map[string]int32)
	} else {
		clear(lx.inCluster)
	}
	lx.gen++
	if lx.gen == 0 {
		clear(lx.mark)
		lx.gen = 1
	}
}

// stemOf returns the stem number of a lower-cased word.
func (lx *lexicon) stemOf(w []byte) int32 {
	if sid, ok := lx.inCluster[string(w)]; ok {
		return sid
	}
	word := string(w)
	sid := lx.globalStem(word)
	lx.inCluster[word] = sid
	return sid
}

func (lx *lexicon) globalStem(word string) int32 {
	if sid, ok := lx.words[word]; ok {
		return sid
	}
	st := lx.tk.Stem(word)
	sid, ok := lx.ids[st]
	if !ok {
		sid = int32(len(lx.stems))
		lx.ids[st] = sid
		lx.stems = append(lx.stems, stemInfo{stem: st, stop: isStop(st)})
		lx.local = append(lx.local, 0)
		lx.mark = append(lx.mark, 0)
	}
	lx.words[word] = sid
	return sid
}

// appendStems appends the stem numbers of text's ROUGE tokens to dst: text
// is lower-cased, every byte outside [a-z0-9] separates tokens.
func (lx *lexicon) appendStems(dst []int32, text string) []int32 {
	b := lx.buf[:0]
	for i := 0; i <= len(text); i++ {
		var c byte = ' '
		if i < len(text) {
			c = text[i]
		}
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		default:
			if len(b) > 0 {
				dst = append(dst, lx.stemOf(b))
				b = b[:0]
			}
			continue
		}
		b = append(b, c)
	}
	lx.buf = b
	return dst
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
