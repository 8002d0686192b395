package stats

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/drift-project/drift/pipeline/aggregate"
)

// memoCorpus draws counts for cycles c01..cNN at nsites sites, cycle by
// cycle from one generator, so that the corpus of n+1 cycles is the corpus
// of n with one cycle more. Each site has a pool of speakers who attend a
// cycle with a probability drawn per cycle (some cycles have one or two
// speakers, so cells are suppressed and changes gated); counts may be
// zero.
func memoCorpus(seed uint64, ncycles, nsites int) (*aggregate.Counts, []string) {
	rng := rand.New(rand.NewPCG(seed, 7))
	c := tiny(nil)
	cycles := simCycles(ncycles)
	for _, cy := range cycles {
		attend := []float64{0.1, 0.4, 0.9}[rng.IntN(3)]
		for s := range nsites {
			site := fmt.Sprintf("site%d", s)
			for sp := range 10 {
				if rng.Float64() >= attend {
					continue
				}
				a, b := int64(rng.IntN(12)), int64(rng.IntN(12))
				k := aggregate.Key{Cycle: cy, Site: site, Speaker: fmt.Sprintf("%s-P%02d", site, sp), Role: "participant"}
				c.Cells[k] = &aggregate.Cell{Key: k, Tokens: int64(50 + rng.IntN(500)),
					Hits: []int64{a, b}, HitsAll: []int64{a, b}, NarrativeHits: []int64{int64(rng.IntN(int(a) + 1)), int64(rng.IntN(int(b) + 1))},
					FramedSentences: []int64{a, b}}
			}
		}
	}
	return c, cycles
}

// TestDriftMemo checks that Drift gives the same rows, bit for bit, with a
// memo as without, whether the memo is empty, filled by the same call, or
// filled by a call on the corpus with one cycle fewer or other options;
// and that the memo spares the bootstraps it should: a second call on the
// same counts computes none, and a call after a cycle is added reuses
// every bootstrap of the first call and computes only those of the new
// cycle (its intervals and its change against the previous cycle).
//
// Omitting an input from the memo key (memoKey) makes it fail: for
// example without the level, the call at level 0.9 takes the intervals of
// the call at 0.95; without the counts (or only the numerators), the call
// on changed counts takes those of the unchanged ones.
func TestDriftMemo(t *testing.T) {
	for _, tc := range []struct {
		seed    uint64
		cycles  int
		sites   int
		workers int
	}{
		{1, 3, 1, 1},
		{2, 4, 3, 2},
		{3, 5, 2, 2},
		{4, 2, 4, 1},
		{6, 6, 3, 2},
	} {
		t.Run(fmt.Sprintf("seed %d, %d cycles, %d sites", tc.seed, tc.cycles, tc.sites), func(t *testing.T) {
			opt := Options{Seed: tc.seed, Reps: 150, Workers: tc.workers}
			var suppressed, changes int
			same := func(t *testing.T, what string, c *aggregate.Counts, cycles []string, opt Options, m *MemoTable) {
				t.Helper()
				want := Drift(c, cycles, opt)
				opt.Memo = m
				if got := Drift(c, cycles, opt); !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: rows with a memo differ from rows without", what)
				}
				for _, r := range want {
					switch {
					case r.Suppressed:
						suppressed++
					case r.Scope == ScopeCycle && r.PValue != nil:
						changes++
					}
				}
			}
			c, cycles := memoCorpus(tc.seed, tc.cycles, tc.sites)
			first := NewMemoTable(nil)
			same(t, "empty memo", c, cycles, opt, first)
			h, miss := first.Counts()
			if h != 0 || miss == 0 || miss != len(first.Used()) {
				t.Fatalf("first call: %d hits, %d misses, %d values kept; want 0 hits and as many misses as values", h, miss, len(first.Used()))
			}
			used := first.Used()

			again := NewMemoTable(used)
			same(t, "memo of the same call", c, cycles, opt, again)
			if h, m := again.Counts(); h != len(used) || m != 0 {
				t.Errorf("second call: %d hits, %d misses; want %d hits and none missed", h, m, len(used))
			}

			more, cycles1 := memoCorpus(tc.seed, tc.cycles+1, tc.sites)
			added := NewMemoTable(used)
			same(t, "memo of the corpus with a cycle fewer", more, cycles1, opt, added)
			h, miss = added.Counts()
			if h != len(used) {
				t.Errorf("after a cycle was added: %d hits, want every value of the first call (%d)", h, len(used))
			}
			// At most an interval and a change per measure and site.
			sites := 1 // "all", and each site when there are two or more
			if tc.sites > 1 {
				sites += tc.sites
			}
			if miss > 2*4*sites {
				t.Errorf("after a cycle was added: %d misses, more than the new cycle's bootstraps (%d)", miss, 2*4*sites)
			}
			if n := len(added.Used()); n != h+miss {
				t.Errorf("after a cycle was added the memo keeps %d values, want %d (those used)", n, h+miss)
			}

			// Other options, or other counts in old cycles, are misses,
			// not stale values.
			for _, o := range []struct {
				name string
				opt  Options
			}{
				{"level 0.9", Options{Seed: opt.Seed, Reps: opt.Reps, Level: 0.9, Workers: opt.Workers}},
				{"more replicates", Options{Seed: opt.Seed, Reps: opt.Reps + 1, Workers: opt.Workers}},
				{"another seed", Options{Seed: opt.Seed + 1, Reps: opt.Reps, Workers: opt.Workers}},
			} {
				same(t, o.name, more, cycles1, o.opt, NewMemoTable(added.Used()))
			}
			changed, _ := memoCorpus(tc.seed, tc.cycles+1, tc.sites)
			n := 0
			for _, cl := range changed.Cells {
				// One more class hit for some speakers (numerators; the
				// shares' denominators), more tokens for others (the
				// rates' denominators).
				switch n++; n % 3 {
				case 0:
					cl.Hits[0]++
					cl.HitsAll[0]++
					cl.FramedSentences[0]++
				case 1:
					cl.Tokens += 7
				}
			}
			same(t, "changed counts", changed, cycles1, opt, NewMemoTable(added.Used()))
			if miss == 0 || suppressed == 0 || changes == 0 {
				t.Errorf("%d misses after a cycle was added, %d suppressed rows, %d changes tested: the corpus tests too little", miss, suppressed, changes)
			}
		})
	}
}

// TestMemoKeyInputs checks that changing any one input of memoKey changes
// the key.
func TestMemoKeyInputs(t *testing.T) {
	opt := Options{Seed: 1, Reps: 100, Level: 0.95}
	parts := []string{"change", "class_share", "all", "c02"}
	e0 := []entry{{0, 1, 3}, {2, 0, 4}}
	e1 := []entry{{1, 2, 2}}
	base := memoKey(memoChange, opt, parts, 1, 3, e0, e1)
	mod := func(f func(e0, e1 []entry)) [32]byte {
		a, b := append([]entry(nil), e0...), append([]entry(nil), e1...)
		f(a, b)
		return memoKey(memoChange, opt, parts, 1, 3, a, b)
	}
	for name, k := range map[string][32]byte{
		"kind":          memoKey(memoCycle, opt, parts, 1, 3, e0, e1),
		"seed":          memoKey(memoChange, Options{Seed: 2, Reps: 100, Level: 0.95}, parts, 1, 3, e0, e1),
		"reps":          memoKey(memoChange, Options{Seed: 1, Reps: 101, Level: 0.95}, parts, 1, 3, e0, e1),
		"level":         memoKey(memoChange, Options{Seed: 1, Reps: 100, Level: 0.9}, parts, 1, 3, e0, e1),
		"a part":        memoKey(memoChange, opt, []string{"change", "class_share", "all", "c03"}, 1, 3, e0, e1),
		"parts split":   memoKey(memoChange, opt, []string{"change", "class_share", "allc02"}, 1, 3, e0, e1),
		"scale":         memoKey(memoChange, opt, parts, 1000, 3, e0, e1),
		"n":             memoKey(memoChange, opt, parts, 1, 4, e0, e1),
		"lists split":   memoKey(memoChange, opt, parts, 1, 3, e0[:1], append(e0[1:2:2], e1...)),
		"a position":    mod(func(e0, e1 []entry) { e1[0].pos = 0 }),
		"a numerator":   mod(func(e0, e1 []entry) { e0[1].num = 1 }),
		"a denominator": mod(func(e0, e1 []entry) { e1[0].den = 2.5 }),
	} {
		if k == base {
			t.Errorf("changing the %s keeps the key", name)
		}
	}
}
