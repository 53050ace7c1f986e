package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/chorusnews/chorus/internal/eval"
)

// runEvalExtract scores HTML main-text extraction on the ScrapingHub
// benchmark: chorus, chorus without line cleaning, and the all-text
// baseline, in one run.
func runEvalExtract(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval extract", "eval extract [--data DIR] [--limit N] [--errors N]", stderr)
	data := fs.String("data", "../shared/data/extraction/scrapinghub", "benchmark directory (ground-truth.json, html_gz/)")
	limit := fs.Int("limit", 0, "score only the first N pages (0: all)")
	errs := fs.Int("errors", 0, "print up to N gold lines chorus's cleaning removed and N non-gold lines it kept, to stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %v", errUsage, fs.Args())
	}
	if *limit < 0 || *errs < 0 {
		return fmt.Errorf("%w: --limit and --errors must not be negative", errUsage)
	}
	if _, err := os.Stat(*data); err != nil {
		return fmt.Errorf("eval extract: benchmark data: %w", err)
	}
	pages, err := eval.LoadScrapinghub(*data, *limit)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	scores := eval.EvalExtract(pages, eval.Extractors())
	fmt.Fprintf(stdout, "ScrapingHub article extraction: %d pages; token 4-gram shingles (the benchmark's metric) and single tokens\n", len(pages))
	fmt.Fprintf(stdout, "%-18s %9s %9s %9s   %9s %9s %9s %7s %9s\n", "system", "P(4-gram)", "R(4-gram)", "F1(4-gram)", "P(token)", "R(token)", "F1(token)", "empty", "ms/page")
	for _, s := range scores {
		ms := float64(s.Elapsed.Microseconds()) / 1000 / float64(max(1, len(pages)))
		fmt.Fprintf(stdout, "%-18s %9.3f %9.3f %9.3f   %9.3f %9.3f %9.3f %7d %9.1f\n", s.System,
			s.Shingles.Precision, s.Shingles.Recall, s.Shingles.F1, s.Tokens.Precision, s.Tokens.Recall, s.Tokens.F1, s.Failed, ms)
	}
	if *errs > 0 {
		lost, kept := eval.ExtractErrors(pages, *errs)
		fmt.Fprintf(stderr, "gold lines removed by cleaning (%d shown):\n", len(lost))
		for _, l := range lost {
			fmt.Fprintln(stderr, "  "+l)
		}
		fmt.Fprintf(stderr, "kept lines not in the gold body (%d shown):\n", len(kept))
		for _, l := range kept {
			fmt.Fprintln(stderr, "  "+l)
		}
	}
	return nil
}
