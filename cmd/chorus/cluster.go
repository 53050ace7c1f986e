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

// runCluster streams JSON Lines articles into stories.
func runCluster(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("cluster", "cluster --in FILE --out FILE [flags]", stderr)
	in := fs.String("in", "-", "input JSON Lines, one {\"doc_id\",\"text\",\"title\",\"published\",\"source\"} per line (.gz allowed; - for stdin)")
	out := fs.String("out", "-", "output JSON Lines, one {\"doc_id\",\"story\"} per readable input line (bad lines are reported and skipped) (.gz compresses; - for stdout)")
	threshold := fs.Float64("threshold", 0, "cosine similarity needed to join a story (0 = default)")
	dup := fs.Float64("dup-threshold", 0, "estimated shingle Jaccard for a near-copy (0 = default)")
	window := fs.Duration("window", 0, "publication-time window of a story (0 = default)")
	workers := fs.Int("workers", 2, "feature-extraction goroutines")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	opts := cluster.DefaultOptions()
	if *threshold != 0 {
		opts.Threshold = *threshold
	}
	if *dup != 0 {
		opts.DupThreshold = *dup
	}
	if *window != 0 {
		opts.Window = *window
	}
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
	written := 0
	err = clustereval.Stream(ctx, c, *workers, r.Next, func(in cluster.Input, a cluster.Assignment) error {
		written++
		return enc.Encode(line{in.ID, a.Story, a.CopyOf})
	})
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
	if bad > 0 {
		if written == 0 {
			return fmt.Errorf("%s: no article could be read (%d bad lines)", *in, bad)
		}
		fmt.Fprintf(stderr, "chorus cluster: skipped %d bad lines\n", bad)
	}
	return nil
}
