package jsonscan

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestExplain(t *testing.T) {
	type line struct {
		ID   string            `json:"doc_id"`
		Docs []json.RawMessage `json:"documents"`
		N    int               `json:"n"`
		On   bool              `json:"on"`
		Sub  struct {
			X float64 `json:"x"`
		} `json:"sub"`
	}
	for _, c := range []struct{ in, want string }{
		{`[1,2]`, "want an object, got an array"},
		{`"text"`, "want an object, got a string"},
		{`{"doc_id": 5}`, `"doc_id": want a string, got a number`},
		{`{"documents": "x"}`, `"documents": want a list, got a string`},
		{`{"n": 1.5}`, `"n": want a whole number, got a number 1.5`},
		{`{"on": "yes"}`, `"on": want true or false, got a string`},
		{`{"doc_id": true}`, `"doc_id": want a string, got true or false`},
		{`{"sub": {"x": []}}`, `"sub.x": want a number, got an array`},
	} {
		var l line
		err := Explain(json.Unmarshal([]byte(c.in), &l))
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: %v, want %q", c.in, err, c.want)
		}
	}
	var l line
	syntax := json.Unmarshal([]byte(`{"doc_id": `), &l)
	if got := Explain(syntax); !errors.Is(got, syntax) {
		t.Errorf("a syntax error was rewritten: %v", got)
	}
	if Explain(nil) != nil {
		t.Error("Explain(nil) is not nil")
	}
}
