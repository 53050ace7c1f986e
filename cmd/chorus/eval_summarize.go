package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/chorusnews/chorus/internal/rouge"
	"github.com/chorusnews/chorus/internal/sumeval"
)

func runEvalSummarize(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval summarize", `eval summarize --data FILE [--limit N] [--max-words N] [--refs best|pooled] [--peer NAME=FILE ...]

Summarizes every cluster of --data (Multi-News or DUC JSON Lines with
reference summaries) with chorus and the in-project baselines (lead
round-robin, TextRank, LexRank, centroid and a greedy oracle) at the same
word cap, and prints ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum F1 x 100 (Google
rouge-score semantics, mean over clusters), the mean summary length in
words and each system's time. Several references are scored by the best
F1 (--refs best) or by pooled counts (--refs pooled, as ROUGE-1.5.5 -f A).`, stderr)
	data := fs.String("data", "", "clusters with reference summaries (Multi-News or DUC JSON Lines, .gz allowed)")
	limit := fs.Int("limit", 0, "use only the first N clusters (0: all)")
	maxWords := fs.Int("max-words", 300, "summary length cap in words")
	refs := fs.String("refs", "best", "several references: best (best F1, rouge-score) or pooled (ROUGE-1.5.5 -f A)")
	modelPath := fs.String("model", "", "sentence scorer model file (default: the embedded one)")
	oracle := fs.Bool("oracle", true, "also run the greedy extractive oracle")
	only := fs.String("systems", "", "comma-separated systems to run (default: all)")
	var peerSpecs peerFlag
	fs.Var(&peerSpecs, "peer", "also score an external summarizer's output, NAME=FILE with {\"id\", \"summary\"} JSON Lines (repeatable; cut at --max-words words; time column \"-\")")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var multi rouge.Multi
	switch *refs {
	case "best":
		multi = rouge.Best
	case "pooled":
		multi = rouge.Pooled
	default:
		return fmt.Errorf("%w: --refs must be best or pooled, not %q", errUsage, *refs)
	}
	if *data == "" || *maxWords <= 0 || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: --data is required, --max-words must be positive", errUsage)
	}
	m, err := loadModel(*modelPath)
	if err != nil {
		return err
	}
	// Peer files are read first, so that a bad one fails before the systems run.
	var peers []sumeval.Peer
	for _, spec := range peerSpecs {
		name, path, err := sumeval.ParsePeerSpec(spec)
		if err != nil {
			return fmt.Errorf("%w: --peer: %v", errUsage, err)
		}
		for _, p := range peers {
			if p.Name == name {
				return fmt.Errorf("%w: --peer: name %q given twice", errUsage, name)
			}
		}
		if name == "oracle" || slices.ContainsFunc(sumeval.Systems(nil), func(s sumeval.System) bool { return s.Name == name }) {
			return fmt.Errorf("%w: --peer: name %q is an in-project system's", errUsage, name)
		}
		p, err := sumeval.ReadPeer(name, path)
		if err != nil {
			return err
		}
		peers = append(peers, p)
	}
	clusters, err := sumeval.ReadFile(*data, *limit)
	if err != nil {
		return err
	}
	systems := sumeval.Systems(m)
	if *only != "" {
		var keep []sumeval.System
		for _, s := range systems {
			if slices.Contains(strings.Split(*only, ","), s.Name) {
				keep = append(keep, s)
			}
		}
		if len(keep) == 0 {
			return fmt.Errorf("%w: --systems %q names no system", errUsage, *only)
		}
		systems = keep
	}
	opts := sumeval.Options{MaxWords: *maxWords, Multi: multi, Oracle: *oracle}
	rows, err := sumeval.Evaluate(ctx, clusters, systems, opts)
	if err != nil {
		return err
	}
	if len(peers) > 0 {
		prows, covs, err := sumeval.EvaluatePeers(ctx, clusters, peers, opts)
		if err != nil {
			return err
		}
		rows = append(rows, prows...)
		for i, p := range peers {
			if w := sumeval.PeerWarning(p, covs[i], rows[0].N); w != "" {
				fmt.Fprintf(stderr, "chorus eval summarize: warning: %s\n", w)
			}
			if covs[i].Extra > 0 {
				fmt.Fprintf(stderr, "chorus eval summarize: note: peer %s: %d summaries in %s are for clusters not evaluated here (ignored)\n", p.Name, covs[i].Extra, p.Path)
			}
		}
	}
	fmt.Fprintf(stdout, "%s: %d clusters, %d words, references %s, ROUGE F1 x 100 (mean over clusters)\n", *data, rows[0].N, *maxWords, *refs)
	sumeval.WriteTable(stdout, rows)
	return nil
}

// peerFlag collects repeated --peer NAME=FILE values.
type peerFlag []string

func (p *peerFlag) String() string { return strings.Join(*p, ",") }

func (p *peerFlag) Set(v string) error {
	*p = append(*p, v)
	return nil
}
