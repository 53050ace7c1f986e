package analyze

import (
	"reflect"
	"testing"
)

func TestTokens(t *testing.T) {
	text := "The U.S. fired 59 missiles, 3.5 tons; al-Assad didn’t (1,200) AT&T."
	type tok struct {
		Text       string
		Start, End int
		Lower      string
	}
	var got []tok
	for _, k := range Tokens(text) {
		got = append(got, tok{k.Text, k.Start, k.End, k.Lower})
	}
	want := []tok{
		{"The", 0, 3, "the"},
		{"U.S.", 4, 8, "u.s."},
		{"fired", 9, 14, "fired"},
		{"59", 15, 17, "59"},
		{"missiles", 18, 26, "missiles"},
		{"3.5", 28, 31, "3.5"},
		{"tons", 32, 36, "tons"},
		{"al-Assad", 38, 46, "al-assad"},
		{"didn’t", 47, 55, "didn't"},
		{"1,200", 57, 62, "1,200"},
		{"AT&T", 64, 68, "at&t"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Tokens:\n got %+v\nwant %+v", got, want)
	}
}
