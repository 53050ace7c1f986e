package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Our own two-cluster fixture, written for this test.
const evalSumData = `{"id":"k1","documents":["The ferry left the harbour at noon. Gulls followed it out to sea. The captain waved."],"summary":"The ferry left the harbour at noon."}
{"id":"k2","documents":["Snow closed the mountain pass. Drivers waited in the village. The road reopened at dusk."],"summary":"Snow closed the pass until dusk."}
`

func TestEvalSummarizePeers(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	data := write("data.jsonl", evalSumData)
	full := write("full.jsonl", `{"id":"k1","summary":"The ferry left the harbour at noon."}`+"\n"+`{"id":"k2","summary":"Snow closed the mountain pass."}`+"\n")
	part := write("part.jsonl", `{"id":"k2","summary":"Drivers waited."}`+"\n")
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"eval", "summarize", "--data", data, "--max-words", "20", "--oracle=false", "--systems", "lead",
		"--peer", "full=" + full, "--peer", "part=" + part}, nil, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var fullRow, partRow string
	for _, l := range strings.Split(out.String(), "\n") {
		switch f := strings.Fields(l); {
		case len(f) == 7 && f[0] == "full":
			fullRow = l
		case len(f) == 7 && f[0] == "part":
			partRow = l
		}
	}
	if fullRow == "" || partRow == "" || !strings.HasSuffix(fullRow, " -") || !strings.Contains(out.String(), "lead") {
		t.Fatalf("table lacks the peer rows or the lead row:\n%s", out.String())
	}
	if !strings.Contains(errb.String(), "part.jsonl has no summary for 1 of 2 evaluated clusters") || !strings.Contains(errb.String(), "k1") {
		t.Errorf("no warning about the missing cluster: %q", errb.String())
	}

	bad := write("bad.jsonl", `{"id":"k1","summary":"x"}`+"\n"+`{"id":"k2"`+"\n")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--peer", "b=" + bad}, 1, "bad.jsonl:2:"},
		{[]string{"--peer", "nofile"}, exitUsage, "want NAME=FILE"},
		{[]string{"--peer", "x=" + full, "--peer", "x=" + part}, exitUsage, "given twice"},
		{[]string{"--peer", "lead=" + full}, exitUsage, "in-project"},
	} {
		out.Reset()
		errb.Reset()
		args := append([]string{"eval", "summarize", "--data", data, "--oracle=false", "--systems", "lead"}, c.args...)
		if code := run(context.Background(), args, nil, &out, &errb); code != c.code || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", c.args, code, errb.String(), c.code, c.want)
		}
	}
}
