package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/chorusnews/chorus/internal/eval"
)

// runEvalQuotes scores direct quotes and speakers on PolNeAR, chorus
// beside the bare-regex baseline.
func runEvalQuotes(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval quotes", "eval quotes [--data DIR] [--split dev|train] [--errors N]", stderr)
	data := fs.String("data", "../shared/data/polnear", "PolNeAR directory (with dev/ and train/)")
	split := fs.String("split", "dev", "split to score: dev or train")
	errs := fs.Int("errors", 0, "print up to N missed, wrong and mis-attributed quotes to stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *split != "dev" && *split != "train" {
		return fmt.Errorf("%w: --split must be dev or train, not %q", errUsage, *split)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %v", errUsage, fs.Args())
	}
	if _, err := os.Stat(*data); err != nil {
		return fmt.Errorf("eval quotes: PolNeAR data: %w", err)
	}
	docs, err := eval.LoadPolNeAR(*data, *split)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	scores := eval.EvalQuotes(docs)
	fmt.Fprintf(stdout, "PolNeAR %s: %d articles, direct quotes (>= 3 words between quotation marks inside gold Content)\n", *split, len(docs))
	fmt.Fprintf(stdout, "%-16s %6s %6s %9s %9s %9s %12s\n", "system", "gold", "found", "precision", "recall", "F1", "speaker acc")
	for _, s := range scores {
		p, r := s.Precision(), s.Recall()
		f1 := 0.0
		if p+r > 0 {
			f1 = 2 * p * r / (p + r)
		}
		fmt.Fprintf(stdout, "%-16s %6d %6d %9.3f %9.3f %9.3f %7.3f (%d/%d)\n", s.System, s.Gold, s.Found, p, r, f1, s.SpeakerAccuracy(), s.SpeakerOK, s.SpeakerGold)
	}
	if *errs > 0 {
		for _, line := range eval.QuoteErrors(docs, *errs) {
			fmt.Fprintln(stderr, strings.TrimRight(line, "\n"))
		}
	}
	return nil
}
