package main

import (
	"context"
	"fmt"
	"io"
)

// runEval dispatches `chorus eval TASK`.
func runEval(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: chorus eval TASK [flags]; tasks: cluster", errUsage)
	}
	switch args[0] {
	case "cluster":
		return runEvalCluster(ctx, args[1:], stdin, stdout, stderr)
	}
	return fmt.Errorf("%w: unknown eval task %q", errUsage, args[0])
}
