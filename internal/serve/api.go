package serve

import (
	"fmt"
	"net/http"

	"github.com/chorusnews/chorus/internal/store"
)

func (s *Server) apiListStories(w http.ResponseWriter, r *http.Request) {
	p, err := decodePage(r.URL.Query())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	list, err := s.st.ListStories(r.Context(), p)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	type page struct {
		store.StoryList
		Limit      int  `json:"limit"`
		Offset     int  `json:"offset"`
		NextOffset *int `json:"next_offset,omitempty"`
	}
	out := page{StoryList: list, Limit: p.Limit, Offset: p.Offset}
	if list.More {
		n := p.Offset + p.Limit
		out.NextOffset = &n
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiGetStory(w http.ResponseWriter, r *http.Request) {
	_, brief, err := s.st.GetStory(r.Context(), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(brief)
	w.Write([]byte("\n"))
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	if len(q) > 500 {
		s.apiError(w, r, fmt.Errorf("%w: query longer than 500 bytes", errBadRequest))
		return
	}
	p, err := decodePage(r.URL.Query())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	res, err := s.st.Search(r.Context(), store.Query{Text: q, Limit: p.Limit})
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) apiGetArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.st.GetArticle(r.Context(), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

func (s *Server) apiPostArticle(w http.ResponseWriter, r *http.Request) {
	if err := checkToken(r, s.opt.Token); err != nil {
		s.apiError(w, r, err)
		return
	}
	a, err := readArticle(w, r, s.opt.MaxBodyBytes)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	stored, created, err := s.opt.Add(r.Context(), a)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
		w.Header().Set("Location", "/api/articles/"+stored.ID)
	}
	writeJSON(w, status, struct {
		Created bool `json:"created"`
		store.Article
	}{created, stored})
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openapiJSON)
}
