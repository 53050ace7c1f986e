// Package sumeval runs and measures the summarizer on whole datasets: it
// reads cluster files (Multi-News and DUC shapes, JSON Lines, optionally
// gzip-compressed), runs batch summarisation on all cores with output in
// input order, computes the greedy extractive oracle, scores every system
// with ROUGE side by side, and trains the learned scorer of package
// summarize from reference summaries.
package sumeval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/chorusnews/chorus/internal/analyze"
	"github.com/chorusnews/chorus/internal/jsonscan"
	"github.com/chorusnews/chorus/internal/summarize"
	"github.com/klauspost/compress/gzip"
)

// Cluster is one input line: documents and, when the data has them,
// reference summaries.
type Cluster struct {
	Line  int
	ID    string
	Texts []string
	Refs  []string
	// Skipped names each document that could not be read and was left
	// out (ParseLine fails instead when no document could be read).
	Skipped []error
}

type rawCluster struct {
	ID             string            `json:"id"`
	ClusterID      string            `json:"cluster_id"`
	Documents      []json.RawMessage `json:"documents"`
	Summary        *string           `json:"summary"`
	ModelSummaries map[string]string `json:"model_summaries"`
}

// ParseLine decodes one JSON Lines record in either accepted shape:
// {"id", "documents": [str]} (Multi-News, with an optional "summary") or
// {"cluster_id", "documents": [{"text"}]} (DUC, with optional
// "model_summaries"). Other fields are ignored. line is used in errors.
func ParseLine(data []byte, line int) (Cluster, error) {
	var raw rawCluster
	if err := json.Unmarshal(data, &raw); err != nil {
		return Cluster{}, fmt.Errorf("line %d: %w", line, jsonscan.Explain(err))
	}
	c := Cluster{Line: line, ID: raw.ID}
	if c.ID == "" {
		c.ID = raw.ClusterID
	}
	if c.ID == "" {
		return Cluster{}, fmt.Errorf("line %d: no \"id\" or \"cluster_id\"", line)
	}
	if raw.Documents == nil {
		return Cluster{}, fmt.Errorf("line %d (%s): no \"documents\" list", line, c.ID)
	}
	for i, d := range raw.Documents {
		d = bytes.TrimSpace(d)
		switch {
		case len(d) > 0 && d[0] == '"':
			var s string
			if err := json.Unmarshal(d, &s); err != nil {
				c.Skipped = append(c.Skipped, fmt.Errorf("line %d (%s): document %d: %w", line, c.ID, i, jsonscan.Explain(err)))
				continue
			}
			c.Texts = append(c.Texts, s)
		case len(d) > 0 && d[0] == '{':
			var o struct {
				Text *string `json:"text"`
			}
			if err := json.Unmarshal(d, &o); err != nil {
				c.Skipped = append(c.Skipped, fmt.Errorf("line %d (%s): document %d: %w", line, c.ID, i, jsonscan.Explain(err)))
				continue
			}
			if o.Text == nil {
				c.Skipped = append(c.Skipped, fmt.Errorf("line %d (%s): document %d has no \"text\"", line, c.ID, i))
				continue
			}
			c.Texts = append(c.Texts, *o.Text)
		default:
			c.Skipped = append(c.Skipped, fmt.Errorf("line %d (%s): document %d is neither a string nor an object with \"text\"", line, c.ID, i))
		}
	}
	if len(c.Texts) == 0 && len(c.Skipped) > 0 {
		return Cluster{}, c.Skipped[0]
	}
	if raw.Summary != nil {
		c.Refs = append(c.Refs, *raw.Summary)
	}
	keys := make([]string, 0, len(raw.ModelSummaries))
	for k := range raw.ModelSummaries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c.Refs = append(c.Refs, raw.ModelSummaries[k])
	}
	return c, nil
}

// Open opens a JSON Lines file, decompressing it when the name ends in .gz
// (with github.com/klauspost/compress/gzip, already linked in through the
// metrics library, which inflates the validation file in about a fifth
// less time than compress/gzip).
func Open(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(path, ".gz") {
		return f, nil
	}
	z, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return readCloser{z, f}, nil
}

type readCloser struct {
	io.Reader
	f *os.File
}

func (r readCloser) Close() error { return r.f.Close() }

// Lines calls fn with every non-blank line of r and its 1-based number,
// stopping at the first error. Each line is in memory of its own, which fn
// may keep.
func Lines(r io.Reader, fn func(line []byte, n int) error) error {
	// No free buffers: every line gets a new one.
	return reusedLines(r, nil, func(_, line []byte, n int) error { return fn(line, n) })
}

// ReadFile reads up to limit clusters (all when limit <= 0) from path.
func ReadFile(path string, limit int) ([]Cluster, error) {
	rc, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var out []Cluster
	errStop := errors.New("stop")
	err = Lines(rc, func(b []byte, n int) error {
		if limit > 0 && len(out) >= limit {
			return errStop
		}
		c, err := ParseLine(b, n)
		if err != nil {
			return err
		}
		if len(c.Skipped) > 0 {
			return c.Skipped[0] // an evaluation scores whole clusters only
		}
		out = append(out, c)
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// Documents splits every text into sentences with analyze.Sentences.
func Documents(texts []string) []summarize.Document {
	docs := make([]summarize.Document, 0, len(texts))
	for i, t := range texts {
		ss := analyze.Sentences(t)
		d := summarize.Document{ID: fmt.Sprint(i), Sentences: make([]string, 0, len(ss))}
		for _, s := range ss {
			d.Sentences = append(d.Sentences, t[s.Start:s.End])
		}
		docs = append(docs, d)
	}
	return docs
}
