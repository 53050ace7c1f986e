package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chorusnews/chorus/internal/domain"
)

// write creates a file under dir with the given content.
func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gz(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// collect runs Walk and returns the documents and warnings.
func collect(t *testing.T, paths []string, opts Options) ([]domain.RawDoc, []error) {
	t.Helper()
	var docs []domain.RawDoc
	var warns []error
	n, err := Walk(context.Background(), paths, opts, func(d domain.RawDoc) error {
		docs = append(docs, d)
		return nil
	}, func(err error) { warns = append(warns, err) })
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	if n != len(docs) {
		t.Fatalf("Walk returned n=%d, emitted %d", n, len(docs))
	}
	return docs, warns
}

func ids(docs []domain.RawDoc) string {
	var s []string
	for _, d := range docs {
		s = append(s, d.ID)
	}
	return strings.Join(s, ",")
}

func TestWalkDirectoryOrderAndSkips(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "b.txt", "Title B\n\nBody b.")
	write(t, dir, "a.html", "<html><body><p>Body a.</p></body></html>")
	write(t, dir, "sub/c.md", "Title C\n\nBody c.")
	write(t, dir, "sub/x.txt", "Title X\n\nBody x.")
	write(t, dir, "x.txt", "Title X again\n\nBody x.")
	write(t, dir, ".hidden.txt", "hidden")
	write(t, dir, ".git/config.txt", "hidden dir")
	write(t, dir, "notes.pdf", "%PDF")
	docs, warns := collect(t, []string{dir}, Options{})
	if len(warns) != 0 {
		t.Errorf("warnings for a clean directory: %v", warns)
	}
	// Lexical order of WalkDir: a.html, b.txt, sub/c.md, sub/x.txt, x.txt;
	// the second "x" gets a suffix.
	if got, want := ids(docs), "a,b,c,x,x-2"; got != want {
		t.Errorf("ids = %s, want %s", got, want)
	}
	if docs[0].Format != domain.FormatHTML || docs[1].Format != domain.FormatText {
		t.Errorf("formats = %s, %s", docs[0].Format, docs[1].Format)
	}
	if want := filepath.Join(dir, "sub", "c.md"); docs[2].Path != want {
		t.Errorf("path = %q, want %q", docs[2].Path, want)
	}
	if string(docs[1].Body) != "Title B\n\nBody b." {
		t.Errorf("body = %q", docs[1].Body)
	}
}

func TestWalkBadInputsWarnAndContinue(t *testing.T) {
	dir := t.TempDir()
	good := write(t, dir, "good.txt", "Headline\n\nA sentence of the article.")
	empty := write(t, dir, "empty.txt", "")
	blank := write(t, dir, "blank.txt", " \n\t\n")
	bin := write(t, dir, "bin.txt", "PK\x03\x04\x00\x00binary")
	ctl := write(t, dir, "ctl.txt", strings.Repeat("\x01\x02\x03abc", 50))
	unknown := write(t, dir, "doc.pdf", "%PDF-1.4")
	missing := filepath.Join(dir, "missing.txt")
	docs, warns := collect(t, []string{missing, empty, blank, bin, ctl, unknown, good}, Options{})
	if got := ids(docs); got != "good" {
		t.Errorf("read %q, want only good", got)
	}
	want := []struct {
		path string
		is   error
		msg  string
	}{
		{missing, fs.ErrNotExist, missing + ": no such file or directory"},
		{empty, ErrEmpty, empty + ": empty file"},
		{blank, ErrEmpty, blank + ": empty file"},
		{bin, ErrBinary, bin + ": binary data, not text"},
		{ctl, ErrBinary, ctl + ": binary data, not text"},
		{unknown, ErrUnknownFormat, ""},
	}
	if len(warns) != len(want) {
		t.Fatalf("warnings = %v, want %d", warns, len(want))
	}
	for i, w := range want {
		var ie *InputError
		if !errors.As(warns[i], &ie) || ie.Path != w.path {
			t.Errorf("warning %d = %v, want an *InputError for %s", i, warns[i], w.path)
			continue
		}
		if !errors.Is(warns[i], w.is) {
			t.Errorf("warning %d = %v, want errors.Is %v", i, warns[i], w.is)
		}
		if w.msg != "" && warns[i].Error() != w.msg {
			t.Errorf("warning %d = %q, want %q", i, warns[i].Error(), w.msg)
		}
		if strings.Contains(warns[i].Error(), "\n") {
			t.Errorf("warning %d is not one line: %q", i, warns[i])
		}
	}
}

func TestWalkLargeFileIsRefusedWithoutReading(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse 50 MB file: no disk blocks written, instant to create.
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	good := write(t, dir, "ok.txt", "Headline\n\nText.")
	docs, warns := collect(t, []string{big, good}, Options{})
	if ids(docs) != "ok" {
		t.Errorf("read %q", ids(docs))
	}
	if len(warns) != 1 {
		t.Fatalf("warnings = %v", warns)
	}
	if got, want := warns[0].Error(), big+": 52428800 bytes exceeds the 8 MiB limit (--max-bytes)"; got != want {
		t.Errorf("warning = %q, want %q", got, want)
	}
	if !errors.Is(warns[0], ErrTooLarge) {
		t.Errorf("warning does not match ErrTooLarge")
	}
}

// endless is an unbounded text stream: reading it whole would never end.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = "word \n"[int(e.n%6)]
		e.n++
	}
	return len(p), nil
}

func TestWalkStdinIsLimited(t *testing.T) {
	src := &endless{}
	docs, warns := collect(t, []string{"-"}, Options{Stdin: src, MaxBytes: 1 << 20})
	if len(docs) != 0 || len(warns) != 1 || !errors.Is(warns[0], ErrTooLarge) {
		t.Fatalf("docs=%d warns=%v", len(docs), warns)
	}
	if want := "-: more than 1048576 bytes exceeds the 1 MiB limit (--max-bytes)"; warns[0].Error() != want {
		t.Errorf("warning = %q, want %q", warns[0], want)
	}
	if src.n > 2<<20 {
		t.Errorf("read %d bytes from an endless stdin, want at most about the limit", src.n)
	}
}

func TestWalkStdinSniffing(t *testing.T) {
	tests := []struct {
		name, in string
		want     []domain.Format
		ids      string
	}{
		{"html", "\n<!DOCTYPE html><html><body><p>Hi there.</p></body></html>", []domain.Format{domain.FormatHTML}, "stdin"},
		{"html fragment", "<p>Only a paragraph.</p>", []domain.Format{domain.FormatHTML}, "stdin"},
		{"jsonl", `{"id":"a1","text":"One."}` + "\n\n" + `{"text":"Two."}` + "\n", []domain.Format{domain.FormatText, domain.FormatText}, "a1,stdin-3"},
		{"text", "Headline\n\nBody text with {braces}.", []domain.Format{domain.FormatText}, "stdin"},
		{"text starting with a brace", "{not json}\nmore", []domain.Format{domain.FormatText}, "stdin"},
		{"less-than text", "<3 is a heart, said nobody in the newsroom.", []domain.Format{domain.FormatText}, "stdin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, warns := collect(t, []string{"-"}, Options{Stdin: strings.NewReader(tt.in)})
			if len(warns) != 0 {
				t.Errorf("warnings: %v", warns)
			}
			if len(docs) != len(tt.want) {
				t.Fatalf("got %d docs, want %d", len(docs), len(tt.want))
			}
			for i, d := range docs {
				if d.Format != tt.want[i] {
					t.Errorf("doc %d format %s, want %s", i, d.Format, tt.want[i])
				}
			}
			if ids(docs) != tt.ids {
				t.Errorf("ids = %s, want %s", ids(docs), tt.ids)
			}
		})
	}
	if Sniff([]byte(`{"a":1}`)) != "jsonl" || Sniff([]byte("<html>")) != "html" || Sniff([]byte("plain")) != "text" {
		t.Error("Sniff disagrees with the walker")
	}
}

const jsonlBody = `{"id":"r1","title":"First","text":"Body one.","source":"Outlet A","url":"https://a.example/1","published":"2017-04-12T10:30:00+03:00"}
{"title":"Second","html":"<p>Body two.</p>","text":"ignored","published":"2017-04-13"}
this is not json
{"id":"r4","title":"No body"}

{"id":"r6","text":"Body six.","published":"12/04/2017"}
{"id":["bad"],"text":"x"}
{"id":7,"text":"Numeric id."}
`

func TestWalkJSONL(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "feed.jsonl", jsonlBody)
	docs, warns := collect(t, []string{p}, Options{})
	if got, want := ids(docs), "r1,feed-2,r6,7"; got != want {
		t.Errorf("ids = %s, want %s", got, want)
	}
	d := docs[0]
	if d.Path != p+":1" || d.Title != "First" || d.Source != "Outlet A" || d.URL != "https://a.example/1" || d.Format != domain.FormatText || string(d.Body) != "Body one." {
		t.Errorf("doc 1 = %+v", d)
	}
	if !d.Published.Equal(time.Date(2017, 4, 12, 7, 30, 0, 0, time.UTC)) {
		t.Errorf("published = %v", d.Published)
	}
	if docs[1].Format != domain.FormatHTML || string(docs[1].Body) != "<p>Body two.</p>" || docs[1].Path != p+":2" {
		t.Errorf("doc 2 = %+v", docs[1])
	}
	if !docs[1].Published.Equal(time.Date(2017, 4, 13, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("date-only published = %v", docs[1].Published)
	}
	if !docs[2].Published.IsZero() {
		t.Errorf("unparseable date kept: %v", docs[2].Published)
	}
	wantLines := []int{3, 4, 6, 7}
	if len(warns) != len(wantLines) {
		t.Fatalf("warnings = %v", warns)
	}
	for i, line := range wantLines {
		var ie *InputError
		if !errors.As(warns[i], &ie) || ie.Line != line || ie.Path != p || !errors.Is(warns[i], ErrBadRecord) {
			t.Errorf("warning %d = %v, want a bad record at line %d", i, warns[i], line)
		}
		if !strings.HasPrefix(warns[i].Error(), p+":") {
			t.Errorf("warning %q does not name file:line", warns[i])
		}
	}
}

func TestWalkJSONLGzip(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "feed.jsonl.gz", gz(t, jsonlBody))
	bad := write(t, dir, "broken.jsonl.gz", "not gzip at all")
	docs, warns := collect(t, []string{p, bad}, Options{})
	if got, want := ids(docs), "r1,feed-2,r6,7"; got != want {
		t.Errorf("ids = %s, want %s", got, want)
	}
	last := warns[len(warns)-1]
	if !strings.HasPrefix(last.Error(), bad+": gzip:") {
		t.Errorf("broken gzip warning = %v", last)
	}
	// A gzip stream cut in the middle: the lines before the cut are read,
	// and the cut is reported.
	full := gz(t, strings.Repeat(`{"text":"Some article text that compresses."}`+"\n", 2000))
	cut := write(t, dir, "cut.jsonl.gz", full[:len(full)/2])
	docs, warns = collect(t, []string{cut}, Options{})
	if len(docs) == 0 || len(warns) != 1 || !strings.Contains(warns[0].Error(), "unexpected EOF") {
		t.Errorf("cut gzip: %d docs, warnings %v", len(docs), warns)
	}
}

func TestWalkJSONLLineTooLong(t *testing.T) {
	dir := t.TempDir()
	long := `{"id":"long","text":"` + strings.Repeat("x", 5000) + `"}`
	p := write(t, dir, "f.jsonl", `{"id":"a","text":"short"}`+"\n"+long+"\n"+`{"id":"b","text":"short"}`+"\n")
	docs, warns := collect(t, []string{p}, Options{MaxBytes: 1024})
	if ids(docs) != "a,b" {
		t.Errorf("ids = %s", ids(docs))
	}
	if len(warns) != 1 || !errors.Is(warns[0], ErrTooLarge) || !strings.HasPrefix(warns[0].Error(), p+":2: ") {
		t.Errorf("warnings = %v", warns)
	}
}

func TestWalkEmptyJSONL(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "e.jsonl", "\n\n")
	docs, warns := collect(t, []string{p}, Options{})
	if len(docs) != 0 || len(warns) != 1 || !errors.Is(warns[0], ErrEmpty) {
		t.Errorf("docs=%d warns=%v", len(docs), warns)
	}
}

func TestWalkStopsOnEmitErrorAndContext(t *testing.T) {
	dir := t.TempDir()
	a := write(t, dir, "a.txt", "A\n\nText.")
	b := write(t, dir, "b.txt", "B\n\nText.")
	stop := errors.New("stop")
	n, err := Walk(context.Background(), []string{a, b}, Options{}, func(domain.RawDoc) error { return stop }, nil)
	if n != 0 || !errors.Is(err, stop) {
		t.Errorf("n=%d err=%v, want 0 and the emit error", n, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	n, err = Walk(ctx, []string{a, b}, Options{}, func(domain.RawDoc) error { return nil }, nil)
	if n != 0 || !errors.Is(err, context.Canceled) {
		t.Errorf("n=%d err=%v, want context.Canceled", n, err)
	}
}

func TestLooksBinary(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"plain text\n", false},
		{"caf\xe9 in windows-1252", false},
		{"naïve UTF-8 — text", false},
		{"\x1b[1mterminal\x1b[0m", false},
		{"a\x00b", true},
		{strings.Repeat("\x01\x02ab", 10), true},
		{"", false},
	}
	for _, tt := range tests {
		if got := LooksBinary([]byte(tt.in)); got != tt.want {
			t.Errorf("LooksBinary(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2017-04-12", "2017-04-12T10:00:00Z", "2017-04-12T10:00:00.5+02:00", "2017-04-12T10:00:00"} {
		if _, err := ParseDate(s); err != nil {
			t.Errorf("ParseDate(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "12/04/2017", "April 12", "2017-13-01"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
}

func TestIDsFromNamesAndCollisions(t *testing.T) {
	dir := t.TempDir()
	p1 := write(t, dir, "My Story.HTML", "<p>x</p>")
	p2 := write(t, dir, "d/My Story.txt", "x\n\ny.")
	p3 := write(t, dir, "j.jsonl", `{"id":"My-Story","text":"z."}`+"\n")
	docs, _ := collect(t, []string{p1, p2, p3}, Options{})
	if got, want := ids(docs), "My-Story,My-Story-2,My-Story-3"; got != want {
		t.Errorf("ids = %s, want %s", got, want)
	}
}

var _ io.Reader = (*endless)(nil)

// TestWalkFeeds: feed files (by extension, or sniffed on standard input)
// go through Options.Feed; without it they are refused, and a feed that
// fails is a warning naming the file while the other inputs are read.
func TestWalkFeeds(t *testing.T) {
	dir := t.TempDir()
	rss := write(t, dir, "harbour.rss", `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Post</title></channel></rss>`)
	bad := write(t, dir, "broken.xml", `<rss><channel>`)
	txt := write(t, dir, "note.txt", "Title\n\nA body that is an article.")
	feed := func(name string, body []byte, warn func(error)) ([]domain.RawDoc, error) {
		if strings.Contains(name, "broken") {
			return nil, errors.New("feed: unexpected end")
		}
		warn(errors.New("item 2 skipped"))
		return []domain.RawDoc{
			{ID: "https://harbour.example/a", Path: name + "#1", Format: domain.FormatHTML, Body: []byte("<p>One.</p>")},
			{ID: "https://harbour.example/b", Path: name + "#3", Format: domain.FormatHTML, Body: []byte("<p>Two.</p>")},
		}, nil
	}
	docs, warns := collect(t, []string{dir}, Options{Feed: feed})
	if got := ids(docs); got != "https://harbour.example/a,https://harbour.example/b,note" {
		t.Errorf("documents %s", got)
	}
	if len(warns) != 2 || !strings.Contains(warns[0].Error(), bad) || !strings.Contains(warns[1].Error(), "item 2") {
		t.Errorf("warnings %v, want the broken feed by name and the skipped item", warns)
	}
	// Without a feed reader a feed file is an unknown format, not a text.
	docs, warns = collect(t, []string{rss, txt}, Options{})
	if ids(docs) != "note" || len(warns) != 1 || !errors.Is(warns[0], ErrUnknownFormat) {
		t.Errorf("without Feed: documents %s, warnings %v", ids(docs), warns)
	}
	// A feed on standard input is sniffed.
	body, _ := os.ReadFile(rss)
	if Sniff(body) != "feed" {
		t.Errorf("Sniff(rss) = %q", Sniff(body))
	}
	docs, _ = collect(t, []string{"-"}, Options{Feed: feed, Stdin: bytes.NewReader(body)})
	if len(docs) != 2 || !strings.HasPrefix(docs[0].Path, "-#") {
		t.Errorf("stdin feed: %+v", docs)
	}
}
