package analyze

import (
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/domain"
)

const entityFixture = `Valdoria and Norland agree to harbour talks

PORT AMSEL (Wire) - Valdorian Foreign Minister Elena Varga met Norland's Secretary of State Tomas Brandt in Port Amsel on Monday.

Varga said the talks with Brandt were "frank". Tomas later thanked the Harbour Workers Union and NATO for their patience.

Mr. Brandt, the Norland envoy, flew back to Norland on Tuesday. Foreign Minister Varga stayed.`

func TestEntitiesMergeAndTitles(t *testing.T) {
	ms := Entities(entityFixture)
	people := map[string]string{} // canonical -> title
	for _, m := range ms {
		if entityFixture[m.Start:m.End] != m.Text {
			t.Fatalf("mention %q: span holds %q", m.Text, entityFixture[m.Start:m.End])
		}
		if m.Type == domain.Person {
			people[m.Canonical] = m.Title
		}
	}
	if len(people) != 2 {
		t.Errorf("people = %v, want Elena Varga and Tomas Brandt only (no fragments)", people)
	}
	if got := people["Elena Varga"]; got != "Valdorian Foreign Minister" {
		t.Errorf("Elena Varga title = %q", got)
	}
	if got := people["Tomas Brandt"]; !strings.Contains(got, "Secretary of State") {
		t.Errorf("Tomas Brandt title = %q", got)
	}
	var nato bool
	for _, m := range ms {
		if m.Text == "NATO" {
			nato = m.Type == domain.Org
		}
		if m.Type == domain.Person && m.Canonical != "Elena Varga" && m.Canonical != "Tomas Brandt" {
			t.Errorf("fragment person %q", m.Text)
		}
	}
	if !nato {
		t.Errorf("NATO not found as an organisation")
	}
}

func TestEntitiesWithoutNERAgree(t *testing.T) {
	// The rules carry the result; prose only adds hints for untitled names.
	with, without := Entities(entityFixture), entitiesNoNER(entityFixture)
	count := func(ms []domain.Mention) int {
		n := 0
		for _, m := range ms {
			if m.Type == domain.Person {
				n++
			}
		}
		return n
	}
	if count(with) != count(without) {
		t.Errorf("person mentions with NER %d, without %d", count(with), count(without))
	}
}

func TestMergeNames(t *testing.T) {
	got := MergeNames(map[string]int{
		"Tillman":               3,
		"Rex Tillman":           2,
		"Mr. Tillman":           1,
		"R. Tillman":            1,
		"Clayton":               2,
		"Hilda Clayton":         2,
		"Bo Clayton":            1,
		"Bashar al-Fayed":       1,
		"al-Fayed":              1,
		"Secretary Rex Tillman": 0,
	})
	want := map[string]string{
		"Tillman":         "Rex Tillman",
		"Rex Tillman":     "Rex Tillman",
		"Mr. Tillman":     "Rex Tillman",
		"R. Tillman":      "Rex Tillman",
		"Clayton":         "Clayton", // ambiguous
		"Hilda Clayton":   "Hilda Clayton",
		"Bo Clayton":      "Bo Clayton",
		"al-Fayed":        "Bashar al-Fayed",
		"Bashar al-Fayed": "Bashar al-Fayed",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("MergeNames[%q] = %q, want %q", k, got[k], v)
		}
	}
}

func TestEntityTitleForms(t *testing.T) {
	tests := []struct{ text, name, title string }{
		{"The Norland ambassador to the United Nations Petra Sand spoke first.", "Petra Sand", "Norland ambassador to the United Nations"},
		{"Valdoria's Ambassador to the United Nations, Ivo Kern, left early.", "Ivo Kern", "Valdoria's Ambassador to the United Nations"},
		{"The talks were led by Ivo Kern, the Valdorian envoy to Norland, on Monday.", "Ivo Kern", "Valdorian envoy to Norland"},
		{"Kremlin spokesman Oleg Varin declined to comment.", "Oleg Varin", "Kremlin spokesman"},
	}
	for _, tt := range tests {
		found := false
		for _, m := range Entities(tt.text) {
			if m.Type == domain.Person && m.Canonical == tt.name {
				found = true
				if m.Title != tt.title {
					t.Errorf("%q: %s title = %q, want %q", tt.text, tt.name, m.Title, tt.title)
				}
			}
		}
		if !found {
			t.Errorf("%q: %s not found", tt.text, tt.name)
		}
	}
}

func TestSurnameAloneWithNER(t *testing.T) {
	text := "The talks went badly for the harbour board.\n\nYesterday Dolan has rejected the offer again. Critics accused Dolan of stalling, and the board asked Dolan to return."
	n := 0
	for _, m := range Entities(text) {
		if m.Type == domain.Person && m.Canonical == "Dolan" {
			n++
		}
	}
	if n != 3 {
		t.Errorf("Dolan found %d times as a person, want 3 (prose labels it, our rules keep it)", n)
	}
}

func TestEntitiesAfterLocativeArePlaces(t *testing.T) {
	text := "Scientists in Marden Heath confirmed the samples were genuine, Minister Elena Varga said."
	for _, m := range Entities(text) {
		if m.Text == "Marden Heath" && m.Type != domain.Place {
			t.Errorf("%q after 'in' typed %s, want PLACE", m.Text, m.Type)
		}
		if m.Text == "Elena Varga" && m.Type != domain.Person {
			t.Errorf("%q typed %s, want PERSON", m.Text, m.Type)
		}
	}
}

// TestEntityShapes covers names whose shape, not a word list of names,
// gives their type: titles split across words, a person "of" a body,
// places named by a geographic word, bodies named by an organisation
// word, and a sentence boundary after an abbreviation.
func TestEntityShapes(t *testing.T) {
	text := "Chief Fire Officer Malcolm Reyes praised the stewards. Supt. Grace Ibekwe of Brenwick Police said the River Sel was rising near Bridge Street. " +
		"The Coastal Institute of Logistics and Norden Capital disagreed. Reyes met envoys in Washington, D.C. She said Ibekwe agreed."
	want := map[string]domain.EntityType{
		"Malcolm Reyes":                  domain.Person,
		"Grace Ibekwe":                   domain.Person,
		"Brenwick Police":                domain.Org,
		"River Sel":                      domain.Place,
		"Bridge Street":                  domain.Place,
		"Coastal Institute of Logistics": domain.Org,
		"Norden Capital":                 domain.Org,
	}
	got := map[string]domain.EntityType{}
	for _, m := range Entities(text) {
		if m.Type == domain.Person {
			got[m.Canonical] = m.Type
		} else {
			got[m.Text] = m.Type
		}
		if strings.Contains(m.Text, "She") {
			t.Errorf("mention %q runs across a sentence end", m.Text)
		}
	}
	for name, typ := range want {
		if got[name] != typ {
			t.Errorf("%s: type %q, want %q (all: %v)", name, got[name], typ, got)
		}
	}
	if _, ok := got["Fire Officer Malcolm Reyes"]; ok {
		t.Errorf("title words kept in the name: %v", got)
	}
}
