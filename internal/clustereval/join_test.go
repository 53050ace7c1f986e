package clustereval

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/cluster"
)

// synthStream makes a labelled stream of our own synthetic articles: each
// story draws its words from its own small vocabulary plus shared filler,
// and stories come in pairs that share half their vocabulary (hard
// negatives).
func synthStream(seed uint64, stories int) []Item {
	rng := rand.New(rand.NewPCG(seed, 11))
	filler := []string{"report", "people", "city", "officials", "week", "government", "local", "statement", "family", "police"}
	var items []Item
	for s := range stories {
		pair := s / 2
		var vocab []string
		for k := range 6 {
			vocab = append(vocab, fmt.Sprintf("pairword%dx%d", pair, k))
			vocab = append(vocab, fmt.Sprintf("storyword%dx%d", s, k))
		}
		for d := range 1 + rng.IntN(4) {
			var w []string
			for range 60 {
				if rng.IntN(3) == 0 {
					w = append(w, filler[rng.IntN(len(filler))])
				} else {
					w = append(w, vocab[rng.IntN(len(vocab))])
				}
			}
			items = append(items, Item{In: cluster.Input{ID: fmt.Sprintf("s%d-d%d", s, d), Text: strings.Join(w, " ") + "."}, Gold: fmt.Sprint(s)})
		}
	}
	Shuffle(items, seed)
	return items
}

func TestTrainJoinDeterministic(t *testing.T) {
	train := func(trees int) []byte {
		o := TrainJoinOptions{
			Train:   []JoinSet{{Name: "a", Items: synthStream(1, 80)}, {Name: "b", Items: synthStream(2, 60), Group: "g"}},
			Tune:    []JoinSet{{Name: "tune", Items: synthStream(3, 60)}},
			Rounds:  2,
			Lambda:  1,
			Iters:   20,
			Grid:    []float64{0.3, 0.5, 0.7},
			Base:    cluster.DefaultOptions(),
			Workers: 2,
			Trees:   cluster.GBDTParams{Trees: trees, Depth: 2, Bins: 16, Rate: 0.2, Lambda: 1, MinHess: 1},
		}
		m, err := TrainJoin(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, trees := range []int{0, 10} {
		a, b := train(trees), train(trees)
		if string(a) != string(b) {
			t.Errorf("trees=%d: two trainings on the same data differ", trees)
		}
		m, err := cluster.ParseJoinModel(a)
		if err != nil {
			t.Fatalf("trees=%d: trained model does not load: %v", trees, err)
		}
		if (len(m.Trees) > 0) != (trees > 0) {
			t.Errorf("trees=%d: model has %d trees", trees, len(m.Trees))
		}
	}
}

// TestTraceJoinLabels: rows are labelled by the candidate story's majority
// gold, and tracing does not change the clustering.
func TestTraceJoinLabels(t *testing.T) {
	items := synthStream(4, 40)
	var d JoinData
	r, err := TraceJoin(context.Background(), items, cluster.Options{}, 2, &d)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := RunChorus(context.Background(), items, cluster.Options{}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if r.F1 != plain.F1 {
		t.Errorf("traced run F1 %.4f, plain %.4f", r.F1, plain.F1)
	}
	if d.Rows() == 0 || d.Positives() == 0 || d.Positives() == d.Rows() {
		t.Fatalf("%d rows, %d positive", d.Rows(), d.Positives())
	}
	if len(d.X) != d.Rows()*len(cluster.JoinFeatureNames) || len(d.W) != d.Rows() {
		t.Errorf("%d values, %d weights for %d rows", len(d.X), len(d.W), d.Rows())
	}
	// Positives should be far more similar than negatives on average.
	n := len(cluster.JoinFeatureNames)
	var ps, ns float64
	for i, y := range d.Y {
		if y {
			ps += d.X[i*n]
		} else {
			ns += d.X[i*n]
		}
	}
	ps /= float64(d.Positives())
	ns /= float64(d.Rows() - d.Positives())
	if ps <= ns {
		t.Errorf("mean similarity of positives %.3f not above negatives %.3f", ps, ns)
	}
}

func TestMultiNewsMixRangeKeepsTheDeclaredPart(t *testing.T) {
	p := t.TempDir() + "/mn.jsonl"
	var b strings.Builder
	for i := range 30 {
		long := strings.Repeat(fmt.Sprintf("topic%d word ", i), 15)
		fmt.Fprintf(&b, "{\"id\":\"c-%d\",\"documents\":[%q]}\n", i, long)
	}
	if err := writeFile(p, b.String()); err != nil {
		t.Fatal(err)
	}
	items, err := MultiNewsMixRange(p, 10, 20, 0, 1, 20)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 10 {
		t.Fatalf("%d items, want 10", len(items))
	}
	for _, it := range items {
		var k int
		if _, err := fmt.Sscanf(it.Gold, "c-%d", &k); err != nil || k < 10 || k >= 20 {
			t.Errorf("item from cluster %q outside [10,20)", it.Gold)
		}
	}
	rest, _ := MultiNewsMixRange(p, 20, 0, 0, 1, 20)
	if len(rest) != 10 {
		t.Errorf("from 20 to the end: %d items, want 10", len(rest))
	}
}

func writeFile(p, s string) error { return os.WriteFile(p, []byte(s), 0o644) }
