// Package sqlite is chorus's embedded store: a single SQLite file through
// the pure-Go modernc.org/sqlite driver, in WAL mode, with FTS5 (porter
// tokenizer) for search. Schema changes are numbered, embedded migrations.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/store"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a store.Store backed by one SQLite file.
type Store struct {
	db  *sql.DB
	now func() time.Time
	// locks are the named locks of Lock (process-local).
	mu    sync.Mutex
	locks map[string]chan struct{}
}

var _ store.Store = (*Store)(nil)

// Option configures Open.
type Option func(*Store)

// WithClock makes the store read the time from now (for tests).
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// DefaultPath is the database file used when none is given:
// $XDG_DATA_HOME/chorus/chorus.db, else ~/.local/share/chorus/chorus.db.
func DefaultPath() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "chorus", "chorus.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("sqlite: no data directory: %w", err)
	}
	return filepath.Join(home, ".local", "share", "chorus", "chorus.db"), nil
}

// Open opens (creating if needed) the database file at path and applies
// pending migrations. The path ":memory:" is not supported: WAL needs a file.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	if path == "" {
		return nil, fmt.Errorf("sqlite: empty database path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("sqlite: create directory for %s: %w", path, err)
		}
	}
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(1)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)*2))
	db.SetMaxIdleConns(max(4, runtime.GOMAXPROCS(0)*2))
	s := &Store{db: db, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	return s, nil
}

// migrate applies the embedded migrations not yet recorded in
// schema_migrations, each in its own transaction.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migrations table: %w", err)
	}
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(files)
	for _, f := range files {
		base := filepath.Base(f)
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", base)
		}
		body, err := migrations.ReadFile(f)
		if err != nil {
			return err
		}
		err = s.tx(ctx, func(tx *sql.Tx) error {
			var done int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, n).Scan(&done); err != nil {
				return err
			}
			if done > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied) VALUES (?, ?)`, n, s.now().UnixNano())
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
	}
	return nil
}

func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

func nanos(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixNano()
}

func fromNanos(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(0, n.Int64).UTC()
}

const articleCols = `id, key, path, source, title, url, byline, published, language, text, hash, removed, COALESCE(story_id, ''), added`

type scanner interface{ Scan(...any) error }

func scanArticle(r scanner) (store.Article, error) {
	var a store.Article
	var pub sql.NullInt64
	var added int64
	err := r.Scan(&a.ID, &a.Key, &a.Path, &a.Source, &a.Title, &a.URL, &a.Byline, &pub, &a.Language, &a.Text, &a.Hash, &a.Removed, &a.StoryID, &added)
	a.Published = fromNanos(pub)
	a.Added = time.Unix(0, added).UTC()
	return a, err
}

// UpsertArticle implements store.Store.
func (s *Store) UpsertArticle(ctx context.Context, a store.Article) (store.Article, bool, error) {
	a, err := store.Prepare(a)
	if err != nil {
		return a, false, fmt.Errorf("sqlite: upsert article: %w", err)
	}
	var out store.Article
	created := false
	err = s.tx(ctx, func(tx *sql.Tx) error {
		got, err := scanArticle(tx.QueryRowContext(ctx, `SELECT `+articleCols+` FROM articles WHERE key = ?`, a.Key))
		if err == nil {
			out = got
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var other string
		err = tx.QueryRowContext(ctx, `SELECT key FROM articles WHERE id = ?`, a.ID).Scan(&other)
		if err == nil {
			return fmt.Errorf("%w: id %q already belongs to %q, not %q", store.ErrInvalid, a.ID, other, a.Key)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		a.Added = s.now().UTC()
		var story any
		if a.StoryID != "" {
			story = a.StoryID
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO articles (id, key, path, source, title, url, byline, published, language, text, hash, removed, story_id, added)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.Key, a.Path, a.Source, a.Title, a.URL, a.Byline, nanos(a.Published), a.Language, a.Text, a.Hash, a.Removed, story, a.Added.UnixNano())
		if err != nil {
			return err
		}
		a.Added = time.Unix(0, a.Added.UnixNano()).UTC()
		if !a.Published.IsZero() {
			a.Published = time.Unix(0, a.Published.UnixNano()).UTC()
		}
		out, created = a, true
		return nil
	})
	if err != nil {
		return store.Article{}, false, fmt.Errorf("sqlite: upsert article %s: %w", a.ID, err)
	}
	return out, created, nil
}

// GetArticle implements store.Store.
func (s *Store) GetArticle(ctx context.Context, id string) (store.Article, error) {
	a, err := scanArticle(s.db.QueryRowContext(ctx, `SELECT `+articleCols+` FROM articles WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("article %q: %w", id, domain.ErrNotFound)
	}
	if err != nil {
		return a, fmt.Errorf("sqlite: get article %q: %w", id, err)
	}
	return a, nil
}

// ArticlesOfStory implements store.Store.
func (s *Store) ArticlesOfStory(ctx context.Context, storyID string) ([]store.Article, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+articleCols+` FROM articles WHERE story_id = ? ORDER BY COALESCE(published, 0), id`, storyID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: articles of story %q: %w", storyID, err)
	}
	defer rows.Close()
	out := []store.Article{}
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: articles of story %q: %w", storyID, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: articles of story %q: %w", storyID, err)
	}
	if len(out) == 0 {
		// Only now tell an empty story from a missing one.
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM stories WHERE id = ?`, storyID).Scan(&n); err != nil {
			return nil, fmt.Errorf("sqlite: story %q: %w", storyID, err)
		}
		if n == 0 {
			return nil, fmt.Errorf("story %q: %w", storyID, domain.ErrNotFound)
		}
	}
	return out, nil
}

const storyCols = `id, headline, start, end_date, n_articles, latest, updated`

func scanStory(r scanner) (store.Story, error) {
	var st store.Story
	var latest sql.NullInt64
	var updated int64
	err := r.Scan(&st.ID, &st.Headline, &st.Start, &st.End, &st.Articles, &latest, &updated)
	st.Latest = fromNanos(latest)
	st.Updated = time.Unix(0, updated).UTC()
	return st, err
}

// ListStories implements store.Store.
func (s *Store) ListStories(ctx context.Context, p store.Page) (store.StoryList, error) {
	p, err := p.Normalize()
	if err != nil {
		return store.StoryList{}, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+storyCols+` FROM stories ORDER BY COALESCE(latest, 0) DESC, id DESC LIMIT ? OFFSET ?`, p.Limit+1, p.Offset)
	if err != nil {
		return store.StoryList{}, fmt.Errorf("sqlite: list stories: %w", err)
	}
	defer rows.Close()
	list := store.StoryList{Stories: []store.Story{}}
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return store.StoryList{}, fmt.Errorf("sqlite: list stories: %w", err)
		}
		list.Stories = append(list.Stories, st)
	}
	if err := rows.Err(); err != nil {
		return store.StoryList{}, fmt.Errorf("sqlite: list stories: %w", err)
	}
	if len(list.Stories) > p.Limit {
		list.Stories = list.Stories[:p.Limit]
		list.More = true
	}
	return list, nil
}

// GetStory implements store.Store.
func (s *Store) GetStory(ctx context.Context, id string) (store.Story, []byte, error) {
	var brief []byte
	var st store.Story
	var latest sql.NullInt64
	var updated int64
	err := s.db.QueryRowContext(ctx, `SELECT `+storyCols+`, brief FROM stories WHERE id = ?`, id).
		Scan(&st.ID, &st.Headline, &st.Start, &st.End, &st.Articles, &latest, &updated, &brief)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil, fmt.Errorf("story %q: %w", id, domain.ErrNotFound)
	}
	if err != nil {
		return st, nil, fmt.Errorf("sqlite: get story %q: %w", id, err)
	}
	st.Latest = fromNanos(latest)
	st.Updated = time.Unix(0, updated).UTC()
	return st, brief, nil
}

// PutBrief implements store.Store.
func (s *Store) PutBrief(ctx context.Context, b domain.Brief) error {
	if b.ID == "" {
		return fmt.Errorf("sqlite: put brief: %w: brief has no id", store.ErrInvalid)
	}
	js, err := json.Marshal(b)
	if err != nil {
		return fmt.Errorf("sqlite: put brief %q: %w", b.ID, err)
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO stories (id, headline, start, end_date, n_articles, latest, updated, brief, search_text)
			VALUES (?, ?, ?, ?, 0, NULL, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET headline = excluded.headline, start = excluded.start, end_date = excluded.end_date,
				updated = excluded.updated, brief = excluded.brief, search_text = excluded.search_text`,
			b.ID, b.Headline, b.Start, b.End, s.now().UnixNano(), string(js), store.BriefSearchText(b))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET story_id = NULL WHERE story_id = ?`, b.ID); err != nil {
			return err
		}
		touched := map[string]bool{b.ID: true}
		for _, ref := range b.Articles {
			var old sql.NullString
			err := tx.QueryRowContext(ctx, `SELECT story_id FROM articles WHERE id = ?`, ref.ID).Scan(&old)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("article %q: %w", ref.ID, domain.ErrNotFound)
			}
			if err != nil {
				return err
			}
			if old.Valid {
				touched[old.String] = true
			}
			if _, err := tx.ExecContext(ctx, `UPDATE articles SET story_id = ? WHERE id = ?`, b.ID, ref.ID); err != nil {
				return err
			}
		}
		for id := range touched {
			_, err = tx.ExecContext(ctx, `UPDATE stories SET
				n_articles = (SELECT count(*) FROM articles WHERE story_id = ?1),
				latest = (SELECT max(published) FROM articles WHERE story_id = ?1)
				WHERE id = ?1`, id)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlite: put brief %q: %w", b.ID, err)
	}
	return nil
}

// DeleteStory implements store.Store.
func (s *Store) DeleteStory(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM stories WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("sqlite: delete story %q: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("story %q: %w", id, domain.ErrNotFound)
	}
	return nil
}

// ftsQuery turns words into an FTS5 query of quoted terms, all required
// (or any of them).
func ftsQuery(words []string, anyWord bool) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	if anyWord {
		return strings.Join(q, " OR ")
	}
	return strings.Join(q, " ")
}

// Search implements store.Store.
func (s *Store) Search(ctx context.Context, query store.Query) (store.SearchResult, error) {
	q, limit := query.Text, query.Limit
	res := store.SearchResult{Query: q, Stories: []store.Story{}, Articles: []store.ArticleHit{}}
	if limit <= 0 || limit > store.MaxLimit {
		limit = store.DefaultLimit
	}
	words := store.QueryWords(q)
	if len(words) == 0 {
		return res, nil
	}
	match := ftsQuery(words, query.Any)
	// Rank only the SearchWindow most recent matches: FTS5 walks matches
	// in rowid order cheaply, while bm25 over every match of a common word
	// cost 30-180 ms at 100k articles (bench/RESULTS.md).
	since := func(table string) (int64, error) {
		var rowid int64
		err := s.db.QueryRowContext(ctx, `SELECT rowid FROM `+table+` WHERE `+table+` MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?`,
			match, store.SearchWindow-1).Scan(&rowid)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, nil
		}
		return rowid, err
	}
	from, err := since("stories_fts")
	if err != nil {
		return res, fmt.Errorf("sqlite: search stories %q: %w", q, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+prefix("s.", storyCols)+` FROM stories_fts f JOIN stories s ON s.rowid = f.rowid
		WHERE stories_fts MATCH ? AND f.rowid >= ? ORDER BY bm25(stories_fts, 4.0, 1.0), s.id LIMIT ?`, match, from, limit)
	if err != nil {
		return res, fmt.Errorf("sqlite: search stories %q: %w", q, err)
	}
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			rows.Close()
			return res, fmt.Errorf("sqlite: search stories %q: %w", q, err)
		}
		res.Stories = append(res.Stories, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("sqlite: search stories %q: %w", q, err)
	}
	if from, err = since("articles_fts"); err != nil {
		return res, fmt.Errorf("sqlite: search articles %q: %w", q, err)
	}
	rows, err = s.db.QueryContext(ctx, `SELECT a.id, a.title, a.source, a.published, COALESCE(a.story_id, ''),
			snippet(articles_fts, 1, '', '', '…', 24)
		FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
		WHERE articles_fts MATCH ? AND articles_fts.rowid >= ? ORDER BY bm25(articles_fts, 4.0, 1.0), a.id LIMIT ?`, match, from, limit)
	if err != nil {
		return res, fmt.Errorf("sqlite: search articles %q: %w", q, err)
	}
	defer rows.Close()
	for rows.Next() {
		var h store.ArticleHit
		var pub sql.NullInt64
		if err := rows.Scan(&h.ID, &h.Title, &h.Source, &pub, &h.StoryID, &h.Snippet); err != nil {
			return res, fmt.Errorf("sqlite: search articles %q: %w", q, err)
		}
		h.Published = fromNanos(pub)
		res.Articles = append(res.Articles, h)
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("sqlite: search articles %q: %w", q, err)
	}
	return res, nil
}

func prefix(p, cols string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = p + parts[i]
	}
	return strings.Join(parts, ", ")
}

// Counts implements store.Store.
func (s *Store) Counts(ctx context.Context) (int, int, error) {
	var a, st int
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories)`).Scan(&a, &st)
	if err != nil {
		return 0, 0, fmt.Errorf("sqlite: counts: %w", err)
	}
	return a, st, nil
}

var _ store.Locker = (*Store)(nil)

// Lock holds the named lock within this process (SQLite has no lock that
// outlives a transaction across processes: run one `chorus worker` per
// SQLite file). Cancelling ctx stops the wait.
func (s *Store) Lock(ctx context.Context, name string) (func(), error) {
	s.mu.Lock()
	if s.locks == nil {
		s.locks = map[string]chan struct{}{}
	}
	ch := s.locks[name]
	if ch == nil {
		ch = make(chan struct{}, 1)
		s.locks[name] = ch
	}
	s.mu.Unlock()
	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("sqlite: lock %q: %w", name, ctx.Err())
	}
}
