package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/chorusnews/chorus/internal/sumeval"
	"github.com/chorusnews/chorus/internal/summarize"
	"github.com/chorusnews/chorus/internal/sumstart"
)

const summarizeSynopsis = `summarize --in FILE --out FILE [--max-words N] [--model FILE] [--workers N] [--cpuprofile FILE]

Writes an extractive summary of each cluster of documents: one output line
{"id", "summary"} per readable input line, in input order, the summary's
sentences joined with newlines, at most --max-words words. Uses all cores;
the output does not depend on --workers. A line that cannot be read is
reported on standard error and skipped; a document that cannot be read is
reported and left out, and its cluster summarized from the others. Exit
status: 0 when at least one cluster was summarized (or the input is empty),
1 when none could be, 2 on usage errors. On a terminal a count of the
clusters written so far is shown while it runs.`

func runSummarize(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("summarize", summarizeSynopsis, stderr)
	in := fs.String("in", "", "input JSON Lines (.gz allowed): {\"id\", \"documents\": [str]} or {\"cluster_id\", \"documents\": [{\"text\"}]}; - for stdin")
	out := fs.String("out", "", "output JSON Lines {\"id\", \"summary\"}; - for stdout")
	maxWords := fs.Int("max-words", 300, "at most this many words per summary")
	modelPath := fs.String("model", "", "sentence scorer model file (default: the embedded one)")
	workers := fs.Int("workers", 0, "parallel workers (0: all cores)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the run (after start-up) to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *in == "" || *out == "" || *maxWords <= 0 || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: --in and --out are required, --max-words must be positive", errUsage)
	}
	sumstart.Release()
	stop, err := startCPUProfile(*cpuprofile)
	if err != nil {
		return err
	}
	defer stop()
	// The embedded model is decoded while the input is opened and read:
	// the workers wait for it on their first cluster (Options.Model nil).
	// Package sumstart has started both during package initialisation.
	var m *summarize.Model
	if *modelPath == "" {
		go summarize.Default()
	} else {
		var err error
		if m, err = loadModel(*modelPath); err != nil {
			return err
		}
	}
	var r io.Reader = stdin
	if *in != "-" {
		rc := sumstart.Input(*in)
		if rc == nil {
			var err error
			if rc, err = sumeval.Open(*in); err != nil {
				return err
			}
		}
		defer rc.Close()
		r = rc
	}
	w := stdout
	var f *os.File
	if *out != "-" {
		var err error
		f, err = os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	var shown *lineCounter
	if isTerminal(stderr) && (*out != "-" || !isTerminal(stdout)) {
		shown = &lineCounter{w: w, progress: stderr}
		w = shown
	}
	// The collector marks the whole live heap each cycle, and most of it
	// is the date parser's tables (about 60 MB, linked in through the
	// extraction stage), not the batch: collecting at 200% of the live heap
	// instead of 100% halves the cycles during the run, for about 4% less
	// CPU time and 60 MB more peak memory (measured on Multi-News val).
	defer debug.SetGCPercent(debug.SetGCPercent(200))
	bad, leftOut := 0, 0
	warn := func(err error) {
		if errors.Is(err, sumeval.ErrDocumentLeftOut) {
			leftOut++
			fmt.Fprintf(stderr, "chorus summarize: warning: %s: %v\n", *in, err)
			return
		}
		bad++
		fmt.Fprintf(stderr, "chorus summarize: warning: %s: %v (skipped)\n", *in, err)
	}
	n, err := sumeval.Batch(ctx, r, w, summarize.Options{MaxWords: *maxWords, Model: m}, *workers, warn)
	if shown != nil && shown.lines > 0 {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err != nil {
		return fmt.Errorf("%s: %w", *in, err)
	}
	if n == 0 && bad > 0 {
		return fmt.Errorf("%s: no cluster could be read (%d bad lines)", *in, bad)
	}
	if f != nil {
		if err := f.Close(); err != nil {
			return err
		}
	}
	msg := fmt.Sprintf("summarized %d clusters", n)
	if bad > 0 {
		msg += fmt.Sprintf(", skipped %d bad lines", bad)
	}
	if leftOut > 0 {
		msg += fmt.Sprintf(", left out %d bad documents", leftOut)
	}
	fmt.Fprintln(stderr, msg)
	return nil
}

// lineCounter passes writes on to w and redraws, on the terminal
// progress, the number of lines written so far (output arrives in blocks
// of about a megabyte, a couple of thousand clusters).
type lineCounter struct {
	w        io.Writer
	progress io.Writer
	lines    int
}

func (c *lineCounter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if k := bytes.Count(p[:n], []byte{'\n'}); k > 0 {
		c.lines += k
		fmt.Fprintf(c.progress, "\r\033[Ksummarized %d clusters", c.lines)
	}
	return n, err
}

// loadModel reads a summarizer model file; an empty path means the
// embedded model.
func loadModel(path string) (*summarize.Model, error) {
	if path == "" {
		return summarize.Default(), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m, err := summarize.ParseModel(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}
