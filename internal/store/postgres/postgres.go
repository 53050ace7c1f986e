// Package postgres is chorus's scale-out store: PostgreSQL through
// pgx/v5 with a connection pool, full-text search on generated tsvector
// columns (english configuration, GIN indexes), and numbered, embedded
// migrations applied under an advisory lock.
package postgres

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/store"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a store.Store backed by PostgreSQL.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

var _ store.Store = (*Store)(nil)

// migrationLock is the advisory lock key serialising migrations.
const migrationLock = 0x63686f72 // "chor"

// Open connects to dsn (a postgres:// URL) and applies pending migrations.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: bad DSN: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect %s@%s: %w", cfg.ConnConfig.User, cfg.ConnConfig.Host, err)
	}
	s := &Store{pool: pool, now: time.Now}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context) error {
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(files)
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied TIMESTAMPTZ NOT NULL)`); err != nil {
			return fmt.Errorf("migrations table: %w", err)
		}
		for _, f := range files {
			base := path.Base(f)
			n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
			if err != nil {
				return fmt.Errorf("migration %s: name must start with a number", base)
			}
			var done bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, n).Scan(&done); err != nil {
				return err
			}
			if done {
				continue
			}
			body, err := migrations.ReadFile(f)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", base, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, applied) VALUES ($1, now())`, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// Close closes the pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

const articleCols = `id, key, path, source, title, url, byline, published, language, text, hash, removed, COALESCE(story_id, ''), added`

func scanArticle(r pgx.Row) (store.Article, error) {
	var a store.Article
	var pub *time.Time
	err := r.Scan(&a.ID, &a.Key, &a.Path, &a.Source, &a.Title, &a.URL, &a.Byline, &pub, &a.Language, &a.Text, &a.Hash, &a.Removed, &a.StoryID, &a.Added)
	a.Published = utc(pub)
	a.Added = a.Added.UTC()
	return a, err
}

// UpsertArticle implements store.Store.
func (s *Store) UpsertArticle(ctx context.Context, a store.Article) (store.Article, bool, error) {
	a, err := store.Prepare(a)
	if err != nil {
		return a, false, fmt.Errorf("postgres: upsert article: %w", err)
	}
	var story any
	if a.StoryID != "" {
		story = a.StoryID
	}
	got, err := scanArticle(s.pool.QueryRow(ctx, `INSERT INTO articles (id, key, path, source, title, url, byline, published, language, text, hash, removed, story_id, added)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
		ON CONFLICT (key) DO NOTHING RETURNING `+articleCols,
		a.ID, a.Key, a.Path, a.Source, a.Title, a.URL, a.Byline, ts(a.Published), a.Language, a.Text, a.Hash, a.Removed, story, s.now().UTC()))
	if err == nil {
		return got, true, nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return store.Article{}, false, fmt.Errorf("postgres: upsert article: %w: id %q already belongs to another key than %q", store.ErrInvalid, a.ID, a.Key)
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return store.Article{}, false, fmt.Errorf("postgres: upsert article %s: %w", a.ID, err)
	}
	got, err = scanArticle(s.pool.QueryRow(ctx, `SELECT `+articleCols+` FROM articles WHERE key = $1`, a.Key))
	if err != nil {
		return store.Article{}, false, fmt.Errorf("postgres: upsert article %s: %w", a.ID, err)
	}
	return got, false, nil
}

// GetArticle implements store.Store.
func (s *Store) GetArticle(ctx context.Context, id string) (store.Article, error) {
	a, err := scanArticle(s.pool.QueryRow(ctx, `SELECT `+articleCols+` FROM articles WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return a, fmt.Errorf("article %q: %w", id, domain.ErrNotFound)
	}
	if err != nil {
		return a, fmt.Errorf("postgres: get article %q: %w", id, err)
	}
	return a, nil
}

// ArticlesOfStory implements store.Store.
func (s *Store) ArticlesOfStory(ctx context.Context, storyID string) ([]store.Article, error) {
	var exists bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM stories WHERE id = $1)`, storyID).Scan(&exists); err != nil {
		return nil, fmt.Errorf("postgres: story %q: %w", storyID, err)
	}
	if !exists {
		return nil, fmt.Errorf("story %q: %w", storyID, domain.ErrNotFound)
	}
	rows, err := s.pool.Query(ctx, `SELECT `+articleCols+` FROM articles WHERE story_id = $1 ORDER BY published NULLS FIRST, id`, storyID)
	if err != nil {
		return nil, fmt.Errorf("postgres: articles of story %q: %w", storyID, err)
	}
	defer rows.Close()
	out := []store.Article{}
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: articles of story %q: %w", storyID, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

const storyCols = `id, headline, start, end_date, n_articles, latest, updated`

func scanStory(r pgx.Row, extra ...any) (store.Story, error) {
	var st store.Story
	var latest *time.Time
	err := r.Scan(append([]any{&st.ID, &st.Headline, &st.Start, &st.End, &st.Articles, &latest, &st.Updated}, extra...)...)
	st.Latest = utc(latest)
	st.Updated = st.Updated.UTC()
	return st, err
}

// ListStories implements store.Store.
func (s *Store) ListStories(ctx context.Context, p store.Page) (store.StoryList, error) {
	p, err := p.Normalize()
	if err != nil {
		return store.StoryList{}, err
	}
	rows, err := s.pool.Query(ctx, `SELECT `+storyCols+` FROM stories ORDER BY latest DESC NULLS LAST, id DESC LIMIT $1 OFFSET $2`, p.Limit+1, p.Offset)
	if err != nil {
		return store.StoryList{}, fmt.Errorf("postgres: list stories: %w", err)
	}
	defer rows.Close()
	list := store.StoryList{Stories: []store.Story{}}
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return store.StoryList{}, fmt.Errorf("postgres: list stories: %w", err)
		}
		list.Stories = append(list.Stories, st)
	}
	if err := rows.Err(); err != nil {
		return store.StoryList{}, fmt.Errorf("postgres: list stories: %w", err)
	}
	if len(list.Stories) > p.Limit {
		list.Stories, list.More = list.Stories[:p.Limit], true
	}
	return list, nil
}

// GetStory implements store.Store.
func (s *Store) GetStory(ctx context.Context, id string) (store.Story, []byte, error) {
	var brief string
	st, err := scanStory(s.pool.QueryRow(ctx, `SELECT `+storyCols+`, brief::text FROM stories WHERE id = $1`, id), &brief)
	if errors.Is(err, pgx.ErrNoRows) {
		return st, nil, fmt.Errorf("story %q: %w", id, domain.ErrNotFound)
	}
	if err != nil {
		return st, nil, fmt.Errorf("postgres: get story %q: %w", id, err)
	}
	return st, []byte(brief), nil
}

// PutBrief implements store.Store.
func (s *Store) PutBrief(ctx context.Context, b domain.Brief) error {
	if b.ID == "" {
		return fmt.Errorf("postgres: put brief: %w: brief has no id", store.ErrInvalid)
	}
	js, err := json.Marshal(b)
	if err != nil {
		return fmt.Errorf("postgres: put brief %q: %w", b.ID, err)
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO stories (id, headline, start, end_date, n_articles, latest, updated, brief, search_text)
			VALUES ($1, $2, $3, $4, 0, NULL, $5, $6, $7)
			ON CONFLICT (id) DO UPDATE SET headline = excluded.headline, start = excluded.start, end_date = excluded.end_date,
				updated = excluded.updated, brief = excluded.brief, search_text = excluded.search_text`,
			b.ID, b.Headline, b.Start, b.End, s.now().UTC(), string(js), store.BriefSearchText(b))
		if err != nil {
			return err
		}
		// Lock the story row so concurrent PutBriefs of one story serialise.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM stories WHERE id = $1 FOR UPDATE`, b.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE articles SET story_id = NULL WHERE story_id = $1`, b.ID); err != nil {
			return err
		}
		touched := map[string]bool{b.ID: true}
		for _, ref := range b.Articles {
			var old *string
			err := tx.QueryRow(ctx, `SELECT story_id FROM articles WHERE id = $1 FOR UPDATE`, ref.ID).Scan(&old)
			if errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("article %q: %w", ref.ID, domain.ErrNotFound)
			}
			if err != nil {
				return err
			}
			if old != nil {
				touched[*old] = true
			}
			if _, err := tx.Exec(ctx, `UPDATE articles SET story_id = $1 WHERE id = $2`, b.ID, ref.ID); err != nil {
				return err
			}
		}
		ids := make([]string, 0, len(touched))
		for id := range touched {
			ids = append(ids, id)
		}
		_, err = tx.Exec(ctx, `UPDATE stories s SET
			n_articles = (SELECT count(*) FROM articles WHERE story_id = s.id),
			latest = (SELECT max(published) FROM articles WHERE story_id = s.id)
			WHERE s.id = ANY($1)`, ids)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: put brief %q: %w", b.ID, err)
	}
	return nil
}

// DeleteStory implements store.Store.
func (s *Store) DeleteStory(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM stories WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("postgres: delete story %q: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("story %q: %w", id, domain.ErrNotFound)
	}
	return nil
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
	// QueryWords leaves only letters and digits, so the words are safe
	// operands for to_tsquery: all of them (&) or any (|).
	op := " & "
	if query.Any {
		op = " | "
	}
	terms := strings.Join(words, op)
	// Rank only the SearchWindow most recent matches (migration 0002's
	// indexes find them): ts_rank over every match of a common word
	// dominated search time at 100k articles (bench/RESULTS.md).
	rows, err := s.pool.Query(ctx, `SELECT `+storyCols+` FROM (
			SELECT `+storyCols+`, tsv FROM stories, to_tsquery('english', $1) q
			WHERE tsv @@ q ORDER BY updated DESC, id DESC LIMIT $3) s, to_tsquery('english', $1) q
		ORDER BY ts_rank(s.tsv, q) DESC, s.id LIMIT $2`, terms, limit, store.SearchWindow)
	if err != nil {
		return res, fmt.Errorf("postgres: search stories %q: %w", q, err)
	}
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			rows.Close()
			return res, fmt.Errorf("postgres: search stories %q: %w", q, err)
		}
		res.Stories = append(res.Stories, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("postgres: search stories %q: %w", q, err)
	}
	rows, err = s.pool.Query(ctx, `SELECT m.id, m.title, m.source, m.published, COALESCE(m.story_id, ''),
			ts_headline('english', m.text, m.q, 'StartSel="", StopSel="", MaxWords=30, MinWords=12, MaxFragments=1, FragmentDelimiter=" … "')
		FROM (SELECT r.id, r.title, r.source, r.published, r.story_id, r.text, q, ts_rank(r.tsv, q) AS rank
			FROM (SELECT a.id, a.title, a.source, a.published, a.story_id, a.text, a.tsv
				FROM articles a, to_tsquery('english', $1) q
				WHERE a.tsv @@ q ORDER BY a.added DESC, a.id DESC LIMIT $3) r, to_tsquery('english', $1) q
			ORDER BY rank DESC, r.id LIMIT $2) m
		ORDER BY m.rank DESC, m.id`, terms, limit, store.SearchWindow)
	if err != nil {
		return res, fmt.Errorf("postgres: search articles %q: %w", q, err)
	}
	defer rows.Close()
	for rows.Next() {
		var h store.ArticleHit
		var pub *time.Time
		if err := rows.Scan(&h.ID, &h.Title, &h.Source, &pub, &h.StoryID, &h.Snippet); err != nil {
			return res, fmt.Errorf("postgres: search articles %q: %w", q, err)
		}
		h.Published = utc(pub)
		res.Articles = append(res.Articles, h)
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("postgres: search articles %q: %w", q, err)
	}
	return res, nil
}

// Counts implements store.Store.
func (s *Store) Counts(ctx context.Context) (int, int, error) {
	var a, st int
	if err := s.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories)`).Scan(&a, &st); err != nil {
		return 0, 0, fmt.Errorf("postgres: counts: %w", err)
	}
	return a, st, nil
}

var _ store.Locker = (*Store)(nil)

// Lock takes a session advisory lock named by name (hashed by the server)
// on a connection of its own, so it is held across every process sharing
// the database until unlock is called; unlock releases the lock and the
// connection. Cancelling ctx stops the wait.
func (s *Store) Lock(ctx context.Context, name string) (func(), error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: lock %q: %w", name, err)
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(hashtextextended($1, 0))`, name); err != nil {
		conn.Release()
		return nil, fmt.Errorf("postgres: lock %q: %w", name, err)
	}
	return func() {
		// A fresh context: the lock must be released even when the
		// caller's context is done. A failed unlock closes the
		// connection, which releases the lock too.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := conn.Exec(ctx, `SELECT pg_advisory_unlock(hashtextextended($1, 0))`, name); err != nil {
			_ = conn.Conn().Close(ctx)
		}
		conn.Release()
	}, nil
}
