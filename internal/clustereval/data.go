package clustereval

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/chorusnews/chorus/internal/cluster"
)

// Item is one evaluation article with its gold label.
type Item struct {
	In    cluster.Input
	Gold  string
	Group string // coarse group (ECB+ topic), for reporting
	Split string
}

// LoadLabelled reads a JSON Lines file of articles with a gold label under
// goldKey (ECB+ docs.jsonl.gz: doc_id, text, topic, subtopic, split). When
// split is not empty only lines whose "split" equals it are kept.
func LoadLabelled(path, goldKey, split string) ([]Item, error) {
	var items []Item
	err := eachLine(path, func(line int, data []byte) error {
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
		str := func(k string) string {
			switch v := m[k].(type) {
			case string:
				return v
			case float64:
				return fmt.Sprint(v)
			}
			return ""
		}
		if split != "" && str("split") != split {
			return nil
		}
		gold := str(goldKey)
		if gold == "" {
			return fmt.Errorf("%s:%d: no gold label %q", path, line, goldKey)
		}
		id := str("doc_id")
		if id == "" {
			id = fmt.Sprintf("line-%d", line)
		}
		items = append(items, Item{
			In:    cluster.Input{ID: id, Title: str("title"), Text: str("text")},
			Gold:  gold,
			Group: str("topic"),
			Split: str("split"),
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("%s: no articles (split %q)", path, split)
	}
	return items, nil
}

// MultiNewsMix builds a reproducible clustering set from a Multi-News file
// (one cluster per line, "id" and "documents"): clusters documents of at
// least minWords words (clusters left with fewer than one document are
// skipped), then the documents of clusters chosen at random (all when
// clusters <= 0) shuffled together, both with a PCG generator seeded by
// seed. Gold is the Multi-News cluster id.
func MultiNewsMix(path string, clusters int, seed uint64, minWords int) ([]Item, error) {
	return MultiNewsMixRange(path, 0, 0, clusters, seed, minWords)
}

// MultiNewsMixRange is MultiNewsMix over the clusters on lines from+1 to
// `to` of the file only (the clusters numbered from, from+1, ..., to-1 from
// 0; to <= 0 means to the end), so a declared part of a file can train and
// the rest stay untouched.
func MultiNewsMixRange(path string, from, to, clusters int, seed uint64, minWords int) ([]Item, error) {
	var groups [][]Item
	err := eachLine(path, func(line int, data []byte) error {
		if line-1 < from || (to > 0 && line-1 >= to) {
			return nil
		}
		var rec struct {
			ID        string   `json:"id"`
			Documents []string `json:"documents"`
		}
		if err := json.Unmarshal(data, &rec); err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if rec.ID == "" {
			return fmt.Errorf("%s:%d: missing \"id\"", path, line)
		}
		var g []Item
		for i, d := range rec.Documents {
			if len(strings.Fields(d)) < minWords {
				continue
			}
			g = append(g, Item{In: cluster.Input{ID: fmt.Sprintf("%s/%d", rec.ID, i), Text: d}, Gold: rec.ID})
		}
		if len(g) > 0 {
			groups = append(groups, g)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	if clusters > 0 && clusters < len(groups) {
		rng.Shuffle(len(groups), func(i, j int) { groups[i], groups[j] = groups[j], groups[i] })
		groups = groups[:clusters]
	}
	var items []Item
	for _, g := range groups {
		items = append(items, g...)
	}
	rng.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	return items, nil
}

// Shuffle reorders items with a PCG generator seeded by seed (0 keeps the order).
func Shuffle(items []Item, seed uint64) {
	if seed == 0 {
		return
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	rng.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
}
