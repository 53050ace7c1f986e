// Package store defines chorus's storage interface: articles with their
// idempotency keys, stories with their brief JSON, and full-text search.
// It imports no database driver; the backends live in the sqlite and
// postgres subpackages and are chosen in one place, the CLI wiring.
// Every backend passes the conformance suite in store/storetest.
package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chorusnews/chorus/internal/domain"
)

// ErrInvalid marks a value the store refuses (an empty key, a bad page).
var ErrInvalid = errors.New("invalid")

// Article is a clean article as the store keeps it.
type Article struct {
	domain.Article
	// Key is the idempotency key: "url:" + canonical URL, else "hash:" +
	// content hash. Two articles with the same key are one article.
	Key string `json:"key"`
	// StoryID is the story the article belongs to, "" until clustered.
	StoryID string `json:"story_id,omitempty"`
	// Added is when the store first saw the article.
	Added time.Time `json:"added"`
}

// Story is one row of the story list.
type Story struct {
	ID       string `json:"id"`
	Headline string `json:"headline"`
	Start    string `json:"start,omitempty"`
	End      string `json:"end,omitempty"`
	Articles int    `json:"articles"`
	// Latest is the newest publication time among the story's articles
	// (zero when none is dated); the story list is ordered by it.
	Latest  time.Time `json:"latest,omitzero"`
	Updated time.Time `json:"updated"`
}

// Page selects a window of a list. Limit 0 means DefaultLimit.
type Page struct {
	Limit  int
	Offset int
}

// Limits on pages and searches.
const (
	DefaultLimit = 20
	MaxLimit     = 200
	// SearchWindow is how many of the most recently added matches a
	// search ranks.
	SearchWindow = 1000
)

// Normalize returns p with defaults applied, or ErrInvalid.
func (p Page) Normalize() (Page, error) {
	if p.Limit == 0 {
		p.Limit = DefaultLimit
	}
	if p.Limit < 0 || p.Limit > MaxLimit {
		return p, fmt.Errorf("%w: limit %d outside 1..%d", ErrInvalid, p.Limit, MaxLimit)
	}
	if p.Offset < 0 {
		return p, fmt.Errorf("%w: negative offset %d", ErrInvalid, p.Offset)
	}
	return p, nil
}

// StoryList is one page of stories, newest first.
type StoryList struct {
	Stories []Story `json:"stories"`
	// More is true when a further page exists.
	More bool `json:"more"`
}

// Query is a search. Text is split by QueryWords; the store builds its
// own query syntax from the words, so user input never reaches a query
// parser.
type Query struct {
	Text string
	// Limit caps each of the two result lists (0 means DefaultLimit).
	Limit int
	// Any matches documents with any of the words instead of all of them.
	Any bool
}

// ArticleHit is an article matching a search.
type ArticleHit struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Source    string    `json:"source,omitempty"`
	Published time.Time `json:"published,omitzero"`
	StoryID   string    `json:"story_id,omitempty"`
	// Snippet is plain text around the match.
	Snippet string `json:"snippet"`
}

// SearchResult holds the stories and articles matching a query, best first.
type SearchResult struct {
	Query    string       `json:"query"`
	Stories  []Story      `json:"stories"`
	Articles []ArticleHit `json:"articles"`
}

// Locker is implemented by stores that serialise story updates: Lock
// blocks until the named lock is held and returns the function that
// releases it. The PostgreSQL backend holds a session advisory lock, so
// the lock spans every process sharing the database (several `chorus
// worker` processes); the SQLite backend holds it within the process.
type Locker interface {
	Lock(ctx context.Context, name string) (unlock func(), err error)
}

// Store keeps articles and stories. Lookups that find nothing return an
// error wrapping domain.ErrNotFound, never a zero value with a nil error.
// Implementations are safe for concurrent use.
type Store interface {
	// UpsertArticle stores a by its Key. If an article with that key
	// exists, nothing changes and the stored article is returned with
	// created false; otherwise a is inserted (ID assigned from the key
	// when empty) and created is true. The check and the insert are one
	// transaction, so a crash leaves either nothing or the whole article.
	UpsertArticle(ctx context.Context, a Article) (stored Article, created bool, err error)
	// GetArticle returns the article with the given ID.
	GetArticle(ctx context.Context, id string) (Article, error)
	// ArticlesOfStory returns a story's articles ordered by publication
	// date, then ID.
	ArticlesOfStory(ctx context.Context, storyID string) ([]Article, error)
	// ListStories returns stories newest first: by Latest descending,
	// then ID descending.
	ListStories(ctx context.Context, p Page) (StoryList, error)
	// GetStory returns the story's list row and its brief as stored JSON.
	GetStory(ctx context.Context, id string) (Story, []byte, error)
	// PutBrief stores b as the brief of story b.ID (creating or replacing
	// it) and makes every article in b.Articles a member of that story,
	// in one transaction. Every listed article must exist.
	PutBrief(ctx context.Context, b domain.Brief) error
	// DeleteStory removes a story; its articles become unclustered.
	DeleteStory(ctx context.Context, id string) error
	// Search finds stories (by headline and brief text) and articles (by
	// title and text) matching the words of q.Text, stemmed. Results are
	// ranked by relevance among the SearchWindow most recently added
	// matches of each kind, so a query costs about the same at 100k
	// articles as at 1k.
	Search(ctx context.Context, q Query) (SearchResult, error)
	// Counts returns the number of articles and stories.
	Counts(ctx context.Context) (articles, stories int, err error)
	// Close releases the store's resources.
	Close() error
}

// KeyOf returns the idempotency key of a: its canonical URL when known,
// else its content hash, else a hash of its text. It errors when a has
// neither URL nor text.
func KeyOf(a domain.Article) (string, error) {
	if u := CanonicalURL(a.URL); u != "" {
		return "url:" + u, nil
	}
	if a.Hash != "" {
		return "hash:" + a.Hash, nil
	}
	if strings.TrimSpace(a.Text) == "" {
		return "", fmt.Errorf("%w: article %q has neither URL nor text", ErrInvalid, a.ID)
	}
	sum := sha256.Sum256([]byte(a.Text))
	return "hash:" + hex.EncodeToString(sum[:]), nil
}

// IDOf derives a short stable article ID from an idempotency key.
func IDOf(key string) string {
	sum := sha256.Sum256([]byte(key))
	return "a" + hex.EncodeToString(sum[:8])
}

// Validate checks the fields every backend requires.
func (a Article) Validate() error {
	if a.Key == "" {
		return fmt.Errorf("%w: article %q has no key", ErrInvalid, a.ID)
	}
	if a.ID == "" {
		return fmt.Errorf("%w: article with key %q has no id", ErrInvalid, a.Key)
	}
	return nil
}

// Prepare fills a's Key and ID when empty.
func Prepare(a Article) (Article, error) {
	if a.Key == "" {
		k, err := KeyOf(a.Article)
		if err != nil {
			return a, err
		}
		a.Key = k
	}
	if a.ID == "" {
		a.ID = IDOf(a.Key)
	}
	return a, a.Validate()
}

// BriefSearchText is the text of a brief that search indexes: headline,
// summary sentences and quotes.
func BriefSearchText(b domain.Brief) string {
	var sb strings.Builder
	for _, s := range b.Summary {
		sb.WriteString(s.Text)
		sb.WriteByte('\n')
	}
	for _, q := range b.Quotes {
		sb.WriteString(q.Speaker)
		sb.WriteByte(' ')
		sb.WriteString(q.Text)
		sb.WriteByte('\n')
	}
	for _, e := range b.Entities {
		sb.WriteString(e.Name)
		sb.WriteByte('\n')
	}
	return sb.String()
}

// QueryWords splits a user query into search words: letters and digits
// only, lower-cased, at most 16. Backends build their own query syntax
// from these words so user input never reaches the query parser.
func QueryWords(q string) []string {
	var words []string
	for _, f := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && isLetterOrDigit(r))
	}) {
		words = append(words, f)
		if len(words) == 16 {
			break
		}
	}
	return words
}
