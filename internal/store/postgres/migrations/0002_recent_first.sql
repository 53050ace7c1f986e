-- Searches rank only the most recently added matches; these indexes find them.
CREATE INDEX articles_added ON articles (added DESC, id DESC);
CREATE INDEX stories_updated ON stories (updated DESC, id DESC);
