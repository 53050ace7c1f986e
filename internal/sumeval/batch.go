package sumeval

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"runtime"
	"sync"
	"unicode/utf8"

	"github.com/chorusnews/chorus/internal/summarize"
)

// Batch reads clusters (JSON Lines, see ParseLine) from r, summarises each
// with summarize.Summarize on workers goroutines (0 means all cores) and
// writes {"id", "summary"} lines to w in input order. The summary holds one
// sentence per line and at most opts.MaxWords words. It returns the number
// of clusters written. A bad line is passed to warn (an error naming the
// line) and skipped, the other lines still summarised; with a nil warn a
// bad line stops the run with that error (the lines before it are written).
//
// Reading, summarising and writing overlap: one goroutine reads lines, the
// workers parse and summarise them, and the caller's goroutine writes the
// results back in input order.
func Batch(ctx context.Context, r io.Reader, w io.Writer, opts summarize.Options, workers int, warn func(error)) (int, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	maxW := opts.MaxWords
	if maxW <= 0 {
		maxW = 300
		opts.MaxWords = maxW
	}
	type job struct {
		seq, n int
		line   []byte
		buf    []byte // line lies in it; back to free once summarised
	}
	type result struct {
		seq     int
		out     []byte
		err     error
		skipped []error // documents left out of a summarised line
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// At most inFlight lines are read but not yet written, which bounds the
	// memory held for reordering; it is large enough for the reader to get
	// well ahead while the workers wait for the model to be decoded.
	inFlight := 256 * workers
	slots := make(chan struct{}, inFlight)
	jobs := make(chan job, inFlight)
	results := make(chan result, inFlight)
	// Line buffers go round: nothing a summarised line yields refers to
	// its bytes (the output and the errors are copies), so a worker hands
	// the buffer back for a later line. Allocating and zeroing a fresh
	// one per line was about 3% of a CPU profile of the command over
	// Multi-News val (whole runs: CPU ratio 0.983, peak RSS 234 MB
	// against 252).
	free := make(chan []byte, inFlight)
	var readErr error
	go func() {
		defer close(jobs)
		seq := 0
		readErr = reusedLines(r, free, func(buf, b []byte, n int) error {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			jobs <- job{seq: seq, n: n, line: b, buf: buf}
			seq++
			return nil
		})
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				out, skipped, err := summarizeLine(j.line, j.n, opts, maxW)
				if cap(j.buf) <= maxReusedLine {
					select {
					case free <- j.buf[:0]:
					default:
					}
				}
				results <- result{seq: j.seq, out: out, err: err, skipped: skipped}
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	bw := bufio.NewWriterSize(w, 1<<20)
	pending := make(map[int]result)
	next, written := 0, 0
	var err error
	for res := range results {
		pending[res.seq] = res
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-slots
			if err != nil {
				continue
			}
			if p.err == nil && len(p.skipped) > 0 {
				if warn == nil {
					p.err = p.skipped[0]
				} else {
					for _, e := range p.skipped {
						warn(fmt.Errorf("%w (%w)", e, ErrDocumentLeftOut))
					}
				}
			}
			if p.err != nil {
				if warn != nil {
					warn(p.err)
					continue
				}
				err = p.err
				cancel()
				continue
			}
			bw.Write(p.out)
			bw.WriteByte('\n')
			written++
		}
	}
	// results is closed: the reader has finished.
	if err == nil {
		err = readErr
	}
	if err == nil {
		err = ctx.Err()
	}
	if ferr := bw.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("write: %w", ferr)
	}
	return written, err
}

// maxReusedLine bounds the buffers kept for reuse: a rare huge line's
// buffer is left to the collector.
const maxReusedLine = 1 << 20

// reusedLines is Lines with each line copied into a buffer taken from free
// (a new one when free has none): fn gets the buffer and the line within
// it, and may pass the buffer back to free when it is done with the line.
func reusedLines(r io.Reader, free <-chan []byte, fn func(buf, line []byte, n int) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	n := 0
	for {
		var buf []byte
		select {
		case buf = <-free:
		default:
		}
		var err error
		for {
			var part []byte
			part, err = br.ReadSlice('\n')
			buf = append(buf, part...)
			if !errors.Is(err, bufio.ErrBufferFull) {
				break
			}
		}
		if len(buf) > 0 {
			n++
			if t := bytes.TrimSpace(buf); len(t) > 0 {
				if ferr := fn(buf, t, n); ferr != nil {
					return ferr
				}
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", n+1, err)
		}
	}
}

// ErrDocumentLeftOut marks a warning about one document of a line that
// Batch summarised without it (the line's other documents were read).
var ErrDocumentLeftOut = errors.New("document left out of its cluster")

// summarizeLine parses one input line and returns its output line (without
// the newline) and the documents it left out.
func summarizeLine(line []byte, n int, opts summarize.Options, maxW int) ([]byte, []error, error) {
	id, texts, skipped, err := parseForBatch(line, n)
	if err != nil {
		return nil, nil, err
	}
	docs := Documents(texts)
	picks := summarize.Summarize(docs, opts)
	summary := summarize.Render(docs, picks, maxW)
	// The bytes json.Marshal gives for struct{ID string `json:"id"`;
	// Summary string `json:"summary"`}, without reflection.
	out := make([]byte, 0, len(id)+len(summary)+len(`{"id":"","summary":""}`)+16)
	out = append(out, `{"id":`...)
	out, err = appendJSONString(out, id)
	if err != nil {
		return nil, nil, err
	}
	out = append(out, `,"summary":`...)
	if out, err = appendJSONString(out, summary); err != nil {
		return nil, nil, err
	}
	return append(out, '}'), skipped, nil
}

// appendJSONString appends s as json.Marshal encodes it. Strings of valid
// UTF-8 whose only bytes that encoding/json escapes are '"', '\\', '\n',
// '\r' and '\t' are written here (a summary's lines are joined with
// '\n'); any other string (holding '<', '>', '&', other control bytes,
// U+2028, U+2029 or invalid UTF-8) goes through json.Marshal.
func appendJSONString(dst []byte, s string) ([]byte, error) {
	mark := len(dst)
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		// Skip bytes that need no escaping eight at a time.
		for i+8 <= len(s) {
			m := jsonSpecial8(load64(s[i : i+8]))
			if m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= len(s) {
			break
		}
		switch jsonClass[s[i]] {
		case jsonPlain:
			continue
		case jsonEscape:
			dst = append(dst, s[start:i]...)
			switch c := s[i]; c {
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default: // '"' and '\\'
				dst = append(dst, '\\', c)
			}
			start = i + 1
			continue
		case jsonHigh:
			r, size := utf8.DecodeRuneInString(s[i:])
			if size > 1 && r != '\u2028' && r != '\u2029' {
				i += size - 1
				continue
			}
		}
		b, err := json.Marshal(s)
		return append(dst[:mark], b...), err
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"'), nil
}

// jsonSpecial8 marks (with its top bit) every byte of w, eight bytes of a
// string in little-endian order, whose jsonClass is not jsonPlain: bytes
// from 0x80 up, below 0x20, and '"', '\\', '<', '>', '&'. For the low seven
// bits x of a byte, x + 0x60 reaches 0x80 exactly when x >= 0x20, and
// (x ^ c) + 0x7f exactly when x != c; no carry leaves a byte.
func jsonSpecial8(w uint64) uint64 {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	x := w &^ high
	m := w & high
	m |= ^(x + ones*(0x80-0x20)) & high
	m |= ^((x ^ ones*'"') + ones*0x7f) & high
	m |= ^((x ^ ones*'\\') + ones*0x7f) & high
	m |= ^((x ^ ones*'<') + ones*0x7f) & high
	m |= ^((x ^ ones*'>') + ones*0x7f) & high
	m |= ^((x ^ ones*'&') + ones*0x7f) & high
	return m
}

// load64 reads the first eight bytes of s (at least eight long) as a
// little-endian word, in one load.
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// jsonClass sorts bytes for appendJSONString.
var jsonClass = func() (t [256]uint8) {
	for c := range 0x20 {
		t[c] = jsonMarshal
	}
	for _, c := range "<>&" {
		t[c] = jsonMarshal
	}
	for _, c := range "\"\\\n\r\t" {
		t[c] = jsonEscape
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = jsonHigh
	}
	return t
}()

const (
	jsonPlain = iota
	jsonEscape
	jsonMarshal
	jsonHigh
)

// parseForBatch returns a line's id and document texts as ParseLine does:
// the common shape through fastLine, else documents as strings in one
// json.Unmarshal; anything else, including every error, goes through
// ParseLine.
func parseForBatch(line []byte, n int) (string, []string, []error, error) {
	if id, docs, ok := fastLine(line); ok {
		return id, docs, nil, nil
	}
	var fast struct {
		ID             string            `json:"id"`
		ClusterID      string            `json:"cluster_id"`
		Documents      []string          `json:"documents"`
		Summary        *string           `json:"summary"`
		ModelSummaries map[string]string `json:"model_summaries"`
	}
	if json.Unmarshal(line, &fast) == nil && fast.Documents != nil {
		id := fast.ID
		if id == "" {
			id = fast.ClusterID
		}
		// A null document decodes to "" here but is an error for ParseLine.
		ok := id != ""
		for _, d := range fast.Documents {
			ok = ok && d != ""
		}
		if ok {
			return id, fast.Documents, nil, nil
		}
	}
	c, err := ParseLine(line, n)
	return c.ID, c.Texts, c.Skipped, err
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
