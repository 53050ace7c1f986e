package serve

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages holds one parsed template set per page, each with the layout.
type pages struct {
	byName map[string]*template.Template
	cite   *template.Template
}

func loadPages() (*pages, error) {
	funcs := template.FuncMap{"join": strings.Join}
	base, err := template.New("base").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("serve: templates: %w", err)
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, name := range []string{"index", "story", "compare", "article", "notfound"} {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("serve: template %s: %w", name, err)
		}
		p.byName[name] = t
	}
	p.cite, err = template.New("cite").ParseFS(templateFS, "templates/cite.html")
	if err != nil {
		return nil, fmt.Errorf("serve: template cite: %w", err)
	}
	return p, nil
}

func staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFS, ".")
	fsrv := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fsrv.ServeHTTP(w, r)
	})
}

// bufPool recycles page buffers: a story page is tens of kilobytes, and
// growing a fresh buffer per request was a quarter of its allocations.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render executes a page into a buffer first so a template error never
// leaves half a page behind.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	s.renderCached(w, r, status, name, data, "")
}

// renderCached renders like render and, when cacheKey is not empty, keeps
// a copy of the page under that key.
func (s *Server) renderCached(w http.ResponseWriter, r *http.Request, status int, name string, data any, cacheKey string) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 {
			bufPool.Put(buf)
		}
	}()
	if err := s.pages.byName[name].ExecuteTemplate(buf, "layout", data); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if cacheKey != "" {
		s.cache.put(cacheKey, bytes.Clone(buf.Bytes()))
	}
	writeHTML(w, status, buf.Bytes())
}

func writeHTML(w http.ResponseWriter, status int, page []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(page)
}

// cachedStory serves a story page from the cache when the stored story
// has not changed since it was rendered. It returns the cache key (for
// renderCached) and the brief JSON when it could not.
func (s *Server) cachedStory(w http.ResponseWriter, r *http.Request, page string) (key string, brief []byte, done bool) {
	st, js, err := s.st.GetStory(r.Context(), r.PathValue("id"))
	if err != nil {
		s.uiError(w, r, err)
		return "", nil, true
	}
	key = page + "\x00" + st.ID + "\x00" + strconv.FormatInt(st.Updated.UnixNano(), 10)
	if html, ok := s.cache.get(key); ok {
		s.cacheHits.WithLabelValues("hit").Inc()
		writeHTML(w, http.StatusOK, html)
		return "", nil, true
	}
	s.cacheHits.WithLabelValues("miss").Inc()
	return key, js, false
}

// uiError renders an HTML error page with the status from statusTable.
func (s *Server) uiError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	msg := err.Error()
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "Something went wrong on our side."
	}
	s.render(w, r, status, "notfound", struct{ Query, Message string }{"", msg})
}

func (s *Server) uiNotFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.apiError(w, r, fmt.Errorf("no endpoint GET %s: %w", r.URL.Path, domain.ErrNotFound))
		return
	}
	s.uiError(w, r, fmt.Errorf("no page at %s: %w", r.URL.Path, domain.ErrNotFound))
}

type indexView struct {
	Query                  string
	Result                 store.SearchResult
	List                   store.StoryList
	Prev                   bool
	PrevOffset, NextOffset int
}

func (s *Server) uiIndex(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	v := indexView{Query: q}
	if len(q) > 500 {
		s.uiError(w, r, fmt.Errorf("%w: query longer than 500 bytes", errBadRequest))
		return
	}
	if q != "" {
		res, err := s.st.Search(r.Context(), store.Query{Text: q, Limit: 20})
		if err != nil {
			s.uiError(w, r, err)
			return
		}
		v.Result = res
		s.render(w, r, http.StatusOK, "index", v)
		return
	}
	p, err := decodePage(r.URL.Query())
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	v.List, err = s.st.ListStories(r.Context(), p)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	v.Prev = p.Offset > 0
	v.PrevOffset = max(0, p.Offset-p.Limit)
	v.NextOffset = p.Offset + p.Limit
	s.render(w, r, http.StatusOK, "index", v)
}

// citeView is one citation marker.
type citeView struct {
	N        int
	Article  string
	Source   string
	Title    string
	Sentence string // the cited sentence of the article, when the span is known
	Href     string // article page, sentence highlighted (works without JS)
	Fragment string // htmx: the source box's content
	Box      string // id of the source box the fragment goes into
}

type itemView struct {
	Text   string
	Direct bool
	Value  string
	Date   string
	Cites  template.HTML // the markers, built by citesHTML
	Box    string
}

// citesHTML writes the citation markers of one item. It is plain string
// building with html.EscapeString on every value (all attributes are
// double-quoted, hrefs are built from escaped path segments and numbers),
// because the story page has dozens of markers and html/template's
// contextual escaping of each attribute dominated its rendering time.
func citesHTML(cs []citeView) template.HTML {
	var b strings.Builder
	b.Grow(len(cs) * 320)
	for _, c := range cs {
		title := c.Title
		if c.Sentence != "" {
			title = c.Sentence
		}
		b.WriteString(`<a class="cite" href="`)
		b.WriteString(html.EscapeString(c.Href))
		b.WriteString(`" title="`)
		b.WriteString(html.EscapeString(c.Source + ": " + title))
		b.WriteString(`"`)
		if c.Fragment != "" && c.Box != "" {
			b.WriteString(` hx-get="`)
			b.WriteString(html.EscapeString(c.Fragment))
			b.WriteString(`" hx-target="#`)
			b.WriteString(html.EscapeString(c.Box))
			b.WriteString(`" hx-swap="innerHTML"`)
		}
		b.WriteString(` data-article="`)
		b.WriteString(html.EscapeString(c.Article))
		b.WriteString(`">[`)
		b.WriteString(strconv.Itoa(c.N))
		b.WriteString(`]</a>`)
	}
	return template.HTML(b.String())
}

type speakerView struct {
	Name, Title string
	Quotes      []itemView
}

type disagreementView struct {
	Quantity string
	Soft     bool
	Values   []itemView
}

type numberView struct {
	Quantity string
	Values   []itemView
}

type sourceView struct {
	domain.SourceRef
	N int
}

type entityGroup struct {
	Label    string
	Entities []domain.BriefEntity
}

type storyView struct {
	Query         string
	Brief         domain.Brief
	Sources       []sourceView
	Summary       []itemView
	Speakers      []speakerView
	Disagreements []disagreementView
	Numbers       []numberView
	Timeline      []itemView
	EntityGroups  []entityGroup
}

// storyData loads a story's brief and its articles' texts.
type storyData struct {
	brief    domain.Brief
	articles map[string]store.Article
	number   map[string]int
}

func (s *Server) loadStory(r *http.Request, js []byte) (storyData, error) {
	id := r.PathValue("id")
	var d storyData
	if err := json.Unmarshal(js, &d.brief); err != nil {
		return d, fmt.Errorf("story %q: stored brief is not valid JSON: %w", id, err)
	}
	arts, err := s.st.ArticlesOfStory(r.Context(), id)
	if err != nil {
		return d, err
	}
	d.articles = make(map[string]store.Article, len(arts))
	for _, a := range arts {
		d.articles[a.ID] = a
	}
	d.number = map[string]int{}
	for i, a := range d.brief.Articles {
		d.number[a.ID] = i + 1
	}
	return d, nil
}

// cites builds the markers for one cited item; box is the id of the
// item's source box.
func (d storyData) cites(ids []string, spans []domain.Citation, box string) []citeView {
	out := make([]citeView, 0, len(ids))
	for _, id := range ids {
		c := citeView{N: d.number[id], Article: id, Box: box, Href: "/articles/" + url.PathEscape(id)}
		if c.N == 0 {
			continue // cites an article the brief does not list
		}
		ref := d.brief.Articles[c.N-1]
		c.Source, c.Title = ref.Source, ref.Title
		if c.Source == "" {
			c.Source = "source " + strconv.Itoa(c.N)
		}
		q := url.Values{"article": {id}}
		for _, sp := range spans {
			if sp.Article != id {
				continue
			}
			if text, ok := spanText(d.articles[id].Text, sp.Span); ok {
				c.Sentence = text
				q.Set("start", strconv.Itoa(sp.Start))
				q.Set("end", strconv.Itoa(sp.End))
				c.Href += "?start=" + strconv.Itoa(sp.Start) + "&end=" + strconv.Itoa(sp.End) + "#hl"
			}
			break
		}
		c.Fragment = "/fragments/cite?" + q.Encode()
		out = append(out, c)
	}
	return out
}

func (s *Server) uiStory(w http.ResponseWriter, r *http.Request) {
	key, js, done := s.cachedStory(w, r, "story")
	if done {
		return
	}
	d, err := s.loadStory(r, js)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	b := d.brief
	v := storyView{Brief: b}
	v.Sources = numberedSources(b)
	boxes := 0
	box := func() string { boxes++; return "box-" + strconv.Itoa(boxes) }
	for _, sn := range b.Summary {
		id := box()
		v.Summary = append(v.Summary, itemView{Text: sn.Text, Cites: citesHTML(d.cites(sn.Citations, sn.Spans, id)), Box: id})
	}
	bySpeaker := map[string]int{}
	for _, q := range b.Quotes {
		name := q.Speaker
		if name == "" {
			name = "Unattributed"
		}
		i, ok := bySpeaker[name]
		if !ok {
			i = len(v.Speakers)
			bySpeaker[name] = i
			v.Speakers = append(v.Speakers, speakerView{Name: name, Title: q.Title})
		}
		if v.Speakers[i].Title == "" {
			v.Speakers[i].Title = q.Title
		}
		id := box()
		v.Speakers[i].Quotes = append(v.Speakers[i].Quotes, itemView{Text: q.Text, Direct: q.Direct, Cites: citesHTML(d.cites(q.Citations, q.Spans, id)), Box: id})
	}
	for _, dis := range b.Disagreements {
		dv := disagreementView{Quantity: dis.Quantity, Soft: dis.Soft}
		for _, val := range dis.Values {
			id := box()
			dv.Values = append(dv.Values, itemView{Value: val.Value, Text: val.Text, Cites: citesHTML(d.cites(val.Citations, val.Spans, id)), Box: id})
		}
		v.Disagreements = append(v.Disagreements, dv)
	}
	disputed := map[string]bool{}
	for _, dis := range b.Disagreements {
		disputed[dis.Quantity] = true
	}
	for _, n := range b.Numbers {
		if disputed[n.Quantity] {
			continue // shown side by side under the disagreements
		}
		nv := numberView{Quantity: n.Quantity}
		for _, val := range n.Values {
			nv.Values = append(nv.Values, itemView{Value: val.Value, Text: val.Text, Cites: citesHTML(d.cites(val.Citations, val.Spans, ""))})
		}
		v.Numbers = append(v.Numbers, nv)
	}
	for _, ev := range b.Timeline {
		id := box()
		v.Timeline = append(v.Timeline, itemView{Date: ev.Date, Text: ev.Text, Cites: citesHTML(d.cites(ev.Citations, ev.Spans, id)), Box: id})
	}
	groups := map[domain.EntityType]*entityGroup{
		domain.Person: {Label: "People"}, domain.Org: {Label: "Organisations"}, domain.Place: {Label: "Places"},
	}
	for _, e := range b.Entities {
		g, ok := groups[e.Type]
		if !ok {
			g = &entityGroup{Label: string(e.Type)}
			groups[e.Type] = g
		}
		g.Entities = append(g.Entities, e)
	}
	types := make([]string, 0, len(groups))
	for t := range groups {
		types = append(types, string(t))
	}
	sort.Strings(types)
	for _, t := range types {
		if g := groups[domain.EntityType(t)]; len(g.Entities) > 0 {
			v.EntityGroups = append(v.EntityGroups, *g)
		}
	}
	s.renderCached(w, r, http.StatusOK, "story", v, key)
}

type compareRow struct {
	Text  string
	Cells []bool
}

type compareColumn struct {
	sourceView
	Only   []string
	Values []string
}

type compareView struct {
	Query   string
	Brief   domain.Brief
	Sources []sourceView
	Rows    []compareRow
	Columns []compareColumn
}

func (s *Server) uiCompare(w http.ResponseWriter, r *http.Request) {
	key, js, done := s.cachedStory(w, r, "compare")
	if done {
		return
	}
	d, err := s.loadStory(r, js)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	b := d.brief
	v := compareView{Brief: b}
	v.Sources = numberedSources(b)
	for _, sn := range b.Summary {
		row := compareRow{Text: sn.Text, Cells: make([]bool, len(b.Articles))}
		for _, id := range sn.Citations {
			if n := d.number[id]; n > 0 {
				row.Cells[n-1] = true
			}
		}
		v.Rows = append(v.Rows, row)
	}
	for _, src := range v.Sources {
		col := compareColumn{sourceView: src}
		for _, ex := range b.Exclusives {
			if ex.Article == src.ID {
				col.Only = append(col.Only, ex.Sentences...)
			}
		}
		for _, n := range b.Numbers {
			for _, val := range n.Values {
				if contains(val.Citations, src.ID) {
					col.Values = append(col.Values, n.Quantity+": "+val.Value)
				}
			}
		}
		v.Columns = append(v.Columns, col)
	}
	s.renderCached(w, r, http.StatusOK, "compare", v, key)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

type segment struct {
	Text string
	Mark bool
}

type articleView struct {
	Query      string
	Article    store.Article
	Paragraphs [][]segment
}

// paragraphs splits text at blank lines and marks the bytes of hl.
func paragraphs(text string, hl domain.Span, mark bool) [][]segment {
	var out [][]segment
	pos := 0
	for _, para := range strings.Split(text, "\n\n") {
		start, end := pos, pos+len(para)
		pos = end + 2
		if strings.TrimSpace(para) == "" {
			continue
		}
		if !mark || hl.End <= start || hl.Start >= end {
			out = append(out, []segment{{Text: para}})
			continue
		}
		a, b := max(hl.Start, start)-start, min(hl.End, end)-start
		var segs []segment
		if a > 0 {
			segs = append(segs, segment{Text: para[:a]})
		}
		segs = append(segs, segment{Text: para[a:b], Mark: true})
		if b < len(para) {
			segs = append(segs, segment{Text: para[b:]})
		}
		out = append(out, segs)
	}
	return out
}

func (s *Server) uiArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.st.GetArticle(r.Context(), r.PathValue("id"))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	var hl domain.Span
	mark := false
	if q := r.URL.Query(); q.Get("start") != "" {
		q.Set("article", a.ID)
		if _, sp, err := decodeSpan(q); err == nil {
			if _, ok := spanText(a.Text, sp); ok {
				hl, mark = sp, true
			}
		}
	}
	s.render(w, r, http.StatusOK, "article", articleView{Article: a, Paragraphs: paragraphs(a.Text, hl, mark)})
}

// uiCite is the htmx fragment shown under an item when its citation is
// clicked: the cited sentence and a link to it in the article.
func (s *Server) uiCite(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	id := q.Get("article")
	var sp domain.Span
	if q.Get("start") != "" || q.Get("end") != "" {
		var err error
		if id, sp, err = decodeSpan(q); err != nil {
			s.uiError(w, r, err)
			return
		}
	}
	if id == "" {
		s.uiError(w, r, fmt.Errorf("%w: parameter \"article\" is missing", errBadRequest))
		return
	}
	a, err := s.st.GetArticle(r.Context(), id)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	v := struct {
		Article        store.Article
		Sentence, Lead string
		Href           string
	}{Article: a, Href: "/articles/" + url.PathEscape(a.ID)}
	if text, ok := spanText(a.Text, sp); ok {
		v.Sentence = text
		v.Href += "?start=" + strconv.Itoa(sp.Start) + "&end=" + strconv.Itoa(sp.End) + "#hl"
	} else if sp != (domain.Span{}) {
		s.uiError(w, r, fmt.Errorf("%w: span %d-%d is outside article %q", errBadRequest, sp.Start, sp.End, a.ID))
		return
	} else {
		v.Lead, _, _ = strings.Cut(a.Text, "\n\n")
		if len(v.Lead) > 400 {
			v.Lead = v.Lead[:strings.LastIndex(v.Lead[:400], " ")+1] + "…"
		}
	}
	var buf bytes.Buffer
	if err := s.pages.cite.ExecuteTemplate(&buf, "cite", v); err != nil {
		s.uiError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

// numberedSources lists a brief's articles numbered from 1, as the
// citation markers number them.
func numberedSources(b domain.Brief) []sourceView {
	out := make([]sourceView, 0, len(b.Articles))
	for i, a := range b.Articles {
		out = append(out, sourceView{SourceRef: a, N: i + 1})
	}
	return out
}
