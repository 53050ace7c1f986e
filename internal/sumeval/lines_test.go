package sumeval

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// Lines gives every non-blank line, trimmed, with its number; reusedLines
// gives the same when the buffers go back round, also for a line longer
// than the reader's buffer and a last line without a newline.
func TestLinesAndReusedLines(t *testing.T) {
	long := strings.Repeat("x", 3<<20)
	input := "first\n\n  second \r\n" + long + "\nlast"
	want := []string{"1 first", "3 second", fmt.Sprintf("4 %d x", len(long)), "5 last"}
	show := func(line []byte, n int) string {
		if len(line) > 100 {
			return fmt.Sprintf("%d %d %c", n, len(line), line[0])
		}
		return fmt.Sprintf("%d %s", n, line)
	}
	var got []string
	if err := Lines(strings.NewReader(input), func(line []byte, n int) error {
		got = append(got, show(line, n))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Lines: %q, want %q", got, want)
	}
	got = got[:0]
	free := make(chan []byte, 1)
	reused := 0
	if err := reusedLines(strings.NewReader(input), free, func(buf, line []byte, n int) error {
		got = append(got, show(line, n))
		if len(free) == 0 {
			reused++
			free <- buf[:0] // the next line is read into it
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || reused == 0 {
		t.Fatalf("reusedLines: %q (%d buffers handed back), want %q", got, reused, want)
	}
}
