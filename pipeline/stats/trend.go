package stats

import (
	"fmt"
	"math"
	"strings"

	"github.com/drift-project/drift/pipeline/table"
)

// trendRow fits a least-squares slope of the estimate on the cycle index
// over the cycles with enough evidence (ok), with a speaker-clustered
// bootstrap standard error: speakers are drawn with replacement from
// everyone who contributed to any of those cycles, keeping each speaker's
// cycles together. With opt.MinCycles or more such cycles it looks for
// change points and their bootstrap support.
func trendRow(p *panel, m measureDef, site string, cycles []string, ok []bool, vars []float64, opt Options) table.Drift {
	r := table.Drift{Scope: ScopeTrend, Site: site, Measure: m.name, Dimension: m.dim, Method: MethodTrend, Verdict: InsufficientData}
	var use []int
	for ci := range cycles {
		s, h, t := p.cellSummary(ci)
		r.NSpeakers += s // speaker-cycles
		r.NHits += h
		r.NTokens += t
		if ok[ci] {
			use = append(use, ci)
		}
	}
	r.NSpeakers = int64(len(p.union(allCycles(len(cycles))...)))
	if len(use) < 3 {
		r.Note = "fewer than three cycles with enough evidence"
		return r
	}
	xs := make([]float64, len(use))
	ys := make([]float64, len(use))
	vs := make([]float64, len(use))
	for k, ci := range use {
		xs[k] = float64(ci)
		ys[k], _ = p.ratio(ci, p.contributors(ci), nil)
		vs[k] = vars[ci]
	}
	slope, _ := Slope(xs, ys)
	r.Estimate = ptr(slope)
	cps := []int(nil)
	if len(use) >= opt.MinCycles {
		cps = ChangePoints(ys, vs, 2)
	}
	support := make([]int, len(cps))
	u := p.union(use...)
	es := make([][]entry, len(use))
	for k, ci := range use {
		es[k] = p.compact(ci, u)
	}
	n := len(u)
	w := make([]float64, n)
	by := make([]float64, len(use))
	reps := make([]float64, 0, opt.Reps)
	rng := newRNG(opt.Seed, "trend", m.name, site)
	for range opt.Reps {
		for i := range w {
			w[i] = 0
		}
		for range n {
			w[rng.IntN(n)]++
		}
		good := true
		for k := range use {
			var ok bool
			if by[k], ok = wratio(es[k], w, p.scale); !ok {
				good = false
				break
			}
		}
		if !good {
			continue
		}
		b, _ := Slope(xs, by)
		reps = append(reps, b)
		if len(cps) > 0 {
			found := ChangePoints(by, vs, 2)
			for i, cp := range cps {
				for _, f := range found {
					if f >= cp-1 && f <= cp+1 {
						support[i]++
						break
					}
				}
			}
		}
	}
	ne := p.perCycle(use...)
	se := sdCorrected(reps, ne)
	disp := Dispersion(xs, ys, vs)
	if disp > 1 {
		se *= math.Sqrt(disp)
		r.Note = join(r.Note, fmt.Sprintf("cycles scatter around the line more than the choice of speakers explains; interval widened %.2f times", math.Sqrt(disp)))
	}
	pv, lo, hi := tTest(slope, se, ne-1, opt.Level)
	r.CILow, r.CIHigh, r.PValue = ptr(lo), ptr(hi), ptr(pv)
	if math.IsNaN(pv) {
		r.Verdict = NoDetectableChange
		r.Note = "no variation between speakers to test a trend against"
	}
	if len(use) < len(cycles) {
		r.Note = join(r.Note, fmt.Sprintf("slope over the %d of %d cycles with enough evidence", len(use), len(cycles)))
	}
	if len(use) >= opt.MinCycles {
		parts := make([]string, len(cps))
		for i, cp := range cps {
			parts[i] = fmt.Sprintf("%s (support %.2f)", cycles[use[cp]], float64(support[i])/float64(max(1, len(reps))))
		}
		r.ChangePoints = strings.Join(parts, "; ")
		if len(cps) == 0 {
			r.ChangePoints = "none"
		}
	}
	return r
}

// Dispersion compares how far the points (x, y) scatter around their
// least-squares line with their sampling variances v: the sum of squared
// residuals divided by v, over len(y) - 2 (a multiplicative dispersion
// factor, as in meta-regression: Thompson and Sharp 1999). It returns at
// least 1, and 1 with fewer than three points or no positive variance.
// Non-positive variances are replaced by the smallest positive one.
func Dispersion(x, y, v []float64) float64 {
	n := len(y)
	if n < 3 || len(x) != n || len(v) != n {
		return 1
	}
	minV := math.Inf(1)
	for _, s := range v {
		if s > 0 && s < minV {
			minV = s
		}
	}
	if math.IsInf(minV, 1) {
		return 1
	}
	b, err := Slope(x, y)
	if err != nil || math.IsNaN(b) {
		return 1
	}
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(n)
	my /= float64(n)
	var chi float64
	for i := range y {
		s := v[i]
		if !(s > 0) {
			s = minV
		}
		r := y[i] - (my + b*(x[i]-mx))
		chi += r * r / s
	}
	return math.Max(1, chi/float64(n-2))
}

func allCycles(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// ChangePoints finds shifts in the level of a series y with sampling
// variances v by binary segmentation: a segment is split where the drop in
// the weighted sum of squares sum((y-mean)^2/v) is largest, if that drop
// exceeds the penalty 3*ln(len(y)) and both parts have at least minSeg
// points; the parts are then searched the same way. The penalty is a
// BIC-style one, set so that a series with no shift gets a false change
// point about 5% of the time (see TestChangePointsFalseAlarm). It returns
// the indices where a new level starts, ascending. Non-positive variances
// are replaced by the smallest positive one (or 1).
func ChangePoints(y, v []float64, minSeg int) []int {
	n := len(y)
	if n != len(v) || n < 2*minSeg {
		return nil
	}
	w := make([]float64, n)
	minV := math.Inf(1)
	for _, x := range v {
		if x > 0 && x < minV {
			minV = x
		}
	}
	if math.IsInf(minV, 1) {
		minV = 1
	}
	for i, x := range v {
		if !(x > 0) {
			x = minV
		}
		w[i] = 1 / x
	}
	pen := 3 * math.Log(float64(n))
	var out []int
	var split func(a, b int)
	split = func(a, b int) { // [a, b)
		if b-a < 2*minSeg {
			return
		}
		whole := wss(y[a:b], w[a:b])
		best, at := 0.0, -1
		for k := a + minSeg; k <= b-minSeg; k++ {
			g := whole - wss(y[a:k], w[a:k]) - wss(y[k:b], w[k:b])
			if g > best {
				best, at = g, k
			}
		}
		if at < 0 || best <= pen {
			return
		}
		split(a, at)
		out = append(out, at)
		split(at, b)
	}
	split(0, n)
	return out
}

// wss is the weighted sum of squares around the weighted mean.
func wss(y, w []float64) float64 {
	var sw, swy float64
	for i := range y {
		sw += w[i]
		swy += w[i] * y[i]
	}
	m := swy / sw
	var s float64
	for i := range y {
		s += w[i] * (y[i] - m) * (y[i] - m)
	}
	return s
}
