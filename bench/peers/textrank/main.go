// Command textrank writes extractive summaries of news clusters with
// github.com/DavidBelicza/TextRank, a peer that chorus is benchmarked
// against. It reads cluster JSON Lines (optionally gzip-compressed) in the
// Multi-News shape {"id", "documents": [str]} or the DUC shape
// {"cluster_id", "documents": [{"text"}]} and writes {"id", "summary"} lines
// (the format of `chorus summarize --out`) in input order: the library's
// sentences in its ranked order (by phrase relation weight), one per line,
// until the summary holds at least -max-words whitespace-separated words.
// `chorus eval summarize --peer` cuts every summary at its own word cap.
//
// It lives in its own module so that the main chorus module does not
// depend on the peer.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"

	textrank "github.com/DavidBelicza/TextRank"
	"github.com/DavidBelicza/TextRank/rank"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "textrank:", err)
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("textrank", flag.ContinueOnError)
	in := fs.String("in", "-", "cluster JSON Lines (.gz allowed), - for stdin")
	out := fs.String("out", "-", "summaries JSON Lines {\"id\", \"summary\"}, - for stdout")
	maxWords := fs.Int("max-words", 300, "stop adding sentences once the summary has this many words")
	limit := fs.Int("limit", 0, "summarise only the first N clusters (0: all)")
	workers := fs.Int("workers", 1, "clusters summarised in parallel (0: all cores)")
	libOrder := fs.Bool("library-order", false, "use textrank.FindSentencesByRelationWeight as is (its ties follow Go's map order, so runs differ)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *maxWords <= 0 || fs.NArg() > 0 {
		return fmt.Errorf("usage: textrank [-in FILE] [-out FILE] [-max-words N] [-limit N] [-workers N] [-library-order]")
	}
	if *workers <= 0 {
		*workers = runtime.GOMAXPROCS(0)
	}
	r := stdin
	if *in != "-" {
		f, err := os.Open(*in)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
		if strings.HasSuffix(*in, ".gz") {
			z, err := gzip.NewReader(f)
			if err != nil {
				return fmt.Errorf("%s: %w", *in, err)
			}
			r = z
		}
	}
	clusters, err := readClusters(r, *in, *limit)
	if err != nil {
		return err
	}
	sums := make([]string, len(clusters))
	var wg sync.WaitGroup
	next := make(chan int)
	for range *workers {
		wg.Go(func() {
			for i := range next {
				sums[i] = Summarize(clusters[i].texts, *maxWords, *libOrder)
			}
		})
	}
	for i := range clusters {
		next <- i
	}
	close(next)
	wg.Wait()

	w := stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i, c := range clusters {
		if err := enc.Encode(struct {
			ID      string `json:"id"`
			Summary string `json:"summary"`
		}{c.id, sums[i]}); err != nil {
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	return nil
}

type cluster struct {
	id    string
	texts []string
}

// readClusters decodes up to limit clusters (all when limit <= 0); errors
// name the file and line.
func readClusters(r io.Reader, name string, limit int) ([]cluster, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	var out []cluster
	for n := 1; limit <= 0 || len(out) < limit; n++ {
		line, err := br.ReadBytes('\n')
		if t := bytes.TrimSpace(line); len(t) > 0 {
			c, perr := parseCluster(t)
			if perr != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, n, perr)
			}
			out = append(out, c)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	return out, nil
}

func parseCluster(b []byte) (cluster, error) {
	var raw struct {
		ID        string            `json:"id"`
		ClusterID string            `json:"cluster_id"`
		Documents []json.RawMessage `json:"documents"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return cluster{}, err
	}
	c := cluster{id: raw.ID}
	if c.id == "" {
		c.id = raw.ClusterID
	}
	if c.id == "" {
		return cluster{}, errors.New(`no "id" or "cluster_id"`)
	}
	if raw.Documents == nil {
		return cluster{}, fmt.Errorf("%s: no \"documents\" list", c.id)
	}
	for i, d := range raw.Documents {
		var s string
		if err := json.Unmarshal(d, &s); err == nil {
			c.texts = append(c.texts, s)
			continue
		}
		var o struct {
			Text *string `json:"text"`
		}
		if err := json.Unmarshal(d, &o); err != nil || o.Text == nil {
			return cluster{}, fmt.Errorf("%s: document %d is neither a string nor an object with \"text\"", c.id, i)
		}
		c.texts = append(c.texts, *o.Text)
	}
	return c, nil
}

// Summarize ranks the sentences of all texts with the library's default
// rule, language (English stop words) and algorithm, each text populated
// separately so that no sentence spans two documents, and returns the top
// sentences, one per line, until they hold at least maxWords words.
//
// The library's FindSentencesByRelationWeight collects phrases from Go maps
// and sorts them with the unstable sort.Slice by weight alone, so phrases of
// equal weight (most of them) come in a different order on every run. By
// default the same selection is made here from the library's rank data
// with ties broken by the phrase's word IDs (first-seen order), which makes
// the output reproducible; libOrder uses the library function unchanged.
// (When every phrase occurs equally often the library's normalised weights
// are all NaN, and its sort then returns an arbitrary order.)
func Summarize(texts []string, maxWords int, libOrder bool) string {
	tr := textrank.NewTextRank()
	rule := textrank.NewDefaultRule()
	lang := textrank.NewDefaultLanguage()
	for _, t := range texts {
		tr.Populate(t, lang, rule)
	}
	tr.Ranking(textrank.NewDefaultAlgorithm())
	var sents []rank.Sentence
	if libOrder {
		sents = textrank.FindSentencesByRelationWeight(tr, len(tr.GetRankData().SentenceMap))
	} else {
		sents = byRelation(tr.GetRankData())
	}
	var b strings.Builder
	words := 0
	for _, s := range sents {
		f := strings.Fields(s.Value)
		if len(f) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Join(f, " "))
		if words += len(f); words >= maxWords {
			break
		}
	}
	return b.String()
}

// byRelation is rank.FindSentences(ranks, rank.ByRelation, all) with a
// deterministic order among phrases of equal weight.
func byRelation(ranks *rank.Rank) []rank.Sentence {
	type phrase struct {
		left, right int
		weight      float32
	}
	var phrases []phrase
	for x, ys := range ranks.Relation.Node {
		for y, sc := range ys {
			w := sc.Weight
			if w != w {
				// The library normalises (w-min)/(max-min), which is NaN
				// when every phrase occurs equally often: all tie.
				w = 0
			}
			phrases = append(phrases, phrase{x, y, w})
		}
	}
	sort.Slice(phrases, func(i, j int) bool {
		a, b := phrases[i], phrases[j]
		if a.weight != b.weight {
			return a.weight > b.weight
		}
		if a.left != b.left {
			return a.left < b.left
		}
		return a.right < b.right
	})
	seen := make(map[int]bool)
	var out []rank.Sentence
	for _, p := range phrases {
		for _, id := range ranks.Relation.Node[p.left][p.right].SentenceIDs {
			if !seen[id] {
				seen[id] = true
				out = append(out, rank.Sentence{ID: id, Value: ranks.SentenceMap[id]})
			}
		}
	}
	return out
}
