package main

import (
	"context"
	"fmt"
	"io"
)

// runBench dispatches `chorus bench TASK`.
func runBench(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: chorus bench TASK [flags]; tasks: cluster", errUsage)
	}
	switch args[0] {
	case "cluster":
		return runBenchCluster(ctx, args[1:], stdin, stdout, stderr)
	}
	return fmt.Errorf("%w: unknown bench task %q", errUsage, args[0])
}
