package summarize

import (
	_ "embed"
	"fmt"
	"sync"
)

// Model is everything the learned summarizer needs: word statistics learned
// from the training split, the tree ensemble and the decoder settings.
// It is stored as JSON (model/summarizer.json, embedded in the binary).
type Model struct {
	// Features names the feature vector the trees were trained on; it must
	// equal FeatureNames.
	Features []string `json:"features"`
	// Words maps a ROUGE token (stem) to [idf, prior]: the inverse document
	// frequency over training articles, and how often the word, when it
	// appears in a cluster's sources, also appears in the reference summary.
	Words        map[string][2]float64 `json:"words"`
	DefaultIDF   float64               `json:"default_idf"`
	DefaultPrior float64               `json:"default_prior"`
	// Bigrams holds, per hash bucket of a token pair (see BigramBucket), how
	// often the pair, when it appears in the sources, also appears in the
	// reference, quantised to 0..254; 255 marks an unseen bucket.
	Bigrams    []byte `json:"bigrams,omitempty"`
	BigramBits int    `json:"bigram_bits,omitempty"`
	// Lexical is the hashed bag-of-words sentence model (may be nil).
	Lexical *Lexical `json:"lexical,omitempty"`
	// Pairs is the token-pair model behind the con_* features (may be nil).
	Pairs *PairModel `json:"pairs,omitempty"`
	// Neural is the learnt sentence scorer behind the nn features (may be nil).
	Neural  *Neural       `json:"neural,omitempty"`
	Trees   Forest        `json:"trees"`
	Length  LengthRule    `json:"length"`
	Decoder DecoderParams `json:"decoder"`
	Blend   Blend         `json:"blend"`
	// Trained records how the model was made (data, sizes), for people.
	Trained string `json:"trained,omitempty"`
}

// LengthRule sets the target summary length from the number of documents:
// Base + PerDoc*docs, clamped to [Min, Max].
type LengthRule struct {
	Base   float64 `json:"base"`
	PerDoc float64 `json:"per_doc"`
	Min    int     `json:"min"`
	Max    int     `json:"max"`
}

func (m *Model) targetWords(docs int) int {
	t := int(m.Length.Base + m.Length.PerDoc*float64(docs) + 0.5)
	if m.Length.Max > 0 {
		t = min(t, m.Length.Max)
	}
	return max(t, m.Length.Min)
}

//go:embed model/summarizer.json
var defaultModelJSON []byte

var (
	defaultOnce  sync.Once
	defaultModel *Model
	defaultErr   error
)

// Default returns the embedded model. The embedded file is checked by the
// package tests, so a failure here is a build defect and panics.
func Default() *Model {
	defaultOnce.Do(func() {
		defaultModel, defaultErr = ParseModel(defaultModelJSON)
	})
	if defaultErr != nil {
		panic("summarize: embedded model: " + defaultErr.Error())
	}
	return defaultModel
}

// ParseModel decodes and checks a model file.
func ParseModel(data []byte) (*Model, error) {
	var m Model
	if err := decodeModelJSON(data, &m); err != nil {
		return nil, fmt.Errorf("summarize model: %w", err)
	}
	// Older models name a prefix of today's features: the trees never
	// read the features added since.
	if len(m.Features) == 0 || len(m.Features) > NumFeatures {
		return nil, fmt.Errorf("summarize model: %d features, this build computes %d", len(m.Features), NumFeatures)
	}
	for i, f := range m.Features {
		if f != FeatureNames[i] {
			return nil, fmt.Errorf("summarize model: feature %d is %q, this build computes %q", i, f, FeatureNames[i])
		}
	}
	if m.BigramBits != 0 && (m.BigramBits < 8 || m.BigramBits > 24 || len(m.Bigrams) != 1<<m.BigramBits) {
		return nil, fmt.Errorf("summarize model: bigram table of %d bytes does not match %d bits", len(m.Bigrams), m.BigramBits)
	}
	if l := m.Lexical; l != nil && (l.Bits < 8 || l.Bits > 24 || len(l.Q) != 1<<l.Bits) {
		return nil, fmt.Errorf("summarize model: lexical table of %d bytes does not match %d bits", len(l.Q), l.Bits)
	}
	if pm := m.Pairs; pm != nil && !pm.ok() {
		return nil, fmt.Errorf("summarize model: pair model with inconsistent tables")
	}
	if err := m.Neural.check(); err != nil {
		return nil, fmt.Errorf("summarize model: %w", err)
	}
	if err := m.Trees.check(len(m.Features)); err != nil {
		return nil, fmt.Errorf("summarize model: %w", err)
	}
	m.Trees.pack()
	return &m, nil
}

// BigramBucket hashes a token pair (FNV-1a, 64 bits) to one of 1<<bits buckets.
func BigramBucket(a, b string, bits int) uint32 {
	return uint32(pairHash64(a, b) >> (64 - bits))
}

// pairHash64 is the FNV-1a hash of a, a space and b; BigramBucket keeps its
// top bits.
func pairHash64(a, b string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(a); i++ {
		h ^= uint64(a[i])
		h *= 1099511628211
	}
	h ^= ' '
	h *= 1099511628211
	for i := 0; i < len(b); i++ {
		h ^= uint64(b[i])
		h *= 1099511628211
	}
	return h
}

// bigramPrior returns the prior of a token pair and whether it was seen in
// training; unseen pairs get the model's DefaultPrior scaled to pairs (0).
func (m *Model) bigramPrior(a, b string) (float64, bool) {
	if m.BigramBits == 0 || len(m.Bigrams) != 1<<m.BigramBits {
		return 0, false
	}
	return m.bigramPriorHash(pairHash64(a, b))
}

// bigramByteHash is the table byte of a pair hashed by pairHash64 (255:
// unseen, or no table).
func (m *Model) bigramByteHash(h uint64) byte {
	if m.BigramBits == 0 || len(m.Bigrams) != 1<<m.BigramBits {
		return 255
	}
	return m.Bigrams[h>>(64-m.BigramBits)]
}

// bigramPriorHash is bigramPrior for a pair hashed by pairHash64.
func (m *Model) bigramPriorHash(h uint64) (float64, bool) {
	if m.BigramBits == 0 || len(m.Bigrams) != 1<<m.BigramBits {
		return 0, false
	}
	return bigramPriorByte(m.Bigrams[h>>(64-m.BigramBits)])
}

// bigramPriorByte is the prior a byte of the token-pair table stands for
// (255: unseen).
func bigramPriorByte(q byte) (float64, bool) {
	if q == 255 {
		return 0, false
	}
	return float64(q) / 254, true
}
