package clustereval

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/cluster"
)

func TestJSONLReaderErrorsNameTheLine(t *testing.T) {
	cases := map[string]string{
		"{\"doc_id\":\"a\",\"text\":\"x\"}\n{bad\n":                              ":2: bad JSON",
		"{\"text\":\"x\"}\n":                                                     ":1: missing \"doc_id\"",
		"{\"doc_id\":\"a\"}\n\n{\"doc_id\":\"a\"}\n":                             ":3: doc_id \"a\" already used on line 1",
		"{\"doc_id\":\"a\",\"published\":\"yesterday\"}\n":                       ":1: bad \"published\"",
		"{\"doc_id\":\"a\",\"text\":\"x\",\"published\":\"2026-03-10\"}\n{\"x\"": ":2: bad JSON",
	}
	for in, want := range cases {
		r, err := OpenJSONL("-", strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		for {
			_, err = r.Next()
			if err != nil {
				break
			}
		}
		if err == io.EOF || !strings.Contains(err.Error(), want) {
			t.Errorf("input %q: error %v, want %q", in, err, want)
		}
		// With Warn the same line is reported and the reader goes on.
		r, err = OpenJSONL("-", strings.NewReader(in+"\n{\"doc_id\":\"z\",\"text\":\"last\"}\n"))
		if err != nil {
			t.Fatal(err)
		}
		var warned []string
		r.Warn = func(err error) { warned = append(warned, err.Error()) }
		var last string
		for {
			a, err := r.Next()
			if err != nil {
				if err != io.EOF {
					t.Errorf("input %q with Warn: error %v", in, err)
				}
				break
			}
			last = a.ID
		}
		if last != "z" || len(warned) != 1 || !strings.Contains(warned[0], want) {
			t.Errorf("input %q with Warn: last %q, warnings %q", in, last, warned)
		}
	}
}

func TestJSONLReaderReadsGzipAndFields(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "in.jsonl.gz")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	fmt.Fprintln(zw, `{"doc_id":"d1","text":"Body.","title":"T","published":"2026-03-10T08:00:00Z","source":"Wire"}`)
	zw.Close()
	f.Close()
	r, err := OpenJSONL(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	in, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if in.ID != "d1" || in.Title != "T" || in.Text != "Body." || in.Source != "Wire" || in.Published.Hour() != 8 {
		t.Errorf("got %+v", in)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("want EOF, got %v", err)
	}
}

// TestStreamMatchesSequentialAdd checks that parallel feature extraction
// does not change the result: Stream gives the same assignments as calling
// Add one by one.
func TestStreamMatchesSequentialAdd(t *testing.T) {
	src := NewBenchSource(nil, 7)
	var ins []cluster.Input
	for range 3000 {
		ins = append(ins, src.Next())
	}
	df, err := src.baseDF()
	if err != nil {
		t.Fatal(err)
	}
	opts := cluster.Options{DF: df}
	seq, err := cluster.NewOnline(opts)
	if err != nil {
		t.Fatal(err)
	}
	var want []cluster.Assignment
	for _, in := range ins {
		want = append(want, seq.Add(in))
	}
	par, _ := cluster.NewOnline(opts)
	k := 0
	var got []cluster.Assignment
	err = Stream(context.Background(), par, 3, func() (cluster.Input, error) {
		if k == len(ins) {
			return cluster.Input{}, io.EOF
		}
		k++
		return ins[k-1], nil
	}, func(_ cluster.Input, a cluster.Assignment) error {
		got = append(got, a)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d assignments, want %d", len(got), len(want))
	}
	stories := map[int]bool{}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("article %d: %+v, want %+v", i, got[i], want[i])
		}
		stories[want[i].Story] = true
	}
	// The synthetic stream must not collapse into a few stories, or the
	// comparison would test little.
	if len(stories) < len(ins)/10 {
		t.Fatalf("%d articles made only %d stories", len(ins), len(stories))
	}
}

func TestStreamReportsReadError(t *testing.T) {
	c, _ := cluster.NewOnline(cluster.Options{})
	n := 0
	err := Stream(context.Background(), c, 2, func() (cluster.Input, error) {
		n++
		if n == 700 {
			return cluster.Input{}, fmt.Errorf("in.jsonl:700: broken")
		}
		return cluster.Input{ID: fmt.Sprint(n), Text: "words words"}, nil
	}, nil)
	if err == nil || !strings.Contains(err.Error(), "in.jsonl:700") {
		t.Errorf("err = %v", err)
	}
}

func TestMultiNewsMixReproducible(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "mn.jsonl")
	var b strings.Builder
	for i := range 50 {
		long := strings.Repeat(fmt.Sprintf("topic%d word ", i), 15)
		fmt.Fprintf(&b, "{\"id\":\"val-%d\",\"documents\":[%q,%q,\"too short\"]}\n", i, long, long+"more")
	}
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := MultiNewsMix(p, 10, 1, 20)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := MultiNewsMix(p, 10, 1, 20)
	d, _ := MultiNewsMix(p, 10, 2, 20)
	if len(a) != 20 {
		t.Fatalf("%d documents, want 20 (10 clusters x 2 long documents)", len(a))
	}
	same := true
	for i := range a {
		if a[i].In.ID != c[i].In.ID {
			t.Fatalf("same seed, different mix at %d", i)
		}
		if a[i].In.ID != d[i].In.ID {
			same = false
		}
	}
	if same {
		t.Error("different seeds gave the same mix")
	}
	r, err := RunChorus(context.Background(), a, cluster.Options{}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if r.F1 != 1 {
		t.Errorf("trivially separable mix scored %+v", r)
	}
}

// TestECBPlusDevAboveBaseline runs the real evaluation when the shared data
// is present: chorus must beat the in-project baseline on ECB+ dev.
func TestECBPlusDevAboveBaseline(t *testing.T) {
	p := "../../../shared/data/ecbplus/docs.jsonl.gz"
	if _, err := os.Stat(p); err != nil {
		t.Skipf("ECB+ not available at %s: %v", p, err)
	}
	items, err := LoadLabelled(p, "subtopic", "dev")
	if err != nil {
		t.Fatal(err)
	}
	ch, err := RunChorus(context.Background(), items, cluster.Options{}, 2)
	if err != nil {
		t.Fatal(err)
	}
	bl, err := RunBaseline(context.Background(), items, 0.3)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("ECB+ dev B-cubed F1: chorus %.4f, baseline %.4f", ch.F1, bl.F1)
	if ch.F1 <= bl.F1 {
		t.Errorf("chorus %.4f does not beat baseline %.4f", ch.F1, bl.F1)
	}
}

func TestPeakRSS(t *testing.T) {
	n, err := PeakRSS()
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	if n <= 0 {
		t.Errorf("peak RSS %d", n)
	}
}
