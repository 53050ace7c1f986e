package analyze

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chorusnews/chorus/internal/domain"
)

// Fixtures are our own writing: fictional people in a fictional country.

type wantQuote struct {
	text    string
	speaker string
	title   string
	direct  bool
}

func checkQuotes(t *testing.T, text string, got []domain.Quote, want []wantQuote) {
	t.Helper()
	if len(got) != len(want) {
		for _, q := range got {
			t.Logf("got %q by %q (%q) direct=%v", q.Text, q.Speaker, q.Title, q.Direct)
		}
		t.Fatalf("got %d quotes, want %d", len(got), len(want))
	}
	for i, w := range want {
		q := got[i]
		if q.Text != w.text || q.Speaker != w.speaker || q.Title != w.title || q.Direct != w.direct {
			t.Errorf("quote %d = %q by %q (%q) direct=%v, want %q by %q (%q) direct=%v", i, q.Text, q.Speaker, q.Title, q.Direct, w.text, w.speaker, w.title, w.direct)
		}
		if text[q.Start:q.End] != q.Text {
			t.Errorf("quote %d span [%d,%d) = %q, not its text %q", i, q.Start, q.End, text[q.Start:q.End], q.Text)
		}
	}
}

func TestQuotePatterns(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []wantQuote
	}{
		{
			name: "said X after the quote",
			text: "Valdorian Foreign Minister Elena Varga met her counterpart on Monday.\n\n\"We will not accept these new tariffs at all,\" said Varga.",
			want: []wantQuote{{"We will not accept these new tariffs at all", "Elena Varga", "Valdorian Foreign Minister", true}},
		},
		{
			name: "an opening day phrase and a comma before a titled name",
			text: "On Sunday, former Harbour Minister Tomas Brandt said “The cranes will be running again by Friday.”",
			want: []wantQuote{{"The cranes will be running again by Friday.", "Tomas Brandt", "Harbour Minister", true}},
		},
		{
			name: "X said before the quote",
			text: "Harbour Minister Tomas Brandt spoke to workers.\n\nBrandt said, \"The cranes will be running again by Friday.\"",
			want: []wantQuote{{"The cranes will be running again by Friday.", "Tomas Brandt", "Harbour Minister", true}},
		},
		{
			name: "an agency quoted X as saying",
			text: "Kremlin spokesman Dmitri Orlov spoke on Monday.\n\n\"The talks are going well, and we will report the outcome in due course,\" the Tass news agency quoted Orlov as saying.",
			want: []wantQuote{{"The talks are going well, and we will report the outcome in due course", "Dmitri Orlov", "Kremlin spokesman", true}},
		},
		{
			name: "X told reporters",
			text: "Mayor Ines Okafor visited the site.\n\n“The stadium is safe for now,” Okafor told reporters outside the gates.",
			want: []wantQuote{{"The stadium is safe for now", "Ines Okafor", "Mayor", true}},
		},
		{
			name: "split quote takes the speaker of its first half",
			text: "Central bank governor Pavel Lind raised rates.\n\n\"Inflation is too high,\" Lind said. \"We had no other choice this month.\"",
			want: []wantQuote{
				{"Inflation is too high", "Pavel Lind", "Central bank governor", true},
				{"We had no other choice this month.", "Pavel Lind", "Central bank governor", true},
			},
		},
		{
			name: "continuation paragraph",
			text: "Union leader Mara Kessel addressed the strikers.\n\n\"We have waited for three years,\" she said. \"The owners know what we want.\n\n\"And we will stay here until they give it to us.\"",
			want: []wantQuote{
				{"We have waited for three years", "Mara Kessel", "Union leader", true},
				{"The owners know what we want.", "Mara Kessel", "Union leader", true},
				{"And we will stay here until they give it to us.", "Mara Kessel", "Union leader", true},
			},
		},
		{
			name: "pronoun resolves to the sentence subject before",
			text: "Senator Ruth Adeyemi criticised the plan on Tuesday.\n\n\"This budget leaves the harbour towns behind,\" she said.",
			want: []wantQuote{{"This budget leaves the harbour towns behind", "Ruth Adeyemi", "Senator", true}},
		},
		{
			name: "British single quotes and apostrophes",
			text: "Prime Minister Alan Moyo spoke in the capital.\n\n'The country's ports won't close this winter,' Moyo said.",
			want: []wantQuote{{"The country's ports won't close this winter", "Alan Moyo", "Prime Minister", true}},
		},
		{
			name: "dash byline after the quote",
			text: "“The fire spread faster than anyone expected.” ― Clara Duval",
			want: []wantQuote{{"The fire spread faster than anyone expected.", "Clara Duval", "", true}},
		},
		{
			name: "nested curly quotes and a no-break space after the dash",
			text: "“I would rather live in what he calls “chaos” than vote for him.” ―\u00a0Lucia Marin",
			want: []wantQuote{{"I would rather live in what he calls “chaos” than vote for him.", "Lucia Marin", "", true}},
		},
		{
			name: "a new sentence after a closed quote is not its attribution",
			text: "The crowd chanted \"Open the harbour now.\" Norland insisted that its ships would leave the port.",
			want: []wantQuote{
				{"Open the harbour now.", "", "", true},
				{"its ships would leave the port", "Norland", "", false},
			},
		},
		{
			name: "inverted verb before a colon",
			text: "Said Ellis: \"Nobody reads the small print anymore.\"",
			want: []wantQuote{{"Nobody reads the small print anymore.", "Ellis", "", true}},
		},
		{
			name: "a description with a country written another way",
			text: "U.S. President Mark Dolan met the envoy.\n\nThe United States president said the harbour deal would be signed within a month.",
			want: []wantQuote{{"the harbour deal would be signed within a month", "Mark Dolan", "U.S. President", false}},
		},
		{
			name: "a capitalised name word is no speech verb",
			text: "The United States fired 24 cruise missiles at the depot on Thursday.",
			want: nil,
		},
		{
			name: "scare quotes are not quotes",
			text: "The ministry called the report \"biased\" and moved on.",
			want: nil,
		},
		{
			name: "reported speech with that",
			text: "Finance Minister Olga Petrenko said that the new harbour tax would be withdrawn next year.",
			want: []wantQuote{{"the new harbour tax would be withdrawn next year", "Olga Petrenko", "Finance Minister", false}},
		},
		{
			name: "according to",
			text: "According to fire chief Samuel Otieno, the blaze started in a kitchen under the east stand.",
			want: []wantQuote{{"the blaze started in a kitchen under the east stand", "Samuel Otieno", "fire chief", false}},
		},
		{
			name: "clause then attribution",
			text: "Coach Lena Frick praised the crowd.\n\nThe team will play its next home game in the old arena, Frick said.",
			want: []wantQuote{{"The team will play its next home game in the old arena", "Lena Frick", "Coach", false}},
		},
		{
			name: "colon paragraph introduces the quote",
			text: "Harbour Minister Tomas Brandt was blunt.\n\nBrandt continued:\n\n\"Nobody will close this port while I hold this office.\"",
			want: []wantQuote{{"Nobody will close this port while I hold this office.", "Tomas Brandt", "Harbour Minister", true}},
		},
		{
			name: "name with a relative clause before the verb",
			text: "\"The fans deserve a new roof,\" Ines Okafor, who chairs the stadium trust, said on Friday.",
			want: []wantQuote{{"The fans deserve a new roof", "Ines Okafor", "", true}},
		},
		{
			name: "name between commas after a role",
			text: "The union's chief negotiator, Mara Kessel, said: \"We are close to a deal.\"",
			want: []wantQuote{{"We are close to a deal.", "Mara Kessel", "union's chief negotiator", true}},
		},
		{
			name: "name before a colon",
			text: "Port economist Ana Lind: \"The strike costs the city a fortune every day.\"",
			want: []wantQuote{{"The strike costs the city a fortune every day.", "Ana Lind", "Port economist", true}},
		},
		{
			name: "party and state tag after the name",
			text: "\"The roof will be fixed before winter,\" Senator Ruth Adeyemi, D-Ohio, said.",
			want: []wantQuote{{"The roof will be fixed before winter", "Ruth Adeyemi", "Senator", true}},
		},
		{
			name: "a loose quote verb next to the quote",
			text: "Host Dana Reyes interviewed the minister.\n\n\"Will the port reopen on Monday?\" Reyes pressed.",
			want: []wantQuote{{"Will the port reopen on Monday?", "Dana Reyes", "Host", true}},
		},
		{
			name: "possessive role after the verb",
			text: "\"We are ahead in every county,\" added his campaign manager Jo Weller.",
			want: []wantQuote{{"We are ahead in every county", "Jo Weller", "campaign manager", true}},
		},
		{
			name: "description resolves to the titled person",
			text: "Valdorian Foreign Minister Elena Varga arrived late.\n\nThe Valdorian minister said: \"Our doors remain open to talks.\"",
			want: []wantQuote{{"Our doors remain open to talks.", "Elena Varga", "Valdorian Foreign Minister", true}},
		},
		{
			name: "two abbreviated titles before the name",
			text: "\"Every option was weighed,\" Brig. Gen. Dana Whitlock said on Tuesday. Lt. Col. Marcus Ybarra added that \"no soldier will lose a posting.\"",
			want: []wantQuote{
				{"Every option was weighed", "Dana Whitlock", "Brig. Gen.", true},
				{"no soldier will lose a posting.", "Marcus Ybarra", "Lt. Col.", true},
			},
		},
		{
			name: "reported clause after a weekday and part of the day",
			text: "Harbour Minister Tomas Brandt said on Tuesday afternoon that both sides had agreed to talks.",
			want: []wantQuote{{"both sides had agreed to talks", "Tomas Brandt", "Harbour Minister", false}},
		},
		{
			name: "a person of a body",
			text: "Supt. Dana Ibsen of Norvik Police said: \"We are keeping an open mind.\"",
			want: []wantQuote{{"We are keeping an open mind.", "Dana Ibsen", "Supt.", true}},
		},
		{
			name: "a pronoun skips a city named first",
			text: "Harton City supporter Jamie Kovacs was in the upper tier. \"At first we thought it was a flare,\" he said.",
			want: []wantQuote{{"At first we thought it was a flare", "Jamie Kovacs", "", true}},
		},
		{
			name: "a pronoun after an abbreviation ends a sentence",
			text: "Governor Ines Marlow spent the week in Washington, D.C. She said the council was \"not on a pre-set course\".",
			want: []wantQuote{{"not on a pre-set course", "Ines Marlow", "Governor", true}},
		},
		{
			name: "told with an object we cannot delimit gives no clause",
			text: "Harbour Minister Tomas Brandt met officials. He told ministers in Norvik last week new cranes were needed.",
			want: nil,
		},
		{
			name: "a quote after reported speech in its paragraph",
			text: "The ministry may wait until the talks end, Harbour Minister Tomas Brandt said. \"We will not be rushed by anyone.\"",
			want: []wantQuote{
				{"The ministry may wait until the talks end", "Tomas Brandt", "Harbour Minister", false},
				{"We will not be rushed by anyone.", "Tomas Brandt", "Harbour Minister", true},
			},
		},
		{
			name: "an inverted speech verb opens the sentence",
			text: "Said Dana Ibsen, who grew up near the port, \"We were always a harbour town.\"",
			want: []wantQuote{{"We were always a harbour town.", "Dana Ibsen", "", true}},
		},
		{
			name: "a described speaker with modifiers after the determiner",
			text: "\"The offer will not change,\" said one senior harbour official.",
			want: []wantQuote{{"The offer will not change", "one senior harbour official", "", true}},
		},
		{
			name: "told someone, then a colon: the subject speaks",
			text: "Harbour Minister Tomas Brandt later told Radio Eastmere: \"Both sides want this to work out.\"",
			want: []wantQuote{{"Both sides want this to work out.", "Tomas Brandt", "Harbour Minister", true}},
		},
		{
			name: "reported clause after a dateline",
			text: "FORT MERCER, Ohio (Daily Ledger) — The depot will close by March, officials said Tuesday.",
			want: []wantQuote{{"The depot will close by March", "officials", "", false}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkQuotes(t, tt.text, Quotes(tt.text), tt.want)
		})
	}
}

func TestQuoteCueSpan(t *testing.T) {
	text := "\"The harbour reopens on Monday,\" said Tomas Brandt."
	qs := Quotes(text)
	if len(qs) != 1 {
		t.Fatalf("got %d quotes", len(qs))
	}
	if got := text[qs[0].Cue.Start:qs[0].Cue.End]; got != "said Tomas Brandt" {
		t.Errorf("cue = %q, want %q", got, "said Tomas Brandt")
	}
}

// checkSpans verifies the span invariants every parser must keep.
func checkSpans(t *testing.T, text string, what string, spans []domain.Span, texts []string) {
	t.Helper()
	for i, s := range spans {
		if s.Start < 0 || s.End > len(text) || s.Start > s.End {
			t.Fatalf("%s %d: span [%d,%d) outside text of %d bytes", what, i, s.Start, s.End, len(text))
		}
		// boundaries are defined for valid UTF-8 (articles are normalised
		// by extract); for invalid input only no panic and text == text[span]
		if utf8.ValidString(text) && (s.Start < len(text) && !utf8.RuneStart(text[s.Start]) || s.End < len(text) && !utf8.RuneStart(text[s.End])) {
			t.Fatalf("%s %d: span [%d,%d) not on UTF-8 boundaries", what, i, s.Start, s.End)
		}
		if texts[i] != text[s.Start:s.End] {
			t.Fatalf("%s %d: text %q is not text[span] %q", what, i, texts[i], text[s.Start:s.End])
		}
	}
}

func FuzzQuotes(f *testing.F) {
	for _, s := range []string{
		"\"We will win,\" said Mara Kessel.",
		"Brandt said, “The cranes are back.” “Really,” he added.",
		"'The port's open,' Moyo said. ''Fine,'' said Lind.",
		"“Unclosed quote\n\n“Another one",
		"According to Otieno, the fire began early.",
		"\"\"\"''``“”‘’",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		qs := Quotes(text)
		var spans []domain.Span
		var texts []string
		for _, q := range qs {
			spans = append(spans, q.Span)
			texts = append(texts, q.Text)
			if q.Cue.Start < 0 || q.Cue.End > len(text) || q.Cue.Start > q.Cue.End {
				t.Fatalf("cue span [%d,%d) outside text", q.Cue.Start, q.Cue.End)
			}
		}
		checkSpans(t, text, "quote", spans, texts)
		for _, q := range qs {
			if strings.TrimSpace(q.Text) != q.Text {
				t.Fatalf("quote %q has surrounding space", q.Text)
			}
		}
	})
}
