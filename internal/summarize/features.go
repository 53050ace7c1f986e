package summarize

import (
	"math"
	"math/bits"
	"slices"
	"strings"
)

// Feature indexes; FeatureNames gives their names in the same order.
const (
	fPos = iota
	fFirst
	fNdocs
	fTokens
	fContent
	fCosCentroid
	fCosOthers
	fDocfreqMean
	fMaxsimOther
	fAgreeDocs
	fPriorMean
	fPriorMax
	fPriorSum
	fPriorDocfreq
	fDegree
	fQuote
	fDigits
	fStopshare
	fTerminal
	fUpperStart
	fQuestion
	fIdfMean
	fOov
	fRankCentroid
	fRankPrior
	fRankDegree
	fSaid
	fFirstPerson
	fDup
	fBiMean
	fBiMax
	fBiSum
	fBiHits
	fBiKnown
	fTfMean
	fDocPrior
	fDocCos
	fPrevPrior
	fBiOther
	fUniOther
	fBiDf
	fLex
	fRankLex
	fConSum
	fConMean
	fConMax
	fConShare
	fRankCon
	fNeural
	fRankNeural
	numFeatures
)

// FeatureNames lists the sentence features in the order of a feature vector.
var FeatureNames = []string{
	"pos", "first", "ndocs", "tokens", "content", "cos_centroid", "cos_others", "docfreq_mean", "maxsim_other", "agree_docs", "prior_mean", "prior_max", "prior_sum", "prior_docfreq", "degree", "quote", "digits", "stopshare", "terminal", "upper_start", "question", "idf_mean", "oov", "rank_centroid", "rank_prior", "rank_degree", "said", "first_person", "dup", "bi_mean", "bi_max", "bi_sum", "bi_hits", "bi_known", "tf_mean", "doc_prior", "doc_cos", "prev_prior", "bi_other", "uni_other", "bi_df", "lex", "rank_lex", "con_sum", "con_mean", "con_max", "con_share", "rank_con", "nn", "rank_nn",
}

// NumFeatures is the length of a feature vector.
const NumFeatures = numFeatures

type sentence struct {
	doc, idx int
	words    int // whitespace-separated words
	// ASCII digits and letters (digitsLetters), counted with words.
	digits, letters int32
	toks            []int32 // all token ids
	content         []int32 // content (non-stop-word) token ids, in order
	vec             []wv    // tf-idf vector of content words, sorted by id
	norm            float64
	raw             string
	pairs           []int32 // cluster pair ids of consecutive toks
	cpairs          []int32 // cluster pair ids of consecutive content words
}

type wv struct {
	id int32
	w  float64
}

type cluster struct {
	docs    []Document
	m       *Model
	sents   []sentence
	stems   []string
	priors  []float64 // the model's prior of each word
	known   []bool    // whether the model knows the word
	stop    []bool
	class   []uint8 // each word's stemClass
	df      []int   // number of documents holding the word
	docSent []int   // first sentence index of each document
	idfs    []float64
	// pairs holds each pair id's two word ids.
	pairs [][2]int32
	// wordBins and wordDigit are each word's pair model bins, as
	// pairBinner.wordBins gives them (nil: computed there).
	wordBins  [][3]int32
	wordDigit []int8
	// pairProb is the pair model's probability of each token pair (nil
	// without a pair model; 0 for pairs of content words that are not
	// consecutive tokens).
	pairProb []float64
	// sentProb is, per sentence, the sum of pairProb over its token
	// pairs in order (nil without a pair model).
	sentProb []float64
	buf      *scratch // memory of the arrays above and of features
}

func newCluster(docs []Document, m *Model) *cluster {
	c := &cluster{docs: docs, m: m, buf: getScratch()}
	lx := getLexicon()
	defer putLexicon(lx)
	lx.begin()
	hasWords := len(m.Words) > 0
	var lastDoc []int // per id: 1 + the last document holding it
	// Room for every sentence and for as many words as there can be.
	nsents, maxWords := 0, 0
	for _, doc := range docs {
		nsents += len(doc.Sentences)
		for _, text := range doc.Sentences {
			maxWords += (len(text) + 1) / 2
		}
	}
	c.sents = c.buf.sents.room(nsents)
	c.pairs = c.buf.pairs.room(2 * maxWords)
	c.stems, c.stop, c.df = c.buf.str.room(maxWords), c.buf.b.room(maxWords), c.buf.i.room(maxWords)
	c.class = c.buf.u8.room(maxWords)
	lastDoc = c.buf.i.room(maxWords)
	// With word statistics, the pair model's bins of each word's prior
	// and idf are known per stem and kept in the lexicon.
	var pm *PairModel
	if hasWords {
		c.idfs, c.priors, c.known = c.buf.f64.room(maxWords), c.buf.f64.room(maxWords), c.buf.b.room(maxWords)
		if m.Pairs.ok() {
			pm = m.Pairs
			c.wordBins, c.wordDigit = c.buf.w3.room(maxWords), c.buf.i8.room(maxWords)
		}
	}
	for d, doc := range docs {
		c.docSent = append(c.docSent, len(c.sents))
		for i, text := range doc.Sentences {
			// Candidates start after leading web debris; a sentence of
			// nothing else has no words left and is not one.
			if k := DebrisPrefix(text); k > 0 {
				text = text[k:]
			}
			words, digits, letters := textCounts(text)
			s := sentence{doc: d, idx: i, words: words, digits: int32(digits), letters: int32(letters), raw: text}
			if s.words == 0 {
				continue
			}
			// A text of n bytes holds at most (n+1)/2 tokens: the ids are
			// written straight into the cluster's memory.
			s.toks = lx.appendLocal(c.buf.i32.room((len(text)+1)/2), text)
			s.content = c.buf.i32.room(len(s.toks))
			for _, id := range s.toks {
				if int(id) == len(c.stems) {
					// The stem's first token in the cluster.
					sid := lx.order[id]
					si := lx.info(sid)
					if hasWords && (si.statsOf != m || pm != nil && si.binsOf != pm) {
						si = lx.fill(sid, m, pm)
					}
					c.stems = append(c.stems, si.stem)
					c.stop = append(c.stop, si.stop)
					c.class = append(c.class, si.class)
					c.df = append(c.df, 0)
					lastDoc = append(lastDoc, 0)
					if hasWords {
						c.idfs = append(c.idfs, si.idf)
						c.priors = append(c.priors, si.prior)
						c.known = append(c.known, si.known)
						if pm != nil {
							c.wordBins = append(c.wordBins, si.bins)
							c.wordDigit = append(c.wordDigit, si.digit)
						}
					}
				}
				if !c.stop[id] {
					s.content = append(s.content, id)
				}
				if lastDoc[id] != d+1 {
					lastDoc[id] = d + 1
					c.df[id]++
				}
			}
			if len(s.toks) > 1 {
				s.pairs = c.buf.i32.take(len(s.toks) - 1)
				for k := 1; k < len(s.toks); k++ {
					s.pairs[k-1] = c.pairID(lx, s.toks[k-1], s.toks[k])
				}
			}
			if len(s.content) > 1 {
				s.cpairs = c.buf.i32.take(len(s.content) - 1)
				for k := 1; k < len(s.content); k++ {
					s.cpairs[k-1] = c.pairID(lx, s.content[k-1], s.content[k])
				}
			}
			c.sents = append(c.sents, s)
		}
	}
	// Inverse document frequencies: from the model's training corpus, or,
	// without word statistics, over this cluster's sentences.
	if !hasWords {
		c.idfs = make([]float64, len(c.stems))
		c.priors = make([]float64, len(c.stems))
		c.known = make([]bool, len(c.stems))
		for id := range c.priors {
			c.priors[id] = m.DefaultPrior
		}
		sdf := make([]int, len(c.stems))
		for i := range c.sents {
			last := int32(-1)
			ids := slices.Clone(c.sents[i].content)
			slices.Sort(ids)
			for _, id := range ids {
				if id != last {
					sdf[id]++
				}
				last = id
			}
		}
		for id, d := range sdf {
			c.idfs[id] = math.Log(float64(len(c.sents)+1) / float64(d+1))
		}
	}
	// tf-idf vectors.
	tf := c.buf.i32.take(len(c.stems))
	for i := range c.sents {
		s := &c.sents[i]
		s.vec = c.buf.wv.take(len(s.content))[:0]
		for _, id := range s.content {
			if tf[id] == 0 {
				s.vec = append(s.vec, wv{id: id})
			}
			tf[id]++
		}
		sortByID(s.vec)
		for k := range s.vec {
			id := s.vec[k].id
			s.vec[k].w = float64(tf[id]) * c.idf(id)
			tf[id] = 0
		}
		for _, x := range s.vec {
			s.norm += x.w * x.w
		}
		s.norm = math.Sqrt(s.norm)
	}
	return c
}

func (c *cluster) idf(id int32) float64 { return c.idfs[id] }

// pairID numbers the pair of word ids (a, b) within the cluster.
func (c *cluster) pairID(lx *lexicon, a, b int32) int32 {
	p, isNew := lx.pairs.id(pair(a, b))
	if isNew {
		c.pairs = append(c.pairs, [2]int32{a, b})
	}
	return p
}

func (c *cluster) prior(id int32) (float64, bool) { return c.priors[id], c.known[id] }

func cosine(a, b *sentence) float64 {
	if a.norm == 0 || b.norm == 0 {
		return 0
	}
	dot := 0.0
	i, j := 0, 0
	for i < len(a.vec) && j < len(b.vec) {
		switch {
		case a.vec[i].id == b.vec[j].id:
			dot += a.vec[i].w * b.vec[j].w
			i++
			j++
		case a.vec[i].id < b.vec[j].id:
			i++
		default:
			j++
		}
	}
	return dot / (a.norm * b.norm)
}

// features returns one vector per sentence, in the order of c.sents.
func (c *cluster) features() [][]float64 {
	n := len(c.sents)
	nd := len(c.docs)
	out := c.buf.f64s.room(n)[:n]
	flat := c.buf.f64.take(n * NumFeatures)
	for i := range out {
		out[i] = flat[i*NumFeatures : (i+1)*NumFeatures]
	}
	// Centroids: whole cluster and per document (to subtract own document).
	nv := len(c.stems)
	cent := c.buf.f64.take(nv)
	docCent := c.buf.f64s.room(nd)[:nd]
	docCentFlat := c.buf.f64.take(nd * nv)
	for d := range docCent {
		docCent[d] = docCentFlat[d*nv : (d+1)*nv : (d+1)*nv]
	}
	for i := range c.sents {
		s := &c.sents[i]
		for _, x := range s.vec {
			cent[x.id] += x.w
			docCent[s.doc][x.id] += x.w
		}
	}
	centNorm := 0.0
	for _, v := range cent {
		centNorm += v * v
	}
	centNorm = math.Sqrt(centNorm)
	otherNorm := c.buf.f64.take(nd)
	for d := range nd {
		sum := 0.0
		for id, v := range cent {
			o := v - docCent[d][id]
			sum += o * o
		}
		otherNorm[d] = math.Sqrt(sum)
	}
	// Pairwise similarities through an inverted index.
	sim := c.buf.f64s.room(n)[:n]
	// post[id] lists (sentence, weight) of word id, all in one array.
	post := c.buf.post.take(nv)
	counts := c.buf.i32.take(nv)
	total := 0
	for i := range c.sents {
		for _, x := range c.sents[i].vec {
			counts[x.id]++
		}
		total += len(c.sents[i].vec)
	}
	postings := c.buf.wvs.take(total)
	at := 0
	for id, k := range counts {
		post[id] = postings[at : at : at+int(k)]
		at += int(k)
	}
	for i := range c.sents {
		for _, x := range c.sents[i].vec {
			post[x.id] = append(post[x.id], wvs{int32(i), x.w})
		}
	}
	simFlat := c.buf.f64.take(n * n)
	for i := range c.sents {
		row := simFlat[i*n : (i+1)*n : (i+1)*n]
		s := &c.sents[i]
		for _, x := range s.vec {
			for _, p := range post[x.id] {
				row[p.s] += x.w * p.w
			}
		}
		for j := range row {
			if j == i || s.norm == 0 || c.sents[j].norm == 0 {
				row[j] = 0
				continue
			}
			row[j] /= s.norm * c.sents[j].norm
		}
		sim[i] = row
	}
	agreeMark := c.buf.i.take(nd) // i+1 once document d agrees with sentence i
	for i := range c.sents {
		s := &c.sents[i]
		f := out[i]
		f[fPos] = float64(min(s.idx, 50))
		if s.idx == 0 {
			f[fFirst] = 1
		}
		f[fNdocs] = float64(nd)
		f[fTokens] = float64(len(s.toks))
		f[fContent] = float64(len(s.content))
		dotC, dotO := 0.0, 0.0
		for _, x := range s.vec {
			dotC += x.w * cent[x.id]
			dotO += x.w * (cent[x.id] - docCent[s.doc][x.id])
		}
		if s.norm > 0 && centNorm > 0 {
			f[fCosCentroid] = dotC / (s.norm * centNorm)
		}
		if s.norm > 0 && otherNorm[s.doc] > 0 {
			f[fCosOthers] = dotO / (s.norm * otherNorm[s.doc])
		}
		dfSum, pSum, pMax, pDf, idfSum, oov := 0.0, 0.0, 0.0, 0.0, 0.0, 0
		for _, id := range s.content {
			df := float64(c.df[id]) / float64(nd)
			dfSum += df
			p, known := c.prior(id)
			pSum += p
			pMax = max(pMax, p)
			pDf += p * df
			idfSum += c.idf(id)
			if !known {
				oov++
			}
		}
		if k := float64(len(s.content)); k > 0 {
			f[fDocfreqMean] = dfSum / k
			f[fPriorMean] = pSum / k
			f[fIdfMean] = idfSum / k
			f[fOov] = float64(oov) / k
		}
		f[fPriorMax] = pMax
		f[fPriorSum] = pSum
		f[fPriorDocfreq] = pDf
		// Agreement with other documents.
		maxOther := 0.0
		agreeDocs := 0
		degree := 0.0
		for j, v := range sim[i] {
			degree += v
			o := c.sents[j].doc
			if o == s.doc {
				continue
			}
			maxOther = max(maxOther, v)
			if v > 0.3 && agreeMark[o] != i+1 {
				agreeMark[o] = i + 1
				agreeDocs++
			}
		}
		f[fMaxsimOther] = maxOther
		if nd > 1 {
			f[fAgreeDocs] = float64(agreeDocs) / float64(nd-1)
		}
		if n > 1 {
			f[fDegree] = degree / float64(n-1)
		}
		f[fQuote] = b2f(strings.IndexByte(s.raw, '"') >= 0 || strings.Contains(s.raw, "“") || strings.Contains(s.raw, "”") || strings.Contains(s.raw, "''") || strings.Contains(s.raw, "``"))
		// Bytes, not runes: every byte of a multi-byte or invalid
		// sequence is at least 0x80 (counted neither way).
		if digits, letters := int(s.digits), int(s.letters); digits+letters > 0 {
			f[fDigits] = float64(digits) / float64(digits+letters)
		}
		if len(s.toks) > 0 {
			f[fStopshare] = 1 - float64(len(s.content))/float64(len(s.toks))
		}
		t := strings.TrimSpace(s.raw)
		if t != "" {
			last := t[len(t)-1]
			f[fTerminal] = b2f(strings.IndexByte(".!?\"'”’)", last) >= 0 || strings.HasSuffix(t, "”") || strings.HasSuffix(t, "’"))
			f[fUpperStart] = b2f(t[0] >= 'A' && t[0] <= 'Z' || t[0] == '"')
			f[fQuestion] = b2f(strings.Contains(t, "?"))
		}
		for _, id := range s.toks {
			switch c.class[id] {
			case stemSaid:
				f[fSaid] = 1
			case stemFirstPerson:
				f[fFirstPerson]++
			}
		}
		// Near-copies of the sentence in other documents, per other document.
		if nd > 1 {
			for j, v := range sim[i] {
				if v > 0.8 && c.sents[j].doc != s.doc {
					f[fDup]++
				}
			}
			f[fDup] /= float64(nd - 1)
		}
	}
	// Bigram priors, cluster term frequency, document-level context.
	ctf := c.buf.f64.take(nv)
	for i := range c.sents {
		for _, id := range c.sents[i].content {
			ctf[id]++
		}
	}
	// Document frequency of token pairs within the cluster.
	// Token pairs get cluster ids; the model's tables are read through one
	// 64-bit hash per pair.
	bdf, pairHash, pairQ := c.pairDocFreq()
	docPrior := c.buf.f64.take(nd)
	docPriorN := c.buf.f64.take(nd)
	for i := range c.sents {
		s := &c.sents[i]
		f := out[i]
		bsum, bmax, hits, known := 0.0, 0.0, 0, 0
		for _, pid := range c.sents[i].pairs {
			p, ok := bigramPriorByte(pairQ[pid])
			bsum += p
			bmax = max(bmax, p)
			if p > 0.25 {
				hits++
			}
			if ok {
				known++
			}
		}
		if nb := len(s.toks) - 1; nb > 0 {
			f[fBiMean] = bsum / float64(nb)
			f[fBiKnown] = float64(known) / float64(nb)
		}
		if nb := len(s.toks) - 1; nb > 0 && nd > 1 {
			other, sum := 0, 0.0
			for _, pid := range c.sents[i].pairs {
				d := bdf[pid]
				if d > 1 {
					other++
				}
				sum += float64(d - 1)
			}
			f[fBiOther] = float64(other) / float64(nb)
			f[fBiDf] = sum / float64(nb) / float64(nd-1)
		}
		if len(s.content) > 0 {
			other := 0
			for _, id := range s.content {
				if c.df[id] > 1 {
					other++
				}
			}
			f[fUniOther] = float64(other) / float64(len(s.content))
		}
		f[fBiMax] = bmax
		f[fBiSum] = bsum
		f[fBiHits] = float64(hits)
		tf := 0.0
		for _, id := range s.content {
			tf += ctf[id]
		}
		if len(s.content) > 0 {
			f[fTfMean] = tf / float64(len(s.content)) / float64(nd)
		}
		docPrior[s.doc] += f[fPriorSum]
		docPriorN[s.doc] += f[fContent]
	}
	docCos := c.buf.f64.take(nd)
	for d := range nd {
		dot, nn := 0.0, 0.0
		for id, v := range docCent[d] {
			dot += v * (cent[id] - v)
			nn += v * v
		}
		if nn > 0 && otherNorm[d] > 0 {
			docCos[d] = dot / (math.Sqrt(nn) * otherNorm[d])
		}
	}
	for i := range c.sents {
		s := &c.sents[i]
		f := out[i]
		if docPriorN[s.doc] > 0 {
			f[fDocPrior] = docPrior[s.doc] / docPriorN[s.doc]
		}
		f[fDocCos] = docCos[s.doc]
		if i > 0 && c.sents[i-1].doc == s.doc {
			f[fPrevPrior] = out[i-1][fPriorMean]
		}
	}
	if c.m.Lexical.ok() {
		// The buckets LexicalBuckets gives, from hashes computed once per
		// word and pair.
		bits := c.m.Lexical.Bits
		uni := c.buf.u32.take(nv)
		for id, st := range c.stems {
			uni[id] = uint32(pairHash64("\x00", st) >> (64 - bits))
		}
		// Distinct buckets are found with a small hash set per sentence
		// instead of sorting: Score sums int8 weights, exactly in any order.
		var set bucketSet
		var buckets []uint32
		for i := range c.sents {
			buckets = buckets[:0]
			toks := c.sents[i].toks
			if 2*len(toks) > len(set.keys)/2 {
				// Too long for the set: sort and compact.
				for k, id := range toks {
					buckets = append(buckets, uni[id])
					if k > 0 {
						buckets = append(buckets, uint32(pairHash[c.sents[i].pairs[k-1]]>>(64-bits)))
					}
				}
				slices.Sort(buckets)
				buckets = slices.Compact(buckets)
			} else {
				set.clear()
				for k, id := range toks {
					if b := uni[id]; set.add(b) {
						buckets = append(buckets, b)
					}
					if k > 0 {
						if b := uint32(pairHash[c.sents[i].pairs[k-1]] >> (64 - bits)); set.add(b) {
							buckets = append(buckets, b)
						}
					}
				}
			}
			out[i][fLex] = c.m.Lexical.Score(buckets)
		}
		c.rank(out, fLex, fRankLex)
	}
	if pm := c.m.Pairs; pm.ok() {
		c.conceptFeatures(out, pm, bdf, pairQ)
	}
	if c.m.Neural.ok() {
		c.neuralFeatures(out, pairHash)
	}
	c.rank(out, fCosCentroid, fRankCentroid)
	c.rank(out, fPriorMean, fRankPrior)
	c.rank(out, fDegree, fRankDegree)
	return out
}

type wvs struct {
	s int32
	w float64
}

// rankInto writes the relative rank (0 best .. 1 worst) of feature src into dst.
func rankInto(f [][]float64, src, dst int) {
	rankKeys(f, src, dst, make([]rankKey, len(f)))
}

// rank is rankInto with its temporary from the cluster's scratch.
func (c *cluster) rank(f [][]float64, src, dst int) {
	rankKeys(f, src, dst, c.buf.rk.room(len(f))[:len(f)])
}

// rankKeys is rankInto with keys (len(f) long) as its temporary.
func rankKeys(f [][]float64, src, dst int, keys []rankKey) {
	n := len(f)
	if n <= 1 {
		return
	}
	// Without NaN, "higher value first, then lower row" orders the rows
	// exactly as the stable sort below does, and any sort finds it.
	for i, row := range f {
		v := row[src]
		if v != v {
			keys = nil
			break
		}
		keys[i] = rankKey{v, int32(i)}
	}
	if keys != nil {
		if n <= smallSort {
			// No two keys are equal: every sort gives the same order.
			for i := 1; i < n; i++ {
				k := keys[i]
				j := i
				for ; j > 0 && (keys[j-1].v < k.v || keys[j-1].v == k.v && keys[j-1].i > k.i); j-- {
					keys[j] = keys[j-1]
				}
				keys[j] = k
			}
		} else {
			slices.SortFunc(keys, func(a, b rankKey) int {
				if a.v != b.v {
					if a.v > b.v {
						return -1
					}
					return 1
				}
				return int(a.i - b.i)
			})
		}
		for r, k := range keys {
			f[k.i][dst] = float64(r) / float64(n-1)
		}
		return
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	// The same merge sort as sort.SliceStable, without reflection.
	slices.SortStableFunc(idx, func(a, b int) int { return descending(f[a][src], f[b][src]) })
	for r, i := range idx {
		f[i][dst] = float64(r) / float64(n-1)
	}
}

// smallSort is the length up to which the sorts here insert one element
// at a time: for the few elements of a sentence or a cluster, that costs
// a fraction of what slices.SortFunc's calls of the comparison do.
const smallSort = 48

// sortByID sorts a sentence's vector (whose ids are distinct) by id.
func sortByID(v []wv) {
	if len(v) > smallSort {
		slices.SortFunc(v, func(a, b wv) int { return int(a.id - b.id) })
		return
	}
	for i := 1; i < len(v); i++ {
		x := v[i]
		j := i
		for ; j > 0 && v[j-1].id > x.id; j-- {
			v[j] = v[j-1]
		}
		v[j] = x
	}
}

type rankKey struct {
	v float64
	i int32
}

// digitsLetters counts the bytes '0'-'9' and the ASCII letters of s,
// eight bytes at a time: for the low seven bits x of each byte, x + (0x80
// - c) has its top bit set exactly when x >= c (no carry leaves the byte),
// and bytes from 0x80 up are masked out.
func digitsLetters(s string) (digits, letters int) {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	k := 0
	for ; k+8 <= len(s); k += 8 {
		w := uint64(s[k]) | uint64(s[k+1])<<8 | uint64(s[k+2])<<16 | uint64(s[k+3])<<24 |
			uint64(s[k+4])<<32 | uint64(s[k+5])<<40 | uint64(s[k+6])<<48 | uint64(s[k+7])<<56
		ascii := ^w & high
		x := w &^ high
		d := (x + ones*(0x80-'0')) &^ (x + ones*(0x80-'9'-1)) & ascii
		y := x | ones*0x20 // lower case for letters; nothing else lands in a-z
		l := (y + ones*(0x80-'a')) &^ (y + ones*(0x80-'z'-1)) & ascii
		digits += bits.OnesCount64(d)
		letters += bits.OnesCount64(l)
	}
	for ; k < len(s); k++ {
		cl := digitLetter[s[k]]
		digits += int(cl & 1)
		letters += int(cl >> 1)
	}
	return digits, letters
}

// textCounts returns WordCount(s) and digitsLetters(s) from one pass
// over s, eight bytes at a time (see both).
func textCounts(s string) (words, digits, letters int) {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	i := 0
	carry := uint64(0x80) // the byte before s is a space
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		ascii := ^w & high
		x := w &^ high
		sp := ^((x ^ ones*' ') + ones*0x7f)
		sp |= (x + ones*(0x80-'\t')) &^ (x + ones*(0x80-'\r'-1))
		sp &= ascii
		words += bits.OnesCount64(^sp & high & (sp<<8 | carry))
		carry = sp >> 56
		d := (x + ones*(0x80-'0')) &^ (x + ones*(0x80-'9'-1)) & ascii
		y := x | ones*0x20
		l := (y + ones*(0x80-'a')) &^ (y + ones*(0x80-'z'-1)) & ascii
		digits += bits.OnesCount64(d)
		letters += bits.OnesCount64(l)
	}
	prev := uint8(carry >> 7)
	for ; i < len(s); i++ {
		cur := asciiSpace[s[i]]
		words += int(prev &^ cur)
		prev = cur
		cl := digitLetter[s[i]]
		digits += int(cl & 1)
		letters += int(cl >> 1)
	}
	return words, digits, letters
}

// digitLetter is 1 for the bytes '0'-'9' and 2 for ASCII letters.
var digitLetter = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = 1
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = 2, 2
	}
	return t
}()

// descending compares for sorting higher values first: it is below 0
// exactly when a > b, the "less" that sort.SliceStable was given before
// (slices.SortStableFunc runs the same merge sort on that test alone).
func descending(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// bucketSet is a small open-addressing set of buckets, emptied by bumping
// a generation; it holds at most half its size.
type bucketSet struct {
	keys  [512]uint32
	stamp [512]uint32
	gen   uint32
}

func (s *bucketSet) clear() {
	s.gen++
	if s.gen == 0 {
		s.stamp = [512]uint32{}
		s.gen = 1
	}
}

// add inserts b and reports whether it was new.
func (s *bucketSet) add(b uint32) bool {
	for i := (b * 0x9E3779B1) >> 23; ; i = (i + 1) & 511 {
		if s.stamp[i] != s.gen {
			s.stamp[i], s.keys[i] = s.gen, b
			return true
		}
		if s.keys[i] == b {
			return false
		}
	}
}

// conceptFeatures fills the features of the pair model: the expected number
// of reference token pairs in each sentence (sum, per pair, maximum, share
// of the cluster's expected total) and the rank of the per-pair value.
func (c *cluster) conceptFeatures(out [][]float64, pm *PairModel, bdf []int32, pairQ []byte) {
	ps := c.collectPairStats()
	prob := c.buf.f64.take(len(c.pairs))
	sentProb := c.buf.f64.room(len(c.sents))[:len(c.sents)]
	done := c.buf.b.take(len(c.pairs))
	total := 0.0
	bn := c.newPairBinner(pm, ps, bdf)
	var bins [numPairFeatures]int
	for i := range c.sents {
		s := &c.sents[i]
		sum, mx := 0.0, 0.0
		for _, p := range s.pairs {
			if !done[p] {
				done[p] = true
				bn.bins(p, pairQ[p], &bins)
				prob[p] = 1 / (1 + math.Exp(-bn.logit(&bins)))
				total += prob[p]
			}
			sum += prob[p]
			mx = max(mx, prob[p])
		}
		f := out[i]
		f[fConSum] = sum
		sentProb[i] = sum
		if len(s.pairs) > 0 {
			f[fConMean] = sum / float64(len(s.pairs))
		}
		f[fConMax] = mx
	}
	if total > 0 {
		for i := range out {
			out[i][fConShare] = out[i][fConSum] / total
		}
	}
	c.rank(out, fConMean, fRankCon)
	c.pairProb = prob
	c.sentProb = sentProb
}
