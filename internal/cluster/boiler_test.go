package cluster

import (
	"fmt"
	"testing"
)

// pitch is our own stand-in for a line that a site appends to every page.
const pitch = "Sign up for the morning newsletter and get the top stories from our newsroom delivered to your inbox every weekday."

var shortStories = []string{
	"Firefighters contained a grass fire near the Kessel quarry on Sunday. Crews from three towns worked through the night, and nobody was hurt, officials said.",
	"The Arden library reopened after a roof repair that took most of the summer. Readers returned to find the children's corner moved upstairs.",
	"Voters in Lorn approved the new school levy by a narrow margin. The money will pay for two classrooms and a bus for the valley route.",
	"A rare owl was spotted nesting at Fenwick marsh, birders reported. Wardens closed the northern path until the chicks have fledged.",
	"The Tamsin ferry resumed its winter timetable after a week of storms. Crossings leave every two hours, and the night boat stays cancelled.",
	"Bakers in Oster protested the rising price of flour outside the town hall. They asked the council to cut market fees until the harvest.",
}

func TestOnlineBoilerplateSentencesDoNotMergeStories(t *testing.T) {
	run := func(boiler int) []Assignment {
		c, err := NewOnline(Options{BoilerDocs: boiler})
		if err != nil {
			t.Fatal(err)
		}
		var out []Assignment
		for i, s := range shortStories {
			out = append(out, c.Add(Input{ID: fmt.Sprintf("s%d", i), Text: s + " " + pitch}))
		}
		return out
	}
	// Without the filter the shared line outweighs the short, unrelated
	// reports and some of them pile into one story (none is a copy).
	off := run(-1)
	merged := 0
	for _, a := range off[1:] {
		if a.CopyOf != "" {
			t.Fatalf("fixture articles are near-copies: %+v", a)
		}
		if !a.New {
			merged++
		}
	}
	if merged == 0 {
		t.Fatalf("fixture does not exercise the filter: no merges without it")
	}
	// With it, once the line was seen in 3 articles it stops counting: the
	// fourth article on starts its own story.
	on := run(3)
	for i := 3; i < len(on); i++ {
		if !on[i].New || on[i].CopyOf != "" {
			t.Errorf("article %d joined story %d (sim %.3f) through a boilerplate line", i, on[i].Story, on[i].Similarity)
		}
	}
}

func TestSentencesHashWordsNotCase(t *testing.T) {
	a := sentences(tokenize("Breaking news: The Mayor resigned today after a long inquiry. Short one.", nil), nil)
	b := sentences(tokenize("breaking news: the mayor resigned TODAY after a long inquiry! short one.", nil), nil)
	if len(a) != 1 || len(b) != 1 {
		t.Fatalf("want one sentence of >= %d words each, got %d and %d", minSentWords, len(a), len(b))
	}
	if a[0].hash != b[0].hash {
		t.Errorf("same words, different hashes")
	}
	c := sentences(tokenize("The Mayor resigned today after a short inquiry.", nil), nil)
	if len(c) != 1 || c[0].hash == a[0].hash {
		t.Errorf("different words must hash differently: %v vs %v", c, a)
	}
}
