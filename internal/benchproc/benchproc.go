// Package benchproc measures whole commands the way /usr/bin/time does, in
// child processes: wall time, CPU time (user + system) and peak resident
// memory of each run, with the machine's load average beside it. It runs
// one or more builds of a command alternately, round after round, because
// on a shared machine whose speed drifts from minute to minute the ratio of
// two neighbouring runs says more than either build's median.
package benchproc

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Build is one program to measure: a name for the report, the path of the
// executable and its arguments. The literal argument "{out}" is replaced
// by a fresh output file per run, whose contents are compared across builds.
type Build struct {
	Name string
	Path string
	Args []string
}

// OutArg is the argument Run replaces with the run's output file.
const OutArg = "{out}"

// Run is one measured run.
type Run struct {
	Build int // index into the builds
	Round int // from 0
	Wall  time.Duration
	CPU   time.Duration // user + system
	// PeakRSS is the largest resident set of the process, in bytes.
	PeakRSS int64
	// Load is the one-minute load average just before the run (-1 when
	// the system does not say).
	Load float64
	// Output is the SHA-256 of the output file ("" without {out}).
	Output string
}

// Measure runs every build rounds times, alternating build by build within
// each round (build 0 first in even rounds, last in odd ones, so neither
// always follows the other), and calls progress after each run when not
// nil. A run that fails stops everything: its error names the build, the
// round, the exit status and the end of its standard error.
func Measure(ctx context.Context, builds []Build, rounds int, progress func(Run)) ([]Run, error) {
	if len(builds) == 0 || rounds <= 0 {
		return nil, errors.New("benchproc: nothing to run")
	}
	dir, err := os.MkdirTemp("", "chorus-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var runs []Run
	for r := range rounds {
		order := make([]int, len(builds))
		for i := range order {
			order[i] = i
		}
		if r%2 == 1 {
			slices.Reverse(order)
		}
		for _, b := range order {
			run, err := measureOne(ctx, builds[b], dir)
			if err != nil {
				return runs, fmt.Errorf("%s, round %d: %w", builds[b].Name, r+1, err)
			}
			run.Build, run.Round = b, r
			runs = append(runs, run)
			if progress != nil {
				progress(run)
			}
		}
	}
	return runs, nil
}

func measureOne(ctx context.Context, b Build, dir string) (Run, error) {
	out := ""
	args := make([]string, len(b.Args))
	for i, a := range b.Args {
		if a == OutArg {
			if out == "" {
				f, err := os.CreateTemp(dir, "out-")
				if err != nil {
					return Run{}, err
				}
				out = f.Name()
				f.Close()
			}
			a = out
		}
		args[i] = a
	}
	if out != "" {
		defer os.Remove(out)
	}
	cmd := exec.CommandContext(ctx, b.Path, args...)
	var stderr tailBuffer
	cmd.Stderr = &stderr
	run := Run{Load: loadAverage()}
	start := time.Now()
	err := cmd.Run()
	run.Wall = time.Since(start)
	if err != nil {
		if tail := strings.TrimSpace(stderr.String()); tail != "" {
			return run, fmt.Errorf("%w: %s", err, tail)
		}
		return run, err
	}
	if st := cmd.ProcessState; st != nil {
		run.CPU = st.UserTime() + st.SystemTime()
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
			run.PeakRSS = int64(ru.Maxrss) * 1024 // kilobytes on Linux
		}
	}
	if out != "" {
		f, err := os.Open(out)
		if err != nil {
			return run, err
		}
		h := sha256.New()
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return run, err
		}
		run.Output = fmt.Sprintf("%x", h.Sum(nil))
	}
	return run, nil
}

// tailBuffer keeps the last 2 KB written to it.
type tailBuffer struct{ b []byte }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > 2048 {
		t.b = append(t.b[:0], t.b[len(t.b)-2048:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.b) }

// loadAverage reads the one-minute load average from /proc/loadavg, or -1.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	f := bytes.Fields(b)
	if len(f) == 0 {
		return -1
	}
	v, err := strconv.ParseFloat(string(f[0]), 64)
	if err != nil {
		return -1
	}
	return v
}

// Summary is one build's runs, summarised.
type Summary struct {
	Runs                   int
	Wall, WallMin, WallMax time.Duration // median, least, most
	CPU, CPUMin, CPUMax    time.Duration
	PeakRSSMax             int64
	// WallRatio and CPURatio are the medians over rounds of this build's
	// time over build 0's in the same round (1 for build 0 itself).
	WallRatio, CPURatio float64
	// SameOutput reports whether every run wrote the same output as
	// build 0's first run.
	SameOutput bool
}

// Summarize summarises runs (as Measure returns them) per build.
func Summarize(runs []Run, builds int) []Summary {
	out := make([]Summary, builds)
	ref := map[int]Run{} // build 0's run per round
	first := ""
	for _, r := range runs {
		if r.Build == 0 {
			ref[r.Round] = r
			if first == "" {
				first = r.Output
			}
		}
	}
	for b := range out {
		var walls, cpus, wr, cr []float64
		s := Summary{SameOutput: true}
		for _, r := range runs {
			if r.Build != b {
				continue
			}
			s.Runs++
			walls = append(walls, float64(r.Wall))
			cpus = append(cpus, float64(r.CPU))
			s.PeakRSSMax = max(s.PeakRSSMax, r.PeakRSS)
			if r.Output != first {
				s.SameOutput = false
			}
			if z, ok := ref[r.Round]; ok && z.Wall > 0 {
				wr = append(wr, float64(r.Wall)/float64(z.Wall))
			}
			if z, ok := ref[r.Round]; ok && z.CPU > 0 {
				cr = append(cr, float64(r.CPU)/float64(z.CPU))
			}
		}
		if s.Runs == 0 {
			continue
		}
		s.Wall, s.WallMin, s.WallMax = time.Duration(Median(walls)), time.Duration(slices.Min(walls)), time.Duration(slices.Max(walls))
		s.CPU, s.CPUMin, s.CPUMax = time.Duration(Median(cpus)), time.Duration(slices.Min(cpus)), time.Duration(slices.Max(cpus))
		s.WallRatio, s.CPURatio = Median(wr), Median(cr)
		out[b] = s
	}
	return out
}

// Median is the middle value of xs (the mean of the two middle ones for an
// even count), 0 for none. xs is not changed.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
