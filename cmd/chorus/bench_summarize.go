package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"

	"github.com/chorusnews/chorus/internal/benchproc"
)

// runBenchSummarize times whole `chorus summarize` runs in child processes.
func runBenchSummarize(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench summarize", `bench summarize [--in FILE] [--rounds N] [--base BINARY]

Runs "chorus summarize --in FILE --out TEMP" in a child process --rounds
times and prints, per run and then per build, what /usr/bin/time would:
wall seconds, CPU seconds (user + system), peak resident memory, with the
one-minute load average before each run. Start-up is included, as a user
sees it. With --base, another chorus executable (a build of the previous
release, say) runs the same command in the same rounds, alternating with
this one run by run, and the summary adds the medians of the per-round
ratios of this build's times to the base's: on a shared machine whose
speed drifts from minute to minute, neighbouring runs compare better than
medians do. It also says whether every run wrote the same summaries.
The project's target: at most 1 s wall over the 5,622 Multi-News
validation clusters (the default --in) on two cores.`, stderr)
	in := fs.String("in", "../shared/data/multinews/val.jsonl.gz", "clusters to summarize (JSON Lines, .gz allowed)")
	rounds := fs.Int("rounds", 5, "runs of each build")
	base := fs.String("base", "", "another chorus executable to alternate with (optional)")
	workers := fs.Int("workers", 0, "passed to summarize --workers (0: its default, all cores)")
	maxWords := fs.Int("max-words", 300, "passed to summarize --max-words")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	if *rounds <= 0 {
		return fmt.Errorf("%w: --rounds must be at least 1", errUsage)
	}
	if _, err := os.Stat(*in); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding this executable: %w", err)
	}
	cmdArgs := []string{"summarize", "--in", *in, "--out", benchproc.OutArg, "--max-words", strconv.Itoa(*maxWords)}
	if *workers > 0 {
		cmdArgs = append(cmdArgs, "--workers", strconv.Itoa(*workers))
	}
	this := benchproc.Build{Name: "this", Path: self, Args: cmdArgs}
	builds := []benchproc.Build{this}
	if *base != "" {
		path, err := filepath.Abs(*base)
		if err != nil {
			return err
		}
		if st, err := os.Stat(path); err != nil {
			return fmt.Errorf("--base: %w", err)
		} else if st.IsDir() || st.Mode()&0o111 == 0 {
			return fmt.Errorf("--base: %s is not an executable file", path)
		}
		// The base first: ratios are taken against build 0.
		builds = []benchproc.Build{{Name: "base", Path: path, Args: cmdArgs}, this}
	}
	fmt.Fprintf(stdout, "chorus summarize --in %s, %d rounds\n", *in, *rounds)
	fmt.Fprintf(stdout, "%5s  %5s  %8s  %6s  %12s  %5s\n", "round", "build", "wall s", "CPU s", "peak RSS MiB", "load")
	runs, err := benchproc.Measure(ctx, builds, *rounds, func(r benchproc.Run) {
		fmt.Fprintf(stdout, "%5d  %5s  %8.3f  %6.2f  %12.0f  %5.2f\n", r.Round+1, builds[r.Build].Name, r.Wall.Seconds(), r.CPU.Seconds(), float64(r.PeakRSS)/(1<<20), r.Load)
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "build\twall median s\t(min-max)\tCPU median s\t(min-max)\tpeak RSS MiB\twall ratio\tCPU ratio\tsame output\t")
	sums := benchproc.Summarize(runs, len(builds))
	for i, s := range sums {
		ratio := func(v float64) string {
			if i == 0 {
				return "-"
			}
			return fmt.Sprintf("%.3f", v)
		}
		fmt.Fprintf(tw, "%s\t%.3f\t%.2f-%.2f\t%.2f\t%.2f-%.2f\t%.0f\t%s\t%s\t%v\t\n", builds[i].Name, s.Wall.Seconds(), s.WallMin.Seconds(), s.WallMax.Seconds(),
			s.CPU.Seconds(), s.CPUMin.Seconds(), s.CPUMax.Seconds(), float64(s.PeakRSSMax)/(1<<20), ratio(s.WallRatio), ratio(s.CPURatio), s.SameOutput)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(builds) > 1 {
		fmt.Fprintln(stdout, "ratio: this build's time over the base's in the same round, median of the rounds (below 1: this build is faster)")
	}
	return nil
}
