package cluster

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fixtureInputs returns our own five articles plus a copy of the original
// with its headline changed and its last paragraph trimmed.
func fixtureInputs(t testing.TB) []Input {
	orig := readFixture(t, "bridge_original.txt")
	paras := strings.Split(strings.TrimSpace(orig), "\n\n")
	trimmed := "Bridge shut in Port Elsby\n\n" + strings.Join(paras[1:len(paras)-1], "\n\n")
	day := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	in := func(id, file string, hours int) Input {
		text := readFixture(t, file)
		title, body, _ := strings.Cut(text, "\n\n")
		return Input{ID: id, Title: title, Text: body, Published: day.Add(time.Duration(hours) * time.Hour)}
	}
	trimIn := Input{ID: "trimmed", Title: "Bridge shut in Port Elsby", Text: trimmed, Published: day.Add(3 * time.Hour)}
	_, trimIn.Text, _ = strings.Cut(trimIn.Text, "\n\n")
	return []Input{
		in("orig", "bridge_original.txt", 0),
		in("council", "council_budget.txt", 1),
		in("syndicated", "bridge_syndicated.txt", 2),
		trimIn,
		in("other", "bridge_other_outlet.txt", 5),
		in("council2", "council_other.txt", 6),
	}
}

func TestDedupCollapsesSyndicatedCopies(t *testing.T) {
	got := Dedup(fixtureInputs(t), Options{})
	want := map[string]string{"syndicated": "orig", "trimmed": "orig"}
	if len(got) != len(want) {
		t.Fatalf("Dedup = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("Dedup[%q] = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
}

func TestOnlineGroupsStoriesAndKeepsCopiesAsSources(t *testing.T) {
	c, err := NewOnline(Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Assignment{}
	for _, in := range fixtureInputs(t) {
		got[in.ID] = c.Add(in)
	}
	for _, id := range []string{"syndicated", "trimmed"} {
		if got[id].CopyOf != "orig" || got[id].Story != got["orig"].Story {
			t.Errorf("%s: %+v, want a copy of orig in story %d", id, got[id], got["orig"].Story)
		}
	}
	// A distinct article on the same story joins it but is no copy.
	if got["other"].CopyOf != "" {
		t.Errorf("other outlet marked as a copy of %q", got["other"].CopyOf)
	}
	if got["other"].Story != got["orig"].Story {
		t.Errorf("other outlet in story %d (sim %.3f), want %d", got["other"].Story, got["other"].Similarity, got["orig"].Story)
	}
	if got["council2"].Story != got["council"].Story || got["council2"].CopyOf != "" {
		t.Errorf("council2: %+v, want story %d, no copy", got["council2"], got["council"].Story)
	}
	if got["council"].Story == got["orig"].Story {
		t.Errorf("council and bridge stories merged")
	}
	if c.Stories() != 2 {
		t.Errorf("%d stories, want 2", c.Stories())
	}
}

func TestOnlineTimeWindowSeparatesDistantArticles(t *testing.T) {
	ins := fixtureInputs(t)
	c, err := NewOnline(Options{Window: 48 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	a := c.Add(ins[0])
	late := ins[4] // the other outlet's article, a month later
	late.Published = ins[0].Published.Add(30 * 24 * time.Hour)
	b := c.Add(late)
	if !b.New || b.Story == a.Story {
		t.Errorf("article 30 days later joined story %d: %+v", a.Story, b)
	}
}

func TestOnlineDeterministic(t *testing.T) {
	run := func() []Assignment {
		c, err := NewOnline(Options{})
		if err != nil {
			t.Fatal(err)
		}
		var out []Assignment
		for range 3 {
			for _, in := range fixtureInputs(t) {
				out = append(out, c.Add(in))
			}
		}
		return out
	}
	a, b := run(), run()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("run differs at %d: %+v vs %+v", i, a[i], b[i])
		}
	}
}

func TestOptionsValidate(t *testing.T) {
	for _, o := range []Options{{Threshold: 1.5}, {DupThreshold: -0.1}, {Window: -time.Hour}, {DocTerms: -1}, {RunnerUp: -0.5}, {RunnerUp: 2}, {DenseThreshold: 1.5}, {StandoutCands: -1}} {
		if _, err := NewOnline(o); err == nil {
			t.Errorf("NewOnline(%+v) accepted bad options", o)
		}
	}
}

func TestBCubedHandComputed(t *testing.T) {
	// pred {1,2}{3,4,5}; gold {1,2,3}{4,5}.
	// item: P       R
	//  1:   2/2     2/3
	//  2:   2/2     2/3
	//  3:   1/3     1/3
	//  4:   2/3     2/2
	//  5:   2/3     2/2
	// P = R = (11/3)/5 = 11/15.
	s, err := BCubed([]string{"a", "a", "b", "b", "b"}, []int{1, 1, 1, 2, 2})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.P-11.0/15) > 1e-12 || math.Abs(s.R-11.0/15) > 1e-12 || math.Abs(s.F1-11.0/15) > 1e-12 {
		t.Errorf("BCubed = %+v, want P=R=F1=11/15", s)
	}
	// All singletons against one gold cluster of 4: P = 1, R = 1/4, F1 = 0.4.
	s, err = BCubed([]int{1, 2, 3, 4}, []int{0, 0, 0, 0})
	if err != nil {
		t.Fatal(err)
	}
	if s.P != 1 || s.R != 0.25 || math.Abs(s.F1-0.4) > 1e-12 {
		t.Errorf("singletons: %+v, want P=1 R=0.25 F1=0.4", s)
	}
	if _, err := BCubed([]int{1}, []int{1, 2}); err == nil {
		t.Error("length mismatch accepted")
	}
	if _, err := BCubed([]int{}, []int{}); err == nil {
		t.Error("empty input accepted")
	}
}

func TestDefaultDF(t *testing.T) {
	df, err := DefaultDF()
	if err != nil {
		t.Fatal(err)
	}
	if df.Docs <= 0 || len(df.df) == 0 {
		t.Fatalf("empty table: %d docs, %d terms", df.Docs, len(df.df))
	}
	common, rare := df.idf(termHash("peopl")), df.idf(termHash("zzqxvk"))
	if !(common < rare) {
		t.Errorf("idf(peopl)=%v not below idf(unknown)=%v", common, rare)
	}
}

func TestReadDFTableErrors(t *testing.T) {
	for _, s := range []string{"", "docs 3\n", "#docs x\n", "#docs 3\nfoo\n", "#docs 3\nfoo\t0\n"} {
		if _, err := ReadDFTable(strings.NewReader(s)); err == nil {
			t.Errorf("ReadDFTable(%q) accepted", s)
		}
	}
	tab, err := ReadDFTable(strings.NewReader("#docs 10\nfoo\t4\nbar\t2\n"))
	if err != nil || tab.Docs != 10 || tab.minDF != 2 {
		t.Fatalf("ReadDFTable = %+v, %v", tab, err)
	}
}

func TestDFCounterRoundTrip(t *testing.T) {
	c := NewDFCounter()
	c.Add("Bridges closed. The bridge reopened.")
	c.Add("A bridge and a tunnel.")
	c.Add("Tunnel news.")
	var b strings.Builder
	if err := c.WriteTable(&b, 0); err != nil {
		t.Fatal(err)
	}
	want := "#docs 3\nbridg\t2\ntunnel\t2\n"
	if b.String() != want {
		t.Errorf("table = %q, want %q", b.String(), want)
	}
}

func TestTokenize(t *testing.T) {
	toks := tokenize("The Harlow Bridge. NATO said: Émile's café 41,000", nil)
	var got []string
	for _, tk := range toks {
		s := tk.lower
		if tk.proper {
			s += "*"
		}
		got = append(got, s)
	}
	want := "the harlow* bridge* nato said émile s café 41 000"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("tokens = %q, want %q", g, want)
	}
}

func TestBaselineGroupsFixtures(t *testing.T) {
	b, err := NewBaseline(0.2, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, in := range fixtureInputs(t) {
		got = append(got, b.Add(in))
	}
	// orig, council, syndicated, trimmed, other, council2
	want := []int{0, 1, 0, 0, 0, 1}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("baseline stories = %v, want %v", got, want)
		}
	}
}
