// Package serve is chorus's HTTP front: the JSON API (with its OpenAPI
// document), the server-rendered web UI (html/template, vendored htmx,
// readable without JavaScript), health and Prometheus metrics. It reads
// and writes through store.Store only and knows no database.
package serve

import (
	"context"
	"embed"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/store"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

//go:embed openapi.json
var openapiJSON []byte

//go:embed static
var staticFS embed.FS

// AddFunc stores one article posted to the API and updates the stories it
// touches; created is false when the article was already known.
type AddFunc func(ctx context.Context, a domain.Article) (stored store.Article, created bool, err error)

// Options configure a Server. Zero values get the defaults below.
type Options struct {
	// Token is the bearer token POST /api/articles requires. When empty,
	// posting is refused for everyone (401).
	Token string
	// MaxBodyBytes caps request bodies (default 1 MiB).
	MaxBodyBytes int64
	// Add handles POST /api/articles (default: store.UpsertArticle only).
	Add AddFunc
	// Logger receives one line per failed request (default: discard).
	Logger *slog.Logger
	// Registry receives the server's metrics (default: a new registry
	// with the Go and process collectors).
	Registry *prometheus.Registry
}

// DefaultMaxBodyBytes is the default request body limit.
const DefaultMaxBodyBytes = 1 << 20

// Server serves the API and the UI from a store.
type Server struct {
	st      store.Store
	opt     Options
	log     *slog.Logger
	pages   *pages
	reg     *prometheus.Registry
	reqs    *prometheus.CounterVec
	latency *prometheus.HistogramVec
}

// New returns a server reading st.
func New(st store.Store, opt Options) (*Server, error) {
	if opt.MaxBodyBytes <= 0 {
		opt.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Add == nil {
		opt.Add = func(ctx context.Context, a domain.Article) (store.Article, bool, error) {
			return st.UpsertArticle(ctx, store.Article{Article: a})
		}
	}
	reg := opt.Registry
	if reg == nil {
		reg = prometheus.NewRegistry()
		reg.MustRegister(prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	}
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	s := &Server{st: st, opt: opt, log: opt.Logger, pages: p, reg: reg,
		reqs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chorus_http_requests_total", Help: "HTTP requests by route pattern and status code.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "chorus_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .02, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	if err := reg.Register(s.reqs); err != nil {
		return nil, err
	}
	if err := reg.Register(s.latency); err != nil {
		return nil, err
	}
	return s, nil
}

// Handler returns the server's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	// API
	mux.HandleFunc("GET /api/stories", s.apiListStories)
	mux.HandleFunc("GET /api/stories/{id}", s.apiGetStory)
	mux.HandleFunc("GET /api/search", s.apiSearch)
	mux.HandleFunc("GET /api/articles/{id}", s.apiGetArticle)
	mux.HandleFunc("POST /api/articles", s.apiPostArticle)
	mux.HandleFunc("GET /api/openapi.json", s.apiOpenAPI)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{}))
	// UI
	mux.HandleFunc("GET /{$}", s.uiIndex)
	mux.HandleFunc("GET /stories/{id}", s.uiStory)
	mux.HandleFunc("GET /stories/{id}/compare", s.uiCompare)
	mux.HandleFunc("GET /articles/{id}", s.uiArticle)
	mux.HandleFunc("GET /fragments/cite", s.uiCite)
	mux.Handle("GET /static/", http.StripPrefix("/", staticHandler()))
	mux.HandleFunc("GET /", s.uiNotFound)
	return s.instrument(mux)
}

// statusWriter records the status code a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// instrument counts requests and their latency by route pattern and
// turns a handler panic into a 500 instead of a dropped connection.
func (s *Server) instrument(next *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request", "method", r.Method, "path", r.URL.Path, "panic", v)
				if sw.code == 0 {
					writeJSON(sw, http.StatusInternalServerError, errorBody{Error: "internal error"})
				}
			}
			_, route := next.Handler(r)
			if route == "" {
				route = "unmatched"
			}
			code := sw.code
			if code == 0 {
				code = http.StatusOK
			}
			s.reqs.WithLabelValues(route, strconv.Itoa(code)).Inc()
			s.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
		}()
		if h, pattern := next.Handler(r); pattern == "" && strings.HasPrefix(r.URL.Path, "/api/") {
			// No route or wrong method under /api/: answer in JSON too.
			rec := &headerRecorder{h: http.Header{}}
			h.ServeHTTP(rec, r)
			if allow := rec.h.Get("Allow"); allow != "" {
				sw.Header().Set("Allow", allow)
			}
			status := rec.code
			if status == 0 || status == http.StatusOK {
				status = http.StatusNotFound
			}
			writeJSON(sw, status, errorBody{Error: fmt.Sprintf("%s: %s %s", strings.ToLower(http.StatusText(status)), r.Method, r.URL.Path)})
			return
		}
		next.ServeHTTP(sw, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if _, _, err := s.st.Counts(r.Context()); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// headerRecorder captures the status and headers of the mux's own 404 and
// 405 handlers so that they can be re-sent as JSON.
type headerRecorder struct {
	h    http.Header
	code int
}

func (r *headerRecorder) Header() http.Header         { return r.h }
func (r *headerRecorder) Write(b []byte) (int, error) { return len(b), nil }
func (r *headerRecorder) WriteHeader(code int)        { r.code = code }
