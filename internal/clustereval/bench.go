package clustereval

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/chorusnews/chorus/internal/cluster"
)

// BenchSource generates a benchmark stream: real documents replicated and
// perturbed when base documents are given, synthetic text otherwise. Round 0
// emits the base documents as they are (unless PerturbAll); later rounds
// replace about a third of each document's words with words drawn from the
// base vocabulary and add round-specific names, so every round brings new
// stories and new terms. Articles are stamped at 1,000 an hour.
type BenchSource struct {
	// PerturbAll perturbs round 0 too, so that a short stream and a long
	// one are made of the same kind of article and their times per article
	// compare like with like.
	PerturbAll bool

	base  []string // documents, words separated by single spaces
	vocab []string
	rng   *rand.Rand
	n     int
	start time.Time
	buf   strings.Builder
}

// LoadBenchBase reads Multi-News documents of at least minWords words to
// perturb. It returns nil, nil when the file does not exist.
func LoadBenchBase(path string, minWords int) ([]string, error) {
	if _, err := os.Stat(path); err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, err
	}
	var docs []string
	err := eachLine(path, func(line int, data []byte) error {
		var rec struct {
			Documents []string `json:"documents"`
		}
		if err := json.Unmarshal(data, &rec); err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
		for _, d := range rec.Documents {
			if w := strings.Fields(d); len(w) >= minWords {
				docs = append(docs, strings.Join(w, " "))
			}
		}
		return nil
	})
	return docs, err
}

// NewBenchSource returns a generator seeded by seed. With no base documents
// it synthesises 20,000 documents of 150 words from a Zipf vocabulary.
func NewBenchSource(base []string, seed uint64) *BenchSource {
	rng := rand.New(rand.NewPCG(seed, seed^0xbe4c))
	if len(base) == 0 {
		vocab := make([]string, 50000)
		for i := range vocab {
			vocab[i] = "w" + strconv.Itoa(i)
		}
		z := rand.NewZipf(rng, 1.1, 2, uint64(len(vocab)-1))
		base = make([]string, 20000)
		doc := make([]string, 150)
		for i := range base {
			topic := rng.IntN(len(vocab))
			for j := range doc {
				if j%5 == 0 {
					doc[j] = vocab[(topic+j)%len(vocab)]
				} else {
					doc[j] = vocab[z.Uint64()]
				}
			}
			base[i] = strings.Join(doc, " ")
		}
	}
	var vocab []string
	for i := 0; i < len(base) && len(vocab) < 200000; i += 7 {
		vocab = append(vocab, strings.Fields(base[i])...)
	}
	return &BenchSource{base: base, vocab: vocab, rng: rng, start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// baseDF counts the document frequencies of the base documents' terms.
func (s *BenchSource) baseDF() (*cluster.DFTable, error) {
	df := cluster.NewDFCounter()
	for _, d := range s.base {
		df.Add(d)
	}
	var b bytes.Buffer
	if err := df.WriteTable(&b, 0); err != nil {
		return nil, err
	}
	return cluster.ReadDFTable(&b)
}

// Next returns the next article of the stream.
func (s *BenchSource) Next() cluster.Input {
	i := s.n
	s.n++
	round, k := i/len(s.base), i%len(s.base)
	doc := s.base[k]
	s.buf.Reset()
	if round == 0 && !s.PerturbAll {
		s.buf.WriteString(doc)
	}
	for j := 0; (round > 0 || s.PerturbAll) && len(doc) > 0; j++ {
		w, rest, _ := strings.Cut(doc, " ")
		doc = rest
		if j > 0 {
			s.buf.WriteByte(' ')
		}
		if s.rng.IntN(3) == 0 {
			w = s.vocab[s.rng.IntN(len(s.vocab))]
		}
		s.buf.WriteString(w)
		if j%40 == 0 {
			s.buf.WriteString(" R")
			s.buf.WriteString(strconv.Itoa(round))
			s.buf.WriteByte('n')
			s.buf.WriteString(strconv.Itoa(k / 3))
		}
	}
	return cluster.Input{
		ID:        "b" + strconv.Itoa(i),
		Text:      s.buf.String(),
		Published: s.start.Add(time.Duration(i) * 3600 * time.Second / 1000),
	}
}

// BenchResult is the measurement of one stream size.
type BenchResult struct {
	Articles   int
	Elapsed    time.Duration
	PerSec     float64
	PerArticle time.Duration
	PeakRSS    int64 // bytes, VmHWM after the run
	Stories    int
	Copies     int
	Evicted    int
	// CPU is the user+system CPU time the process spent during the run.
	CPU time.Duration
}

// RunBench clusters n articles of a fresh stream and measures it. When
// after is not nil it is called once the stream is done, while the
// clusterer is still live (to write a heap profile, say).
//
// Synthetic documents (no base) are weighted with document frequencies
// counted over themselves unless opts.DF is set: the embedded table knows
// none of their made-up words, which would all get the same weight, so
// every article would look like every other and join one story.
func RunBench(ctx context.Context, base []string, n int, seed uint64, perturbAll bool, opts cluster.Options, workers int, after func() error) (BenchResult, error) {
	src := NewBenchSource(base, seed)
	src.PerturbAll = perturbAll
	if len(base) == 0 && opts.DF == nil {
		df, err := src.baseDF()
		if err != nil {
			return BenchResult{}, err
		}
		opts.DF = df
	}
	c, err := cluster.NewOnline(opts)
	if err != nil {
		return BenchResult{}, err
	}
	runtime.GC()
	copies := 0
	k := 0
	cpu0 := cpuTime()
	start := time.Now()
	err = Stream(ctx, c, workers, func() (cluster.Input, error) {
		if k == n {
			return cluster.Input{}, io.EOF
		}
		k++
		return src.Next(), nil
	}, func(_ cluster.Input, a cluster.Assignment) error {
		if a.CopyOf != "" {
			copies++
		}
		return nil
	})
	if err != nil {
		return BenchResult{}, err
	}
	el := time.Since(start)
	cpu := cpuTime() - cpu0
	if after != nil {
		if err := after(); err != nil {
			return BenchResult{}, err
		}
		runtime.KeepAlive(c)
	}
	rss, err := PeakRSS()
	if err != nil {
		return BenchResult{}, err
	}
	return BenchResult{
		Articles: n, Elapsed: el, PerSec: float64(n) / el.Seconds(),
		PerArticle: el / time.Duration(n), PeakRSS: rss, Stories: c.Stories(), Copies: copies, Evicted: c.Evicted(), CPU: cpu,
	}, nil
}

// PeakRSS reads the process's peak resident set size (VmHWM) from
// /proc/self/status.
func PeakRSS() (int64, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, fmt.Errorf("peak RSS: %w", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			f := strings.Fields(v)
			if len(f) >= 1 {
				kb, err := strconv.ParseInt(f[0], 10, 64)
				if err != nil {
					return 0, fmt.Errorf("peak RSS: %q: %w", l, err)
				}
				return kb * 1024, nil
			}
		}
	}
	return 0, fmt.Errorf("peak RSS: no VmHWM in /proc/self/status")
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
