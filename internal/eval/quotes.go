// Package eval measures chorus against the gold data in ../shared/data
// and prints the in-project baselines beside it. This file scores direct
// quotes and their speakers against PolNeAR's attribution annotations.
package eval

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chorusnews/chorus/internal/analyze"
	"github.com/chorusnews/chorus/internal/domain"
)

// QuoteDoc is one PolNeAR article with its gold annotation.
type QuoteDoc struct {
	Name     string
	Text     string
	Contents []Content // gold Content spans (byte offsets) with their Source
}

// Content is one gold attributed content and the source it is linked to.
type Content struct {
	Parts  []domain.Span // discontinuous spans as several parts
	Source string        // the Source text ("" if none annotated)
}

// GoldQuote is a stretch between quotation marks inside a gold Content
// span, at least 3 words long.
type GoldQuote struct {
	domain.Span
	Source string
}

// FoundQuote is a quote a system found.
type FoundQuote struct {
	domain.Span
	Speaker string
}

// QuoteScore is the outcome of one system on one split.
type QuoteScore struct {
	System                 string
	Gold, Found            int
	Recalled, Correct      int
	SpeakerGold, SpeakerOK int
}

// Precision, Recall and SpeakerAccuracy as defined in the issue.
func (s QuoteScore) Precision() float64 { return ratio(s.Correct, s.Found) }
func (s QuoteScore) Recall() float64    { return ratio(s.Recalled, s.Gold) }
func (s QuoteScore) SpeakerAccuracy() float64 {
	return ratio(s.SpeakerOK, s.SpeakerGold)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// LoadPolNeAR reads data/<split>/text/*.txt and, for each article, the
// first annotation file in name order (attributions/<name>_*.ann).
func LoadPolNeAR(dir, split string) ([]QuoteDoc, error) {
	textDir := filepath.Join(dir, split, "text")
	annDir := filepath.Join(dir, split, "attributions")
	texts, err := filepath.Glob(filepath.Join(textDir, "*.txt"))
	if err != nil {
		return nil, err
	}
	if len(texts) == 0 {
		return nil, fmt.Errorf("polnear: no articles in %s", textDir)
	}
	sort.Strings(texts)
	anns, err := filepath.Glob(filepath.Join(annDir, "*.ann"))
	if err != nil {
		return nil, err
	}
	sort.Strings(anns)
	var docs []QuoteDoc
	for _, tp := range texts {
		name := strings.TrimSuffix(filepath.Base(tp), ".txt")
		ann := ""
		for _, a := range anns {
			b := filepath.Base(a)
			if strings.HasPrefix(b, name+"_") && !strings.Contains(strings.TrimSuffix(b[len(name)+1:], ".ann"), "_") {
				ann = a
				break
			}
		}
		if ann == "" {
			return nil, fmt.Errorf("polnear: no annotation file for %s in %s", name, annDir)
		}
		b, err := os.ReadFile(tp)
		if err != nil {
			return nil, err
		}
		text := string(b)
		contents, err := parseAnn(ann, text)
		if err != nil {
			return nil, err
		}
		docs = append(docs, QuoteDoc{Name: name, Text: text, Contents: contents})
	}
	return docs, nil
}

// runeToByte maps character offsets (brat counts Unicode code points) to
// byte offsets.
func runeToByte(text string) []int {
	m := make([]int, 0, len(text)+1)
	for i := range text {
		m = append(m, i)
	}
	return append(m, len(text))
}

type annSpan struct {
	kind  string
	parts []domain.Span
	text  string
}

// parseAnn reads a brat standoff file.
func parseAnn(path, text string) ([]Content, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r2b := runeToByte(text)
	spans := map[string]annSpan{}
	var events [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		l := sc.Text()
		fields := strings.SplitN(l, "\t", 3)
		if len(fields) < 2 {
			continue
		}
		switch {
		case strings.HasPrefix(fields[0], "T"):
			sp := strings.SplitN(fields[1], " ", 2)
			if len(sp) != 2 {
				return nil, fmt.Errorf("%s:%d: bad span field %q", path, line, fields[1])
			}
			var parts []domain.Span
			for _, piece := range strings.Split(sp[1], ";") {
				ab := strings.Fields(piece)
				if len(ab) != 2 {
					return nil, fmt.Errorf("%s:%d: bad offsets %q", path, line, piece)
				}
				a, err1 := strconv.Atoi(ab[0])
				b, err2 := strconv.Atoi(ab[1])
				if err1 != nil || err2 != nil || a < 0 || b < a || b >= len(r2b) {
					return nil, fmt.Errorf("%s:%d: offsets %q out of range", path, line, piece)
				}
				parts = append(parts, domain.Span{Start: r2b[a], End: r2b[b]})
			}
			t := ""
			if len(fields) == 3 {
				t = fields[2]
			}
			spans[fields[0]] = annSpan{kind: sp[0], parts: parts, text: t}
		case strings.HasPrefix(fields[0], "E"):
			events = append(events, strings.Fields(fields[1]))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []Content
	used := map[string]bool{}
	for _, ev := range events {
		var c Content
		have := false
		for _, arg := range ev {
			kv := strings.SplitN(arg, ":", 2)
			if len(kv) != 2 {
				continue
			}
			s, ok := spans[kv[1]]
			if !ok {
				continue
			}
			switch strings.TrimRight(kv[0], "0123456789") {
			case "Content":
				c.Parts, have = s.parts, true
				used[kv[1]] = true
			case "Source":
				if c.Source != "" {
					c.Source += " "
				}
				c.Source += textOf(text, s.parts)
			}
		}
		if have {
			out = append(out, c)
		}
	}
	// Content spans not linked by any event still count as content.
	var ids []string
	for id, s := range spans {
		if s.kind == "Content" && !used[id] {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		out = append(out, Content{Parts: spans[id].parts})
	}
	return out, nil
}

func textOf(text string, parts []domain.Span) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(text[p.Start:p.End])
	}
	return b.String()
}

// quoteStretches pairs quotation marks (“…”, "…", ”…”) within each line
// and returns the inner spans, trimmed of spaces.
func quoteStretches(text string) []domain.Span {
	var out []domain.Span
	open := -1
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		kind := 0 // 1 open, 2 close, 3 either
		switch {
		case r == '\n':
			open = -1
		case r == '“':
			kind = 1
		case r == '”':
			kind = 2
		case r == '"':
			kind = 3
		case strings.HasPrefix(text[i:], "''"):
			kind, n = 3, 2
		}
		switch {
		case kind == 1 || kind == 3 && open < 0:
			open = i + n
		case (kind == 2 || kind == 3) && open >= 0:
			a, b := open, i
			for a < b && unicode.IsSpace(rune(text[a])) {
				a++
			}
			for b > a && unicode.IsSpace(rune(text[b-1])) {
				b--
			}
			out = append(out, domain.Span{Start: a, End: b})
			open = -1
		}
		i += n
	}
	return out
}

func wordCount(s string) int {
	n := 0
	for _, f := range strings.Fields(s) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

func inside(s domain.Span, parts []domain.Span) bool {
	for _, p := range parts {
		if s.Start >= p.Start && s.End <= p.End {
			return true
		}
	}
	return false
}

func overlap(a, b domain.Span) int {
	lo, hi := max(a.Start, b.Start), min(a.End, b.End)
	if hi > lo {
		return hi - lo
	}
	return 0
}

// GoldQuotes returns the gold direct quotes of a document.
func GoldQuotes(d QuoteDoc) []GoldQuote {
	var out []GoldQuote
	for _, s := range quoteStretches(d.Text) {
		if wordCount(d.Text[s.Start:s.End]) < 3 {
			continue
		}
		for _, c := range d.Contents {
			if inside(s, c.Parts) {
				out = append(out, GoldQuote{Span: s, Source: c.Source})
				break
			}
		}
	}
	return out
}

var pronounsAndDeterminers = map[string]bool{
	"he": true, "she": true, "they": true, "we": true, "i": true, "you": true, "it": true, "his": true, "her": true,
	"their": true, "our": true, "my": true, "your": true, "its": true, "the": true, "a": true, "an": true, "this": true,
	"that": true, "these": true, "those": true, "him": true, "them": true, "us": true, "me": true, "some": true,
	"many": true, "who": true, "one": true, "both": true, "all": true, "each": true, "other": true, "another": true,
}

// nameWords are the capitalised words of a Source that are not pronouns
// or determiners, without possessive endings.
func nameWords(source string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(source, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-' || r == '.')
	}) {
		f = strings.TrimRight(f, ".")
		for _, suf := range []string{"'s", "’s", "'", "’"} {
			f = strings.TrimSuffix(f, suf)
		}
		r, _ := utf8.DecodeRuneInString(f)
		if f == "" || !unicode.IsUpper(r) || pronounsAndDeterminers[strings.ToLower(f)] {
			continue
		}
		out = append(out, f)
	}
	return out
}

// speakerHas reports whether speaker contains one of the name words.
func speakerHas(speaker string, names []string) bool {
	sw := map[string]bool{}
	for _, f := range strings.FieldsFunc(strings.ToLower(speaker), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '.' || r == '\'' || r == '’')
	}) {
		f = strings.TrimRight(f, ".")
		for _, suf := range []string{"'s", "’s"} {
			f = strings.TrimSuffix(f, suf)
		}
		sw[f] = true
	}
	for _, n := range names {
		if sw[strings.ToLower(n)] {
			return true
		}
	}
	return false
}

// ScoreQuotes scores found quotes of one document and adds to s.
func ScoreQuotes(s *QuoteScore, d QuoteDoc, found []FoundQuote) {
	gold := GoldQuotes(d)
	s.Gold += len(gold)
	s.Found += len(found)
	for _, f := range found {
		for _, c := range d.Contents {
			ov := 0
			for _, p := range c.Parts {
				ov += overlap(f.Span, p)
			}
			if 2*ov >= f.Len() && f.Len() > 0 {
				s.Correct++
				break
			}
		}
	}
	for _, g := range gold {
		best, bestOv := -1, 0
		for i, f := range found {
			if ov := overlap(g.Span, f.Span); 2*ov >= g.Len() && ov > bestOv {
				best, bestOv = i, ov
			}
		}
		if best < 0 {
			continue
		}
		s.Recalled++
		if names := nameWords(g.Source); len(names) > 0 {
			s.SpeakerGold++
			if speakerHas(found[best].Speaker, names) {
				s.SpeakerOK++
			}
		}
	}
}

// ChorusQuotes runs chorus's quote extraction (direct quotes only).
func ChorusQuotes(text string) []FoundQuote {
	var out []FoundQuote
	for _, q := range analyze.Quotes(text) {
		if q.Direct {
			out = append(out, FoundQuote{Span: q.Span, Speaker: q.Speaker})
		}
	}
	return out
}

var (
	baselineQuote = regexp.MustCompile(`(?:“|")([^“”"\n]+?)(?:”|")`)
	baselineName  = regexp.MustCompile(`\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*)*`)
)

// BaselineQuotes is the bare regular-expression baseline: every stretch
// between quotation marks, with the next capitalised words in the same
// line as the speaker.
func BaselineQuotes(text string) []FoundQuote {
	var out []FoundQuote
	for _, m := range baselineQuote.FindAllStringSubmatchIndex(text, -1) {
		s, e := m[2], m[3]
		rest := text[m[1]:]
		if nl := strings.IndexAny(rest, "\n“\""); nl >= 0 {
			rest = rest[:nl]
		}
		sp := baselineName.FindString(rest)
		out = append(out, FoundQuote{Span: domain.Span{Start: s, End: e}, Speaker: sp})
	}
	return out
}

// EvalQuotes scores chorus and the baseline on docs.
func EvalQuotes(docs []QuoteDoc) []QuoteScore {
	systems := []struct {
		name string
		run  func(string) []FoundQuote
	}{{"chorus", ChorusQuotes}, {"baseline-regex", BaselineQuotes}}
	var out []QuoteScore
	for _, sys := range systems {
		s := QuoteScore{System: sys.name}
		for _, d := range docs {
			ScoreQuotes(&s, d, sys.run(d.Text))
		}
		out = append(out, s)
	}
	return out
}

// QuoteErrors lists up to n of chorus's errors of each kind (missed gold
// quotes, found quotes outside gold content, wrong speakers), for
// inspection while tuning.
func QuoteErrors(docs []QuoteDoc, n int) []string {
	var missed, wrong, speaker []string
	clip := func(s string) string {
		s = strings.ReplaceAll(s, "\n", " ")
		if len(s) > 160 {
			s = s[:160] + "…"
		}
		return s
	}
	for _, d := range docs {
		found := ChorusQuotes(d.Text)
		for _, f := range found {
			ok := false
			for _, c := range d.Contents {
				ov := 0
				for _, p := range c.Parts {
					ov += overlap(f.Span, p)
				}
				if 2*ov >= f.Len() {
					ok = true
				}
			}
			if !ok {
				ctx := d.Text[max(0, f.Start-60):min(len(d.Text), f.End+60)]
				wrong = append(wrong, fmt.Sprintf("WRONG %s@%d: %s", d.Name, f.Start, clip(ctx)))
			}
		}
		for _, g := range GoldQuotes(d) {
			best, bestOv := -1, 0
			for i, f := range found {
				if ov := overlap(g.Span, f.Span); 2*ov >= g.Len() && ov > bestOv {
					best, bestOv = i, ov
				}
			}
			if best < 0 {
				ctx := d.Text[max(0, g.Start-60):min(len(d.Text), g.End+60)]
				missed = append(missed, fmt.Sprintf("MISSED %s@%d: %s", d.Name, g.Start, clip(ctx)))
				continue
			}
			if names := nameWords(g.Source); len(names) > 0 && !speakerHas(found[best].Speaker, names) {
				ctx := d.Text[max(0, g.Start-150):min(len(d.Text), g.End+100)]
				speaker = append(speaker, fmt.Sprintf("SPEAKER %s@%d gold=%q found=%q: %s", d.Name, g.Start, g.Source, found[best].Speaker, clip(ctx)))
			}
		}
	}
	var out []string
	for _, l := range [][]string{missed, wrong, speaker} {
		out = append(out, l[:min(n, len(l))]...)
	}
	return out
}
