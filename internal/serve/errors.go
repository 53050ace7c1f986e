package serve

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/chorusnews/chorus/internal/domain"
	"github.com/chorusnews/chorus/internal/store"
)

// Request error kinds; statusTable maps them (and the store's) to HTTP.
var (
	errBadRequest   = errors.New("bad request")
	errUnauthorized = errors.New("unauthorized")
	errTooLarge     = errors.New("request body too large")
	errMediaType    = errors.New("unsupported media type")
)

// statusTable is the one place that maps error kinds to HTTP status codes.
// The first entry whose error matches (errors.Is / errors.As) wins;
// anything else is a 500.
var statusTable = []struct {
	kind   error
	status int
}{
	{domain.ErrNotFound, http.StatusNotFound},
	{store.ErrInvalid, http.StatusBadRequest},
	{errBadRequest, http.StatusBadRequest},
	{errUnauthorized, http.StatusUnauthorized},
	{errTooLarge, http.StatusRequestEntityTooLarge},
	{errMediaType, http.StatusUnsupportedMediaType},
}

// statusOf returns the HTTP status for err.
func statusOf(err error) int {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	for _, e := range statusTable {
		if errors.Is(err, e.kind) {
			return e.status
		}
	}
	return http.StatusInternalServerError
}

type errorBody struct {
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte("\n"))
}

// apiError writes err as a JSON error with the status from statusTable.
// Internal errors are logged and not shown to the client.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	msg := err.Error()
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "internal error"
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="chorus"`)
	}
	writeJSON(w, status, errorBody{Error: msg})
}
