-- Articles keyed by their idempotency key; stories with their brief JSON.
CREATE TABLE stories (
	id          TEXT PRIMARY KEY,
	headline    TEXT NOT NULL,
	start       TEXT NOT NULL DEFAULT '',
	end_date    TEXT NOT NULL DEFAULT '',
	n_articles  INTEGER NOT NULL DEFAULT 0,
	latest      INTEGER,          -- unix nanoseconds, NULL when undated
	updated     INTEGER NOT NULL, -- unix nanoseconds
	brief       TEXT NOT NULL,    -- domain.Brief as JSON
	search_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX stories_latest ON stories (COALESCE(latest, 0) DESC, id DESC);

CREATE TABLE articles (
	id        TEXT PRIMARY KEY,
	key       TEXT NOT NULL UNIQUE,
	path      TEXT NOT NULL DEFAULT '',
	source    TEXT NOT NULL DEFAULT '',
	title     TEXT NOT NULL DEFAULT '',
	url       TEXT NOT NULL DEFAULT '',
	byline    TEXT NOT NULL DEFAULT '',
	published INTEGER,          -- unix nanoseconds, NULL when unknown
	language  TEXT NOT NULL DEFAULT '',
	text      TEXT NOT NULL,
	hash      TEXT NOT NULL DEFAULT '',
	removed   INTEGER NOT NULL DEFAULT 0,
	story_id  TEXT REFERENCES stories (id) ON DELETE SET NULL,
	added     INTEGER NOT NULL
);
CREATE INDEX articles_story ON articles (story_id, published, id);

CREATE VIRTUAL TABLE articles_fts USING fts5 (
	title, text, content = 'articles', content_rowid = 'rowid', tokenize = 'porter unicode61'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
	INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
	INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
	INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
	INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;

CREATE VIRTUAL TABLE stories_fts USING fts5 (
	headline, search_text, content = 'stories', content_rowid = 'rowid', tokenize = 'porter unicode61'
);
CREATE TRIGGER stories_ai AFTER INSERT ON stories BEGIN
	INSERT INTO stories_fts (rowid, headline, search_text) VALUES (new.rowid, new.headline, new.search_text);
END;
CREATE TRIGGER stories_ad AFTER DELETE ON stories BEGIN
	INSERT INTO stories_fts (stories_fts, rowid, headline, search_text) VALUES ('delete', old.rowid, old.headline, old.search_text);
END;
CREATE TRIGGER stories_au AFTER UPDATE OF headline, search_text ON stories BEGIN
	INSERT INTO stories_fts (stories_fts, rowid, headline, search_text) VALUES ('delete', old.rowid, old.headline, old.search_text);
	INSERT INTO stories_fts (rowid, headline, search_text) VALUES (new.rowid, new.headline, new.search_text);
END;
