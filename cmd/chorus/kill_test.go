package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/chorusnews/chorus/internal/store"
	"github.com/chorusnews/chorus/internal/store/sqlite"
)

// TestMain lets a test re-run this binary as the chorus command.
func TestMain(m *testing.M) {
	if os.Getenv("CHORUS_TEST_RUN_MAIN") == "1" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestIngestKilledMidwayThenRerun kills `chorus ingest` with SIGKILL while
// it is storing articles, reruns it, and checks that every article is
// stored exactly once and belongs to a story.
func TestIngestKilledMidwayThenRerun(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a subprocess; skipped with -short")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	const n = 600
	towns := []string{"Norrvik", "Castelbrun", "Aldermoor", "Pellaro", "Kestwick", "Varnholm"}
	for i := range n {
		town := towns[i%len(towns)]
		text := fmt.Sprintf("%s harbour closed after storm %d\n\nThe harbour in %s was closed on Monday after storm number %d damaged the quay. "+
			"Officials said %d boats were kept in port, report %d.\n\nThe harbour master said repairs would take %d days.\n", town, i%40, town, i%40, 10+i%31, i, 2+i%9)
		if err := os.WriteFile(filepath.Join(in, fmt.Sprintf("%04d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(dir, "c.db")
	cmd := exec.Command(os.Args[0], "ingest", "--db", db, in)
	cmd.Env = append(os.Environ(), "CHORUS_TEST_RUN_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until some but not all articles are stored, then kill.
	stored := 0
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		stored = countArticles(t, db)
		if stored > 0 {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	atKill := countArticles(t, db)
	t.Logf("killed with %d of %d articles stored", atKill, n)
	if atKill == 0 || atKill >= n {
		t.Logf("the kill did not land mid-storing (%d stored); the rerun is still checked", atKill)
	}
	out := ingestOK(t, "--db", db, in)
	t.Logf("rerun: %s", out)
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	na, ns, err := st.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if na != n || ns == 0 {
		t.Fatalf("after the rerun: %d articles in %d stories, want %d articles", na, ns, n)
	}
	inStory := 0
	for off := 0; ; off += 200 {
		list, err := st.ListStories(context.Background(), store.Page{Limit: 200, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list.Stories {
			arts, err := st.ArticlesOfStory(context.Background(), s.ID)
			if err != nil {
				t.Fatal(err)
			}
			inStory += len(arts)
		}
		if !list.More {
			break
		}
	}
	if inStory != n {
		t.Errorf("%d of %d articles belong to a story after the rerun", inStory, n)
	}
	if again := ingestOK(t, "--db", db, in); countArticles(t, db) != n {
		t.Errorf("third run changed the article count: %s", again)
	}
}

func countArticles(t *testing.T, db string) int {
	t.Helper()
	if _, err := os.Stat(db); err != nil {
		return 0
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		return 0 // still being created
	}
	defer st.Close()
	n, _, err := st.Counts(context.Background())
	if err != nil {
		return 0
	}
	return n
}
