package summarize

import (
	"math"
	"slices"
)

// Lexical is a linear model over hashed token and token-pair indicators
// of a sentence, trained on the Multi-News train split to predict how much
// of the sentence reaches the reference. Weights are int8 with one scale.
type Lexical struct {
	Bits  int     `json:"bits"`
	Scale float64 `json:"scale"`
	Bias  float64 `json:"bias"`
	Q     []byte  `json:"q"` // int8 weights, two's complement
}

// LexicalBuckets appends to dst the distinct hash buckets of the tokens and
// token pairs of toks (sorted).
func LexicalBuckets(dst []uint32, toks []string, bits int) []uint32 {
	start := len(dst)
	for i, w := range toks {
		dst = append(dst, BigramBucket("\x00", w, bits))
		if i > 0 {
			dst = append(dst, BigramBucket(toks[i-1], w, bits))
		}
	}
	s := dst[start:]
	slices.Sort(s)
	s = slices.Compact(s)
	return dst[:start+len(s)]
}

func (l *Lexical) ok() bool { return l != nil && l.Bits > 0 && len(l.Q) == 1<<l.Bits }

// Score returns the model's value for a sentence's buckets.
func (l *Lexical) Score(buckets []uint32) float64 {
	if !l.ok() || len(buckets) == 0 {
		return 0
	}
	// An integer sum: the same value whatever the order of the buckets.
	s := 0
	for _, b := range buckets {
		s += int(int8(l.Q[b]))
	}
	return l.Bias + l.Scale*float64(s)/math.Sqrt(float64(len(buckets)))
}

// TrainLexical fits the weights by AdaGrad on squared loss with L2
// shrinkage, visiting samples in order for the given number of epochs.
func TrainLexical(samples [][]uint32, y []float64, bits, epochs int, rate, l2 float64) *Lexical {
	w := make([]float64, 1<<bits)
	g2 := make([]float64, 1<<bits)
	mean := 0.0
	for _, v := range y {
		mean += v
	}
	if len(y) > 0 {
		mean /= float64(len(y))
	}
	for range epochs {
		for i, bs := range samples {
			if len(bs) == 0 {
				continue
			}
			norm := 1 / math.Sqrt(float64(len(bs)))
			p := mean
			for _, b := range bs {
				p += w[b] * norm
			}
			err := p - y[i]
			for _, b := range bs {
				g := err*norm + l2*w[b]
				g2[b] += g * g
				w[b] -= rate * g / (math.Sqrt(g2[b]) + 1e-8)
			}
		}
	}
	maxAbs := 0.0
	for _, v := range w {
		maxAbs = max(maxAbs, math.Abs(v))
	}
	l := &Lexical{Bits: bits, Bias: mean, Q: make([]byte, len(w))}
	if maxAbs == 0 {
		return l
	}
	l.Scale = maxAbs / 127
	for i, v := range w {
		l.Q[i] = byte(int8(math.Round(v / l.Scale)))
	}
	return l
}

// Kept returns, in order, the sentences Summarize and Features consider
// (those with at least one word).
func Kept(docs []Document) []Pick {
	var out []Pick
	for d, doc := range docs {
		for i, s := range doc.Sentences {
			if WordCount(s) > 0 {
				out = append(out, Pick{Doc: d, Sent: i})
			}
		}
	}
	return out
}

// WordCount counts white-space separated words without allocating (the
// length measure of summaries: "at most N words").
func WordCount(s string) int {
	// Without branches: a word starts where a space byte (1) is followed
	// by another byte (0); before s counts as space.
	n, prev := 0, uint8(1)
	for i := 0; i < len(s); i++ {
		cur := asciiSpace[s[i]]
		n += int(prev &^ cur)
		prev = cur
	}
	return n
}

// asciiSpace marks (1) the bytes WordCount splits on.
var asciiSpace = [256]uint8{' ': 1, '\n': 1, '\t': 1, '\r': 1, '\v': 1, '\f': 1}
