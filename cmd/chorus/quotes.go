package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/chorusnews/chorus/internal/analyze"
)

// runQuotes prints the quotes of each file, one line per quote, with byte
// offsets of the quoted words in the file as read (the file is analysed
// raw, without cleaning, so the offsets match it).
func runQuotes(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("quotes", "quotes [--format jsonl|text] [--all] FILE...", stderr)
	format := fs.String("format", "jsonl", "output format: jsonl or text")
	all := fs.Bool("all", false, "also print reported speech (indirect quotes)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "jsonl" && *format != "text" {
		return fmt.Errorf("%w: --format must be jsonl or text, not %q", errUsage, *format)
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: no FILE given", errUsage)
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for _, path := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		for _, q := range analyze.Quotes(string(b)) {
			if !q.Direct && !*all {
				continue
			}
			switch *format {
			case "jsonl":
				line := struct {
					File    string `json:"file"`
					Speaker string `json:"speaker"`
					Title   string `json:"title,omitempty"`
					Text    string `json:"text"`
					Start   int    `json:"start"`
					End     int    `json:"end"`
					Direct  bool   `json:"direct"`
				}{path, q.Speaker, q.Title, q.Text, q.Start, q.End, q.Direct}
				if err := enc.Encode(line); err != nil {
					return err
				}
			default:
				sp := q.Speaker
				if q.Title != "" {
					sp = q.Title + " " + q.Speaker
				}
				if sp == "" {
					sp = "(unknown)"
				}
				kind := "said"
				if !q.Direct {
					kind = "said (reported)"
				}
				fmt.Fprintf(stdout, "%s:%d-%d %s %s: %s\n", path, q.Start, q.End, sp, kind, q.Text)
			}
		}
	}
	return nil
}
