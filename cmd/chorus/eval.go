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

// benchTasks lists the speed and memory benchmarks.
func benchTasks() []command {
	return []command{
		{"cluster", "articles per second, peak memory and time per article of story clustering on large streams", runBenchCluster},
		{"summarize", "wall time, CPU time and peak memory of whole chorus summarize runs, alternating with another build", runBenchSummarize},
	}
}

func runEval(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return dispatch(ctx, "eval", evalTasks(), args, stdin, stdout, stderr)
}

func runBench(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return dispatch(ctx, "bench", benchTasks(), args, stdin, stdout, stderr)
}

// dispatch runs "chorus NAME TASK [flags]": the task's own entry point, or
// the list of tasks for --help, or a usage error.
func dispatch(ctx context.Context, name string, tasks []command, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var names []string
	for _, t := range tasks {
		names = append(names, t.name)
		if len(args) > 0 && args[0] == t.name {
			return t.run(ctx, args[1:], stdin, stdout, stderr)
		}
	}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		fmt.Fprintf(stdout, "Usage: chorus %s TASK [flags]\n\nTasks:\n", name)
		for _, t := range tasks {
			fmt.Fprintf(stdout, "  %-10s %s\n", t.name, t.summary)
		}
		fmt.Fprintf(stdout, "\nRun 'chorus %s TASK --help' for a task's flags.\n", name)
		return errHelp
	}
	if len(args) == 0 {
		return fmt.Errorf("%w: chorus %s TASK [flags]; TASK is one of: %s", errUsage, name, strings.Join(names, ", "))
	}
	return fmt.Errorf("%w: unknown %s task %q; want one of: %s", errUsage, name, args[0], strings.Join(names, ", "))
}
