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
	fs := newFlagSet("eval summarize", "eval summarize --data FILE [--limit N] [--max-words N] [--refs best|pooled]", stderr)
	data := fs.String("data", "", "clusters with reference summaries (Multi-News or DUC JSON Lines, .gz allowed)")
	limit := fs.Int("limit", 0, "use only the first N clusters (0: all)")
	maxWords := fs.Int("max-words", 300, "summary length cap in words")
	refs := fs.String("refs", "best", "several references: best (best F1, rouge-score) or pooled (ROUGE-1.5.5 -f A)")
	modelPath := fs.String("model", "", "sentence scorer model file (default: the embedded one)")
	oracle := fs.Bool("oracle", true, "also run the greedy extractive oracle")
	only := fs.String("systems", "", "comma-separated systems to run (default: all)")
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
	rows, err := sumeval.Evaluate(ctx, clusters, systems, sumeval.Options{MaxWords: *maxWords, Multi: multi, Oracle: *oracle})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d clusters, %d words, references %s, ROUGE F1 x 100 (mean over clusters)\n", *data, rows[0].N, *maxWords, *refs)
	sumeval.WriteTable(stdout, rows)
	return nil
}
