package sumstart

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestInPath(t *testing.T) {
	for _, c := range []struct {
		args []string
		path string
		ok   bool
	}{
		{[]string{"--in", "a.jsonl.gz", "--out", "o"}, "a.jsonl.gz", true},
		{[]string{"-out=o", "-in=b.jsonl", "--workers", "2", "--max-words", "250"}, "b.jsonl", true},
		{[]string{"--in", "a", "--in", "c"}, "c", true},
		{[]string{"--out", "o"}, "", true},
		{[]string{"--in", "a", "extra"}, "", false},
		{[]string{"--in", "a", "--unknown"}, "", false},
		{[]string{"--in", "a", "--workers", "x"}, "", false},
		{[]string{"--help"}, "", false},
	} {
		path, ok := inPath(c.args)
		if ok != c.ok || ok && path != c.path {
			t.Errorf("%q: got %q %v, want %q %v", c.args, path, ok, c.path, c.ok)
		}
	}
}

// readAll reads r in small, uneven pieces, as a buffered line reader may.
func readAll(r io.Reader) ([]byte, error) {
	var out []byte
	p := make([]byte, 7919)
	for {
		n, err := r.Read(p)
		out = append(out, p[:n]...)
		if err != nil {
			return out, err
		}
	}
}

func TestAheadGivesTheFileAsOpenDoes(t *testing.T) {
	dir := t.TempDir()
	var text bytes.Buffer
	for i := range 40000 {
		fmt.Fprintf(&text, "{\"id\": \"c%d\", \"documents\": [\"Sentence %d of a made-up cluster.\"]}\n", i, i*7)
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(text.Bytes())
	zw.Close()
	files := map[string][]byte{
		"plain.jsonl":    text.Bytes(),
		"whole.jsonl.gz": z.Bytes(),
		"cut.jsonl.gz":   z.Bytes()[:z.Len()/2],
		"empty.jsonl":    nil,
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		// The reference: the file opened and decompressed directly.
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		var want []byte
		var wantErr error
		if filepath.Ext(name) == ".gz" {
			zr, err := gzip.NewReader(f)
			if err != nil {
				t.Fatal(err)
			}
			want, wantErr = readAll(zr)
		} else {
			want, wantErr = readAll(f)
		}
		f.Close()
		for _, limit := range []int{chunkSize, maxAhead} {
			early = startAhead(p, limit)
			if Input(p+"x") != nil {
				t.Fatalf("%s: Input of another path", name)
			}
			r := Input(p)
			if r == nil {
				t.Fatalf("%s: no input", name)
			}
			if Input(p) != nil {
				t.Fatalf("%s: input handed out twice", name)
			}
			got, err := readAll(r)
			r.Close()
			if !bytes.Equal(got, want) || (err == io.EOF) != (wantErr == io.EOF) || err.Error() != wantErr.Error() {
				t.Errorf("%s, limit %d: %d bytes, %v; want %d bytes, %v", name, limit, len(got), err, len(want), wantErr)
			}
		}
	}
	early = nil
}

func TestAheadLeavesMissingFilesToTheCaller(t *testing.T) {
	p := filepath.Join(t.TempDir(), "missing.jsonl")
	early = startAhead(p, maxAhead)
	defer func() { early = nil }()
	if Input(p) != nil {
		t.Fatal("input for a missing file")
	}
}
