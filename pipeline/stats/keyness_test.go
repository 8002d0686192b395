package stats

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/drift-project/drift/pipeline/table"
)

// compareRef is compare as it was before ranks (commit 1f7b688): every row
// built, then a stable sort with string concatenation in the comparator,
// then trimEnds. compare must give the same rows.
func compareRef(a, b, pooled []float64, terms []term, keep []bool, a0 float64) []table.Keyness {
	na, nb, np := total(a), total(b), total(pooled)
	var out []table.Keyness
	if np == 0 {
		return nil
	}
	for j, t := range terms {
		if (keep != nil && !keep[j]) || a[j]+b[j] == 0 {
			continue
		}
		alpha := a0 * pooled[j] / np
		d, z := LogOdds(a[j], na, b[j], nb, alpha, a0)
		if math.IsNaN(z) {
			continue
		}
		out = append(out, table.Keyness{Term: t.name, Dimension: t.dim, Category: t.cat, Count: int64(a[j]), CountRef: int64(b[j]), LogOdds: d, Z: z})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Z != out[j].Z {
			return out[i].Z > out[j].Z
		}
		if out[i].Term != out[j].Term {
			return out[i].Term < out[j].Term
		}
		return out[i].Dimension+out[i].Category < out[j].Dimension+out[j].Category
	})
	return out
}

func trimEndsRef(rows []table.Keyness, k int) []table.Keyness {
	var out []table.Keyness
	for i := 0; i < len(rows) && i < k && rows[i].Z > 0; i++ {
		out = append(out, rows[i])
	}
	start := len(rows) - k
	if start < len(out) {
		start = len(out)
	}
	for i := start; i < len(rows); i++ {
		if rows[i].Z < 0 {
			out = append(out, rows[i])
		}
	}
	return out
}

// TestCompareMatchesReference checks compare against compareRef on random
// counts with many ties (equal counts give equal z), for entries (terms
// in no order, names shared across categories, dimension+category
// concatenations that collide) and for words (sorted, distinct).
func TestCompareMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for trial := range 300 {
		n := 1 + rng.IntN(60)
		var terms []term
		words := trial%2 == 1
		for j := range n {
			if words {
				terms = append(terms, term{name: fmt.Sprintf("w%03d", j)})
				continue
			}
			dims := []string{"ab", "a", ""}
			cats := []string{"c", "bc", "x"}
			terms = append(terms, term{fmt.Sprintf("e%d", rng.IntN(n/2+1)), dims[rng.IntN(3)], cats[rng.IntN(3)]})
		}
		a, b := make([]float64, n), make([]float64, n)
		var keep []bool
		if words {
			keep = make([]bool, n)
		}
		for j := range n {
			a[j], b[j] = float64(rng.IntN(4)), float64(rng.IntN(4))
			if keep != nil {
				keep[j] = rng.IntN(5) > 0
			}
		}
		pooled := make([]float64, n)
		for j := range n {
			pooled[j] = a[j] + b[j] + float64(rng.IntN(3))
		}
		rank := termRanks(terms)
		for _, ends := range []int{0, 1, 3, 50} {
			if ends > 0 && !words {
				continue
			}
			want := compareRef(a, b, pooled, terms, keep, 100)
			if ends > 0 {
				want = trimEndsRef(want, ends)
			}
			got := compare(a, b, pooled, terms, rank, keep, 100, ends)
			if len(got) == 0 && len(want) == 0 {
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("trial %d, ends %d:\n got %v\nwant %v", trial, ends, got, want)
			}
		}
	}
}

func TestTermRanksOfSortedWordsAreIndexes(t *testing.T) {
	terms := []term{{name: "a"}, {name: "b"}, {name: "ba"}, {name: "c"}}
	if got, want := termRanks(terms), []int32{0, 1, 2, 3}; !reflect.DeepEqual(got, want) {
		t.Errorf("termRanks = %v, want %v", got, want)
	}
}

// TestTopKFirst checks topK against sorting every score and keeping the
// k first, for both orders compare uses, on runs long enough to be cut
// many times, with many equal z (the rank breaks the ties).
func TestTopKFirst(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for _, k := range []int{1, 2, 5, 50} {
		for _, n := range []int{0, 1, k, 2*k - 1, 2 * k, 2*k + 1, 1000} {
			var all []scored
			for j, r := range rng.Perm(n) { // ranks are distinct, as termRanks makes them
				all = append(all, scored{j: int32(j), rank: int32(r), z: float64(rng.IntN(7) - 3)})
			}
			for name, cmp := range map[string]func(x, y scored) int{
				"byZ": byZ, "reversed": func(x, y scored) int { return byZ(y, x) },
			} {
				tk := topK{k: k, cmp: cmp}
				for _, s := range all {
					tk.add(s)
				}
				want := slices.Clone(all)
				slices.SortFunc(want, cmp)
				want = want[:min(len(want), k)]
				if got := tk.first(); !slices.Equal(got, want) {
					t.Fatalf("k %d, n %d, %s: first = %v, want %v", k, n, name, got, want)
				}
			}
		}
	}
}
