package stats

import (
	"math"
	"math/rand/v2"
	"sort"

	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/table"
)

// Options control the drift statistics.
type Options struct {
	Reps        int     // bootstrap replicates; 0 means 2000
	Seed        uint64  // resampling seed
	Level       float64 // interval level; 0 means 0.95
	MinSpeakers int     // fewer participants with framed talk give insufficient_data; 0 means 3
	MinHits     int     // fewer framed hits give insufficient_data; 0 means 10
	Suppress    int     // cells from fewer speakers are marked suppressed; 0 means 3
}

func (o Options) withDefaults() Options {
	if o.Reps <= 0 {
		o.Reps = 2000
	}
	if o.Level <= 0 || o.Level >= 1 {
		o.Level = 0.95
	}
	if o.MinSpeakers <= 0 {
		o.MinSpeakers = 3
	}
	if o.MinHits <= 0 {
		o.MinHits = 10
	}
	if o.Suppress <= 0 {
		o.Suppress = 3
	}
	return o
}

// Verdicts.
const (
	Rose               = "rose"
	Fell               = "fell"
	NoDetectableChange = "no_detectable_change"
	InsufficientData   = "insufficient_data"
)

// unit is one participant's counts of a dimension's two categories in one cell.
type unit struct {
	a, b   float64
	tokens float64
}

// Method names the interval method written to drift.parquet.
const Method = "speaker-clustered percentile bootstrap"

// Drift computes the share measure of every dimension per cycle × site, the
// sites pooled as "all", with change against the previous cycle, and the
// trend across cycles.
func Drift(c *aggregate.Counts, cycles []string, opt Options) []table.Drift {
	opt = opt.withDefaults()
	sites := siteList(c)
	var rows []table.Drift
	for di, d := range c.Dims {
		a, b := catID(c, di, 0), catID(c, di, 1)
		measure := d.Categories[0] + "_share"
		for _, site := range append([]string{"all"}, sites...) {
			if site != "all" && len(sites) < 2 {
				continue
			}
			per := make([][]unit, len(cycles))
			for ci, cy := range cycles {
				per[ci] = units(c, cy, site, a, b)
			}
			for ci, cy := range cycles {
				r := table.Drift{Scope: "cycle", Cycle: cy, Site: site, Measure: measure, Dimension: d.Name, Method: Method}
				us := per[ci]
				r.NSpeakers, r.NHits, r.NTokens = summary(us)
				r.Suppressed = int(r.NSpeakers) < opt.Suppress
				rng := newRNG(opt.Seed, d.Name, site, cy)
				if est, ok := share(us); ok {
					r.Estimate = ptr(est)
					lo, hi := bootCI(us, rng, opt)
					r.CILow, r.CIHigh = ptr(lo), ptr(hi)
				}
				r.Verdict = InsufficientData
				if ci == 0 {
					r.Note = "first cycle: nothing to compare with"
				} else {
					r.PrevCycle = cycles[ci-1]
					prev := per[ci-1]
					if enough(prev, opt) && enough(us, opt) {
						diff, lo, hi, p := bootDiff(prev, us, rng, opt)
						r.Change, r.ChangeLow, r.ChangeHigh, r.PValue = ptr(diff), ptr(lo), ptr(hi), ptr(p)
						r.Verdict = verdict(lo, hi)
					} else {
						r.Note = "too few speakers or framed hits to compare"
					}
				}
				rows = append(rows, r)
			}
			rows = append(rows, trend(per, d.Name, measure, site, opt))
		}
	}
	return rows
}

func verdict(lo, hi float64) string {
	switch {
	case lo > 0:
		return Rose
	case hi < 0:
		return Fell
	}
	return NoDetectableChange
}

func catID(c *aggregate.Counts, dim, idx int) int {
	for i, cat := range c.Categories {
		if cat.Dim == dim && cat.Index == idx {
			return i
		}
	}
	return -1
}

func siteList(c *aggregate.Counts) []string {
	set := map[string]bool{}
	for k := range c.Cells {
		set[k.Site] = true
	}
	var out []string
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// units returns the participants of one cycle and site (all sites when site
// is "all"), one unit per speaker, sorted by speaker for determinism.
func units(c *aggregate.Counts, cycle, site string, a, b int) []unit {
	by := map[string]*unit{}
	for k, cl := range c.Cells {
		if k.Cycle != cycle || k.Role != "participant" || (site != "all" && k.Site != site) {
			continue
		}
		u := by[k.Speaker]
		if u == nil {
			u = &unit{}
			by[k.Speaker] = u
		}
		u.a += float64(cl.Hits[a])
		u.b += float64(cl.Hits[b])
		u.tokens += float64(cl.Tokens)
	}
	names := make([]string, 0, len(by))
	for n := range by {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]unit, len(names))
	for i, n := range names {
		out[i] = *by[n]
	}
	return out
}

func summary(us []unit) (speakers, hits, tokens int64) {
	for _, u := range us {
		if u.a+u.b > 0 {
			speakers++
		}
		hits += int64(u.a + u.b)
		tokens += int64(u.tokens)
	}
	return
}

func enough(us []unit, opt Options) bool {
	s, h, _ := summary(us)
	return int(s) >= opt.MinSpeakers && int(h) >= opt.MinHits
}

func share(us []unit) (float64, bool) {
	var a, n float64
	for _, u := range us {
		a += u.a
		n += u.a + u.b
	}
	if n == 0 {
		return 0, false
	}
	return a / n, true
}

func newRNG(seed uint64, parts ...string) *rand.Rand {
	h := uint64(1469598103934665603)
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h ^= uint64(p[i])
			h *= 1099511628211
		}
		h ^= 0xff
		h *= 1099511628211
	}
	return rand.New(rand.NewPCG(seed, h))
}

// resample draws len(us) speakers with replacement.
func resample(us []unit, rng *rand.Rand, buf []unit) []unit {
	buf = buf[:0]
	for range us {
		buf = append(buf, us[rng.IntN(len(us))])
	}
	return buf
}

func bootCI(us []unit, rng *rand.Rand, opt Options) (float64, float64) {
	var est []float64
	var buf []unit
	for r := 0; r < opt.Reps; r++ {
		buf = resample(us, rng, buf)
		if s, ok := share(buf); ok {
			est = append(est, s)
		}
	}
	return percentiles(est, opt.Level)
}

func bootDiff(prev, cur []unit, rng *rand.Rand, opt Options) (diff, lo, hi, p float64) {
	s0, _ := share(prev)
	s1, _ := share(cur)
	diff = s1 - s0
	var est []float64
	var b0, b1 []unit
	below, above := 0, 0
	for r := 0; r < opt.Reps; r++ {
		b0 = resample(prev, rng, b0)
		b1 = resample(cur, rng, b1)
		x0, ok0 := share(b0)
		x1, ok1 := share(b1)
		if !ok0 || !ok1 {
			continue
		}
		d := x1 - x0
		est = append(est, d)
		if d <= 0 {
			below++
		}
		if d >= 0 {
			above++
		}
	}
	lo, hi = percentiles(est, opt.Level)
	if len(est) > 0 {
		p = math.Min(1, 2*float64(min(below, above)+1)/float64(len(est)+1))
	}
	return
}

func percentiles(x []float64, level float64) (float64, float64) {
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	sort.Float64s(x)
	alpha := (1 - level) / 2
	return quantile(x, alpha), quantile(x, 1-alpha)
}

func quantile(sorted []float64, q float64) float64 {
	pos := q * float64(len(sorted)-1)
	i := int(math.Floor(pos))
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	f := pos - float64(i)
	return sorted[i]*(1-f) + sorted[i+1]*f
}

// trend fits a least-squares slope of the share on the cycle index, with a
// bootstrap interval that resamples speakers within each cycle.
func trend(per [][]unit, dim, measure, site string, opt Options) table.Drift {
	r := table.Drift{Scope: "trend", Site: site, Measure: measure, Dimension: dim, Method: Method + "; least-squares slope per cycle", Verdict: InsufficientData}
	var xs, ys []float64
	var ok []int
	for i, us := range per {
		s, h, t := summary(us)
		r.NSpeakers += s
		r.NHits += h
		r.NTokens += t
		if enough(us, opt) {
			v, _ := share(us)
			xs, ys = append(xs, float64(i)), append(ys, v)
			ok = append(ok, i)
		}
	}
	if len(xs) < 3 {
		r.Note = "fewer than three cycles with enough evidence"
		return r
	}
	slope := fitSlope(xs, ys)
	r.Estimate = ptr(slope)
	rng := newRNG(opt.Seed, dim, site, "trend")
	var est []float64
	var buf []unit
	bys := make([]float64, len(ok))
	for rep := 0; rep < opt.Reps; rep++ {
		for j, i := range ok {
			buf = resample(per[i], rng, buf)
			bys[j], _ = share(buf)
		}
		est = append(est, fitSlope(xs, bys))
	}
	below, above := 0, 0
	for _, e := range est {
		if e <= 0 {
			below++
		}
		if e >= 0 {
			above++
		}
	}
	lo, hi := percentiles(est, opt.Level)
	r.CILow, r.CIHigh = ptr(lo), ptr(hi)
	r.PValue = ptr(math.Min(1, 2*float64(min(below, above)+1)/float64(len(est)+1)))
	r.Verdict = verdict(lo, hi)
	return r
}

func fitSlope(xs, ys []float64) float64 {
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	n := float64(len(xs))
	mx /= n
	my /= n
	var sxy, sxx float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
	}
	if sxx == 0 {
		return 0
	}
	return sxy / sxx
}

func ptr(f float64) *float64 {
	if math.IsNaN(f) {
		return nil
	}
	return &f
}
