package stats

import (
	"sort"

	"github.com/drift-project/drift/pipeline/aggregate"
)

// kind is the family of a measure.
type kind int

const (
	kindRate  kind = iota // hits of one category per 1,000 tokens
	kindShare             // first category / (first + second), all counted hits
	kindStory             // the same share on narrative hits only
)

// measureDef is one measure of one dimension.
type measureDef struct {
	name  string
	dim   string
	kind  kind
	cat   int // category id of the rate, or of the share numerator
	a, b  int // the dimension's two category ids
	scale float64
}

// measures lists every measure in output order: per dimension, the rate of
// each category, the share, then the story share.
func measures(c *aggregate.Counts) []measureDef {
	var out []measureDef
	for di, d := range c.Dims {
		a, b := catID(c, di, 0), catID(c, di, 1)
		if a < 0 || b < 0 {
			continue
		}
		for _, id := range []int{a, b} {
			out = append(out, measureDef{name: "rate_" + c.Categories[id].Name, dim: d.Name, kind: kindRate, cat: id, a: a, b: b, scale: 1000})
		}
		share := d.Categories[0] + "_share"
		out = append(out, measureDef{name: share, dim: d.Name, kind: kindShare, cat: a, a: a, b: b, scale: 1})
		out = append(out, measureDef{name: "story_" + share, dim: d.Name, kind: kindStory, cat: a, a: a, b: b, scale: 1})
	}
	return out
}

func catID(c *aggregate.Counts, dim, idx int) int {
	for i, cat := range c.Categories {
		if cat.Dim == dim && cat.Index == idx {
			return i
		}
	}
	return -1
}

// sites returns the sorted site names of the corpus.
func sites(c *aggregate.Counts) []string {
	set := map[string]bool{}
	for k := range c.Cells {
		set[k.Site] = true
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// siteData holds the participant counts of one site (or all sites) as
// dense arrays: [cycle][speaker] and [cycle][speaker][category]. Speakers
// are sorted by pseudonym, so nothing depends on map order.
type siteData struct {
	speakers []string
	tok      [][]float64
	hits     [][][]float64
	narr     [][][]float64
}

func buildSite(c *aggregate.Counts, cycles []string, site string) *siteData {
	ci := map[string]int{}
	for i, cy := range cycles {
		ci[cy] = i
	}
	spk := map[string]bool{}
	for k := range c.Cells {
		if k.Role == "participant" && (site == All || k.Site == site) {
			if _, ok := ci[k.Cycle]; ok {
				spk[k.Speaker] = true
			}
		}
	}
	sd := &siteData{}
	for s := range spk {
		sd.speakers = append(sd.speakers, s)
	}
	sort.Strings(sd.speakers)
	si := map[string]int{}
	for i, s := range sd.speakers {
		si[s] = i
	}
	nc, ns, ncat := len(cycles), len(sd.speakers), len(c.Categories)
	sd.tok = make([][]float64, nc)
	sd.hits = make([][][]float64, nc)
	sd.narr = make([][][]float64, nc)
	for i := range cycles {
		sd.tok[i] = make([]float64, ns)
		sd.hits[i] = make([][]float64, ns)
		sd.narr[i] = make([][]float64, ns)
		for j := range ns {
			sd.hits[i][j] = make([]float64, ncat)
			sd.narr[i][j] = make([]float64, ncat)
		}
	}
	for k, cl := range c.Cells {
		if k.Role != "participant" || (site != All && k.Site != site) {
			continue
		}
		i, ok := ci[k.Cycle]
		if !ok {
			continue
		}
		j := si[k.Speaker]
		sd.tok[i][j] += float64(cl.Tokens)
		for cat := range ncat {
			sd.hits[i][j][cat] += float64(cl.Hits[cat])
			sd.narr[i][j][cat] += float64(cl.NarrativeHits[cat])
		}
	}
	return sd
}

// panel is one measure on one site: each speaker's numerator, denominator
// and evidence (framed hits of the dimension) per cycle. A speaker
// contributes to a cycle when the denominator is positive.
type panel struct {
	num, den, ev, tok [][]float64 // [cycle][speaker]
	scale             float64
	rate              bool // a rate (hits per scale tokens), not a share
}

func (sd *siteData) panel(m measureDef) *panel {
	nc := len(sd.tok)
	p := &panel{scale: m.scale, rate: m.kind == kindRate, num: make([][]float64, nc), den: make([][]float64, nc), ev: make([][]float64, nc), tok: sd.tok}
	for i := range nc {
		ns := len(sd.speakers)
		p.num[i], p.den[i], p.ev[i] = make([]float64, ns), make([]float64, ns), make([]float64, ns)
		for j := range ns {
			src := sd.hits[i][j]
			if m.kind == kindStory {
				src = sd.narr[i][j]
			}
			framed := src[m.a] + src[m.b]
			p.ev[i][j] = framed
			switch m.kind {
			case kindRate:
				p.num[i][j], p.den[i][j] = src[m.cat], sd.tok[i][j]
			default:
				p.num[i][j], p.den[i][j] = src[m.a], framed
			}
		}
	}
	return p
}

// contributors returns the speakers with a positive denominator in cycle c.
func (p *panel) contributors(c int) []int {
	var out []int
	for j, d := range p.den[c] {
		if d > 0 {
			out = append(out, j)
		}
	}
	return out
}

// union returns the speakers contributing to any of the cycles, sorted.
func (p *panel) union(cs ...int) []int {
	seen := map[int]bool{}
	for _, c := range cs {
		for _, j := range p.contributors(c) {
			seen[j] = true
		}
	}
	out := make([]int, 0, len(seen))
	for j := range seen {
		out = append(out, j)
	}
	sort.Ints(out)
	return out
}

// ratio returns scale * sum(w*num) / sum(w*den) over the speakers idx with
// weights w (nil means 1), and false when the denominator is zero.
func (p *panel) ratio(c int, idx []int, w []float64) (float64, bool) {
	var n, d float64
	for k, j := range idx {
		m := 1.0
		if w != nil {
			m = w[k]
		}
		n += m * p.num[c][j]
		d += m * p.den[c][j]
	}
	if d == 0 {
		return 0, false
	}
	return p.scale * n / d, true
}

// cellSummary gives the contributing speakers, framed hits and tokens of
// cycle c.
func (p *panel) cellSummary(c int) (speakers, hits, tokens int64) {
	for j := range p.den[c] {
		if p.den[c][j] > 0 {
			speakers++
		}
		hits += int64(p.ev[c][j])
		tokens += int64(p.tok[c][j])
	}
	return
}

// entry is one speaker's counts in one cycle, at position pos of a list of
// resampled speakers.
type entry struct {
	pos      int
	num, den float64
}

// compact lists the contributors of cycle c among the speakers u, by their
// position in u, so a resample's ratio costs only the cycle's speakers.
func (p *panel) compact(c int, u []int) []entry {
	var out []entry
	for k, j := range u {
		if p.den[c][j] > 0 {
			out = append(out, entry{k, p.num[c][j], p.den[c][j]})
		}
	}
	return out
}

// wratio is scale * sum(w*num) / sum(w*den) over the entries, with w
// indexed by position; false when the denominator is zero.
func wratio(es []entry, w []float64, scale float64) (float64, bool) {
	var n, d float64
	for _, e := range es {
		n += w[e.pos] * e.num
		d += w[e.pos] * e.den
	}
	if d == 0 {
		return 0, false
	}
	return scale * n / d, true
}
