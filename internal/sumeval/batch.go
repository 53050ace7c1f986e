package sumeval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/chorusnews/chorus/internal/summarize"
)

// chunk is how many lines are read before they are summarised in parallel.
const chunk = 512

// Batch reads clusters (JSON Lines, see ParseLine) from r, summarises each
// with summarize.Summarize on workers goroutines (0 means all cores) and
// writes {"id", "summary"} lines to w in input order. The summary holds one
// sentence per line and at most opts.MaxWords words. It returns the number
// of clusters written; a bad line stops the run with an error naming it.
func Batch(ctx context.Context, r io.Reader, w io.Writer, opts summarize.Options, workers int) (int, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	maxW := opts.MaxWords
	if maxW <= 0 {
		maxW = 300
		opts.MaxWords = maxW
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	type item struct {
		line []byte
		n    int
		out  []byte
		err  error
	}
	var items []item
	written := 0
	flush := func() error {
		parallel(len(items), workers, func(i int) {
			it := &items[i]
			c, err := ParseLine(it.line, it.n)
			if err != nil {
				it.err = err
				return
			}
			docs := Documents(c.Texts)
			picks := summarize.Summarize(docs, opts)
			it.out, it.err = json.Marshal(struct {
				ID      string `json:"id"`
				Summary string `json:"summary"`
			}{c.ID, summarize.Render(docs, picks, maxW)})
		})
		for _, it := range items {
			if it.err != nil {
				return it.err
			}
			bw.Write(it.out)
			bw.WriteByte('\n')
			written++
		}
		items = items[:0]
		return ctx.Err()
	}
	err := Lines(r, func(b []byte, n int) error {
		items = append(items, item{line: append([]byte(nil), b...), n: n})
		if len(items) == chunk {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if ferr := bw.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("write: %w", ferr)
	}
	return written, err
}

// parallel calls fn(i) for i in [0, n) on up to workers goroutines.
func parallel(n, workers int, fn func(i int)) {
	if workers <= 1 || n <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	for range min(workers, n) {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	wg.Wait()
}
