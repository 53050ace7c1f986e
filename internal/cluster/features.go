package cluster

import (
	"math"
	"slices"
	"time"
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
	Sig    Signature
	// Words is the number of words in the body.
	Words int
}

// Featurizer turns inputs into Features. It keeps a stem cache and scratch
// buffers, so it is not safe for concurrent use: give each goroutine its own
// (Online.NewFeaturizer).
type Featurizer struct {
	opts     Options
	df       *DFTable
	st       *stemmer
	toks     []token
	shingles []uint64
	acc      map[termID]int32 // term -> index into terms
	terms    []termAcc
}

type termAcc struct {
	id     termID
	tf     float32
	proper bool
}

func newFeaturizer(opts Options, df *DFTable) *Featurizer {
	return &Featurizer{opts: opts, df: df, st: newStemmer(1 << 18), acc: make(map[termID]int32, 256)}
}

func (f *Featurizer) addTokens(toks []token, weight float32, forceProper bool) {
	for _, tk := range toks {
		if isStop(tk.lower) {
			continue
		}
		id := termHash(f.st.stem(tk.lower))
		i, ok := f.acc[id]
		if !ok {
			i = int32(len(f.terms))
			f.terms = append(f.terms, termAcc{id: id})
			f.acc[id] = i
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
	if lead := min(len(f.toks), f.opts.LeadWords); f.opts.LeadWeight != 1 && lead > 0 {
		f.addTokens(f.toks[:lead], float32(f.opts.LeadWeight), false)
		f.addTokens(f.toks[lead:], 1, false)
	} else {
		f.addTokens(f.toks, 1, false)
	}
	if in.Title != "" {
		f.toks = tokenize(in.Title, f.toks[:0])
		f.addTokens(f.toks, float32(f.opts.TitleWeight), false)
	}
	for _, e := range in.Entities {
		f.toks = tokenize(e, f.toks[:0])
		f.addTokens(f.toks, float32(f.opts.EntityWeight), true)
	}

	vec := make([]entry, 0, len(f.terms))
	var ents []entry
	for _, a := range f.terms {
		idf := f.df.idf(a.id)
		if f.opts.IDFPower != 1 {
			idf = float32(math.Pow(float64(idf), f.opts.IDFPower))
		}
		w := (1 + float32(math.Log(float64(max(a.tf, 1))))) * idf
		if a.proper {
			ents = append(ents, entry{a.id, w})
			w *= float32(f.opts.ProperBoost)
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
	if len(vec) > f.opts.DocTerms {
		vec = vec[:f.opts.DocTerms]
	}
	nq := min(len(vec), f.opts.QueryTerms)
	normalize(vec)
	out.Query = make([]termID, nq)
	out.QueryW = make([]float32, nq)
	for i := 0; i < nq; i++ {
		out.Query[i], out.QueryW[i] = vec[i].T, vec[i].W
	}
	sortByTerm(vec)
	out.Vec = vec
	return out
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
