package serve

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/jsonscan"
	"github.com/chorusnews/chorus/internal/store"
)

// ArticleRequest is the body of POST /api/articles.
type ArticleRequest struct {
	Title  string `json:"title"`
	Text   string `json:"text"`
	URL    string `json:"url,omitempty"`
	Source string `json:"source,omitempty"`
	Byline string `json:"byline,omitempty"`
	// Published is RFC 3339 or YYYY-MM-DD.
	Published string `json:"published,omitempty"`
}

// Field limits of an ArticleRequest.
const (
	maxTitleBytes = 1000
	maxShortBytes = 2000
)

// decodeArticle reads one JSON object from body (already size-limited)
// and validates it into an article. Unknown fields, trailing data,
// invalid UTF-8, an empty text and bad dates are errors naming the field.
func decodeArticle(body io.Reader) (domain.Article, error) {
	var req ArticleRequest
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return domain.Article{}, err
		}
		if errors.Is(err, io.EOF) {
			return domain.Article{}, fmt.Errorf("%w: empty body, want a JSON object", errBadRequest)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return domain.Article{}, fmt.Errorf("%w: malformed JSON: unexpected end of body", errBadRequest)
		}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return domain.Article{}, fmt.Errorf("%w: malformed JSON at byte %d: %v", errBadRequest, se.Offset, err)
		}
		return domain.Article{}, fmt.Errorf("%w: %v", errBadRequest, jsonscan.Explain(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return domain.Article{}, err
		}
		return domain.Article{}, fmt.Errorf("%w: data after the JSON object", errBadRequest)
	}
	for name, v := range map[string]string{"title": req.Title, "text": req.Text, "url": req.URL, "source": req.Source, "byline": req.Byline} {
		if !utf8.ValidString(v) {
			return domain.Article{}, fmt.Errorf("%w: field %q is not valid UTF-8", errBadRequest, name)
		}
	}
	text := strings.TrimSpace(strings.ReplaceAll(req.Text, "\r\n", "\n"))
	if text == "" {
		return domain.Article{}, fmt.Errorf("%w: field \"text\" is empty", errBadRequest)
	}
	if len(req.Title) > maxTitleBytes {
		return domain.Article{}, fmt.Errorf("%w: field \"title\" is longer than %d bytes", errBadRequest, maxTitleBytes)
	}
	for name, v := range map[string]string{"url": req.URL, "source": req.Source, "byline": req.Byline} {
		if len(v) > maxShortBytes {
			return domain.Article{}, fmt.Errorf("%w: field %q is longer than %d bytes", errBadRequest, name, maxShortBytes)
		}
	}
	if req.URL != "" && store.CanonicalURL(req.URL) == "" {
		return domain.Article{}, fmt.Errorf("%w: field \"url\" is not an absolute http(s) URL", errBadRequest)
	}
	a := domain.Article{Title: strings.TrimSpace(req.Title), Text: text, URL: req.URL,
		Source: strings.TrimSpace(req.Source), Byline: strings.TrimSpace(req.Byline)}
	if req.Published != "" {
		t, err := parseDate(req.Published)
		if err != nil {
			return domain.Article{}, fmt.Errorf("%w: field \"published\": %v", errBadRequest, err)
		}
		a.Published = t
	}
	return a, nil
}

func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is neither RFC 3339 nor YYYY-MM-DD", s)
}

// readArticle checks the content type and decodes a size-limited body.
func readArticle(w http.ResponseWriter, r *http.Request, limit int64) (domain.Article, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			return domain.Article{}, fmt.Errorf("%w: Content-Type %q, want application/json", errMediaType, ct)
		}
	}
	if r.ContentLength > limit {
		return domain.Article{}, fmt.Errorf("%w: %d bytes, limit %d", errTooLarge, r.ContentLength, limit)
	}
	body := http.MaxBytesReader(w, r.Body, limit)
	a, err := decodeArticle(body)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return a, fmt.Errorf("%w: more than %d bytes", errTooLarge, limit)
	}
	return a, err
}

// checkToken compares the request's bearer token with want in constant time.
func checkToken(r *http.Request, want string) error {
	h := r.Header.Get("Authorization")
	got, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || want == "" || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(want)) != 1 {
		if h == "" {
			return fmt.Errorf("%w: missing bearer token", errUnauthorized)
		}
		return fmt.Errorf("%w: wrong bearer token", errUnauthorized)
	}
	return nil
}

// decodePage reads limit and offset query parameters.
func decodePage(q url.Values) (store.Page, error) {
	var p store.Page
	for _, f := range []struct {
		name string
		dst  *int
	}{{"limit", &p.Limit}, {"offset", &p.Offset}} {
		v := q.Get(f.name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return p, fmt.Errorf("%w: parameter %q: %q is not an integer", errBadRequest, f.name, v)
		}
		*f.dst = n
	}
	return p.Normalize()
}

// decodeSpan reads the article, start and end parameters of a citation.
func decodeSpan(q url.Values) (string, domain.Span, error) {
	id := q.Get("article")
	if id == "" {
		return "", domain.Span{}, fmt.Errorf("%w: parameter \"article\" is missing", errBadRequest)
	}
	var sp domain.Span
	for _, f := range []struct {
		name string
		dst  *int
	}{{"start", &sp.Start}, {"end", &sp.End}} {
		n, err := strconv.Atoi(q.Get(f.name))
		if err != nil || n < 0 {
			return "", sp, fmt.Errorf("%w: parameter %q must be a non-negative integer", errBadRequest, f.name)
		}
		*f.dst = n
	}
	if sp.End < sp.Start {
		return "", sp, fmt.Errorf("%w: end %d before start %d", errBadRequest, sp.End, sp.Start)
	}
	return id, sp, nil
}

// spanText returns text[sp] when sp is inside text and on rune boundaries.
func spanText(text string, sp domain.Span) (string, bool) {
	if sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End {
		return "", false
	}
	if !utf8.RuneStart(text[sp.Start]) || (sp.End < len(text) && !utf8.RuneStart(text[sp.End])) {
		return "", false
	}
	return text[sp.Start:sp.End], true
}
