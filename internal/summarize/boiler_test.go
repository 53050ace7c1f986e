package summarize

import (
	"bytes"
	"testing"
)

func TestEmbeddedBoilerplate(t *testing.T) {
	s, err := ReadBoilerplate(bytes.NewReader(boilerBin))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.sentences) < 50 || len(s.firsts) == 0 || len(s.firsts) > len(s.sentences) {
		t.Fatalf("embedded set: %d sentences, %d first tokens", len(s.sentences), len(s.firsts))
	}
	for _, clean := range []string{
		"The Harlow Bridge in Port Elsby was closed on Tuesday after a grain barge struck one of its piers.",
		"Engineers said the inspection of the central span could take a week.",
	} {
		if s.has(clean) || DebrisPrefix(clean) != 0 {
			t.Errorf("%q taken for boilerplate", clean)
		}
	}
}

func TestSentenceKey(t *testing.T) {
	a, n := SentenceKey("Sign-up for the Gazette's  morning briefing!")
	b, m := SentenceKey("sign up for the gazette s morning briefing")
	if a != b || n != 8 || m != 8 {
		t.Fatalf("keys %x (%d words) and %x (%d words) differ", a, n, b, m)
	}
	if c, _ := SentenceKey("sign up for the gazette morning briefing"); c == a {
		t.Fatal("a missing word gives the same key")
	}
	if _, n := SentenceKey(" -- \xff "); n != 0 {
		t.Fatalf("%d words in punctuation and invalid UTF-8", n)
	}
}

// withBoilerplate makes the set from sentences for the test's duration.
func withBoilerplate(t *testing.T, sentences ...string) {
	t.Helper()
	var keys, firsts []uint64
	for _, s := range sentences {
		k, f, _ := BoilerplateKeys(s)
		keys, firsts = append(keys, k), append(firsts, f)
	}
	var buf bytes.Buffer
	if err := WriteBoilerplate(&buf, keys, firsts); err != nil {
		t.Fatal(err)
	}
	set, err := ReadBoilerplate(&buf)
	if err != nil {
		t.Fatal(err)
	}
	old := boilerplate
	boilerplate = set
	t.Cleanup(func() { boilerplate = old })
}

func TestDebrisPrefixTakesBoilerplateSentences(t *testing.T) {
	const notice = "Sign up for the Harbour Gazette morning briefing, delivered every weekday."
	withBoilerplate(t, notice, "Comments are reviewed before they appear here.")
	for _, s := range []string{
		notice,
		"  sign up for the harbour gazette MORNING briefing delivered every weekday",
		"Advertisement " + notice, // leading debris, then the sentence
		"Comments are reviewed before they appear here.",
	} {
		if got := DebrisPrefix(s); got != len(s) {
			t.Errorf("DebrisPrefix(%q) = %d, want %d (all of it)", s, got, len(s))
		}
	}
	for _, s := range []string{
		"Sign up for the Harbour Gazette evening briefing, delivered every weekday.",
		"The Harbour Gazette morning briefing reported the strike first.",
		"Comments are reviewed.",
	} {
		if got := DebrisPrefix(s); got != 0 {
			t.Errorf("DebrisPrefix(%q) = %d, want 0", s, got)
		}
	}
	// A set of sentences shorter than BoilerWords never matches: short
	// sentences recur by chance ("He declined to comment.").
	withBoilerplate(t, "He declined to comment.")
	if got := DebrisPrefix("He declined to comment."); got != 0 {
		t.Errorf("a %d-word sentence was taken for boilerplate", 4)
	}
	// The summarizer never offers such a sentence.
	withBoilerplate(t, notice)
	docs := []Document{{ID: "a", Sentences: []string{
		notice,
		"The Harlow Bridge in Port Elsby was closed on Tuesday after a grain barge struck one of its piers.",
	}}}
	for _, p := range Kept(docs) {
		if p.Sent == 0 {
			t.Fatal("the boilerplate sentence was kept as a candidate")
		}
	}
}

func TestReadBoilerplateRejectsBadFiles(t *testing.T) {
	var good bytes.Buffer
	if err := WriteBoilerplate(&good, []uint64{3, 1, 2, 2}, []uint64{9}); err != nil {
		t.Fatal(err)
	}
	s, err := ReadBoilerplate(bytes.NewReader(good.Bytes()))
	if err != nil || len(s.sentences) != 3 || len(s.firsts) != 1 {
		t.Fatalf("round trip: %+v, %v", s, err)
	}
	unsorted := bytes.Clone(good.Bytes())
	copy(unsorted[len(boilerMagic)+8:], []byte{9, 9, 9, 9, 9, 9, 9, 9}) // first key above the second
	for name, b := range map[string][]byte{
		"empty":     nil,
		"magic":     []byte("not a boilerplate file at all\n\x00\x00\x00\x00"),
		"truncated": good.Bytes()[:good.Len()-3],
		"unsorted":  unsorted,
	} {
		if _, err := ReadBoilerplate(bytes.NewReader(b)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
