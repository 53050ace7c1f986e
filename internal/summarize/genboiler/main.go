// Command genboiler builds the summarizer's embedded set of boilerplate
// sentences (internal/summarize/boiler.bin) from Multi-News train: every
// document is split into sentences as the batch splits them
// (analyze.Sentences), and a sentence with at least -min-words words that
// recurs in the documents of at least -min-clusters clusters is kept, as
// hashes only (summarize.BoilerplateKeys). It is run by `go generate
// ./internal/summarize`; the output is deterministic for a given input.
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

	"github.com/chorusnews/chorus/internal/analyze"
	"github.com/chorusnews/chorus/internal/summarize"
)

func main() {
	in := flag.String("in", "", "Multi-News train file (.jsonl or .jsonl.gz), one cluster per line")
	out := flag.String("out", "boiler.bin", "output set")
	minClusters := flag.Int("min-clusters", summarize.BoilerClusters, "keep sentences found in at least this many clusters")
	minWords := flag.Int("min-words", summarize.BoilerWords, "keep sentences of at least this many words")
	flag.Parse()
	if err := run(*in, *out, *minClusters, *minWords); err != nil {
		fmt.Fprintln(os.Stderr, "genboiler:", err)
		os.Exit(1)
	}
}

type entry struct {
	first    uint64
	clusters int
}

func run(in, out string, minClusters, minWords int) error {
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
	counts := map[uint64]*entry{}
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
		seen := map[uint64]bool{}
		for _, d := range rec.Documents {
			for _, s := range analyze.Sentences(d) {
				key, first, words := summarize.BoilerplateKeys(d[s.Start:s.End])
				if words < minWords || seen[key] {
					continue
				}
				seen[key] = true
				e := counts[key]
				if e == nil {
					e = &entry{first: first}
					counts[key] = e
				}
				e.clusters++
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	var sentences, firsts []uint64
	for k, e := range counts {
		if e.clusters >= minClusters {
			sentences = append(sentences, k)
			firsts = append(firsts, e.first)
		}
	}
	o, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := summarize.WriteBoilerplate(o, sentences, firsts); err != nil {
		o.Close()
		return err
	}
	fmt.Fprintf(os.Stderr, "genboiler: %d clusters read, %d sentences kept\n", line, len(sentences))
	return o.Close()
}
