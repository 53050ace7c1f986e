// Package queue is chorus's ingestion queue on NATS JetStream, for running
// beyond one machine: `chorus ingest --queue URL` publishes raw documents
// (files, feed items, downloaded pages) to a work-queue stream, and
// `chorus worker` processes, each with the shared PostgreSQL store, consume
// them, extract the articles and update the stories.
//
// Every message carries an idempotency key as its JetStream message ID
// (the document's URL, else a hash of its bytes), so publishing the same
// document twice within the stream's duplicate window stores one message,
// and the store's own keys make any later re-delivery harmless. Messages
// are acknowledged only after the store has them; a worker that dies
// mid-batch leaves them to be delivered again. Payloads are gzipped JSON,
// so large HTML pages fit the server's message size limit more often; a
// document that still does not fit is an error naming it.
//
// No broker or protocol is written here: this is a thin layer over
// github.com/nats-io/nats.go/jetstream.
package queue

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Names of the stream, its subject and the workers' durable consumer.
const (
	Stream   = "CHORUS_INGEST"
	Subject  = "chorus.ingest.docs"
	Consumer = "chorus-worker"
)

// Options tune the stream and consumer; zero values take the defaults.
type Options struct {
	// DupWindow is how long the stream remembers message IDs to drop
	// re-published documents (default 2h).
	DupWindow time.Duration
	// AckWait is how long a worker may hold a batch before it is
	// delivered to another worker (default 10m).
	AckWait time.Duration
	// MaxDeliver is how many times a message is delivered before it is
	// given up (default 5).
	MaxDeliver int
	// ConnectTimeout bounds the connection to the server (default 5s).
	ConnectTimeout time.Duration
	// Events, when set, is told when the connection drops (the client
	// then reconnects by itself for about two minutes) and when it is back.
	Events func(string)
}

func (o Options) withDefaults() Options {
	if o.DupWindow <= 0 {
		o.DupWindow = 2 * time.Hour
	}
	if o.AckWait <= 0 {
		o.AckWait = 10 * time.Minute
	}
	if o.MaxDeliver <= 0 {
		o.MaxDeliver = 5
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 5 * time.Second
	}
	return o
}

// Queue is a connection to the ingestion stream.
type Queue struct {
	nc     *nats.Conn
	js     jetstream.JetStream
	stream jetstream.Stream
	opts   Options
}

// Open connects to the NATS server at url and creates the stream if it
// does not exist (or updates its settings).
func Open(ctx context.Context, url string, opts Options) (*Queue, error) {
	opts = opts.withDefaults()
	event := func(string) {}
	if opts.Events != nil {
		event = opts.Events
	}
	nc, err := nats.Connect(url, nats.Name("chorus"), nats.Timeout(opts.ConnectTimeout), nats.RetryOnFailedConnect(false),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				event(fmt.Sprintf("queue: lost the connection to %s (%v); reconnecting", url, err))
			}
		}),
		nats.ReconnectHandler(func(c *nats.Conn) { event("queue: reconnected to " + c.ConnectedUrl()) }))
	if err != nil {
		return nil, fmt.Errorf("queue: connect to %s: %w", url, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("queue: %w", err)
	}
	st, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        Stream,
		Description: "chorus: raw documents waiting for a worker",
		Subjects:    []string{Subject},
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     jetstream.FileStorage,
		Duplicates:  opts.DupWindow,
	})
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("queue: stream %s on %s (is JetStream enabled on the server?): %w", Stream, url, err)
	}
	return &Queue{nc: nc, js: js, stream: st, opts: opts}, nil
}

// Close closes the connection.
func (q *Queue) Close() { q.nc.Close() }

// message is a RawDoc on the wire.
type message struct {
	ID        string    `json:"id"`
	Path      string    `json:"path"`
	Format    string    `json:"format"`
	Body      []byte    `json:"body"`
	Title     string    `json:"title,omitempty"`
	Source    string    `json:"source,omitempty"`
	URL       string    `json:"url,omitempty"`
	Published time.Time `json:"published,omitzero"`
}

// Key is the idempotency key of a raw document: its URL when known, else
// a hash of its bytes.
func Key(d domain.RawDoc) string {
	if d.URL != "" {
		return "url:" + d.URL
	}
	sum := sha256.Sum256(d.Body)
	return "hash:" + hex.EncodeToString(sum[:])
}

// Encode is the message body of a raw document: gzipped JSON.
func Encode(d domain.RawDoc) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	err := json.NewEncoder(zw).Encode(message{ID: d.ID, Path: d.Path, Format: string(d.Format), Body: d.Body,
		Title: d.Title, Source: d.Source, URL: d.URL, Published: d.Published})
	if cerr := zw.Close(); err == nil {
		err = cerr
	}
	return buf.Bytes(), err
}

// maxDecoded bounds a decoded message, so a hostile message cannot
// exhaust memory.
const maxDecoded = 256 << 20

// Decode reads a message body written by Encode.
func Decode(data []byte) (domain.RawDoc, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return domain.RawDoc{}, fmt.Errorf("not a gzipped document: %w", err)
	}
	var m message
	dec := json.NewDecoder(io.LimitReader(zr, maxDecoded))
	if err := dec.Decode(&m); err != nil {
		return domain.RawDoc{}, fmt.Errorf("bad document JSON: %w", err)
	}
	if len(m.Body) == 0 {
		return domain.RawDoc{}, errors.New("document has no body")
	}
	return domain.RawDoc{ID: m.ID, Path: m.Path, Format: domain.Format(m.Format), Body: m.Body, Title: m.Title,
		Source: m.Source, URL: m.URL, Published: m.Published}, nil
}

// Publish adds a document to the stream; duplicate is true when the stream
// already had one with the same key inside its duplicate window.
func (q *Queue) Publish(ctx context.Context, d domain.RawDoc) (duplicate bool, err error) {
	data, err := Encode(d)
	if err != nil {
		return false, fmt.Errorf("queue: %s: %w", d.Path, err)
	}
	if max := q.nc.MaxPayload(); int64(len(data)) > max {
		return false, fmt.Errorf("queue: %s: %d bytes compressed, over the server's message limit of %d bytes", d.Path, len(data), max)
	}
	ack, err := q.js.Publish(ctx, Subject, data, jetstream.WithMsgID(Key(d)))
	if err != nil {
		return false, fmt.Errorf("queue: publish %s: %w", d.Path, err)
	}
	return ack.Duplicate, nil
}

// Pending is the number of documents in the stream not yet acknowledged
// by a worker.
func (q *Queue) Pending(ctx context.Context) (uint64, error) {
	info, err := q.stream.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("queue: %w", err)
	}
	return info.State.Msgs, nil
}

// Item is one delivered document.
type Item struct {
	Doc domain.RawDoc
	// Delivery counts deliveries of this message (1 the first time).
	Delivery uint64
	msg      jetstream.Msg
}

// Batch is what one Fetch delivered: the documents that decoded, and an
// error per message that did not (those are already terminated: a message
// that cannot be read will not be readable on its next delivery).
type Batch struct {
	Items []Item
	Bad   []error
}

// Worker is a consumer of the stream shared by all workers.
type Worker struct {
	q    *Queue
	cons jetstream.Consumer
}

// Worker creates (or joins) the workers' durable consumer.
func (q *Queue) Worker(ctx context.Context) (*Worker, error) {
	c, err := q.stream.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{
		Durable:     Consumer,
		Description: "chorus workers",
		AckPolicy:   jetstream.AckExplicitPolicy,
		AckWait:     q.opts.AckWait,
		MaxDeliver:  q.opts.MaxDeliver,
	})
	if err != nil {
		return nil, fmt.Errorf("queue: consumer %s: %w", Consumer, err)
	}
	return &Worker{q: q, cons: c}, nil
}

// Fetch returns up to n documents: those waiting now, or, when none is,
// the first to arrive within wait together with any that came with it.
// An empty batch and no error means none arrived in time.
func (w *Worker) Fetch(ctx context.Context, n int, wait time.Duration) (Batch, error) {
	var b Batch
	if err := ctx.Err(); err != nil {
		return b, err
	}
	mb, err := w.cons.FetchNoWait(n)
	if err == nil {
		err = w.collect(&b, mb)
	}
	if err != nil || len(b.Items)+len(b.Bad) > 0 {
		return b, err
	}
	// Nothing waiting: block for the first document only (a batch
	// request would hold what it got until it filled up or timed out).
	if mb, err = w.cons.Fetch(1, jetstream.FetchMaxWait(wait)); err == nil {
		err = w.collect(&b, mb)
	}
	if err != nil || len(b.Items)+len(b.Bad) == 0 || n == 1 {
		return b, err
	}
	if mb, err = w.cons.FetchNoWait(n - 1); err == nil {
		err = w.collect(&b, mb)
	}
	return b, err
}

// collect decodes a fetched batch into b.
func (w *Worker) collect(b *Batch, mb jetstream.MessageBatch) error {
	for m := range mb.Messages() {
		var delivery uint64 = 1
		if md, err := m.Metadata(); err == nil {
			delivery = md.NumDelivered
		}
		d, err := Decode(m.Data())
		if err != nil {
			id := m.Headers().Get(jetstream.MsgIDHeader)
			b.Bad = append(b.Bad, fmt.Errorf("queue: message %q: %w", id, err))
			_ = m.TermWithReason(err.Error())
			continue
		}
		b.Items = append(b.Items, Item{Doc: d, Delivery: delivery, msg: m})
	}
	if err := mb.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, jetstream.ErrNoMessages) {
		return fmt.Errorf("queue: fetch: %w", err)
	}
	return nil
}

// Ack tells the stream these documents are done and waits for the
// server to confirm it.
func (w *Worker) Ack(ctx context.Context, items []Item) error {
	var errs []error
	for _, it := range items {
		if err := it.msg.DoubleAck(ctx); err != nil {
			errs = append(errs, fmt.Errorf("queue: ack %s: %w", it.Doc.Path, err))
		}
	}
	return errors.Join(errs...)
}

// Touch tells the stream the documents are still being worked on,
// restarting their ack wait (a batch may wait long for the story lock).
func (w *Worker) Touch(items []Item) {
	for _, it := range items {
		_ = it.msg.InProgress()
	}
}

// AckWait is how long a delivered document may go unacknowledged.
func (w *Worker) AckWait() time.Duration { return w.q.opts.AckWait }

// Retry hands the documents back for another delivery after delay.
func (w *Worker) Retry(items []Item, delay time.Duration) error {
	var errs []error
	for _, it := range items {
		if err := it.msg.NakWithDelay(delay); err != nil {
			errs = append(errs, fmt.Errorf("queue: nak %s: %w", it.Doc.Path, err))
		}
	}
	return errors.Join(errs...)
}

// Drop gives the documents up for good (they can never succeed).
func (w *Worker) Drop(items []Item, reason string) {
	for _, it := range items {
		_ = it.msg.TermWithReason(reason)
	}
}

// MaxDeliver is the number of deliveries after which a message is given up.
func (w *Worker) MaxDeliver() int { return w.q.opts.MaxDeliver }
