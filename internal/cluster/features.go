package cluster

import (
	"math"
	"slices"
	"time"

	"github.com/cespare/xxhash/v2"
)

// Input is one article to cluster.
type Input struct {
	ID        string
	Title     string
	Text      string
	Published time.Time // zero when unknown
	Source    string
	// Entities are canonical entity names found by analysis, if any
	// ("Sergey Lavrov"); their words are weighted as proper nouns.
	Entities []string
}

// entry is one term of a sparse vector.
type entry struct {
	T termID
	W float32
}

// Features is what clustering needs from one article: its weighted term
// vector, its salient terms and its MinHash signature. Computing them is the
// expensive, parallelisable part of Add.
type Features struct {
	ID        string
	Published time.Time
	// Vec is the L2-normalised tf-idf vector, sorted by term, truncated to
	// the heaviest Options.DocTerms terms.
	Vec []entry
	// Query holds the Options.QueryTerms heaviest terms, heaviest first:
	// the keys used to fetch candidate stories.
	Query []termID
	// Ents is the L2-normalised vector of the proper-noun terms (capitalised
	// inside a sentence, or from Input.Entities), sorted by term, at most
	// entTerms of them.
	Ents []entry
	// QueryW are the Query terms' weights in Vec.
	QueryW []float32
	// Dense is the L2-normalised LSA vector (Options.Dense), nil without.
	Dense []float32
	Sig   Signature
	// Words is the number of words in the body.
	Words int

	// What Online needs to drop boilerplate sentences (lines repeated
	// across many articles) from the vectors: the hashes of the body's
	// sentences of at least minSentWords words, the term each of their
	// words counted for, and the article's terms before weighting.
	sents   []sentence
	tokTerm []int32 // body word -> index into terms, -1 for stop words
	tokW    []float32
	terms   []termAcc
}

// sentence is one body sentence: its hash and its word range.
type sentence struct {
	hash   uint64
	lo, hi int32
}

// minSentWords is the length from which a sentence can count as
// boilerplate; shorter ones ("He declined to comment.") recur innocently.
const minSentWords = 6

// Featurizer turns inputs into Features. It keeps a stem cache and scratch
// buffers, so it is not safe for concurrent use: give each goroutine its own
// (Online.NewFeaturizer).
type Featurizer struct {
	opts     Options
	df       *DFTable
	tc       *termCache
	toks     []token
	shingles []uint64
	acc      map[termID]int32 // term -> index into terms
	terms    []termAcc
	// track makes addTokens record the term of every word (body only).
	track   bool
	tokTerm []int32
	tokW    []float32
}

type termAcc struct {
	id     termID
	tf     float32
	proper bool
}

func newFeaturizer(opts Options, df *DFTable) *Featurizer {
	return &Featurizer{opts: opts, df: df, tc: newTermCache(1 << 18), acc: make(map[termID]int32, 256)}
}

func (f *Featurizer) addTokens(toks []token, weight float32, forceProper bool) {
	for _, tk := range toks {
		id, ok := f.tc.term(tk.lower)
		if !ok {
			if f.track {
				f.tokTerm = append(f.tokTerm, -1)
				f.tokW = append(f.tokW, 0)
			}
			continue
		}
		i, ok := f.acc[id]
		if !ok {
			i = int32(len(f.terms))
			f.terms = append(f.terms, termAcc{id: id})
			f.acc[id] = i
		}
		if f.track {
			f.tokTerm = append(f.tokTerm, i)
			f.tokW = append(f.tokW, weight)
		}
		a := &f.terms[i]
		a.tf += weight
		if tk.proper || forceProper {
			a.proper = true
		}
	}
}

// Features computes the features of one input.
func (f *Featurizer) Features(in Input) *Features {
	out := &Features{ID: in.ID, Published: in.Published}
	clear(f.acc)
	f.terms = f.terms[:0]

	f.toks = tokenize(in.Text, f.toks[:0])
	out.Words = len(f.toks)
	f.shingles = shingleHashes(f.toks, f.shingles[:0])
	if out.Words >= f.opts.MinDupWords {
		out.Sig = signature(f.shingles)
	} else {
		out.Sig.Empty = true
	}
	f.track = f.opts.BoilerDocs > 0
	f.tokTerm, f.tokW = f.tokTerm[:0], f.tokW[:0]
	if lead := min(len(f.toks), f.opts.LeadWords); f.opts.LeadWeight != 1 && lead > 0 {
		f.addTokens(f.toks[:lead], float32(f.opts.LeadWeight), false)
		f.addTokens(f.toks[lead:], 1, false)
	} else {
		f.addTokens(f.toks, 1, false)
	}
	f.track = false
	if f.opts.BoilerDocs > 0 {
		out.sents = sentences(f.toks, nil)
		if len(out.sents) > 0 {
			out.tokTerm = slices.Clone(f.tokTerm)
			out.tokW = slices.Clone(f.tokW)
		}
	}
	if in.Title != "" {
		f.toks = tokenize(in.Title, f.toks[:0])
		f.addTokens(f.toks, float32(f.opts.TitleWeight), false)
	}
	for _, e := range in.Entities {
		f.toks = tokenize(e, f.toks[:0])
		f.addTokens(f.toks, float32(f.opts.EntityWeight), true)
	}

	if len(out.sents) > 0 {
		out.terms = slices.Clone(f.terms)
	}
	buildVectors(out, f.terms, f.opts, f.df)
	return out
}

// sentences appends the sentences of at least minSentWords words, with
// the hash of their lower-cased words.
func sentences(toks []token, out []sentence) []sentence {
	lo := 0
	for i := 1; i <= len(toks); i++ {
		if i < len(toks) && !toks[i].start {
			continue
		}
		if i-lo >= minSentWords {
			h := hashSeed
			for _, tk := range toks[lo:i] {
				h = mix64(h ^ xxhash.Sum64String(tk.lower))
			}
			out = append(out, sentence{hash: h, lo: int32(lo), hi: int32(i)})
		}
		lo = i
	}
	return out
}

// buildVectors turns accumulated term frequencies into the article's
// weighted, normalised and truncated vectors and its query terms.
func buildVectors(out *Features, terms []termAcc, opts Options, df *DFTable) {
	vec := make([]entry, 0, len(terms))
	var ents []entry
	for _, a := range terms {
		if a.tf <= 1e-4 { // all its words were in boilerplate sentences
			continue
		}
		idf := df.idf(a.id)
		if opts.IDFPower != 1 {
			idf = float32(math.Pow(float64(idf), opts.IDFPower))
		}
		w := (1 + float32(math.Log(float64(max(a.tf, 1))))) * idf
		if a.proper {
			ents = append(ents, entry{a.id, w})
			w *= float32(opts.ProperBoost)
		}
		vec = append(vec, entry{a.id, w})
	}
	if len(ents) > 0 {
		sortByWeight(ents)
		if len(ents) > entTerms {
			ents = ents[:entTerms]
		}
		normalize(ents)
		sortByTerm(ents)
		out.Ents = ents
	}
	sortByWeight(vec)
	if len(vec) > opts.DocTerms {
		vec = vec[:opts.DocTerms]
	}
	nq := min(len(vec), opts.QueryTerms)
	normalize(vec)
	out.Query = make([]termID, nq)
	out.QueryW = make([]float32, nq)
	for i := 0; i < nq; i++ {
		out.Query[i], out.QueryW[i] = vec[i].T, vec[i].W
	}
	sortByTerm(vec)
	if cap(vec) > len(vec) {
		// Stories keep this vector for a long time: do not let it pin the
		// array of all the article's terms.
		vec = slices.Clone(vec)
	}
	out.Vec = vec
	if opts.LSA != nil {
		out.Dense = opts.LSA.project(vec)
	}
}

func normalize(v []entry) {
	var s float64
	for _, e := range v {
		s += float64(e.W) * float64(e.W)
	}
	if s == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(s))
	for i := range v {
		v[i].W *= inv
	}
}

// entTerms bounds the proper-noun vector of an article; a story keeps
// twice as many.
const entTerms = 16

// sortByWeight orders heaviest first; ties by term id, so the order never
// depends on map order.
func sortByWeight(v []entry) {
	slices.SortFunc(v, func(a, b entry) int {
		if a.W != b.W {
			if a.W > b.W {
				return -1
			}
			return 1
		}
		if a.T < b.T {
			return -1
		}
		if a.T > b.T {
			return 1
		}
		return 0
	})
}

func sortByTerm(v []entry) {
	slices.SortFunc(v, func(a, b entry) int {
		if a.T < b.T {
			return -1
		}
		if a.T > b.T {
			return 1
		}
		return 0
	})
}

// dot is the inner product of two term-sorted sparse vectors.
func dot(a, b []entry) float64 {
	var s float64
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].T == b[j].T:
			s += float64(a[i].W) * float64(b[j].W)
			i++
			j++
		case a[i].T < b[j].T:
			i++
		default:
			j++
		}
	}
	return s
}

// termTable holds one article's vector in an open-addressing hash table,
// so that its dot product with each candidate story's centroid costs one
// probe per centroid term instead of a sorted merge: the merge's
// three-way branch is taken at random and mispredicted, and it was most
// of the serial clustering step's time. Term identities are hashes
// already, so their low bits index the table; it is kept at most 1/16
// full, so a probe for an absent term (most of them) ends at once.
// dot adds the products in the order of the centroid's terms, the order
// the merge adds them, so both give the same bits.
type termTable struct {
	keys []uint64 // 0: empty; else 1<<32 | term
	ws   []float32
	used []uint32 // slots to clear on the next load
	mask uint32
	// what is loaded: the article and its stream position
	f   *Features
	pos int64
}

// load puts vec in the table, replacing what was there.
func (t *termTable) load(vec []entry) {
	for _, h := range t.used {
		t.keys[h] = 0
	}
	t.used = t.used[:0]
	size := 64
	for size < 16*len(vec) {
		size *= 2
	}
	if size > len(t.keys) {
		t.keys, t.ws = make([]uint64, size), make([]float32, size)
	}
	t.mask = uint32(len(t.keys) - 1)
	for _, e := range vec {
		h := e.T & t.mask
		for t.keys[h] != 0 {
			h = (h + 1) & t.mask
		}
		t.keys[h], t.ws[h] = 1<<32|uint64(e.T), e.W
		t.used = append(t.used, h)
	}
}

// dot is the dot product of the loaded vector with b.
func (t *termTable) dot(b []entry) float64 {
	var s float64
	keys, ws, mask := t.keys, t.ws, t.mask
	for _, e := range b {
		want := 1<<32 | uint64(e.T)
		for h := e.T & mask; ; h = (h + 1) & mask {
			k := keys[h]
			if k == want {
				s += float64(ws[h]) * float64(e.W)
				break
			}
			if k == 0 {
				break
			}
		}
	}
	return s
}
