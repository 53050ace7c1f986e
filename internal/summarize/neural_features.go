package summarize

import "slices"

// neuralFeatures fills the Neural model's score of every sentence and its
// rank within the cluster; hashes are the pairHash64 values of the
// cluster's token pairs.
func (c *cluster) neuralFeatures(out [][]float64, hashes []uint64) {
	nm := c.m.Neural
	bits := nm.Bits
	uni := c.buf.u32.take(len(c.stems))
	for id, st := range c.stems {
		uni[id] = uint32(pairHash64("\x00", st) >> (64 - bits))
	}
	total := 0
	for i := range c.sents {
		total += 2 * len(c.sents[i].toks)
	}
	flat := c.buf.u32.take(total)[:0]
	buckets := make([][]uint32, len(c.sents))
	docs := make([]int, len(c.sents))
	pos := make([]int, len(c.sents))
	for i := range c.sents {
		s := &c.sents[i]
		start := len(flat)
		for k, id := range s.toks {
			flat = append(flat, uni[id])
			if k > 0 {
				flat = append(flat, uint32(hashes[s.pairs[k-1]]>>(64-bits)))
			}
		}
		b := flat[start:]
		slices.Sort(b)
		b = slices.Compact(b)
		flat = flat[:start+len(b)]
		buckets[i] = b
		docs[i], pos[i] = s.doc, s.idx
	}
	scores := nm.Score(nil, buckets, docs, pos)
	for i, v := range scores {
		out[i][fNeural] = v
	}
	c.rank(out, fNeural, fRankNeural)
}
