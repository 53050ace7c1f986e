package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/chorusnews/chorus/internal/cluster"
	"github.com/chorusnews/chorus/internal/clustereval"
)

const clusterSynopsis = `cluster --in FILE --out FILE [flags]

Groups a stream of articles into stories, in input order, one article at a
time: each article is compared only with candidate stories fetched from a
term index, so the cost per article stays flat however long the stream.
Writes one line {"doc_id", "story"} per readable input line, in input
order: a story is a number from 0 up, the same for all its articles. A
near-copy of an earlier article (the same text with other debris, headline
or ending) joins that article's story and names it in "copy_of"; copies of
a page already copied 7 times (a notice, a login wall) stay alone.
The output depends only on the input and its order (not on --workers). A
line that cannot be read is reported on standard error and skipped.
Progress is shown on a terminal; at the end a line on standard error
counts the articles, stories, near-copies and skipped lines. Exit status: 0 when at least one article
was read (or the input is empty), 1 when none could be, 2 on usage errors.`

// runCluster streams JSON Lines articles into stories.
func runCluster(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	def := cluster.DefaultOptions()
	fs := newFlagSet("cluster", clusterSynopsis, stderr)
	in := fs.String("in", "-", "input JSON Lines, one {\"doc_id\",\"text\",\"title\",\"published\",\"source\"} per line (.gz allowed; - for stdin)")
	out := fs.String("out", "-", "output JSON Lines (.gz compresses; - for stdout)")
	threshold := fs.Float64("threshold", def.Threshold, "similarity to a story needed to join it (a sparse stream; dense streams use a test relative to the runner-up story)")
	dup := fs.Float64("dup-threshold", def.DupThreshold, "estimated word-shingle Jaccard similarity of a near-copy")
	window := fs.Duration("window", def.Window, "an article joins only a story whose publication times lie within this window of its own (when both are known)")
	workers := fs.Int("workers", 2, "feature-extraction goroutines")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	opts := def
	opts.Threshold, opts.DupThreshold, opts.Window = *threshold, *dup, *window
	if err := opts.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	c, err := cluster.NewOnline(opts)
	if err != nil {
		return err
	}
	setGC()
	r, err := clustereval.OpenJSONL(*in, stdin)
	if err != nil {
		return err
	}
	defer r.Close()
	bad := 0
	r.Warn = func(err error) {
		bad++
		fmt.Fprintf(stderr, "chorus cluster: warning: %v (skipped)\n", err)
	}

	var w io.Writer = stdout
	var finish func() error
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
		finish = f.Close
		if strings.HasSuffix(*out, ".gz") {
			zw := gzip.NewWriter(f)
			w = zw
			finish = func() error {
				if err := zw.Close(); err != nil {
					return err
				}
				return f.Close()
			}
		}
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	type line struct {
		DocID  string `json:"doc_id"`
		Story  int    `json:"story"`
		CopyOf string `json:"copy_of,omitempty"`
	}
	enc := json.NewEncoder(bw)
	written, stories, copies := 0, 0, 0
	tty := isTerminal(stderr)
	err = clustereval.Stream(ctx, c, *workers, r.Next, func(in cluster.Input, a cluster.Assignment) error {
		written++
		stories = max(stories, a.Story+1) // numbered from 0 in order of creation
		if a.CopyOf != "" {
			copies++
		}
		if tty && written%10000 == 0 {
			fmt.Fprintf(stderr, "\r\033[Kclustered %d articles", written)
		}
		return enc.Encode(line{in.ID, a.Story, a.CopyOf})
	})
	if tty && written >= 10000 {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if finish != nil {
		if err := finish(); err != nil {
			return err
		}
	}
	if bad > 0 && written == 0 {
		return fmt.Errorf("%s: no article could be read (%d bad lines)", *in, bad)
	}
	msg := fmt.Sprintf("clustered %d articles into %d stories (%d near-copies)", written, stories, copies)
	if bad > 0 {
		msg += fmt.Sprintf(", skipped %d bad lines", bad)
	}
	fmt.Fprintln(stderr, msg)
	return nil
}
