package stats

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/table"
)

// KeynessOptions control keyness.parquet.
type KeynessOptions struct {
	A0       float64 // prior size: the pooled counts are scaled to sum to A0; 0 means 1000
	TopWords int     // words kept per comparison at each end of the z ranking; 0 means 50
	MinCount int     // words seen fewer times in the whole corpus are left out; 0 means 5
	// Exclude, when set, drops words from the word list (for example the
	// names of speakers). Entries are never dropped.
	Exclude func(word string) bool
}

func (o KeynessOptions) withDefaults() KeynessOptions {
	if o.A0 <= 0 {
		o.A0 = 1000
	}
	if o.TopWords <= 0 {
		o.TopWords = 50
	}
	if o.MinCount <= 0 {
		o.MinCount = 5
	}
	return o
}

// LogOdds is the weighted log-odds ratio with an informative Dirichlet
// prior of Monroe, Colaresi and Quinn (2008), eqs. 16, 18-20 (with 22 for
// the prior): for a term counted yi times among ni in group i and yj times
// among nj in group j, with prior count alpha for the term and prior total
// alpha0,
//
//	delta = log((yi+alpha)/(ni+alpha0-yi-alpha)) - log((yj+alpha)/(nj+alpha0-yj-alpha))
//	var   = 1/(yi+alpha) + 1/(yj+alpha)
//	z     = delta / sqrt(var)
//
// It returns NaNs unless alpha > 0 and alpha0 > alpha.
func LogOdds(yi, ni, yj, nj, alpha, alpha0 float64) (delta, z float64) {
	if !(alpha > 0) || !(alpha0 > alpha) || yi < 0 || yj < 0 || yi > ni || yj > nj {
		return math.NaN(), math.NaN()
	}
	delta = math.Log((yi+alpha)/(ni+alpha0-yi-alpha)) - math.Log((yj+alpha)/(nj+alpha0-yj-alpha))
	z = delta / math.Sqrt(1/(yi+alpha)+1/(yj+alpha))
	return delta, z
}

// term is a keyness vocabulary item.
type term struct {
	name, dim, cat string
}

// Keyness compares each cycle with the previous cycle and with all other
// cycles pooled, for lexicon entries (counted participant hits, every entry
// seen in either side) and for all participant words (the TopWords highest
// and lowest z per comparison, among words seen at least MinCount times).
// The prior is the whole corpus's counts scaled to A0. For entries the
// totals are all entry hits of the side, so an entry is key when it takes
// a larger part of the framing vocabulary; for words they are all words.
func Keyness(c *aggregate.Counts, cycles []string, opt KeynessOptions) []table.Keyness {
	opt = opt.withDefaults()
	// Entries: counts per cycle per term.
	termIdx := map[term]int{}
	var terms []term
	for _, l := range c.Labels {
		t := term{l.Entry, l.Dimension, l.Category}
		if _, ok := termIdx[t]; !ok {
			termIdx[t] = len(terms)
			terms = append(terms, t)
		}
	}
	ci := map[string]int{}
	for i, cy := range cycles {
		ci[cy] = i
	}
	ent := make([][]float64, len(cycles))
	for i := range ent {
		ent[i] = make([]float64, len(terms))
	}
	for k, n := range c.Entries {
		i, ok := ci[k.Cycle]
		if !ok || k.Label < 0 || k.Label >= len(c.Labels) {
			continue
		}
		l := c.Labels[k.Label]
		ent[i][termIdx[term{l.Entry, l.Dimension, l.Category}]] += float64(n)
	}
	// Words.
	wordSet := map[string]bool{}
	for _, cy := range cycles {
		for w := range c.Words[cy] {
			wordSet[w] = true
		}
	}
	words := make([]string, 0, len(wordSet))
	for w := range wordSet {
		words = append(words, w)
	}
	sort.Strings(words)
	// Each cycle's counts go to the words' indices: a lookup per word a
	// cycle has, not per word of the corpus and cycle.
	widx := make(map[string]int, len(words))
	for j, w := range words {
		widx[w] = j
	}
	wc := make([][]float64, len(cycles))
	for i, cy := range cycles {
		wc[i] = make([]float64, len(words))
		for w, n := range c.Words[cy] {
			wc[i][widx[w]] = float64(n)
		}
	}
	wterms := make([]term, len(words))
	for j, w := range words {
		wterms[j] = term{name: w}
	}
	keepWord := make([]bool, len(words))
	pooledW := sum2(wc)
	for j, w := range words {
		keepWord[j] = pooledW[j] >= float64(opt.MinCount) && (opt.Exclude == nil || !opt.Exclude(w))
	}

	// words are sorted and distinct, so a word's rank is its index.
	wordRank := make([]int32, len(words))
	for j := range wordRank {
		wordRank[j] = int32(j)
	}
	entRank, pooledE := termRanks(terms), sum2(ent)

	var rows []table.Keyness
	for i, cy := range cycles {
		var refs []struct {
			name, cycle string
			ent, wc     []float64
		}
		if i > 0 {
			refs = append(refs, struct {
				name, cycle string
				ent, wc     []float64
			}{"previous", cycles[i-1], ent[i-1], wc[i-1]})
		}
		if len(cycles) > 1 {
			refs = append(refs, struct {
				name, cycle string
				ent, wc     []float64
			}{"others", "", minus(pooledE, ent[i]), minus(pooledW, wc[i])})
		}
		for _, ref := range refs {
			er := compare(ent[i], ref.ent, pooledE, terms, entRank, nil, opt.A0, 0)
			for k := range er {
				er[k].Kind = "entry"
			}
			wr := compare(wc[i], ref.wc, pooledW, wterms, wordRank, keepWord, opt.A0, opt.TopWords)
			for k := range wr {
				wr[k].Kind = "word"
			}
			for _, r := range append(er, wr...) {
				r.Cycle, r.Reference, r.RefCycle = cy, ref.name, ref.cycle
				rows = append(rows, r)
			}
		}
	}
	return rows
}

// compare scores every term seen on either side (and kept) by weighted
// log-odds, sorted by z descending, then by term (see termRanks). With
// ends > 0 it keeps only the ends rows of highest positive z and the ends
// rows of lowest negative z (the ends of the full sorted list).
//
// The sort compares precomputed ranks, not strings, and sorts small
// (index, z) pairs, not rows; with ends > 0 only the kept pairs are
// sorted (see topK) and only the kept rows are built. The order is total
// (ranks are distinct), so it is that of a stable sort of the rows by
// (z, term, dimension+category).
func compare(a, b, pooled []float64, terms []term, rank []int32, keep []bool, a0 float64, ends int) []table.Keyness {
	na, nb, np := total(a), total(b), total(pooled)
	if np == 0 {
		return nil
	}
	score := func(add func(scored)) {
		for j := range terms {
			if (keep != nil && !keep[j]) || a[j]+b[j] == 0 {
				continue
			}
			alpha := a0 * pooled[j] / np
			d, z := LogOdds(a[j], na, b[j], nb, alpha, a0)
			if !math.IsNaN(z) {
				add(scored{int32(j), rank[j], d, z})
			}
		}
	}
	var kept []scored
	if ends > 0 {
		// Rows of z == 0 are never kept.
		pos := topK{k: ends, cmp: byZ}
		neg := topK{k: ends, cmp: func(x, y scored) int { return byZ(y, x) }}
		score(func(s scored) {
			if s.z < 0 {
				neg.add(s)
			} else if s.z > 0 {
				pos.add(s)
			}
		})
		lowest := neg.first()
		slices.SortFunc(lowest, byZ)
		kept = slices.Concat(pos.first(), lowest)
	} else {
		score(func(s scored) { kept = append(kept, s) })
		slices.SortFunc(kept, byZ)
	}
	out := make([]table.Keyness, 0, len(kept))
	for _, s := range kept {
		t := terms[s.j]
		out = append(out, table.Keyness{Term: t.name, Dimension: t.dim, Category: t.cat,
			Count: int64(a[s.j]), CountRef: int64(b[s.j]), LogOdds: s.d, Z: s.z})
	}
	return out
}

// byZ orders keyness scores by z descending, then by rank.
func byZ(x, y scored) int {
	if x.z != y.z {
		if x.z > y.z {
			return -1
		}
		return 1
	}
	return int(x.rank) - int(y.rank)
}

// topK keeps the k first of the scores added, in the order cmp (a total
// order), in a buffer of 2k: when it is full it is sorted and cut to k,
// and from then on a score that does not come before the k-th is dropped
// at once. Sorting every word of a comparison to keep 50 at each end was
// a third of keyness, and its slices most of keyness's garbage.
type topK struct {
	k     int
	cmp   func(x, y scored) int
	buf   []scored
	bound scored // the k-th of the last cut
	cut   bool   // bound is set
}

func (t *topK) add(s scored) {
	if t.cut && t.cmp(s, t.bound) >= 0 {
		return
	}
	t.buf = append(t.buf, s)
	if len(t.buf) >= 2*t.k {
		slices.SortFunc(t.buf, t.cmp)
		t.buf = t.buf[:t.k]
		t.bound, t.cut = t.buf[t.k-1], true
	}
}

// first returns the k first scores added (fewer when fewer were), in the
// order cmp.
func (t *topK) first() []scored {
	slices.SortFunc(t.buf, t.cmp)
	return t.buf[:min(len(t.buf), t.k)]
}

// scored is a term's log-odds and z in one comparison.
type scored struct {
	j, rank int32
	d, z    float64
}

// termRanks gives each term its place in the order of (name,
// dimension+category, index), the tie-break of keyness rows with equal z.
func termRanks(terms []term) []int32 {
	idx := make([]int, len(terms))
	dc := make([]string, len(terms))
	for j, t := range terms {
		idx[j], dc[j] = j, t.dim+t.cat
	}
	slices.SortStableFunc(idx, func(x, y int) int {
		if c := strings.Compare(terms[x].name, terms[y].name); c != 0 {
			return c
		}
		return strings.Compare(dc[x], dc[y])
	})
	rank := make([]int32, len(terms))
	for r, j := range idx {
		rank[j] = int32(r)
	}
	return rank
}

func sum2(x [][]float64) []float64 {
	if len(x) == 0 {
		return nil
	}
	out := make([]float64, len(x[0]))
	for _, r := range x {
		for j, v := range r {
			out[j] += v
		}
	}
	return out
}

func minus(a, b []float64) []float64 {
	out := make([]float64, len(a))
	for i := range a {
		out[i] = a[i] - b[i]
	}
	return out
}

func total(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}
