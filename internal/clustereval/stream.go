// Package clustereval runs the cluster stage over files: it streams JSON
// Lines articles through cluster.Online with parallel feature extraction,
// loads the evaluation sets (ECB+, Multi-News mixes), scores chorus and the
// in-project baseline with B-cubed, generates the benchmark streams and
// trains the learned join decision (TraceJoin, TrainJoin).
package clustereval

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/chorusnews/chorus/internal/cluster"
	"github.com/chorusnews/chorus/internal/jsonscan"
)

// Stream clusters the inputs next returns, in order, calling emit for every
// article with its assignment. Features are computed by workers goroutines
// while earlier articles are assigned. next returns io.EOF at the end.
func Stream(ctx context.Context, c *cluster.Online, workers int, next func() (cluster.Input, error), emit func(cluster.Input, cluster.Assignment) error) error {
	if workers < 1 {
		workers = 1
	}
	const batchSize = 512
	type batch struct {
		in    []cluster.Input
		feats []*cluster.Features
		err   error // reading error after in
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	feats := make([]*cluster.Featurizer, workers)
	for i := range feats {
		feats[i] = c.NewFeaturizer()
	}
	raw := make(chan *batch, 2)
	done := make(chan *batch, 2)
	go func() {
		defer close(raw)
		for {
			b := &batch{in: make([]cluster.Input, 0, batchSize)}
			for len(b.in) < batchSize {
				in, err := next()
				if err != nil {
					if !errors.Is(err, io.EOF) {
						b.err = err
					}
					break
				}
				b.in = append(b.in, in)
			}
			last := len(b.in) < batchSize || b.err != nil
			select {
			case raw <- b:
			case <-ctx.Done():
				return
			}
			if last {
				return
			}
		}
	}()
	go func() {
		defer close(done)
		for b := range raw {
			b.feats = make([]*cluster.Features, len(b.in))
			var wg sync.WaitGroup
			chunk := (len(b.in) + workers - 1) / workers
			for w := 0; w < workers; w++ {
				lo, hi := w*chunk, min((w+1)*chunk, len(b.in))
				if lo >= hi {
					break
				}
				wg.Add(1)
				go func(f *cluster.Featurizer, lo, hi int) {
					defer wg.Done()
					for i := lo; i < hi; i++ {
						b.feats[i] = f.Features(b.in[i])
					}
				}(feats[w], lo, hi)
			}
			wg.Wait()
			select {
			case done <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	for b := range done {
		for i, f := range b.feats {
			a := c.AddFeatures(f)
			if emit != nil {
				if err := emit(b.in[i], a); err != nil {
					return err
				}
			}
		}
		if b.err != nil {
			return b.err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// eachLine calls fn with every line of a (possibly gzipped) JSON Lines
// file and its number from 1; an error from fn stops the scan. Read errors
// name the file.
func eachLine(path string, fn func(line int, data []byte) error) error {
	r, closeFn, err := openMaybeGz(path)
	if err != nil {
		return err
	}
	defer closeFn()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		if err := fn(line, sc.Bytes()); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// openMaybeGz opens a file, decompressing it when its name ends in .gz.
func openMaybeGz(path string) (io.Reader, func() error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	if !strings.HasSuffix(path, ".gz") {
		return f, f.Close, nil
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return zr, func() error { zr.Close(); return f.Close() }, nil
}

// ArticleLine is one line of the `chorus cluster` input.
type ArticleLine struct {
	DocID     string `json:"doc_id"`
	Text      string `json:"text"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Source    string `json:"source"`
}

// JSONLReader reads `chorus cluster` input lines one by one.
type JSONLReader struct {
	// Warn, when set, receives bad lines, which are then skipped.
	Warn func(error)

	name  string
	sc    *bufio.Scanner
	line  int
	close func() error
	ids   map[string]int
}

// OpenJSONL opens a JSON Lines file (.gz allowed; "-" reads r).
func OpenJSONL(path string, stdin io.Reader) (*JSONLReader, error) {
	var r io.Reader
	closeFn := func() error { return nil }
	if path == "-" {
		r = stdin
	} else {
		var err error
		r, closeFn, err = openMaybeGz(path)
		if err != nil {
			return nil, err
		}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	return &JSONLReader{name: path, sc: sc, close: closeFn, ids: make(map[string]int)}, nil
}

// bad reports a bad line: to Warn when set (nil: skip it), else as the
// error that stops the stream.
func (j *JSONLReader) bad(err error) error {
	if j.Warn != nil {
		j.Warn(err)
		return nil
	}
	return err
}

// Close closes the underlying file.
func (j *JSONLReader) Close() error { return j.close() }

// Next returns the next article, io.EOF at the end, or an error naming the
// file and line. With Warn set, a bad line (bad JSON, no or a repeated
// doc_id, a bad date) goes to Warn and is skipped.
func (j *JSONLReader) Next() (cluster.Input, error) {
	for j.sc.Scan() {
		j.line++
		b := j.sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var a ArticleLine
		dec := json.NewDecoder(strings.NewReader(string(b)))
		if err := dec.Decode(&a); err != nil {
			if err := j.bad(fmt.Errorf("%s:%d: bad JSON: %w", j.name, j.line, jsonscan.Explain(err))); err != nil {
				return cluster.Input{}, err
			}
			continue
		}
		if a.DocID == "" {
			if err := j.bad(fmt.Errorf("%s:%d: missing \"doc_id\"", j.name, j.line)); err != nil {
				return cluster.Input{}, err
			}
			continue
		}
		if prev, ok := j.ids[a.DocID]; ok {
			if err := j.bad(fmt.Errorf("%s:%d: doc_id %q already used on line %d", j.name, j.line, a.DocID, prev)); err != nil {
				return cluster.Input{}, err
			}
			continue
		}
		j.ids[a.DocID] = j.line
		in := cluster.Input{ID: a.DocID, Title: a.Title, Text: a.Text, Source: a.Source}
		if a.Published != "" {
			t, err := parseTime(a.Published)
			if err != nil {
				if err := j.bad(fmt.Errorf("%s:%d: bad \"published\" %q: want RFC 3339 or YYYY-MM-DD", j.name, j.line, a.Published)); err != nil {
					return cluster.Input{}, err
				}
				continue
			}
			in.Published = t
		}
		return in, nil
	}
	if err := j.sc.Err(); err != nil {
		return cluster.Input{}, fmt.Errorf("%s: after line %d: %w", j.name, j.line, err)
	}
	return cluster.Input{}, io.EOF
}

func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised time")
}
