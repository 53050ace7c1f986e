package update

import (
	"context"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/store"
	"github.com/chorusnews/chorus/internal/store/sqlite"
)

// byFirstWord is a test Briefer: articles whose titles share their first
// word form one story; it records what it was asked to brief.
type byFirstWord struct{ calls [][]string }

func (b *byFirstWord) brief(ctx context.Context, arts []domain.Article) ([]domain.Brief, error) {
	var ids []string
	groups := map[string][]domain.Article{}
	for _, a := range arts {
		ids = append(ids, a.ID)
		w := strings.ToLower(strings.Fields(a.Title)[0])
		groups[w] = append(groups[w], a)
	}
	sort.Strings(ids)
	b.calls = append(b.calls, ids)
	var keys []string
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []domain.Brief
	for _, k := range keys {
		g := groups[k]
		sort.Slice(g, func(i, j int) bool { return g[i].Title < g[j].Title })
		br := domain.Brief{ID: "tmp-" + k, Headline: g[0].Title}
		for _, a := range g {
			br.Articles = append(br.Articles, domain.SourceRef{ID: a.ID, Title: a.Title, Source: a.Source})
			br.Summary = append(br.Summary, domain.SummarySentence{Text: a.Text, Citations: []string{a.ID}})
		}
		out = append(out, br)
	}
	return out, nil
}

func art(title, text string, day int) domain.Article {
	return domain.Article{ID: "path-id", Title: title, Text: text, Source: "Test Wire",
		Published: time.Date(2017, 4, day, 0, 0, 0, 0, time.UTC), Path: "in/" + title + ".txt"}
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { c.t = c.t.Add(time.Second); return c.t }

func setup(t *testing.T) (*Updater, *byFirstWord, store.Store) {
	c := &clock{t: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "u.db"), sqlite.WithClock(c.now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	b := &byFirstWord{}
	return &Updater{Store: st, Brief: b.brief}, b, st
}

func snapshot(t *testing.T, st store.Store) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	list, err := st.ListStories(ctx, store.Page{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list.Stories {
		row, js, err := st.GetStory(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		arts, _ := st.ArticlesOfStory(ctx, s.ID)
		var ids []string
		for _, a := range arts {
			ids = append(ids, a.ID)
		}
		out[s.ID] = row.Updated.String() + "|" + strings.Join(ids, ",") + "|" + string(js)
	}
	return out
}

func TestAddIsIncrementalAndIdempotent(t *testing.T) {
	ctx := context.Background()
	u, b, st := setup(t)
	first := []domain.Article{
		art("Ferry strike begins", "Ferry crews in Norrvik walked out.", 10),
		art("Ferry talks stall", "Talks between ferry crews and owners stalled.", 11),
		art("Apple harvest record", "Growers picked a record apple crop.", 10),
	}
	rep, err := u.Add(ctx, first, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.New != 3 || rep.Known != 0 || len(rep.Stories) != 2 {
		t.Fatalf("first add: %+v", rep)
	}
	before := snapshot(t, st)

	// The same articles again (even from other paths) change nothing.
	again := append([]domain.Article(nil), first...)
	for i := range again {
		again[i].Path = "elsewhere/" + again[i].Path
	}
	calls := len(b.calls)
	rep, err = u.Add(ctx, again, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.New != 0 || rep.Known != 3 || len(rep.Stories) != 0 || len(b.calls) != calls {
		t.Errorf("second add: %+v, briefer called %d more times", rep, len(b.calls)-calls)
	}
	if after := snapshot(t, st); !reflect.DeepEqual(after, before) {
		t.Errorf("re-adding changed the store:\nbefore %v\nafter  %v", before, after)
	}

	// A new ferry article joins the ferry story; the apple story is not touched.
	var ferryID, appleID string
	for id, v := range before {
		if strings.Contains(v, "Apple harvest") {
			appleID = id
		} else {
			ferryID = id
		}
	}
	rep, err = u.Add(ctx, []domain.Article{art("Ferry strike ends", "The ferry strike in Norrvik ended.", 12)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.New != 1 || !reflect.DeepEqual(rep.Stories, []string{ferryID}) || len(rep.Deleted) != 0 {
		t.Errorf("third add: %+v, want only %s rewritten", rep, ferryID)
	}
	last := b.calls[len(b.calls)-1]
	if len(last) != 3 {
		t.Errorf("briefer saw %v, want the 2 ferry articles and the new one", last)
	}
	after := snapshot(t, st)
	if after[appleID] != before[appleID] {
		t.Errorf("apple story changed")
	}
	// An article that joins no existing story leaves the others unwritten,
	// even when they were candidates (shared words) and briefed again.
	rep, err = u.Add(ctx, []domain.Article{art("Orchard ferry fares", "Ferry fares for orchard workers and apple pickers.", 13)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.New != 1 || len(rep.Stories) != 1 || rep.Stories[0] == ferryID || rep.Stories[0] == appleID {
		t.Errorf("fourth add: %+v, want only a new story written", rep)
	}
	if last := b.calls[len(b.calls)-1]; len(last) < 2 {
		t.Errorf("briefer saw %v, want the candidates too", last)
	}
	if now := snapshot(t, st); now[appleID] != after[appleID] || now[ferryID] != after[ferryID] {
		t.Errorf("untouched candidate stories were rewritten")
	}
	arts, _ := st.ArticlesOfStory(ctx, ferryID)
	if len(arts) != 3 {
		t.Errorf("ferry story has %d articles, want 3", len(arts))
	}
	if n, ns, _ := st.Counts(ctx); n != 5 || ns != 3 {
		t.Errorf("counts = %d articles, %d stories; want 5, 3", n, ns)
	}
}

func TestAddBriefsArticlesLeftUnstoriedByACrash(t *testing.T) {
	ctx := context.Background()
	u, _, st := setup(t)
	// A crash after storing the article but before its story was written.
	a := art("Bridge reopens", "The bridge reopened on Monday.", 3)
	if _, _, err := st.UpsertArticle(ctx, store.Article{Article: domain.Article{Title: a.Title, Text: a.Text, Source: a.Source, Published: a.Published}}); err != nil {
		t.Fatal(err)
	}
	rep, err := u.Add(ctx, []domain.Article{a}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.New != 0 || rep.Known != 1 || len(rep.Stories) != 1 {
		t.Errorf("rerun after crash: %+v, want the known article briefed", rep)
	}
	if n, ns, _ := st.Counts(ctx); n != 1 || ns != 1 {
		t.Errorf("counts = %d, %d; want 1 article in 1 story", n, ns)
	}
}

func TestAddMergesStoriesKeepingOneID(t *testing.T) {
	ctx := context.Background()
	u, _, st := setup(t)
	if _, err := u.Add(ctx, []domain.Article{art("Harbour fire", "Fire at the harbour.", 1)}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := u.Add(ctx, []domain.Article{art("Dock fire", "Fire at the dock near the harbour.", 1)}, nil); err != nil {
		t.Fatal(err)
	}
	if _, ns, _ := st.Counts(ctx); ns != 2 {
		t.Fatalf("stories = %d, want 2", ns)
	}
	// Now a briefer that puts every article into one story.
	u.Brief = func(ctx context.Context, arts []domain.Article) ([]domain.Brief, error) {
		b := domain.Brief{ID: "x", Headline: "Fires"}
		for _, a := range arts {
			b.Articles = append(b.Articles, domain.SourceRef{ID: a.ID})
		}
		return []domain.Brief{b}, nil
	}
	rep, err := u.Add(ctx, []domain.Article{art("Fire harbour dock update", "Harbour and dock fire update.", 2)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Stories) != 1 || len(rep.Deleted) != 1 {
		t.Errorf("merge: %+v, want one story kept and one deleted", rep)
	}
	if n, ns, _ := st.Counts(ctx); n != 3 || ns != 1 {
		t.Errorf("counts = %d, %d; want 3 articles in 1 story", n, ns)
	}
}
