package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestClusterCommand(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	body := "A grain barge struck a pier of the Harlow Bridge in Port Elsby early on Tuesday, forcing the city to close the crossing while engineers inspect the damage to the central span."
	lines := []string{
		`{"doc_id":"a","title":"Barge hits bridge","text":` + quote(body) + `,"published":"2026-03-10"}`,
		`{"doc_id":"b","title":"Bridge closed","text":` + quote("Share this story. "+body) + `}`,
		`{"doc_id":"c","text":"The Greywater district council voted on Monday to spend money on repairs at four primary schools with leaking roofs."}`,
	}
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.jsonl")
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"cluster", "--in", in, "--out", out}, nil, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("bad output line %q: %v", l, err)
		}
		got = append(got, m)
	}
	if len(got) != 3 || got[0]["doc_id"] != "a" || got[1]["story"] != got[0]["story"] || got[1]["copy_of"] != "a" || got[2]["story"] == got[0]["story"] {
		t.Errorf("output = %v", got)
	}

	// A bad line is reported with its number and skipped; the good ones
	// are still clustered. Nothing readable at all exits 1.
	if err := os.WriteFile(in, []byte(lines[0]+"\n{oops\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if code := run(context.Background(), []string{"cluster", "--in", in, "--out", out}, nil, &bytes.Buffer{}, &stderr); code != 0 || !strings.Contains(stderr.String(), "in.jsonl:2") {
		t.Errorf("bad line: exit %d, stderr %q", code, stderr.String())
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), `"doc_id":"a"`) {
		t.Errorf("the good line was not clustered: %q", b)
	}
	if err := os.WriteFile(in, []byte("{oops\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := run(context.Background(), []string{"cluster", "--in", in, "--out", out}, nil, &bytes.Buffer{}, &stderr); code != 1 {
		t.Errorf("nothing readable: exit %d", code)
	}
	if code := run(context.Background(), []string{"cluster", "--threshold", "3"}, nil, &bytes.Buffer{}, &stderr); code != 2 {
		t.Errorf("bad threshold: exit %d", code)
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
