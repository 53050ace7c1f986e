package cluster

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestJoinFeaturesOnFixtures traces the join features of our own articles:
// the other outlet's bridge article must see the bridge story as its best
// candidate, with the features saying so.
func TestJoinFeaturesOnFixtures(t *testing.T) {
	rows := map[string][]JoinRow{}
	c, err := NewOnline(Options{Trace: func(id string, rs []JoinRow) {
		for _, r := range rs {
			rows[id] = append(rows[id], JoinRow{Story: r.Story, X: slices.Clone(r.X)})
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Assignment{}
	for _, in := range fixtureInputs(t) {
		got[in.ID] = c.Add(in)
	}
	// Copies are decided before the join decision and never traced.
	if _, ok := rows["syndicated"]; ok {
		t.Errorf("a near-copy was traced")
	}
	other := rows["other"]
	if len(other) == 0 {
		t.Fatalf("no candidates traced for the other outlet's article (traced: %v)", rows)
	}
	idx := func(name string) int { return slices.Index(JoinFeatureNames, name) }
	best := other[0]
	if best.Story != got["orig"].Story {
		t.Errorf("best candidate story %d, want the bridge story %d", best.Story, got["orig"].Story)
	}
	x := best.X
	if len(x) != len(JoinFeatureNames) {
		t.Fatalf("%d features, want %d", len(x), len(JoinFeatureNames))
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("feature %s = %v", JoinFeatureNames[i], v)
		}
	}
	if x[idx("rank")] != 0 || x[idx("to_best")] != 0 {
		t.Errorf("best candidate has rank %v, to_best %v", x[idx("rank")], x[idx("to_best")])
	}
	if x[idx("sim")] <= 0.1 || x[idx("cos")] < x[idx("sim")]-1e-9 || x[idx("shared")] <= 0 {
		t.Errorf("bridge story: sim %.3f cos %.3f shared %.3f", x[idx("sim")], x[idx("cos")], x[idx("shared")])
	}
	// The bridge story holds the original and its two copies' times.
	if x[idx("has_time")] != 1 || x[idx("log_size")] != math.Log1p(1) {
		t.Errorf("has_time %v, log_size %v", x[idx("has_time")], x[idx("log_size")])
	}
	if x[idx("young")] != 1 || x[idx("young_best")] <= 0 {
		t.Errorf("young %v, young_best %v", x[idx("young")], x[idx("young_best")])
	}
	if x[idx("lsa")] != 0 {
		t.Errorf("lsa feature %v without Options.LSA", x[idx("lsa")])
	}
	for _, r := range other[1:] {
		if r.X[idx("sim")] > x[idx("sim")] {
			t.Errorf("candidates not sorted by similarity: %v after %v", r.X[idx("sim")], x[idx("sim")])
		}
	}
}

// TestTraceKeepsRuleDecisions: recording features must not change what the
// rule decides.
func TestTraceKeepsRuleDecisions(t *testing.T) {
	plain, _ := NewOnline(Options{})
	traced, _ := NewOnline(Options{Trace: func(string, []JoinRow) {}})
	for range 2 {
		for _, in := range fixtureInputs(t) {
			if a, b := plain.Add(in), traced.Add(in); a != b {
				t.Fatalf("%s: %+v with trace, %+v without", in.ID, b, a)
			}
		}
	}
}

func TestDefaultJoinModelLoadsAndScores(t *testing.T) {
	m, err := DefaultJoinModel()
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, len(JoinFeatureNames))
	copy(x, m.Mean)
	p := m.Score(x)
	if !(p > 0 && p < 1) {
		t.Errorf("score at the mean = %v", p)
	}
	// The learned decision clusters our fixtures as the rule does.
	c, err := NewOnline(Options{Learned: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Assignment{}
	for _, in := range fixtureInputs(t) {
		got[in.ID] = c.Add(in)
	}
	if got["other"].Story != got["orig"].Story || got["council2"].Story != got["council"].Story || got["council"].Story == got["orig"].Story {
		t.Errorf("learned join: %+v", got)
	}
}

func TestParseJoinModelErrors(t *testing.T) {
	m, err := DefaultJoinModel()
	if err != nil {
		t.Fatal(err)
	}
	bad := []func(*JoinModel){
		func(b *JoinModel) { b.Features = b.Features[1:] },
		func(b *JoinModel) { b.Threshold = 1.5 },
		func(b *JoinModel) { b.Scale = slices.Clone(b.Scale); b.Scale[0] = 0 },
		func(b *JoinModel) { b.Weights = slices.Clone(b.Weights); b.Weights[2] = math.NaN() },
	}
	for i, f := range bad {
		b := *m
		f(&b)
		if err := b.Validate(); err == nil {
			t.Errorf("case %d: bad model accepted", i)
		}
	}
	if _, err := ParseJoinModel([]byte(`{"features":`)); err == nil || !strings.Contains(err.Error(), "join model") {
		t.Errorf("truncated JSON: %v", err)
	}
}

// synthJoin makes rows where only the first feature (plus noise) decides
// the label.
func synthJoin(seed uint64, rows int) ([]float64, []bool) {
	n := len(JoinFeatureNames)
	rng := rand.New(rand.NewPCG(seed, 7))
	var x []float64
	var y []bool
	for range rows {
		for range n {
			x = append(x, rng.NormFloat64())
		}
		y = append(y, x[len(x)-n]+0.2*rng.NormFloat64() > 0.8)
	}
	return x, y
}

func TestFitJoinModelDeterministicAndLearns(t *testing.T) {
	x, y := synthJoin(3, 3000)
	a, err := FitJoinModel(x, y, nil, 1, 30)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := FitJoinModel(x, y, nil, 1, 30)
	if !slices.Equal(a.Weights, b.Weights) || a.Bias != b.Bias {
		t.Fatalf("two fits differ")
	}
	for i, w := range a.Weights[1:] {
		if math.Abs(w) >= a.Weights[0]/5 {
			t.Errorf("noise feature %s weight %.3f vs informative %.3f", JoinFeatureNames[i+1], w, a.Weights[0])
		}
	}
	// Held-out accuracy on fresh rows of the same kind.
	tx, ty := synthJoin(4, 2000)
	n := len(JoinFeatureNames)
	right := 0
	for r := range ty {
		if (a.Score(tx[r*n:(r+1)*n]) >= 0.5) == ty[r] {
			right++
		}
	}
	if acc := float64(right) / float64(len(ty)); acc < 0.9 {
		t.Errorf("held-out accuracy %.3f", acc)
	}
	if _, err := FitJoinModel(x, make([]bool, len(y)), nil, 1, 5); err == nil {
		t.Errorf("fit with one label accepted")
	}
	if _, err := FitJoinModel(x[:5], y, nil, 1, 5); err == nil {
		t.Errorf("fit with short rows accepted")
	}
}

func TestJacobiEigen(t *testing.T) {
	a := []float64{4, 1, 2, 1, 3, 0, 2, 0, 5}
	orig := slices.Clone(a)
	vals, vecs := jacobiEigen(a, 3)
	for k := range 3 {
		for i := range 3 {
			av := 0.0
			for j := range 3 {
				av += orig[i*3+j] * vecs[j*3+k]
			}
			if math.Abs(av-vals[k]*vecs[i*3+k]) > 1e-9 {
				t.Fatalf("eigenpair %d: A v != lambda v", k)
			}
		}
	}
	if s := vals[0] + vals[1] + vals[2]; math.Abs(s-12) > 1e-9 {
		t.Errorf("trace %v, want 12", s)
	}
}

// TestFitLSAGroupsSynonymousTopics: on our own synthetic corpus where two
// word sets always co-occur, the LSA vectors of two documents using
// different words of the same topic are closer than those of different
// topics; fitting is deterministic and the table survives a round trip.
func TestFitLSAGroupsSynonymousTopics(t *testing.T) {
	topics := [][]string{
		{"harbour", "ferry", "dock", "pier", "vessel", "captain", "cargo", "tide"},
		{"election", "ballot", "voter", "candidate", "campaign", "polling", "senate", "debate"},
		{"orchard", "apple", "harvest", "farmer", "tractor", "blossom", "cider", "barn"},
		{"violin", "concert", "orchestra", "conductor", "symphony", "cello", "rehearsal", "audience"},
	}
	rng := rand.New(rand.NewPCG(5, 5))
	var ins []Input
	for i := range 400 {
		tp := topics[i%len(topics)]
		var w []string
		for range 40 {
			w = append(w, tp[rng.IntN(len(tp))])
		}
		ins = append(ins, Input{ID: string(rune('a' + i%26)), Text: strings.Join(w, " ")})
	}
	l, err := FitLSA(ins, Options{}, 100, 4, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	l2, _ := FitLSA(ins, Options{}, 100, 4, 2, 1)
	b, _ := l.MarshalBinary()
	b2, _ := l2.MarshalBinary()
	if string(b) != string(b2) {
		t.Fatalf("two fits differ")
	}
	back, err := ParseLSA(b)
	if err != nil {
		t.Fatal(err)
	}
	if back.Terms() != l.Terms() || back.Dims != 4 {
		t.Fatalf("round trip: %d terms x %d dims, want %d x 4", back.Terms(), back.Dims, l.Terms())
	}
	fz := newFeaturizer(Options{}.withDefaults(), mustDF(t))
	vec := func(text string) []float32 { return back.project(fz.Features(Input{Text: text}).Vec) }
	a := vec("harbour ferry dock harbour ferry dock")
	s := vec("pier vessel captain pier vessel cargo")
	o := vec("ballot voter candidate ballot voter polling")
	if a == nil || s == nil || o == nil {
		t.Fatal("no dense vector")
	}
	if denseDot(a, s) < 0.8 || denseDot(a, o) > 0.3 {
		t.Errorf("same-topic cosine %.3f, cross-topic %.3f", denseDot(a, s), denseDot(a, o))
	}
	// Through the clusterer: the LSA feature of a same-topic candidate.
	li := slices.Index(JoinFeatureNames, "lsa")
	var lsaSeen float64
	c, err := NewOnline(Options{LSA: back, Trace: func(_ string, rs []JoinRow) {
		for _, r := range rs {
			lsaSeen = max(lsaSeen, r.X[li])
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	c.Add(Input{ID: "1", Text: "harbour ferry dock harbour ferry dock captain"})
	c.Add(Input{ID: "2", Text: "ferry pier vessel captain pier vessel cargo"})
	if lsaSeen < 0.8 {
		t.Errorf("lsa feature of a same-topic story %.3f", lsaSeen)
	}
	if _, err := ParseLSA(b[:len(b)-1]); err == nil {
		t.Errorf("truncated table accepted")
	}
	if _, err := ParseLSA([]byte("nope")); err == nil {
		t.Errorf("bad header accepted")
	}
}

func mustDF(t *testing.T) *DFTable {
	t.Helper()
	df, err := DefaultDF()
	if err != nil {
		t.Fatal(err)
	}
	return df
}

// TestFitJoinGBDTLearnsInteraction: boosted trees fit a label that no
// linear model can (an interaction of two features), deterministically,
// and the model survives validation.
func TestFitJoinGBDTLearnsInteraction(t *testing.T) {
	n := len(JoinFeatureNames)
	gen := func(seed uint64, rows int) ([]float64, []bool) {
		rng := rand.New(rand.NewPCG(seed, 9))
		var x []float64
		var y []bool
		for range rows {
			for range n {
				x = append(x, rng.NormFloat64())
			}
			r := x[len(x)-n:]
			y = append(y, (r[0] > 0) == (r[1] > 0))
		}
		return x, y
	}
	x, y := gen(1, 4000)
	p := GBDTParams{Trees: 60, Depth: 3, Bins: 32, Rate: 0.3, Lambda: 1, MinHess: 1}
	a, err := FitJoinGBDT(x, y, nil, p)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := FitJoinGBDT(x, y, nil, p)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Fatal("two fits differ")
	}
	back, err := ParseJoinModel(ja)
	if err != nil {
		t.Fatal(err)
	}
	tx, ty := gen(2, 2000)
	right := 0
	for r := range ty {
		if (back.Score(tx[r*n:(r+1)*n]) >= 0.5) == ty[r] {
			right++
		}
	}
	if acc := float64(right) / float64(len(ty)); acc < 0.9 {
		t.Errorf("held-out accuracy %.3f on an XOR label", acc)
	}
	bad := *back
	bad.Trees = []JoinTree{{{Feature: 0, Left: 0, Right: 0}}}
	if bad.Validate() == nil {
		t.Error("a tree whose node points to itself was accepted")
	}
}
