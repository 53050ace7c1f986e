package cluster

import (
	"fmt"
	"testing"
)

// denseStream returns a clusterer fed with the ferry-strike and
// orchard-frost stories and filler articles on unrelated subjects, so that
// it holds more live stories than DensityStories (4): a dense stream.
// Measured with the default representation, the ferry follow-up is about
// 0.65 from the ferry story and near 0 from every other; the coast-weather
// piece, which mentions both the harbour and the orchards, is about 0.38
// from the orchard story and 0.33 from the ferry story.
func denseStream(t *testing.T, opts Options, filler int) *Online {
	t.Helper()
	opts.DensityStories = 4
	c, err := NewOnline(opts)
	if err != nil {
		t.Fatal(err)
	}
	c.Add(Input{ID: "ferry", Text: readFixture(t, "ferry_strike.txt")})
	c.Add(Input{ID: "orchard", Text: readFixture(t, "orchard_frost.txt")})
	for i := range filler {
		c.Add(Input{ID: fmt.Sprintf("filler%d", i), Text: fmt.Sprintf("Report w%dx on subject z%dq and matter k%dv in the town of p%dr.", i, i, i, i)})
	}
	if c.Stories() != 2+filler {
		t.Fatalf("%d stories before the test articles, want %d", c.Stories(), 2+filler)
	}
	return c
}

func TestRunnerUpLeavesGenericArticleAloneInDenseStream(t *testing.T) {
	weather := Input{ID: "weather", Text: readFixture(t, "coast_weather.txt")}
	// The plain threshold joins the piece to the closer of two stories it
	// resembles almost equally.
	plain := denseStream(t, Options{Threshold: 0.35}, 6)
	if a := plain.Add(weather); a.New {
		t.Fatalf("plain threshold: weather piece started a story (similarity %.3f)", a.Similarity)
	}
	// Less 0.7 times the runner-up it is far below the dense threshold.
	ru := denseStream(t, Options{Threshold: 0.35, RunnerUp: 0.7, DenseThreshold: 0.3}, 6)
	if a := ru.Add(weather); !a.New {
		t.Errorf("runner-up rule: weather piece joined story %d, want a new story", a.Story)
	}
	// The follow-up stands out and still joins.
	if a := ru.Add(Input{ID: "followup", Text: readFixture(t, "ferry_followup.txt")}); a.New || a.Story != 0 {
		t.Errorf("runner-up rule: follow-up in story %d (new %v), want the ferry story 0", a.Story, a.New)
	}
}

func TestRunnerUpJoinsStandoutBelowThreshold(t *testing.T) {
	followup := Input{ID: "followup", Text: readFixture(t, "ferry_followup.txt")}
	plain := denseStream(t, Options{Threshold: 0.7}, 6)
	if a := plain.Add(followup); !a.New {
		t.Fatalf("threshold 0.7: follow-up joined story %d (similarity %.3f), want a new story", a.Story, a.Similarity)
	}
	ru := denseStream(t, Options{Threshold: 0.7, RunnerUp: 0.7, DenseThreshold: 0.5}, 6)
	if a := ru.Add(followup); a.New || a.Story != 0 {
		t.Errorf("runner-up rule: follow-up in story %d (new %v), want the ferry story 0", a.Story, a.New)
	}
}

func TestRunnerUpOffBelowDensity(t *testing.T) {
	// Two live stories, not more than DensityStories: the plain threshold
	// decides whatever RunnerUp says.
	c := denseStream(t, Options{Threshold: 0.35, RunnerUp: 0.7, DenseThreshold: 0.3}, 0)
	if a := c.Add(Input{ID: "weather", Text: readFixture(t, "coast_weather.txt")}); a.New {
		t.Errorf("sparse stream: weather piece started a story, want it joined as under the plain threshold")
	}
}

func TestStandoutJoinsInSparseStreamWithEnoughCandidates(t *testing.T) {
	// Two live stories: a sparse stream. The follow-up's only candidate is
	// the ferry story (about 0.65), below a threshold of 0.7.
	followup := Input{ID: "followup", Text: readFixture(t, "ferry_followup.txt")}
	base := Options{Threshold: 0.7, RunnerUp: 0.7, DenseThreshold: 0.5}
	if a := denseStream(t, base, 0).Add(followup); !a.New {
		t.Fatalf("no standout rule: follow-up joined story %d, want a new story", a.Story)
	}
	one := base
	one.StandoutCands = 1
	if a := denseStream(t, one, 0).Add(followup); a.New || a.Story != 0 {
		t.Errorf("standout rule, 1 candidate needed: follow-up in story %d (new %v), want the ferry story 0", a.Story, a.New)
	}
	two := base
	two.StandoutCands = 2
	if a := denseStream(t, two, 0).Add(followup); !a.New {
		t.Errorf("standout rule, 2 candidates needed: follow-up with one candidate joined story %d, want a new story", a.Story)
	}
}
