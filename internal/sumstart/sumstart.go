// Package sumstart gets `chorus summarize` going while the rest of the
// program is still being initialised. Importing it (the chorus command
// does, for its side effect) changes nothing for any other command.
//
// Before main runs, Go initialises every linked package, one at a time.
// The chorus binary links the extraction stage, and through it a date
// parser whose package initialisation compiles about 4,000 regular
// expressions: some 0.2 CPU-seconds during which the second core stays
// idle, and which no released version of that parser avoids. The linker
// orders package initialisation by import path among the packages whose
// imports are initialised, so this package, which imports only package
// summarize, the gzip reader and standard packages that the parser needs
// first, is initialised before the parser. When the command line names
// the summarize command, its init starts, each on a goroutine of its own
// that runs on the idle core:
//   - decoding the embedded summarizer model (summarize.Default), and
//   - reading and decompressing the --in file into memory (at most
//     maxAhead bytes ahead of the reader), which the command then takes
//     with Input instead of opening the file itself.
//
// It also allocates a ballast, pointer-free memory that is never touched
// (so never resident), which keeps the garbage collector from running
// often while the parser builds its tables: the collector's goal is twice
// the heap live at its last cycle, and the parser allocates about 78 MB in
// some 336,000 objects, which took seven to nine collections of a growing
// heap, a seventh of the instructions of the initialisation and of the
// summarize command on a tiny input (1.78 G without the ballast, 1.55 G
// with it, measured with callgrind). The command calls Release when main
// has started.
//
// It must not import packages that sort after the parser's import path
// and that the parser does not need (runtime/debug, for one): those are
// initialised after the parser, and this package with them.
package sumstart

import (
	"flag"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/chorusnews/chorus/internal/summarize"
	"github.com/klauspost/compress/gzip"
)

func init() {
	if len(os.Args) < 2 || os.Args[1] != "summarize" {
		return
	}
	ballast = make([]byte, ballastBytes)
	go summarize.Default()
	if path, ok := inPath(os.Args[2:]); ok && path != "" && path != "-" {
		early = startAhead(path, maxAhead)
	}
}

// inPath returns the --in value of the summarize command's arguments, or
// ok false when they do not parse as that command's flags (the command
// then reports the error itself). The flags must be those of runSummarize
// in cmd/chorus: a flag added there and not here only turns the early
// reading off.
func inPath(args []string) (path string, ok bool) {
	fs := flag.NewFlagSet("summarize", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	in := fs.String("in", "", "")
	fs.String("out", "", "")
	fs.Int("max-words", 0, "")
	fs.String("model", "", "")
	fs.Int("workers", 0, "")
	fs.String("cpuprofile", "", "")
	if fs.Parse(args) != nil || fs.NArg() > 0 {
		return "", false
	}
	return *in, true
}

// maxAhead bounds the bytes read ahead before the command takes the
// input (while the program is initialised), keepAhead afterwards. At
// 16 MB the reading stopped at the bound before main in most runs of the
// Multi-News validation file (22 MB of JSON), leaving the rest of the
// inflating to the batch while the second core waited for the parser.
const (
	maxAhead  = 32 << 20
	keepAhead = 1 << 20
)

// chunkSize is the size of the blocks the input is read into.
const chunkSize = 256 << 10

var early *ahead

// ballast holds ballastBytes of pointer-free memory from the start of
// initialisation until Release.
var ballast []byte

// ballastBytes leaves one collection of the parser's tables half-way
// through (128 MB, none at all, saved another 0.1-0.16 G instructions for
// 30-45 MB more peak memory: the parser's garbage stays resident).
const ballastBytes = 64 << 20

// Release drops the ballast and starts a collection in the background,
// so that the next goals of the collector count only live memory (left to
// itself, the collector would wait until the heap grew to twice the
// ballast and what was live beside it, and the memory of the ballast,
// once freed, would be reused and become resident: 50-80 MB more peak
// memory). Call it when main has started; it does nothing when the
// summarize command did not start the package's work.
func Release() {
	if ballast == nil {
		return
	}
	ballast = nil
	go runtime.GC()
}

// ahead is the input being read ahead: filled blocks wait in full, and
// blocks the reader has finished with return through free.
type ahead struct {
	path   string
	mu     sync.Mutex
	cond   sync.Cond
	taken  bool     // Input handed it out
	closed bool     // the reader is done with it
	ok     bool     // the file was opened (and its gzip header read)
	ready  bool     // ok is known
	full   [][]byte // read and not yet taken
	free   [][]byte
	held   int   // bytes in full
	limit  int   // held stops growing at limit
	err    error // after the last block of full: io.EOF or the read error
	// Reader side: the rest of the block being read, and the block.
	cur, last []byte
	// prime reads the blocks in full while stopPriming is false, and
	// closes primed when it has finished.
	stopPriming atomic.Bool
	primed      chan struct{}
}

// startAhead starts reading path ahead, at most limit bytes, and priming
// the summarizer's lexicons with its words.
func startAhead(path string, limit int) *ahead {
	a := &ahead{path: path, limit: limit, primed: make(chan struct{})}
	a.cond.L = &a.mu
	go a.fill()
	go a.prime()
	return a
}

// fill opens the file as sumeval.Open does and reads it into blocks.
func (a *ahead) fill() {
	var r io.Reader
	f, err := os.Open(a.path)
	if err == nil {
		r = f
		defer f.Close()
		if strings.HasSuffix(a.path, ".gz") {
			var z *gzip.Reader
			if z, err = gzip.NewReader(f); err == nil {
				r = z
			}
		}
	}
	a.mu.Lock()
	a.ok, a.ready = err == nil, true
	a.cond.Broadcast()
	a.mu.Unlock()
	if err != nil {
		return
	}
	for {
		a.mu.Lock()
		for a.held >= a.limit && !a.closed {
			a.cond.Wait()
		}
		if a.closed {
			a.mu.Unlock()
			return
		}
		var b []byte
		if k := len(a.free); k > 0 {
			b, a.free = a.free[k-1], a.free[:k-1]
		}
		a.mu.Unlock()
		if b == nil {
			b = make([]byte, chunkSize)
		}
		// Fill the block; err is what the reader returned last (io.EOF
		// at the end of the input).
		n := 0
		var err error
		for n < len(b) && err == nil {
			var k int
			k, err = r.Read(b[n:])
			n += k
		}
		a.mu.Lock()
		if n > 0 {
			a.full = append(a.full, b[:n])
			a.held += n
		}
		a.err = err
		a.cond.Broadcast()
		a.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// maxPrime bounds the bytes prime reads. Before main it read 6-8 MB of
// the Multi-News validation file (40,000 of its 72,000 distinct words,
// most of its tokens); words past that are rarer and rarely met twice,
// not worth a second pass over the text.
const maxPrime = 8 << 20

// primeStep is how much text prime hands to the Primer between checks of
// stopPriming: Input waits for the check.
const primeStep = 16 << 10

// prime adds the words of the blocks read so far to a summarize.Primer
// until Input stops it (or the input ends), then publishes them: the
// lexicons of the batch then find most words already stemmed, and share
// one table of them (see summarize.Primer). It reads the blocks in full
// without taking them: until Input, nothing else reads or recycles them.
func (a *ahead) prime() {
	defer close(a.primed)
	p := summarize.NewPrimer()
	primed := 0
	for k := 0; ; k++ {
		a.mu.Lock()
		for k >= len(a.full) && a.err == nil && !(a.ready && !a.ok) && !a.stopPriming.Load() {
			a.cond.Wait()
		}
		var b []byte
		if k < len(a.full) {
			b = a.full[k]
		}
		a.mu.Unlock()
		if b == nil {
			break
		}
		for len(b) > 0 && primed < maxPrime && !a.stopPriming.Load() {
			n := min(len(b), primeStep)
			p.Add(b[:n])
			b = b[n:]
			primed += n
		}
		if primed >= maxPrime || a.stopPriming.Load() {
			break
		}
	}
	p.Publish(summarize.Default())
}

// Input returns the contents of path as sumeval.Open would give them
// (decompressed when the name ends in .gz), read ahead since the program
// started, when the command line's --in was path and the file could be
// opened; otherwise it returns nil and the caller opens the file itself
// (and reports any error). It hands the contents out once.
func Input(path string) io.ReadCloser {
	a := early
	if a == nil || a.path != path {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for !a.ready {
		a.cond.Wait()
	}
	if a.taken || !a.ok {
		return nil
	}
	a.taken = true
	// The blocks are the reader's from now on, to recycle.
	a.stopPriming.Store(true)
	a.cond.Broadcast()
	a.mu.Unlock()
	<-a.primed
	a.mu.Lock()
	// From now on the command reads as fast as the input is decompressed:
	// read ahead only a little more, as a buffered reader would.
	a.limit = keepAhead
	return a
}

// Read copies bytes from the blocks read ahead, waiting for more when
// there are none; after the last block it returns what the file's reader
// returned (io.EOF, or the error that stopped it).
func (a *ahead) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if len(a.cur) == 0 {
		a.mu.Lock()
		if a.last != nil && a.err == nil && len(a.free) < 4 {
			// For the reading goroutine to fill again; once it has
			// finished, blocks are left to the collector.
			a.free = append(a.free, a.last[:cap(a.last)])
		}
		a.last = nil
		for len(a.full) == 0 && a.err == nil {
			a.cond.Wait()
		}
		if len(a.full) == 0 {
			err := a.err
			a.mu.Unlock()
			return 0, err
		}
		a.cur, a.last = a.full[0], a.full[0]
		a.full[0] = nil
		a.full = a.full[1:]
		a.held -= len(a.cur)
		a.cond.Broadcast()
		a.mu.Unlock()
	}
	n := copy(p, a.cur)
	a.cur = a.cur[n:]
	return n, nil
}

// Close stops the reading ahead.
func (a *ahead) Close() error {
	a.mu.Lock()
	a.closed = true
	a.full, a.free, a.cur, a.last = nil, nil, nil, nil
	a.cond.Broadcast()
	a.mu.Unlock()
	return nil
}
