package sumeval

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/chorusnews/chorus/internal/summarize"
)

// trainClusters writes small invented clusters: each reference repeats the
// documents' first sentences, so the lead carries the label.
func trainClusters(n int) []Cluster {
	towns := []string{"Northbridge", "Eastmere", "Lowbridge", "Hamsey", "Kelso", "Brenwick"}
	things := []string{"bridge", "harbour", "school", "library", "stadium", "station"}
	var cs []Cluster
	for i := range n {
		town, thing := towns[i%len(towns)], things[(i/2)%len(things)]
		lead := fmt.Sprintf("The %s in %s will close for %d months of repairs, the council said on Monday.", thing, town, 3+i%5)
		var texts []string
		for d := range 3 {
			texts = append(texts, lead+fmt.Sprintf(
				" Reporters from paper %d asked about the weather. The %s opened in %d and needs new steel supports. Share this article with friends. Readers wrote %d letters about it.",
				d, thing, 1900+i, d+i))
		}
		cs = append(cs, Cluster{ID: fmt.Sprint(i), Texts: texts,
			Refs: []string{lead + fmt.Sprintf(" The %s opened in %d and needs new steel supports.", thing, 1900+i)}})
	}
	return cs
}

// trainTwiceAlike trains twice on cs and returns the model file, failing
// the test when the two files differ.
func trainTwiceAlike(t *testing.T, cs []Cluster, o TrainOptions, what string) []byte {
	t.Helper()
	var files [2][]byte
	for k := range files {
		m, err := Train(context.Background(), cs, o)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if files[k], err = json.Marshal(m); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	if string(files[0]) != string(files[1]) {
		t.Fatalf("%s: two trainings on the same data differ", what)
	}
	return files[0]
}

func TestTrainMakesAUsableDeterministicModel(t *testing.T) {
	cs := trainClusters(30)
	for _, objective := range []string{"mse", "rank"} {
		o := TrainOptions{
			Fold: 3, MinCount: 1, MaxWords: 60, Workers: 2, PairClusters: 30, Objective: objective,
			LexicalBits: 12, BigramBits: 12,
			GBT:     summarize.GBTParams{Trees: 5, Depth: 3, MinLeaf: 2, Rate: 0.3, Lambda: 1, Bins: 16},
			Length:  summarize.LengthRule{Base: 30, Min: 10, Max: 60},
			Decoder: summarize.DecoderParams{Redundancy: 0.3, Bigram: 0.3, MinTokens: 3, MaxOverlap: 0.8, Expected: 0.15},
		}
		m, err := summarize.ParseModel(trainTwiceAlike(t, cs, o, objective))
		if err != nil {
			t.Fatalf("%s: %v", objective, err)
		}
		if m.Pairs == nil || len(m.Trees.Trees) != 5 {
			t.Fatalf("%s: pair model %v, %d trees", objective, m.Pairs != nil, len(m.Trees.Trees))
		}
		docs := Documents(cs[0].Texts)
		picks := summarize.Summarize(docs, summarize.Options{Model: m, MaxWords: 60})
		if len(picks) == 0 {
			t.Fatalf("%s: no picks", objective)
		}
	}
	if _, err := Train(context.Background(), trainClusters(6), TrainOptions{Objective: "rank", Center: true}); err == nil {
		t.Fatal("rank objective with centred labels accepted")
	}
	if _, err := Train(context.Background(), trainClusters(6), TrainOptions{Objective: "listwise"}); err == nil {
		t.Fatal("unknown objective accepted")
	}
}
