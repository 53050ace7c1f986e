package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/summarize"
)

// A sentence in the documents of enough clusters is kept, one in fewer is
// not, and neither is a short one however often it recurs.
func TestRun(t *testing.T) {
	const (
		pitch  = "Sign up for the Harbour Gazette morning briefing, delivered every weekday."
		rare   = "The ferry timetable for the winter season was posted at the quay."
		short  = "He declined to comment."
		others = "Story %d: the council of Port Elsby met on day %d to discuss the budget."
	)
	var lines []string
	for i := range 12 {
		docs := []string{fmt.Sprintf(others, i, i) + " " + pitch + " " + short}
		if i < 3 {
			docs = append(docs, rare)
		}
		b, _ := json.Marshal(map[string]any{"id": fmt.Sprint("c", i), "documents": docs})
		lines = append(lines, string(b))
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "train.jsonl"), filepath.Join(dir, "boiler.bin")
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(in, out, 10, 5); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	k, f, _ := summarize.BoilerplateKeys(pitch)
	if err := summarize.WriteBoilerplate(&want, []uint64{k}, []uint64{f}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, want.Bytes()) {
		t.Fatalf("set of %d bytes, want only the recurring pitch (%d bytes)", len(b), want.Len())
	}
	if err := run(filepath.Join(dir, "missing.jsonl"), out, 10, 5); err == nil {
		t.Fatal("missing input: no error")
	}
}
