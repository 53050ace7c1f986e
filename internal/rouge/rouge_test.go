package rouge

import (
	"math"
	"slices"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 5e-5 }

// The check values of the ROUGE issue, computed with Google's rouge-score.
func TestCheckValues(t *testing.T) {
	cases := []struct {
		name, ref, cand string
		r1, r2, rl      float64
	}{
		{"cat", "the cat sat on the mat", "the cat was on the mat", 0.8333, 0.6000, 0.8333},
		{"tillerson",
			"Tillerson said relations were at a low point.\nLavrov warned against further strikes.",
			"Relations are at a low point, Tillerson said, and Lavrov warned the United States against further strikes on Syria.",
			0.7500, 0.4667, 0.6250},
		{"stems", "The generously funded agencies were running studies", "studies run by generous agencies", 0.6667, 0.0000, 0.3333},
	}
	for _, c := range cases {
		tk := NewTokenizer()
		s := Compare(tk.Prepare(c.cand), []Text{tk.Prepare(c.ref)}, Best)
		if math.Abs(s.R1.F-c.r1) > 5e-5 || math.Abs(s.R2.F-c.r2) > 5e-5 || math.Abs(s.RL.F-c.rl) > 5e-5 {
			t.Errorf("%s: R1 %.4f R2 %.4f RL %.4f, want %.4f %.4f %.4f", c.name, s.R1.F, s.R2.F, s.RL.F, c.r1, c.r2, c.rl)
		}
	}
}

func TestTokens(t *testing.T) {
	tk := NewTokenizer()
	got := tk.Tokens("The U.S. generously-funded agencies ran 8.2 % studies; we ' ll")
	want := []string{"the", "u", "s", "gener", "fund", "agenc", "ran", "8", "2", "studi", "we", "ll"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestLsumUnion(t *testing.T) {
	tk := NewTokenizer()
	ref := tk.Prepare("a b c d\ne f g")
	// One candidate line covers a, c; another covers b, d, e: the union LCS
	// against the first reference line is a b c d.
	cand := tk.Prepare("a c\nb d e")
	s := Compare(cand, []Text{ref}, Best)
	// hits: a b c d from line 1, e from line 2 = 5 of 5 candidate tokens, 7 reference tokens.
	if !near(s.RLsum.P, 1) || !near(s.RLsum.R, 5.0/7) {
		t.Fatalf("Lsum P %.4f R %.4f, want 1 and %.4f", s.RLsum.P, s.RLsum.R, 5.0/7)
	}
	// Plain ROUGE-L sees the candidate as one sequence "a c b d e": its LCS
	// with the reference "a b c d e f g" is "a c d e" (or "a b d e"), length 4.
	if !near(s.RL.R, 4.0/7) {
		t.Fatalf("RL R %.4f, want %.4f", s.RL.R, 4.0/7)
	}
}

func TestMulti(t *testing.T) {
	tk := NewTokenizer()
	cand := tk.Prepare("x y z w")
	refs := []Text{tk.Prepare("x y"), tk.Prepare("a b c d e f")}
	best := Compare(cand, refs, Best)
	// Best: first reference, P 2/4, R 2/2.
	if !near(best.R1.P, 0.5) || !near(best.R1.R, 1) {
		t.Fatalf("best R1 %+v", best.R1)
	}
	pooled := Compare(cand, refs, Pooled)
	// Pooled: 2 hits of 8 candidate tokens (4 per reference), 8 reference tokens.
	if !near(pooled.R1.P, 2.0/8) || !near(pooled.R1.R, 2.0/8) {
		t.Fatalf("pooled R1 %+v", pooled.R1)
	}
}

func TestEmpty(t *testing.T) {
	tk := NewTokenizer()
	s := Compare(tk.Prepare(""), []Text{tk.Prepare("a b")}, Best)
	if s != (Scores{}) {
		t.Fatalf("empty candidate scored %+v", s)
	}
	if s := Compare(tk.Prepare("a"), nil, Best); s != (Scores{}) {
		t.Fatalf("no reference scored %+v", s)
	}
}

func BenchmarkCompare(b *testing.B) {
	tk := NewTokenizer()
	ref := tk.Prepare("Tillerson said relations were at a low point.\nLavrov warned against further strikes on syria and the united states.")
	cand := tk.Prepare("Relations are at a low point, Tillerson said.\nLavrov warned the United States against further strikes on Syria.")
	for b.Loop() {
		Compare(cand, []Text{ref}, Best)
	}
}
