package summarize

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/rouge"
)

// primeTexts are clusters of our own writing for the Primer tests: the
// Primer sees only the first cluster, so later ones hold words the base
// lacks and words whose stem it has (ran, running, runner).
var primeTexts = [][]string{
	{"The Harbour-Bridge closed; 12,000 cars/day DETOURED.", "Engineers' reports: cracks (2 supports) found!", "Running late, the runner ran."},
	{"Running runners ran; the RUN was run.", "café naïve — ünïcode: 3.5%", "x", "ABC123def 456GHI", "Internationalisation of engineering reports"},
	{"The Harbour-Bridge reopened.", "Engineering engineers engineered the re-opening in 2025; " + strings.Repeat("ab", 30)},
}

func primedBase(t *testing.T, m *Model) *lexBase {
	t.Helper()
	p := NewPrimer()
	// As chorus summarize gives them: raw JSON, in pieces cut anywhere.
	js := strconv.Quote(strings.Join(primeTexts[0], "\n"))
	for len(js) > 0 {
		n := min(len(js), 7)
		p.Add([]byte(js[:n]))
		js = js[n:]
	}
	p.Add([]byte(strings.Join(primeTexts[0], " ")))
	return p.base(m)
}

// A lexicon over a base gives the ROUGE tokenizer's stems for words in the
// base, words it lacks and words whose stem it has.
func TestPrimedLexiconMatchesRougeTokens(t *testing.T) {
	tk := rouge.NewTokenizer()
	lx := newLexiconOver(primedBase(t, Default()))
	if lx.nbase == 0 {
		t.Fatal("empty base")
	}
	for round := range 3 {
		for _, texts := range primeTexts {
			lx.begin()
			for _, text := range texts {
				var got []string
				for _, id := range lx.appendLocal(nil, text) {
					got = append(got, lx.info(lx.order[id]).stem)
				}
				if want := tk.Tokens(text); !slices.Equal(got, want) {
					t.Fatalf("round %d, %q: lexicon %q, rouge %q", round, text, got, want)
				}
			}
		}
	}
}

// The Primer reads the words of JSON strings whole: escapes are skipped.
func TestPrimerSkipsJSONEscapes(t *testing.T) {
	p := NewPrimer()
	p.Add([]byte(`{"documents":["Rain\nfell \"hard\" today\u2019s\\path"]}`))
	b := p.base(Default())
	has := func(w string) bool {
		h := uint64(fnvOffset)
		for i := range len(w) {
			h = (h ^ uint64(w[i])) * fnvPrime
		}
		_, ok := b.words.get([]byte(w), h)
		return ok
	}
	for _, w := range []string{"documents", "rain", "fell", "hard", "today", "s", "path"} {
		if !has(w) {
			t.Errorf("word %q missing", w)
		}
	}
	for _, w := range []string{"nfell", "u2019s", "npath"} {
		if has(w) {
			t.Errorf("word %q read from an escape", w)
		}
	}
}

// A lexicon over a base made for one model gives the statistics and pair
// bins a lexicon without a base gives, for that model and for another
// (whose statistics it keeps apart from the shared base).
func TestPrimedLexiconStatsMatch(t *testing.T) {
	m := Default()
	other := *m
	other.Words = make(map[string][2]float64, len(m.Words))
	for k, v := range m.Words {
		other.Words[k] = [2]float64{v[0] * 1.5, v[1] / 2}
	}
	other.DefaultIDF++
	base := primedBase(t, m)
	for _, model := range []*Model{m, &other, m} {
		plain, primed := newLexiconOver(nil), newLexiconOver(base)
		for _, texts := range primeTexts {
			plain.begin()
			primed.begin()
			for _, text := range texts {
				a, b := plain.appendLocal(nil, text), primed.appendLocal(nil, text)
				if !slices.Equal(a, b) {
					t.Fatalf("%q: local ids %v and %v", text, a, b)
				}
				for _, id := range a {
					x := *plain.pairBins(plain.order[id], model, model.Pairs)
					y := *primed.pairBins(primed.order[id], model, model.Pairs)
					if x.stem != y.stem || x.stop != y.stop || x.idf != y.idf || x.prior != y.prior || x.known != y.known || x.bins != y.bins || x.digit != y.digit {
						t.Fatalf("stem %q: %+v without a base, %+v with one", x.stem, x, y)
					}
				}
			}
		}
	}
	// The shared base kept the first model's statistics.
	for i := range base.stems {
		if si := &base.stems[i]; si.statsOf != m || si.binsOf != m.Pairs {
			t.Fatalf("base stem %q changed", si.stem)
		}
	}
}

// Summaries and features are the same with and without a shared base.
func TestFeaturesSameWithSharedBase(t *testing.T) {
	m := Default()
	saved := sharedBase.Load()
	defer sharedBase.Store(saved)
	clusters := [][]Document{fixture()}
	for _, texts := range primeTexts {
		clusters = append(clusters, []Document{{Sentences: texts}, {Sentences: texts[:1]}})
	}
	run := func() (rows [][][]float64, picks [][]Pick) {
		for _, docs := range clusters {
			f, _ := Features(docs, m)
			rows = append(rows, f)
			picks = append(picks, Summarize(docs, Options{}))
		}
		return rows, picks
	}
	sharedBase.Store(nil)
	wantRows, wantPicks := run()
	sharedBase.Store(primedBase(t, m))
	gotRows, gotPicks := run()
	for c := range clusters {
		if !slices.Equal(gotPicks[c], wantPicks[c]) {
			t.Fatalf("cluster %d: picks %v with a base, %v without", c, gotPicks[c], wantPicks[c])
		}
		for i := range wantRows[c] {
			for j, w := range wantRows[c][i] {
				if g := gotRows[c][i][j]; math.Float64bits(g) != math.Float64bits(w) {
					t.Fatalf("cluster %d row %d feature %s: %v with a base, %v without", c, i, FeatureNames[j], g, w)
				}
			}
		}
	}
}
