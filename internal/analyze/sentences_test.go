package analyze

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func sentenceTexts(text string) []string {
	var out []string
	for _, s := range Sentences(text) {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "The port closed. Ships waited offshore.",
			[]string{"The port closed.", "Ships waited offshore."}},
		{"us acronym mid sentence", "The U.S. Navy sent two ships. They arrived Monday.",
			[]string{"The U.S. Navy sent two ships.", "They arrived Monday."}},
		{"us acronym at end", "Talks stalled in the U.S. The mayor left early.",
			[]string{"Talks stalled in the U.S.", "The mayor left early."}},
		{"titles", "Mr. Okafor met Gen. Lindqvist and Dr. Baptiste. Sen. Rowe did not.",
			[]string{"Mr. Okafor met Gen. Lindqvist and Dr. Baptiste.", "Sen. Rowe did not."}},
		{"times", "The vote began at 9 a.m. Tuesday and ended at 4 p.m. The result was close.",
			[]string{"The vote began at 9 a.m. Tuesday and ended at 4 p.m.", "The result was close."}},
		{"washington dc", "She flew to Washington, D.C. on Friday. Officials met her.",
			[]string{"She flew to Washington, D.C. on Friday.", "Officials met her."}},
		{"initials", "The report by J. R. Okafor was published. It ran long.",
			[]string{"The report by J. R. Okafor was published.", "It ran long."}},
		{"quote ends sentence", `He called the strike "unlawful." The talks went on.`,
			[]string{`He called the strike "unlawful."`, "The talks went on."}},
		{"quote with attribution", `"We will not yield," Lindqvist said. "Not this week."`,
			[]string{`"We will not yield," Lindqvist said.`, `"Not this week."`}},
		{"question in quote then attribution", `"What happens now?" Lindqvist asked. Nobody answered.`,
			[]string{`"What happens now?" Lindqvist asked.`, "Nobody answered."}},
		{"quote after attribution ends the sentence", `"We will talk," said Ada Rowe, "and soon." Ms. Rowe said the strike would go on.`,
			[]string{`"We will talk," said Ada Rowe, "and soon."`, "Ms. Rowe said the strike would go on."}},
		{"attribution before quote", `Rowe said: "Our thoughts are with them." City said in a statement that staff were safe.`,
			[]string{`Rowe said: "Our thoughts are with them."`, "City said in a statement that staff were safe."}},
		{"curly quotes", "“It is over.” The crowd cheered.",
			[]string{"“It is over.”", "The crowd cheered."}},
		{"numbers", "Prices rose 3.5 percent. Wages rose 1,200 euros.",
			[]string{"Prices rose 3.5 percent.", "Wages rose 1,200 euros."}},
		{"exclamation and question", "Stop! Why now? Because.",
			[]string{"Stop!", "Why now?", "Because."}},
		{"tokenized lower-case text", "the u.s. said it would act . officials agreed .",
			[]string{"the u.s. said it would act . officials agreed ."}},
		{"tokenized text with capitals", "the strike ended . Officials agreed .",
			[]string{"the strike ended .", "Officials agreed ."}},
		{"newline always splits", "Headline without period\nBody starts here. Second.",
			[]string{"Headline without period", "Body starts here.", "Second."}},
		{"dept abbreviation", "The Dept. of Ports said so. It was late.",
			[]string{"The Dept. of Ports said so.", "It was late."}},
		{"no terminator", "just words", []string{"just words"}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentenceTexts(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSentencesParagraphsAndIndex(t *testing.T) {
	text := "Title line\n\nFirst para one. First para two.\n\n\nSecond para.\n"
	got := Sentences(text)
	type row struct {
		text       string
		para, idx  int
		start, end int
	}
	want := []row{
		{"Title line", 0, 0, 0, 10},
		{"First para one.", 1, 1, 12, 27},
		{"First para two.", 1, 2, 28, 43},
		{"Second para.", 2, 3, 46, 58},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d sentences, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if text[g.Start:g.End] != w.text || g.Paragraph != w.para || g.Index != w.idx || g.Start != w.start || g.End != w.end {
			t.Errorf("sentence %d = %q %+v, want %+v", i, text[g.Start:g.End], g, w)
		}
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{"A. B. C.", "“Hi.” he said", "U.S. The", "\n\n. .", "x\xffy. Z", "?!?! A"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		prev := 0
		for _, s := range Sentences(text) {
			if s.Start < prev || s.End <= s.Start || s.End > len(text) {
				t.Fatalf("bad span %+v (prev end %d, len %d)", s, prev, len(text))
			}
			if utf8.ValidString(text) && (!utf8.ValidString(text[s.Start:s.End])) {
				t.Fatalf("span %+v cuts a rune", s)
			}
			if strings.TrimSpace(text[s.Start:s.End]) != text[s.Start:s.End] {
				t.Fatalf("span %+v has surrounding space: %q", s, text[s.Start:s.End])
			}
			prev = s.End
		}
	})
}
