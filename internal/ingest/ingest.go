// Package ingest turns the sources a user names (files, directories, standard
// input) into domain.RawDoc values. It owns input I/O and its limits: which
// files are read, in which order, how large a document may be, and how bad
// inputs are reported. It does no cleaning; that is package extract's job.
//
// # Sources
//
// Walk reads each PATH in the order given:
//   - a regular file is read according to its extension (see below);
//   - a directory is read recursively in lexical order (filepath.WalkDir),
//     skipping hidden entries (names starting with ".") and, silently, files
//     whose extension is not one of ours;
//   - "-" reads standard input (Options.Stdin) and sniffs its format: HTML
//     when it starts like an HTML page, JSON Lines when every non-empty line
//     is a JSON object, plain text otherwise.
//
// Extensions: .txt and .md are plain text (FormatText), .html and .htm are
// HTML (FormatHTML), .jsonl and .jsonl.gz are JSON Lines with one article per
// line:
//
//	{"id":"...","title":"...","text":"..." or "html":"...","source":"...","url":"...","published":"2017-04-12"}
//
// "published" is RFC 3339 or YYYY-MM-DD; an "html" field wins over "text".
// A line that is not a JSON object, or has neither "text" nor "html", is
// skipped with a warning naming file:line; an unreadable "published" is
// warned about and the article read without a date.
//
// # Limits
//
// Options.MaxBytes (default 8 MiB) bounds one document: a whole .txt/.html
// file, or one JSON Lines line. Files are checked with stat before reading and
// every read goes through io.LimitReader, so a huge input is never loaded.
// JSON Lines files are streamed line by line and have no total limit.
//
// # Errors and warnings
//
// Problems with one input never stop the others: they are handed to the warn
// callback as *InputError values whose message names the file (and the line
// for JSON Lines), e.g. "big.txt: 52428800 bytes exceeds the 8 MiB limit
// (--max-bytes)". The sentinel errors (ErrEmpty, ErrBinary, ErrTooLarge,
// ErrUnknownFormat, ErrBadRecord) and fs.ErrNotExist can be tested with
// errors.Is. Walk itself returns an error only when the context is done or
// emit fails.
//
// # Document ids
//
// RawDoc.ID is, in order of preference: the JSON Lines "id" field; for other
// JSON Lines records "<base>-<line>"; otherwise the file's base name without
// its extension(s) ("000_b43a.txt" -> "000_b43a"), "stdin" for standard
// input. Spaces become "-". Ids are made unique within one Walk by appending
// "-2", "-3", ... to later duplicates, in reading order, which is
// deterministic. RawDoc.Path is the path as given, with ":N" appended for
// line N of a JSON Lines file ("-:N" for standard input).
package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/jsonscan"
)

// DefaultMaxBytes is the default limit on one document's size.
const DefaultMaxBytes = 8 << 20

// Options configures Walk. The zero value is usable.
type Options struct {
	// MaxBytes bounds one document (a file, or a JSON Lines line).
	// Zero means DefaultMaxBytes.
	MaxBytes int64
	// Stdin is read for the path "-". Nil means os.Stdin.
	Stdin io.Reader
	// Feed turns a feed file (.rss, .atom, .xml; or a feed on standard
	// input) into documents, reporting problems with single items through
	// warn. Nil means feed files are refused as an unknown format. (The
	// feed reader lives outside this package, which reads files only.)
	Feed func(name string, body []byte, warn func(error)) ([]domain.RawDoc, error)
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return o.MaxBytes
}

// Sentinel errors carried by InputError.
var (
	ErrEmpty         = errors.New("empty file")
	ErrBinary        = errors.New("binary data, not text")
	ErrTooLarge      = errors.New("too large")
	ErrUnknownFormat = errors.New("unknown format")
	ErrBadRecord     = errors.New("bad record")
)

// InputError is a problem with one input: a file, or one line of a JSON
// Lines file. Its message is one line naming the file.
type InputError struct {
	Path string // as given by the user ("-" for standard input)
	Line int    // 1-based line for JSON Lines, 0 otherwise
	Err  error
}

func (e *InputError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

func (e *InputError) Unwrap() error { return e.Err }

// SizeError says a document is larger than the limit. It matches ErrTooLarge.
type SizeError struct {
	Size    int64 // bytes, or the number read before giving up when AtLeast
	AtLeast bool  // Size is a lower bound (streamed input)
	Limit   int64
}

func (e *SizeError) Error() string {
	more := ""
	if e.AtLeast {
		more = "more than "
	}
	return fmt.Sprintf("%s%d bytes exceeds the %s limit (--max-bytes)", more, e.Size, humanBytes(e.Limit))
}

// Is makes errors.Is(err, ErrTooLarge) true.
func (e *SizeError) Is(target error) bool { return target == ErrTooLarge }

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// kind is how a file is read.
type kind int

const (
	kindUnknown kind = iota
	kindText
	kindHTML
	kindJSONL
	kindJSONLGz
	kindFeed
)

// kindOf maps a file name to its kind by extension (case-insensitive).
func kindOf(name string) kind {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".jsonl.gz"):
		return kindJSONLGz
	case strings.HasSuffix(lower, ".jsonl"):
		return kindJSONL
	case strings.HasSuffix(lower, ".txt"), strings.HasSuffix(lower, ".md"):
		return kindText
	case strings.HasSuffix(lower, ".html"), strings.HasSuffix(lower, ".htm"):
		return kindHTML
	case strings.HasSuffix(lower, ".rss"), strings.HasSuffix(lower, ".atom"), strings.HasSuffix(lower, ".xml"):
		return kindFeed
	}
	return kindUnknown
}

// walker holds the state of one Walk call.
type walker struct {
	ctx  context.Context
	opts Options
	emit func(domain.RawDoc) error
	warn func(error)
	ids  map[string]bool
	n    int
}

// Walk reads every path and calls emit for each document, in a deterministic
// order. Problems with single inputs go to warn (which may be nil) and do not
// stop the walk. It returns the number of documents emitted, and an error only
// if ctx is done or emit returned one.
func Walk(ctx context.Context, paths []string, opts Options, emit func(domain.RawDoc) error, warn func(error)) (int, error) {
	if warn == nil {
		warn = func(error) {}
	}
	w := &walker{ctx: ctx, opts: opts, emit: emit, warn: warn, ids: map[string]bool{}}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return w.n, err
		}
		if err := w.path(p); err != nil {
			var f fatal
			if errors.As(err, &f) {
				err = f.err
			}
			return w.n, err
		}
	}
	return w.n, nil
}

// fatal marks errors that must stop the walk (context, emit).
type fatal struct{ err error }

func (f fatal) Error() string { return f.err.Error() }
func (f fatal) Unwrap() error { return f.err }

func (w *walker) path(p string) error {
	if p == "-" {
		return w.stdin()
	}
	info, err := os.Stat(p)
	if err != nil {
		w.warn(&InputError{Path: p, Err: unwrapPathError(err)})
		return nil
	}
	if !info.IsDir() {
		k := kindOf(p)
		if k == kindUnknown {
			w.warn(&InputError{Path: p, Err: fmt.Errorf("%w: extension %q is not .txt, .md, .html, .htm, .jsonl, .jsonl.gz, .rss, .atom or .xml", ErrUnknownFormat, filepath.Ext(p))})
			return nil
		}
		return w.file(p, k, info)
	}
	return filepath.WalkDir(p, func(fp string, d fs.DirEntry, err error) error {
		if cerr := w.ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			w.warn(&InputError{Path: fp, Err: unwrapPathError(err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if fp != p && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		k := kindOf(d.Name())
		if k == kindUnknown {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			w.warn(&InputError{Path: fp, Err: unwrapPathError(err)})
			return nil
		}
		if !info.Mode().IsRegular() {
			// Symlinks and devices: follow regular-file symlinks only.
			if info, err = os.Stat(fp); err != nil || !info.Mode().IsRegular() {
				return nil
			}
		}
		return w.file(fp, k, info)
	})
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// file reads one file of a known kind.
func (w *walker) file(p string, k kind, info fs.FileInfo) error {
	switch k {
	case kindJSONL, kindJSONLGz:
		f, err := os.Open(p)
		if err != nil {
			w.warn(&InputError{Path: p, Err: unwrapPathError(err)})
			return nil
		}
		defer f.Close()
		var r io.Reader = f
		if k == kindJSONLGz {
			gz, err := gzip.NewReader(f)
			if err != nil {
				w.warn(&InputError{Path: p, Err: fmt.Errorf("gzip: %w", err)})
				return nil
			}
			defer gz.Close()
			r = gz
		}
		return w.jsonl(p, baseID(p), r)
	}
	limit := w.opts.maxBytes()
	if info.Size() > limit {
		w.warn(&InputError{Path: p, Err: &SizeError{Size: info.Size(), Limit: limit}})
		return nil
	}
	f, err := os.Open(p)
	if err != nil {
		w.warn(&InputError{Path: p, Err: unwrapPathError(err)})
		return nil
	}
	defer f.Close()
	body, ok := w.readLimited(p, f)
	if !ok {
		return nil
	}
	if k == kindFeed {
		return w.feed(p, body)
	}
	format := domain.FormatText
	if k == kindHTML {
		format = domain.FormatHTML
	}
	return w.doc(domain.RawDoc{ID: baseID(p), Path: p, Format: format, Body: body})
}

// feed emits the documents of a feed file through Options.Feed.
func (w *walker) feed(p string, body []byte) error {
	if w.opts.Feed == nil {
		w.warn(&InputError{Path: p, Err: fmt.Errorf("%w: feeds are not read here", ErrUnknownFormat)})
		return nil
	}
	docs, err := w.opts.Feed(p, body, w.warn)
	if err != nil {
		w.warn(&InputError{Path: p, Err: err})
		return nil
	}
	for _, d := range docs {
		if err := w.doc(d); err != nil {
			return err
		}
	}
	return nil
}

// readLimited reads at most MaxBytes from r, warning about too large, empty
// and binary input. ok is false when the input must be skipped.
func (w *walker) readLimited(p string, r io.Reader) ([]byte, bool) {
	limit := w.opts.maxBytes()
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		w.warn(&InputError{Path: p, Err: unwrapPathError(err)})
		return nil, false
	}
	if int64(len(body)) > limit {
		w.warn(&InputError{Path: p, Err: &SizeError{Size: limit, AtLeast: true, Limit: limit}})
		return nil, false
	}
	if len(bytes.TrimSpace(body)) == 0 {
		w.warn(&InputError{Path: p, Err: ErrEmpty})
		return nil, false
	}
	if LooksBinary(body) {
		w.warn(&InputError{Path: p, Err: ErrBinary})
		return nil, false
	}
	return body, true
}

// LooksBinary reports whether b (its first 8 KiB) looks like binary data
// rather than text in some encoding: it holds a NUL byte, or more than 10%
// of its bytes are control characters other than tab, newline, carriage
// return, form feed and escape. Bytes >= 0x80 are not counted, so legacy
// 8-bit encodings (windows-1252, ...) and UTF-8 count as text.
func LooksBinary(b []byte) bool {
	if len(b) > 8192 {
		b = b[:8192]
		// Do not count a UTF-8 sequence cut at the end.
		for len(b) > 0 && !utf8.RuneStart(b[len(b)-1]) {
			b = b[:len(b)-1]
		}
	}
	if len(b) == 0 {
		return false
	}
	ctl := 0
	for _, c := range b {
		switch {
		case c == 0:
			return true
		case c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x1b:
		case c < 0x20 || c == 0x7f:
			ctl++
		}
	}
	return ctl*10 > len(b)
}

func (w *walker) stdin() error {
	r := w.opts.Stdin
	if r == nil {
		r = os.Stdin
	}
	// Standard input may hold many JSON Lines documents: the size limit
	// applies per line for those, so read up to a larger window to sniff.
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(64 << 10)
	switch sniff(head) {
	case kindJSONL:
		return w.jsonl("-", "stdin", br)
	case kindFeed:
		body, ok := w.readLimited("-", br)
		if !ok {
			return nil
		}
		return w.feed("-", body)
	case kindHTML:
		body, ok := w.readLimited("-", br)
		if !ok {
			return nil
		}
		return w.doc(domain.RawDoc{ID: "stdin", Path: "-", Format: domain.FormatHTML, Body: body})
	default:
		body, ok := w.readLimited("-", br)
		if !ok {
			return nil
		}
		// A short input that ended inside the peek window is sniffed again
		// whole (the peek may have been cut mid-line).
		switch sniff(body) {
		case kindJSONL:
			return w.jsonl("-", "stdin", bytes.NewReader(body))
		case kindFeed:
			return w.feed("-", body)
		case kindHTML:
			return w.doc(domain.RawDoc{ID: "stdin", Path: "-", Format: domain.FormatHTML, Body: body})
		}
		return w.doc(domain.RawDoc{ID: "stdin", Path: "-", Format: domain.FormatText, Body: body})
	}
}

// Sniff guesses the format of standard input from its first bytes: "html",
// "jsonl", "feed" or "text".
func Sniff(head []byte) string {
	switch sniff(head) {
	case kindHTML:
		return "html"
	case kindJSONL:
		return "jsonl"
	case kindFeed:
		return "feed"
	}
	return "text"
}

func sniff(head []byte) kind {
	t := bytes.TrimLeft(head, " \t\r\n\ufeff")
	t = bytes.TrimPrefix(t, []byte("\xef\xbb\xbf"))
	if len(t) == 0 {
		return kindText
	}
	if t[0] == '<' {
		low := bytes.ToLower(t[:min(len(t), 1024)])
		for _, tag := range []string{"<rss", "<feed", "<rdf:rdf"} {
			if bytes.Contains(low, []byte(tag)) {
				return kindFeed
			}
		}
		for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p>", "<p ", "<meta", "<title", "<!--"} {
			if bytes.Contains(low, []byte(tag)) {
				return kindHTML
			}
		}
	}
	if t[0] != '{' {
		return kindText
	}
	lines := bytes.Split(t, []byte("\n"))
	// The last line may be cut by the peek window: judge it only when the
	// input is complete enough to end with a newline, else skip it.
	if len(head) >= 64<<10 && len(lines) > 1 {
		lines = lines[:len(lines)-1]
	}
	seen := 0
	for _, l := range lines {
		l = bytes.TrimSpace(l)
		if len(l) == 0 {
			continue
		}
		if l[0] != '{' || l[len(l)-1] != '}' || !json.Valid(l) {
			return kindText
		}
		seen++
	}
	if seen == 0 {
		return kindText
	}
	return kindJSONL
}

// record is one JSON Lines article.
type record struct {
	ID        json.RawMessage `json:"id"`
	Title     string          `json:"title"`
	Text      string          `json:"text"`
	HTML      string          `json:"html"`
	Source    string          `json:"source"`
	URL       string          `json:"url"`
	Published string          `json:"published"`
}

// jsonl streams a JSON Lines input, one document per non-empty line.
func (w *walker) jsonl(p, base string, r io.Reader) error {
	limit := w.opts.maxBytes()
	br := bufio.NewReaderSize(r, 64<<10)
	line := 0
	seen := false
	for {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		b, tooLong, size, err := readLine(br, limit)
		if err != nil && err != io.EOF {
			// A read error (a cut gzip stream, an I/O error): the partial
			// line is not parsed.
			w.warn(&InputError{Path: p, Line: line + 1, Err: err})
			seen = true
			break
		}
		if len(b) == 0 && size == 0 && err != nil {
			break // clean end of input
		}
		line++
		switch {
		case tooLong:
			w.warn(&InputError{Path: p, Line: line, Err: &SizeError{Size: size, Limit: limit}})
			seen = true
		case len(bytes.TrimSpace(b)) != 0:
			seen = true
			if ferr := w.record(p, base, line, b); ferr != nil {
				return ferr
			}
		}
		if err != nil {
			break
		}
	}
	if !seen {
		w.warn(&InputError{Path: p, Err: ErrEmpty})
	}
	return nil
}

// readLine reads one line (without its newline). When the line is longer
// than limit it is skipped to its end and tooLong is set; size is then the
// number of bytes seen.
func readLine(br *bufio.Reader, limit int64) (line []byte, tooLong bool, size int64, err error) {
	var buf []byte
	for {
		chunk, e := br.ReadSlice('\n')
		size += int64(len(chunk))
		if !tooLong {
			if int64(len(buf)+len(chunk)) > limit+1 { // +1: the newline
				tooLong = true
				buf = nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if e == bufio.ErrBufferFull {
			continue
		}
		if e != nil {
			err = e
		}
		break
	}
	buf = bytes.TrimSuffix(buf, []byte("\n"))
	buf = bytes.TrimSuffix(buf, []byte("\r"))
	return buf, tooLong, size, err
}

func (w *walker) record(p, base string, line int, b []byte) error {
	bad := func(err error) { w.warn(&InputError{Path: p, Line: line, Err: err}) }
	var rec record
	if err := json.Unmarshal(b, &rec); err != nil {
		bad(fmt.Errorf("%w: invalid JSON: %v", ErrBadRecord, jsonscan.Explain(err)))
		return nil
	}
	id, err := recordID(rec.ID)
	if err != nil {
		bad(fmt.Errorf("%w: %v", ErrBadRecord, err))
		return nil
	}
	if id == "" {
		id = base + "-" + strconv.Itoa(line)
	}
	doc := domain.RawDoc{
		ID:     id,
		Path:   p + ":" + strconv.Itoa(line),
		Title:  strings.TrimSpace(rec.Title),
		Source: strings.TrimSpace(rec.Source),
		URL:    strings.TrimSpace(rec.URL),
	}
	switch {
	case strings.TrimSpace(rec.HTML) != "":
		doc.Format, doc.Body = domain.FormatHTML, []byte(rec.HTML)
	case strings.TrimSpace(rec.Text) != "":
		doc.Format, doc.Body = domain.FormatText, []byte(rec.Text)
	default:
		bad(fmt.Errorf("%w: no \"text\" or \"html\"", ErrBadRecord))
		return nil
	}
	if strings.ContainsRune(string(doc.Body), 0) {
		bad(ErrBinary)
		return nil
	}
	if rec.Published != "" {
		t, err := ParseDate(rec.Published)
		if err != nil {
			// The article is still usable without its date.
			bad(fmt.Errorf("%w: \"published\": %v (date ignored)", ErrBadRecord, err))
		} else {
			doc.Published = t
		}
	}
	return w.doc(doc)
}

// recordID accepts a JSON string or number id.
func recordID(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return strings.TrimSpace(s), nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String(), nil
	}
	return "", fmt.Errorf("\"id\" must be a string or a number, not %s", raw)
}

// ParseDate parses a publication date: RFC 3339 (with or without seconds'
// fraction), "YYYY-MM-DDTHH:MM:SS" (taken as UTC) or "YYYY-MM-DD".
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not RFC 3339 or YYYY-MM-DD", s)
}

// doc assigns a unique id and emits.
func (w *walker) doc(d domain.RawDoc) error {
	d.ID = strings.Join(strings.Fields(d.ID), "-")
	if d.ID == "" {
		d.ID = "doc"
	}
	if w.ids[d.ID] {
		for i := 2; ; i++ {
			c := d.ID + "-" + strconv.Itoa(i)
			if !w.ids[c] {
				d.ID = c
				break
			}
		}
	}
	w.ids[d.ID] = true
	if err := w.emit(d); err != nil {
		return fatal{err}
	}
	w.n++
	return nil
}

// baseID is the file's base name without its known extension(s).
func baseID(p string) string {
	b := filepath.Base(p)
	lower := strings.ToLower(b)
	for _, ext := range []string{".jsonl.gz", ".jsonl", ".txt", ".md", ".html", ".htm"} {
		if strings.HasSuffix(lower, ext) && len(b) > len(ext) {
			return b[:len(b)-len(ext)]
		}
	}
	return b
}
