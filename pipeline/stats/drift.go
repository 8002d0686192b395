package stats

import (
	"fmt"
	"math"
	"sync"

	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/table"
)

// Method strings written to drift.parquet.
const (
	MethodCycle = "speaker-clustered percentile bootstrap within the cycle; change: speaker-clustered bootstrap SE with Student t (df = mean speakers per cycle - 1), Benjamini-Hochberg q"
	MethodTrend = "least-squares slope per cycle; speaker-clustered bootstrap SE with Student t (df = mean speakers per cycle - 1), widened when cycles scatter beyond sampling error, Benjamini-Hochberg q; change points: binary segmentation, penalty 3 ln(cycles), min segment 2"
)

// Drift computes every measure (rates per 1,000 tokens, shares and story
// shares of each dimension) per cycle × site and pooled as site "all", with
// change against the previous cycle, its decomposition, and the trend
// across cycles with change points. The q-values and verdicts are set over
// all rows together. Sites are listed separately only when there are two or
// more. The result depends only on the counts, cycles and options.
func Drift(c *aggregate.Counts, cycles []string, opt Options) []table.Drift {
	opt = opt.withDefaults()
	if len(cycles) == 0 {
		return nil
	}
	ms := measures(c)
	ss := sites(c)
	siteNames := []string{All}
	if len(ss) > 1 {
		siteNames = append(siteNames, ss...)
	}
	data := make([]*siteData, len(siteNames))
	for i, s := range siteNames {
		data[i] = buildSite(c, cycles, s)
	}
	type task struct{ m, s int }
	var tasks []task
	for mi := range ms {
		for si := range siteNames {
			tasks = append(tasks, task{mi, si})
		}
	}
	out := make([][]table.Drift, len(tasks))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				t := tasks[i]
				out[i] = measureRows(data[t.s].panel(ms[t.m]), ms[t.m], siteNames[t.s], cycles, opt)
			}
		}()
	}
	for i := range tasks {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	var rows []table.Drift
	for _, r := range out {
		rows = append(rows, r...)
	}
	SetVerdicts(rows, opt.Alpha)
	return rows
}

// SetVerdicts fills QValue by Benjamini-Hochberg over every row with a
// p-value, and sets the verdict of those rows: rose or fell when q <= alpha,
// by the sign of the change (cycle rows) or slope (trend rows), otherwise
// no_detectable_change. Rows without a p-value keep their verdict.
func SetVerdicts(rows []table.Drift, alpha float64) {
	var ps []float64
	var at []int
	for i, r := range rows {
		if r.PValue != nil {
			ps = append(ps, *r.PValue)
			at = append(at, i)
		}
	}
	qs := BH(ps)
	for k, i := range at {
		r := &rows[i]
		r.QValue = ptr(qs[k])
		eff := r.Change
		lo, hi := r.ChangeLow, r.ChangeHigh
		if r.Scope == ScopeTrend {
			eff, lo, hi = r.Estimate, r.CILow, r.CIHigh
		}
		r.Verdict = NoDetectableChange
		if eff != nil && qs[k] <= alpha {
			switch {
			case *eff > 0:
				r.Verdict = Rose
			case *eff < 0:
				r.Verdict = Fell
			}
		}
		if r.Verdict == NoDetectableChange && lo != nil && hi != nil && (*lo > 0 || *hi < 0) {
			r.Note = join(r.Note, fmt.Sprintf("the interval excludes zero, but q = %.3g > %.2g after correcting for %d comparisons", qs[k], alpha, len(ps)))
		}
	}
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// measureRows computes the cycle rows and the trend row of one measure on
// one site.
func measureRows(p *panel, m measureDef, site string, cycles []string, opt Options) []table.Drift {
	nc := len(cycles)
	rows := make([]table.Drift, 0, nc+1)
	ok := make([]bool, nc)
	supp := make([]bool, nc)
	vars := make([]float64, nc)
	for ci, cy := range cycles {
		r := table.Drift{Scope: ScopeCycle, Cycle: cy, Site: site, Measure: m.name, Dimension: m.dim, Method: MethodCycle, Verdict: InsufficientData}
		r.NSpeakers, r.NHits, r.NTokens = p.cellSummary(ci)
		supp[ci] = int(r.NSpeakers) < opt.Suppress
		ok[ci] = !supp[ci] && int(r.NSpeakers) >= opt.MinSpeakers && int(r.NHits) >= opt.MinHits
		r.Suppressed = supp[ci]
		idx := p.contributors(ci)
		if supp[ci] {
			r.Note = fmt.Sprintf("suppressed: fewer than %d speakers contributed, so no estimate is shown", opt.Suppress)
		} else if est, good := p.ratio(ci, idx, nil); good {
			r.Estimate = ptr(est)
			lo, hi, v := cycleInterval(p, ci, idx, newRNG(opt.Seed, "cycle", m.name, site, cy), opt)
			r.CILow, r.CIHigh = ptr(lo), ptr(hi)
			vars[ci] = v
		}
		switch {
		case ci == 0:
			r.Note = join(r.Note, "first cycle: nothing to compare with")
		case supp[ci] || supp[ci-1]:
			r.PrevCycle = cycles[ci-1]
			r.Note = join(r.Note, "no change shown: a cycle compared is suppressed")
		case !ok[ci] || !ok[ci-1]:
			r.PrevCycle = cycles[ci-1]
			r.Note = join(r.Note, fmt.Sprintf("too few speakers (< %d) or framed hits (< %d) to compare", opt.MinSpeakers, opt.MinHits))
		default:
			r.PrevCycle = cycles[ci-1]
			change(p, ci-1, ci, &r, newRNG(opt.Seed, "change", m.name, site, cy), opt)
		}
		rows = append(rows, r)
	}
	rows = append(rows, trendRow(p, m, site, cycles, ok, vars, opt))
	return rows
}

// cycleInterval is the percentile bootstrap interval of one cycle's
// estimate, resampling its contributing speakers with replacement, and the
// bootstrap variance (small-sample corrected) of the estimate.
func cycleInterval(p *panel, c int, idx []int, rng *bootRNG, opt Options) (lo, hi, v float64) {
	n := len(idx)
	reps := make([]float64, 0, opt.Reps)
	w := make([]float64, n)
	for range opt.Reps {
		for i := range w {
			w[i] = 0
		}
		for range n {
			w[rng.IntN(n)]++
		}
		if x, good := p.ratio(c, idx, w); good {
			reps = append(reps, x)
		}
	}
	sd := sdCorrected(reps, float64(n))
	lo, hi = percentiles(reps, opt.Level)
	return lo, hi, sd * sd
}

// change fills the change columns of r for cycle c1 against c0: the
// difference of estimates, a bootstrap standard error that resamples the
// speakers of either cycle as clusters (a speaker present in both keeps both
// of their cycles together), a Student t p-value and interval, and the
// decomposition into composition and within-speaker change.
func change(p *panel, c0, c1 int, r *table.Drift, rng *bootRNG, opt Options) {
	i0, i1 := p.contributors(c0), p.contributors(c1)
	s0, _ := p.ratio(c0, i0, nil)
	s1, _ := p.ratio(c1, i1, nil)
	d := s1 - s0
	r.Change = ptr(d)
	u := p.union(c0, c1)
	e0, e1 := p.compact(c0, u), p.compact(c1, u)
	n := len(u)
	w := make([]float64, n)
	reps := make([]float64, 0, opt.Reps)
	for range opt.Reps {
		for i := range w {
			w[i] = 0
		}
		for range n {
			w[rng.IntN(n)]++
		}
		x0, ok0 := wratio(e0, w, p.scale)
		x1, ok1 := wratio(e1, w, p.scale)
		if ok0 && ok1 {
			reps = append(reps, x1-x0)
		}
	}
	ne := p.perCycle(c0, c1)
	se := sdCorrected(reps, ne)
	pv, lo, hi := tTest(d, se, ne-1, opt.Level)
	r.PValue, r.ChangeLow, r.ChangeHigh = ptr(pv), ptr(lo), ptr(hi)
	if math.IsNaN(pv) {
		r.Verdict = NoDetectableChange
		r.Note = join(r.Note, "no variation between speakers to test a change against")
	}
	dc := Decompose(p.units(c0), p.units(c1), p.scale)
	if dc.OK {
		r.Composition, r.Within, r.TopContributorShare = ptr(dc.Composition), ptr(dc.Within), ptr(dc.TopShare)
	}
}

// units returns the speaker units of cycle c keyed by speaker index.
func (p *panel) units(c int) map[int]Unit {
	out := map[int]Unit{}
	for j := range p.den[c] {
		if p.den[c][j] > 0 {
			out[j] = Unit{Num: p.num[c][j], Den: p.den[c][j]}
		}
	}
	return out
}
