package main

import (
	"bytes"
	"strings"
	"testing"
)

// Our own text, written for this test.
var texts = []string{
	"The harbour ferry left at noon. The ferry carried forty passengers and two cars. Gulls followed the ferry out to sea.",
	"Passengers on the noon ferry saw dolphins. The captain slowed the ferry so passengers could watch. It was sunny.",
}

func TestSummarizeIsDeterministicAndCapped(t *testing.T) {
	first := Summarize(texts, 12, false)
	if first == "" {
		t.Fatal("empty summary")
	}
	for range 20 {
		if got := Summarize(texts, 12, false); got != first {
			t.Fatalf("run differs:\n%q\n%q", got, first)
		}
	}
	lines := strings.Split(first, "\n")
	// Sentences are added until the cap is reached: all but the last fit under it.
	words := 0
	for i, l := range lines {
		if words >= 12 {
			t.Fatalf("line %d added after the cap was reached: %q", i, first)
		}
		words += len(strings.Fields(l))
	}
	all := Summarize(texts, 1000, false)
	if n := len(strings.Split(all, "\n")); n < 5 {
		t.Errorf("uncapped summary has %d sentences, want at least 5: %q", n, all)
	}
	lib := Summarize(texts, 1000, true)
	if len(strings.Split(lib, "\n")) != len(strings.Split(all, "\n")) {
		t.Errorf("library order selects different sentences:\n%q\n%q", lib, all)
	}
}

func TestReadClustersShapesAndErrors(t *testing.T) {
	in := `{"id":"m1","documents":["A b."]}` + "\n\n" + `{"cluster_id":"D1","documents":[{"text":"C d."}]}` + "\n"
	cs, err := readClusters(strings.NewReader(in), "x.jsonl", 0)
	if err != nil || len(cs) != 2 || cs[0].id != "m1" || cs[1].id != "D1" || cs[1].texts[0] != "C d." {
		t.Fatalf("%+v %v", cs, err)
	}
	if cs, _ := readClusters(strings.NewReader(in), "x.jsonl", 1); len(cs) != 1 {
		t.Errorf("limit 1 read %d", len(cs))
	}
	for _, bad := range []string{`{"documents":["a"]}`, `{"id":"a"}`, `{"id":"a","documents":[3]}`, `nope`} {
		_, err := readClusters(strings.NewReader("\n"+bad), "x.jsonl", 0)
		if err == nil || !strings.Contains(err.Error(), "x.jsonl:2") {
			t.Errorf("%s: error %v does not name x.jsonl:2", bad, err)
		}
	}
}

func TestRunWritesOneLinePerCluster(t *testing.T) {
	in := `{"id":"m1","documents":["` + texts[0] + `"]}` + "\n" + `{"id":"m2","documents":["` + texts[1] + `"]}` + "\n"
	var out bytes.Buffer
	if err := run([]string{"-max-words", "10", "-workers", "2"}, strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], `{"id":"m1","summary":"`) || !strings.HasPrefix(lines[1], `{"id":"m2"`) {
		t.Errorf("output:\n%s", out.String())
	}
}
