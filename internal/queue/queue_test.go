package queue_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/queue"
	"github.com/chorusnews/chorus/internal/queue/queuetest"
	"github.com/nats-io/nats.go"
)

func doc(path, body string) domain.RawDoc {
	return domain.RawDoc{ID: path, Path: path, Format: domain.FormatText, Body: []byte(body), Source: "Harton Gazette",
		Published: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	d := doc("in/a.txt", "Ferry strike ends\n\nDock workers in Harton returned on Monday.")
	d.URL = "https://gazette.example/ferry"
	d.Title = "Ferry strike ends"
	data, err := queue.Encode(d)
	if err != nil {
		t.Fatal(err)
	}
	got, err := queue.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if got.Path != d.Path || got.URL != d.URL || got.Title != d.Title || got.Source != d.Source ||
		!got.Published.Equal(d.Published) || got.Format != d.Format || !bytes.Equal(got.Body, d.Body) || got.ID != d.ID {
		t.Errorf("round trip changed the document:\n got %+v\nwant %+v", got, d)
	}
}

func gz(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func TestDecodeRejectsBadMessages(t *testing.T) {
	for name, data := range map[string][]byte{
		"not gzip":  []byte(`{"path":"a","body":"eA=="}`),
		"bad json":  gz(`{"path": "a", "body": `),
		"no body":   gz(`{"path": "a"}`),
		"not bytes": gz(`{"path": "a", "body": 12}`),
		"empty":     nil,
	} {
		if _, err := queue.Decode(data); err == nil {
			t.Errorf("%s: Decode accepted %q", name, data)
		}
	}
}

func TestKeyPrefersURL(t *testing.T) {
	a, b := doc("a.txt", "same words"), doc("b.txt", "same words")
	if queue.Key(a) != queue.Key(b) {
		t.Error("the same bytes under two paths have different keys")
	}
	if queue.Key(doc("a.txt", "other words")) == queue.Key(a) {
		t.Error("different bytes share a key")
	}
	a.URL = "https://gazette.example/x"
	if queue.Key(a) != "url:https://gazette.example/x" {
		t.Errorf("Key = %q, want the URL", queue.Key(a))
	}
}

func FuzzDecode(f *testing.F) {
	d, _ := queue.Encode(doc("a.txt", "Some text."))
	f.Add(d)
	f.Add(gz(`{"body":"eA=="}`))
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := queue.Decode(data)
		if err == nil && len(got.Body) == 0 {
			t.Error("decoded a document without a body")
		}
	})
}

func open(t *testing.T, url string) *queue.Queue {
	t.Helper()
	q, err := queue.Open(context.Background(), url, queue.Options{AckWait: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	return q
}

func TestPublishFetchAckAndDuplicates(t *testing.T) {
	ctx := context.Background()
	url := queuetest.Server(t)
	q := open(t, url)
	docs := []domain.RawDoc{doc("a.txt", "First story text."), doc("b.txt", "Second story text."), doc("c.txt", "First story text.")}
	var dups int
	for _, d := range docs {
		dup, err := q.Publish(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if dup {
			dups++
		}
	}
	if dups != 1 {
		t.Errorf("%d duplicates reported, want 1 (c.txt has a.txt's bytes)", dups)
	}
	if n, err := q.Pending(ctx); err != nil || n != 2 {
		t.Errorf("Pending = %d, %v; want 2", n, err)
	}
	// A message that is not ours is dropped and reported, not fatal.
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	if err := nc.Publish(queue.Subject, []byte("not a document")); err != nil {
		t.Fatal(err)
	}
	nc.Flush()

	w, err := q.Worker(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := w.Fetch(ctx, 10, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Items) != 2 || len(b.Bad) != 1 {
		t.Fatalf("fetched %d documents and %d bad messages, want 2 and 1", len(b.Items), len(b.Bad))
	}
	if !strings.Contains(b.Bad[0].Error(), "not a gzipped document") {
		t.Errorf("bad message error = %v", b.Bad[0])
	}
	// Handed back, the first document comes again; acknowledged, it does not.
	if err := w.Retry(b.Items[:1], 0); err != nil {
		t.Fatal(err)
	}
	if err := w.Ack(ctx, b.Items[1:]); err != nil {
		t.Fatal(err)
	}
	again, err := w.Fetch(ctx, 10, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Items) != 1 || again.Items[0].Doc.Path != b.Items[0].Doc.Path || again.Items[0].Delivery != 2 {
		t.Fatalf("after Retry got %+v, want %s on its 2nd delivery", again.Items, b.Items[0].Doc.Path)
	}
	if err := w.Ack(ctx, again.Items); err != nil {
		t.Fatal(err)
	}
	if n, err := q.Pending(ctx); err != nil || n != 0 {
		t.Errorf("Pending after acks = %d, %v; want 0", n, err)
	}
	empty, err := w.Fetch(ctx, 10, 200*time.Millisecond)
	if err != nil || len(empty.Items) != 0 {
		t.Errorf("fetch of an empty queue = %d items, %v", len(empty.Items), err)
	}
}

func TestOpenNamesTheServer(t *testing.T) {
	_, err := queue.Open(context.Background(), "nats://127.0.0.1:1", queue.Options{ConnectTimeout: time.Second})
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1:1") {
		t.Errorf("Open of a closed port: %v, want an error naming it", err)
	}
}
