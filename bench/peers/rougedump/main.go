// Command rougedump writes chorus's ROUGE scores and tokens for (candidate,
// reference) pairs, for the js-rouge cross-check in ../node/crosscheck.js.
// It reads a cluster file with references (as `chorus eval summarize
// --data`) and a summaries file ({"id", "summary"} JSON Lines, as `--peer`),
// cuts each summary at -max-words words exactly as `eval summarize --peer`
// does, and writes one JSON line per (cluster, reference) pair:
//
//	{"id", "ref", "candidate", "reference",
//	 "cand_lines": [[tokens]], "ref_lines": [[tokens]],
//	 "chorus": {"r1", "r2", "rl", "rlsum"}}   (F1 in [0, 1])
//
// The output holds dataset text: write it outside the repository.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/chorusnews/chorus/internal/rouge"
	"github.com/chorusnews/chorus/internal/sumeval"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "rougedump:", err)
		os.Exit(1)
	}
}

func run() error {
	data := flag.String("data", "", "clusters with references (JSON Lines, .gz allowed)")
	sums := flag.String("summaries", "", "candidate summaries {\"id\", \"summary\"} JSON Lines")
	limit := flag.Int("limit", 200, "use only the first N clusters (0: all)")
	maxWords := flag.Int("max-words", 300, "cut each candidate at this many words")
	flag.Parse()
	if *data == "" || *sums == "" || flag.NArg() > 0 {
		return fmt.Errorf("usage: rougedump -data FILE -summaries FILE [-limit N] [-max-words N] > pairs.jsonl")
	}
	clusters, err := sumeval.ReadFile(*data, *limit)
	if err != nil {
		return err
	}
	peer, err := sumeval.ReadPeer("candidates", *sums)
	if err != nil {
		return err
	}
	tk := rouge.NewTokenizer()
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	pairs := 0
	for _, c := range clusters {
		cand := sumeval.CutWords(peer.Summaries[c.ID], *maxWords)
		ct := tk.Prepare(cand)
		if len(ct.Tokens) == 0 {
			continue // js-rouge rejects empty summaries
		}
		for k, ref := range c.Refs {
			rt := tk.Prepare(ref)
			if len(rt.Tokens) == 0 {
				continue
			}
			s := rouge.Compare(ct, []rouge.Text{rt}, rouge.Best)
			err := enc.Encode(map[string]any{
				"id": c.ID, "ref": k, "candidate": cand, "reference": ref,
				"cand_lines": ct.Lines, "ref_lines": rt.Lines,
				"chorus": map[string]float64{"r1": s.R1.F, "r2": s.R2.F, "rl": s.RL.F, "rlsum": s.RLsum.F},
			})
			if err != nil {
				return err
			}
			pairs++
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "rougedump: %d pairs\n", pairs)
	return nil
}
