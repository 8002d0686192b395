package stats

import (
	"sort"

	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/table"
)

// Diffusion follows each lexicon entry used by participants across sites:
// for every entry used at least once, every site and every cycle from the
// first cycle any site used it, the uses at that site, the site's own first
// cycle (empty if it never used it), and how many sites had adopted it by
// that cycle. Rows are sorted by dimension, category, entry, site and cycle.
// It is most informative for multi-site corpora; with one site it still
// shows when each entry first appeared.
func Diffusion(c *aggregate.Counts, cycles []string) []table.Diffusion {
	rank := map[string]int{}
	for i, cy := range cycles {
		rank[cy] = i
	}
	ss := sites(c)
	si := map[string]int{}
	for i, s := range ss {
		si[s] = i
	}
	idx := map[term]int{}
	var terms []term
	var counts [][][]int64 // [term][site][cycle]
	for k, n := range c.Entries {
		ci, ok := rank[k.Cycle]
		if !ok || n == 0 || k.Label < 0 || k.Label >= len(c.Labels) {
			continue
		}
		l := c.Labels[k.Label]
		t := term{l.Entry, l.Dimension, l.Category}
		ti, ok := idx[t]
		if !ok {
			ti = len(terms)
			idx[t] = ti
			terms = append(terms, t)
			m := make([][]int64, len(ss))
			for s := range m {
				m[s] = make([]int64, len(cycles))
			}
			counts = append(counts, m)
		}
		counts[ti][si[k.Site]][ci] += n
	}
	order := make([]int, len(terms))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		x, y := terms[order[a]], terms[order[b]]
		if x.dim != y.dim {
			return x.dim < y.dim
		}
		if x.cat != y.cat {
			return x.cat < y.cat
		}
		return x.name < y.name
	})
	var rows []table.Diffusion
	for _, ti := range order {
		t, m := terms[ti], counts[ti]
		firstSite := make([]int, len(ss))
		firstAny := len(cycles)
		for s := range ss {
			firstSite[s] = -1
			for ci := range cycles {
				if m[s][ci] > 0 {
					firstSite[s] = ci
					break
				}
			}
			if firstSite[s] >= 0 && firstSite[s] < firstAny {
				firstAny = firstSite[s]
			}
		}
		if firstAny == len(cycles) {
			continue
		}
		adopted := make([]int64, len(cycles))
		for ci := range cycles {
			for s := range ss {
				if firstSite[s] >= 0 && firstSite[s] <= ci {
					adopted[ci]++
				}
			}
		}
		for s, site := range ss {
			fc := ""
			if firstSite[s] >= 0 {
				fc = cycles[firstSite[s]]
			}
			for ci := firstAny; ci < len(cycles); ci++ {
				rows = append(rows, table.Diffusion{Entry: t.name, Dimension: t.dim, Category: t.cat, Site: site,
					FirstCycle: fc, Cycle: cycles[ci], Count: m[s][ci], SitesAdopted: adopted[ci],
					SitesTotal: int64(len(ss)), FirstSiteCycle: cycles[firstAny]})
			}
		}
	}
	return rows
}
