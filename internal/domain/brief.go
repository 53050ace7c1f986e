package domain

// Brief types are the JSON contract of `chorus brief --format json` and of
// the API's GET /api/stories/{id}. Fields may be added, never renamed.

// Briefs is the top-level JSON document.
type Briefs struct {
	Stories []Brief `json:"stories"`
}

// SourceRef is one article of a story as the brief lists it.
type SourceRef struct {
	ID        string `json:"id"`
	Source    string `json:"source"`
	Title     string `json:"title"`
	Path      string `json:"path"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"` // YYYY-MM-DD
	// CopyOf names the article this one is a syndicated near-copy of.
	CopyOf string `json:"copy_of,omitempty"`
}

// Citation points at the sentence of one article that supports an item.
type Citation struct {
	Article string `json:"article"`
	Span
}

// SummarySentence is one extracted sentence of the summary.
type SummarySentence struct {
	Text string `json:"text"`
	// Citations are the ids of every article that carries the same or a
	// near-same sentence; the first is the article the text was taken from.
	Citations []string   `json:"citations"`
	Spans     []Citation `json:"spans,omitempty"`
}

// BriefQuote is a quote with its speaker, cited.
type BriefQuote struct {
	Speaker   string     `json:"speaker"`
	Title     string     `json:"title,omitempty"`
	Text      string     `json:"text"`
	Direct    bool       `json:"direct"`
	Citations []string   `json:"citations"`
	Spans     []Citation `json:"spans,omitempty"`
}

// BriefEntity is a person, organisation or place with its mention count.
type BriefEntity struct {
	Name     string     `json:"name"`
	Type     EntityType `json:"type"`
	Mentions int        `json:"mentions"`
	Forms    []string   `json:"forms,omitempty"`
	Articles []string   `json:"articles,omitempty"`
}

// NumberValue is one value a source gives for a quantity.
type NumberValue struct {
	Value     string     `json:"value"` // as written, with its hedge
	Text      string     `json:"text"`  // the sentence it was found in
	Citations []string   `json:"citations"`
	Spans     []Citation `json:"spans,omitempty"`
}

// Disagreement is one quantity with values that cannot all be true.
type Disagreement struct {
	Quantity string        `json:"quantity"`
	Values   []NumberValue `json:"values"`
	// Soft is true when the values conflict only through a hedge
	// ("more than 80" against 89).
	Soft bool `json:"soft,omitempty"`
}

// BriefNumber is a quantity the sources report, agreeing or not.
type BriefNumber struct {
	Quantity string        `json:"quantity"`
	Values   []NumberValue `json:"values"`
}

// TimelineEvent is a dated event.
type TimelineEvent struct {
	Date      string     `json:"date"` // YYYY-MM-DD (YYYY or YYYY-MM for "last year", "next month"), or the expression as written when unresolved
	Text      string     `json:"text"`
	Citations []string   `json:"citations"`
	Spans     []Citation `json:"spans,omitempty"`
}

// Exclusive lists what one source reports that no other does.
type Exclusive struct {
	Article   string   `json:"article"`
	Sentences []string `json:"sentences"`
}

// Brief is the brief of one story.
type Brief struct {
	ID            string            `json:"id"`
	Headline      string            `json:"headline"`
	Start         string            `json:"start,omitempty"` // first publication date, YYYY-MM-DD
	End           string            `json:"end,omitempty"`
	Articles      []SourceRef       `json:"articles"`
	Summary       []SummarySentence `json:"summary"`
	Quotes        []BriefQuote      `json:"quotes"`
	Entities      []BriefEntity     `json:"entities"`
	Numbers       []BriefNumber     `json:"numbers,omitempty"`
	Disagreements []Disagreement    `json:"disagreements"`
	Timeline      []TimelineEvent   `json:"timeline"`
	Exclusives    []Exclusive       `json:"exclusives,omitempty"`
}
