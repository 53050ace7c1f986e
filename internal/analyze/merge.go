package analyze

import (
	"sort"
	"strings"
)

// MergeNames merges person name forms used across the articles of one
// story. forms maps each form ("Tillerson", "Rex Tillerson", "Mr.
// Tillerson") to how often it was used; the result maps every form to the
// name it should be shown as. A form maps to a compatible longer form:
// same surname (ignoring "al-" style particles and honorifics) and, when
// both give a first name, the same first name or its initial. Among
// several compatible full forms the most used wins, then the one with
// more words, then the alphabetically first; a surname shared by full
// names with different first names ("Clinton": "Hillary Clinton", "Bill
// Clinton") is ambiguous and maps to itself.
func MergeNames(forms map[string]int) map[string]string {
	type form struct {
		name  string
		words []string
		count int
	}
	var all []form
	for f, n := range forms {
		ws := nameWords(strings.TrimSpace(f))
		for len(ws) > 1 && (honorifics[strings.ToLower(ws[0])] || titleNouns[strings.ToLower(ws[0])] || nationalities[strings.ToLower(ws[0])]) {
			ws = ws[1:]
		}
		all = append(all, form{f, ws, n})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].name < all[j].name })
	out := map[string]string{}
	for _, f := range all {
		out[f.name] = strings.Join(f.words, " ")
		if len(f.words) == 0 {
			out[f.name] = f.name
			continue
		}
		var cands []form
		for _, g := range all {
			fuller := len(g.words) > len(f.words) ||
				len(g.words) == len(f.words) && len(f.words) > 1 && len(strings.TrimSuffix(f.words[0], ".")) == 1 && len(g.words[0]) > 2
			if !fuller {
				continue
			}
			if len(g.words) < 2 || !namesCompatible(f.words, g.words) {
				continue
			}
			cands = append(cands, g)
		}
		if len(cands) == 0 {
			continue
		}
		// ambiguous: two candidates with different first names
		ambiguous := false
		for i := range cands {
			for j := i + 1; j < len(cands); j++ {
				if !initialMatch(strings.ToLower(cands[i].words[0]), strings.ToLower(cands[j].words[0])) {
					ambiguous = true
				}
			}
		}
		if ambiguous && len(f.words) < 2 {
			continue
		}
		sort.SliceStable(cands, func(i, j int) bool {
			if cands[i].count != cands[j].count {
				return cands[i].count > cands[j].count
			}
			if len(cands[i].words) != len(cands[j].words) {
				return len(cands[i].words) > len(cands[j].words)
			}
			return cands[i].name < cands[j].name
		})
		out[f.name] = strings.Join(cands[0].words, " ")
	}
	return out
}

// namesCompatible: same surname; first names equal or one an initial of
// the other when both have one.
func namesCompatible(a, b []string) bool {
	if surnameKey(a) != surnameKey(b) {
		return false
	}
	if len(a) < 2 || len(b) < 2 {
		return true
	}
	return initialMatch(strings.ToLower(a[0]), strings.ToLower(b[0]))
}

func initialMatch(a, b string) bool {
	if a == b {
		return true
	}
	ta, tb := strings.TrimSuffix(a, "."), strings.TrimSuffix(b, ".")
	return len(ta) == 1 && strings.HasPrefix(tb, ta) || len(tb) == 1 && strings.HasPrefix(ta, tb)
}
