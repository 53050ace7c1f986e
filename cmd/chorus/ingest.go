package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/extract"
	"github.com/chorusnews/chorus/internal/fetch"
	"github.com/chorusnews/chorus/internal/ingest"
	"github.com/chorusnews/chorus/internal/queue"
	"github.com/chorusnews/chorus/internal/update"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

const ingestSynopsis = `ingest [--db PATH|postgres://...] [flags] PATH|URL...

Adds articles to the store and updates the stories they join. PATH is a
file or directory as for 'chorus brief' (.txt, .html, .jsonl, .jsonl.gz,
feeds in .rss, .atom, .xml), or a JSON Feed file (.json); URL is an
http(s) page or feed (a feed's linked pages are downloaded unless
--no-fetch). The same article twice (same canonical URL, else same text) is
stored once; running the same input again changes nothing. Only the stories
that gain articles get their briefs rewritten.

With --queue nats://HOST:PORT the documents are not stored here: they are
published to the NATS JetStream ingestion queue, and 'chorus worker'
processes extract, store and brief them (a document already queued within
the last two hours is not queued again).`

func runIngest(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("ingest", ingestSynopsis, stderr)
	db := dbFlag(fs)
	allowPrivate := fs.Bool("allow-private", false, "allow fetching from loopback, private and link-local addresses")
	timeout := fs.Duration("timeout", 20*time.Second, "time limit for each download")
	maxBytes := fs.Int64("max-bytes", ingest.DefaultMaxBytes, "size limit for each file or download")
	perHost := fs.Int("per-host", 2, "concurrent downloads per host")
	noFetch := fs.Bool("no-fetch", false, "use the feeds' own content instead of downloading linked pages")
	queueURL := fs.String("queue", "", "publish the documents to this NATS JetStream server for 'chorus worker' instead of storing them")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: no PATH or URL given", errUsage)
	}
	nwarn := 0
	warn := func(err error) {
		nwarn++
		fmt.Fprintf(stderr, "warning: %v\n", err)
	}
	f := fetch.New(fetch.Options{Timeout: *timeout, MaxBytes: *maxBytes, PerHost: *perHost, AllowPrivate: *allowPrivate})
	raws, err := readSources(ctx, fs.Args(), f, !*noFetch, ingest.Options{MaxBytes: *maxBytes, Stdin: stdin}, warn)
	if err != nil {
		return err
	}
	if *queueURL != "" {
		return enqueue(ctx, *queueURL, raws, fs.Args(), nwarn, stdout, warn)
	}
	var arts []domain.Article
	for _, r := range raws {
		a, err := extract.Extract(r, extract.Options{})
		if err != nil && !extract.IsWarning(err) {
			warn(err)
			continue
		}
		arts = append(arts, a)
	}
	arts = extract.CleanBatch(arts)
	if len(arts) == 0 {
		return fmt.Errorf("no article read from %s", strings.Join(fs.Args(), " "))
	}
	u, st, desc, err := openUpdater(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	var progress update.Progress
	if file, ok := stderr.(*os.File); ok && term.IsTerminal(int(file.Fd())) {
		bar := progressbar.NewOptions(len(arts), progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("storing"),
			progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
		progress = func(done, total int) { bar.Set(done) }
		u.Note = func(s string) { fmt.Fprintln(stderr, s+"…") }
	}
	rep, err := u.Add(ctx, arts, progress)
	if err != nil {
		return err
	}
	na, ns, err := st.Counts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d articles read: %d new, %d already stored; %d stories rewritten, %d merged away; %d warnings\n",
		rep.Seen, rep.New, rep.Known, len(rep.Stories), len(rep.Deleted), nwarn)
	fmt.Fprintf(stdout, "store (%s): %d articles, %d stories\n", desc, na, ns)
	return nil
}

// enqueue publishes raw documents to the ingestion queue.
func enqueue(ctx context.Context, url string, raws []domain.RawDoc, args []string, nwarn int, stdout io.Writer, warn func(error)) error {
	if len(raws) == 0 {
		return fmt.Errorf("no document read from %s", strings.Join(args, " "))
	}
	q, err := queue.Open(ctx, url, queue.Options{})
	if err != nil {
		return err
	}
	defer q.Close()
	queued, dups, failed := 0, 0, 0
	for _, r := range raws {
		dup, err := q.Publish(ctx, r)
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return ctx.Err()
			}
			failed++
			warn(err)
		case dup:
			dups++
		default:
			queued++
		}
	}
	left, err := q.Pending(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d documents read: %d queued, %d already queued, %d not queued; %d warnings\n", len(raws), queued, dups, failed, nwarn+failed)
	fmt.Fprintf(stdout, "queue (%s): %d documents waiting for a worker\n", url, left)
	if queued+dups == 0 {
		return errors.New("no document could be queued")
	}
	return nil
}

// readSources turns the arguments into raw documents: http(s) URLs are
// downloaded (a feed's items become documents, their pages downloaded
// when fetchPages), feed files (RSS, Atom, JSON Feed) are read likewise,
// and everything else goes through ingest.Walk (files, directories, "-").
func readSources(ctx context.Context, args []string, f *fetch.Fetcher, fetchPages bool, opts ingest.Options, warn func(error)) ([]domain.RawDoc, error) {
	var raws []domain.RawDoc
	var paths []string
	for _, arg := range args {
		if strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") {
			p, err := f.Get(ctx, arg)
			if err != nil {
				warn(err)
				continue
			}
			if fetch.IsFeed(p.Body) {
				raws = append(raws, feedDocs(ctx, f, arg, p.Body, fetchPages, warn)...)
				continue
			}
			raws = append(raws, fetch.PageDoc(p))
			continue
		}
		if body, ok := feedFile(arg, opts.MaxBytes); ok {
			raws = append(raws, feedDocs(ctx, f, arg, body, fetchPages, warn)...)
			continue
		}
		paths = append(paths, arg)
	}
	if len(paths) > 0 {
		// feed files found in directories (or on standard input) too
		opts.Feed = func(name string, body []byte, warn func(error)) ([]domain.RawDoc, error) {
			items, warns, err := fetch.ParseFeed(body, name)
			for _, w := range warns {
				warn(w)
			}
			if err != nil {
				return nil, err
			}
			return f.ItemDocs(ctx, name, items, fetchPages, warn), nil
		}
		_, err := ingest.Walk(ctx, paths, opts, func(r domain.RawDoc) error {
			raws = append(raws, r)
			return nil
		}, warn)
		if err != nil {
			return nil, err
		}
	}
	return raws, nil
}

func feedDocs(ctx context.Context, f *fetch.Fetcher, name string, body []byte, fetchPages bool, warn func(error)) []domain.RawDoc {
	items, warns, err := fetch.ParseFeed(body, name)
	for _, w := range warns {
		warn(w)
	}
	if err != nil {
		warn(err)
		return nil
	}
	return f.ItemDocs(ctx, name, items, fetchPages, warn)
}

// feedFile reports whether path is a regular file holding a feed (by
// extension .xml, .rss, .atom or .json, then by content) and returns it.
func feedFile(path string, limit int64) ([]byte, bool) {
	lower := strings.ToLower(path)
	if !strings.HasSuffix(lower, ".xml") && !strings.HasSuffix(lower, ".rss") && !strings.HasSuffix(lower, ".atom") && !strings.HasSuffix(lower, ".json") {
		return nil, false
	}
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || (limit > 0 && st.Size() > limit) {
		return nil, false
	}
	body, err := os.ReadFile(path)
	if err != nil || !fetch.IsFeed(body) {
		return nil, false
	}
	return body, true
}
