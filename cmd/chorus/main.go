// Command chorus turns many news articles about the same events into one
// cited brief per story. Each subcommand lives in its own file; this file
// only dispatches.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit statuses shared by every subcommand.
const (
	exitOK    = 0
	exitFail  = 1 // the command ran but could not do its job (no article read, ...)
	exitUsage = 2 // bad flags or arguments
)

// errUsage marks errors that should exit with status 2.
var errUsage = errors.New("usage")

// command is one subcommand: its one-line summary and its entry point.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"brief", "write one cited brief per story from articles (files, directories, stdin)", runBrief},
		{"ingest", "add articles (files, directories, feeds, URLs) to the store and update their stories", runIngest},
		{"worker", "take documents from the NATS JetStream queue into the store (scale-out ingest)", runWorker},
		{"serve", "serve the stored stories: JSON API, web UI, metrics", runServe},
		{"quotes", "list the quotes in files with their speakers and byte offsets", runQuotes},
		{"summarize", "summarize clusters of documents in batch (JSON Lines in and out)", runSummarize},
		{"cluster", "group JSON Lines articles into stories as a stream (near-copies join their original)", runCluster},
		{"eval", "measure quality on datasets (eval summarize|cluster|quotes|extract)", runEval},
		{"bench", "measure speed and memory (bench cluster|summarize)", runBench},
		{"train", "retrain the summarizer's sentence scorer (train summarize) or the clusterer's join model (train cluster)", runTrain},
	}
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "chorus turns many news articles about the same events into one cited brief per story.\n\n")
	fmt.Fprintf(w, "Usage: chorus COMMAND [flags] [args]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'chorus COMMAND --help' for a command's flags.\n")
	fmt.Fprintf(w, "Exit status: 0 on success, 1 when the command could not do its job, 2 on usage errors.\n")
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and maps its error to an exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "help":
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		if asksHelp(args[1:]) {
			stderr = stdout // help that was asked for goes to standard output
		}
		err := c.run(ctx, args[1:], stdin, stdout, stderr)
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, errHelp):
			return exitOK
		case errors.Is(err, errUsage):
			fmt.Fprintf(stderr, "chorus %s: %v\n", c.name, err)
			return exitUsage
		default:
			fmt.Fprintf(stderr, "chorus %s: %v\n", c.name, err)
			return exitFail
		}
	}
	fmt.Fprintf(stderr, "chorus: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

// asksHelp reports whether the flags ask for help (before any "--").
func asksHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}
