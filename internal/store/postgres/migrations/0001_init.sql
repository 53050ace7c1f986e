-- Articles keyed by their idempotency key; stories with their brief JSON.
CREATE TABLE stories (
	id          TEXT PRIMARY KEY,
	headline    TEXT NOT NULL,
	start       TEXT NOT NULL DEFAULT '',
	end_date    TEXT NOT NULL DEFAULT '',
	n_articles  INTEGER NOT NULL DEFAULT 0,
	latest      TIMESTAMPTZ,
	updated     TIMESTAMPTZ NOT NULL,
	brief       JSON NOT NULL, -- domain.Brief; json (not jsonb) keeps the bytes as written
	search_text TEXT NOT NULL DEFAULT '',
	tsv         TSVECTOR GENERATED ALWAYS AS (
		setweight(to_tsvector('english', headline), 'A') || setweight(to_tsvector('english', search_text), 'B')) STORED
);
CREATE INDEX stories_latest ON stories (latest DESC NULLS LAST, id DESC);
CREATE INDEX stories_tsv ON stories USING GIN (tsv);

CREATE TABLE articles (
	id        TEXT PRIMARY KEY,
	key       TEXT NOT NULL UNIQUE,
	path      TEXT NOT NULL DEFAULT '',
	source    TEXT NOT NULL DEFAULT '',
	title     TEXT NOT NULL DEFAULT '',
	url       TEXT NOT NULL DEFAULT '',
	byline    TEXT NOT NULL DEFAULT '',
	published TIMESTAMPTZ,
	language  TEXT NOT NULL DEFAULT '',
	text      TEXT NOT NULL,
	hash      TEXT NOT NULL DEFAULT '',
	removed   INTEGER NOT NULL DEFAULT 0,
	story_id  TEXT REFERENCES stories (id) ON DELETE SET NULL,
	added     TIMESTAMPTZ NOT NULL,
	tsv       TSVECTOR GENERATED ALWAYS AS (
		setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', text), 'B')) STORED
);
CREATE INDEX articles_story ON articles (story_id, published, id);
CREATE INDEX articles_tsv ON articles USING GIN (tsv);
