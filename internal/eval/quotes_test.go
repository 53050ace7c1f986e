package eval

import (
	"os"
	"path/filepath"
	"testing"
)

// A tiny PolNeAR-shaped corpus of our own writing.
const evalText = "“We will reopen the port on Monday,” said harbour master Ana Lind.\n\nLind said the cranes were fixed. “It took longer than we hoped,” she added.\n\nThe union called it a \"good day for the workers\" on Tuesday.\n"

func writeCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{"dev/text", "dev/attributions"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "dev/text/a.txt"), []byte(evalText), 0o644); err != nil {
		t.Fatal(err)
	}
	// character offsets (the text has curly quotes, so they differ from bytes)
	r := []rune(evalText)
	find := func(s string) (int, int) {
		rs := []rune(s)
		for i := 0; i+len(rs) <= len(r); i++ {
			if string(r[i:i+len(rs)]) == s {
				return i, i + len(rs)
			}
		}
		t.Fatalf("%q not in text", s)
		return 0, 0
	}
	c1s, c1e := find("“We will reopen the port on Monday,”")
	s1s, s1e := find("harbour master Ana Lind")
	c2s, c2e := find("“It took longer than we hoped,”")
	s2s, s2e := find("she")
	ann := "T1\tContent " + itoa(c1s) + " " + itoa(c1e) + "\tx\n" +
		"T2\tSource " + itoa(s1s) + " " + itoa(s1e) + "\tx\n" +
		"E1\tAttribution:T9 Content:T1 Source:T2\n" +
		"T3\tContent " + itoa(c2s) + " " + itoa(c2e) + "\tx\n" +
		"T4\tSource " + itoa(s2s) + " " + itoa(s2e) + "\tx\n" +
		"E2\tAttribution:T9 Content:T3 Source:T4\n"
	if err := os.WriteFile(filepath.Join(dir, "dev/attributions/a_zz.ann"), []byte(ann), 0o644); err != nil {
		t.Fatal(err)
	}
	// a second annotator's file that must be ignored (later in name order)
	if err := os.WriteFile(filepath.Join(dir, "dev/attributions/a_zzz.ann"), []byte("T1\tContent 0 1\tx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func TestEvalQuotesSmallCorpus(t *testing.T) {
	docs, err := LoadPolNeAR(writeCorpus(t), "dev")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || len(docs[0].Contents) != 2 {
		t.Fatalf("loaded %d docs with %d contents", len(docs), len(docs[0].Contents))
	}
	gold := GoldQuotes(docs[0])
	if len(gold) != 2 {
		t.Fatalf("gold quotes = %d, want 2", len(gold))
	}
	if got := evalText[gold[0].Start:gold[0].End]; got != "We will reopen the port on Monday," {
		t.Errorf("gold quote 0 = %q", got)
	}
	scores := EvalQuotes(docs)
	c := scores[0]
	if c.System != "chorus" || c.Gold != 2 || c.Recalled != 2 {
		t.Errorf("chorus: %+v", c)
	}
	// "good day for the workers" lies outside gold content: one false positive.
	if c.Found != 3 || c.Correct != 2 {
		t.Errorf("chorus found %d, correct %d; want 3, 2", c.Found, c.Correct)
	}
	// Only the first source holds a name ("she" does not count).
	if c.SpeakerGold != 1 || c.SpeakerOK != 1 {
		t.Errorf("chorus speaker %d/%d, want 1/1", c.SpeakerOK, c.SpeakerGold)
	}
	b := scores[1]
	if b.System != "baseline-regex" || b.Recalled != 2 {
		t.Errorf("baseline: %+v", b)
	}
}

func TestLoadPolNeARErrors(t *testing.T) {
	if _, err := LoadPolNeAR(t.TempDir(), "dev"); err == nil {
		t.Error("empty directory: no error")
	}
	dir := writeCorpus(t)
	if err := os.WriteFile(filepath.Join(dir, "dev/attributions/a_zz.ann"), []byte("T1\tContent 5 999999\tx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadPolNeAR(dir, "dev"); err == nil {
		t.Error("offsets past the text: no error")
	}
}

// TestPolNeARDev guards the targets on the real dev split. It
// takes about 5 s (90 s under -race, prose's NER dominating), so it runs
// only with CHORUS_EVAL_POLNEAR=1; scripts/quality-gate.sh checks the same
// figures through the binary in CI.
func TestPolNeARDev(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "data", "polnear")
	if _, err := os.Stat(filepath.Join(dir, "dev")); err != nil {
		t.Skipf("PolNeAR not available at %s: %v", dir, err)
	}
	if os.Getenv("CHORUS_EVAL_POLNEAR") == "" {
		t.Skip("set CHORUS_EVAL_POLNEAR=1 to score PolNeAR dev (slow; the quality gate covers it)")
	}
	docs, err := LoadPolNeAR(dir, "dev")
	if err != nil {
		t.Fatal(err)
	}
	s := EvalQuotes(docs)[0]
	t.Logf("dev: P %.3f R %.3f speaker %.3f", s.Precision(), s.Recall(), s.SpeakerAccuracy())
	if s.Precision() < 0.95 || s.Recall() < 0.95 || s.SpeakerAccuracy() < 0.85 {
		t.Errorf("dev below target: P %.3f R %.3f speaker %.3f", s.Precision(), s.Recall(), s.SpeakerAccuracy())
	}
}
