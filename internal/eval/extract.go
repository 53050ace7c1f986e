package eval

// This file scores HTML main-text extraction on the ScrapingHub Article
// Extraction Benchmark (../shared/data/extraction/scrapinghub): 181 pages
// with the gold article body.
//
// Metric, as the benchmark defines it: the texts are cut into word tokens
// (runs of Unicode letters, digits and "_", case kept), tokens are grouped
// into overlapping 4-grams ("shingles"), and per page
// tp = sum over shingles of min(gold count, predicted count), fp and fn
// the excess on either side, all three divided by tp+fp+fn so that long
// pages do not weigh more. Precision is the mean of tp/(tp+fp) over pages
// where something was predicted, recall the mean of tp/(tp+fn) over pages
// with a gold body, and F1 is computed from those two means. The same is
// also reported on single tokens (n=1).

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/extract"
)

// ExtractPage is one benchmark page: its HTML and the gold body.
type ExtractPage struct {
	Key  string
	URL  string
	HTML []byte
	Gold string
}

// LoadScrapinghub reads ground-truth.json and html_gz/<key>.html.gz from
// dir, in key order. limit > 0 keeps the first limit pages.
func LoadScrapinghub(dir string, limit int) ([]ExtractPage, error) {
	b, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, fmt.Errorf("eval extract: %w", err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(b, &gt); err != nil {
		return nil, fmt.Errorf("eval extract: %s: %w", filepath.Join(dir, "ground-truth.json"), err)
	}
	keys := make([]string, 0, len(gt))
	for k := range gt {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if limit > 0 && limit < len(keys) {
		keys = keys[:limit]
	}
	pages := make([]ExtractPage, 0, len(keys))
	for _, k := range keys {
		p := filepath.Join(dir, "html_gz", k+".html.gz")
		body, err := readGzip(p)
		if err != nil {
			return nil, fmt.Errorf("eval extract: %s: %w", p, err)
		}
		pages = append(pages, ExtractPage{Key: k, URL: gt[k].URL, HTML: body, Gold: gt[k].ArticleBody})
	}
	return pages, nil
}

func readGzip(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return io.ReadAll(zr)
}

// Extractor is one system under test: page HTML to body text.
type Extractor struct {
	Name string
	Run  func(p ExtractPage) (string, error)
}

// Extractors returns the systems compared by EvalExtract: chorus (the
// full extract.Extract), chorus without line cleaning, and the baseline
// (all visible text of the page).
func Extractors() []Extractor {
	run := func(opts extract.Options) func(ExtractPage) (string, error) {
		return func(p ExtractPage) (string, error) {
			a, err := extract.Extract(domain.RawDoc{ID: p.Key, Path: p.Key, Format: domain.FormatHTML, Body: p.HTML, URL: p.URL}, opts)
			if err != nil && !extract.IsWarning(err) {
				return "", err
			}
			return a.Text, nil
		}
	}
	return []Extractor{
		{"chorus", run(extract.Options{})},
		{"chorus-noclean", run(extract.Options{KeepDebris: true})},
		{"baseline-alltext", func(p ExtractPage) (string, error) { return VisibleText(p.HTML), nil }},
	}
}

// PRF holds precision, recall and F1.
type PRF struct{ Precision, Recall, F1 float64 }

// ExtractScore is one system's result.
type ExtractScore struct {
	System   string
	Shingles PRF // 4-gram shingles, the benchmark's metric
	Tokens   PRF // single tokens
	Failed   int // pages where the system returned an error or nothing
	Elapsed  time.Duration
}

// EvalExtract runs every extractor on every page and scores it.
func EvalExtract(pages []ExtractPage, systems []Extractor) []ExtractScore {
	var out []ExtractScore
	for _, sys := range systems {
		var sh, tok []tpFpFn
		failed := 0
		start := time.Now()
		for _, p := range pages {
			text, err := sys.Run(p)
			if err != nil || strings.TrimSpace(text) == "" {
				failed++
			}
			sh = append(sh, shingleMatch(p.Gold, text, 4))
			tok = append(tok, shingleMatch(p.Gold, text, 1))
		}
		out = append(out, ExtractScore{System: sys.Name, Shingles: meanPRF(sh), Tokens: meanPRF(tok), Failed: failed, Elapsed: time.Since(start)})
	}
	return out
}

type tpFpFn struct{ tp, fp, fn float64 }

// shingleMatch counts matching n-gram shingles of word tokens, normalised
// by their total.
func shingleMatch(gold, pred string, n int) tpFpFn {
	g, p := shingles(gold, n), shingles(pred, n)
	var r tpFpFn
	for k, gc := range g {
		pc := p[k]
		r.tp += float64(min(gc, pc))
		r.fn += float64(max(0, gc-pc))
	}
	for k, pc := range p {
		r.fp += float64(max(0, pc-g[k]))
	}
	if s := r.tp + r.fp + r.fn; s > 0 {
		r.tp, r.fp, r.fn = r.tp/s, r.fp/s, r.fn/s
	}
	return r
}

// shingles counts the n-grams of word tokens; a text shorter than n gives
// one shorter shingle, as in the benchmark.
func shingles(s string, n int) map[string]int {
	toks := strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || unicode.Is(unicode.Mn, r))
	})
	out := map[string]int{}
	if len(toks) == 0 {
		return out
	}
	for i := 0; i < max(1, len(toks)-n+1); i++ {
		out[strings.Join(toks[i:min(i+n, len(toks))], "\x00")]++
	}
	return out
}

func meanPRF(rs []tpFpFn) PRF {
	var p, r float64
	var np, nr int
	for _, x := range rs {
		if x.tp+x.fp > 0 {
			p += prec(x)
			np++
		}
		if x.tp+x.fn > 0 {
			r += rec(x)
			nr++
		}
	}
	var out PRF
	if np > 0 {
		out.Precision = p / float64(np)
	}
	if nr > 0 {
		out.Recall = r / float64(nr)
	}
	if out.Precision+out.Recall > 0 {
		out.F1 = 2 * out.Precision * out.Recall / (out.Precision + out.Recall)
	}
	return out
}

func prec(x tpFpFn) float64 {
	switch {
	case x.fp == 0 && x.fn == 0:
		return 1
	case x.tp == 0 && x.fp == 0:
		return 0
	}
	return x.tp / (x.tp + x.fp)
}

func rec(x tpFpFn) float64 {
	switch {
	case x.fp == 0 && x.fn == 0:
		return 1
	case x.tp == 0 && x.fn == 0:
		return 0
	}
	return x.tp / (x.tp + x.fn)
}

// VisibleText is the naive baseline: every text node of the page outside
// <head>, <script>, <style>, <noscript> and <template>, one block per
// line.
func VisibleText(page []byte) string {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return ""
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Head, atom.Script, atom.Style, atom.Noscript, atom.Template:
				return
			}
		}
		if n.Type == html.TextNode {
			if t := strings.Join(strings.Fields(n.Data), " "); t != "" {
				b.WriteString(t)
				b.WriteByte('\n')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return b.String()
}

// ExtractErrors lists, for the chorus system, the lines it removed that
// hold gold text (cleaning losses) and the lines it kept that are not in
// the gold body (debris it let through), at most n of each, for reading.
func ExtractErrors(pages []ExtractPage, n int) (lost, kept []string) {
	for _, p := range pages {
		raw := domain.RawDoc{ID: p.Key, Path: p.Key, Format: domain.FormatHTML, Body: p.HTML, URL: p.URL}
		full, err1 := extract.Extract(raw, extract.Options{KeepDebris: true})
		clean, err2 := extract.Extract(raw, extract.Options{})
		if (err1 != nil && !extract.IsWarning(err1)) || (err2 != nil && !extract.IsWarning(err2)) {
			continue
		}
		gold := normSpace(p.Gold)
		in := map[string]bool{}
		for _, l := range strings.Split(clean.Text, "\n\n") {
			in[l] = true
		}
		for _, l := range strings.Split(full.Text, "\n\n") {
			inGold := strings.Contains(gold, normSpace(l))
			switch {
			case !in[l] && inGold && len(lost) < n:
				lost = append(lost, fmt.Sprintf("%s [%s]: %s", p.Key[:8], extract.Classify(l), l))
			case in[l] && !inGold && len(kept) < n && len(strings.Fields(l)) < 40:
				kept = append(kept, fmt.Sprintf("%s: %s", p.Key[:8], l))
			}
		}
	}
	return lost, kept
}

func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
