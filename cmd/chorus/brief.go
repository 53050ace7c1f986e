package main

import (
	"context"
	"errors"
	"io"
)

func runBrief(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("brief: pipeline not wired yet")
}
