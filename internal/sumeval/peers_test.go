package sumeval

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/rouge"
	"github.com/chorusnews/chorus/internal/summarize"
)

func TestParsePeerSpec(t *testing.T) {
	name, path, err := ParsePeerSpec("tr=/tmp/a=b.jsonl")
	if err != nil || name != "tr" || path != "/tmp/a=b.jsonl" {
		t.Fatalf("got %q %q %v", name, path, err)
	}
	for _, bad := range []string{"tr", "=x.jsonl", "tr=", "two words=x"} {
		if _, _, err := ParsePeerSpec(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadPeer(t *testing.T) {
	p := writeFile(t, "ok.jsonl", `{"id":"a","summary":"One line.\nTwo line.","extra":1}`+"\n\n"+`{"id":"b","summary":""}`+"\n")
	peer, err := ReadPeer("x", p)
	if err != nil {
		t.Fatal(err)
	}
	if len(peer.Summaries) != 2 || peer.Summaries["a"] != "One line.\nTwo line." || peer.Summaries["b"] != "" || peer.Name != "x" {
		t.Fatalf("got %+v", peer)
	}
	for _, c := range []struct{ text, want string }{
		{`{"id":"a","summary":"s"}` + "\n" + `{"id":"b","summary":"s"` + "\n", "bad.jsonl:2:"},
		{`{"summary":"s"}`, `bad.jsonl:1: no "id"`},
		{`{"id":"","summary":"s"}`, `bad.jsonl:1: no "id"`},
		{"\n" + `{"id":"a"}`, `bad.jsonl:2 (a): no "summary"`},
		{`{"id":"a","summary":3}`, "bad.jsonl:1:"},
		{`{"id":"a","summary":"s"}` + "\n" + `{"id":"a","summary":"t"}`, `bad.jsonl:2: id "a" already given on line 1`},
	} {
		_, err := ReadPeer("x", writeFile(t, "bad.jsonl", c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "peer x") {
			t.Errorf("%q: error %v, want it to contain %q", c.text, err, c.want)
		}
	}
	if _, err := ReadPeer("x", filepath.Join(t.TempDir(), "absent.jsonl")); err == nil {
		t.Error("absent file: no error")
	}
}

func TestCutWords(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"a b c\nd  e\n\nf", 4, "a b c\nd"},
		{"a b c\nd  e\n\nf", 3, "a b c"},
		{"a b c\nd  e\n\nf", 0, "a b c\nd e\nf"},
		{"  a\tb  ", 10, "a b"},
		{"", 5, ""},
	} {
		got := CutWords(c.in, c.max)
		if got != c.want {
			t.Errorf("CutWords(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
		if c.max > 0 && summarize.WordCount(got) > c.max {
			t.Errorf("CutWords(%q, %d) has %d words", c.in, c.max, summarize.WordCount(got))
		}
	}
}

// ourClusters are three tiny clusters of our own writing; the last has no
// reference and so is not evaluated.
func ourClusters() []Cluster {
	return []Cluster{
		{ID: "c1", Texts: []string{"The river flooded the old mill on Monday. Volunteers stacked sandbags all night. The mayor thanked them.", "Water reached the mill's second floor. Nobody was hurt."}, Refs: []string{"The river flooded the old mill. Volunteers stacked sandbags and nobody was hurt."}},
		{ID: "c2", Texts: []string{"A new bakery opened on Elm Street. It sells rye bread and lemon cake. Queues formed before dawn."}, Refs: []string{"A bakery selling rye bread opened on Elm Street.", "Queues formed at the new Elm Street bakery."}},
		{ID: "c3", Texts: []string{"The library extended its hours."}},
	}
}

func TestEvaluatePeers(t *testing.T) {
	cs := ourClusters()
	peers := []Peer{
		{Name: "copy", Path: "copy.jsonl", Summaries: map[string]string{
			// The reference followed by words past the cap: cut, it is the reference.
			"c1": cs[0].Refs[0] + " Extra words beyond the cap here",
			"c2": cs[1].Refs[0],
			"c3": "not evaluated",
			"zz": "unknown cluster",
		}},
		{Name: "partial", Path: "partial.jsonl", Summaries: map[string]string{"c1": cs[0].Refs[0]}},
	}
	maxWords := summarize.WordCount(cs[0].Refs[0])
	rows, covs, err := EvaluatePeers(context.Background(), cs, peers, Options{MaxWords: maxWords, Multi: rouge.Best, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Name != "copy" || rows[0].N != 2 || rows[0].Time != NoTime {
		t.Fatalf("rows %+v", rows)
	}
	// Best-of-references: each summary equals one reference exactly.
	if math.Abs(rows[0].R1-100) > 1e-9 || math.Abs(rows[0].RLsum-100) > 1e-9 {
		t.Errorf("copy row %+v, want 100", rows[0])
	}
	if len(covs[0].Missing) != 0 || covs[0].Extra != 2 {
		t.Errorf("copy coverage %+v, want no missing and 2 extra (c3 has no reference, zz is unknown)", covs[0])
	}
	// The missing cluster scores 0: the mean is half the perfect score.
	if math.Abs(rows[1].R1-50) > 1e-9 || len(covs[1].Missing) != 1 || covs[1].Missing[0] != "c2" {
		t.Errorf("partial row %+v coverage %+v", rows[1], covs[1])
	}
	w := PeerWarning(peers[1], covs[1], rows[1].N)
	if !strings.Contains(w, "partial.jsonl") || !strings.Contains(w, "1 of 2") || !strings.Contains(w, "c2") {
		t.Errorf("warning %q", w)
	}
	if PeerWarning(peers[0], covs[0], rows[0].N) != "" {
		t.Error("warning for a complete peer")
	}
	var b bytes.Buffer
	WriteTable(&b, rows)
	if !strings.Contains(b.String(), "partial") || !strings.HasSuffix(strings.TrimSpace(strings.Split(b.String(), "\n")[1]), " -") {
		t.Errorf("table:\n%s", b.String())
	}
}

// A peer file holding exactly what an in-project system writes scores
// exactly as that system does in Evaluate: same clusters, references, cap
// and ROUGE.
func TestPeerMatchesSystemRow(t *testing.T) {
	cs := ourClusters()
	o := Options{MaxWords: 12, Multi: rouge.Pooled, Workers: 1}
	sys := []System{{"lead", summarize.Lead}}
	rows, err := Evaluate(context.Background(), cs, sys, o)
	if err != nil {
		t.Fatal(err)
	}
	peer := Peer{Name: "lead-file", Summaries: map[string]string{}}
	for _, c := range cs {
		docs := Documents(c.Texts)
		peer.Summaries[c.ID] = summarize.Render(docs, summarize.Lead(docs, summarize.Options{MaxWords: o.MaxWords}), o.MaxWords)
	}
	prows, _, err := EvaluatePeers(context.Background(), cs, []Peer{peer}, o)
	if err != nil {
		t.Fatal(err)
	}
	got, want := prows[0], rows[1]
	if got.R1 != want.R1 || got.R2 != want.R2 || got.RL != want.RL || got.RLsum != want.RLsum || got.Words != want.Words || got.N != want.N {
		t.Errorf("peer row %+v != system row %+v", got, want)
	}
	if want.R1 == 0 {
		t.Error("the lead system scored 0: the fixture does not exercise scoring")
	}
}

func TestEvaluatePeersNoReferences(t *testing.T) {
	_, _, err := EvaluatePeers(context.Background(), ourClusters()[2:], nil, Options{MaxWords: 10})
	if err == nil {
		t.Fatal("no error without references")
	}
}
