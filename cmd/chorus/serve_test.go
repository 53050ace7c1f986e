package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeCommand runs `chorus serve` on a free port, posts an article
// with the token and reads back its story.
func TestServeCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	t.Setenv("CHORUS_API_TOKEN", "s3cret")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var stderr bytes.Buffer
	go func() { done <- run(ctx, []string{"serve", "--db", db, "--addr", addr}, nil, io.Discard, &stderr) }()
	base := "http://" + addr
	for i := 0; ; i++ {
		if res, err := http.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			break
		}
		if i > 100 {
			t.Fatalf("server did not start: %s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	body := `{"title":"Ferry strike ends in Norrvik","source":"Harbour Post","published":"2017-04-14",` +
		`"text":"The ferry strike in Norrvik ended on Friday after crews accepted a new pay offer.\n\nServices resume on Saturday, the operator said."}`
	req, _ := http.NewRequest("POST", base+"/api/articles", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer s3cret")
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var posted struct {
		Created bool   `json:"created"`
		ID      string `json:"id"`
		StoryID string `json:"story_id"`
	}
	json.NewDecoder(res.Body).Decode(&posted)
	res.Body.Close()
	if res.StatusCode != 201 || !posted.Created || posted.StoryID == "" {
		t.Fatalf("POST: %d %+v", res.StatusCode, posted)
	}
	res, err = http.Get(base + "/api/stories/" + posted.StoryID)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(b), "Ferry strike ends in Norrvik") || !strings.Contains(string(b), posted.ID) {
		t.Errorf("story: %d %s", res.StatusCode, b)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}
