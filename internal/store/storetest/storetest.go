// Package storetest is the conformance suite every store.Store backend
// must pass. Backends call Run from their own tests with a function that
// opens a fresh, empty store.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/store"
)

// Opener returns a new, empty store; the suite closes it.
type Opener func(t *testing.T) store.Store

// Run runs every conformance test against stores from open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Store)
	}{
		{"UpsertIsIdempotent", testUpsertIdempotent},
		{"ArticleRoundTrip", testArticleRoundTrip},
		{"KeyFromURLOrHash", testKeys},
		{"NotFound", testNotFound},
		{"InvalidInput", testInvalid},
		{"PutBriefAndGetStory", testPutBrief},
		{"PutBriefIsAtomic", testPutBriefAtomic},
		{"PutBriefMovesArticles", testPutBriefMoves},
		{"ListStoriesNewestFirstPaginated", testListStories},
		{"DeleteStory", testDeleteStory},
		{"Search", testSearch},
		{"SearchHostileQueries", testSearchHostile},
		{"ConcurrentUpsertsOfOneKey", testConcurrentUpserts},
		{"LockIsExclusive", testLock},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tc.fn(t, s)
		})
	}
}

var day = time.Date(2017, 4, 12, 9, 30, 0, 0, time.UTC)

// article fabricates an article of our own writing.
func article(id, source, title, text string, published time.Time) store.Article {
	return store.Article{Article: domain.Article{
		ID: id, Source: source, Title: title, Text: text, Published: published,
		Path: "testdata/" + id + ".txt", Hash: "h-" + id, Language: "en",
	}}
}

func mustUpsert(t *testing.T, s store.Store, a store.Article) store.Article {
	t.Helper()
	got, _, err := s.UpsertArticle(context.Background(), a)
	if err != nil {
		t.Fatalf("UpsertArticle(%s): %v", a.ID, err)
	}
	return got
}

func brief(id, headline string, articles ...string) domain.Brief {
	b := domain.Brief{ID: id, Headline: headline, Start: "2017-04-12", End: "2017-04-13",
		Quotes: []domain.BriefQuote{}, Entities: []domain.BriefEntity{}, Disagreements: []domain.Disagreement{}, Timeline: []domain.TimelineEvent{}}
	for _, a := range articles {
		b.Articles = append(b.Articles, domain.SourceRef{ID: a, Source: "src-" + a, Title: "title " + a, Path: a + ".txt"})
	}
	b.Summary = []domain.SummarySentence{{Text: headline + ".", Citations: articles}}
	return b
}

func testUpsertIdempotent(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := article("a1", "Harbour Post", "Ferry strike ends", "The ferry strike ended on Tuesday after nine days.", day)
	got, created, err := s.UpsertArticle(ctx, a)
	if err != nil || !created {
		t.Fatalf("first upsert: created=%v err=%v, want true, nil", created, err)
	}
	if got.Key != "hash:h-a1" || got.ID != "a1" {
		t.Fatalf("first upsert stored key %q id %q, want hash:h-a1, a1", got.Key, got.ID)
	}
	// The same article again, even under another id and path, is the same article.
	again := a
	again.ID = "other-id"
	again.Path = "elsewhere/a1.txt"
	got2, created, err := s.UpsertArticle(ctx, again)
	if err != nil || created {
		t.Fatalf("second upsert: created=%v err=%v, want false, nil", created, err)
	}
	if got2.ID != "a1" || got2.Path != a.Path {
		t.Fatalf("second upsert returned id %q path %q, want the stored a1 %q", got2.ID, got2.Path, a.Path)
	}
	n, _, err := s.Counts(ctx)
	if err != nil || n != 1 {
		t.Fatalf("Counts = %d, %v; want 1 article", n, err)
	}
}

func testArticleRoundTrip(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := article("", "Ostsee-Kurier", "Brücke über die Förde öffnet", "Die neue Brücke öffnet am Montag – 12 Monate später als geplant. «Endlich», sagte die Bürgermeisterin.", day.Add(90*time.Minute))
	a.URL = "https://Example.org/news/bruecke/?utm_source=feed#top"
	a.Byline = "K. Jensen"
	a.Removed = 3
	got := mustUpsert(t, s, a)
	if got.ID == "" || got.Key != "url:https://example.org/news/bruecke" {
		t.Fatalf("stored id %q key %q; want a derived id and the canonical URL key", got.ID, got.Key)
	}
	back, err := s.GetArticle(ctx, got.ID)
	if err != nil {
		t.Fatalf("GetArticle: %v", err)
	}
	if back.Added.IsZero() {
		t.Errorf("Added is zero")
	}
	if !back.Published.Equal(a.Published) {
		t.Errorf("Published = %v, want %v", back.Published, a.Published)
	}
	want := a.Article
	want.ID = got.ID
	have := back.Article
	have.Published, want.Published = time.Time{}, time.Time{}
	if !reflect.DeepEqual(have, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", have, want)
	}
	if back.StoryID != "" {
		t.Errorf("new article has story %q, want none", back.StoryID)
	}
	undated := mustUpsert(t, s, article("u1", "X", "Undated", "No date on this one.", time.Time{}))
	back, err = s.GetArticle(ctx, undated.ID)
	if err != nil || !back.Published.IsZero() {
		t.Errorf("undated article: published %v err %v; want zero time", back.Published, err)
	}
}

func testKeys(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := article("k1", "A", "T", "Same words.", day)
	a.URL = "http://example.com/story?id=7&utm_medium=x"
	b := article("k2", "B", "T", "Different words, same page.", day)
	b.URL = "HTTP://EXAMPLE.COM:80/story?id=7#comments"
	mustUpsert(t, s, a)
	got, created, err := s.UpsertArticle(ctx, b)
	if err != nil || created || got.ID != "k1" {
		t.Fatalf("same canonical URL: id %q created %v err %v; want k1, false, nil", got.ID, created, err)
	}
	// Without URL and hash, the text decides.
	c := article("k3", "C", "T", "Only text here.", day)
	c.Hash = ""
	d := c
	d.ID = "k4"
	mustUpsert(t, s, c)
	got, created, err = s.UpsertArticle(ctx, d)
	if err != nil || created || got.ID != "k3" {
		t.Fatalf("same text: id %q created %v err %v; want k3, false, nil", got.ID, created, err)
	}
}

func testNotFound(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, err := s.GetArticle(ctx, "nope"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("GetArticle(nope) err = %v, want ErrNotFound", err)
	}
	if _, _, err := s.GetStory(ctx, "nope"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("GetStory(nope) err = %v, want ErrNotFound", err)
	}
	if _, err := s.ArticlesOfStory(ctx, "nope"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("ArticlesOfStory(nope) err = %v, want ErrNotFound", err)
	}
	if err := s.DeleteStory(ctx, "nope"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("DeleteStory(nope) err = %v, want ErrNotFound", err)
	}
	if err := s.PutBrief(ctx, brief("s1", "Ghost", "missing-article")); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("PutBrief with unknown article err = %v, want ErrNotFound", err)
	}
}

func testInvalid(t *testing.T, s store.Store) {
	ctx := context.Background()
	empty := store.Article{Article: domain.Article{ID: "e"}}
	if _, _, err := s.UpsertArticle(ctx, empty); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("UpsertArticle(no url, no text) err = %v, want ErrInvalid", err)
	}
	if err := s.PutBrief(ctx, domain.Brief{Headline: "no id"}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("PutBrief(no id) err = %v, want ErrInvalid", err)
	}
	for _, p := range []store.Page{{Limit: -1}, {Limit: store.MaxLimit + 1}, {Offset: -5}} {
		if _, err := s.ListStories(ctx, p); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("ListStories(%+v) err = %v, want ErrInvalid", p, err)
		}
	}
	mustUpsert(t, s, article("dup", "A", "T", "one", day))
	clash := article("dup", "B", "T", "two", day)
	clash.Hash = "h-another"
	if _, _, err := s.UpsertArticle(ctx, clash); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("UpsertArticle with an id taken by another key err = %v, want ErrInvalid", err)
	}
}

func testPutBrief(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustUpsert(t, s, article("p2", "B", "Later", "Second report.", day.Add(24*time.Hour)))
	mustUpsert(t, s, article("p1", "A", "Earlier", "First report.", day))
	b := brief("s1", "Ferry strike ends after nine days", "p1", "p2")
	b.Quotes = []domain.BriefQuote{{Speaker: "Mara Lind", Text: "We got what we came for", Direct: true, Citations: []string{"p1"},
		Spans: []domain.Citation{{Article: "p1", Span: domain.Span{Start: 3, End: 9}}}}}
	if err := s.PutBrief(ctx, b); err != nil {
		t.Fatalf("PutBrief: %v", err)
	}
	st, js, err := s.GetStory(ctx, "s1")
	if err != nil {
		t.Fatalf("GetStory: %v", err)
	}
	if st.Headline != b.Headline || st.Articles != 2 || st.Start != "2017-04-12" || st.End != "2017-04-13" {
		t.Errorf("story row = %+v", st)
	}
	if !st.Latest.Equal(day.Add(24 * time.Hour)) {
		t.Errorf("Latest = %v, want %v", st.Latest, day.Add(24*time.Hour))
	}
	var back domain.Brief
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatalf("stored brief is not JSON: %v", err)
	}
	if !reflect.DeepEqual(back, b) {
		t.Errorf("brief round trip:\n got %+v\nwant %+v", back, b)
	}
	arts, err := s.ArticlesOfStory(ctx, "s1")
	if err != nil {
		t.Fatalf("ArticlesOfStory: %v", err)
	}
	if len(arts) != 2 || arts[0].ID != "p1" || arts[1].ID != "p2" || arts[0].StoryID != "s1" {
		t.Errorf("ArticlesOfStory = %v, want p1, p2 of s1", ids(arts))
	}
	a, _ := s.GetArticle(ctx, "p1")
	if a.StoryID != "s1" {
		t.Errorf("p1 story = %q, want s1", a.StoryID)
	}
	// Replacing the brief replaces membership.
	if err := s.PutBrief(ctx, brief("s1", "Ferry strike over", "p2")); err != nil {
		t.Fatalf("PutBrief replace: %v", err)
	}
	arts, _ = s.ArticlesOfStory(ctx, "s1")
	if len(arts) != 1 || arts[0].ID != "p2" {
		t.Errorf("after replace ArticlesOfStory = %v, want p2", ids(arts))
	}
	if a, _ := s.GetArticle(ctx, "p1"); a.StoryID != "" {
		t.Errorf("p1 still in story %q after replace", a.StoryID)
	}
	_, nst, _ := s.Counts(ctx)
	if nst != 1 {
		t.Errorf("stories = %d, want 1", nst)
	}
}

func testPutBriefAtomic(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustUpsert(t, s, article("x1", "A", "T", "text one", day))
	if err := s.PutBrief(ctx, brief("s1", "Old headline", "x1")); err != nil {
		t.Fatal(err)
	}
	if err := s.PutBrief(ctx, brief("s1", "New headline", "x1", "unknown")); err == nil {
		t.Fatal("PutBrief with an unknown article succeeded")
	}
	st, _, err := s.GetStory(ctx, "s1")
	if err != nil || st.Headline != "Old headline" || st.Articles != 1 {
		t.Errorf("after a failed PutBrief story = %+v, %v; want the old one unchanged", st, err)
	}
	if a, _ := s.GetArticle(ctx, "x1"); a.StoryID != "s1" {
		t.Errorf("after a failed PutBrief x1 story = %q, want s1", a.StoryID)
	}
}

func testPutBriefMoves(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustUpsert(t, s, article("m1", "A", "T", "text one", day))
	mustUpsert(t, s, article("m2", "B", "T", "text two", day))
	if err := s.PutBrief(ctx, brief("s1", "One", "m1", "m2")); err != nil {
		t.Fatal(err)
	}
	if err := s.PutBrief(ctx, brief("s2", "Two", "m2")); err != nil {
		t.Fatal(err)
	}
	st, _, _ := s.GetStory(ctx, "s1")
	if st.Articles != 1 {
		t.Errorf("s1 has %d articles after m2 moved away, want 1", st.Articles)
	}
	arts, _ := s.ArticlesOfStory(ctx, "s2")
	if len(arts) != 1 || arts[0].ID != "m2" {
		t.Errorf("s2 articles = %v, want m2", ids(arts))
	}
}

func testListStories(t *testing.T, s store.Store) {
	ctx := context.Background()
	const n = 7
	for i := range n {
		id := fmt.Sprintf("l%d", i)
		mustUpsert(t, s, article(id, "A", "T", "story text "+id, day.Add(time.Duration(i)*time.Hour)))
		if err := s.PutBrief(ctx, brief("s"+id, "Story "+id, id)); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for off := 0; ; off += 3 {
		list, err := s.ListStories(ctx, store.Page{Limit: 3, Offset: off})
		if err != nil {
			t.Fatalf("ListStories: %v", err)
		}
		for _, st := range list.Stories {
			got = append(got, st.ID)
		}
		if !list.More {
			break
		}
		if off > n {
			t.Fatal("More never turns false")
		}
	}
	want := []string{"sl6", "sl5", "sl4", "sl3", "sl2", "sl1", "sl0"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stories = %v, want %v", got, want)
	}
	list, err := s.ListStories(ctx, store.Page{})
	if err != nil || len(list.Stories) != n || list.More {
		t.Errorf("default page: %d stories more=%v err=%v", len(list.Stories), list.More, err)
	}
	list, err = s.ListStories(ctx, store.Page{Offset: 100})
	if err != nil || len(list.Stories) != 0 || list.Stories == nil {
		t.Errorf("past the end: %v %v, want an empty non-nil list", list.Stories, err)
	}
}

func testDeleteStory(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustUpsert(t, s, article("d1", "A", "T", "text", day))
	if err := s.PutBrief(ctx, brief("s1", "Gone soon", "d1")); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteStory(ctx, "s1"); err != nil {
		t.Fatalf("DeleteStory: %v", err)
	}
	if _, _, err := s.GetStory(ctx, "s1"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("deleted story still found: %v", err)
	}
	a, err := s.GetArticle(ctx, "d1")
	if err != nil || a.StoryID != "" {
		t.Errorf("article of deleted story: %+v %v; want kept, unclustered", a.StoryID, err)
	}
	if res, _ := s.Search(ctx, store.Query{Text: "gone", Limit: 10}); len(res.Stories) != 0 {
		t.Errorf("search still finds deleted story: %+v", res.Stories)
	}
}

func testSearch(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustUpsert(t, s, article("f1", "Harbour Post", "Ferry workers strike", "Ferry workers walked out over pay. The missiles of the navy played no part.", day))
	mustUpsert(t, s, article("f2", "Valley News", "Orchard harvest", "Apple growers expect a large harvest this autumn.", day))
	mustUpsert(t, s, article("f3", "Coast Daily", "Pay talks", "Talks between the ferry operator and unions resume.", day.Add(time.Hour)))
	if err := s.PutBrief(ctx, brief("s-ferry", "Ferry strike over pay", "f1", "f3")); err != nil {
		t.Fatal(err)
	}
	if err := s.PutBrief(ctx, brief("s-apple", "Record apple harvest", "f2")); err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(ctx, store.Query{Text: "ferry", Limit: 10})
	if err != nil {
		t.Fatalf("Search: %v", err)
	}
	if len(res.Stories) != 1 || res.Stories[0].ID != "s-ferry" {
		t.Errorf("stories for ferry = %+v, want s-ferry", res.Stories)
	}
	got := map[string]bool{}
	for _, h := range res.Articles {
		got[h.ID] = true
		if h.Snippet == "" {
			t.Errorf("hit %s has no snippet", h.ID)
		}
	}
	if len(res.Articles) != 2 || !got["f1"] || !got["f3"] {
		t.Errorf("articles for ferry = %+v, want f1 and f3", res.Articles)
	}
	// Stemming: "missile" finds "missiles", "harvesting" finds "harvest".
	res, _ = s.Search(ctx, store.Query{Text: "missile", Limit: 10})
	if len(res.Articles) != 1 || res.Articles[0].ID != "f1" || res.Articles[0].StoryID != "s-ferry" {
		t.Errorf("articles for missile = %+v, want f1 in s-ferry", res.Articles)
	}
	res, _ = s.Search(ctx, store.Query{Text: "Harvesting", Limit: 10})
	if len(res.Stories) != 1 || res.Stories[0].ID != "s-apple" {
		t.Errorf("stories for Harvesting = %+v, want s-apple", res.Stories)
	}
	// All words are required.
	res, _ = s.Search(ctx, store.Query{Text: "ferry apple", Limit: 10})
	if len(res.Articles) != 0 || len(res.Stories) != 0 {
		t.Errorf("ferry apple matched %+v", res)
	}
	res, err = s.Search(ctx, store.Query{Text: "   ", Limit: 10})
	if err != nil || len(res.Articles) != 0 || res.Articles == nil || res.Stories == nil {
		t.Errorf("blank query: %+v %v; want empty non-nil lists", res, err)
	}
	res, _ = s.Search(ctx, store.Query{Text: "ferry", Limit: 1})
	if len(res.Articles) != 1 {
		t.Errorf("limit 1 gave %d articles", len(res.Articles))
	}
	// Any: either word.
	res, _ = s.Search(ctx, store.Query{Text: "orchard unions zebra", Any: true, Limit: 10})
	got = map[string]bool{}
	for _, h := range res.Articles {
		got[h.ID] = true
	}
	if len(res.Articles) != 2 || !got["f2"] || !got["f3"] {
		t.Errorf("any of orchard/unions = %+v, want f2 and f3", res.Articles)
	}
	for _, anyWord := range []bool{false, true} {
		if _, err := s.Search(ctx, store.Query{Text: "the of and a", Any: anyWord}); err != nil {
			t.Errorf("stop words only (any=%v): %v", anyWord, err)
		}
	}
}

func testSearchHostile(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustUpsert(t, s, article("h1", "A", "Quotes \"here\"", "It's a test: NEAR(a b) AND OR NOT * ^ -x 'single' & | ! :* \\", day))
	for _, q := range []string{`"`, `NEAR(`, `a*`, `title:x`, `AND`, `-`, `'`, `)(`, `\`, "\x00", `& | ! :*`, "🙂", `'; DROP TABLE articles; --`} {
		for _, anyWord := range []bool{false, true} {
			if _, err := s.Search(ctx, store.Query{Text: q, Limit: 5, Any: anyWord}); err != nil {
				t.Errorf("Search(%q, any=%v): %v", q, anyWord, err)
			}
		}
	}
	if n, _, _ := s.Counts(ctx); n != 1 {
		t.Errorf("articles after hostile searches = %d, want 1", n)
	}
}

func testConcurrentUpserts(t *testing.T, s store.Store) {
	ctx := context.Background()
	const workers = 8
	var wg sync.WaitGroup
	created := make(chan bool, workers)
	errs := make(chan error, workers)
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := article(fmt.Sprintf("c%d", i), "A", "Same", "The same article delivered eight times.", day)
			a.Hash = "same-hash"
			_, c, err := s.UpsertArticle(ctx, a)
			created <- c
			errs <- err
		}()
	}
	wg.Wait()
	close(created)
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent upsert: %v", err)
		}
	}
	n := 0
	for c := range created {
		if c {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d upserts reported created, want 1", n)
	}
	if na, _, _ := s.Counts(ctx); na != 1 {
		t.Errorf("articles = %d, want 1", na)
	}
}

// testLock: a store that is a Locker gives a named lock to one holder at
// a time, lets another name be taken meanwhile, and stops waiting when the
// waiter's context is cancelled.
func testLock(t *testing.T, s store.Store) {
	l, ok := s.(store.Locker)
	if !ok {
		t.Skip("this store is not a Locker")
	}
	ctx := context.Background()
	unlock, err := l.Lock(ctx, "stories")
	if err != nil {
		t.Fatalf("Lock: %v", err)
	}
	other, err := l.Lock(ctx, "another name")
	if err != nil {
		t.Fatalf("Lock of another name while the first is held: %v", err)
	}
	other()
	short, cancel := context.WithCancel(ctx)
	got := make(chan error, 1)
	go func() {
		u, err := l.Lock(short, "stories")
		if err == nil {
			u()
		}
		got <- err
	}()
	cancel()
	if err := <-got; err == nil {
		t.Error("Lock of a held name returned with a cancelled context, want an error")
	}
	acquired := make(chan func(), 1)
	go func() {
		u, err := l.Lock(ctx, "stories")
		if err != nil {
			t.Errorf("Lock after release: %v", err)
			acquired <- func() {}
			return
		}
		acquired <- u
	}()
	time.Sleep(20 * time.Millisecond) // give the waiter a chance to (wrongly) get it
	select {
	case u := <-acquired:
		u()
		t.Fatal("a second holder got the lock while the first held it")
	default:
	}
	unlock()
	(<-acquired)()
}

func ids(as []store.Article) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.ID
	}
	return out
}
