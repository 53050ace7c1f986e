package summarize

import (
	"math"
	"math/bits"
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
// (those with at least one word after leading web debris, DebrisPrefix).
func Kept(docs []Document) []Pick {
	var out []Pick
	for d, doc := range docs {
		for i, s := range doc.Sentences {
			if WordCount(s[DebrisPrefix(s):]) > 0 {
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
	// by another byte (0); before s counts as space. Eight bytes at a
	// time, the top bit of each byte marks a space: for the low seven bits
	// x of a byte, x ^ ' ' + 0x7f has its top bit clear exactly when
	// x == ' ', and x + (0x80 - c) has it set exactly when x >= c (no carry
	// leaves the byte); bytes from 0x80 up are never spaces.
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	n, i := 0, 0
	carry := uint64(0x80) // the byte before s is a space
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		x := w &^ high
		sp := ^((x ^ ones*' ') + ones*0x7f)
		sp |= (x + ones*(0x80-'\t')) &^ (x + ones*(0x80-'\r'-1))
		sp &= ^w & high
		starts := ^sp & high & (sp<<8 | carry)
		n += bits.OnesCount64(starts)
		carry = sp >> 56
	}
	prev := uint8(carry >> 7)
	for ; i < len(s); i++ {
		cur := asciiSpace[s[i]]
		n += int(prev &^ cur)
		prev = cur
	}
	return n
}

// asciiSpace marks (1) the bytes WordCount splits on.
var asciiSpace = [256]uint8{' ': 1, '\n': 1, '\t': 1, '\r': 1, '\v': 1, '\f': 1}
