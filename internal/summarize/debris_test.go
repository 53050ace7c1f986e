package summarize

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// The sentences below are our own writing, shaped like what scrapers
// leave in news text.

func TestDebrisPrefixTrims(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Advertisement The council voted on Tuesday to close the bridge.", "The council voted on Tuesday to close the bridge."},
		{"Advertisement Advertisement \"We can confirm the sale,\" she said.", "\"We can confirm the sale,\" she said."},
		{"Advertisement Continue reading the main story BEIRUT — The talks resumed on Monday.", "BEIRUT — The talks resumed on Monday."},
		{"\" advertisement the measure passed the house by two votes.", "the measure passed the house by two votes."},
		{"Advertisement - The ferry left at noon.", "The ferry left at noon."},
		{"Story highlights The storm flooded three towns overnight.", "The storm flooded three towns overnight."},
		{"Story continued below The mayor did not answer questions.", "The mayor did not answer questions."},
		{"Photo: Getty On Wednesday, the firm closed its offices.", "On Wednesday, the firm closed its offices."},
		{"Photo: Jane Roe/AFP/Getty Images The crowd waited for hours.", "The crowd waited for hours."},
		{"(Photo: AP Photo.) The deal could still fail.", "The deal could still fail."},
		{"( photo: ap photo. ) the deal could still fail.", "the deal could still fail."},
		{"(AP Photo/Jane Roe) (Associated Press) The river rose overnight.", "The river rose overnight."},
		{"(Sam Poe / Getty Images) The senator left early.", "The senator left early."},
		{"Image copyright AFP Image caption The man was arrested in a suburb.", "The man was arrested in a suburb."},
		{"Image copyright Getty Images Image caption A crowd gathered at the gate.", "A crowd gathered at the gate."},
		{"Image copyright Reuters The port reopened on Friday.", "The port reopened on Friday."},
		{"Media playback is unsupported on your device Media caption The minister spoke to reporters.", "The minister spoke to reporters."},
		{"Close President Smith spoke at the summit.", "President Smith spoke at the summit."},
		{"Close Skip in Skip x Embed x Share The coach praised his players.", "The coach praised his players."},
		{"Close Advertisement The school will reopen in May.", "The school will reopen in May."},
		{"Subscribe WASHINGTON — The senate met late into the night.", "WASHINGTON — The senate met late into the night."},
		{"× The bridge reopened on Friday.", "The bridge reopened on Friday."},
		{"Published on Jul 18, 2017 The host opens the show with a song.", "The host opens the show with a song."},
		{"Text size - + reset The bill now goes to the governor.", "The bill now goes to the governor."},
		{"Share this article Facebook Twitter Email The park will close at dusk.", "The park will close at dusk."},
		{"Related: Council delays vote The council met again on Monday.", "Council delays vote The council met again on Monday."},
		{"FILE - In this photo, the ship leaves port.", "In this photo, the ship leaves port."},
		{"Image 2 of 9 The view from the tower at dawn.", "The view from the tower at dawn."},
		{"  Advertisement The vote was close.", "The vote was close."},
		{"Advertisement \xff\xfe The vote was close.", "\xff\xfe The vote was close."},
		{"ADVERTISEMENT The vote was close.", "The vote was close."},
	}
	for _, c := range cases {
		k := DebrisPrefix(c.in)
		if got := c.in[k:]; got != c.want {
			t.Errorf("DebrisPrefix(%q): rest %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDebrisPrefixWhole(t *testing.T) {
	for _, s := range []string{
		"Be the first to know.",
		"Image 1 of",
		"File",
		"File -",
		"Advertisement",
		"Advertisement Advertisement",
		"Close",
		"×",
		"Photo: Jane Roe, Daily Example",
		"(Photo: AP)",
		"Story continued below",
		"Learn more",
		"3 of 12.",
		"Thank you for reading!",
		"Tweet with a location You can add location information to your Tweets.",
		"You always have the option to delete your Tweet location history.",
		"Get email notifications on Jane Roe daily! Your notification has been saved.",
		"Advertisement \xff",
		"Advertisement \xc3",
		"Photo: \xff\xfe",
		"“Advertisement”",
	} {
		if k := DebrisPrefix(s); k != len(s) {
			t.Errorf("DebrisPrefix(%q) = %d, want %d (all debris); rest %q", s, k, len(s), s[k:])
		}
	}
}

func TestDebrisPrefixLeavesSentencesAlone(t *testing.T) {
	for _, s := range []string{
		"",
		" ",
		"\"",
		"\xff\xfe",
		"\xffAdvertisement",
		"Close to 100 people attended the vigil.",
		"Close friends said he had been unwell.",
		"Close inspection revealed cracks in the wall.",
		"Close the border, the minister said.",
		"Photo editors at the paper voted to strike.",
		"Photographs of the scene were released on Monday.",
		"Photo: the mayor said nothing about the plan on Monday or later that week.",
		"Subscribers to the service rose by a tenth.",
		"Image quality matters to camera makers.",
		"Image 1 of the series shows the crater.",
		"(CNN) The storm hit the coast.",
		"(Reuters) - Shares fell in early trade.",
		"(The figures were revised later.) Prices rose.",
		"File sharing sites were shut down.",
		"Advertisements for the show ran all week.",
		"Story time at the library draws crowds.",
		"Published reports say the deal is off.",
		"Media coverage of the trial was intense.",
		"Related stories ran in three papers.",
		"Watch the video below, he said.",
		"Play resumed after the rain delay.",
		"Share prices fell sharply.",
		"3 of the 12 miners were rescued.",
		"Credit card debt rose again.",
		"Learn more about the plan, the mayor urged residents.",
		"The advertisement ran in three papers.",
		"Tweet counts rose during the debate.",
		"Überraschung: the vote was close.",
	} {
		if k := DebrisPrefix(s); k != 0 {
			t.Errorf("DebrisPrefix(%q) = %d, want 0 (rest %q)", s, k, s[k:])
		}
	}
}

// TestDebrisPrefixRandom checks the contract on random mixtures of debris,
// words, punctuation and invalid bytes: no panic, a result within the
// sentence, and a remainder that has a letter or digit unless it is the
// whole sentence.
func TestDebrisPrefixRandom(t *testing.T) {
	parts := []string{"Advertisement", "advertisement", "Photo", ":", "(", ")", "Close", "close", "image", "copyright",
		"caption", "AFP", "Getty", "Images", "story", "highlights", "×", "\"", "“", "-", "—", "1", "of", "12", "the",
		"vote", "was", "\xff", "\xc3", "é", " ", "  ", "\u00a0", "subscribe", "to", "Published", "on", "Jul", ",", "2017",
		"share", "this", "article", "twitter", "tweet", "with", "a", "location"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(parts[rng.IntN(len(parts))])
			if rng.IntN(3) > 0 {
				b.WriteByte(' ')
			}
		}
		s := b.String()
		k := DebrisPrefix(s)
		if k < 0 || k > len(s) {
			t.Fatalf("DebrisPrefix(%q) = %d, outside the sentence", s, k)
		}
		if k > 0 && k < len(s) && !hasWordRune(s[k:]) {
			t.Fatalf("DebrisPrefix(%q) = %d leaves %q, nothing but punctuation", s, k, s[k:])
		}
		if k > 0 && k < len(s) && utf8.ValidString(s) && !utf8.ValidString(s[k:]) {
			t.Fatalf("DebrisPrefix(%q) = %d cuts a character", s, k)
		}
	}
}

func FuzzDebrisPrefix(f *testing.F) {
	for _, s := range []string{"Advertisement The vote.", "Photo: Getty On Monday.", "(Photo: AP) x", "Close", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := DebrisPrefix(s)
		if k < 0 || k > len(s) {
			t.Fatalf("DebrisPrefix(%q) = %d", s, k)
		}
	})
}

// TestSummarizeSkipsDebris: a summary neither shows leading debris nor
// picks a sentence that is only debris, and the words it counts are those
// it shows.
func TestSummarizeSkipsDebris(t *testing.T) {
	docs := []Document{
		{Sentences: []string{
			"Advertisement The city council approved the new harbour bridge budget on Tuesday night.",
			"Be the first to know.",
			"The bridge will cost the city about 40 million dollars over five years.",
		}},
		{Sentences: []string{
			"Image copyright AFP Image caption The council approved the harbour bridge budget after a long debate.",
			"Be the first to know.",
			"Work on the harbour bridge is due to start in the spring, the council said.",
		}},
		{Sentences: []string{
			"Story highlights The harbour bridge budget passed the city council by two votes.",
			"Be the first to know.",
			"Opponents of the bridge said the council ignored the cost to the city.",
		}},
	}
	for _, sys := range []struct {
		name string
		fn   System
	}{{"chorus", Summarize}, {"lead", Lead}, {"centroid", Centroid}} {
		picks := sys.fn(docs, Options{MaxWords: 300, TargetWords: 300})
		if len(picks) == 0 {
			t.Fatalf("%s: no picks", sys.name)
		}
		for _, p := range picks {
			if p.Sent == 1 {
				t.Errorf("%s picked the debris-only sentence of document %d", sys.name, p.Doc)
			}
		}
		out := Render(docs, picks, 300)
		for _, junk := range []string{"Advertisement", "Image copyright", "Image caption", "Story highlights", "first to know"} {
			if strings.Contains(out, junk) {
				t.Errorf("%s summary shows %q:\n%s", sys.name, junk, out)
			}
		}
		if !strings.Contains(out, "harbour bridge") {
			t.Errorf("%s summary lost the sentences after the debris:\n%s", sys.name, out)
		}
	}
	// Render cuts at the words it shows: 10 words of the first sentence
	// without its debris.
	got := Render(docs, []Pick{{Doc: 0, Sent: 0}}, 10)
	if want := "The city council approved the new harbour bridge budget on"; got != want {
		t.Errorf("Render cut = %q, want %q", got, want)
	}
	// The sentence's capital moves to where it now starts; a sentence that
	// started without one is left as it is; white space is flattened.
	caps := []Document{{Sentences: []string{
		"Advertisement the vote was close.",
		"( photo: ap ) the deal could fail.",
		"Story highlights  the storm\nhit three towns.",
		"Advertisement Über alles, the band sang.",
	}}}
	got = Render(caps, []Pick{{0, 0, 0}, {0, 1, 0}, {0, 2, 0}, {0, 3, 0}}, 100)
	if want := "The vote was close.\nthe deal could fail.\nThe storm hit three towns.\nÜber alles, the band sang."; got != want {
		t.Errorf("Render = %q, want %q", got, want)
	}
	// A debris-only pick (from a caller's own picks) renders as nothing.
	if got := Render(docs, []Pick{{Doc: 0, Sent: 1}}, 10); got != "" {
		t.Errorf("Render of a debris-only sentence = %q, want empty", got)
	}
}

func TestDebrisPrefixParens(t *testing.T) {
	cases := []struct{ in, want string }{
		{"(AP Photo/Jane... (Associated Press) PARIS (AP) — The strike ended.", "PARIS (AP) — The strike ended."},
		{"( photo: ( photo: jane roe/the daily example ) ) the pool reopened.", "the pool reopened."},
		{"(Photo: Jane Roe) (The figures were revised.) Prices rose.", "(The figures were revised.) Prices rose."},
		{"(The figures (see below) were revised.) Prices rose.", "(The figures (see below) were revised.) Prices rose."},
	}
	for _, c := range cases {
		k := DebrisPrefix(c.in)
		if got := c.in[k:]; got != c.want {
			t.Errorf("DebrisPrefix(%q): rest %q, want %q", c.in, got, c.want)
		}
	}
}

// BenchmarkDebrisPrefix: sentences as they come, most without debris.
func BenchmarkDebrisPrefix(b *testing.B) {
	sents := []string{
		"The city council of Northbridge voted on Monday to close the old harbour bridge for repairs.",
		"\"We had no choice,\" Mayor Ellen Park said, adding that safety came first.",
		"A ferry service will run every twenty minutes while the bridge is closed.",
		"In a statement, the council said the work would take eight months.",
		"Advertisement The council voted on Tuesday to close the bridge.",
		"Photo: Getty On Wednesday, the firm closed its offices.",
		"She said the repairs were overdue.",
		"According to the engineers, two supports had cracked.",
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, s := range sents {
			n += DebrisPrefix(s)
		}
	}
	_ = n
}
