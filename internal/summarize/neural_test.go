package summarize

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/rouge"
)

// syntheticNeural makes clusters of 3 documents x 6 sentences of 8 random
// buckets out of 512. With context false a sentence's label is 1 when it
// holds one of the buckets 0..9. With context true each cluster has a
// topic bucket (out of 40) that about half its sentences hold, and two
// other topic buckets that about a sixth of them hold each; a sentence's label is 1
// when it holds its cluster's topic: every topic bucket is positive in
// some clusters and negative in others, so only the context can tell.
func syntheticNeural(rng *rand.Rand, n int, context bool) []NeuralCluster {
	var out []NeuralCluster
	for range n {
		var c NeuralCluster
		topics := rng.Perm(40)[:3]
		for d := range 3 {
			for s := range 6 {
				var bs []uint32
				for range 8 {
					bs = append(bs, uint32(50+rng.IntN(462)))
				}
				y := 0.0
				if context {
					// Drawn, not by position: the network also reads
					// the position.
					switch r := rng.IntN(6); {
					case r < 3:
						bs = append(bs, uint32(10+topics[0]))
						y = 1
					case r == 3:
						bs = append(bs, uint32(10+topics[1]))
					case r == 4:
						bs = append(bs, uint32(10+topics[2]))
					}
				} else if rng.IntN(3) == 0 {
					bs = append(bs, uint32(rng.IntN(10)))
					y = 1
				}
				slices.Sort(bs)
				c.Buckets = append(c.Buckets, slices.Compact(bs))
				c.Doc = append(c.Doc, d)
				c.Pos = append(c.Pos, s)
				c.Y = append(c.Y, y)
			}
		}
		out = append(out, c)
	}
	return out
}

// separation is the mean score of the positive sentences minus that of
// the negative ones.
func separation(n *Neural, cs []NeuralCluster) float64 {
	var pos, neg float64
	var np, nn int
	var scores []float64
	for _, c := range cs {
		scores = n.Score(scores, c.Buckets, c.Doc, c.Pos)
		for i, y := range c.Y {
			if y > 0 {
				pos += scores[i]
				np++
			} else {
				neg += scores[i]
				nn++
			}
		}
	}
	return pos/float64(np) - neg/float64(nn)
}

func TestTrainNeuralRecoversPlantedSignal(t *testing.T) {
	for _, context := range []bool{false, true} {
		rng := rand.New(rand.NewPCG(7, 8))
		train, test := syntheticNeural(rng, 3000, context), syntheticNeural(rng, 300, context)
		p := NeuralParams{Bits: 9, Dim: 8, Hidden: 16, Epochs: 6, Rate: 0.1, NetRate: 0.02, Seed: 3}
		n, err := TrainNeural(train, p)
		if err != nil {
			t.Fatal(err)
		}
		// The labels are 0 and 1: a model that found the signal
		// separates them by most of that. With context, a bag of words
		// reaches only about 0.2 (a topic bucket is positive in about 3
		// of the 5 sentences holding it).
		sep := separation(n, test)
		t.Logf("context %v: separation %.3f", context, sep)
		if sep < 0.5 {
			t.Errorf("context %v: positives score only %.3f above negatives on new clusters", context, sep)
		}
		again, _ := TrainNeural(train, p)
		if !reflect.DeepEqual(n, again) {
			t.Errorf("context %v: two trainings with one seed differ", context)
		}
	}
}

func TestNeuralScoreIgnoresBucketOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cs := syntheticNeural(rng, 200, false)
	n, err := TrainNeural(cs, NeuralParams{Bits: 9, Dim: 4, Hidden: 4, Epochs: 1, Rate: 0.1, NetRate: 0.02, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	c := cs[0]
	a := slices.Clone(n.Score(nil, c.Buckets, c.Doc, c.Pos))
	for _, bs := range c.Buckets {
		slices.Reverse(bs)
	}
	if b := n.Score(nil, c.Buckets, c.Doc, c.Pos); !slices.Equal(a, b) {
		t.Fatalf("scores depend on the bucket order: %v vs %v", a, b)
	}
}

func TestShiftBucketsMatchesLexicalBuckets(t *testing.T) {
	toks := strings.Fields("the council voted to close the bridge and the bridge stays closed")
	got := ShiftBuckets(nil, LexicalBuckets(nil, toks, 20), 20, 12)
	if want := LexicalBuckets(nil, toks, 12); !slices.Equal(got, want) {
		t.Fatalf("shifted %v, want %v", got, want)
	}
}

// withNeural returns the embedded model with a small trained neural scorer.
func withNeural(t *testing.T) *Model {
	t.Helper()
	rng := rand.New(rand.NewPCG(5, 6))
	n, err := TrainNeural(syntheticNeural(rng, 100, false), NeuralParams{Bits: 10, Dim: 4, Hidden: 8, Epochs: 1, Rate: 0.1, NetRate: 0.02, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	m := *Default()
	m.Features = FeatureNames
	m.Neural = n
	return &m
}

func TestNeuralModelRoundTrip(t *testing.T) {
	m := withNeural(t)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseModel(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Neural, m.Neural) {
		t.Fatal("neural scorer changed in a save and load")
	}
	x, _ := Features(fixture(), back)
	y, _ := Features(fixture(), m)
	if !reflect.DeepEqual(x, y) {
		t.Fatal("features differ after a save and load")
	}
	// The nn features are filled: scores vary, ranks span 0..1.
	var nn, ranks []float64
	for _, row := range x {
		nn = append(nn, row[fNeural])
		ranks = append(ranks, row[fRankNeural])
	}
	if slices.Min(nn) == slices.Max(nn) || slices.Min(ranks) != 0 || slices.Max(ranks) != 1 {
		t.Fatalf("nn features not filled: %v, ranks %v", nn, ranks)
	}
	// The same values as Score on the sentences' buckets at the model's bits.
	var buckets [][]uint32
	var docs, pos []int
	tk := rouge.NewTokenizer()
	for d, doc := range fixture() {
		for k, s := range doc.Sentences {
			s = s[DebrisPrefix(s):] // as newCluster
			if WordCount(s) == 0 {
				continue
			}
			buckets = append(buckets, LexicalBuckets(nil, tk.AppendTokens(nil, s), m.Neural.Bits))
			docs = append(docs, d)
			pos = append(pos, k)
		}
	}
	want := m.Neural.Score(nil, buckets, docs, pos)
	for i := range want {
		if math.Abs(want[i]-nn[i]) > 1e-12 {
			t.Fatalf("sentence %d: feature %v, Score %v", i, nn[i], want[i])
		}
	}
}

func TestParseModelRejectsBadNeural(t *testing.T) {
	m := withNeural(t)
	for name, tc := range map[string]struct {
		edit func(n *Neural)
		want string
	}{
		"short table": {func(n *Neural) { n.E = n.E[:len(n.E)-1] }, "embedding table"},
		"bits":        {func(n *Neural) { n.Bits = 30 }, "bits"},
		"layers":      {func(n *Neural) { n.W2 = n.W2[:1] }, "layer sizes"},
		"hidden":      {func(n *Neural) { n.Hidden = 0 }, "hidden size"},
		"scale":       {func(n *Neural) { n.Scale = -1 }, "scale"},
	} {
		n := *m.Neural
		tc.edit(&n)
		bad := *m
		bad.Neural = &n
		b, err := json.Marshal(&bad)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ParseModel(b)
		if err == nil || !strings.Contains(err.Error(), "neural model") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one about the neural model's %s", name, err, tc.want)
		}
	}
	if _, err := TrainNeural(nil, NeuralParams{Bits: 4, Dim: 4, Hidden: 4, Epochs: 1, Rate: 1, NetRate: 1}); err == nil {
		t.Error("4 bits accepted for training")
	}
}

func TestTrainNeuralListwiseOrdersWithinClusters(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	train, test := syntheticNeural(rng, 2000, false), syntheticNeural(rng, 200, false)
	n, err := TrainNeural(train, NeuralParams{Bits: 9, Dim: 8, Hidden: 16, Epochs: 3, Rate: 0.1, NetRate: 0.02, Seed: 3, Listwise: true})
	if err != nil {
		t.Fatal(err)
	}
	// Softmax scores have no scale: count the (positive, negative) pairs
	// of a cluster in the right order.
	right, pairs := 0, 0
	var scores []float64
	for _, c := range test {
		scores = n.Score(scores, c.Buckets, c.Doc, c.Pos)
		for i := range c.Y {
			for j := range c.Y {
				if c.Y[i] > 0 && c.Y[j] == 0 {
					pairs++
					if scores[i] > scores[j] {
						right++
					}
				}
			}
		}
	}
	if share := float64(right) / float64(pairs); share < 0.95 {
		t.Fatalf("only %.3f of the within-cluster pairs in order", share)
	}
}

func TestTrainNeuralRejectsBadClusters(t *testing.T) {
	p := NeuralParams{Bits: 8, Dim: 2, Hidden: 2, Epochs: 1, Rate: 0.1, NetRate: 0.1}
	for name, c := range map[string]NeuralCluster{
		"labels":  {Buckets: [][]uint32{{1}, {2}}, Doc: []int{0, 0}, Pos: []int{0, 1}, Y: []float64{1}},
		"order":   {Buckets: [][]uint32{{1}, {2}}, Doc: []int{1, 0}, Pos: []int{0, 0}, Y: []float64{1, 0}},
		"buckets": {Buckets: [][]uint32{{1}, {256}}, Doc: []int{0, 0}, Pos: []int{0, 1}, Y: []float64{1, 0}},
	} {
		if _, err := TrainNeural([]NeuralCluster{c}, p); err == nil || !strings.Contains(err.Error(), "training cluster 0") {
			t.Errorf("%s: error %v, want one naming training cluster 0", name, err)
		}
	}
}

// BenchmarkNeuralScore scores a cluster of the mean Multi-News size (19
// sentences of 50 buckets in 3 documents) with the default shape (2^16 x
// 16 embeddings, 32 hidden units).
func BenchmarkNeuralScore(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	var c NeuralCluster
	for i := range 19 {
		var bs []uint32
		for range 50 {
			bs = append(bs, uint32(rng.IntN(1<<16)))
		}
		slices.Sort(bs)
		c.Buckets = append(c.Buckets, slices.Compact(bs))
		c.Doc = append(c.Doc, i/7)
		c.Pos = append(c.Pos, i%7)
		c.Y = append(c.Y, float64(i%2))
	}
	n, err := TrainNeural([]NeuralCluster{c}, NeuralParams{Bits: 16, Dim: 16, Hidden: 32, Epochs: 1, Rate: 0.1, NetRate: 0.02, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	var dst []float64
	for b.Loop() {
		dst = n.Score(dst, c.Buckets, c.Doc, c.Pos)
	}
}

// TestNeuralScoreMatchesPlainNetwork checks the folded first layer of
// Score against the network written out input by input.
func TestNeuralScoreMatchesPlainNetwork(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	cs := syntheticNeural(rng, 50, true)
	n, err := TrainNeural(cs, NeuralParams{Bits: 9, Dim: 6, Hidden: 5, Epochs: 1, Rate: 0.1, NetRate: 0.05, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	D, H, In := n.Dim, n.Hidden, neuralInputs(n.Dim)
	for _, c := range cs[:5] {
		got := n.Score(nil, c.Buckets, c.Doc, c.Pos)
		var x neuralContext
		x.begin(len(c.Buckets), numDocs(c.Doc), D)
		for i, bs := range c.Buckets {
			for _, b := range bs {
				for k := range D {
					x.s[i*D+k] += float64(int8(n.E[int(b)*D+k])) * n.Scale
				}
			}
			for k := range D {
				x.s[i*D+k] /= math.Sqrt(float64(len(bs)))
			}
			x.add(i, D, c.Doc)
		}
		x.means(len(c.Buckets), D)
		in := make([]float64, In)
		for i := range c.Buckets {
			x.input(in, i, D, c.Doc[i], c.Pos[i], len(c.Buckets[i]), numDocs(c.Doc))
			want := n.B2
			for j := range H {
				v := float64(n.B1[j])
				for k := range In {
					v += float64(n.W1[j*In+k]) * in[k]
				}
				want += float64(n.W2[j]) * max(v, 0)
			}
			if math.Abs(got[i]-want) > 1e-9 {
				t.Fatalf("sentence %d: Score %v, plain network %v", i, got[i], want)
			}
		}
	}
}

func TestEmbedSumMatchesPlainSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, dim := range []int{6, 8, 16, 24} {
		n := &Neural{Bits: 8, Dim: dim, E: make([]byte, dim<<8)}
		for i := range n.E {
			n.E[i] = byte(rng.IntN(256))
		}
		n.E[0], n.E[1] = 0x80, 0x7f // -128 and 127
		for _, size := range []int{1, 7, 256, 257, 600} {
			bs := make([]uint32, size)
			for i := range bs {
				bs[i] = uint32(rng.IntN(256))
			}
			bs[0] = 0
			got := make([]int32, dim)
			n.embedSum(got, bs)
			want := make([]int32, dim)
			for _, b := range bs {
				for k := range dim {
					want[k] += int32(int8(n.E[int(b)*dim+k]))
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("dim %d, %d buckets: %v, want %v", dim, size, got, want)
			}
		}
	}
}
