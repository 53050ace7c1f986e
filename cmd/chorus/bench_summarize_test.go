package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bench summarize runs the command in child processes: here the test
// binary, which acts as chorus when CHORUS_TEST_RUN_MAIN is set (TestMain),
// both as this build and as the base.
func TestBenchSummarize(t *testing.T) {
	if testing.Short() {
		t.Skip("starts subprocesses; skipped with -short")
	}
	t.Setenv("CHORUS_TEST_RUN_MAIN", "1")
	dir := t.TempDir()
	in := filepath.Join(dir, "clusters.jsonl")
	line := `{"id":"c1","documents":["The Harlow Bridge in Port Elsby was closed on Tuesday after a grain barge struck one of its piers. Engineers began an inspection of the central span.","A barge hit the Harlow Bridge on Tuesday morning, and the city closed the crossing. The inspection could take a week, officials said."]}`
	if err := os.WriteFile(in, []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"bench", "summarize", "--in", in, "--rounds", "2", "--base", self}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"    1   base", "    1   this", "    2   this", "    2   base", "same output", "true"} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	for _, bad := range [][]string{
		{"bench", "summarize", "--in", in, "--rounds", "0"},
		{"bench", "summarize", "--in", filepath.Join(dir, "missing.jsonl")},
		{"bench", "summarize", "--in", in, "--base", dir},
	} {
		stderr.Reset()
		if code := run(context.Background(), bad, nil, &bytes.Buffer{}, &stderr); code == 0 {
			t.Errorf("%v: exit 0", bad)
		} else if stderr.Len() == 0 {
			t.Errorf("%v: no message", bad)
		}
	}
}

// lineCounter passes every byte on and redraws the count of lines.
func TestLineCounter(t *testing.T) {
	var out, progress bytes.Buffer
	c := &lineCounter{w: &out, progress: &progress}
	for _, p := range []string{`{"id":"a"}` + "\n" + `{"id":"b"}`, "\n", `{"id":"c"}` + "\n"} {
		if n, err := c.Write([]byte(p)); n != len(p) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", p, n, err)
		}
	}
	if c.lines != 3 || !strings.HasSuffix(progress.String(), "summarized 3 clusters") || strings.Count(out.String(), "\n") != 3 {
		t.Fatalf("lines %d, progress %q, output %q", c.lines, progress.String(), out.String())
	}
}
