package summarize

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Our own fixture: three short reports on one invented event.
func fixture() []Document {
	return []Document{
		{ID: "a", Sentences: []string{
			"The city council of Northbridge voted on Monday to close the old harbour bridge for repairs.",
			"The bridge, built in 1921, carries about 12,000 cars a day.",
			"Engineers found cracks in two of its steel supports last month.",
			"Share this article.",
		}},
		{ID: "b", Sentences: []string{
			"Northbridge will close its harbour bridge for repairs after engineers found cracked steel supports.",
			"The council vote on Monday was seven to two.",
			"Mayor Ellen Park said the repairs would take about eight months.",
		}},
		{ID: "c", Sentences: []string{
			"Drivers in Northbridge face long detours once the harbour bridge closes for repairs.",
			"\"We had no choice,\" Mayor Ellen Park said, adding that safety came first.",
			"A ferry service will run every twenty minutes while the bridge is closed.",
		}},
	}
}

func TestSummarizeRespectsLengthAndIsDeterministic(t *testing.T) {
	docs := fixture()
	for _, maxW := range []int{10, 25, 60, 300} {
		a := Summarize(docs, Options{MaxWords: maxW})
		b := Summarize(docs, Options{MaxWords: maxW})
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("max %d: two runs differ: %v vs %v", maxW, a, b)
		}
		if len(a) == 0 {
			t.Fatalf("max %d: no sentence picked", maxW)
		}
		text := Render(docs, a, maxW)
		if n := len(strings.Fields(text)); n > maxW {
			t.Fatalf("max %d: rendered %d words", maxW, n)
		}
		seen := map[[2]int]bool{}
		for _, p := range a {
			if p.Doc < 0 || p.Doc >= len(docs) || p.Sent < 0 || p.Sent >= len(docs[p.Doc].Sentences) {
				t.Fatalf("pick out of range: %+v", p)
			}
			if seen[[2]int{p.Doc, p.Sent}] {
				t.Fatalf("sentence picked twice: %+v", p)
			}
			seen[[2]int{p.Doc, p.Sent}] = true
			if strings.HasPrefix(docs[p.Doc].Sentences[p.Sent], "Share this") {
				t.Fatalf("picked a sentence under the minimum length: %+v", p)
			}
		}
	}
}

func TestSummarizeEmpty(t *testing.T) {
	if p := Summarize(nil, Options{}); p != nil {
		t.Fatalf("no documents gave %v", p)
	}
	if p := Summarize([]Document{{ID: "x", Sentences: []string{"", "  "}}}, Options{}); p != nil {
		t.Fatalf("blank sentences gave %v", p)
	}
}

func TestRenderCutsLastSentence(t *testing.T) {
	docs := []Document{{Sentences: []string{"one two three", "four  five\nsix seven"}}}
	got := Render(docs, []Pick{{Doc: 0, Sent: 0}, {Doc: 0, Sent: 1}}, 5)
	if want := "one two three\nfour five"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestBaselines(t *testing.T) {
	docs := fixture()
	for name, sys := range map[string]System{"lead": Lead, "textrank": TextRank, "lexrank": LexRank, "centroid": Centroid} {
		picks := sys(docs, Options{MaxWords: 40})
		if len(picks) == 0 {
			t.Fatalf("%s: no picks", name)
		}
		if n := len(strings.Fields(Render(docs, picks, 40))); n > 40 || n < 30 {
			t.Fatalf("%s: %d words, want the 40-word budget filled", name, n)
		}
	}
	// Lead round-robin starts with the first sentence of each document.
	lead := Lead(docs, Options{MaxWords: 300})
	for d := range 3 {
		if lead[d].Doc != d || lead[d].Sent != 0 {
			t.Fatalf("lead pick %d is %+v", d, lead[d])
		}
	}
}

func TestFeaturesShape(t *testing.T) {
	// Ten sentences; "Share this article." is web debris and no candidate.
	x, where := Features(fixture(), Default())
	if len(x) != 9 || len(where) != 9 {
		t.Fatalf("got %d rows, want 9", len(x))
	}
	for i, row := range x {
		if len(row) != NumFeatures {
			t.Fatalf("row %d has %d features", i, len(row))
		}
		for k, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("row %d feature %s is %v", i, FeatureNames[k], v)
			}
		}
	}
	if x[0][fFirst] != 1 || x[1][fFirst] != 0 {
		t.Fatalf("first-sentence feature wrong: %v %v", x[0][fFirst], x[1][fFirst])
	}
}

func TestTrainForestFitsStep(t *testing.T) {
	// y = 1 when x0 > 0.5, else 0, plus a smaller effect of x1.
	var X [][]float64
	var y []float64
	for i := range 2000 {
		a := float64(i%100) / 100
		b := float64((i*7)%50) / 50
		X = append(X, []float64{a, b})
		v := 0.2 * b
		if a > 0.5 {
			v++
		}
		y = append(y, v)
	}
	f := TrainForest(X, y, GBTParams{Trees: 50, Depth: 3, MinLeaf: 10, Rate: 0.3, Lambda: 1, Bins: 32}, nil)
	if err := f.check(2); err != nil {
		t.Fatal(err)
	}
	mse := 0.0
	for i := range X {
		d := f.Predict(X[i]) - y[i]
		mse += d * d
	}
	if mse /= float64(len(X)); mse > 0.001 {
		t.Fatalf("training mse %.4f, want < 0.001", mse)
	}
}

func TestParseModelRejectsBadInput(t *testing.T) {
	if _, err := ParseModel([]byte("{")); err == nil {
		t.Fatal("broken JSON accepted")
	}
	if _, err := ParseModel([]byte(`{"features":["tokens"]}`)); err == nil {
		t.Fatal("wrong feature list accepted")
	}
	if _, err := ParseModel([]byte(`{"features":[]}`)); err == nil {
		t.Fatal("empty feature list accepted")
	}
	bad, _ := json.Marshal(Model{Features: FeatureNames, Pairs: &PairModel{Cuts: make([][]float64, NumPairFeatures), W: make([][]float64, NumPairFeatures)}})
	if _, err := ParseModel(bad); err == nil {
		t.Fatal("pair model without weights accepted")
	}
	b, _ := json.Marshal(Model{Features: FeatureNames, Trees: Forest{Trees: []Tree{{Feat: []int{0}, Thr: []float64{1}, Left: []int{0}, Right: []int{0}, Val: []float64{0}}}}})
	if _, err := ParseModel(b); err == nil {
		t.Fatal("tree whose root points at itself accepted")
	}
}

func TestOlderModelWithFeaturePrefixLoads(t *testing.T) {
	// A model trained before the con_* features names a prefix of today's
	// list; its trees read only those.
	old := FeatureNames[:fRankLex+1]
	tree := Tree{Feat: []int{fRankLex, -1, -1}, Thr: []float64{0.5, 0, 0}, Left: []int{1, 0, 0}, Right: []int{2, 0, 0}, Val: []float64{0, 1, -1}}
	b, _ := json.Marshal(Model{Features: old, Trees: Forest{Trees: []Tree{tree}}, Length: LengthRule{Base: 100, Max: 300}, Decoder: DecoderParams{MinTokens: 1, MaxOverlap: 1}})
	m, err := ParseModel(b)
	if err != nil {
		t.Fatal(err)
	}
	if picks := Summarize(fixture(), Options{Model: m}); len(picks) == 0 {
		t.Fatal("no picks from the older model")
	}
	tree.Feat[0] = fRankLex + 1
	b, _ = json.Marshal(Model{Features: old, Trees: Forest{Trees: []Tree{tree}}})
	if _, err := ParseModel(b); err == nil {
		t.Fatal("tree reading a feature the model does not name accepted")
	}
}

func TestTrainRankerOrdersWithinGroups(t *testing.T) {
	// Relevance follows x0 within each group; x1 is a group-wide offset
	// that a regression would have to model but a ranker can ignore.
	var X [][]float64
	var y []float64
	var groups []int
	for g := range 60 {
		for i := range 10 {
			a := float64((i*7+g)%10) / 10
			X = append(X, []float64{a, float64(g)})
			y = append(y, math.Floor(a*4))
		}
		groups = append(groups, 10)
	}
	f := TrainRanker(X, y, groups, GBTParams{Trees: 30, Depth: 3, MinLeaf: 5, Rate: 0.3, Lambda: 1, Bins: 32, RankTop: 5}, nil)
	if err := f.check(2); err != nil {
		t.Fatal(err)
	}
	for g := range groups {
		rows := X[g*10 : g*10+10]
		for i := range rows {
			for j := range rows {
				if y[g*10+i] > y[g*10+j] && f.Predict(rows[i]) <= f.Predict(rows[j]) {
					t.Fatalf("group %d: row %d (label %v) not above row %d (label %v)", g, i, y[g*10+i], j, y[g*10+j])
				}
			}
		}
	}
}

func TestTrainPairModelFollowsPrior(t *testing.T) {
	// Pairs with a higher reference prior reach the reference more often.
	var xs [][NumPairFeatures]float64
	var ys []bool
	for i := range 5000 {
		var x [NumPairFeatures]float64
		x[pfPrior] = float64(i%100) / 100
		x[pfDfShare] = float64(i%7) / 7
		xs = append(xs, x)
		ys = append(ys, (i*37)%100 < i%100)
	}
	pm := TrainPairModel(xs, ys, 8, 10, 1)
	if !pm.ok() {
		t.Fatal("inconsistent pair model")
	}
	lo, hi := xs[5], xs[95]
	if pl, ph := pm.prob(&lo), pm.prob(&hi); !(pl < 0.2 && ph > 0.8) {
		t.Fatalf("probabilities %.3f (prior 0.05) and %.3f (prior 0.95)", pl, ph)
	}
}

func TestPairBinnerMatchesBins(t *testing.T) {
	m := Default()
	if !m.Pairs.ok() {
		t.Fatal("embedded model has no pair model")
	}
	for _, docs := range [][]Document{fixture(), append(fixture(), fixture()[1:]...)} {
		c := newCluster(docs, m)
		bdf, hashes, pairQ := c.pairDocFreq()
		ps := c.collectPairStats()
		bn := c.newPairBinner(m.Pairs, ps, bdf)
		var x [numPairFeatures]float64
		var want, got [numPairFeatures]int
		n := 0
		for i := range c.sents {
			for _, p := range c.sents[i].pairs {
				c.pairFeatures(p, bdf, ps, hashes[p], &x)
				m.Pairs.bins(&x, &want)
				if pairQ[p] != m.bigramByteHash(hashes[p]) {
					t.Fatalf("pair %d: table byte %d, want %d", p, pairQ[p], m.bigramByteHash(hashes[p]))
				}
				bn.bins(p, pairQ[p], &got)
				if got != want {
					t.Fatalf("pair %q %q: bins %v, want %v (features %v)", c.stems[c.pairs[p][0]], c.stems[c.pairs[p][1]], got, want, x)
				}
				n++
			}
		}
		if n == 0 {
			t.Fatal("no pairs compared")
		}
	}
}

func TestDefaultModelLoads(t *testing.T) {
	m := Default()
	// A model without the neural scorer may stop before its features.
	if len(m.Features) != NumFeatures && !(m.Neural == nil && len(m.Features) == fNeural) {
		t.Fatalf("embedded model has %d features", len(m.Features))
	}
}

func BenchmarkSummarize(b *testing.B) {
	docs := fixture()
	Default()
	for b.Loop() {
		Summarize(docs, Options{MaxWords: 300})
	}
}

func TestBlendOnlyOnLongDocuments(t *testing.T) {
	b := Blend{Weight: 8, From: 12, Full: 24, MaxSentenceWords: 45}
	short := fixture()
	scores := make([]float64, 10)
	for i := range scores {
		scores[i] = float64(i)
	}
	if w := b.apply(scores, short); w != 0 {
		t.Fatalf("blend weight %v on short documents", w)
	}
	var long []Document
	for d := range 2 {
		var ss []string
		for i := range 30 {
			ss = append(ss, fmt.Sprintf("Report %d line %d says the harbour bridge in Northbridge is closed for repairs number %d.", d, i, i%7))
		}
		long = append(long, Document{Sentences: ss})
	}
	scores = make([]float64, 60)
	for i := range scores {
		scores[i] = float64(i % 5)
	}
	before := slices.Clone(scores)
	if w := b.apply(scores, long); w != 8 {
		t.Fatalf("blend weight %v on 30-sentence documents, want 8", w)
	}
	if slices.Equal(before, scores) {
		t.Fatal("blend left the scores unchanged")
	}
}

func TestLongInputUsesConceptDecoder(t *testing.T) {
	// Twelve long documents: the embedded model treats them as long input.
	var docs []Document
	for d := range 12 {
		var ss []string
		for i := range 30 {
			ss = append(ss, fmt.Sprintf("Report %d of the harbour bridge closure in Northbridge notes item %d and detail %d for drivers.", d, i, (i*d)%11))
		}
		docs = append(docs, Document{Sentences: ss})
	}
	m := *Default()
	m.Blend = Blend{Weight: 8, From: 12, Full: 24, Concepts: 20}
	a := Summarize(docs, Options{MaxWords: 100, Model: &m})
	b := Summarize(docs, Options{MaxWords: 100, Model: &m})
	if len(a) == 0 || !reflect.DeepEqual(a, b) {
		t.Fatalf("picks %v, %v", a, b)
	}
	if n := len(strings.Fields(Render(docs, a, 100))); n > 100 || n < 80 {
		t.Fatalf("%d words, want close to 100", n)
	}
}

func TestShortInputStillSummarized(t *testing.T) {
	docs := []Document{{Sentences: []string{"Bridge closed today."}}}
	picks := Summarize(docs, Options{})
	if len(picks) != 1 || Render(docs, picks, 300) != "Bridge closed today." {
		t.Fatalf("picks %v", picks)
	}
}

// BenchmarkParseModel times decoding the embedded model, which every
// chorus summarize run pays once.
func BenchmarkParseModel(b *testing.B) {
	for b.Loop() {
		if _, err := ParseModel(defaultModelJSON); err != nil {
			b.Fatal(err)
		}
	}
}

// walkTree is the plain walk over a Tree's arrays, the reference for the
// padded, interleaved prediction.
func walkTree(f *Forest, x []float64) float64 {
	s := f.Base
	for _, tr := range f.Trees {
		n := 0
		for tr.Feat[n] >= 0 {
			if x[tr.Feat[n]] <= tr.Thr[n] {
				n = tr.Left[n]
			} else {
				n = tr.Right[n]
			}
		}
		s += tr.Val[n]
	}
	return s
}

func TestPredictAllMatchesTreeWalk(t *testing.T) {
	m := Default()
	X, _ := Features(fixture(), m)
	// Extra rows: shifted copies (to reach other leaves) and NaN features.
	for k := range 9 {
		x := slices.Clone(X[k%len(X)])
		for j := range x {
			x[j] = x[j]*float64(k+1)/3 - float64(j%3)
		}
		if k == 8 {
			x[0], x[5] = math.NaN(), math.NaN()
		}
		X = append(X, x)
	}
	got := make([]float64, len(X))
	m.Trees.PredictAll(X, got)
	for i, x := range X {
		if want := walkTree(&m.Trees, x); math.Float64bits(got[i]) != math.Float64bits(want) {
			t.Fatalf("row %d: PredictAll %v, tree walk %v", i, got[i], want)
		}
		if p := m.Trees.Predict(x); math.Float64bits(p) != math.Float64bits(got[i]) {
			t.Fatalf("row %d: Predict %v, PredictAll %v", i, p, got[i])
		}
	}
}

func BenchmarkPredictAll(b *testing.B) {
	m := Default()
	X, _ := Features(fixture(), m)
	for len(X) < 64 {
		X = append(X, X...)
	}
	out := make([]float64, len(X))
	for b.Loop() {
		m.Trees.PredictAll(X, out)
	}
}

// BenchmarkPredictAllCluster scores 19 rows, the mean number of sentences
// of a Multi-News cluster (so three rows are left over from the groups of
// four).
func BenchmarkPredictAllCluster(b *testing.B) {
	m := Default()
	X, _ := Features(fixture(), m)
	for len(X) < 19 {
		X = append(X, X...)
	}
	X = X[:19]
	out := make([]float64, len(X))
	for b.Loop() {
		m.Trees.PredictAll(X, out)
	}
}

// BenchmarkPredictAllVaried scores groups of 19 rows like
// BenchmarkPredictAllCluster, but the rows are the fixture's with every
// value scaled by a random factor in [0.5, 1.5), 1,000 groups of them: with
// the same few rows again and again the processor learns every branch,
// which real clusters do not let it do.
func BenchmarkPredictAllVaried(b *testing.B) {
	m := Default()
	base, _ := Features(fixture(), m)
	r := rand.New(rand.NewPCG(3, 4))
	groups := make([][][]float64, 1000)
	for g := range groups {
		for range 19 {
			x := slices.Clone(base[r.IntN(len(base))])
			for j := range x {
				x[j] *= 0.5 + r.Float64()
			}
			groups[g] = append(groups[g], x)
		}
	}
	out := make([]float64, 19)
	i := 0
	for b.Loop() {
		m.Trees.PredictAll(groups[i%len(groups)], out)
		i++
	}
}

func TestRenderMatchesFieldsJoin(t *testing.T) {
	sents := []string{"One two three.", " lead space", "trail space ", "double  space", "tab\there", "line\nbreak",
		"non\u00a0breaking space", "caf\u00e9 au lait", "", "   ", "x", "a b c d e f g h"}
	for cut := 0; cut <= 30; cut++ {
		var picks []Pick
		for i := range sents {
			picks = append(picks, Pick{Sent: i})
		}
		docs := []Document{{Sentences: sents}}
		var b strings.Builder
		words := 0
		for _, p := range picks {
			if cut > 0 && words >= cut {
				break
			}
			f := strings.Fields(sents[p.Sent])
			if len(f) == 0 {
				continue
			}
			if cut > 0 && words+len(f) > cut {
				f = f[:cut-words]
			}
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(strings.Join(f, " "))
			words += len(f)
		}
		if got := Render(docs, picks, cut); got != b.String() {
			t.Fatalf("max %d: %q, want %q", cut, got, b.String())
		}
	}
}
