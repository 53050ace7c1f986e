package summarize

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/chorusnews/chorus/internal/rouge"
)

// Stems found through the lexicon (word tables, cluster ids) are exactly
// the ROUGE tokenizer's, across clusters that share and repeat words.
func TestLexiconMatchesRougeTokens(t *testing.T) {
	clusters := [][]string{
		{"The Harbour-Bridge closed; 12,000 cars/day DETOURED.", "Engineers' reports: cracks (2 supports) found!", ""},
		{"Running runners ran; the RUN was run.", "café naïve — ünïcode: 3.5%", "x", "   ", "ABC123def 456GHI"},
		{"The Harbour-Bridge reopened.", "Engineering engineers engineered the re-opening in 2025"},
	}
	tk := rouge.NewTokenizer()
	lx := newLexicon()
	for round := range 3 {
		for _, texts := range clusters {
			lx.begin()
			for _, text := range texts {
				ids := lx.appendLocal(nil, text)
				var got []string
				for _, id := range ids {
					got = append(got, lx.info(lx.order[id]).stem)
				}
				if want := tk.Tokens(text); !slices.Equal(got, want) {
					t.Fatalf("round %d, %q: lexicon %q, rouge %q", round, text, got, want)
				}
			}
		}
	}
}

func TestWordCountMatchesFields(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a ", "one two  three", "\ttab\nline\rcr\vvt\fff end", "x\u00a0y", "café au lait", "  lead", "trail  ", "a,b;c"} {
		want := len(strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(" \n\t\r\v\f", r) }))
		if got := WordCount(s); got != want {
			t.Fatalf("%q: %d words, want %d", s, got, want)
		}
	}
}

// Features' rows stay the caller's: clusters summarised afterwards reuse
// the scratch memory, not the rows.
func TestFeaturesRowsOutliveLaterClusters(t *testing.T) {
	m := Default()
	docs := fixture()
	first, _ := Features(docs, m)
	keep := make([][]float64, len(first))
	for i, r := range first {
		keep[i] = slices.Clone(r)
	}
	other := []Document{{Sentences: []string{"A ferry will run every twenty minutes.", "Drivers face long detours."}}, docs[1]}
	for range 3 {
		Summarize(other, Options{})
		Features(other, m)
	}
	for i := range first {
		if !slices.Equal(first[i], keep[i]) {
			t.Fatalf("row %d changed after later clusters: %v, was %v", i, first[i], keep[i])
		}
	}
}

// Words past the inline length and past the table's longest word.
func TestLexiconLongWords(t *testing.T) {
	tk := rouge.NewTokenizer()
	lx := newLexicon()
	long := strings.Repeat("ab", 40000)
	texts := []string{"internationalisation internationalization", "Supercalifragilisticexpialidocious words", long + " x " + long, "internationalisation " + long[:70001]}
	for range 2 {
		lx.begin()
		for _, text := range texts {
			var got []string
			for _, id := range lx.appendLocal(nil, text) {
				got = append(got, lx.info(lx.order[id]).stem)
			}
			if want := tk.Tokens(text); !slices.Equal(got, want) {
				t.Fatalf("%.40q: lexicon %d stems, rouge %d", text, len(got), len(want))
			}
		}
	}
}

func TestDigitsLettersMatchesBytes(t *testing.T) {
	var all []byte
	for c := range 256 {
		all = append(all, byte(c))
	}
	for _, s := range []string{"", "a", "Z9", "The 3 quick Brown foxes, 1999!", "“Quoted” — 42 résumés", string(all), string(all[100:]) + string(all[:100])} {
		for cut := 0; cut <= len(s) && cut < 24; cut++ {
			in := s[cut:]
			wantD, wantL := 0, 0
			for k := 0; k < len(in); k++ {
				c := in[k]
				switch {
				case c >= '0' && c <= '9':
					wantD++
				case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
					wantL++
				}
			}
			if d, l := digitsLetters(in); d != wantD || l != wantL {
				t.Fatalf("%q: %d digits %d letters, want %d %d", in, d, l, wantD, wantL)
			}
		}
	}
}

// The same on random texts long enough for plainWords' eight-byte steps,
// with every kind of byte at every position.
func TestPlainWordsMatchesFieldsRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	parts := []string{"a", "b", "Z", "7", ".", " ", " ", " ", "\t", "\n", "\r", "\u00a0", "\u3000", "\u2009", "\u2028", "é", "“", "\xc2", "\xe2\x80", "\xff", "\x7f", "\x00"}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(60) {
			// Mostly letters and spaces, so that many runs of eight
			// bytes are plain ASCII.
			k := r.IntN(len(parts))
			if r.IntN(4) > 0 {
				k = r.IntN(8)
			}
			b.WriteString(parts[k])
		}
		s := b.String()
		f := strings.Fields(s)
		plain := len(f) > 0 && strings.Join(f, " ") == s
		n, ok := plainWords(s)
		if ok != plain || ok && n != len(f) {
			t.Fatalf("%q: plainWords %d %v, Fields %d words, plain %v", s, n, ok, len(f), plain)
		}
	}
}

// plainWords accepts exactly the texts that strings.Fields leaves as they
// are when joined with single spaces, and counts their words.
func TestPlainWordsMatchesFields(t *testing.T) {
	texts := []string{"", "a", " a", "a ", "a  b", "a b c.", "tab\there", "“Quoted,” she said — 42 résumés.", "bad \xff\xe2\x80 bytes", "\xe2\x80", "x\xc2"}
	for r := rune(0x80); r <= 0x3000; r++ {
		if unicode.IsSpace(r) {
			texts = append(texts, "a"+string(r)+"b", string(r)+"c")
		}
	}
	texts = append(texts, "a\u2020b \u2030 \u00e0\u1681\u3001")
	for _, s := range texts {
		f := strings.Fields(s)
		plain := len(f) > 0 && strings.Join(f, " ") == s
		n, ok := plainWords(s)
		if ok != plain || ok && n != len(f) {
			t.Errorf("%q: plainWords %d %v, Fields %d words, plain %v", s, n, ok, len(f), plain)
		}
	}
}

// sortByID orders distinct ids as slices.SortFunc does, short and long.
func TestSortByID(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for n := 0; n <= 2*smallSort+5; n++ {
		v := make([]wv, n)
		for i, id := range r.Perm(3 * n)[:n] {
			v[i] = wv{id: int32(id), w: float64(i)}
		}
		want := slices.Clone(v)
		slices.SortFunc(want, func(a, b wv) int { return int(a.id - b.id) })
		sortByID(v)
		if !slices.Equal(v, want) {
			t.Fatalf("n %d: %v, want %v", n, v, want)
		}
	}
}

// rankInto gives the ranks of a stable sort by descending value, with ties,
// signed zeros and NaN.
func TestRankIntoMatchesStableSort(t *testing.T) {
	vals := []float64{0.5, 0.25, 0.5, 0, -0.0, 1, 0.25, 0.5, -1, 3, 0, 0.5}
	for _, nan := range []bool{false, true} {
		// Past smallSort too, where slices.SortFunc takes over.
		for n := 0; n <= 2*smallSort+5; n++ {
			rows := make([][]float64, n)
			for i := range rows {
				v := vals[(i*7)%len(vals)]
				if nan && i%5 == 2 {
					v = math.NaN()
				}
				rows[i] = []float64{v, -1}
			}
			idx := make([]int, n)
			for i := range idx {
				idx[i] = i
			}
			slices.SortStableFunc(idx, func(a, b int) int { return descending(rows[a][0], rows[b][0]) })
			want := make([]float64, n)
			for r, i := range idx {
				want[i] = -1
				if n > 1 {
					want[i] = float64(r) / float64(n-1)
				}
			}
			rankInto(rows, 0, 1)
			for i := range rows {
				if rows[i][1] != want[i] {
					t.Fatalf("nan %v, n %d, row %d: rank %v, want %v", nan, n, i, rows[i][1], want[i])
				}
			}
		}
	}
}

// The pair binner's logit (weights in one array) is PairModel.logit to the
// last bit, for the bins of every pair of the fixture and for every bin.
func TestPairBinnerLogitMatches(t *testing.T) {
	m := Default()
	c := newCluster(fixture(), m)
	defer c.buf.release()
	bdf, _, pairQ := c.pairDocFreq()
	ps := c.collectPairStats()
	bn := c.newPairBinner(m.Pairs, ps, bdf)
	var k [numPairFeatures]int
	for i := range c.sents {
		for _, p := range c.sents[i].pairs {
			bn.bins(p, pairQ[p], &k)
			if got, want := bn.logit(&k), m.Pairs.logit(&k); got != want {
				t.Fatalf("bins %v: logit %v, want %v", k, got, want)
			}
		}
	}
	for f := range k {
		for b := range m.Pairs.W[f] {
			var k [numPairFeatures]int
			k[f] = b
			if got, want := bn.logit(&k), m.Pairs.logit(&k); got != want {
				t.Fatalf("bins %v: logit %v, want %v", k, got, want)
			}
		}
	}
}

// WordCount's eight-byte steps agree with a byte loop at every alignment,
// for every byte value next to every kind of byte.
// textCounts is WordCount and digitsLetters in one pass.
func TestTextCountsMatches(t *testing.T) {
	var all []byte
	for c := range 256 {
		all = append(all, byte(c), 'x', byte(c), ' ', '7', byte(c), byte(c))
	}
	r := rand.New(rand.NewPCG(9, 10))
	for k := range 3000 {
		in := string(all[r.IntN(len(all)):])
		if k%2 == 1 {
			in = in[:r.IntN(min(len(in), 40)+1)]
		}
		words, digits, letters := textCounts(in)
		d, l := digitsLetters(in)
		if w := WordCount(in); words != w || digits != d || letters != l {
			t.Fatalf("%q: %d %d %d, want %d %d %d", in, words, digits, letters, w, d, l)
		}
	}
}

func TestWordCountEveryByte(t *testing.T) {
	var all []byte
	for c := range 256 {
		all = append(all, byte(c), 'x', byte(c), ' ', byte(c), byte(c))
	}
	texts := []string{string(all), "one two  three four\tfive\n\nsix seven eight nine", "        x", "x        ", "\x85\xa0 \xc2\xa0word"}
	for _, s := range texts {
		for cut := 0; cut < 17 && cut <= len(s); cut++ {
			in := s[cut:]
			want, prev := 0, true
			for k := 0; k < len(in); k++ {
				sp := strings.IndexByte(" \n\t\r\v\f", in[k]) >= 0
				if prev && !sp {
					want++
				}
				prev = sp
			}
			if got := WordCount(in); got != want {
				t.Fatalf("cut %d of %q: %d words, want %d", cut, s[:min(len(s), 40)], got, want)
			}
		}
	}
}
