package main

import (
	"fmt"
	"io"
	"os"
)

// isTerminal reports whether w is a character device (a terminal), where
// progress may be drawn; pipes and files get none.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// stageProgress returns a progress callback that redraws one status line
// on a terminal, or nil when w is not one.
func stageProgress(w io.Writer) func(stage string, done, total int) {
	if !isTerminal(w) {
		return nil
	}
	return func(stage string, done, total int) {
		fmt.Fprintf(w, "\r\033[K%s %d/%d", stage, done, total)
		if done == total {
			fmt.Fprint(w, "\r\033[K")
		}
	}
}
