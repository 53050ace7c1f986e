// Package render writes briefs for people and programs: Markdown for the
// terminal, JSON (the contract other tools rely on) and a standalone HTML
// page. Output is deterministic: the same briefs give the same bytes.
package render

import (
	"bufio"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chorusnews/chorus/internal/domain"
)

// Formats lists the output formats by name.
var Formats = []string{"md", "json", "html"}

// Write renders briefs in the named format.
func Write(w io.Writer, format string, b domain.Briefs) error {
	switch format {
	case "md", "markdown":
		return Markdown(w, b)
	case "json":
		return JSON(w, b)
	case "html":
		return HTML(w, b)
	}
	return fmt.Errorf("render: unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// JSON writes the briefs as indented JSON.
func JSON(w io.Writer, b domain.Briefs) error {
	if b.Stories == nil {
		b.Stories = []domain.Brief{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(b)
}

// refs numbers a story's articles from 1 in source-list order, for
// compact citation markers.
type refs map[string]int

func refsOf(b domain.Brief) refs {
	r := refs{}
	for i, a := range b.Articles {
		r[a.ID] = i + 1
	}
	return r
}

// marks renders citations as "[1][3]".
func (r refs) marks(ids []string) string {
	var sb strings.Builder
	for _, id := range ids {
		if n, ok := r[id]; ok {
			fmt.Fprintf(&sb, "[%d]", n)
		} else {
			fmt.Fprintf(&sb, "[%s]", id)
		}
	}
	return sb.String()
}

// Markdown writes the briefs as a Markdown document.
func Markdown(w io.Writer, bs domain.Briefs) error {
	bw := bufio.NewWriter(w)
	for i, b := range bs.Stories {
		if i > 0 {
			fmt.Fprint(bw, "\n---\n\n")
		}
		writeStory(bw, b)
	}
	if len(bs.Stories) == 0 {
		fmt.Fprintln(bw, "No stories.")
	}
	return bw.Flush()
}

func writeStory(w *bufio.Writer, b domain.Brief) {
	r := refsOf(b)
	fmt.Fprintf(w, "# %s\n\n", b.Headline)
	meta := fmt.Sprintf("%d sources", len(b.Articles))
	if len(b.Articles) == 1 {
		meta = "1 source"
	}
	if b.Start != "" {
		span := b.Start
		if b.End != "" && b.End != b.Start {
			span += " to " + b.End
		}
		meta = span + " · " + meta
	}
	fmt.Fprintf(w, "_Story %s · %s_\n\n", b.ID, meta)

	fmt.Fprint(w, "## Summary\n\n")
	for _, s := range b.Summary {
		fmt.Fprintf(w, "- %s %s\n", s.Text, r.marks(s.Citations))
	}
	if len(b.Summary) == 0 {
		fmt.Fprintln(w, "_No sentence could be extracted._")
	}

	if len(b.Quotes) > 0 {
		fmt.Fprint(w, "\n## Quotes\n")
		last := "\x00"
		for _, q := range b.Quotes {
			if q.Speaker != last {
				last = q.Speaker
				fmt.Fprintf(w, "\n**%s**\n\n", speakerLabel(q))
			}
			if q.Direct {
				fmt.Fprintf(w, "- “%s” %s\n", q.Text, r.marks(q.Citations))
			} else {
				fmt.Fprintf(w, "- (reported) %s %s\n", q.Text, r.marks(q.Citations))
			}
		}
	}

	if len(b.Entities) > 0 {
		fmt.Fprint(w, "\n## People, organisations and places\n\n")
		for _, t := range []struct {
			typ   domain.EntityType
			label string
		}{{domain.Person, "People"}, {domain.Org, "Organisations"}, {domain.Place, "Places"}} {
			var parts []string
			for _, e := range b.Entities {
				if e.Type == t.typ && len(parts) < 15 {
					parts = append(parts, fmt.Sprintf("%s (%d)", e.Name, e.Mentions))
				}
			}
			if len(parts) > 0 {
				fmt.Fprintf(w, "- %s: %s\n", t.label, strings.Join(parts, ", "))
			}
		}
	}

	if len(b.Disagreements) > 0 {
		fmt.Fprint(w, "\n## Where the sources disagree\n\n")
		for _, d := range b.Disagreements {
			var vals []string
			for _, v := range d.Values {
				vals = append(vals, fmt.Sprintf("%s %s", v.Value, r.marks(v.Citations)))
			}
			kind := ""
			if d.Soft {
				kind = " _(hedged values: both may be true)_"
			}
			fmt.Fprintf(w, "- **%s**: %s%s\n", d.Quantity, strings.Join(vals, " vs "), kind)
			for _, v := range d.Values {
				fmt.Fprintf(w, "  - %s: “%s” %s\n", v.Value, v.Text, r.marks(v.Citations))
			}
		}
	}

	if len(b.Numbers) > 0 {
		fmt.Fprint(w, "\n## Numbers reported\n\n")
		for _, n := range b.Numbers {
			var vals []string
			for _, v := range n.Values {
				vals = append(vals, v.Value+" "+r.marks(v.Citations))
			}
			fmt.Fprintf(w, "- %s: %s\n", n.Quantity, strings.Join(vals, "; "))
		}
	}

	if len(b.Timeline) > 0 {
		fmt.Fprint(w, "\n## Timeline\n\n")
		for _, e := range b.Timeline {
			fmt.Fprintf(w, "- **%s**: %s %s\n", e.Date, e.Text, r.marks(e.Citations))
		}
	}

	if len(b.Exclusives) > 0 {
		fmt.Fprint(w, "\n## Only in one source\n\n")
		for _, x := range b.Exclusives {
			for _, s := range x.Sentences {
				fmt.Fprintf(w, "- %s %s\n", s, r.marks([]string{x.Article}))
			}
		}
	}

	fmt.Fprint(w, "\n## Sources\n\n")
	for i, a := range b.Articles {
		var parts []string
		switch {
		case a.Source != "" && a.Title != "":
			parts = append(parts, a.Source+": "+a.Title)
		case a.Source != "" || a.Title != "":
			parts = append(parts, a.Source+a.Title)
		}
		if a.Published != "" {
			parts = append(parts, "("+a.Published+")")
		}
		if a.URL != "" {
			parts = append(parts, "<"+a.URL+">")
		} else if a.Path != "" {
			parts = append(parts, "`"+a.Path+"`")
		}
		line := fmt.Sprintf("%d. %s", i+1, strings.Join(parts, " "))
		if a.CopyOf != "" {
			if n, ok := r[a.CopyOf]; ok {
				line += fmt.Sprintf(" (near-copy of %d)", n)
			}
		}
		fmt.Fprintln(w, line)
	}
}

//go:embed brief.html.tmpl
var templates embed.FS

var page = template.Must(template.New("brief.html.tmpl").Funcs(template.FuncMap{
	"refs": refsOf,
	"marks": func(r refs, ids []string) []int {
		var out []int
		for _, id := range ids {
			out = append(out, r[id])
		}
		return out
	},
	"inc":    func(i int) int { return i + 1 },
	"groups": quoteGroups,
}).ParseFS(templates, "brief.html.tmpl"))

// quoteGroup is one speaker's quotes, in brief order.
type quoteGroup struct {
	Who    string
	Quotes []domain.BriefQuote
}

// quoteGroups groups consecutive quotes by speaker (the brief sorts them
// by speaker already) and names each speaker with their title.
func quoteGroups(qs []domain.BriefQuote) []quoteGroup {
	var out []quoteGroup
	for i, q := range qs {
		if i == 0 || q.Speaker != qs[i-1].Speaker {
			out = append(out, quoteGroup{Who: speakerLabel(q)})
		}
		g := &out[len(out)-1]
		g.Quotes = append(g.Quotes, q)
	}
	return out
}

// speakerLabel is "Title Name" for a title written before a name
// ("Finance Minister Pavel Storm"), "Name, description" for a role in
// lower case ("J. R. Okafor, chief economist at ..."), or "Unattributed".
func speakerLabel(q domain.BriefQuote) string {
	switch {
	case q.Speaker == "":
		return "Unattributed"
	case q.Title == "":
		return upperFirst(q.Speaker) // "Spokesman", "Several supporters"
	}
	if r, _ := utf8.DecodeRuneInString(q.Title); unicode.IsLower(r) {
		return q.Speaker + ", " + q.Title
	}
	return q.Title + " " + q.Speaker
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// HTML writes a standalone HTML page (no script, no external resources).
func HTML(w io.Writer, b domain.Briefs) error {
	return page.Execute(w, b)
}
