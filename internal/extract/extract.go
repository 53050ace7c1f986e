// Package extract turns one raw document into a clean article: main text of
// HTML pages (go-trafilatura, with readeck go-readability as fallback),
// character set decoding, Unicode NFC and white-space normalisation, title,
// byline and date, removal of web debris, language and content hash. Every
// function is pure: no I/O, no logging.
//
// # API
//
//	art, err := extract.Extract(raw, extract.Options{})
//
// err is nil, or a *Warning (the article is complete and usable; the warning
// says what was repaired, e.g. invalid UTF-8 replaced with U+FFFD), or a
// fatal error (the article is the zero value): ErrNoArticle, wrapped with the
// document's path, when no article text is left. Use IsWarning to tell them
// apart.
//
// After all articles of a batch are extracted, RemoveRepeatedLines drops
// boilerplate paragraphs that recur across outlets.
//
// # Text documents
//
// The first non-empty line is the title unless RawDoc.Title is set (then a
// first line equal to it is dropped). Among the first lines, a "By ..."
// line gives the byline and a "Published: <date>" or date-only line gives
// the publication date (when RawDoc.Published is zero); both are removed
// from the body.
//
// # Cleaning
//
// The body is cut into lines (hard-wrapped lines are joined back); each line
// is judged by Classify from its shape and vocabulary alone (see there), the
// title repeated in the body is dropped, and blocks about another story are
// dropped by the off-topic rule (see markOffTopic in offtopic.go). The rules
// are general; there is no list of known debris strings. Kept lines become
// paragraphs separated by "\n\n". Article.Removed counts the dropped lines.
//
// This cleaner is hand-written: no Go library removes line-level debris from
// already extracted text.
//
// # Hash and language
//
// Article.Hash is the hex SHA-256 of Article.Text. Article.Language is the
// ISO 639-1 code whatlanggo finds on the whole body among a whitelist of
// common news languages, "en" when the detection is not reliable.
package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/abadojack/whatlanggo"

	"github.com/chorusnews/chorus/internal/domain"
)

// ErrNoArticle means a document holds no article text (after cleaning).
var ErrNoArticle = errors.New("no article text found")

// Options configures Extract. The zero value is the default.
type Options struct {
	// KeepDebris disables line cleaning (for evaluation and debugging).
	KeepDebris bool
	// NoFallback disables the go-readability fallback for HTML.
	NoFallback bool
}

// Warning is a non-fatal problem: the article returned with it is usable.
type Warning struct {
	Path  string
	Notes []string
}

func (w *Warning) Error() string {
	return w.Path + ": " + strings.Join(w.Notes, "; ")
}

// IsWarning reports whether err is only a *Warning (the article is usable).
func IsWarning(err error) bool {
	var w *Warning
	return errors.As(err, &w)
}

// Extract turns raw into a clean article. See the package comment for what
// the error means.
func Extract(raw domain.RawDoc, opts Options) (domain.Article, error) {
	var (
		res   result
		notes []string
		err   error
	)
	switch raw.Format {
	case domain.FormatHTML:
		res, notes, err = extractHTML(raw, opts)
	case domain.FormatText, "":
		res, notes = extractText(raw, opts)
	default:
		return domain.Article{}, fmt.Errorf("%s: unknown format %q", raw.Path, raw.Format)
	}
	if err != nil {
		return domain.Article{}, err
	}
	text := strings.Join(res.paras, "\n\n")
	if text == "" {
		return domain.Article{}, fmt.Errorf("%s: %w", raw.Path, ErrNoArticle)
	}
	art := domain.Article{
		ID:        raw.ID,
		Path:      raw.Path,
		Source:    raw.Source,
		Title:     collapseSpaces(res.title),
		URL:       raw.URL,
		Byline:    collapseSpaces(res.byline),
		Published: raw.Published,
		Language:  Language(text),
		Text:      text,
		Hash:      Hash(text),
		Removed:   res.removed,
	}
	if art.Published.IsZero() {
		art.Published = res.published
	}
	if art.Source == "" {
		art.Source = res.source
	}
	if art.URL == "" {
		art.URL = res.url
	}
	if len(notes) > 0 {
		return art, &Warning{Path: raw.Path, Notes: notes}
	}
	return art, nil
}

func extractText(raw domain.RawDoc, opts Options) (result, []string) {
	var notes []string
	s, note := decodeText(raw.Body)
	if note != "" {
		notes = append(notes, note)
	}
	s = normalizeText(s)
	title := normalizeText(raw.Title)
	firstIsTitle := title == ""
	if firstIsTitle {
		// The first non-empty line, taken before hard-wrapped lines are
		// joined: a headline never ends with a period.
		s = strings.TrimLeft(s, "\n")
		title, s, _ = strings.Cut(s, "\n")
		// A Markdown heading: "# Title".
		if t := strings.TrimLeft(title, "#"); len(t) < len(title) && strings.HasPrefix(t, " ") {
			title = strings.TrimSpace(t)
		}
	}
	us := splitUnits(s)
	if opts.KeepDebris {
		res := result{title: title}
		for _, u := range us {
			res.paras = append(res.paras, u.text)
		}
		return res, notes
	}
	return cleanUnits(us, title, false, false), notes
}

// Hash is the hex SHA-256 of text.
func Hash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

var langWhitelist = map[whatlanggo.Lang]bool{
	whatlanggo.Eng: true, whatlanggo.Fra: true, whatlanggo.Deu: true, whatlanggo.Spa: true,
	whatlanggo.Ita: true, whatlanggo.Por: true, whatlanggo.Nld: true, whatlanggo.Rus: true,
	whatlanggo.Ukr: true, whatlanggo.Pol: true, whatlanggo.Tur: true, whatlanggo.Arb: true,
	whatlanggo.Cmn: true, whatlanggo.Jpn: true, whatlanggo.Swe: true, whatlanggo.Dan: true,
	whatlanggo.Nob: true, whatlanggo.Fin: true, whatlanggo.Ces: true, whatlanggo.Ell: true,
	whatlanggo.Heb: true, whatlanggo.Hin: true, whatlanggo.Kor: true, whatlanggo.Ron: true,
	whatlanggo.Hun: true, whatlanggo.Ind: true, whatlanggo.Vie: true, whatlanggo.Pes: true,
}

// Language detects the ISO 639-1 language of text among common news
// languages; "en" when the detection is unreliable.
func Language(text string) string {
	if len(text) > 20000 {
		text = text[:20000]
	}
	info := whatlanggo.DetectWithOptions(text, whatlanggo.Options{Whitelist: langWhitelist})
	if !info.IsReliable() {
		return "en"
	}
	if code := info.Lang.Iso6391(); code != "" {
		return code
	}
	return "en"
}
