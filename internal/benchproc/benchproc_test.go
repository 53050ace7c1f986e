package benchproc

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// The test binary doubles as the measured program: with BENCHPROC_CHILD
// set it writes its last argument's file (with the text of the one before)
// or fails, and exits.
func TestMain(m *testing.M) {
	switch os.Getenv("BENCHPROC_CHILD") {
	case "":
		os.Exit(m.Run())
	case "write":
		a := os.Args
		if err := os.WriteFile(a[len(a)-1], []byte(a[len(a)-2]), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	default:
		fmt.Fprintln(os.Stderr, "child: cannot read the input")
		os.Exit(3)
	}
}

func child(t *testing.T, mode string) {
	t.Helper()
	t.Setenv("BENCHPROC_CHILD", mode)
}

func TestMeasureAlternatesAndComparesOutputs(t *testing.T) {
	child(t, "write")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	builds := []Build{
		{Name: "a", Path: self, Args: []string{"same", OutArg}},
		{Name: "b", Path: self, Args: []string{"same", OutArg}},
		{Name: "c", Path: self, Args: []string{"other", OutArg}},
	}
	var seen []string
	runs, err := Measure(context.Background(), builds, 3, func(r Run) { seen = append(seen, builds[r.Build].Name) })
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(seen, ""); got != "abccbaabc" {
		t.Fatalf("run order %q, want abccbaabc (build 0 first, then last, alternately)", got)
	}
	for _, r := range runs {
		if r.Wall <= 0 || r.Output == "" {
			t.Fatalf("run %+v: no wall time or output hash", r)
		}
	}
	sum := Summarize(runs, len(builds))
	if !sum[0].SameOutput || !sum[1].SameOutput || sum[2].SameOutput {
		t.Fatalf("same output: %v %v %v, want true true false", sum[0].SameOutput, sum[1].SameOutput, sum[2].SameOutput)
	}
	if sum[0].Runs != 3 || sum[0].WallRatio != 1 || (sum[0].CPURatio != 1 && sum[0].CPUMin > 0) {
		t.Fatalf("build 0 against itself: %+v", sum[0])
	}
	if sum[1].WallMin > sum[1].Wall || sum[1].Wall > sum[1].WallMax {
		t.Fatalf("wall median outside its range: %+v", sum[1])
	}
}

func TestMeasureReportsAFailingRun(t *testing.T) {
	child(t, "fail")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	_, err = Measure(context.Background(), []Build{{Name: "broken", Path: self, Args: []string{OutArg}}}, 2, nil)
	if err == nil || !strings.Contains(err.Error(), "broken, round 1") || !strings.Contains(err.Error(), "cannot read the input") {
		t.Fatalf("error %v: want the build, the round and the child's message", err)
	}
	if _, err := Measure(context.Background(), nil, 3, nil); err == nil {
		t.Fatal("no builds: no error")
	}
}

func TestSummarizeRatiosAndMedian(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	runs := []Run{
		{Build: 0, Round: 0, Wall: ms(100), CPU: ms(200), PeakRSS: 10, Output: "x"},
		{Build: 1, Round: 0, Wall: ms(90), CPU: ms(150), PeakRSS: 30, Output: "x"},
		{Build: 1, Round: 1, Wall: ms(300), CPU: ms(300), PeakRSS: 20, Output: "x"},
		{Build: 0, Round: 1, Wall: ms(200), CPU: ms(400), PeakRSS: 10, Output: "x"},
		{Build: 0, Round: 2, Wall: ms(400), CPU: ms(400), PeakRSS: 10, Output: "x"},
		{Build: 1, Round: 2, Wall: ms(200), CPU: ms(200), PeakRSS: 20, Output: "y"},
	}
	s := Summarize(runs, 2)
	if s[1].Wall != ms(200) || s[1].WallMin != ms(90) || s[1].WallMax != ms(300) || s[1].PeakRSSMax != 30 {
		t.Fatalf("build 1: %+v", s[1])
	}
	// Per-round wall ratios 0.9, 1.5, 0.5: median 0.9; CPU 0.75, 0.75, 0.5.
	if s[1].WallRatio != 0.9 || s[1].CPURatio != 0.75 || s[1].SameOutput {
		t.Fatalf("build 1 ratios %v %v, same output %v", s[1].WallRatio, s[1].CPURatio, s[1].SameOutput)
	}
	for _, c := range []struct {
		xs   []float64
		want float64
	}{{nil, 0}, {[]float64{3}, 3}, {[]float64{4, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}} {
		if got := Median(c.xs); got != c.want {
			t.Errorf("Median(%v) = %v, want %v", c.xs, got, c.want)
		}
	}
}
