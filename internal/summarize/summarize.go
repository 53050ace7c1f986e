// Package summarize owns extractive multi-document summarisation: it picks
// sentences from a cluster of documents (it never writes new text). A
// learned sentence scorer (gradient-boosted regression trees over position,
// length, centrality, cross-document agreement, per-word priors and the
// expected reference token pairs of a pair model, trained against
// greedy-oracle labels on the Multi-News train split) ranks the sentences;
// a greedy decoder with soft redundancy control then fills a length budget
// that depends on the number of documents.
//
// The same package holds the in-project baselines (lead round-robin,
// TextRank, LexRank, centroid) so that evaluation runs them beside the
// learned summarizer on identical input. The gradient-boosting code is
// hand-written: it is small, and no maintained pure-Go library fits.
//
// Sentences come in already split (the caller uses analyze.Sentences), so a
// Pick refers to a document and a sentence index. Everything is
// deterministic: the same input gives the same picks.
package summarize

import (
	"math"
	"math/bits"
	"slices"
	"strings"
)

// Document is one article of a cluster, already split into sentences.
type Document struct {
	ID        string
	Sentences []string
}

// Pick is one selected sentence: Doc indexes the input documents, Sent the
// document's sentences. Score is the scorer's value (higher is better).
type Pick struct {
	Doc, Sent int
	Score     float64
}

// Options control the summary length.
type Options struct {
	// MaxWords is the hard cap on whitespace-separated words; the last
	// sentence is cut to fit. Zero means 300.
	MaxWords int
	// TargetWords is where selection stops: once the summary has this many
	// words no further sentence is added. Zero means the model's length rule
	// (which depends on the number of documents), capped at MaxWords.
	// Set it to MaxWords to fill the whole budget.
	TargetWords int
	// Model is the sentence scorer; nil means the embedded default.
	Model *Model
}

func (o Options) maxWords() int {
	if o.MaxWords <= 0 {
		return 300
	}
	return o.MaxWords
}

// Summarize selects sentences from docs and returns them in output order
// (best first). The words of the picks, cut by Render, respect
// opts.MaxWords.
func Summarize(docs []Document, opts Options) []Pick {
	m := opts.Model
	if m == nil {
		m = Default()
	}
	c := newCluster(docs, m)
	defer c.buf.release()
	if len(c.sents) == 0 {
		return nil
	}
	feats := c.features()
	scores := make([]float64, len(feats))
	m.Trees.PredictAll(feats, scores)
	longest := 0
	w := m.Blend.apply(scores, docs)
	if w > 0 {
		longest = m.Blend.MaxSentenceWords
	}
	maxW := opts.maxWords()
	target := opts.TargetWords
	if target <= 0 {
		target = m.targetWords(len(docs))
	}
	target = min(target, maxW)
	// Long inputs: documents well past the training length, or somewhat
	// longer and more of them than any training cluster had (10).
	dec := m.Decoder
	for {
		var picks []Pick
		if m.Blend.Concepts > 0 && (w >= m.Blend.Weight/2 || w > 0 && len(docs) > 10) {
			picks = c.decodeConcepts(scores, target, maxW, dec, longest, m.Blend.Concepts)
		} else {
			picks = c.decode(scores, target, maxW, dec, longest)
		}
		if len(picks) > 0 || dec.MinTokens <= 1 && longest == 0 && dec.MaxOverlap >= 1 {
			return picks
		}
		// Every sentence was filtered out (a very short input): relax the
		// filters rather than return nothing.
		dec.MinTokens, dec.MaxOverlap, longest = 1, 1, 0
	}
}

// Render joins the picked sentences, one per line, cutting the text at
// maxWords whitespace-separated words (the last sentence may be cut).
// Sentences are flattened to one line each and shown without leading web
// debris (DebrisPrefix), as the summarizer saw them; a sentence that
// started with a capital letter keeps one where it now starts.
func Render(docs []Document, picks []Pick, maxWords int) string {
	// The text is at most the picked sentences and a newline after each:
	// one allocation instead of the builder's doublings (which were a
	// fifth of the bytes the batch command allocated).
	size := 0
	for _, p := range picks {
		size += len(docs[p.Doc].Sentences[p.Sent]) + 1
	}
	var b strings.Builder
	b.Grow(size)
	words := 0
	for _, p := range picks {
		if maxWords > 0 && words >= maxWords {
			break
		}
		text := docs[p.Doc].Sentences[p.Sent]
		capital := false
		if k := DebrisPrefix(text); k > 0 {
			// As the sentence's candidate (newCluster). The capital the
			// sentence started with moves to where it now starts.
			capital = 'A' <= text[0] && text[0] <= 'Z' && k < len(text) && 'a' <= text[k] && text[k] <= 'z'
			text = text[k:]
		}
		if n, ok := plainWords(text); ok && (maxWords <= 0 || words+n <= maxWords) {
			// Already single-spaced: strings.Join(strings.Fields(text), " ") is text.
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			if capital {
				b.WriteByte(text[0] - 'a' + 'A')
				text = text[1:]
			}
			b.WriteString(text)
			words += n
			continue
		}
		f := strings.Fields(text)
		if len(f) == 0 {
			continue
		}
		if maxWords > 0 && words+len(f) > maxWords {
			f = f[:maxWords-words]
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		if capital {
			b.WriteByte(f[0][0] - 'a' + 'A')
			f[0] = f[0][1:]
		}
		b.WriteString(strings.Join(f, " "))
		words += len(f)
	}
	return b.String()
}

// plainWords reports whether s is non-empty, without leading, trailing or
// repeated white space and with no white space other than ' ' (none of
// the other characters strings.Fields splits at, unicode.IsSpace); if so
// it also returns its number of words.
func plainWords(s string) (int, bool) {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return 0, false
	}
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	n := 1
	for i := 0; i < len(s); {
		end := len(s) // bytes before end are checked one at a time
		if i+8 <= len(s) {
			// Eight bytes at a time while they are ASCII: for such a
			// byte x, x + (0x80 - c) reaches 0x80 exactly when x >= c,
			// and (x ^ ' ') + 0x7f exactly when x != ' ' (no carry
			// leaves a byte).
			w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			if hi := w & high; hi != 0 {
				end = i + bits.TrailingZeros64(hi)>>3 + 1
			} else {
				if (w+ones*(0x80-'\t'))&^(w+ones*(0x80-'\r'-1))&high != 0 {
					return 0, false // \t, \n, \v, \f or \r
				}
				sp := ^((w ^ ones*' ') + ones*0x7f) & high
				if sp&(sp<<8) != 0 || sp&0x80 != 0 && s[i-1] == ' ' {
					return 0, false // two spaces in a row
				}
				n += bits.OnesCount64(sp)
				i += 8
				continue
			}
		}
		for ; i < end; i++ {
			switch plainClass[s[i]] {
			case plainSpace:
				if s[i-1] == ' ' {
					return 0, false
				}
				n++
			case plainOther:
				return 0, false
			case plainLead:
				if spaceAt(s[i:]) {
					return 0, false
				}
			}
		}
	}
	return n, true
}

// spaceAt reports whether s starts with the UTF-8 encoding of a white
// space character above U+007F: U+0085, U+00A0, U+1680, U+2000-U+200A,
// U+2028, U+2029, U+202F, U+205F or U+3000.
func spaceAt(s string) bool {
	if len(s) < 2 {
		return false
	}
	switch s[0] {
	case 0xC2:
		return s[1] == 0x85 || s[1] == 0xA0
	case 0xE1:
		return len(s) >= 3 && s[1] == 0x9A && s[2] == 0x80
	case 0xE2:
		if len(s) < 3 {
			return false
		}
		if s[1] == 0x80 {
			c := s[2]
			return c >= 0x80 && c <= 0x8A || c == 0xA8 || c == 0xA9 || c == 0xAF
		}
		return s[1] == 0x81 && s[2] == 0x9F
	case 0xE3:
		return len(s) >= 3 && s[1] == 0x80 && s[2] == 0x80
	}
	return false
}

// plainClass sorts bytes for plainWords: ' ', other ASCII white space,
// the first bytes of the UTF-8 encodings of other white space, and the
// rest.
var plainClass = func() (t [256]uint8) {
	t[' '] = plainSpace
	for _, c := range "\t\n\v\f\r" {
		t[c] = plainOther
	}
	for _, c := range []byte{0xC2, 0xE1, 0xE2, 0xE3} {
		t[c] = plainLead
	}
	return t
}()

const (
	plainText = iota
	plainSpace
	plainOther
	plainLead
)

// Blend mixes centrality into the learned scores for inputs longer than
// the training data: the Multi-News documents the trees learned from are
// truncated to a few sentences each, so on full-length articles their
// position and length habits do not carry over, while centrality does.
// The weight grows linearly from 0 at From sentences per document to
// Weight at Full sentences per document and above. Weight is chosen on
// DUC 2007 (development), never on the data reported.
type Blend struct {
	Weight float64 `json:"weight"`
	// LexRank is the share of the LexRank score in the centrality mixed
	// in (the rest is the centroid score).
	LexRank float64 `json:"lexrank"`
	From    float64 `json:"from"`
	Full    float64 `json:"full"`
	// MaxSentenceWords, when > 0, skips sentences longer than this on
	// such inputs: in full-length newswire they are mostly run-on quotes
	// or unsplit lists.
	MaxSentenceWords int `json:"max_sentence_words,omitempty"`
	// Concepts, when > 0, makes long inputs (blend at half its weight or
	// more, or any blend with more than 10 documents) use the
	// concept-coverage decoder with this weight on covering new token pairs.
	Concepts float64 `json:"concepts,omitempty"`
}

// apply adds weight x sd(scores) x z(centrality) to scores, where
// centrality is the centroid baseline's score (tf-idf cosine with the
// cluster centroid, idf over the cluster's own sentences). It returns the
// weight used (0: the input is within the training range).
func (b Blend) apply(scores []float64, docs []Document) float64 {
	if b.Weight <= 0 || len(docs) == 0 || len(scores) < 2 {
		return 0
	}
	perDoc := float64(len(scores)) / float64(len(docs))
	w := b.Weight
	if perDoc < b.Full {
		w *= (perDoc - b.From) / (b.Full - b.From)
	}
	if w <= 0 {
		return 0
	}
	pc := newCluster(docs, plain)
	defer pc.buf.release()
	cent := zscores(centrality(pc))
	if len(cent) != len(scores) {
		return 0
	}
	if b.LexRank > 0 {
		lr := zscores(lexRankScores(pc))
		for i := range cent {
			cent[i] = (1-b.LexRank)*cent[i] + b.LexRank*lr[i]
		}
	}
	_, sdS := meanSD(scores)
	mC, sdC := meanSD(cent)
	if sdC == 0 {
		return 0
	}
	for i := range scores {
		scores[i] += w * sdS * (cent[i] - mC) / sdC
	}
	return w
}

func zscores(xs []float64) []float64 {
	m, sd := meanSD(xs)
	out := make([]float64, len(xs))
	if sd == 0 {
		return out
	}
	for i, x := range xs {
		out[i] = (x - m) / sd
	}
	return out
}

func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		d := x - mean
		sd += d * d
	}
	return mean, math.Sqrt(sd / float64(len(xs)))
}

// DecoderParams tune the greedy selection.
type DecoderParams struct {
	// Redundancy is the penalty weight on the share of a sentence's content
	// words already in the summary; Bigram the same for word pairs.
	Redundancy float64 `json:"redundancy"`
	Bigram     float64 `json:"bigram"`
	// MinTokens skips sentences shorter than this.
	MinTokens int `json:"min_tokens"`
	// MaxOverlap skips sentences whose content words are covered beyond
	// this share.
	MaxOverlap float64 `json:"max_overlap"`
	// Expected is the penalty weight on the share of a sentence's expected
	// reference token pairs (the pair model's probabilities) already in the
	// summary (0: off, or no pair model).
	Expected float64 `json:"expected,omitempty"`
	// Gain is the bonus weight on the mean probability of the sentence's
	// token pairs not yet in the summary (0: off, or no pair model).
	Gain float64 `json:"gain,omitempty"`
}

// decode picks sentences greedily by score minus a redundancy penalty until
// target words are reached.
func (c *cluster) decode(scores []float64, target, maxW int, p DecoderParams, longest int) []Pick {
	n := len(c.sents)
	order := c.buf.i.room(n)[:n]
	for i := range order {
		order[i] = i
	}
	// Deterministic order for ties: score, then document, then position.
	slices.SortStableFunc(order, func(a, b int) int { return descending(scores[a], scores[b]) })
	used := c.buf.b.take(n)
	covered := c.buf.b.take(len(c.stems))
	coveredBi := c.buf.b.take(len(c.pairs))
	var coveredTok []bool // token pairs, for the expected-pair penalty
	var fullExp []float64 // per sentence, the sum of its pairs' probabilities
	bound := 0.0          // the largest bonus any sentence can get
	if (p.Expected > 0 || p.Gain > 0) && c.pairProb != nil {
		coveredTok = c.buf.b.take(len(c.pairs))
		// The same sums, in the same order, as conceptFeatures made.
		fullExp = c.sentProb
		for i := range c.sents {
			if k := len(c.sents[i].pairs); k > 0 {
				bound = max(bound, p.Gain*fullExp[i]/float64(k))
			}
		}
	}
	// Without the bonus term, and with penalty weights that are not
	// negative, every penalty only lowers a sentence's value (subtracting
	// a number that is not negative never raises a floating-point value),
	// so a sentence whose score less its word penalty does not beat the
	// best value so far cannot win this step: its pair penalties are not
	// computed. Such a sentence is not marked used here, but every filter
	// that would mark it depends only on coverage, which only grows.
	prune := p.Gain == 0 && p.Redundancy >= 0 && p.Bigram >= 0 && p.Expected >= 0
	var picks []Pick
	words := 0
	for words < target && words < maxW {
		best, bestVal := -1, math.Inf(-1)
		for _, i := range order {
			if used[i] {
				continue
			}
			if scores[i]+bound < bestVal { // sorted: nothing later can win
				break
			}
			s := &c.sents[i]
			if len(s.toks) < p.MinTokens || longest > 0 && s.words > longest {
				used[i] = true
				continue
			}
			uni := c.overlapWords(s, covered)
			if uni > p.MaxOverlap {
				used[i] = true
				continue
			}
			v := scores[i] - p.Redundancy*uni
			if prune && !(v > bestVal) {
				continue
			}
			v -= p.Bigram * c.overlapPairs(s, coveredBi)
			if coveredTok != nil && fullExp[i] > 0 {
				lost := 0.0
				for _, q := range s.pairs {
					if coveredTok[q] {
						lost += c.pairProb[q]
					}
				}
				v -= p.Expected * lost / fullExp[i]
				v += p.Gain * (fullExp[i] - lost) / float64(len(s.pairs))
			}
			if v > bestVal {
				best, bestVal = i, v
			}
		}
		if best < 0 {
			break
		}
		used[best] = true
		s := &c.sents[best]
		picks = append(picks, Pick{Doc: s.doc, Sent: s.idx, Score: scores[best]})
		words += s.words
		for _, w := range s.content {
			covered[w] = true
		}
		for _, p := range s.cpairs {
			coveredBi[p] = true
		}
		if coveredTok != nil {
			for _, q := range s.pairs {
				coveredTok[q] = true
			}
		}
	}
	return picks
}

func pair(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// overlapWords returns the share of s's content words already covered
// (1 without content words).
func (c *cluster) overlapWords(s *sentence, covered []bool) float64 {
	if len(s.content) == 0 {
		return 1
	}
	hit := 0
	for _, w := range s.content {
		if covered[w] {
			hit++
		}
	}
	return float64(hit) / float64(len(s.content))
}

// overlapPairs returns the share of s's content word pairs already
// covered (1 without content words, 0 with one).
func (c *cluster) overlapPairs(s *sentence, coveredBi []bool) float64 {
	if len(s.content) == 0 {
		return 1
	}
	if len(s.content) == 1 {
		return 0
	}
	hb := 0
	for _, p := range s.cpairs {
		if coveredBi[p] {
			hb++
		}
	}
	return float64(hb) / float64(len(s.content)-1)
}

// Features returns the feature vector (see FeatureNames) of every sentence
// of docs under model m, with the document and sentence each row belongs
// to. Training uses it; Summarize computes the same vectors.
func Features(docs []Document, m *Model) ([][]float64, []Pick) {
	c := newCluster(docs, m)
	defer c.buf.release()
	if len(c.sents) == 0 {
		return nil, nil
	}
	where := make([]Pick, len(c.sents))
	for i, s := range c.sents {
		where[i] = Pick{Doc: s.doc, Sent: s.idx}
	}
	// The rows live in the cluster's scratch memory: copy them out.
	rows := c.features()
	out := make([][]float64, len(rows))
	flat := make([]float64, len(rows)*NumFeatures)
	for i, r := range rows {
		out[i] = flat[i*NumFeatures : (i+1)*NumFeatures : (i+1)*NumFeatures]
		copy(out[i], r)
	}
	return out, where
}

// decodeConcepts is the decoder for long inputs. Concepts are token pairs
// that are not both stop words, weighted by the number of documents that
// contain them (pairs in fewer than 3 documents weigh nothing), as in the
// ICSI summarizer of Gillick and Favre (2009). Each step takes the sentence
// with the best standardized score plus beta x its weight of not yet
// covered concepts per word (relative to the best such density at the
// first step).
func (c *cluster) decodeConcepts(scores []float64, target, maxW int, p DecoderParams, longest int, beta float64) []Pick {
	n := len(c.sents)
	z := zscores(scores)
	docsOf := make(map[uint64]int32)
	lastDoc := make(map[uint64]int32)
	concepts := make([][]uint64, n)
	for i := range c.sents {
		s := &c.sents[i]
		seen := map[uint64]bool{}
		for k := 1; k < len(s.toks); k++ {
			a, b := s.toks[k-1], s.toks[k]
			if c.stop[a] && c.stop[b] {
				continue
			}
			key := pair(a, b)
			if !seen[key] {
				seen[key] = true
				concepts[i] = append(concepts[i], key)
			}
			if d, ok := lastDoc[key]; !ok || d != int32(s.doc) {
				lastDoc[key] = int32(s.doc)
				docsOf[key]++
			}
		}
	}
	weight := func(key uint64) float64 {
		if d := docsOf[key]; d >= 3 {
			return float64(d)
		}
		return 0
	}
	covered := make(map[uint64]bool)
	used := make([]bool, n)
	var picks []Pick
	words := 0
	norm := 0.0
	for words < target && words < maxW {
		best, bestVal := -1, math.Inf(-1)
		dens := make([]float64, n)
		for i := range c.sents {
			s := &c.sents[i]
			if used[i] || len(s.toks) < p.MinTokens || longest > 0 && s.words > longest {
				continue
			}
			g := 0.0
			for _, key := range concepts[i] {
				if !covered[key] {
					g += weight(key)
				}
			}
			dens[i] = g / float64(s.words)
		}
		if norm == 0 {
			for _, d := range dens {
				norm = max(norm, d)
			}
			if norm == 0 {
				norm = 1
			}
		}
		for i := range c.sents {
			s := &c.sents[i]
			if used[i] || len(s.toks) < p.MinTokens || longest > 0 && s.words > longest {
				continue
			}
			if v := z[i] + beta*dens[i]/norm; v > bestVal {
				best, bestVal = i, v
			}
		}
		if best < 0 {
			break
		}
		used[best] = true
		s := &c.sents[best]
		picks = append(picks, Pick{Doc: s.doc, Sent: s.idx, Score: scores[best]})
		words += s.words
		for _, key := range concepts[best] {
			covered[key] = true
		}
	}
	return picks
}
