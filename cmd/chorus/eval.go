package main

import (
	"context"
	"fmt"
	"io"
)

// runEval dispatches "chorus eval TASK": each task has its own file
// (eval_<task>.go) with the flags and the printing.
func runEval(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: eval needs a task: summarize|cluster|quotes|extract", errUsage)
	}
	switch args[0] {
	case "quotes":
		return runEvalQuotes(ctx, args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprintln(stdout, "Usage: chorus eval summarize|cluster|quotes|extract [flags]")
		return errHelp
	}
	return fmt.Errorf("%w: unknown eval task %q (want summarize|cluster|quotes|extract)", errUsage, args[0])
}
