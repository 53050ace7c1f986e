package sumeval

import (
	"context"
	"testing"

	"github.com/chorusnews/chorus/internal/summarize"
)

func TestTrainWithNeuralScorer(t *testing.T) {
	cs := trainClusters(30)
	o := TrainOptions{
		Fold: 3, MinCount: 1, MaxWords: 60, Workers: 2, LexicalBits: 12, BigramBits: 12,
		GBT:    summarize.GBTParams{Trees: 5, Depth: 3, MinLeaf: 2, Rate: 0.3, Lambda: 1, Bins: 16},
		Length: summarize.LengthRule{Base: 30, Min: 10, Max: 60},
		Neural: NeuralOptions{Bits: 10, Dim: 4, Hidden: 4, Epochs: 2, Rate: 0.1, NetRate: 0.02, Seed: 1},
	}
	m, err := summarize.ParseModel(trainTwiceAlike(t, cs, o, "with the neural scorer"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Neural == nil || m.Neural.Bits != 10 || m.Neural.Dim != 4 {
		t.Fatalf("neural scorer missing or misshapen: %+v", m.Neural)
	}
	x, _ := summarize.Features(Documents(cs[0].Texts), m)
	nn := 0
	for k, name := range summarize.FeatureNames {
		if name == "nn" {
			nn = k
		}
	}
	if nn == 0 || x[0][nn] == x[1][nn] && x[1][nn] == x[2][nn] {
		t.Fatalf("nn feature (column %d) not filled", nn)
	}
	o.Neural.Bits = 14 // more than the lexical bits
	if _, err := Train(context.Background(), cs, o); err == nil {
		t.Fatal("neural bits above the lexical bits accepted")
	}
}

func TestTrainWithoutNeuralScorerStopsBeforeItsFeatures(t *testing.T) {
	m, err := Train(context.Background(), trainClusters(9), TrainOptions{
		Fold: 3, MinCount: 1, MaxWords: 60, Workers: 2, LexicalBits: 12, BigramBits: 12,
		GBT: summarize.GBTParams{Trees: 2, Depth: 2, MinLeaf: 2, Rate: 0.3, Lambda: 1, Bins: 16},
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(m.Features); n != summarize.NumFeatures-2 || m.Features[n-1] != "rank_con" {
		t.Fatalf("features end with %q (%d of %d)", m.Features[n-1], n, summarize.NumFeatures)
	}
}
