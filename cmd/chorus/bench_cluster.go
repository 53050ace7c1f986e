package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/chorusnews/chorus/internal/cluster"
	"github.com/chorusnews/chorus/internal/clustereval"
)

// runBenchCluster measures clustering speed and memory on streams of
// replicated, perturbed real documents (synthetic ones when the data is absent).
func runBenchCluster(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench cluster", `bench cluster [--sizes 100000,1000000] [--base FILE] [--perturb-all]

Streams synthetic article streams of each size through the story clusterer
(feature extraction on --workers goroutines, the clustering step in input
order, as chorus cluster does) and prints per size: articles, wall seconds,
articles per second, microseconds per article, CPU seconds, articles per
CPU second, peak resident memory, stories, evicted stories and near-copies.
Articles are --base documents replicated round after round, about a third
of each document's words replaced and round-specific names added, so every
round brings new stories and terms (--perturb-all perturbs the first round
too), stamped at 1,000 an hour. Without --base the documents are synthetic
(Zipf-distributed made-up words with a topic of their own), weighted with
document frequencies counted over themselves. Sizes run one after another in one
process; for a per-size CPU profile run each size alone with --cpuprofile.`, stderr)
	sizes := fs.String("sizes", "100000,1000000", "comma-separated stream sizes, run in order")
	base := fs.String("base", "../shared/data/multinews/train.jsonl.gz", "Multi-News file whose documents are replicated and perturbed (synthetic text when absent)")
	seed := fs.Uint64("seed", 1, "generator seed")
	workers := fs.Int("workers", 2, "feature-extraction goroutines")
	perturbAll := fs.Bool("perturb-all", false, "perturb the first round of base documents too, so every size streams the same kind of article")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile to this file")
	memprofile := fs.String("memprofile", "", "write a heap profile to this file at the end of each size (the last one stays)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	stop, err := startCPUProfile(*cpuprofile)
	if err != nil {
		return err
	}
	defer stop()
	setGC()
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return fmt.Errorf("%w: bad size %q in --sizes", errUsage, s)
		}
		ns = append(ns, n)
	}
	docs, err := clustereval.LoadBenchBase(*base, 20)
	if err != nil {
		return err
	}
	if docs == nil {
		fmt.Fprintf(stdout, "base: %s absent, synthetic documents\n", *base)
	} else {
		when := "after the first round"
		if *perturbAll {
			when = "in every round"
		}
		fmt.Fprintf(stdout, "base: %d documents of >= 20 words from %s, perturbed %s\n", len(docs), *base, when)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "articles\tseconds\tarticles/s\tus/article\tCPU s\tarticles/CPU-s\tpeak RSS MiB\tstories\tevicted\tcopies\t")
	for _, n := range ns {
		var after func() error
		if *memprofile != "" {
			after = func() error { runtime.GC(); return writeHeapProfile(*memprofile) }
		}
		r, err := clustereval.RunBench(ctx, docs, n, *seed, *perturbAll, cluster.DefaultOptions(), *workers, after)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%d\t%.1f\t%.0f\t%.1f\t%.1f\t%.0f\t%.0f\t%d\t%d\t%d\t\n", r.Articles, r.Elapsed.Seconds(), r.PerSec,
			float64(r.PerArticle.Nanoseconds())/1000, r.CPU.Seconds(), float64(r.Articles)/r.CPU.Seconds(), float64(r.PeakRSS)/(1<<20), r.Stories, r.Evicted, r.Copies)
		tw.Flush()
	}
	return tw.Flush()
}

// setGC lets the heap grow to twice its live size between collections but
// collects harder near 1.5 GiB, unless the user set GOGC or GOMEMLIMIT.
func setGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1536 << 20)
	}
}

// writeHeapProfile writes the live heap to path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
