package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/cluster"
)

// TestTrainClusterCommandDeterministic trains a join model on our own tiny
// synthetic Multi-News-shaped file twice and gets the same file.
func TestTrainClusterCommandDeterministic(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "mn.jsonl")
	var b strings.Builder
	for i := range 40 {
		var docs []string
		for d := range 2 + i%3 {
			docs = append(docs, fmt.Sprintf("%q", strings.Repeat(fmt.Sprintf("alpha%d beta%d gamma%d report city %d ", i, i/2, i%7, d), 6)))
		}
		fmt.Fprintf(&b, "{\"id\":\"syn-%d\",\"documents\":[%s]}\n", i, strings.Join(docs, ","))
	}
	if err := os.WriteFile(data, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	train := func(out string) []byte {
		var stdout, stderr bytes.Buffer
		args := []string{"train", "cluster", "--multinews", data, "--ecb", "", "--train-clusters", "30", "--mix-clusters", "15",
			"--trees", "5", "--grid-lo", "0.3", "--grid-hi", "0.7", "--grid-step", "0.2", "--out", out}
		if code := run(context.Background(), args, nil, &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		m, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	a := train(filepath.Join(dir, "a.json"))
	c := train(filepath.Join(dir, "a.json"))
	if !bytes.Equal(a, c) {
		t.Error("two trainings with the same flags wrote different files")
	}
	m, err := cluster.ParseJoinModel(a)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Trees) != 5 || !m.Rescue {
		t.Errorf("model has %d trees, rescue %v", len(m.Trees), m.Rescue)
	}
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"train", "cluster", "--multinews", "", "--ecb", ""}, nil, &bytes.Buffer{}, &stderr); code != 2 {
		t.Errorf("no data: exit %d, want 2 (%s)", code, stderr.String())
	}
}
