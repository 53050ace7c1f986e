package fetch

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// Item is one entry of a feed.
type Item struct {
	Title     string
	Link      string // absolute when the feed gave enough to resolve it
	Source    string // the feed's title
	Author    string
	Published time.Time
	// Content is the entry's HTML (content, else description); it stands
	// in for the page when the link cannot or may not be fetched.
	Content string
}

// IsFeed reports whether body looks like an RSS, Atom or JSON feed.
func IsFeed(body []byte) bool {
	return gofeed.DetectFeedType(bytes.NewReader(body)) != gofeed.FeedTypeUnknown
}

// ParseFeed reads an RSS, Atom or JSON feed. name says where it came from
// (path or URL) for messages. Items with neither link nor content are
// skipped, each with a warning naming it.
func ParseFeed(body []byte, name string) (items []Item, warnings []error, err error) {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, nil, fmt.Errorf("feed %s: %w", name, err)
	}
	for i, it := range feed.Items {
		if it == nil {
			continue
		}
		item := Item{Title: strings.TrimSpace(it.Title), Link: strings.TrimSpace(it.Link), Source: strings.TrimSpace(feed.Title)}
		if it.Author != nil {
			item.Author = strings.TrimSpace(it.Author.Name)
		} else if len(it.Authors) > 0 && it.Authors[0] != nil {
			item.Author = strings.TrimSpace(it.Authors[0].Name)
		}
		switch {
		case it.PublishedParsed != nil:
			item.Published = it.PublishedParsed.UTC()
		case it.UpdatedParsed != nil:
			item.Published = it.UpdatedParsed.UTC()
		}
		item.Content = it.Content
		if strings.TrimSpace(item.Content) == "" {
			item.Content = it.Description
		}
		if item.Link == "" && strings.TrimSpace(item.Content) == "" {
			warnings = append(warnings, fmt.Errorf("feed %s: item %d (%q) has neither link nor content; skipped", name, i+1, item.Title))
			continue
		}
		items = append(items, item)
	}
	return items, warnings, nil
}
