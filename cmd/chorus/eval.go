package main

import (
	"context"
	"fmt"
	"io"
)

// runEval dispatches "chorus eval TASK"; each task lives in its own file.
func runEval(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	const tasks = "summarize"
	if len(args) == 0 {
		return fmt.Errorf("%w: chorus eval TASK [flags], TASK one of: %s", errUsage, tasks)
	}
	switch args[0] {
	case "summarize":
		return runEvalSummarize(ctx, args[1:], stdin, stdout, stderr)
	default:
		return fmt.Errorf("%w: unknown eval task %q, want one of: %s", errUsage, args[0], tasks)
	}
}
