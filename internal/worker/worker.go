// Package worker is the loop of `chorus worker`: take raw documents from
// the ingestion queue (internal/queue, NATS JetStream), extract their
// articles, and add them to the shared store through update.Updater, which
// holds the store's story lock (store.Locker), so workers on several
// machines never rewrite the same stories at once. Documents are acknowledged only after
// the store has them; a worker that stops mid-batch leaves them to be
// delivered again, and the store's idempotency keys make that harmless.
package worker

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/extract"
	"github.com/chorusnews/chorus/internal/queue"
	"github.com/chorusnews/chorus/internal/update"
)

// Worker consumes the queue into a store.
type Worker struct {
	Queue   *queue.Worker
	Updater *update.Updater
	// Batch is the most documents taken at once (default 50); Wait is how
	// long a fetch waits for them (default 2s).
	Batch int
	Wait  time.Duration
	// Warn is told about documents that cannot be used and failed
	// batches; Done is told what each batch did. Both may be nil.
	Warn func(error)
	Done func(Batch)
}

// Batch is what one batch did.
type Batch struct {
	Docs     int // documents delivered
	Articles int // articles extracted from them
	Bad      int // documents dropped (unreadable or without article text)
	Report   update.Report
}

// Totals sums a run.
type Totals struct {
	Batches, Docs, Articles, Bad, New, Known, Failed int
}

// retryDelay is how long a failed batch waits before its next delivery.
const retryDelay = 5 * time.Second

// A failed fetch is tried again after fetchRetry; maxFetchFailures in a
// row (about two minutes, the client's own reconnection window) end Run.
const (
	fetchRetry       = 2 * time.Second
	maxFetchFailures = 60
)

// Run processes batches until ctx is done, or, with drain, until a fetch
// finds the queue empty. It returns what it did; an error means the queue
// itself kept failing for about two minutes (a failed fetch, or a batch
// the store refuses, is reported through Warn and the worker goes on).
func (w *Worker) Run(ctx context.Context, drain bool) (Totals, error) {
	var tot Totals
	n, wait := w.Batch, w.Wait
	if n <= 0 {
		n = 50
	}
	if wait <= 0 {
		wait = 2 * time.Second
	}
	failures := 0
	for {
		if ctx.Err() != nil {
			return tot, nil
		}
		b, err := w.Queue.Fetch(ctx, n, wait)
		for _, e := range b.Bad {
			tot.Bad++
			w.warn(e)
		}
		if err != nil {
			if ctx.Err() != nil {
				return tot, nil
			}
			// The client reconnects by itself after a server restart or
			// a network break: wait and try again, for a while.
			failures++
			if failures >= maxFetchFailures {
				return tot, fmt.Errorf("worker: %d fetches failed in a row, the last: %w", failures, err)
			}
			w.warn(err)
			select {
			case <-ctx.Done():
				return tot, nil
			case <-time.After(fetchRetry):
			}
			continue
		}
		failures = 0
		if len(b.Items) == 0 {
			if drain && len(b.Bad) == 0 {
				return tot, nil
			}
			continue
		}
		done, err := w.process(ctx, b.Items)
		tot.Batches++
		tot.Docs += done.Docs
		tot.Bad += done.Bad
		if err != nil {
			tot.Failed += done.Docs - done.Bad
			w.warn(err)
			continue
		}
		tot.Articles += done.Articles
		tot.New += done.Report.New
		tot.Known += done.Report.Known
		if w.Done != nil {
			w.Done(done)
		}
	}
}

// process extracts and stores one batch and acknowledges it; on a store
// failure the documents are handed back for a later delivery.
func (w *Worker) process(ctx context.Context, items []queue.Item) (Batch, error) {
	res := Batch{Docs: len(items)}
	stop := w.keepAlive(items)
	defer stop()
	var keep []queue.Item
	var arts []domain.Article
	for _, it := range items {
		a, err := extract.Extract(it.Doc, extract.Options{})
		if err != nil && !extract.IsWarning(err) {
			// Extraction is deterministic: another delivery would fail
			// the same way.
			res.Bad++
			w.warn(fmt.Errorf("%s: %w (dropped from the queue)", it.Doc.Path, err))
			w.Queue.Drop([]queue.Item{it}, err.Error())
			continue
		}
		keep = append(keep, it)
		arts = append(arts, a)
	}
	res.Articles = len(arts)
	if len(arts) == 0 {
		return res, nil
	}
	arts = extract.CleanBatch(arts)
	rep, err := w.Updater.Add(ctx, arts, nil)
	if err != nil {
		last := ""
		if it := keep[0]; int(it.Delivery) >= w.Queue.MaxDeliver() {
			last = fmt.Sprintf("; delivery %d was the last, the documents are given up", it.Delivery)
		}
		if rerr := w.Queue.Retry(keep, retryDelay); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return res, fmt.Errorf("worker: batch of %d documents (first %s) handed back%s: %w", len(keep), keep[0].Doc.Path, last, err)
	}
	res.Report = rep
	if err := w.Queue.Ack(ctx, keep); err != nil {
		// Stored but not acknowledged: the next delivery finds the
		// articles already stored and changes nothing.
		w.warn(err)
	}
	return res, nil
}

// keepAlive restarts the documents' ack wait every third of it until
// stop is called, so a batch waiting for the story lock behind other
// workers is not delivered to another worker meanwhile.
func (w *Worker) keepAlive(items []queue.Item) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(w.Queue.AckWait() / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				w.Queue.Touch(items)
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

func (w *Worker) warn(err error) {
	if w.Warn != nil {
		w.Warn(err)
	}
}
