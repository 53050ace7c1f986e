package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/chorusnews/chorus/internal/queue"
	"github.com/chorusnews/chorus/internal/worker"
)

const workerSynopsis = `worker [--nats URL] [--db PATH|postgres://...] [flags]

Takes documents from the NATS JetStream ingestion queue (filled by
'chorus ingest --queue URL'), extracts their articles, stores them and
rewrites the briefs of the stories they join. Run as many workers as you
like on as many machines, all with the same --nats and the same
postgres:// --db: extraction runs in parallel, while storing and
re-briefing take a PostgreSQL advisory lock, one worker at a time, so no
story is rewritten by two at once. (With a SQLite --db run one worker.) A document is acknowledged only once stored;
documents of a worker that stops are delivered again, and storing one twice
changes nothing. Runs until interrupted, or with --drain until the queue is
empty. Exit status 1 when the queue or the store cannot be reached.`

func runWorker(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("worker", workerSynopsis, stderr)
	url := fs.String("nats", os.Getenv("CHORUS_NATS"), "NATS server URL, e.g. nats://127.0.0.1:4222 (default $CHORUS_NATS)")
	db := dbFlag(fs)
	batch := fs.Int("batch", 50, "most documents taken from the queue at once")
	wait := fs.Duration("wait", 2*time.Second, "how long one fetch waits for documents")
	drain := fs.Bool("drain", false, "stop when the queue is empty instead of waiting for more")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if *url == "" {
		return fmt.Errorf("%w: no queue: give --nats URL or set CHORUS_NATS", errUsage)
	}
	if *batch <= 0 || *wait <= 0 {
		return fmt.Errorf("%w: --batch and --wait must be positive", errUsage)
	}
	u, st, desc, err := openUpdater(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	q, err := queue.Open(ctx, *url, queue.Options{Events: func(s string) { fmt.Fprintf(stderr, "worker: %s\n", s) }})
	if err != nil {
		return err
	}
	defer q.Close()
	qw, err := q.Worker(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "worker: taking documents from %s into the %s store\n", *url, desc)
	w := &worker.Worker{Queue: qw, Updater: u, Batch: *batch, Wait: *wait,
		Warn: func(err error) { fmt.Fprintf(stderr, "warning: %v\n", err) },
		Done: func(bt worker.Batch) {
			left, _ := q.Pending(ctx)
			fmt.Fprintf(stderr, "worker: %d documents, %d articles (%d new), %d stories rewritten; %d documents waiting\n",
				bt.Docs, bt.Articles, bt.Report.New, len(bt.Report.Stories), left)
		}}
	tot, err := w.Run(ctx, *drain)
	fmt.Fprintf(stdout, "%d documents in %d batches: %d articles (%d new, %d already stored), %d unusable, %d handed back\n",
		tot.Docs, tot.Batches, tot.Articles, tot.New, tot.Known, tot.Bad, tot.Failed)
	return err
}
