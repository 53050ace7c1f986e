// Package summarize owns extractive multi-document summarisation: it picks
// sentences from a cluster of documents (it never writes new text). A
// learned sentence scorer (gradient-boosted regression trees over position,
// length, centrality, cross-document agreement and per-word priors, trained
// against greedy-oracle labels on the Multi-News train split) ranks the
// sentences; a greedy decoder with soft redundancy control then fills a
// length budget that depends on the number of documents.
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
	"sort"
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
	if len(c.sents) == 0 {
		return nil
	}
	feats := c.features()
	scores := make([]float64, len(feats))
	for i, f := range feats {
		scores[i] = m.Trees.Predict(f)
	}
	maxW := opts.maxWords()
	target := opts.TargetWords
	if target <= 0 {
		target = m.targetWords(len(docs))
	}
	target = min(target, maxW)
	return c.decode(scores, target, maxW, m.Decoder)
}

// Render joins the picked sentences, one per line, cutting the text at
// maxWords whitespace-separated words (the last sentence may be cut).
// Sentences are flattened to one line each.
func Render(docs []Document, picks []Pick, maxWords int) string {
	var b strings.Builder
	words := 0
	for _, p := range picks {
		if maxWords > 0 && words >= maxWords {
			break
		}
		f := strings.Fields(docs[p.Doc].Sentences[p.Sent])
		if len(f) == 0 {
			continue
		}
		if maxWords > 0 && words+len(f) > maxWords {
			f = f[:maxWords-words]
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Join(f, " "))
		words += len(f)
	}
	return b.String()
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
}

// decode picks sentences greedily by score minus a redundancy penalty until
// target words are reached.
func (c *cluster) decode(scores []float64, target, maxW int, p DecoderParams) []Pick {
	n := len(c.sents)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	// Deterministic order for ties: score, then document, then position.
	sort.SliceStable(order, func(a, b int) bool { return scores[order[a]] > scores[order[b]] })
	used := make([]bool, n)
	covered := make(map[int32]bool)
	coveredBi := make(map[uint64]bool)
	var picks []Pick
	words := 0
	for words < target && words < maxW {
		best, bestVal := -1, math.Inf(-1)
		for _, i := range order {
			if used[i] {
				continue
			}
			if scores[i] < bestVal { // sorted: nothing later can win
				break
			}
			s := &c.sents[i]
			if len(s.toks) < p.MinTokens {
				used[i] = true
				continue
			}
			uni, bi := c.overlap(s, covered, coveredBi)
			if uni > p.MaxOverlap {
				used[i] = true
				continue
			}
			v := scores[i] - p.Redundancy*uni - p.Bigram*bi
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
		for k := 1; k < len(s.content); k++ {
			coveredBi[pair(s.content[k-1], s.content[k])] = true
		}
	}
	return picks
}

func pair(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// overlap returns the shares of s's content words and content word pairs
// already covered.
func (c *cluster) overlap(s *sentence, covered map[int32]bool, coveredBi map[uint64]bool) (uni, bi float64) {
	if len(s.content) == 0 {
		return 1, 1
	}
	hit := 0
	for _, w := range s.content {
		if covered[w] {
			hit++
		}
	}
	uni = float64(hit) / float64(len(s.content))
	if len(s.content) > 1 {
		hb := 0
		for k := 1; k < len(s.content); k++ {
			if coveredBi[pair(s.content[k-1], s.content[k])] {
				hb++
			}
		}
		bi = float64(hb) / float64(len(s.content)-1)
	}
	return uni, bi
}

// Features returns the feature vector (see FeatureNames) of every sentence
// of docs under model m, with the document and sentence each row belongs
// to. Training uses it; Summarize computes the same vectors.
func Features(docs []Document, m *Model) ([][]float64, []Pick) {
	c := newCluster(docs, m)
	if len(c.sents) == 0 {
		return nil, nil
	}
	where := make([]Pick, len(c.sents))
	for i, s := range c.sents {
		where[i] = Pick{Doc: s.doc, Sent: s.idx}
	}
	return c.features(), where
}
