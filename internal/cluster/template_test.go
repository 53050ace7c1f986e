package cluster

import (
	"fmt"
	"math"
	"testing"
	"time"
)

// notice is our own stand-in for a page template (an archive or login
// notice) that pages about unrelated stories all carry.
const notice = "This page is kept by the archive. Copies are taken every day and added to the collection after a short delay, so readers can always find the version that was live when it was linked."

func TestOnlineTemplateCopiesStayAlone(t *testing.T) {
	c, err := NewOnline(Options{MaxCopies: 3})
	if err != nil {
		t.Fatal(err)
	}
	var got []Assignment
	for i := range 6 {
		got = append(got, c.Add(Input{ID: fmt.Sprintf("n%d", i), Text: notice}))
	}
	// The first three form one family (a syndicated story would too).
	for i := 1; i < 3; i++ {
		if got[i].CopyOf != "n0" || got[i].Story != got[0].Story || got[i].New {
			t.Errorf("copy %d: %+v, want a copy of n0 in story %d", i, got[i], got[0].Story)
		}
	}
	// Beyond MaxCopies the family is a template: copies are still reported
	// as copies, but each stays alone.
	seen := map[int]bool{got[0].Story: true}
	for i := 3; i < 6; i++ {
		if got[i].CopyOf != "n0" || !got[i].New || seen[got[i].Story] {
			t.Errorf("template copy %d: %+v, want a copy of n0 alone in a new story", i, got[i])
		}
		seen[got[i].Story] = true
	}
	if c.Templates() != 3 {
		t.Errorf("Templates() = %d, want 3", c.Templates())
	}
	// A template story can never be joined.
	a := c.Add(Input{ID: "x", Text: "The archive adds copies of every page to its collection each day; readers find the live version of a linked page there."})
	for i := 3; i < 6; i++ {
		if a.Story == got[i].Story {
			t.Errorf("article joined template story %d", a.Story)
		}
	}
}

func TestOnlineMaxCopiesNegativeKeepsAllCopiesTogether(t *testing.T) {
	c, err := NewOnline(Options{MaxCopies: -1})
	if err != nil {
		t.Fatal(err)
	}
	first := c.Add(Input{ID: "n0", Text: notice})
	for i := 1; i < 20; i++ {
		if a := c.Add(Input{ID: fmt.Sprintf("n%d", i), Text: notice}); a.Story != first.Story {
			t.Fatalf("copy %d in story %d, want %d", i, a.Story, first.Story)
		}
	}
}

func TestOnlineIdleStoriesAreEvictedByPosition(t *testing.T) {
	c, err := NewOnline(Options{EvictAfter: 1, IdleArticles: 10})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	story := "The harbour authority of Port Elsby closed the old swing bridge after engineers found cracks in two of its piers on Tuesday."
	first := c.Add(Input{ID: "a", Text: story, Published: day})
	// Forty unrelated articles within the same hour: the bridge story is
	// idle for far more than IdleArticles articles.
	for i := range 40 {
		c.Add(Input{ID: fmt.Sprintf("f%d", i), Text: fmt.Sprintf("Filler report number w%dx about topic z%dq with nothing in common k%dv.", i, i, i), Published: day})
	}
	if c.Evicted() == 0 {
		t.Fatalf("nothing evicted after 40 articles with IdleArticles 10")
	}
	// Not a copy (copies follow their original), but the same story.
	later := "Engineers found cracks in two piers, so the Port Elsby harbour authority has closed the old swing bridge; ferries run instead."
	a := c.Add(Input{ID: "b", Text: later, Published: day})
	if a.Story == first.Story {
		t.Errorf("article joined story %d that was idle for 40 articles", first.Story)
	}
	// With the position window off, the same stream keeps the story.
	c2, _ := NewOnline(Options{EvictAfter: 1, IdleArticles: -1})
	first = c2.Add(Input{ID: "a", Text: story, Published: day})
	for i := range 40 {
		c2.Add(Input{ID: fmt.Sprintf("f%d", i), Text: fmt.Sprintf("Filler report number w%dx about topic z%dq with nothing in common k%dv.", i, i, i), Published: day})
	}
	if a := c2.Add(Input{ID: "b", Text: later, Published: day}); a.Story != first.Story {
		t.Errorf("without a position window: story %d, want %d", a.Story, first.Story)
	}
}

func TestOnlineThresholdRisesWithLiveStories(t *testing.T) {
	c, err := NewOnline(Options{Threshold: 0.2, DensitySlope: 0.01, DensityStories: 4})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 16 {
		c.Add(Input{ID: fmt.Sprintf("a%d", i), Text: fmt.Sprintf("Report w%dx on subject z%dq and matter k%dv in the town of p%dr.", i, i, i, i)})
	}
	if c.Stories() != 16 {
		t.Fatalf("%d stories, want 16 unrelated ones", c.Stories())
	}
	// 16 live stories = two doublings above 4.
	if got, want := c.threshold(), 0.2+0.01*2; math.Abs(got-want) > 1e-9 {
		t.Errorf("threshold %.4f, want %.4f", got, want)
	}
	off, _ := NewOnline(Options{Threshold: 0.2})
	for i := range 16 {
		off.Add(Input{ID: fmt.Sprintf("a%d", i), Text: fmt.Sprintf("Report w%dx on subject z%dq and matter k%dv in the town of p%dr.", i, i, i, i)})
	}
	if got := off.threshold(); got != 0.2 {
		t.Errorf("without a density slope: threshold %.4f, want 0.2", got)
	}
}
