package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/chorusnews/chorus/internal/pipeline"
	"github.com/chorusnews/chorus/internal/render"
)

const briefSynopsis = `brief [--format md|json|html] [--max-words N] [--max-bytes N] [--quiet] PATH...

Reads news articles and writes one cited brief per story to standard output.
PATH is a file, a directory (read recursively) or - for standard input.
Files read: .txt (first non-empty line is the title), .html/.htm pages,
.jsonl and .jsonl.gz (one article per line: {"id","title","text" or "html",
"source","url","published"}), and RSS or Atom feeds (.rss, .atom, .xml):
each item's own content is an article. Nothing is downloaded; 'chorus
ingest' fetches the pages feeds link to.

Problems with single inputs (missing, empty, binary, too large, broken) are
reported on standard error, one line each, and the other inputs are still
briefed. Exit status: 0 when at least one article was read, 1 when none
could be, 2 on usage errors.`

func runBrief(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("brief", briefSynopsis, stderr)
	format := fs.String("format", "md", "output format: "+strings.Join(render.Formats, ", "))
	maxWords := fs.Int("max-words", 150, "summary length of each brief, in words")
	maxBytes := fs.Int64("max-bytes", 8<<20, "largest input document read, in bytes")
	quiet := fs.Bool("quiet", false, "do not print warnings about single inputs")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !slices.Contains(render.Formats, *format) {
		return fmt.Errorf("%w: unknown --format %q (want one of %s)", errUsage, *format, strings.Join(render.Formats, ", "))
	}
	if *maxWords <= 0 || *maxBytes <= 0 {
		return fmt.Errorf("%w: --max-words and --max-bytes must be positive", errUsage)
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: no PATH given (use - for standard input)", errUsage)
	}
	opts := pipeline.Options{
		MaxBytes: *maxBytes,
		MaxWords: *maxWords,
		Stdin:    stdin,
		Warn: func(err error) {
			if !*quiet {
				fmt.Fprintf(stderr, "chorus brief: warning: %v\n", err)
			}
		},
		Progress: stageProgress(stderr),
	}
	res, err := pipeline.Run(ctx, fs.Args(), opts)
	if err != nil {
		if errors.Is(err, pipeline.ErrNoArticles) {
			return fmt.Errorf("%w from %s", err, strings.Join(fs.Args(), " "))
		}
		return err
	}
	return render.Write(stdout, *format, res.Briefs)
}
