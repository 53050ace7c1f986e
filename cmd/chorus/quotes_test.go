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

func TestRunQuotesOffsetsMatchFile(t *testing.T) {
	dir := t.TempDir()
	// Our own text; a curly quote and an accented name make byte and
	// character offsets differ.
	body := "Headline about the port\n\nMayor Zoë Laurent opened the quay.\n\n“The quay is open again for every ship,” Laurent said.\n"
	path := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if err := runQuotes(context.Background(), []string{path}, nil, &out, &errb); err != nil {
		t.Fatal(err, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("got %d lines: %q", len(lines), out.String())
	}
	var q struct {
		File, Speaker, Text string
		Start, End          int
	}
	if err := json.Unmarshal([]byte(lines[0]), &q); err != nil {
		t.Fatal(err)
	}
	if q.File != path || q.Speaker != "Zoë Laurent" || body[q.Start:q.End] != q.Text || q.Text != "The quay is open again for every ship" {
		t.Errorf("got %+v", q)
	}
}

func TestRunQuotesErrors(t *testing.T) {
	var out, errb bytes.Buffer
	if err := runQuotes(context.Background(), nil, nil, &out, &errb); err == nil || !strings.Contains(err.Error(), "no FILE") {
		t.Errorf("no files: err = %v", err)
	}
	if err := runQuotes(context.Background(), []string{"--format", "xml", "x"}, nil, &out, &errb); err == nil {
		t.Error("bad format accepted")
	}
	if err := runQuotes(context.Background(), []string{filepath.Join(t.TempDir(), "missing.txt")}, nil, &out, &errb); err == nil || !strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("missing file: err = %v", err)
	}
}

func TestRunEvalUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"eval"}, nil, &out, &errb); code != exitUsage {
		t.Errorf("eval without task: exit %d", code)
	}
	if code := run(context.Background(), []string{"eval", "quotes", "--split", "test"}, nil, &out, &errb); code != exitUsage {
		t.Errorf("eval quotes --split test: exit %d", code)
	}
}
