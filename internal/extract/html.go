package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/chorusnews/chorus/internal/domain"
)

// minArticleWords is the least main text (in words, before cleaning)
// trafilatura must find for go-readability not to be tried as well. A
// shorter text is still an article if a sentence survives cleaning (an
// HTML snippet from a feed or a JSON Lines record).
const minArticleWords = 25

// maxTrafilaturaText bounds the visible text of a page handed to
// go-trafilatura, whose content extraction grows quadratically with the
// text size (measured: 0.05 s for 64 KiB of paragraphs, 1 s for 512 KiB,
// minutes for 8 MiB). Real article pages hold far less text; larger pages
// go to go-readability alone, which is linear.
const maxTrafilaturaText = 256 << 10

var errTooMuchText = errors.New("page text too large for trafilatura")

// textBytes counts the bytes of text nodes outside script and style.
func textBytes(n *html.Node) int {
	total := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			total += len(n.Data)
		case n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style):
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return total
}

// extractHTML decodes, parses and extracts an HTML page's main text, then
// cleans it like a text body.
func extractHTML(raw domain.RawDoc, opts Options) (result, []string, error) {
	body, notes := decodeHTML(raw.Body)
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil { // x/net/html recovers from broken markup; this is rare
		return result{}, nil, fmt.Errorf("%s: parse HTML: %w", raw.Path, err)
	}
	meta := scanMeta(doc)

	var paras []string
	topts := trafilatura.Options{
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Disabled, // dates from metadata only, see scanMeta
	}
	if raw.URL != "" {
		if u, err := url.Parse(raw.URL); err == nil && u.IsAbs() {
			topts.OriginalURL = u
		}
	}
	var tr *trafilatura.ExtractResult
	terr := errTooMuchText
	if textBytes(doc) <= maxTrafilaturaText {
		tr, terr = safeTrafilatura(doc, topts)
	}
	if terr == nil && tr != nil {
		paras = nodeParagraphs(tr.ContentNode)
		if meta.title == "" {
			meta.title = tr.Metadata.Title
		}
		if meta.author == "" {
			meta.author = tr.Metadata.Author
		}
		if meta.site == "" {
			meta.site = tr.Metadata.Sitename
		}
		if meta.url == "" {
			meta.url = tr.Metadata.URL
		}
		if meta.published.IsZero() && !tr.Metadata.Date.IsZero() {
			meta.published = tr.Metadata.Date.UTC()
		}
	}
	if (countWords(paras) < minArticleWords && !opts.NoFallback) || terr == errTooMuchText {
		if art, err := safeReadability(doc, topts.OriginalURL); err == nil && art.Node != nil {
			if rp := nodeParagraphs(art.Node); countWords(rp) > countWords(paras) {
				paras = rp
			}
			if meta.title == "" {
				meta.title = art.Title()
			}
			if meta.author == "" {
				meta.author = art.Byline()
			}
			if meta.site == "" {
				meta.site = art.SiteName()
			}
		}
	}
	if countWords(paras) == 0 {
		return result{}, nil, fmt.Errorf("%s: %w", raw.Path, ErrNoArticle)
	}

	title := raw.Title
	if title == "" {
		title = meta.title
	}
	var us []unit
	for i, p := range paras {
		for _, line := range strings.Split(normalizeText(p), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				us = append(us, unit{text: line, block: i})
			}
		}
	}
	var res result
	if opts.KeepDebris {
		res.title = normalizeText(title)
		for _, u := range us {
			res.paras = append(res.paras, u.text)
		}
	} else {
		res = cleanUnits(us, normalizeText(title), false, true)
		if !hasSentence(res.paras) {
			return result{}, nil, fmt.Errorf("%s: %w", raw.Path, ErrNoArticle)
		}
	}
	if res.title == "" && len(res.paras) > 0 {
		res.title = res.paras[0]
	}
	if meta.author != "" {
		res.byline = meta.author
	}
	if !meta.published.IsZero() {
		res.published = meta.published
	}
	res.source = meta.site
	res.url = meta.url
	return res, notes, nil
}

// decodeHTML converts a page to UTF-8. In order: a byte-order mark wins;
// a page that is entirely valid UTF-8 is UTF-8 whatever it declares (legacy
// 8-bit text almost never forms valid multi-byte sequences, and pages
// declaring latin-1 while serving UTF-8 are common); otherwise the charset
// declared in a <meta> tag anywhere in the first 64 KiB (x/net's own sniffer
// only looks at 1 KiB); otherwise UTF-8 if valid sequences outnumber bad
// bytes, else windows-1252, the web's default. Invalid UTF-8 in a page read
// as UTF-8 is repaired with U+FFFD and reported.
func decodeHTML(b []byte) ([]byte, []string) {
	if enc, name, certain := charset.DetermineEncoding(b[:min(len(b), 4)], ""); certain && enc != nil {
		// A byte-order mark.
		if name == "utf-8" {
			b = bytes.TrimPrefix(b, bomUTF8)
		} else if out, err := enc.NewDecoder().Bytes(b); err == nil {
			return out, nil
		}
	}
	if utf8.Valid(b) {
		return b, nil
	}
	declared := declaredCharset(b[:min(len(b), 64<<10)])
	if declared != "" && declared != "utf-8" {
		if enc, _ := charset.Lookup(declared); enc != nil {
			if out, err := enc.NewDecoder().Bytes(b); err == nil {
				return out, nil
			}
		}
	}
	multi, bad := utf8Stats(b)
	if declared == "utf-8" || multi > bad {
		s, note := repairUTF8(b)
		return []byte(s), []string{note}
	}
	enc, _ := charset.Lookup("windows-1252")
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		s, note := repairUTF8(b)
		return []byte(s), []string{note}
	}
	return out, nil
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)`)

// declaredCharset is the canonical name of the charset a <meta> tag
// declares, "" when none is found or the name is unknown.
func declaredCharset(b []byte) string {
	m := metaCharset.FindSubmatch(b)
	if m == nil {
		return ""
	}
	if _, name := charset.Lookup(string(m[1])); name != "" {
		return name
	}
	return ""
}

// utf8Stats counts valid multi-byte runes and invalid bytes.
func utf8Stats(b []byte) (multi, bad int) {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			bad++
		case n > 1:
			multi++
		}
		i += n
	}
	return multi, bad
}

// blockTags start a new paragraph when walking extracted content.
var blockTags = map[string]bool{
	"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"li": true, "ul": true, "ol": true, "blockquote": true, "pre": true, "table": true, "tr": true,
	"section": true, "article": true, "header": true, "footer": true, "aside": true, "figure": true,
	"figcaption": true, "dd": true, "dt": true, "dl": true, "hr": true, "main": true, "nav": true,
	"address": true, "details": true, "summary": true, "form": true, "fieldset": true,
	// trafilatura's internal tags, in case they survive in ContentNode
	"head": true, "list": true, "item": true, "quote": true, "row": true,
}

// skipTags hold no readable text.
var skipTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "svg": true, "button": true,
	"select": true, "option": true, "iframe": true, "object": true, "canvas": true, "head": false,
}

// nodeParagraphs walks a content node and returns its paragraphs: text of
// block elements, with <br> as a line break inside a paragraph.
func nodeParagraphs(n *html.Node) []string {
	if n == nil {
		return nil
	}
	var paras []string
	var cur strings.Builder
	flush := func() {
		lines := strings.Split(cur.String(), "\n")
		for i, l := range lines {
			lines[i] = strings.Join(strings.Fields(l), " ")
		}
		if t := strings.TrimSpace(strings.Join(lines, "\n")); t != "" {
			paras = append(paras, t)
		}
		cur.Reset()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			// White space inside text (newlines included) is one space;
			// only <br> makes a line break.
			cur.WriteString(strings.Map(func(r rune) rune {
				if r == '\n' || r == '\r' || r == '\t' {
					return ' '
				}
				return r
			}, n.Data))
			return
		case html.ElementNode:
			tag := n.Data
			if skipTags[tag] {
				return
			}
			if tag == "br" || tag == "lb" || n.DataAtom == atom.Br {
				cur.WriteByte('\n')
				return
			}
			if blockTags[tag] {
				flush()
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
				flush()
				return
			}
			if tag == "td" || tag == "th" || tag == "cell" {
				cur.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	flush()
	return paras
}

func countWords(paras []string) int {
	n := 0
	for _, p := range paras {
		n += len(strings.Fields(p))
	}
	return n
}

// hasSentence reports whether some paragraph reads like prose: at least six
// words ending like a sentence.
func hasSentence(paras []string) bool {
	for _, p := range paras {
		if len(words(p)) >= 6 && (endsSentence(p) || strings.ContainsAny(p, ".!?")) {
			return true
		}
	}
	return false
}

// pageMeta is what the page's own metadata says.
type pageMeta struct {
	title, author, site, url string
	published                time.Time
}

// dateMetaKeys are <meta> names/properties/itemprops that carry the
// publication date, most specific first.
var dateMetaKeys = []string{
	"article:published_time", "og:published_time", "og:article:published_time", "datepublished",
	"parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.date", "dc.date", "date",
	"pubdate", "publishdate", "publish-date", "article.published", "cxenseparse:recs:publishtime",
}

// scanMeta reads title, site name, author, canonical URL and publication
// date from <meta>, <link rel=canonical>, JSON-LD and <time> in <article>.
// Only explicit publication metadata is trusted for the date: a bare year
// found in a copyright footer is never taken.
func scanMeta(doc *html.Node) pageMeta {
	var m pageMeta
	metas := map[string]string{}
	var ldDates []string
	var timeInArticle string
	var docTitle string
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, inArticle bool) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				key := strings.ToLower(attr(n, "property"))
				if key == "" {
					key = strings.ToLower(attr(n, "name"))
				}
				if key == "" {
					key = strings.ToLower(attr(n, "itemprop"))
				}
				val := strings.TrimSpace(attr(n, "content"))
				if val == "" {
					val = strings.TrimSpace(attr(n, "datetime"))
				}
				if key != "" && val != "" {
					if _, ok := metas[key]; !ok {
						metas[key] = val
					}
				}
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") && m.url == "" {
					m.url = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Title:
				if docTitle == "" && n.FirstChild != nil {
					docTitle = strings.TrimSpace(n.FirstChild.Data)
				}
			case atom.Script:
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
					ldDates = append(ldDates, jsonLDDates(n.FirstChild.Data)...)
				}
			case atom.Article:
				inArticle = true
			case atom.Time:
				if inArticle && timeInArticle == "" {
					timeInArticle = attr(n, "datetime")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inArticle)
		}
	}
	walk(doc, false)
	m.title = firstNonEmpty(metas["og:title"], metas["twitter:title"], docTitle)
	m.site = firstNonEmpty(metas["og:site_name"], metas["application-name"])
	m.author = firstNonEmpty(metas["author"], metas["article:author"], metas["byl"], metas["parsely-author"], metas["sailthru.author"])
	if strings.HasPrefix(m.author, "http") {
		m.author = ""
	}
	m.author = bylineName(m.author)
	if m.url == "" {
		m.url = metas["og:url"]
	}
	var cands []string
	for _, k := range dateMetaKeys {
		if v := metas[k]; v != "" {
			cands = append(cands, v)
		}
	}
	cands = append(cands, ldDates...)
	if timeInArticle != "" {
		cands = append(cands, timeInArticle)
	}
	for _, c := range cands {
		if t, ok := parseMetaDate(c); ok {
			m.published = t
			break
		}
	}
	return m
}

// jsonLDDates finds datePublished values in a JSON-LD script.
func jsonLDDates(s string) []string {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if d, ok := x["datePublished"].(string); ok {
				out = append(out, d)
			}
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(v)
	return out
}

// parseMetaDate parses the date forms found in page metadata.
func parseMetaDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02", time.RFC1123Z, time.RFC1123, "20060102"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 1900 {
			return t.UTC(), true
		}
	}
	if t, ok := parseLooseDate(s); ok {
		return t, true
	}
	return time.Time{}, false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// safeTrafilatura runs go-trafilatura, turning a panic inside it (a bug
// triggered by some page) into an error, so one bad page cannot stop a run.
func safeTrafilatura(doc *html.Node, opts trafilatura.Options) (res *trafilatura.ExtractResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("trafilatura panicked: %v", r)
		}
	}()
	return trafilatura.ExtractDocument(doc, opts)
}

// safeReadability runs go-readability with the same protection.
func safeReadability(doc *html.Node, u *url.URL) (art readability.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			art, err = readability.Article{}, fmt.Errorf("readability panicked: %v", r)
		}
	}()
	p := readability.NewParser()
	return p.ParseDocument(doc, u)
}
