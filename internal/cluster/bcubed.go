package cluster

import "fmt"

// BCubedScore holds B-cubed precision, recall and F1 (Bagga & Baldwin 1998):
// for every item, precision is the share of its predicted cluster that
// shares its gold label and recall the share of its gold cluster that
// shares its predicted label; both are averaged over items and F1 is their
// harmonic mean.
type BCubedScore struct {
	P, R, F1 float64
	Items    int
}

// BCubed scores predicted labels against gold labels, item by item
// (pred[i] and gold[i] label item i).
func BCubed[P, G comparable](pred []P, gold []G) (BCubedScore, error) {
	if len(pred) != len(gold) {
		return BCubedScore{}, fmt.Errorf("bcubed: %d predicted labels for %d gold labels", len(pred), len(gold))
	}
	if len(pred) == 0 {
		return BCubedScore{}, fmt.Errorf("bcubed: no items")
	}
	type pair struct {
		p P
		g G
	}
	predSize := make(map[P]int)
	goldSize := make(map[G]int)
	both := make(map[pair]int)
	for i := range pred {
		predSize[pred[i]]++
		goldSize[gold[i]]++
		both[pair{pred[i], gold[i]}]++
	}
	var p, r float64
	for i := range pred {
		n := float64(both[pair{pred[i], gold[i]}])
		p += n / float64(predSize[pred[i]])
		r += n / float64(goldSize[gold[i]])
	}
	n := float64(len(pred))
	s := BCubedScore{P: p / n, R: r / n, Items: len(pred)}
	if s.P+s.R > 0 {
		s.F1 = 2 * s.P * s.R / (s.P + s.R)
	}
	return s, nil
}
