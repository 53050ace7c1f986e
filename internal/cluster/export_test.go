package cluster

import "slices"

// Inspector sees every candidate story in the window with its similarity
// (and, per candidate, shared rare terms, best young-member cosine and
// weight of exclusive query terms), the threshold and the rule's decision,
// and returns the decision to apply.
type Inspector func(id string, cands []int32, sims []float64, extra [][3]float64, pooled func(int32) bool, threshold float64, best int32, join bool) (int32, bool)

// SetInspect installs the error-analysis hook (see Options.inspect).
func SetInspect(o *Options, f Inspector) {
	o.inspect = func(on *Online, ft *Features, ts int64, best int32, bestSim float64, join bool) (int32, float64, bool) {
		return on.runInspect(f, ft, ts, best, bestSim, join)
	}
}

// VecOf returns an article's term vector as parallel slices (for analysis).
func VecOf(f *Features) ([]uint64, []float32) {
	ts := make([]uint64, len(f.Vec))
	ws := make([]float32, len(f.Vec))
	for i, e := range f.Vec {
		ts[i], ws[i] = uint64(e.T), e.W
	}
	return ts, ws
}

// StoryCos is the cosine of two stories' centroids (for analysis).
func StoryCos(o *Online, a, b int32) float64 {
	sa, sb := &o.stories[a], &o.stories[b]
	if sa.norm == 0 || sb.norm == 0 {
		return 0
	}
	return dot(sa.sum, sb.sum) / float64(sa.norm) / float64(sb.norm)
}

// Live reports whether a story still has its representation (not evicted).
func (o *Online) Live(s int) bool { return o.stories[s].sum != nil }

// runInspect hands the candidates to inspect.
func (o *Online) runInspect(inspect Inspector, f *Features, ts int64, best int32, bestSim float64, join bool) (int32, float64, bool) {
	var cands []int32
	var sims []float64
	var extra [][3]float64
	for _, c := range o.order {
		st := &o.stories[c.s]
		if o.inWindow(st, ts) {
			cands = append(cands, c.s)
			sims = append(sims, o.similarity(f, st))
			var rare, ymax float64
			i, j := 0, 0
			for i < len(f.Vec) && j < len(st.sum) {
				switch {
				case f.Vec[i].T == st.sum[j].T:
					if o.opts.DF.idf(f.Vec[i].T) >= 8 {
						rare++
					}
					i++
					j++
				case f.Vec[i].T < st.sum[j].T:
					i++
				default:
					j++
				}
			}
			for _, m := range st.young {
				ymax = max(ymax, dot(f.Vec, m.vec))
			}
			var excl float64
			for qi, t := range f.Query {
				if p := o.postings[t]; len(p) <= 2 && slices.Contains(p, c.s) {
					excl += float64(f.QueryW[qi])
				}
			}
			extra = append(extra, [3]float64{rare, ymax, excl})
		}
	}
	pooled := func(s int32) bool {
		for _, t := range f.Query {
			if slices.Contains(o.postings[t], s) {
				return true
			}
		}
		return false
	}
	nb, nj := inspect(f.ID, cands, sims, extra, pooled, o.threshold(), best, join)
	if nb == best && nj == join {
		return best, bestSim, join
	}
	if !nj || nb < 0 {
		return -1, 0, false
	}
	return nb, o.similarity(f, &o.stories[nb]), true
}
