package cluster_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/cluster"
	"github.com/chorusnews/chorus/internal/clustereval"
)

// TestAnalyzeErrors is the error analysis behind doc/analysis notes: it
// runs the default clusterer over an evaluation set, classifies every
// decision against the gold labels (copy; correct join; correct new story;
// a gold-mate story was live but not among the index candidates; it was a
// candidate but the best similarity stayed below the threshold; the article
// joined a story of another gold cluster) and scores oracle decisions. It
// is not a regression test: it runs only when CHORUS_ANALYZE_MN (a
// Multi-News file, with CHORUS_ANALYZE_CLUSTERS, _SEED, _PREFIX) or
// CHORUS_ANALYZE_ECB (with CHORUS_ANALYZE_SPLIT) names a data file, and
// reports with t.Log (go test -run TestAnalyzeErrors -v).
func TestAnalyzeErrors(t *testing.T) {
	items := analysisItems(t)
	opts := cluster.DefaultOptions()
	gold := make([]string, len(items))
	idx := make(map[string]int, len(items))
	for i, it := range items {
		gold[i] = it.Gold
		idx[it.In.ID] = i
	}

	// Article level: best cosine with a gold-mate against the best with
	// any other article (brute force over the articles' vectors).
	byGold := map[string][]int{}
	for i, g := range gold {
		byGold[g] = append(byGold[g], i)
	}
	// Article-level analysis is quadratic: CHORUS_ANALYZE_NODOC skips it
	// (long streams).
	docs := os.Getenv("CHORUS_ANALYZE_NODOC") == ""
	var vs []vec
	var dotv func(a, b vec) float64
	if docs {
		vs, dotv = docLevel(t, items, opts)
	}
	// earlier-mate and earlier-other best cosines, per article
	emate := make([]float64, len(items))
	eother := make([]float64, len(items))
	for i := range items {
		emate[i], eother[i] = -1, -1
		if !docs {
			continue
		}
		for k := 0; k < i; k++ {
			d := dotv(vs[i], vs[k])
			if gold[k] == gold[i] {
				emate[i] = max(emate[i], d)
			} else {
				eother[i] = max(eother[i], d)
			}
		}
	}
	bucket := func(i int) string {
		switch m := emate[i]; {
		case m < 0.1:
			return "mate<0.1"
		case m < 0.25:
			return "mate 0.1-0.25"
		case m > eother[i]:
			return "mate>=0.25, NN"
		default:
			return "mate>=0.25, not NN"
		}
	}

	type mode int
	const (
		rule mode = iota
		oracleCand
		oracleRecall
		oraclePrec
		oracleAll
	)
	names := []string{"rule", "oracle: gold story if a candidate, else new",
		"oracle: rule, but gold story when the rule starts a new story and it is a candidate",
		"oracle: rule, but new story instead of a wrong join",
		"oracle: gold story whenever one is live (perfect retrieval)"}
	var dump *os.File
	if p := os.Getenv("CHORUS_ANALYZE_DUMP"); p != "" {
		var err error
		if dump, err = os.Create(p); err != nil {
			t.Fatal(err)
		}
		defer dump.Close()
		fmt.Fprintln(dump, "i\tjoin\ts1\ts2\tncand\tbest_mates\tgold_mates\temate\teother\tthr\twords\tr1\ty1\tr2\ty2\tx1\tc12")
	}
	for m := rule; m <= oracleAll; m++ {
		if ms := os.Getenv("CHORUS_ANALYZE_MODES"); ms != "" && !strings.Contains(ms, strconv.Itoa(int(m))) {
			continue
		}
		pred := make([]int, 0, len(items))
		cat := map[string]int{}
		var belowSims, wrongGold, wrongBest []float64
		var examples, falseJoins []string
		o := opts
		var cur, cur2 int
		var cl *cluster.Online
		cluster.SetInspect(&o, func(id string, cands []int32, sims []float64, extra [][3]float64, pooled func(int32) bool, thr float64, best int32, join bool) (int32, bool) {
			i := idx[id]
			// The story holding most of the earlier gold-mates.
			count := map[int]int{}
			for _, k := range byGold[gold[i]] {
				if k >= i {
					break
				}
				count[pred[k]]++
			}
			gs, gn := -1, 0
			for s, n := range count {
				if n > gn || (n == gn && s < gs) {
					gs, gn = s, n
				}
			}
			ci := slices.Index(cands, int32(gs))
			if dump != nil && m == rule {
				b1, b2, s1, s2 := -1, -1, 0.0, 0.0
				for k, v := range sims {
					if b1 < 0 || v > s1 {
						b2, s2 = b1, s1
						b1, s1 = k, v
					} else if b2 < 0 || v > s2 {
						b2, s2 = k, v
					}
				}
				bm := 0
				var r1, y1, r2, y2, x1 float64
				if b1 >= 0 {
					bm = count[int(cands[b1])]
					r1, y1, x1 = extra[b1][0], extra[b1][1], extra[b1][2]
				}
				var c12 float64
				if b2 >= 0 {
					r2, y2 = extra[b2][0], extra[b2][1]
					c12 = cluster.StoryCos(cl, cands[b1], cands[b2])
				}
				fmt.Fprintf(dump, "%d\t%t\t%.4f\t%.4f\t%d\t%d\t%d\t%.4f\t%.4f\t%.4f\t%d\t%g\t%.4f\t%g\t%.4f\t%.4f\t%.4f\n", i, join, s1, s2, len(cands), bm, gn, emate[i], eother[i], thr, len(strings.Fields(items[i].In.Text)), r1, y1, r2, y2, x1, c12)
			}
			if gs >= 0 && !(join && int(best) == gs) && m == rule {
				cat["~ recall loss by "+bucket(i)+func() string {
					switch {
					case join:
						return ", wrong join"
					case ci >= 0:
						return ", below thr"
					}
					return ", no cand"
				}()]++
			}
			switch {
			case gs < 0 && !join:
				cat["new, correct"]++
			case gs < 0:
				cat["joined, but no earlier gold-mate (precision loss)"]++
				if m == rule && len(falseJoins) < 10 && cur2%5 == 0 {
					k := slices.Index(pred, int(best))
					if bi := slices.Index(cands, best); k >= 0 && bi >= 0 {
						falseJoins = append(falseJoins, fmt.Sprintf("sim %.3f: %s\n      joined story's first article: %s", sims[bi], snippet(items[i].In.Text), snippet(items[k].In.Text)))
					}
				}
				cur2++
			case join && int(best) == gs:
				cat["joined gold story"]++
			case join && ci >= 0:
				cat["joined other story, gold story a candidate"]++
				wrongGold = append(wrongGold, sims[ci])
				wrongBest = append(wrongBest, sims[slices.Index(cands, best)])
			case join:
				cat["joined other story, gold story not a candidate"]++
			case ci >= 0:
				cat["new, gold story a candidate below threshold"]++
				belowSims = append(belowSims, sims[ci])
				if m == rule && docs && len(examples) < 12 && cur%7 == 0 {
					bk, bd := -1, -1.0
					for k := 0; k < i; k++ {
						if gold[k] == gold[i] {
							if d := dotv(vs[i], vs[k]); d > bd {
								bk, bd = k, d
							}
						}
					}
					examples = append(examples, fmt.Sprintf("sim %.3f thr %.3f: %s\n      nearest mate (cos %.3f): %s", sims[ci], thr, snippet(items[i].In.Text), bd, snippet(items[bk].In.Text)))
				}
				cur++
			case pooled(int32(gs)):
				cat["new, gold story in the postings, cut by the candidate cap"]++
			case !cl.Live(gs):
				cat["new, gold story evicted (or a template copy, never indexed)"]++
			default:
				cat["new, gold story not a candidate"]++
			}
			switch m {
			case oracleCand:
				if ci >= 0 {
					return int32(gs), true
				}
				return -1, false
			case oracleRecall:
				if !join && ci >= 0 {
					return int32(gs), true
				}
			case oraclePrec:
				if join && int(best) != gs {
					return -1, false
				}
			case oracleAll:
				if gs >= 0 {
					return int32(gs), true
				}
				return -1, false
			}
			return best, join
		})
		c, err := cluster.NewOnline(o)
		if err != nil {
			t.Fatal(err)
		}
		cl = c
		copies := 0
		for _, it := range items {
			a := c.Add(it.In)
			if a.CopyOf != "" {
				copies++
			}
			pred = append(pred, a.Story)
		}
		s, err := cluster.BCubed(pred, gold)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: P %.4f R %.4f F1 %.4f, %d stories, %d copies", names[m], s.P, s.R, s.F1, c.Stories(), copies)
		if m != rule {
			continue
		}
		keys := make([]string, 0, len(cat))
		for k := range cat {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t.Logf("  %-70s %6d", k, cat[k])
		}
		t.Logf("  gold-story similarity when below threshold: %s", quantiles(belowSims))
		t.Logf("  wrong joins: gold story sim %s; joined story sim %s", quantiles(wrongGold), quantiles(wrongBest))
		for _, e := range examples {
			t.Logf("    %s", e)
		}
		for _, e := range falseJoins {
			t.Logf("    false join %s", e)
		}
	}
}

type vec struct {
	t []uint64
	w []float32
}

func docLevel(t *testing.T, items []clustereval.Item, opts cluster.Options) ([]vec, func(a, b vec) float64) {
	c, err := cluster.NewOnline(opts)
	if err != nil {
		t.Fatal(err)
	}
	f := c.NewFeaturizer()
	vs := make([]vec, len(items))
	for i, it := range items {
		ts, ws := cluster.VecOf(f.Features(it.In))
		vs[i] = vec{ts, ws}
	}
	dotv := func(a, b vec) float64 {
		var s float64
		i, j := 0, 0
		for i < len(a.t) && j < len(b.t) {
			switch {
			case a.t[i] == b.t[j]:
				s += float64(a.w[i]) * float64(b.w[j])
				i++
				j++
			case a.t[i] < b.t[j]:
				i++
			default:
				j++
			}
		}
		return s
	}
	mate := make([]float64, len(items))
	other := make([]float64, len(items))
	for i := range mate {
		mate[i], other[i] = -1, -1
	}
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			d := dotv(vs[i], vs[j])
			if items[i].Gold == items[j].Gold {
				mate[i], mate[j] = max(mate[i], d), max(mate[j], d)
			} else {
				other[i], other[j] = max(other[i], d), max(other[j], d)
			}
		}
	}
	var withMate, sep, lowMate int
	var mates, lows []float64
	for i := range items {
		if mate[i] < 0 {
			continue
		}
		withMate++
		mates = append(mates, mate[i])
		if mate[i] > other[i] {
			sep++
		}
		if mate[i] < 0.1 {
			lowMate++
			if len(lows) < 8 {
				lows = append(lows, mate[i])
				t.Logf("    low-mate article (best mate %.3f, best other %.3f): %s", mate[i], other[i], snippet(items[i].In.Text))
			}
		}
	}
	t.Logf("article level: %d articles with a gold-mate; nearest neighbour is a mate for %d (%.1f%%); best mate cosine %s; below 0.1 for %d (%.1f%%)",
		withMate, sep, 100*float64(sep)/float64(withMate), quantiles(mates), lowMate, 100*float64(lowMate)/float64(withMate))
	return vs, dotv
}

func quantiles(v []float64) string {
	if len(v) == 0 {
		return "(none)"
	}
	v = slices.Clone(v)
	slices.Sort(v)
	q := func(p float64) float64 { return v[int(math.Min(float64(len(v)-1), p*float64(len(v))))] }
	return fmt.Sprintf("n=%d q10 %.3f q25 %.3f median %.3f q75 %.3f q90 %.3f", len(v), q(0.1), q(0.25), q(0.5), q(0.75), q(0.9))
}

func snippet(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 400 {
		s = s[:400]
	}
	return s
}

func analysisItems(t *testing.T) []clustereval.Item {
	env := func(k string, d int) int {
		if v := os.Getenv(k); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatalf("%s: %v", k, err)
			}
			return n
		}
		return d
	}
	if p := os.Getenv("CHORUS_ANALYZE_MN"); p != "" {
		items, err := clustereval.MultiNewsMix(abs(p), env("CHORUS_ANALYZE_CLUSTERS", 2000), uint64(env("CHORUS_ANALYZE_SEED", 2)), 20)
		if err != nil {
			t.Fatal(err)
		}
		if n := env("CHORUS_ANALYZE_PREFIX", 0); n > 0 && n < len(items) {
			items = items[:n]
		}
		return items
	}
	if p := os.Getenv("CHORUS_ANALYZE_ECB"); p != "" {
		items, err := clustereval.LoadLabelled(abs(p), "subtopic", os.Getenv("CHORUS_ANALYZE_SPLIT"))
		if err != nil {
			t.Fatal(err)
		}
		return items
	}
	t.Skip("error analysis: set CHORUS_ANALYZE_MN or CHORUS_ANALYZE_ECB to a data file")
	return nil
}

func abs(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	a, err := filepath.Abs(filepath.Join("..", "..", p))
	if err != nil {
		return p
	}
	return a
}

// TestAnalyzeGrid scores option variants (CHORUS_GRID: "key=value,...;...",
// an empty variant being the defaults; keys in the switch below, e.g. t
// threshold, ru runner-up, dt0 dense threshold, ds density slope) on the sets CHORUS_GRID_MN (a Multi-News file, with
// CHORUS_ANALYZE_CLUSTERS, _SEED, _PREFIX) and CHORUS_GRID_ECB (+ _SPLIT)
// name, loading each once. Like TestAnalyzeErrors it is a tool, not a
// regression test.
func TestAnalyzeGrid(t *testing.T) {
	spec := os.Getenv("CHORUS_GRID")
	if spec == "" {
		t.Skip("grid: set CHORUS_GRID and CHORUS_GRID_MN / CHORUS_GRID_ECB")
	}
	type set struct {
		name  string
		items []clustereval.Item
	}
	var sets []set
	if p := os.Getenv("CHORUS_GRID_ECB"); p != "" {
		for _, sp := range strings.Split(os.Getenv("CHORUS_GRID_SPLIT"), ",") {
			items, err := clustereval.LoadLabelled(abs(p), "subtopic", sp)
			if err != nil {
				t.Fatal(err)
			}
			sets = append(sets, set{"ecb-" + sp, items})
		}
	}
	if p := os.Getenv("CHORUS_GRID_MN"); p != "" {
		t.Setenv("CHORUS_ANALYZE_MN", p)
		sets = append(sets, set{"mix", analysisItems(t)})
	}
	for _, cfg := range strings.Split(spec, ";") {
		o := cluster.DefaultOptions()
		for _, kv := range strings.Split(cfg, ",") {
			if kv == "" {
				continue
			}
			k, v, _ := strings.Cut(kv, "=")
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%q: %v", kv, err)
			}
			switch k {
			case "dt":
				o.DocTerms = int(x)
			case "ct":
				o.CentroidTerms = int(x)
			case "qt":
				o.QueryTerms = int(x)
			case "ip":
				o.IDFPower = x
			case "pb":
				o.ProperBoost = x
			case "lw":
				o.LeadWeight = x
			case "al":
				o.AvgLink = x
			case "ru":
				o.RunnerUp = x
			case "so":
				o.StandoutCands = int(x)
			case "dt0":
				o.DenseThreshold = x
			case "mem":
				o.Members = int(x)
			case "mw":
				o.MemberWeight = x
			case "ds":
				o.DensitySlope = x
			case "pc":
				o.PostingCap = int(x)
			case "mxc":
				o.MaxCandidates = int(x)
			case "ia":
				o.IdleArticles = int(x)
			case "t":
				o.Threshold = x
			default:
				t.Fatalf("unknown key %q", k)
			}
		}
		line := fmt.Sprintf("%-32s", cfg)
		for _, s := range sets {
			r, err := clustereval.RunChorus(t.Context(), s.items, o, 2)
			if err != nil {
				t.Fatal(err)
			}
			line += fmt.Sprintf("  %s P %.4f R %.4f F1 %.4f cand %.1f us %.0f", s.name, r.P, r.R, r.F1, r.Candidates, float64(r.PerDoc.Microseconds()))
		}
		t.Log(line)
	}
}
