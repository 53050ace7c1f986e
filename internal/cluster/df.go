package cluster

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// The embedded document-frequency table: term document frequencies counted
// over the Multi-News train documents (stems of the words this package
// keeps), the most frequent dfTableTop terms only. Rebuild it with
// `go generate ./internal/cluster` when the tokeniser changes.
//
//go:generate go run ./gendf -in ../../../shared/data/multinews/train.jsonl.gz -out df.tsv.gz -top 50000
//go:embed df.tsv.gz
var dfTableGz []byte

// DFTable maps stemmed terms to the number of documents that contain them.
type DFTable struct {
	Docs int // number of documents counted
	df   map[termID]uint32
	// minDF is the smallest frequency kept; terms outside the table are
	// rarer than that.
	minDF uint32
}

var (
	defaultDFOnce sync.Once
	defaultDF     *DFTable
	defaultDFErr  error
)

// DefaultDF returns the embedded table. It fails only if the embedded file
// is corrupt, which a test guards against.
func DefaultDF() (*DFTable, error) {
	defaultDFOnce.Do(func() {
		zr, err := gzip.NewReader(bytes.NewReader(dfTableGz))
		if err != nil {
			defaultDFErr = fmt.Errorf("cluster: embedded df table: %w", err)
			return
		}
		defaultDF, defaultDFErr = ReadDFTable(zr)
	})
	return defaultDF, defaultDFErr
}

// ReadDFTable reads a table written by DFCounter.WriteTable: a first line
// "#docs N", then "term<TAB>df" lines.
func ReadDFTable(r io.Reader) (*DFTable, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	t := &DFTable{df: make(map[termID]uint32, 1<<16), minDF: math.MaxUint32}
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if line == 1 {
			n, ok := strings.CutPrefix(s, "#docs ")
			if !ok {
				return nil, fmt.Errorf("df table line 1: want \"#docs N\", got %q", s)
			}
			docs, err := strconv.Atoi(n)
			if err != nil || docs <= 0 {
				return nil, fmt.Errorf("df table line 1: bad document count %q", n)
			}
			t.Docs = docs
			continue
		}
		term, num, ok := strings.Cut(s, "\t")
		if !ok {
			return nil, fmt.Errorf("df table line %d: want term<TAB>df, got %q", line, s)
		}
		df, err := strconv.ParseUint(num, 10, 32)
		if err != nil || df == 0 {
			return nil, fmt.Errorf("df table line %d: bad frequency %q", line, num)
		}
		t.df[termHash(term)] = uint32(df)
		t.minDF = min(t.minDF, uint32(df))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("df table: %w", err)
	}
	if t.Docs == 0 {
		return nil, fmt.Errorf("df table: empty")
	}
	if t.minDF == math.MaxUint32 {
		t.minDF = 1
	}
	return t, nil
}

// idf is the smoothed inverse document frequency of a term. A term missing
// from the table gets the frequency of a term just below the table's cut.
func (t *DFTable) idf(id termID) float32 {
	df, ok := t.df[id]
	if !ok {
		df = max(1, t.minDF/2)
	}
	return float32(math.Log(float64(t.Docs+1)/float64(df+1)) + 1)
}

// DFCounter counts document frequencies of the terms this package keeps.
type DFCounter struct {
	docs int
	df   map[string]int
	st   *stemmer
	toks []token
	seen map[string]struct{}
}

// NewDFCounter returns an empty counter.
func NewDFCounter() *DFCounter {
	return &DFCounter{df: make(map[string]int), st: newStemmer(1 << 20), seen: make(map[string]struct{})}
}

// Add counts one document.
func (c *DFCounter) Add(text string) {
	c.docs++
	c.toks = tokenize(text, c.toks[:0])
	clear(c.seen)
	for _, tk := range c.toks {
		if isStop(tk.lower) {
			continue
		}
		s := c.st.stem(tk.lower)
		if _, ok := c.seen[s]; ok {
			continue
		}
		c.seen[s] = struct{}{}
		c.df[s]++
	}
}

// WriteTable writes the top most frequent terms (ties by term), each seen
// in at least two documents, in the format ReadDFTable reads.
func (c *DFCounter) WriteTable(w io.Writer, top int) error {
	type kv struct {
		k string
		v int
	}
	all := make([]kv, 0, len(c.df))
	for k, v := range c.df {
		if v >= 2 {
			all = append(all, kv{k, v})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].v != all[j].v {
			return all[i].v > all[j].v
		}
		return all[i].k < all[j].k
	})
	if top > 0 && len(all) > top {
		all = all[:top]
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "#docs %d\n", c.docs)
	for _, e := range all {
		fmt.Fprintf(bw, "%s\t%d\n", e.k, e.v)
	}
	return bw.Flush()
}
