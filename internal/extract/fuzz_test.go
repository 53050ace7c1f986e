package extract

import (
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/chorusnews/chorus/internal/domain"
)

// FuzzCleanText checks the cleaner's invariants on any input: it never
// panics, its output is valid UTF-8, never longer than the input (counted
// in non-space runes: paragraphs are re-separated by "\n\n", and repairing
// one invalid byte to U+FFFD adds bytes but not runes), holds no blank
// paragraph, and every output word is in the normalised input.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{
		"",
		"Title\n\nBody sentence.",
		teaserArticle,
		"Read more\nf\n\nWe use cookies. By continuing you accept our policy.",
		"Caf\xe9\n\n\xff\xfe\x00",
		"a\r\nb\rc\u2028d\u00a0e\u200b",
		"“Quote,” he said.\n• Name Surname\nPhoto: X / Y",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, removed := CleanText(in)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 output %q", out)
		}
		if visible(out) > visible(in) {
			t.Fatalf("output longer than input: %q -> %q", in, out)
		}
		if removed < 0 {
			t.Fatalf("removed = %d", removed)
		}
		if out == "" {
			return
		}
		norm := normalizeText(strings.ToValidUTF8(in, "\uFFFD"))
		for _, p := range strings.Split(out, "\n\n") {
			if strings.TrimSpace(p) == "" {
				t.Fatalf("blank paragraph in %q", out)
			}
			for _, w := range strings.Fields(p) {
				if !strings.Contains(norm, w) {
					t.Fatalf("word %q of the output is not in the input %q", w, in)
				}
			}
		}
		// Extract must not panic either, for either format.
		_, _ = Extract(domain.RawDoc{Path: "f", Format: domain.FormatText, Body: []byte(in)}, Options{})
	})
}

// visible counts the runes of s that are not white space (an invalid byte
// counts as one rune).
func visible(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// FuzzExtractHTML checks that any page, however broken, gives either an
// article with valid UTF-8 text or an error, and never a panic.
func FuzzExtractHTML(f *testing.F) {
	for _, name := range []string{"article.html", "broken.html", "windows1252.html", "noarticle.html"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("<html><body><p>" + strings.Repeat("<div>", 500) + "text"))
	f.Fuzz(func(t *testing.T, page []byte) {
		a, err := Extract(domain.RawDoc{Path: "f.html", Format: domain.FormatHTML, Body: page}, Options{})
		if err != nil && !IsWarning(err) {
			return
		}
		if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) || a.Text == "" {
			t.Fatalf("bad article from %q: %q / %q", page, a.Title, a.Text)
		}
	})
}
