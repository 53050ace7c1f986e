// Command gendf builds the cluster package's embedded document-frequency
// table from Multi-News train (one JSON object per cluster with a
// "documents" list). It is run by `go generate ./internal/cluster`; the
// output is deterministic for a given input.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/chorusnews/chorus/internal/cluster"
)

func main() {
	in := flag.String("in", "", "Multi-News train file (.jsonl or .jsonl.gz)")
	out := flag.String("out", "df.tsv.gz", "output table (gzip)")
	top := flag.Int("top", 50000, "keep the most frequent N terms")
	flag.Parse()
	if err := run(*in, *out, *top); err != nil {
		fmt.Fprintln(os.Stderr, "gendf:", err)
		os.Exit(1)
	}
}

func run(in, out string, top int) error {
	if in == "" {
		return fmt.Errorf("-in is required")
	}
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(in, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: %w", in, err)
		}
		r = zr
	}
	c := cluster.NewDFCounter()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		var rec struct {
			Documents []string `json:"documents"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return fmt.Errorf("%s:%d: %w", in, line, err)
		}
		for _, d := range rec.Documents {
			c.Add(d)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	o, err := os.Create(out)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(o, gzip.BestCompression)
	zw.ModTime = zw.ModTime.UTC() // zero time: reproducible bytes
	if err := c.WriteTable(zw, top); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return o.Close()
}
