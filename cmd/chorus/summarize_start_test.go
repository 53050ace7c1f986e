package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Package sumstart only helps when Go initialises it before the date
// parser linked in through the extraction stage: the package
// initialisation trace of this test binary (which links what the command
// links) must list it first.
func TestSumstartInitialisedBeforeDateParser(t *testing.T) {
	if os.Getenv("CHORUS_INITTRACE_CHILD") != "" {
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSumstartInitialisedBeforeDateParser$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1", "CHORUS_INITTRACE_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	trace := string(out)
	start := strings.Index(trace, "init github.com/chorusnews/chorus/internal/sumstart ")
	parser := strings.Index(trace, "init github.com/markusmobius/go-dateparser/internal/data ")
	if start < 0 || parser < 0 {
		t.Fatalf("sumstart (%d) or the date parser (%d) missing from the init trace", start, parser)
	}
	if start > parser {
		t.Fatalf("sumstart is initialised after the date parser: an import of it sorts after github.com/markusmobius")
	}
}
