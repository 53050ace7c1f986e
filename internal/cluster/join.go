package cluster

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sync"
)

// The learned join decision (after Miranda et al. 2018, "Multilingual
// Clustering of Streaming News"): instead of "join the most similar story
// when its similarity reaches a threshold", each of an article's best
// JoinCandidates candidate stories is described by several similarity
// features (centroid and average-link cosines, proper-noun cosine, best
// young-member cosine, shared terms, story size and age, the candidate's
// rank and margins, stream density, article length, time gap) and scored
// by a logistic-regression model; the article joins the highest-scoring
// story when its probability reaches the model's threshold. The model is
// trained by `chorus train cluster` (package clustereval) on streams built
// from training data only and embedded here.

// JoinCandidates is the number of best candidates (by similarity) the join
// model scores per article.
const JoinCandidates = 8

// JoinFeatureNames names the features of one (article, candidate story)
// pair, in the order JoinModel weights them. A model file must list the
// same names.
var JoinFeatureNames = []string{
	"sim",          // the rule's similarity (average-link moved centroid cosine)
	"cos",          // centroid cosine
	"avg",          // dot with the member sum / size (mean member cosine)
	"ent",          // proper-noun cosine (0 when either side has none)
	"has_ent",      // both sides have proper nouns
	"log_size",     // log(1+story size)
	"rank",         // rank by sim among the candidates (0 = best)
	"to_best",      // best sim - this sim
	"to_next",      // this sim - next candidate's sim (0 for the last)
	"index_score",  // summed weights of shared query terms (the index's rank score)
	"shared",       // share of the article's vector terms present in the centroid
	"max_term",     // largest single-term contribution to the cosine
	"log_live",     // log(1+live stories)
	"log_words",    // log(1+article words)
	"gap_days",     // days between the article and the story's span (0 when unknown)
	"has_time",     // both publication times known
	"log_idle",     // log(1+articles since the story last grew)
	"young_best",   // best cosine with a young member (0 when the story is not young)
	"young",        // the story still remembers its members
	"log_cands",    // log(1+number of candidates scored)
	"sim_x_size",   // sim * log_size
	"sim_sq",       // sim^2
	"cos_x_live",   // cos * log_live
	"ent_x_hasent", // ent * has_ent * sim
	"lsa",          // cosine of the LSA vectors (0 without Options.LSA)
	"lsa_x_sim",    // lsa * sim
}

// JoinModel is a join decision over JoinFeatureNames features: a logistic
// regression over standardised features, or boosted trees (Trees).
type JoinModel struct {
	Features  []string  `json:"features"`
	Mean      []float64 `json:"mean"`
	Scale     []float64 `json:"scale"`
	Weights   []float64 `json:"weights"`
	Bias      float64   `json:"bias"`
	Threshold float64   `json:"threshold"`
	// Trees, when present, replace the linear part: the log-odds are Bias
	// plus the trees' outputs on the raw features (Mean, Scale and Weights
	// are then unused).
	Trees []JoinTree `json:"trees,omitempty"`
	// Rescue says the threshold was chosen for the rescue use (see
	// Options.JoinRescue); a clusterer using the model then works that way.
	Rescue bool `json:"rescue,omitempty"`
	// Source says how the model was trained (data, flags); informational.
	Source string `json:"source,omitempty"`
}

// Validate checks that the model fits this package's features.
func (m *JoinModel) Validate() error {
	n := len(JoinFeatureNames)
	if !slices.Equal(m.Features, JoinFeatureNames) {
		return fmt.Errorf("cluster: join model features %v, want %v", m.Features, JoinFeatureNames)
	}
	if len(m.Mean) != n || len(m.Scale) != n || len(m.Weights) != n {
		return fmt.Errorf("cluster: join model has %d/%d/%d mean/scale/weights for %d features", len(m.Mean), len(m.Scale), len(m.Weights), n)
	}
	for i := range n {
		for _, v := range []float64{m.Mean[i], m.Scale[i], m.Weights[i]} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("cluster: join model feature %s has a non-finite parameter", m.Features[i])
			}
		}
		if m.Scale[i] <= 0 {
			return fmt.Errorf("cluster: join model feature %s has scale %v", m.Features[i], m.Scale[i])
		}
	}
	for i, t := range m.Trees {
		if err := t.validate(n); err != nil {
			return fmt.Errorf("cluster: join model tree %d: %w", i, err)
		}
	}
	if m.Threshold <= 0 || m.Threshold >= 1 || math.IsNaN(m.Bias) {
		return fmt.Errorf("cluster: join model threshold %v outside (0,1)", m.Threshold)
	}
	return nil
}

// Score is the model's probability that the article belongs to the
// candidate story described by x.
func (m *JoinModel) Score(x []float64) float64 {
	z := m.Bias
	if len(m.Trees) > 0 {
		for _, t := range m.Trees {
			z += t.eval(x)
		}
		return 1 / (1 + math.Exp(-z))
	}
	for i, v := range x {
		z += m.Weights[i] * (v - m.Mean[i]) / m.Scale[i]
	}
	return 1 / (1 + math.Exp(-z))
}

// ParseJoinModel decodes and validates a model file.
func ParseJoinModel(b []byte) (*JoinModel, error) {
	var m JoinModel
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("cluster: join model: %w", err)
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return &m, nil
}

//go:embed joinmodel.json
var joinModelJSON []byte

var (
	defaultJoinOnce sync.Once
	defaultJoin     *JoinModel
	defaultJoinErr  error
)

// DefaultJoinModel returns the embedded join model (joinmodel.json, written
// by `chorus train cluster`).
func DefaultJoinModel() (*JoinModel, error) {
	defaultJoinOnce.Do(func() { defaultJoin, defaultJoinErr = ParseJoinModel(joinModelJSON) })
	return defaultJoin, defaultJoinErr
}

// JoinRow is one scored candidate as Options.Trace sees it.
type JoinRow struct {
	Story int
	X     []float64
}

// scoredCand is a candidate story with its rule similarity.
type scoredCand struct {
	s     int32
	sim   float64
	index float32
}

// dotStats is dot with the number of shared terms and the largest
// single-term product.
func dotStats(a, b []entry) (s float64, shared int, maxp float64) {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].T == b[j].T:
			p := float64(a[i].W) * float64(b[j].W)
			s += p
			maxp = max(maxp, p)
			shared++
			i++
			j++
		case a[i].T < b[j].T:
			i++
		default:
			j++
		}
	}
	return s, shared, maxp
}

// joinFeatures fills x (len(JoinFeatureNames)) for candidate k of the
// sorted candidates sc.
func (o *Online) joinFeatures(f *Features, sc []scoredCand, k int, ts int64, x []float64) {
	c := sc[k]
	st := &o.stories[c.s]
	d, shared, maxp := dotStats(f.Vec, st.sum)
	nrm := float64(st.norm)
	cos, maxTerm := 0.0, 0.0
	if nrm > 0 {
		cos, maxTerm = d/nrm, maxp/nrm
	}
	avg := d / float64(max(st.size, 1))
	ent, hasEnt := 0.0, 0.0
	if len(f.Ents) > 0 && len(st.ents) > 0 && st.entNorm > 0 {
		ent, hasEnt = dot(f.Ents, st.ents)/float64(st.entNorm), 1
	}
	logSize := math.Log1p(float64(st.size))
	toNext := 0.0
	if k+1 < len(sc) {
		toNext = c.sim - sc[k+1].sim
	}
	live := float64(len(o.stories) - o.evicted - o.templates)
	gap, hasTime := 0.0, 0.0
	if ts != 0 && st.last != 0 {
		hasTime = 1
		switch {
		case ts > st.last:
			gap = float64(ts-st.last) / 86400
		case ts < st.first:
			gap = float64(st.first-ts) / 86400
		}
	}
	youngBest, young := 0.0, 0.0
	if len(st.young) > 0 {
		young = 1
		for _, m := range st.young {
			youngBest = max(youngBest, dot(f.Vec, m.vec))
		}
	}
	sharedShare := 0.0
	if len(f.Vec) > 0 {
		sharedShare = float64(shared) / float64(len(f.Vec))
	}
	logLive := math.Log1p(live)
	x[0] = c.sim
	x[1] = cos
	x[2] = avg
	x[3] = ent
	x[4] = hasEnt
	x[5] = logSize
	x[6] = float64(k)
	x[7] = sc[0].sim - c.sim
	x[8] = toNext
	x[9] = float64(c.index)
	x[10] = sharedShare
	x[11] = maxTerm
	x[12] = logLive
	x[13] = math.Log1p(float64(f.Words))
	x[14] = gap
	x[15] = hasTime
	x[16] = math.Log1p(float64(o.pos - st.lastPos))
	x[17] = youngBest
	x[18] = young
	x[19] = math.Log1p(float64(len(sc)))
	x[20] = c.sim * logSize
	x[21] = c.sim * c.sim
	x[22] = cos * logLive
	x[23] = ent * hasEnt * c.sim
	lsa := 0.0
	if len(f.Dense) > 0 && st.denseNorm > 0 {
		lsa = denseDot(f.Dense, st.dense) / float64(st.denseNorm)
	}
	x[24] = lsa
	x[25] = lsa * c.sim
}

// FitJoinModel fits a logistic regression with L2 penalty lambda (on the
// standardised weights, not the bias) to rows of len(JoinFeatureNames)
// features (x, row-major), 0/1 labels and row weights (nil: all 1) by
// damped Newton steps. It is
// deterministic: the same rows in the same order give the same model. The
// threshold is left at 0.5; the caller chooses it.
func FitJoinModel(x []float64, y []bool, wt []float64, lambda float64, iters int) (*JoinModel, error) {
	n := len(JoinFeatureNames)
	rows := len(y)
	if rows == 0 || len(x) != rows*n {
		return nil, fmt.Errorf("cluster: fit join model: %d values for %d rows of %d features", len(x), rows, n)
	}
	if wt == nil {
		wt = make([]float64, rows)
		for i := range wt {
			wt[i] = 1
		}
	}
	if len(wt) != rows {
		return nil, fmt.Errorf("cluster: fit join model: %d weights for %d rows", len(wt), rows)
	}
	pos := 0
	for _, v := range y {
		if v {
			pos++
		}
	}
	if pos == 0 || pos == rows {
		return nil, fmt.Errorf("cluster: fit join model: need both labels, have %d positive of %d", pos, rows)
	}
	m := &JoinModel{Features: slices.Clone(JoinFeatureNames), Mean: make([]float64, n), Scale: make([]float64, n), Weights: make([]float64, n), Threshold: 0.5}
	for r := range rows {
		for i := range n {
			m.Mean[i] += x[r*n+i]
		}
	}
	for i := range n {
		m.Mean[i] /= float64(rows)
	}
	for r := range rows {
		for i := range n {
			d := x[r*n+i] - m.Mean[i]
			m.Scale[i] += d * d
		}
	}
	for i := range n {
		m.Scale[i] = math.Sqrt(m.Scale[i] / float64(rows))
		if m.Scale[i] < 1e-9 {
			m.Scale[i] = 1
		}
	}
	// Newton steps on [bias, weights] (dimension n+1).
	d := n + 1
	z := make([]float64, d)
	beta := make([]float64, d)
	beta[0] = math.Log(float64(pos) / float64(rows-pos))
	logLoss := func(b []float64) float64 {
		loss := 0.0
		for r := range rows {
			s := b[0]
			for i := range n {
				s += b[i+1] * (x[r*n+i] - m.Mean[i]) / m.Scale[i]
			}
			// log(1+e^s) - t*s, computed without overflow.
			l := max(s, 0) + math.Log1p(math.Exp(-math.Abs(s)))
			if y[r] {
				l -= s
			}
			loss += wt[r] * l
		}
		for i := 1; i < d; i++ {
			loss += lambda / 2 * b[i] * b[i]
		}
		return loss
	}
	for range iters {
		g := make([]float64, d)
		h := make([]float64, d*d)
		for r := range rows {
			z[0] = 1
			for i := range n {
				z[i+1] = (x[r*n+i] - m.Mean[i]) / m.Scale[i]
			}
			s := 0.0
			for i := range d {
				s += beta[i] * z[i]
			}
			p := 1 / (1 + math.Exp(-s))
			t := 0.0
			if y[r] {
				t = 1
			}
			w := wt[r] * max(p*(1-p), 1e-12)
			for i := range d {
				g[i] += wt[r] * (p - t) * z[i]
				zi := w * z[i]
				for j := i; j < d; j++ {
					h[i*d+j] += zi * z[j]
				}
			}
		}
		for i := range d {
			for j := 0; j < i; j++ {
				h[i*d+j] = h[j*d+i]
			}
		}
		for i := 1; i < d; i++ {
			g[i] += lambda * beta[i]
			h[i*d+i] += lambda
		}
		step, err := solve(h, g, d)
		if err != nil {
			return nil, fmt.Errorf("cluster: fit join model: %w", err)
		}
		// Damped Newton: halve the step until the penalised loss falls.
		cur := logLoss(beta)
		next := make([]float64, d)
		change := 0.0
		for scale := 1.0; scale > 1e-6; scale /= 2 {
			for i := range d {
				next[i] = beta[i] - scale*step[i]
			}
			if logLoss(next) <= cur {
				change = 0
				for i := range d {
					change = max(change, math.Abs(next[i]-beta[i]))
				}
				copy(beta, next)
				break
			}
		}
		if change < 1e-7 {
			break
		}
	}
	m.Bias = beta[0]
	copy(m.Weights, beta[1:])
	return m, nil
}

// solve solves the symmetric positive definite system a x = b (a is d*d,
// row-major) by Cholesky decomposition.
func solve(a, b []float64, d int) ([]float64, error) {
	l := make([]float64, d*d)
	for i := range d {
		for j := 0; j <= i; j++ {
			s := a[i*d+j]
			for k := range j {
				s -= l[i*d+k] * l[j*d+k]
			}
			if i == j {
				if s <= 0 {
					return nil, fmt.Errorf("matrix not positive definite at %d", i)
				}
				l[i*d+i] = math.Sqrt(s)
			} else {
				l[i*d+j] = s / l[j*d+j]
			}
		}
	}
	y := make([]float64, d)
	for i := range d {
		s := b[i]
		for k := range i {
			s -= l[i*d+k] * y[k]
		}
		y[i] = s / l[i*d+i]
	}
	x := make([]float64, d)
	for i := d - 1; i >= 0; i-- {
		s := y[i]
		for k := i + 1; k < d; k++ {
			s -= l[k*d+i] * x[k]
		}
		x[i] = s / l[i*d+i]
	}
	return x, nil
}
