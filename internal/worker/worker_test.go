package worker_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/queue"
	"github.com/chorusnews/chorus/internal/queue/queuetest"
	"github.com/chorusnews/chorus/internal/store"
	"github.com/chorusnews/chorus/internal/store/postgres"
	"github.com/chorusnews/chorus/internal/store/postgres/pgtest"
	"github.com/chorusnews/chorus/internal/store/sqlite"
	"github.com/chorusnews/chorus/internal/update"
	"github.com/chorusnews/chorus/internal/worker"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// byFirstWord is a test Briefer: articles whose titles share their first
// word are one story.
func byFirstWord(ctx context.Context, arts []domain.Article) ([]domain.Brief, error) {
	groups := map[string][]domain.Article{}
	for _, a := range arts {
		w := strings.ToLower(strings.Fields(a.Title)[0])
		groups[w] = append(groups[w], a)
	}
	var keys []string
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []domain.Brief
	for _, k := range keys {
		br := domain.Brief{ID: "tmp-" + k, Headline: groups[k][0].Title}
		for _, a := range groups[k] {
			br.Articles = append(br.Articles, domain.SourceRef{ID: a.ID, Title: a.Title, Source: a.Source})
		}
		out = append(out, br)
	}
	return out, nil
}

func rawDoc(i int, title string) domain.RawDoc {
	body := fmt.Sprintf("%s\n\nReport %d from the Harton desk. The council met on Tuesday and heard from residents about the matter for two hours.", title, i)
	return domain.RawDoc{ID: fmt.Sprintf("d%d", i), Path: fmt.Sprintf("in/%d.txt", i), Format: domain.FormatText, Body: []byte(body),
		Source: "Harton Gazette", Published: time.Date(2026, 3, 2, i, 0, 0, 0, time.UTC)}
}

func publish(t *testing.T, q *queue.Queue, docs ...domain.RawDoc) {
	t.Helper()
	for _, d := range docs {
		if _, err := q.Publish(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
}

// serverAndQueue starts an embedded server and opens the queue on it.
func serverAndQueue(t *testing.T, opts queue.Options) (string, *queue.Queue) {
	t.Helper()
	url := queuetest.Server(t)
	q, err := queue.Open(context.Background(), url, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	return url, q
}

// sqliteStore opens a store in a temporary file, closed when the test ends.
func sqliteStore(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func newWorker(t *testing.T, url string, st store.Store, batch int, warn func(error)) *worker.Worker {
	t.Helper()
	ctx := context.Background()
	q, err := queue.Open(ctx, url, queue.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	qw, err := q.Worker(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return &worker.Worker{Queue: qw, Updater: &update.Updater{Store: st, Brief: byFirstWord},
		Batch: batch, Wait: 300 * time.Millisecond, Warn: warn}
}

func TestWorkerDrainsQueueIntoStore(t *testing.T) {
	ctx := context.Background()
	url, q := serverAndQueue(t, queue.Options{})
	titles := []string{"Ferry strike ends", "Ferry crews return", "Bridge repairs begin", "Ferry timetable restored", "Bridge closed at night"}
	var docs []domain.RawDoc
	for i, ti := range titles {
		docs = append(docs, rawDoc(i, ti))
	}
	// one document with no article text in it, and one published twice
	docs = append(docs, domain.RawDoc{ID: "empty", Path: "in/empty.html", Format: domain.FormatHTML, Body: []byte("<html><body><nav>Home</nav></body></html>")})
	publish(t, q, docs...)
	publish(t, q, docs[0])

	st := sqliteStore(t)
	var warns []string
	w := newWorker(t, url, st, 2, func(err error) { warns = append(warns, err.Error()) })
	tot, err := w.Run(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if tot.Docs != 6 || tot.Articles != 5 || tot.New != 5 || tot.Bad != 1 || tot.Failed != 0 {
		t.Errorf("totals %+v, want 6 documents, 5 articles, 5 new, 1 bad", tot)
	}
	if len(warns) != 1 || !strings.Contains(warns[0], "in/empty.html") {
		t.Errorf("warnings %q, want one naming in/empty.html", warns)
	}
	na, ns, err := st.Counts(ctx)
	if err != nil || na != 5 || ns != 2 {
		t.Errorf("store has %d articles and %d stories (%v), want 5 and 2", na, ns, err)
	}
	if n, _ := q.Pending(ctx); n != 0 {
		t.Errorf("%d documents left in the queue", n)
	}
}

// Two workers sharing one queue and one database store every document
// once and leave every article in its story: the story lock keeps their
// updates apart. With SQLite they share one store in one process; with
// PostgreSQL each has its own connection pool, as two processes would.
func TestTwoWorkersShareTheQueue(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		st := sqliteStore(t)
		twoWorkers(t, func() store.Store { return st })
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := pgtest.DSN(t)
		twoWorkers(t, func() store.Store {
			st, err := postgres.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st
		})
	})
}

func twoWorkers(t *testing.T, open func() store.Store) {
	ctx := context.Background()
	url, q := serverAndQueue(t, queue.Options{})
	words := []string{"Ferry", "Bridge", "Harbour", "Council"}
	for i := range 24 {
		publish(t, q, rawDoc(i, fmt.Sprintf("%s update number %d", words[i%len(words)], i)))
	}
	var wg sync.WaitGroup
	tots := make([]worker.Totals, 2)
	errs := make([]error, 2)
	var st store.Store
	for k := range 2 {
		st = open()
		w := newWorker(t, url, st, 3, func(err error) { t.Errorf("worker %d: %v", k, err) })
		wg.Add(1)
		go func() {
			defer wg.Done()
			tots[k], errs[k] = w.Run(ctx, true)
		}()
	}
	wg.Wait()
	for k, err := range errs {
		if err != nil {
			t.Errorf("worker %d: %v", k, err)
		}
	}
	if got := tots[0].New + tots[1].New; got != 24 {
		t.Errorf("workers stored %d new articles (%+v), want 24", got, tots)
	}
	na, ns, err := st.Counts(ctx)
	if err != nil || na != 24 || ns != 4 {
		t.Errorf("store has %d articles and %d stories (%v), want 24 and 4", na, ns, err)
	}
	list, err := st.ListStories(ctx, store.Page{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list.Stories {
		if s.Articles != 6 {
			t.Errorf("story %q has %d articles, want 6", s.Headline, s.Articles)
		}
	}
}

// A worker that dies holding a batch (never acknowledges it) loses nothing:
// after AckWait the documents go to the next worker.
func TestAbandonedBatchIsDeliveredAgain(t *testing.T) {
	ctx := context.Background()
	_, q := serverAndQueue(t, queue.Options{AckWait: 300 * time.Millisecond})
	publish(t, q, rawDoc(1, "Ferry strike ends"), rawDoc(2, "Ferry crews return"))
	dead, err := q.Worker(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := dead.Fetch(ctx, 10, 300*time.Millisecond)
	if err != nil || len(b.Items) != 2 {
		t.Fatalf("the first worker fetched %d documents (%v), want 2", len(b.Items), err)
	}
	time.Sleep(400 * time.Millisecond) // past AckWait, with no acknowledgement

	st := sqliteStore(t)
	qw, err := q.Worker(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w := &worker.Worker{Queue: qw, Updater: &update.Updater{Store: st, Brief: byFirstWord}, Wait: 300 * time.Millisecond,
		Warn: func(err error) { t.Error(err) }}
	tot, err := w.Run(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if tot.New != 2 {
		t.Errorf("the second worker stored %d new articles, want 2", tot.New)
	}
	if n, _ := q.Pending(ctx); n != 0 {
		t.Errorf("%d documents left in the queue", n)
	}
}

// A batch that takes longer than AckWait (here a slow briefer; in real use
// the wait for the story lock) is kept alive and not delivered to a second
// worker meanwhile.
func TestSlowBatchIsNotRedelivered(t *testing.T) {
	ctx := context.Background()
	_, q := serverAndQueue(t, queue.Options{AckWait: 300 * time.Millisecond})
	publish(t, q, rawDoc(1, "Ferry strike ends"))
	st := sqliteStore(t)
	slow := func(ctx context.Context, arts []domain.Article) ([]domain.Brief, error) {
		time.Sleep(time.Second)
		return byFirstWord(ctx, arts)
	}
	started := make(chan struct{})
	mk := func(b update.Briefer, done func(worker.Batch)) *worker.Worker {
		qw, err := q.Worker(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return &worker.Worker{Queue: qw, Updater: &update.Updater{Store: st, Brief: b}, Wait: 300 * time.Millisecond,
			Warn: func(err error) { t.Error(err) }, Done: done}
	}
	a := mk(func(ctx context.Context, arts []domain.Article) ([]domain.Brief, error) {
		close(started)
		return slow(ctx, arts)
	}, nil)
	b := mk(byFirstWord, nil)
	var ta, tb worker.Totals
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		ta, _ = a.Run(ctx, true)
	}()
	<-started
	bctx, cancel := context.WithTimeout(ctx, 900*time.Millisecond)
	defer cancel()
	tb, _ = b.Run(bctx, false) // fetches for 0.9 s while a holds the batch
	wg.Wait()
	if ta.New != 1 || tb.Docs != 0 {
		t.Errorf("slow worker stored %d, second worker was delivered %d documents; want 1 and 0", ta.New, tb.Docs)
	}
}

// A server that goes away does not end a worker: the queue reports the
// lost connection, the worker keeps trying until its context ends.
func TestWorkerOutlivesAServerOutage(t *testing.T) {
	ctx := context.Background()
	url, stop := queuetest.Stoppable(t)
	events := make(chan string, 10)
	q, err := queue.Open(ctx, url, queue.Options{Events: func(s string) { events <- s }})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	qw, err := q.Worker(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w := &worker.Worker{Queue: qw, Updater: &update.Updater{Store: sqliteStore(t), Brief: byFirstWord}, Wait: 200 * time.Millisecond}
	stop()
	rctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if _, err := w.Run(rctx, false); err != nil {
		t.Errorf("Run returned %v during a short outage, want it to keep trying", err)
	}
	select {
	case e := <-events:
		if !strings.Contains(e, "lost the connection to "+url) {
			t.Errorf("event %q, want the lost connection named", e)
		}
	default:
		t.Error("no event about the lost connection")
	}
}

// A fetch that fails (here: the consumer was deleted under the worker) is
// warned about and tried again, not the end of the worker.
func TestFailedFetchIsRetried(t *testing.T) {
	ctx := context.Background()
	url, _ := serverAndQueue(t, queue.Options{})
	var warns []string
	w := newWorker(t, url, sqliteStore(t), 5, func(err error) { warns = append(warns, err.Error()) })
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	if err := js.DeleteConsumer(ctx, queue.Stream, queue.Consumer); err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if _, err := w.Run(rctx, false); err != nil {
		t.Errorf("Run returned %v, want it to keep trying until its context ends", err)
	}
	if len(warns) == 0 {
		t.Error("no warning about the failed fetches")
	}
}
