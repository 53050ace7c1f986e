package store

import (
	"errors"
	"reflect"
	"testing"

	"github.com/chorusnews/chorus/internal/domain"
)

func TestCanonicalURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://Example.com/a/b/?utm_source=x&b=2&a=1#frag", "https://example.com/a/b?a=1&b=2"},
		{"http://example.com:80", "http://example.com/"},
		{"https://example.com:8443/x", "https://example.com:8443/x"},
		{"https://user:pw@example.com/x?fbclid=1", "https://example.com/x"},
		{"ftp://example.com/x", ""},
		{"/relative/path", ""},
		{"  ", ""},
		{"http://[::1", ""},
	} {
		if got := CanonicalURL(tc.in); got != tc.want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestKeyOf(t *testing.T) {
	k, err := KeyOf(domain.Article{URL: "https://a.example/x", Hash: "h"})
	if err != nil || k != "url:https://a.example/x" {
		t.Errorf("URL key = %q %v", k, err)
	}
	k, err = KeyOf(domain.Article{URL: "not a url", Hash: "h"})
	if err != nil || k != "hash:h" {
		t.Errorf("hash key = %q %v", k, err)
	}
	if _, err := KeyOf(domain.Article{ID: "x"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("empty article key err = %v, want ErrInvalid", err)
	}
	a, b := IDOf("url:x"), IDOf("url:x")
	if a != b || a == IDOf("url:y") || len(a) != 17 {
		t.Errorf("IDOf not stable or not distinct: %q %q", a, IDOf("url:y"))
	}
}

func TestQueryWords(t *testing.T) {
	got := QueryWords(`Lavrov's "NEAR(x" Tillerson-meeting 89 Förde :*`)
	want := []string{"lavrov", "s", "near", "x", "tillerson", "meeting", "89", "förde"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("QueryWords = %q, want %q", got, want)
	}
	if n := len(QueryWords("a b c d e f g h i j k l m n o p q r s")); n != 16 {
		t.Errorf("QueryWords kept %d words, want 16", n)
	}
}
