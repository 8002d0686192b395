package stats

import (
	"sort"
	"strings"

	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/table"
)

// MinPersonHits is the framed hits a speaker needs in a cycle before their
// own share for that cycle is reported in participants.parquet.
const MinPersonHits = 5

// framingDim returns the dimension used for participants' shares: the one
// named "framing", else the first.
func framingDim(c *aggregate.Counts) int {
	for i, d := range c.Dims {
		if d.Name == "framing" {
			return i
		}
	}
	return 0
}

// Participants summarises each pseudonymous speaker in each role: cycles
// attended (cycles with any tokens in that role), first and last, sites,
// tokens, and their class share (the framing dimension's share) in the
// first and last cycles where they had at least MinPersonHits framed hits,
// with the dominant framing there (the category above one half) and whether
// it flipped. Rows are sorted by speaker and role. Only participant turns
// are framing evidence, as everywhere else in drift: rows of other roles
// (facilitator, unknown) keep their attendance and tokens, but their shares
// are NULL, their dominant framing empty and flipped false.
func Participants(c *aggregate.Counts, cycles []string) []table.Participant {
	rank := map[string]int{}
	for i, cy := range cycles {
		rank[cy] = i
	}
	type acc struct {
		sites map[string]bool
		tok   []int64
		a, b  []int64
	}
	by := map[[2]string]*acc{}
	di := framingDim(c)
	ca, cb := -1, -1
	var names [2]string
	if len(c.Dims) > 0 {
		ca, cb = catID(c, di, 0), catID(c, di, 1)
		names = [2]string{c.Dims[di].Categories[0], c.Dims[di].Categories[1]}
	}
	for k, cl := range c.Cells {
		ci, ok := rank[k.Cycle]
		if !ok {
			continue
		}
		key := [2]string{k.Speaker, k.Role}
		p := by[key]
		if p == nil {
			p = &acc{sites: map[string]bool{}, tok: make([]int64, len(cycles)), a: make([]int64, len(cycles)), b: make([]int64, len(cycles))}
			by[key] = p
		}
		p.sites[k.Site] = true
		p.tok[ci] += cl.Tokens
		if ca >= 0 && cb >= 0 && k.Role == "participant" {
			p.a[ci] += cl.Hits[ca]
			p.b[ci] += cl.Hits[cb]
		}
	}
	keys := make([][2]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	dominant := func(s float64) string {
		switch {
		case s > 0.5:
			return names[0]
		case s < 0.5:
			return names[1]
		}
		return ""
	}
	var rows []table.Participant
	for _, k := range keys {
		p := by[k]
		r := table.Participant{Speaker: k[0], Role: k[1]}
		var ss []string
		for s := range p.sites {
			ss = append(ss, s)
		}
		sort.Strings(ss)
		r.Sites = strings.Join(ss, ",")
		first, last := -1, -1
		for i := range cycles {
			r.Tokens += p.tok[i]
			if p.tok[i] > 0 {
				r.CyclesAttended++
				if r.FirstCycle == "" {
					r.FirstCycle = cycles[i]
				}
				r.LastCycle = cycles[i]
			}
			if p.a[i]+p.b[i] >= MinPersonHits {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		if first >= 0 {
			s := float64(p.a[first]) / float64(p.a[first]+p.b[first])
			r.ShareFirst, r.DominantFirst = ptr(s), dominant(s)
		}
		if last > first {
			s := float64(p.a[last]) / float64(p.a[last]+p.b[last])
			r.ShareLast, r.DominantLast = ptr(s), dominant(s)
			r.Flipped = r.DominantFirst != "" && r.DominantLast != "" && r.DominantFirst != r.DominantLast
		}
		rows = append(rows, r)
	}
	return rows
}

// Continuity counts, per cycle and site (and "all" sites pooled, listed
// first; single sites only when there are two or more), the participants
// present (any tokens), returning (also present in the previous cycle), new
// (never present before), rejoined (present before, not in the previous
// cycle) and lost (present in the previous cycle, not in this one).
func Continuity(c *aggregate.Counts, cycles []string) []table.Continuity {
	rank := map[string]int{}
	for i, cy := range cycles {
		rank[cy] = i
	}
	ss := sites(c)
	names := []string{All}
	if len(ss) > 1 {
		names = append(names, ss...)
	}
	var rows []table.Continuity
	for _, site := range names {
		present := make([]map[string]bool, len(cycles))
		for i := range present {
			present[i] = map[string]bool{}
		}
		for k, cl := range c.Cells {
			ci, ok := rank[k.Cycle]
			if !ok || k.Role != "participant" || cl.Tokens == 0 || (site != All && k.Site != site) {
				continue
			}
			present[ci][k.Speaker] = true
		}
		ever := map[string]bool{}
		for i, cy := range cycles {
			r := table.Continuity{Cycle: cy, Site: site, Present: int64(len(present[i]))}
			if i > 0 {
				r.PrevCycle = cycles[i-1]
			}
			for s := range present[i] {
				switch {
				case i > 0 && present[i-1][s]:
					r.Returning++
				case ever[s]:
					r.Rejoined++
				default:
					r.New++
				}
			}
			if i > 0 {
				for s := range present[i-1] {
					if !present[i][s] {
						r.Lost++
					}
				}
			}
			for s := range present[i] {
				ever[s] = true
			}
			rows = append(rows, r)
		}
	}
	return rows
}
