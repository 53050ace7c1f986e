package fetch

import (
	"context"
	"fmt"
	"mime"
	"strconv"
	"strings"
	"sync"

	"github.com/chorusnews/chorus/internal/domain"
)

// PageDoc turns a fetched page into a raw document (HTML unless the
// server said plain text).
func PageDoc(p *Page) domain.RawDoc {
	format := domain.FormatHTML
	if mt, _, err := mime.ParseMediaType(p.ContentType); err == nil && mt == "text/plain" {
		format = domain.FormatText
	}
	return domain.RawDoc{ID: p.URL, Path: p.URL, Format: format, Body: p.Body, URL: p.URL}
}

// FeedDocs reads a feed file offline: each item's own content (content,
// else description) becomes a document; items with only a link are
// skipped with a warning, since nothing is downloaded here (chorus ingest
// downloads them). name (a path, or "-") names the feed in IDs and
// messages.
func FeedDocs(name string, body []byte, warn func(error)) ([]domain.RawDoc, error) {
	items, warns, err := ParseFeed(body, name)
	for _, w := range warns {
		warn(w)
	}
	if err != nil {
		return nil, err
	}
	var docs []domain.RawDoc
	for i, it := range items {
		if strings.TrimSpace(it.Content) == "" {
			warn(fmt.Errorf("feed %s item %d (%q): no content in the feed, only a link; skipped (chorus ingest downloads linked pages)", name, i+1, it.Title))
			continue
		}
		d := itemDoc(name, i, it)
		d.Body = []byte(it.Content)
		docs = append(docs, d)
	}
	return docs, nil
}

// itemDoc is the document of feed item i, without its body.
func itemDoc(feedName string, i int, it Item) domain.RawDoc {
	d := domain.RawDoc{
		ID: it.Link, Path: feedName + "#" + strconv.Itoa(i+1), URL: it.Link,
		Title: it.Title, Source: it.Source, Published: it.Published, Format: domain.FormatHTML,
	}
	if d.ID == "" {
		d.ID = d.Path
	}
	return d
}

// ItemDocs turns feed items into raw documents. When fetch is true, each
// item's linked page is downloaded (concurrently, within the fetcher's
// per-host limit) and becomes the document; the item's own content is the
// fallback when there is no link or the download fails (with a warning).
// feedName (a path or URL) names the feed in IDs and messages. The
// documents come back in feed order.
func (f *Fetcher) ItemDocs(ctx context.Context, feedName string, items []Item, fetch bool, warn func(error)) []domain.RawDoc {
	docs := make([]domain.RawDoc, len(items))
	ok := make([]bool, len(items))
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, it := range items {
		base := itemDoc(feedName, i, it)
		fallback := func(reason error) {
			if strings.TrimSpace(it.Content) == "" {
				mu.Lock()
				warn(fmt.Errorf("feed %s item %d (%q): %v; no content in the feed either, skipped", feedName, i+1, it.Title, reason))
				mu.Unlock()
				return
			}
			if reason != nil {
				mu.Lock()
				warn(fmt.Errorf("feed %s item %d (%q): %v; using the feed's content", feedName, i+1, it.Title, reason))
				mu.Unlock()
			}
			d := base
			d.Body = []byte(it.Content)
			docs[i], ok[i] = d, true
		}
		if !fetch || it.Link == "" {
			fallback(nil)
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				fallback(ctx.Err())
				return
			}
			defer func() { <-sem }()
			p, err := f.Get(ctx, it.Link)
			if err != nil {
				fallback(err)
				return
			}
			d := PageDoc(p)
			d.ID, d.Path, d.URL = base.ID, base.Path, base.URL
			d.Title, d.Source, d.Published = base.Title, base.Source, base.Published
			docs[i], ok[i] = d, true
		}()
	}
	wg.Wait()
	out := docs[:0]
	for i, d := range docs {
		if ok[i] {
			out = append(out, d)
		}
	}
	return out
}
