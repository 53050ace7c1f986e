package cluster

import (
	"fmt"
	"testing"
)

// twoEvents returns articles about two different storms of the same kind,
// written by us: they share the vocabulary of storms, and each event has
// its own places and people. They alternate, so the second article (event
// B) arrives while event A's story has a single article.
func twoEvents() (ins []Input, event []byte) {
	common := "A violent storm tore roofs from houses, flooded streets and cut power lines overnight while emergency crews cleared fallen trees. "
	a := []string{
		"In Norvik harbour the fishing fleet was smashed against the pier and mayor Halvorsen opened the ferry terminal as a shelter.",
		"Mayor Halvorsen said the Norvik ferry terminal sheltered two hundred people after the harbour pier collapsed onto the fishing fleet.",
		"Fishermen in Norvik counted boats sunk at the harbour pier; Halvorsen asked the ferry company to keep its terminal open.",
		"The Norvik harbour master told Halvorsen the pier and the fishing fleet would take months to repair, the ferry resumed at noon.",
		"Halvorsen toured the Norvik harbour with ferry crews and fishermen whose fleet was wrecked beside the broken pier.",
		"Norvik fishermen and ferry staff pumped water from the harbour terminal while Halvorsen promised money for the pier and fleet.",
	}
	b := []string{
		"In the mountain town of Castellbo a landslide buried the school road and governor Mirova sent army trucks with generators.",
		"Governor Mirova said army trucks reached Castellbo after the landslide on the school road, bringing generators and blankets.",
		"Castellbo teachers moved pupils from the school when the landslide blocked the road; Mirova asked the army for generators.",
		"Army engineers cleared the Castellbo school road of landslide rubble and Mirova thanked the truck drivers who brought generators.",
		"Mirova visited Castellbo with army officers to see the school, the buried road and the generators lighting the town hall.",
		"Generators hummed in Castellbo as army trucks hauled landslide mud from the school road, governor Mirova said.",
	}
	for i := range a {
		ins = append(ins, Input{ID: fmt.Sprintf("a%d", i), Text: common + a[i]})
		event = append(event, 'A')
		ins = append(ins, Input{ID: fmt.Sprintf("b%d", i), Text: common + b[i]})
		event = append(event, 'B')
	}
	return ins, event
}

func TestSplitSeparatesTwoEventsMergedEarly(t *testing.T) {
	ins, event := twoEvents()
	run := func(opts Options) []int {
		c, err := NewOnline(opts)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]int, len(ins))
		for i, in := range ins {
			out[i] = c.Add(in).Story
		}
		return out
	}
	noSplit := run(Options{SplitRatio: -1})
	// The premise: without splitting, the first two articles (one per
	// event) start one story that then takes in both events.
	if noSplit[0] != noSplit[1] || noSplit[len(ins)-2] != noSplit[len(ins)-1] {
		t.Fatalf("fixture does not merge the two events without splitting: %v", noSplit)
	}
	got := run(Options{})
	t.Logf("without splitting %v, with %v", noSplit, got)
	// With splitting, once the story has split, each later article goes to
	// its own event's story.
	last := map[byte]int{}
	for i := len(ins) - 4; i < len(ins); i++ {
		if s, ok := last[event[i]]; ok && s != got[i] {
			t.Errorf("event %c split over stories %d and %d: %v", event[i], s, got[i], got)
		}
		last[event[i]] = got[i]
	}
	if last['A'] == last['B'] {
		t.Errorf("the two events still share story %d at the end: %v", last['A'], got)
	}
	if again := run(Options{}); fmt.Sprint(again) != fmt.Sprint(got) {
		t.Errorf("not deterministic: %v then %v", got, again)
	}
}
