package serve

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chorusnews/chorus/internal/store"
)

// FuzzDecodeArticle: any body either decodes to an article with a
// non-empty, valid UTF-8 text no longer than the body, or fails with a
// bad-request error; it never panics.
func FuzzDecodeArticle(f *testing.F) {
	for _, s := range []string{
		`{"title":"t","text":"x"}`, `{"text":"x","published":"2017-04-12"}`, `{"text":"x","published":"2017-04-12T10:00:00+02:00"}`,
		`{"text":"x","url":"https://a.example/b"}`, `{`, `[]`, `null`, `{"text":"\ud800"}`, `{"text":"a"} x`, `""`, "\xff",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		a, err := decodeArticle(strings.NewReader(string(body)))
		if err != nil {
			if !errors.Is(err, errBadRequest) {
				t.Fatalf("error %v is not a bad request", err)
			}
			return
		}
		if a.Text == "" || !utf8.ValidString(a.Text) || len(a.Text) > len(body) {
			t.Fatalf("decoded text %q from %q", a.Text, body)
		}
		if a.URL != "" && store.CanonicalURL(a.URL) == "" {
			t.Fatalf("accepted URL %q", a.URL)
		}
	})
}

// FuzzDecodePage: a decoded page is always within the store's limits.
func FuzzDecodePage(f *testing.F) {
	f.Add("limit=5&offset=10")
	f.Add("limit=-1")
	f.Add("limit=99999999999999999999")
	f.Add("offset=%zz")
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		p, err := decodePage(q)
		if err != nil {
			if !errors.Is(err, errBadRequest) && !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("error %v is neither bad request nor invalid", err)
			}
			return
		}
		if p.Limit < 1 || p.Limit > store.MaxLimit || p.Offset < 0 {
			t.Fatalf("decodePage(%q) = %+v", raw, p)
		}
	})
}

// FuzzDecodeSpan: an accepted span is ordered and non-negative, and
// spanText never slices outside the text or inside a rune.
func FuzzDecodeSpan(f *testing.F) {
	f.Add("article=a&start=0&end=5", "héllo wörld")
	f.Add("article=a&start=2&end=1", "abc")
	f.Add("article=&start=1&end=2", "abc")
	f.Fuzz(func(t *testing.T, raw, text string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		id, sp, err := decodeSpan(q)
		if err != nil {
			if !errors.Is(err, errBadRequest) {
				t.Fatalf("error %v is not a bad request", err)
			}
			return
		}
		if id == "" || sp.Start < 0 || sp.End < sp.Start {
			t.Fatalf("decodeSpan(%q) = %q %+v", raw, id, sp)
		}
		s, ok := spanText(text, sp)
		if ok && (s != text[sp.Start:sp.End] || (utf8.ValidString(text) && !utf8.ValidString(s))) {
			t.Fatalf("spanText(%q, %+v) = %q", text, sp, s)
		}
		segs := paragraphs(text, sp, ok)
		var n int
		for _, p := range segs {
			for _, s := range p {
				n += len(s.Text)
			}
		}
		if n > len(text) {
			t.Fatalf("paragraphs grew the text: %d > %d", n, len(text))
		}
	})
}
