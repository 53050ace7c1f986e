package serve

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/store"
	"github.com/chorusnews/chorus/internal/store/sqlite"
	"github.com/chorusnews/chorus/internal/store/storetest"
)

const token = "test-token-123"

// newTestServer serves three fabricated stories from a fresh SQLite file.
func newTestServer(t *testing.T) (*httptest.Server, store.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "chorus.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := storetest.LoadFake(ctx, st, 0, 3); err != nil {
		t.Fatal(err)
	}
	srv, err := New(st, Options{Token: token, MaxBodyBytes: 4096})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, st
}

func do(t *testing.T, method, url, body string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

func TestAPIReads(t *testing.T) {
	ts, _ := newTestServer(t)
	res, body := do(t, "GET", ts.URL+"/api/stories?limit=2", "", nil)
	if res.StatusCode != 200 {
		t.Fatalf("list: %d %s", res.StatusCode, body)
	}
	var page struct {
		Stories    []store.Story `json:"stories"`
		More       bool          `json:"more"`
		NextOffset *int          `json:"next_offset"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Stories) != 2 || page.Stories[0].ID != "story-2" || page.Stories[1].ID != "story-1" || !page.More || page.NextOffset == nil || *page.NextOffset != 2 {
		t.Errorf("first page = %+v", page)
	}
	_, body = do(t, "GET", ts.URL+"/api/stories?limit=2&offset=2", "", nil)
	page.NextOffset = nil
	json.Unmarshal(body, &page)
	if len(page.Stories) != 1 || page.Stories[0].ID != "story-0" || page.More || page.NextOffset != nil {
		t.Errorf("second page = %s", body)
	}

	res, body = do(t, "GET", ts.URL+"/api/stories/story-1", "", nil)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("story: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var b domain.Brief
	if err := json.Unmarshal(body, &b); err != nil {
		t.Fatalf("story body is not a brief: %v", err)
	}
	_, want := storetest.FakeStory(1)
	if b.ID != want.ID || b.Headline != want.Headline || len(b.Summary) != len(want.Summary) || len(b.Disagreements) != 1 {
		t.Errorf("brief = %+v", b)
	}

	res, body = do(t, "GET", ts.URL+"/api/articles/f1-0", "", nil)
	var a store.Article
	if res.StatusCode != 200 || json.Unmarshal(body, &a) != nil || a.ID != "f1-0" || a.StoryID != "story-1" || a.Text == "" {
		t.Errorf("article: %d %s", res.StatusCode, body)
	}

	res, body = do(t, "GET", ts.URL+"/api/search?q=Castelbrun+storms", "", nil)
	var sr store.SearchResult
	if res.StatusCode != 200 || json.Unmarshal(body, &sr) != nil || len(sr.Stories) != 1 || sr.Stories[0].ID != "story-1" || len(sr.Articles) == 0 {
		t.Errorf("search: %d %s", res.StatusCode, body)
	}

	res, body = do(t, "GET", ts.URL+"/healthz", "", nil)
	if res.StatusCode != 200 || !strings.Contains(string(body), `"ok"`) {
		t.Errorf("healthz: %d %s", res.StatusCode, body)
	}
	res, body = do(t, "GET", ts.URL+"/api/openapi.json", "", nil)
	var doc map[string]any
	if res.StatusCode != 200 || json.Unmarshal(body, &doc) != nil || doc["openapi"] != "3.0.3" {
		t.Errorf("openapi: %d", res.StatusCode)
	}
	paths, _ := doc["paths"].(map[string]any)
	for _, p := range []string{"/api/stories", "/api/stories/{id}", "/api/search", "/api/articles/{id}", "/api/articles", "/healthz", "/metrics"} {
		if paths[p] == nil {
			t.Errorf("openapi lacks %s", p)
		}
	}
	res, body = do(t, "GET", ts.URL+"/metrics", "", nil)
	if res.StatusCode != 200 || !strings.Contains(string(body), `chorus_http_requests_total{code="200",route="GET /api/stories"}`) {
		t.Errorf("metrics: %d, no request counter for GET /api/stories", res.StatusCode)
	}
}

func TestAPIErrors(t *testing.T) {
	ts, st := newTestServer(t)
	auth := map[string]string{"Authorization": "Bearer " + token, "Content-Type": "application/json"}
	big := `{"title":"x","text":"` + strings.Repeat("a", 5000) + `"}`
	for _, tc := range []struct {
		name, method, path, body string
		hdr                      map[string]string
		status                   int
		errPart                  string
	}{
		{"unknown story", "GET", "/api/stories/nope", "", nil, 404, "not found"},
		{"unknown article", "GET", "/api/articles/nope", "", nil, 404, "not found"},
		{"unknown endpoint", "GET", "/api/nothing", "", nil, 404, "not found"},
		{"wrong method", "DELETE", "/api/stories", "", nil, 405, "method not allowed"},
		{"bad limit", "GET", "/api/stories?limit=abc", "", nil, 400, `"limit"`},
		{"limit too big", "GET", "/api/stories?limit=100000", "", nil, 400, "limit"},
		{"negative offset", "GET", "/api/stories?offset=-1", "", nil, 400, "offset"},
		{"long query", "GET", "/api/search?q=" + strings.Repeat("a", 600), "", nil, 400, "query"},
		{"missing token", "POST", "/api/articles", `{"text":"x"}`, map[string]string{"Content-Type": "application/json"}, 401, "missing bearer token"},
		{"wrong token", "POST", "/api/articles", `{"text":"x"}`, map[string]string{"Authorization": "Bearer nope"}, 401, "wrong bearer token"},
		{"basic auth", "POST", "/api/articles", `{"text":"x"}`, map[string]string{"Authorization": "Basic " + token}, 401, "wrong bearer token"},
		{"malformed JSON", "POST", "/api/articles", `{"text": "x",`, auth, 400, "malformed JSON"},
		{"not an object", "POST", "/api/articles", `[1,2]`, auth, 400, "want an object, got an array"},
		{"wrong kind", "POST", "/api/articles", `{"text":"x","title":7}`, auth, 400, `"title": want a string, got a number`},
		{"unknown field", "POST", "/api/articles", `{"text":"x","colour":"red"}`, auth, 400, "colour"},
		{"trailing data", "POST", "/api/articles", `{"text":"x"} {"text":"y"}`, auth, 400, "after the JSON object"},
		{"empty body", "POST", "/api/articles", ``, auth, 400, "empty body"},
		{"empty text", "POST", "/api/articles", `{"title":"t","text":"  "}`, auth, 400, `"text" is empty`},
		{"bad date", "POST", "/api/articles", `{"text":"x","published":"last week"}`, auth, 400, "published"},
		{"bad url", "POST", "/api/articles", `{"text":"x","url":"javascript:alert(1)"}`, auth, 400, "url"},
		{"oversize", "POST", "/api/articles", big, auth, 413, "too large"},
		{"wrong media type", "POST", "/api/articles", `{"text":"x"}`, map[string]string{"Authorization": "Bearer " + token, "Content-Type": "text/plain"}, 415, "Content-Type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := do(t, tc.method, ts.URL+tc.path, tc.body, tc.hdr)
			if res.StatusCode != tc.status {
				t.Errorf("status = %d, want %d (%s)", res.StatusCode, tc.status, body)
			}
			var e errorBody
			if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
				t.Fatalf("body is not a JSON error: %q", body)
			}
			if !strings.Contains(e.Error, tc.errPart) {
				t.Errorf("error %q does not mention %q", e.Error, tc.errPart)
			}
		})
	}
	if n, _, _ := st.Counts(context.Background()); n != 12 {
		t.Errorf("bad requests changed the store: %d articles, want 12", n)
	}
}

func TestAPIPostArticleIsIdempotent(t *testing.T) {
	ts, st := newTestServer(t)
	auth := map[string]string{"Authorization": "Bearer " + token, "Content-Type": "application/json; charset=utf-8"}
	body := `{"title":"Tram depot reopens","text":"The tram depot in Quenby reopened on Friday.","url":"https://news.example/quenby-depot?utm_source=x","source":"Civic Times","published":"2017-05-02"}`
	res, b := do(t, "POST", ts.URL+"/api/articles", body, auth)
	if res.StatusCode != 201 {
		t.Fatalf("first post: %d %s", res.StatusCode, b)
	}
	var got struct {
		Created bool `json:"created"`
		store.Article
	}
	json.Unmarshal(b, &got)
	if !got.Created || got.Key != "url:https://news.example/quenby-depot" || res.Header.Get("Location") != "/api/articles/"+got.ID {
		t.Errorf("first post = %s (Location %q)", b, res.Header.Get("Location"))
	}
	res, b = do(t, "POST", ts.URL+"/api/articles", strings.Replace(body, "utm_source=x", "utm_source=y", 1), auth)
	if res.StatusCode != 200 || !strings.Contains(string(b), `"created":false`) {
		t.Errorf("second post: %d %s, want 200 and created false", res.StatusCode, b)
	}
	if n, _, _ := st.Counts(context.Background()); n != 13 {
		t.Errorf("articles = %d, want 13", n)
	}
	res, b = do(t, "GET", ts.URL+"/api/articles/"+got.ID, "", nil)
	if res.StatusCode != 200 || !strings.Contains(string(b), "Quenby reopened") {
		t.Errorf("get posted: %d %s", res.StatusCode, b)
	}
}

func TestStatusTable(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{domain.ErrNotFound, 404},
		{errors.Join(errors.New("x"), domain.ErrNotFound), 404},
		{store.ErrInvalid, 400},
		{errBadRequest, 400},
		{errUnauthorized, 401},
		{errTooLarge, 413},
		{&http.MaxBytesError{Limit: 1}, 413},
		{errMediaType, 415},
		{errors.New("disk on fire"), 500},
	} {
		if got := statusOf(tc.err); got != tc.want {
			t.Errorf("statusOf(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}

func TestInternalErrorsAreNotShown(t *testing.T) {
	ts, st := newTestServer(t)
	st.Close() // every store call now fails
	res, body := do(t, "GET", ts.URL+"/api/stories", "", nil)
	if res.StatusCode != 500 || strings.TrimSpace(string(body)) != `{"error":"internal error"}` {
		t.Errorf("closed store: %d %s", res.StatusCode, body)
	}
	res, _ = do(t, "GET", ts.URL+"/healthz", "", nil)
	if res.StatusCode != 500 {
		t.Errorf("healthz on a closed store: %d, want 500", res.StatusCode)
	}
}

func spanOf(text, part string) domain.Span {
	i := strings.Index(text, part)
	return domain.Span{Start: i, End: i + len(part)}
}
