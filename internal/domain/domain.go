// Package domain holds the types that chorus's stages exchange: raw
// documents, clean articles, the analysed items with byte spans into the
// article text, stories and briefs. It imports nothing but the standard
// library, so every stage can depend on it and on nothing else.
package domain

import (
	"errors"
	"time"
)

// ErrNotFound is returned by lookups when nothing matches. Callers test it
// with errors.Is.
var ErrNotFound = errors.New("not found")

// Format names how a raw document's body is encoded.
type Format string

// The formats ingest hands to extract.
const (
	FormatText Format = "text"
	FormatHTML Format = "html"
)

// RawDoc is one document as ingest read it, before any cleaning.
type RawDoc struct {
	// ID is stable for the same input: the JSONL id, or derived from the
	// path (and line number for multi-document files).
	ID string
	// Path is the input path as the user gave it ("-" for standard input),
	// with ":N" appended for line N of a JSON Lines file.
	Path      string
	Format    Format
	Body      []byte
	Title     string // known title (JSONL); empty when extract must find it
	Source    string // outlet name when known
	URL       string
	Published time.Time // zero when unknown
}

// Span is a half-open byte range [Start, End) into an article's Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len is the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// Article is a clean article: main text without web debris.
type Article struct {
	ID        string    `json:"id"`
	Path      string    `json:"path,omitempty"`
	Source    string    `json:"source,omitempty"`
	Title     string    `json:"title"`
	URL       string    `json:"url,omitempty"`
	Byline    string    `json:"byline,omitempty"`
	Published time.Time `json:"published,omitzero"`
	Language  string    `json:"language,omitempty"`
	// Text is the cleaned body: paragraphs separated by a blank line. Every
	// Span in Analysis points into it.
	Text string `json:"text"`
	// Hash is a hex digest of the normalised text, the idempotency key when
	// no canonical URL is known.
	Hash string `json:"hash"`
	// Removed counts the debris lines cleaning dropped (for diagnostics).
	Removed int `json:"removed,omitempty"`
}

// Sentence is one sentence of an article.
type Sentence struct {
	Span
	Paragraph int `json:"paragraph"` // index of the paragraph, from 0
	Index     int `json:"index"`     // index of the sentence in the article, from 0
}

// EntityType is PERSON, ORG or PLACE.
type EntityType string

// Entity types.
const (
	Person EntityType = "PERSON"
	Org    EntityType = "ORG"
	Place  EntityType = "PLACE"
)

// Mention is one occurrence of a named entity.
type Mention struct {
	Span
	Text string     `json:"text"`
	Type EntityType `json:"type"`
	// Canonical is the fullest name form this article uses for the entity
	// ("Rex Tillerson" for a later "Tillerson").
	Canonical string `json:"canonical"`
	// Title is a role or office found with the name ("Secretary of State").
	Title string `json:"title,omitempty"`
}

// Quote is a direct quote or a piece of reported speech.
type Quote struct {
	Span           // the quoted words, without the quotation marks
	Text    string `json:"text"`
	Speaker string `json:"speaker"` // resolved canonical name, "" if unknown
	Title   string `json:"title,omitempty"`
	Direct  bool   `json:"direct"`
	// Cue is the span of the attribution ("said Lavrov").
	Cue Span `json:"cue"`
}

// Number is a quantity an article reports.
type Number struct {
	Span
	Text  string  `json:"text"`  // as written: "more than 80", "fifty-nine"
	Value float64 `json:"value"` // 80, 59
	// Hedge is "more than", "at least", "about", "up to", ... or "".
	Hedge string `json:"hedge,omitempty"`
	Unit  string `json:"unit,omitempty"` // "percent", "USD", "" for counts
	// Counted is the thing counted, normalised ("people dead", "cruise missiles").
	Counted string `json:"counted"`
	// Sentence is the index of the sentence holding the number.
	Sentence int `json:"sentence"`
}

// DateRef is a date expression resolved against the article's publication date.
type DateRef struct {
	Span
	Text string `json:"text"`
	// Date is the resolved calendar day, zero when it could not be resolved.
	Date time.Time `json:"date,omitzero"`
	// Relative is true for expressions like "Wednesday" or "last week".
	Relative bool `json:"relative"`
	Sentence int  `json:"sentence"`
}

// Analysis is everything analyze found in one article.
type Analysis struct {
	Sentences []Sentence `json:"sentences"`
	Mentions  []Mention  `json:"mentions"`
	Quotes    []Quote    `json:"quotes"`
	Numbers   []Number   `json:"numbers"`
	Dates     []DateRef  `json:"dates"`
}

// Doc is an article with its analysis: the unit clustering and
// summarising work on.
type Doc struct {
	Article
	Analysis Analysis `json:"analysis"`
}
