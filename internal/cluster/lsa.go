package cluster

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// LSA is a small latent semantic table: for each of the most frequent
// terms, a dense vector of Dims numbers (int8 with a per-term scale). An
// article's dense vector is the sum of its tf-idf weights times the term
// vectors (the LSI fold-in), so two articles on the same story written in
// different words can still be close. The table is learnt by FitLSA
// (randomized SVD of the tf-idf matrix of training documents); hand-written
// here, as no maintained Go library for it is served to this project.
type LSA struct {
	Dims  int
	index map[termID]int32
	scale []float32
	vecs  []int8
}

const lsaMagic = "CLSA1\n"

// MarshalBinary encodes the table: magic, dims (uint16), terms (uint32),
// then per term its id (uint32), scale (float32 bits) and Dims int8 values,
// in term-id order.
func (l *LSA) MarshalBinary() ([]byte, error) {
	ids := make([]termID, 0, len(l.index))
	for t := range l.index {
		ids = append(ids, t)
	}
	slices.Sort(ids)
	b := []byte(lsaMagic)
	b = binary.LittleEndian.AppendUint16(b, uint16(l.Dims))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(ids)))
	for _, t := range ids {
		i := l.index[t]
		b = binary.LittleEndian.AppendUint32(b, t)
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(l.scale[i]))
		for _, v := range l.vecs[int(i)*l.Dims : int(i+1)*l.Dims] {
			b = append(b, byte(v))
		}
	}
	return b, nil
}

// ParseLSA decodes a table written by MarshalBinary.
func ParseLSA(b []byte) (*LSA, error) {
	if len(b) < len(lsaMagic)+6 || string(b[:len(lsaMagic)]) != lsaMagic {
		return nil, fmt.Errorf("cluster: lsa table: bad header")
	}
	b = b[len(lsaMagic):]
	dims := int(binary.LittleEndian.Uint16(b))
	n := int(binary.LittleEndian.Uint32(b[2:]))
	b = b[6:]
	if dims < 1 || len(b) != n*(8+dims) {
		return nil, fmt.Errorf("cluster: lsa table: %d bytes for %d terms of %d dims", len(b), n, dims)
	}
	l := &LSA{Dims: dims, index: make(map[termID]int32, n), scale: make([]float32, n), vecs: make([]int8, n*dims)}
	for i := range n {
		rec := b[i*(8+dims):]
		l.index[binary.LittleEndian.Uint32(rec)] = int32(i)
		s := math.Float32frombits(binary.LittleEndian.Uint32(rec[4:]))
		if math.IsNaN(float64(s)) || math.IsInf(float64(s), 0) {
			return nil, fmt.Errorf("cluster: lsa table: term %d has scale %v", i, s)
		}
		l.scale[i] = s
		for d := range dims {
			l.vecs[i*dims+d] = int8(rec[8+d])
		}
	}
	return l, nil
}

// Terms is the number of terms in the table.
func (l *LSA) Terms() int { return len(l.index) }

// project returns the L2-normalised dense vector of a sparse tf-idf
// vector (nil when none of its terms is in the table).
func (l *LSA) project(v []entry) []float32 {
	var out []float32
	for _, e := range v {
		i, ok := l.index[e.T]
		if !ok {
			continue
		}
		if out == nil {
			out = make([]float32, l.Dims)
		}
		w := e.W * l.scale[i]
		for d, q := range l.vecs[int(i)*l.Dims : int(i+1)*l.Dims] {
			out[d] += w * float32(q)
		}
	}
	var s float64
	for _, x := range out {
		s += float64(x) * float64(x)
	}
	if s == 0 {
		return nil
	}
	inv := float32(1 / math.Sqrt(s))
	for d := range out {
		out[d] *= inv
	}
	return out
}

func denseDot(a, b []float32) float64 {
	var s float32
	for i := range min(len(a), len(b)) {
		s += a[i] * b[i]
	}
	return float64(s)
}

func denseNorm(a []float32) float64 { return math.Sqrt(denseDot(a, a)) }

// FitLSA learns a table of the vocab most frequent terms (in at least
// minDF documents) by a randomized SVD (Halko, Martinsson and Tropp 2011;
// power iterations) of the matrix of the inputs' tf-idf vectors, as the
// clusterer with opts computes them. Deterministic for given inputs and
// seed.
func FitLSA(inputs []Input, opts Options, vocab, dims, minDF int, seed uint64) (*LSA, error) {
	opts = opts.withDefaults()
	opts.BoilerDocs = -1
	if opts.DF == nil {
		df, err := DefaultDF()
		if err != nil {
			return nil, err
		}
		opts.DF = df
	}
	if dims < 1 || vocab < dims {
		return nil, fmt.Errorf("cluster: fit lsa: %d dims for %d terms", dims, vocab)
	}
	fz := newFeaturizer(opts, opts.DF)
	docs := make([][]entry, 0, len(inputs))
	df := map[termID]int{}
	for _, in := range inputs {
		v := fz.Features(in).Vec
		docs = append(docs, v)
		for _, e := range v {
			df[e.T]++
		}
	}
	type tc struct {
		t termID
		n int
	}
	var terms []tc
	for t, n := range df {
		if n >= minDF {
			terms = append(terms, tc{t, n})
		}
	}
	slices.SortFunc(terms, func(a, b tc) int {
		if a.n != b.n {
			return b.n - a.n
		}
		if a.t < b.t {
			return -1
		}
		return 1
	})
	if len(terms) > vocab {
		terms = terms[:vocab]
	}
	if len(terms) < dims {
		return nil, fmt.Errorf("cluster: fit lsa: only %d terms in %d documents", len(terms), len(inputs))
	}
	col := make(map[termID]int, len(terms))
	for i, t := range terms {
		col[t.t] = i
	}
	type cell struct {
		c int
		w float64
	}
	rows := make([][]cell, 0, len(docs))
	for _, v := range docs {
		var r []cell
		for _, e := range v {
			if c, ok := col[e.T]; ok {
				r = append(r, cell{c, float64(e.W)})
			}
		}
		if len(r) > 0 {
			rows = append(rows, r)
		}
	}
	n, V := len(rows), len(terms)
	l := dims + 10
	rng := rand.New(rand.NewPCG(seed, seed^0x15a))
	// omega: V x l Gaussian; matrices are row-major.
	z := make([]float64, V*l)
	for i := range z {
		z[i] = rng.NormFloat64()
	}
	y := make([]float64, n*l)
	mulA := func(z, y []float64) { // y = A z
		clear(y)
		for r, row := range rows {
			yr := y[r*l : (r+1)*l]
			for _, c := range row {
				zc := z[c.c*l : (c.c+1)*l]
				for k := range l {
					yr[k] += c.w * zc[k]
				}
			}
		}
	}
	mulAT := func(y, z []float64) { // z = A^T y
		clear(z)
		for r, row := range rows {
			yr := y[r*l : (r+1)*l]
			for _, c := range row {
				zc := z[c.c*l : (c.c+1)*l]
				for k := range l {
					zc[k] += c.w * yr[k]
				}
			}
		}
	}
	mulA(z, y)
	for range 3 {
		orthonormalize(y, n, l)
		mulAT(y, z)
		orthonormalize(z, V, l)
		mulA(z, y)
	}
	orthonormalize(y, n, l)
	mulAT(y, z) // z = A^T Q = B^T (V x l)
	// C = B B^T = z^T z (l x l); its eigenvectors W give V_right = z W / sigma.
	cm := make([]float64, l*l)
	for t := range V {
		zt := z[t*l : (t+1)*l]
		for i := range l {
			for j := range l {
				cm[i*l+j] += zt[i] * zt[j]
			}
		}
	}
	vals, vecs := jacobiEigen(cm, l)
	ord := make([]int, l)
	for i := range ord {
		ord[i] = i
	}
	slices.SortStableFunc(ord, func(a, b int) int {
		if vals[a] > vals[b] {
			return -1
		}
		if vals[a] < vals[b] {
			return 1
		}
		return 0
	})
	out := &LSA{Dims: dims, index: make(map[termID]int32, V), scale: make([]float32, V), vecs: make([]int8, V*dims)}
	row := make([]float64, dims)
	for t := range V {
		zt := z[t*l : (t+1)*l]
		mx := 0.0
		for d := range dims {
			k := ord[d]
			s := 0.0
			for i := range l {
				s += zt[i] * vecs[i*l+k]
			}
			row[d] = s / math.Sqrt(max(vals[k], 1e-30))
			mx = max(mx, math.Abs(row[d]))
		}
		out.index[terms[t].t] = int32(t)
		if mx == 0 {
			continue
		}
		out.scale[t] = float32(mx / 127)
		for d := range dims {
			out.vecs[t*dims+d] = int8(math.Round(row[d] / mx * 127))
		}
	}
	return out, nil
}

// orthonormalize makes the l columns of the n x l row-major matrix a
// orthonormal (modified Gram-Schmidt, twice for stability).
func orthonormalize(a []float64, n, l int) {
	for range 2 {
		for j := range l {
			for k := range j {
				s := 0.0
				for r := range n {
					s += a[r*l+j] * a[r*l+k]
				}
				for r := range n {
					a[r*l+j] -= s * a[r*l+k]
				}
			}
			s := 0.0
			for r := range n {
				s += a[r*l+j] * a[r*l+j]
			}
			s = math.Sqrt(s)
			if s < 1e-300 {
				continue
			}
			for r := range n {
				a[r*l+j] /= s
			}
		}
	}
}

// jacobiEigen returns the eigenvalues and eigenvectors (columns of the
// row-major l x l result) of the symmetric matrix a (destroyed), by cyclic
// Jacobi rotations.
func jacobiEigen(a []float64, l int) ([]float64, []float64) {
	v := make([]float64, l*l)
	for i := range l {
		v[i*l+i] = 1
	}
	for sweep := 0; sweep < 100; sweep++ {
		off := 0.0
		for i := range l {
			for j := i + 1; j < l; j++ {
				off += a[i*l+j] * a[i*l+j]
			}
		}
		if off < 1e-22 {
			break
		}
		for p := range l {
			for q := p + 1; q < l; q++ {
				apq := a[p*l+q]
				if math.Abs(apq) < 1e-300 {
					continue
				}
				theta := (a[q*l+q] - a[p*l+p]) / (2 * apq)
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := range l {
					akp, akq := a[k*l+p], a[k*l+q]
					a[k*l+p], a[k*l+q] = c*akp-s*akq, s*akp+c*akq
				}
				for k := range l {
					apk, aqk := a[p*l+k], a[q*l+k]
					a[p*l+k], a[q*l+k] = c*apk-s*aqk, s*apk+c*aqk
				}
				for k := range l {
					vkp, vkq := v[k*l+p], v[k*l+q]
					v[k*l+p], v[k*l+q] = c*vkp-s*vkq, s*vkp+c*vkq
				}
			}
		}
	}
	vals := make([]float64, l)
	for i := range l {
		vals[i] = a[i*l+i]
	}
	return vals, v
}
