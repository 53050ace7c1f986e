// Package queuetest starts an embedded NATS server with JetStream for
// tests: no external server, no network beyond the loopback interface.
package queuetest

import (
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Server starts a JetStream-enabled NATS server on a random loopback port,
// storing its streams under a temporary directory, and returns its URL.
// The server stops when the test ends.
func Server(t testing.TB) string {
	t.Helper()
	url, _ := Stoppable(t)
	return url
}

// Stoppable is Server that also returns a function stopping the server
// before the test ends (to test what clients do when it goes away).
func Stoppable(t testing.TB) (string, func()) {
	t.Helper()
	s, err := server.NewServer(&server.Options{
		Host:      "127.0.0.1",
		Port:      -1,
		JetStream: true,
		StoreDir:  t.TempDir(),
		NoLog:     true,
		NoSigs:    true,
	})
	if err != nil {
		t.Fatalf("embedded NATS server: %v", err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		t.Fatal("embedded NATS server not ready after 10s")
	}
	stop := func() {
		s.Shutdown()
		s.WaitForShutdown()
	}
	t.Cleanup(stop)
	return s.ClientURL(), stop
}
