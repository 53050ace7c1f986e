package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/domain"
)

// chorus runs the CLI in-process and returns its exit status and output.
func chorus(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

const goodArticle = `Harbour pilots vote to join dockers' strike

Harbour pilots at the Port of Eastmere voted on Monday to join the dock strike, union officials said.
The vote passed by 61 votes to 9, according to the pilots' association.
"We stand with the dockers," said association chair Tomas Verhoeven.
`

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBriefBadInputsAreWarningsNotFailures(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.txt", []byte(goodArticle))
	empty := writeFile(t, dir, "empty.txt", nil)
	binary := writeFile(t, dir, "blob.txt", []byte("\x00\x01\x02\x03PK\x03\x04\x00\x00binary\x00"))
	noArticle := writeFile(t, dir, "nav.html", []byte(`<html><head><title>Menu</title></head><body><nav><a href="/">Home</a> <a href="/a">About</a></nav></body></html>`))
	huge := filepath.Join(dir, "huge.txt")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil { // 50 MB, sparse
		t.Fatal(err)
	}
	f.Close()
	missing := filepath.Join(dir, "missing.txt")

	code, out, stderr := chorus(t, "", "brief", "--format", "json", good, empty, binary, noArticle, huge, missing)
	if code != exitOK {
		t.Fatalf("exit %d, want 0 (one good article); stderr:\n%s", code, stderr)
	}
	for _, p := range []string{empty, binary, noArticle, huge, missing} {
		if !strings.Contains(stderr, p) {
			t.Errorf("no warning names %s; stderr:\n%s", p, stderr)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if !strings.HasPrefix(line, "chorus brief: warning: ") {
			t.Errorf("warning is not one prefixed line: %q", line)
		}
	}
	var got domain.Briefs
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if len(got.Stories) != 1 || len(got.Stories[0].Articles) != 1 || got.Stories[0].Articles[0].Path != good {
		t.Errorf("want one story from %s, got %+v", good, got.Stories)
	}
}

func TestBriefInvalidUTF8IsRepairedAndReported(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "latin1.txt", []byte(strings.Replace(goodArticle, "Verhoeven", "Verh\xf6even", 1)))
	code, out, stderr := chorus(t, "", "brief", p)
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, p) || !strings.Contains(strings.ToLower(stderr), "utf-8") {
		t.Errorf("invalid UTF-8 not reported with the file name; stderr:\n%s", stderr)
	}
	if !strings.Contains(out, "Harbour pilots") {
		t.Errorf("the article was not briefed:\n%s", out)
	}
}

func TestBriefExitStatus(t *testing.T) {
	dir := t.TempDir()
	empty := writeFile(t, dir, "empty.txt", nil)
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no args", []string{"brief"}, exitUsage},
		{"bad flag", []string{"brief", "--nope", "x"}, exitUsage},
		{"bad format", []string{"brief", "--format", "pdf", "x"}, exitUsage},
		{"help", []string{"brief", "--help"}, exitOK},
		{"nothing readable", []string{"brief", empty, filepath.Join(dir, "missing")}, exitFail},
		{"unknown command", []string{"frobnicate"}, exitUsage},
		{"eval help", []string{"eval", "--help"}, exitOK},
		{"unknown eval task", []string{"eval", "nope"}, exitUsage},
		{"bench without task", []string{"bench"}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, _, stderr := chorus(t, "", tt.args...); code != tt.want {
				t.Errorf("chorus %v: exit %d, want %d; stderr:\n%s", tt.args, code, tt.want, stderr)
			}
		})
	}
}

func TestBriefStdin(t *testing.T) {
	code, out, stderr := chorus(t, goodArticle, "brief", "-")
	if code != exitOK || !strings.Contains(out, "# Harbour pilots vote to join dockers' strike") {
		t.Errorf("exit %d; out:\n%s\nstderr:\n%s", code, out, stderr)
	}
}

func TestHelpGoesToStdout(t *testing.T) {
	code, out, stderr := chorus(t, "", "brief", "--help")
	if code != exitOK || !strings.Contains(out, "Usage: chorus brief") || stderr != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want the usage on stdout", code, out, stderr)
	}
}

func TestBriefReadsFeedFiles(t *testing.T) {
	dir := t.TempDir()
	feed := filepath.Join(dir, "harbour.atom")
	atom := `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Post</title><id>urn:harbour</id><updated>2026-03-04T08:00:00Z</updated>
<entry><title>Pilots join the dockers' strike</title><id>urn:harbour:1</id><link href="https://harbour.example/pilots"/>
<updated>2026-03-04T08:00:00Z</updated>
<content type="html">&lt;p&gt;Harbour pilots in Norrvik voted on Tuesday to join the dockers' strike, the pilots' association said.&lt;/p&gt;&lt;p&gt;No ship has entered the port since Monday morning.&lt;/p&gt;</content></entry>
<entry><title>Harbour master retires</title><id>urn:harbour:2</id><link href="https://harbour.example/retires"/><updated>2026-03-04T09:00:00Z</updated></entry>
</feed>`
	if err := os.WriteFile(feed, []byte(atom), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := chorus(t, "", "brief", feed)
	if code != exitOK || !strings.Contains(out, "# Pilots join the dockers' strike") || !strings.Contains(out, "Harbour Post") {
		t.Errorf("exit %d; out:\n%s\nstderr:\n%s", code, out, stderr)
	}
	if !strings.Contains(stderr, "Harbour master retires") || !strings.Contains(stderr, "only a link") {
		t.Errorf("the link-only entry is not reported:\n%s", stderr)
	}
}
