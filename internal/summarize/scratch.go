package summarize

import "unsafe"

// scratch holds the memory of one cluster's arrays (token ids, tf-idf
// vectors, feature rows and their temporaries) so that Summarize can hand
// it to the next cluster instead of leaving it to the garbage collector:
// the batch command summarises thousands of clusters, and allocating
// afresh for each made the collector a tenth of its run time. Every user
// of newCluster releases the cluster when done with it, and nothing may be
// kept from it after that (Features copies its rows out first).
type scratch struct {
	i32  chunks[int32]
	f64  chunks[float64]
	wv   chunks[wv]
	wvs  chunks[wvs]
	str  chunks[string]
	i    chunks[int]
	b    chunks[bool]
	u64  chunks[uint64]
	u32  chunks[uint32]
	i8   chunks[int8]
	u8   chunks[uint8]
	w3   chunks[[3]int32]
	f64s chunks[[]float64] // feature rows, similarity rows
	// Arrays of the cluster itself.
	sents chunks[sentence]
	pairs chunks[[2]int32]
	post  chunks[[]wvs]
	rk    chunks[rankKey]
}

// scratchFree keeps released scratch between calls; unlike a sync.Pool it
// is not emptied by the garbage collector.
var scratchFree = make(chan *scratch, 64)

func getScratch() *scratch {
	select {
	case s := <-scratchFree:
		return s
	default:
		return &scratch{}
	}
}

// release makes s available to other clusters.
func (s *scratch) release() {
	s.i32.reset()
	s.f64.reset()
	s.wv.reset()
	s.wvs.reset()
	s.str.reset()
	s.i.reset()
	s.b.reset()
	s.u64.reset()
	s.u32.reset()
	s.i8.reset()
	s.u8.reset()
	s.w3.reset()
	s.f64s.reset()
	s.sents.reset()
	s.pairs.reset()
	s.post.reset()
	s.rk.reset()
	select {
	case scratchFree <- s:
	default:
	}
}

// chunks hands out slices carved from large blocks. After reset the
// blocks are handed out again; a cluster that needed more than the first
// block leaves one block large enough for it.
type chunks[T any] struct {
	blocks [][]T
	cur    int // block being carved
	off    int // next free element of blocks[cur]
	used   int // elements handed out since reset
}

// blockBytes is the least size of a block.
const blockBytes = 128 << 10

// take returns a zeroed slice of length and capacity n.
func (c *chunks[T]) take(n int) []T {
	s := c.room(n)[:n]
	clear(s)
	return s
}

// room returns an empty slice of capacity n (whose backing array may hold
// old values: only for filling with append).
func (c *chunks[T]) room(n int) []T {
	c.used += n
	for {
		if c.cur == len(c.blocks) {
			least := blockBytes / max(1, int(unsafe.Sizeof(*new(T))))
			c.blocks = append(c.blocks, make([]T, max(least, n, c.used)))
			c.off = 0
		}
		b := c.blocks[c.cur]
		if c.off+n <= len(b) {
			s := b[c.off : c.off : c.off+n]
			c.off += n
			return s
		}
		c.cur++
		c.off = 0
	}
}

func (c *chunks[T]) reset() {
	if len(c.blocks) > 1 {
		// One block for everything the last cluster needed, up to a
		// bound (longer inputs allocate the rest).
		c.blocks = [][]T{make([]T, min(c.used+c.used/4, 1<<22))}
	}
	c.cur, c.off, c.used = 0, 0, 0
}
