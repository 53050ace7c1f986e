// Command genboiler builds the summarizer's embedded set of boilerplate
// sentences (internal/summarize/boiler.bin) from Multi-News train: every
// document is read and split into sentences as `chorus summarize` reads
// and splits them (internal/sumeval), and a sentence with at least -min-words words that
// recurs in the documents of at least -min-clusters clusters is kept, as
// hashes only (summarize.BoilerplateKeys). It is run by `go generate
// ./internal/summarize`; the output is deterministic for a given input.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/chorusnews/chorus/internal/sumeval"
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
	r, err := sumeval.Open(in)
	if err != nil {
		return err
	}
	defer r.Close()
	counts := map[uint64]*entry{}
	lines := 0
	err = sumeval.Lines(r, func(line []byte, n int) error {
		lines = n
		c, err := sumeval.ParseLine(line, n)
		if err != nil {
			return fmt.Errorf("%s: %w", in, err)
		}
		// Split as the batch splits: summarize sees these sentences.
		seen := map[uint64]bool{}
		for _, d := range sumeval.Documents(c.Texts) {
			for _, s := range d.Sentences {
				key, first, words := summarize.BoilerplateKeys(s)
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
		return nil
	})
	if err != nil {
		return err
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
	fmt.Fprintf(os.Stderr, "genboiler: %d clusters read, %d sentences kept\n", lines, len(sentences))
	return o.Close()
}
