package main

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// evalTasks lists the evaluations, each in its own file.
func evalTasks() []command {
	return []command{
		{"summarize", "ROUGE of chorus and the baselines on clusters with reference summaries", runEvalSummarize},
		{"quotes", "precision, recall and speaker accuracy of direct quotes on PolNeAR", func(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
			return runEvalQuotes(ctx, args, stdout, stderr)
		}},
		{"cluster", "B-cubed of story clustering against gold labels, beside a baseline", runEvalCluster},
		{"extract", "token precision/recall/F1 of HTML main-text extraction on the ScrapingHub pages, beside the all-text baseline", runEvalExtract},
	}
}

// runEval dispatches "chorus eval TASK".
func runEval(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var names []string
	for _, t := range evalTasks() {
		names = append(names, t.name)
		if len(args) > 0 && args[0] == t.name {
			return t.run(ctx, args[1:], stdin, stdout, stderr)
		}
	}
	if len(args) == 0 {
		return fmt.Errorf("%w: chorus eval TASK [flags]; TASK is one of: %s", errUsage, strings.Join(names, ", "))
	}
	return fmt.Errorf("%w: unknown eval task %q; want one of: %s", errUsage, args[0], strings.Join(names, ", "))
}
