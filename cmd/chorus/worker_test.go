package main

import (
	"bytes"
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/queue/queuetest"
)

// TestQueueThenWorker: the examples (our own writing) queued with
// 'ingest --queue' and stored by 'worker --drain' give the same stories and
// briefs as a direct ingest; queueing them again adds nothing.
func TestQueueThenWorker(t *testing.T) {
	url := queuetest.Server(t)
	dirs := []string{"../../examples/harbour-strike", "../../examples/sel-flood", "../../examples/rate-decision"}
	out := ingestOK(t, append([]string{"--queue", url}, dirs...)...)
	if !strings.Contains(out, "11 documents read: 11 queued, 0 already queued") || !strings.Contains(out, "11 documents waiting") {
		t.Errorf("ingest --queue: %s", out)
	}
	out = ingestOK(t, append([]string{"--queue", url}, dirs...)...)
	if !strings.Contains(out, "0 queued, 11 already queued") {
		t.Errorf("second ingest --queue: %s", out)
	}
	db := filepath.Join(t.TempDir(), "w.db")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"worker", "--nats", url, "--db", db, "--drain", "--wait", "300ms"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("worker: exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "11 documents in 1 batches: 11 articles (11 new, 0 already stored), 0 unusable, 0 handed back") {
		t.Errorf("worker: %s\n%s", stdout.String(), stderr.String())
	}
	direct := filepath.Join(t.TempDir(), "d.db")
	ingestOK(t, append([]string{"--db", direct}, dirs...)...)
	na, ns, got := storyCount(t, db)
	_, _, want := storyCount(t, direct)
	if na != 11 || ns != 3 {
		t.Errorf("worker stored %d articles, %d stories; want 11, 3", na, ns)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("the worker's briefs differ from a direct ingest's")
	}
}

func TestWorkerUsage(t *testing.T) {
	for _, args := range [][]string{
		{"worker", "--nats", ""},
		{"worker", "--nats", "nats://127.0.0.1:1", "extra"},
		{"worker", "--nats", "nats://127.0.0.1:1", "--batch", "0"},
	} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), args, nil, &out, &errb); code != exitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, exitUsage, errb.String())
		}
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"worker", "--nats", "nats://127.0.0.1:1", "--db", filepath.Join(t.TempDir(), "x.db")}, nil, &out, &errb)
	if code != exitFail || !strings.Contains(errb.String(), "127.0.0.1:1") {
		t.Errorf("unreachable server: exit %d, %s", code, errb.String())
	}
}
