package report

import (
	"maps"
	"slices"

	"github.com/drift-project/drift/pipeline/table"
)

// FocusRows collects what a report keeps of the cycle it is about (see
// focusCycle) from the rows drift run writes, a document at a time, so
// that the report need not read the cycle's turns and hits back (see
// readFocus): on a corpus that is one cycle, that read was the whole
// dataset again, 14-23% of the run's CPU on the benches.
//
// Which hits a quote group takes is known only once the statistics are: a
// headline's verdict picks the category it quotes, a cell suppressed at a
// site takes that site's hits out of the group, and a story cell
// suppressed takes the origin-story tag, and its score, from the site's
// candidates. So the candidates are collected into lanes: one per
// category a headline may quote (each side of each share measure), site
// and story setting (see laneSpecs). A lane holds the candidates a group
// of its category gets from its site, pruned (see prune) for as many
// quotes as that group shows and for the most all groups together can
// show (maxUsed): a candidate prune drops for those numbers it drops for
// any smaller, since each rule only needs enough candidates before it.
// When the report knows its groups, each group is the union of the lanes
// of its category and story setting over the sites not suppressed, pruned
// again. The candidates by which a lane dropped one are kept in the lane,
// so they are in the union before it, and pickQuotes takes from the union
// what it takes from all the cycle's candidates.
//
// The zero value is not usable; see NewFocusRows. A FocusRows is not safe
// for concurrent use.
type FocusRows struct {
	cycle  string
	broken bool                     // read the tables instead (see Add)
	counts *focusBuilder            // the counts of every turn
	sites  map[string]*focusBuilder // the lanes of each site, laneSpecs in order
	hits   map[int32][]sitedHit     // one document's, by turn
	framed map[int32]bool
}

// sitedHit is a quotable hit, with the site whose lanes it is pending for.
type sitedHit struct {
	site string
	h    pendingHit
}

// maxFocusSites is how many sites FocusRows keeps lanes for. A corpus of
// more sites has its focus cycle read back instead: each site's lanes are
// bounded, but not their number.
const maxFocusSites = 64

// lanePruneAt is how many candidates a lane collects before its first
// pruning: a site has twenty lanes, and each lives as long as the run
// writes; a pruned lane rarely keeps more than a few dozen.
const lanePruneAt = 128

// NewFocusRows returns a FocusRows for the rows of cycle.
func NewFocusRows(cycle string) *FocusRows {
	return &FocusRows{cycle: cycle, counts: newFocusBuilder(cycle, nil, nil),
		sites: map[string]*focusBuilder{}, hits: map[int32][]sitedHit{}, framed: map[int32]bool{}}
}

// Cycle returns the cycle whose rows f collects.
func (f *FocusRows) Cycle() string { return f.cycle }

// laneSpecs are the lanes of a site: for each share measure, in order,
// its A category and then its B category, each with the story tag and
// without it.
var laneSpecs = func() []quoteSpec {
	var out []quoteSpec
	for _, m := range shareMeasures {
		mi := info(m)
		for _, cat := range []string{mi.A, mi.B} {
			if cat == "" {
				continue
			}
			for _, noStory := range []bool{false, true} {
				out = append(out, quoteSpec{measure: m, category: cat, dimension: mi.Dim, limit: quoteLimit(m), noStory: noStory})
			}
		}
	}
	return out
}()

// maxUsed is the most quotes all of a report's groups show together: one
// group per share measure at most (see headRows).
var maxUsed = func() int {
	n := 0
	for _, m := range shareMeasures {
		n += quoteLimit(m)
	}
	return n
}()

// site returns the lanes of site, or nil when there are too many sites.
func (f *FocusRows) site(site string) *focusBuilder {
	b, ok := f.sites[site]
	if !ok {
		if len(f.sites) == maxFocusSites {
			f.fail()
			return nil
		}
		b = newFocusBuilder(f.cycle, laneSpecs, nil)
		b.used = maxUsed
		b.pruneFrom(min(pruneAt, lanePruneAt))
		f.sites[f.counts.in(site)] = b
	}
	return b
}

// fail gives up collecting: the report reads the cycle back.
func (f *FocusRows) fail() {
	f.broken = true
	f.sites, f.hits, f.framed = nil, nil, nil
}

// Add takes the rows of one document of the cycle, as written: its turns
// and its hits. A hit whose site is not its turn's makes f give up (the
// report then reads the cycle back); drift writes none.
func (f *FocusRows) Add(turns []table.Turn, matches []table.Match) {
	if f.broken {
		return
	}
	clear(f.hits)
	clear(f.framed)
	for i := range matches {
		m := &matches[i]
		if !m.Counted || m.Role != "participant" {
			continue
		}
		f.framed[m.Turn] = true
		if quotable(*m) {
			b := f.site(m.Site)
			if b == nil {
				return
			}
			f.hits[m.Turn] = append(f.hits[m.Turn], sitedHit{m.Site, b.pending(m)})
		}
	}
	var hs []pendingHit
	for i := range turns {
		t := &turns[i]
		f.counts.count(t, f.framed[t.Turn])
		hs = hs[:0]
		for _, h := range f.hits[t.Turn] {
			if h.site != t.Site {
				f.fail()
				return
			}
			hs = append(hs, h.h)
		}
		if len(hs) > 0 {
			f.sites[t.Site].candidates(t, hs)
		}
		delete(f.hits, t.Turn) // each turn's hits once
		delete(f.framed, t.Turn)
	}
}

// focus returns what the report keeps of cycle for the headlines heads,
// given the drift rows (for the suppressed cells), as readFocus would
// read it from the tables; nil when f cannot tell (f is nil, collected
// another cycle or gave up).
func (f *FocusRows) focus(cycle string, heads, drift []table.Drift) *focusCycle {
	if f == nil || f.broken || f.cycle != cycle {
		return nil
	}
	fc := f.counts.done()
	fc.specs = quoteSpecs(heads)
	fc.groups = make([][]quoteCand, len(fc.specs))
	used := 0
	for _, s := range fc.specs {
		used += s.limit
	}
	if used > maxUsed {
		return nil
	}
	suppressed := suppressedCells(cycle, drift)
	sites := slices.Sorted(maps.Keys(f.sites))
	for g, s := range fc.specs {
		var union []quoteCand
		for _, site := range sites {
			if suppressed[[2]string{site, s.measure}] {
				continue
			}
			noStory := suppressed[[2]string{site, "story_" + s.measure}] || suppressed[[2]string{"all", "story_" + s.measure}]
			lane := slices.IndexFunc(laneSpecs, func(l quoteSpec) bool {
				return l.measure == s.measure && l.category == s.category && l.dimension == s.dimension && l.noStory == noStory
			})
			if lane < 0 || laneSpecs[lane].limit < s.limit {
				return nil
			}
			union = append(union, f.sites[site].f.groups[lane]...)
		}
		fc.groups[g] = prune(union, s.limit, used)
	}
	return fc
}
