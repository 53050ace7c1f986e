package cluster

// SetInspect installs the error-analysis hook (see Options.inspect).
func SetInspect(o *Options, f func(id string, cands []int32, sims []float64, extra [][3]float64, pooled func(int32) bool, threshold float64, best int32, join bool) (int32, bool)) {
	o.inspect = f
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
