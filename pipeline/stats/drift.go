package stats

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	"gonum.org/v1/gonum/stat"

	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/table"
)

// Method strings written to drift.parquet.
const (
	MethodCycle = "speaker-clustered percentile bootstrap within the cycle, widened where narrower to the Wilson (share) or Poisson (rate) score interval at the design-effect-adjusted n with Student t (df = speakers - 1); change: p-value from a speaker-clustered bootstrap SE with Student t (df = mean speakers per cycle - 1), interval by MOVER from the two cycle intervals with their bootstrap correlation, Benjamini-Hochberg q within the family (primary: shares at site all; sites; story; rates)"
	MethodTrend = "least-squares slope per cycle; speaker-clustered bootstrap SE with Student t (df = mean speakers per cycle - 1), widened when cycles scatter beyond sampling error, Benjamini-Hochberg q within the family (primary: shares at site all; sites; story; rates); change points: binary segmentation, penalty 3 ln(cycles), min segment 2"
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
	var tasks []cell
	for mi := range ms {
		for si := range siteNames {
			tasks = append(tasks, cell{mi, si})
		}
	}
	hide := suppression(ms, data, len(cycles), opt)
	out := make([][]table.Drift, len(tasks))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				t := tasks[i]
				out[i] = measureRows(data[t.s].panel(ms[t.m]), ms[t.m], siteNames[t.s], cycles, hide[t], opt)
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

// Families of comparisons: the Benjamini-Hochberg correction is applied
// within each, not across the whole run (docs/statistics.md, "q-values").
const (
	FamilyPrimary = "primary" // the dimension shares, all sites pooled
	FamilySites   = "sites"   // the dimension shares at single sites
	FamilyStory   = "story"   // story shares, pooled and per site
	FamilyRates   = "rates"   // rates per 1,000 tokens, pooled and per site
)

// Family names the comparison family of a drift row, from its measure and
// site: rates (rate_*), story shares (story_*), the shares at site all
// (primary) and the shares at single sites.
func Family(r table.Drift) string {
	switch {
	case strings.HasPrefix(r.Measure, "rate_"):
		return FamilyRates
	case strings.HasPrefix(r.Measure, "story_"):
		return FamilyStory
	case r.Site == All:
		return FamilyPrimary
	}
	return FamilySites
}

// SetVerdicts fills QValue by Benjamini-Hochberg over the rows with a
// p-value, separately within each comparison family (Family), and sets the
// verdict of those rows: rose or fell when q <= alpha and the row's
// interval (of the change, or of the slope) excludes zero, by the sign of
// the change (cycle rows) or slope (trend rows), otherwise
// no_detectable_change. (A change's interval is built from the two cycles'
// intervals, not from the t test, and can include zero at the margin; a
// verdict never contradicts the interval printed next to it.) Rows without
// a p-value keep their verdict.
func SetVerdicts(rows []table.Drift, alpha float64) {
	fam := map[string][]int{}
	var order []string
	for i, r := range rows {
		if r.PValue == nil {
			continue
		}
		f := Family(r)
		if _, ok := fam[f]; !ok {
			order = append(order, f)
		}
		fam[f] = append(fam[f], i)
	}
	for _, f := range order {
		setFamily(rows, fam[f], f, alpha)
	}
}

// setFamily applies Benjamini-Hochberg over the rows at (one family) and
// sets their q-values, verdicts and notes.
func setFamily(rows []table.Drift, at []int, family string, alpha float64) {
	ps := make([]float64, len(at))
	for k, i := range at {
		ps[k] = *rows[i].PValue
	}
	qs := BH(ps)
	m := 0
	for _, q := range qs {
		if !math.IsNaN(q) {
			m++
		}
	}
	for k, i := range at {
		r := &rows[i]
		r.QValue = ptr(qs[k])
		eff := r.Change
		lo, hi := r.ChangeLow, r.ChangeHigh
		if r.Scope == ScopeTrend {
			eff, lo, hi = r.Estimate, r.CILow, r.CIHigh
		}
		r.Verdict = NoDetectableChange
		excl := lo == nil || hi == nil || *lo > 0 || *hi < 0
		if eff != nil && qs[k] <= alpha {
			switch {
			case !excl:
				r.Note = join(r.Note, fmt.Sprintf("q = %.3g <= %.2g, but the interval of the change, which keeps within the possible range, includes zero", qs[k], alpha))
			case *eff > 0:
				r.Verdict = Rose
			case *eff < 0:
				r.Verdict = Fell
			}
		}
		if r.Verdict == NoDetectableChange && lo != nil && hi != nil && (*lo > 0 || *hi < 0) {
			r.Note = join(r.Note, fmt.Sprintf("the interval excludes zero, but q = %.3g > %.2g after correcting for the %d comparisons of the %s family", qs[k], alpha, m, family))
		}
	}
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// NoteGuard begins the note of a share suppressed by complementary
// suppression (see suppression): only to protect another site's.
const NoteGuard = "suppressed: another site's "

// cell names one measure (by index) at one site (by index, 0 for all
// sites).
type cell struct{ m, s int }

// suppression returns, for each measure and site, why each cycle must be
// suppressed beyond its own speaker count ("" where it need not be):
//
//   - Complementary suppression. When sites' shares (or story shares)
//     are suppressed in a cycle, the all-sites row and the other sites'
//     rows give away their sum: each shown share times its framed hits is
//     a count of hits, and the hidden sites' count is the all-sites count
//     minus the others', whatever the number of sites. So shown sites are
//     suppressed too, the one with the fewest contributing speakers first
//     (then the fewest hits, then the first by name), until the hidden
//     sites together hold at least opt.Suppress different speakers. Sites
//     with no framed hits in the cycle have nothing to hide and no cover
//     to give.
//   - A rate row is suppressed wherever its dimension's share is: the two
//     rates of a dimension give the share away (a/(a+b)), and rate rows
//     count every speaker present, so they would never be suppressed on
//     their own.
func suppression(ms []measureDef, data []*siteData, ncycles int, opt Options) map[cell][]string {
	own := func(p *panel, ci int) (supp bool, speakers, hits int64) {
		n, h, _ := p.cellSummary(ci)
		return int(n) < opt.Suppress, n, h
	}
	hide := map[cell][]string{}
	for mi, m := range ms {
		if m.kind == kindRate || len(data) < 3 {
			continue
		}
		panels := make([]*panel, len(data))
		for si := range data {
			panels[si] = data[si].panel(m)
		}
		for ci := range ncycles {
			// hidden: the speakers of the sites hidden so far; shown: the
			// sites with framed hits that are not.
			hidden := map[string]bool{}
			var shown []int
			for si := 1; si < len(data); si++ {
				p := panels[si]
				supp, n, _ := own(p, ci)
				switch {
				case n == 0:
				case supp:
					for _, j := range p.contributors(ci) {
						hidden[data[si].speakers[j]] = true
					}
				default:
					shown = append(shown, si)
				}
			}
			if len(hidden) == 0 {
				continue
			}
			sort.SliceStable(shown, func(a, b int) bool {
				na, ha, _ := panels[shown[a]].cellSummary(ci)
				nb, hb, _ := panels[shown[b]].cellSummary(ci)
				if na != nb {
					return na < nb
				}
				return ha < hb
			})
			for _, si := range shown {
				if len(hidden) >= opt.Suppress {
					break
				}
				k := cell{mi, si}
				if hide[k] == nil {
					hide[k] = make([]string, ncycles)
				}
				hide[k][ci] = fmt.Sprintf(NoteGuard+"%s is suppressed in this cycle, and this site's, with the all-sites row, would give it away", m.name)
				for _, j := range panels[si].contributors(ci) {
					hidden[data[si].speakers[j]] = true
				}
			}
		}
	}
	for mi, m := range ms {
		if m.kind != kindRate {
			continue
		}
		share := -1
		for mj, o := range ms {
			if o.kind == kindShare && o.a == m.a {
				share = mj
			}
		}
		for si := range data {
			p := data[si].panel(ms[share])
			h := hide[cell{share, si}]
			for ci := range ncycles {
				why := fmt.Sprintf("fewer than %d speakers used its words", opt.Suppress)
				if supp, _, _ := own(p, ci); !supp {
					if h == nil || h[ci] == "" {
						continue
					}
					why = "to protect another site's"
				}
				k := cell{mi, si}
				if hide[k] == nil {
					hide[k] = make([]string, ncycles)
				}
				hide[k][ci] = fmt.Sprintf("suppressed: the %s share is suppressed here (%s), and the two rates would give it away", m.dim, why)
			}
		}
	}
	return hide
}

// measureRows computes the cycle rows and the trend row of one measure on
// one site. A cycle with hide[ci] set is suppressed whatever its own
// speaker count, with hide[ci] as its note (see suppression).
func measureRows(p *panel, m measureDef, site string, cycles []string, hide []string, opt Options) []table.Drift {
	nc := len(cycles)
	rows := make([]table.Drift, 0, nc+1)
	ok := make([]bool, nc)
	supp := make([]bool, nc)
	vars := make([]float64, nc)
	los, his := make([]float64, nc), make([]float64, nc)
	for ci, cy := range cycles {
		r := table.Drift{Scope: ScopeCycle, Cycle: cy, Site: site, Measure: m.name, Dimension: m.dim, Method: MethodCycle, Verdict: InsufficientData}
		r.NSpeakers, r.NHits, r.NTokens = p.cellSummary(ci)
		own := int(r.NSpeakers) < opt.Suppress
		supp[ci] = own || (hide != nil && hide[ci] != "")
		ok[ci] = !supp[ci] && int(r.NSpeakers) >= opt.MinSpeakers && int(r.NHits) >= opt.MinHits
		r.Suppressed = supp[ci]
		idx := p.contributors(ci)
		if own {
			r.Note = fmt.Sprintf("suppressed: fewer than %d speakers contributed, so no estimate is shown", opt.Suppress)
		} else if supp[ci] {
			r.Note = hide[ci]
		} else if est, good := p.ratio(ci, idx, nil); good {
			r.Estimate = ptr(est)
			lo, hi, v := cycleInterval(p, ci, idx, stream{parts: []string{"cycle", m.name, site, cy}}, opt)
			r.CILow, r.CIHigh = ptr(lo), ptr(hi)
			vars[ci], los[ci], his[ci] = v, lo, hi
		}
		switch {
		case ci == 0:
			r.Verdict = NoPreviousCycle
			r.Note = join(r.Note, "first cycle: nothing to compare with")
		case supp[ci] || supp[ci-1]:
			r.PrevCycle = cycles[ci-1]
			r.Note = join(r.Note, "no change shown: a cycle compared is suppressed")
		case !ok[ci] || !ok[ci-1]:
			r.PrevCycle = cycles[ci-1]
			r.Note = join(r.Note, "too little evidence to compare: "+gateReason(p, []int{ci - 1, ci}, cycles, opt))
		default:
			r.PrevCycle = cycles[ci-1]
			change(p, ci-1, ci, [2][2]float64{{los[ci-1], his[ci-1]}, {los[ci], his[ci]}}, &r, stream{parts: []string{"change", m.name, site, cy}}, opt)
		}
		rows = append(rows, r)
	}
	rows = append(rows, trendRow(p, m, site, cycles, ok, vars, opt))
	return rows
}

// gateReason says which part of the minimum-evidence gate failed in which
// of the cycles cs, with the counts: for example "2026-01 has 6 framed hits
// (fewer than 10)".
func gateReason(p *panel, cs []int, cycles []string, opt Options) string {
	var parts []string
	for _, c := range cs {
		s, h, _ := p.cellSummary(c)
		var why []string
		if int(s) < opt.MinSpeakers {
			why = append(why, fmt.Sprintf("%d contributing speakers (fewer than %d)", s, opt.MinSpeakers))
		}
		if int(h) < opt.MinHits {
			why = append(why, fmt.Sprintf("%d framed hits (fewer than %d)", h, opt.MinHits))
		}
		if len(why) > 0 {
			parts = append(parts, cycles[c]+" has "+strings.Join(why, " and "))
		}
	}
	return strings.Join(parts, "; ")
}

// cycleInterval is the interval of one cycle's estimate and the bootstrap
// variance (small-sample corrected) of the estimate. The interval is the
// percentile bootstrap interval (resampling the contributing speakers with
// replacement) widened, where it is narrower, to the score interval at the
// effective sample size (scoreInterval): a bootstrap over a handful of
// speakers collapses to a point when every hit goes one way.
func cycleInterval(p *panel, c int, idx []int, s stream, opt Options) (lo, hi, v float64) {
	blo, bhi, v := bootInterval(p, c, idx, s, opt)
	slo, shi := p.scoreInterval(c, idx, opt.Level)
	return hull(blo, slo, math.Min), hull(bhi, shi, math.Max), v
}

// hull combines two bounds with f (math.Min for lower bounds, math.Max for
// upper ones), ignoring a NaN bound.
func hull(a, b float64, f func(float64, float64) float64) float64 {
	switch {
	case math.IsNaN(a):
		return b
	case math.IsNaN(b):
		return a
	}
	return f(a, b)
}

// bootInterval is the percentile bootstrap interval of one cycle's
// estimate, resampling its contributing speakers with replacement, and the
// bootstrap variance (small-sample corrected) of the estimate. With
// opt.Memo (and a stream named by its parts) the result is looked up
// there first, and put there when it had to be computed.
func bootInterval(p *panel, c int, idx []int, s stream, opt Options) (lo, hi, v float64) {
	n := len(idx)
	// The speakers' counts side by side, in idx order: wratio sums what
	// p.ratio(c, idx, w) sums, in the same order, without two lookups
	// through p's rows per speaker and replicate.
	es := make([]entry, n)
	for k, j := range idx {
		es[k] = entry{k, p.num[c][j], p.den[c][j]}
	}
	var key [32]byte
	memo := opt.Memo != nil && s.parts != nil
	if memo {
		key = memoKey(memoCycle, opt, s.parts, p.scale, n, es)
		if got, ok := opt.Memo.Get(key); ok && len(got) == 3 {
			return got[0], got[1], got[2]
		}
	}
	rng := s.gen(opt.Seed)
	reps := make([]float64, 0, opt.Reps)
	w := make([]float64, n)
	for range opt.Reps {
		for i := range w {
			w[i] = 0
		}
		for range n {
			w[rng.IntN(n)]++
		}
		if x, good := wratio(es, w, p.scale); good {
			reps = append(reps, x)
		}
	}
	sd := sdCorrected(reps, float64(n))
	lo, hi = percentiles(reps, opt.Level)
	v = sd * sd
	if memo {
		opt.Memo.Put(key, []float64{lo, hi, v})
	}
	return lo, hi, v
}

// stream is the random stream of a bootstrap: the parts newRNG seeds it
// with (with Options.Seed), which also name its result in a memo; or, in
// tests, a generator of their own (rng), which no memo is asked about.
type stream struct {
	parts []string
	rng   *bootRNG
}

func (s stream) gen(seed uint64) *bootRNG {
	if s.rng != nil {
		return s.rng
	}
	return newRNG(seed, s.parts...)
}

// change fills the change columns of r for cycle c1 against c0: the
// difference of estimates, a bootstrap standard error that resamples the
// speakers of either cycle as clusters (a speaker present in both keeps both
// of their cycles together), a Student t p-value, an interval built from
// the two cycles' intervals ci (MOVER, see moverDiff) with the correlation
// of the two estimates over the same resamples, and the decomposition into
// composition and within-speaker change.
func change(p *panel, c0, c1 int, ci [2][2]float64, r *table.Drift, s stream, opt Options) {
	i0, i1 := p.contributors(c0), p.contributors(c1)
	s0, _ := p.ratio(c0, i0, nil)
	s1, _ := p.ratio(c1, i1, nil)
	d := s1 - s0
	r.Change = ptr(d)
	u := p.union(c0, c1)
	e0, e1 := p.compact(c0, u), p.compact(c1, u)
	ne := p.perCycle(c0, c1)
	se, rho := changeSE(e0, e1, len(u), ne, p.scale, s, opt)
	pv, _, _ := tTest(d, se, ne-1, opt.Level)
	lo, hi := moverDiff(s0, ci[0][0], ci[0][1], s1, ci[1][0], ci[1][1], rho)
	if !p.rate {
		lo, hi = math.Max(lo, -1), math.Min(hi, 1)
	}
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

// changeSE resamples the n speakers of two cycles (e0 and e1, their
// counts by position among the n) together and returns the bootstrap
// standard error of the difference of the two estimates (small-sample
// corrected for ne speakers per cycle) and the correlation of the two
// estimates over the resamples (0 when it cannot be estimated). With
// opt.Memo (and a stream named by its parts) the result is looked up
// there first, and put there when it had to be computed.
func changeSE(e0, e1 []entry, n int, ne, scale float64, s stream, opt Options) (se, rho float64) {
	var key [32]byte
	memo := opt.Memo != nil && s.parts != nil
	if memo {
		// ne is the mean of len(e0) and len(e1), both in the key.
		key = memoKey(memoChange, opt, s.parts, scale, n, e0, e1)
		if got, ok := opt.Memo.Get(key); ok && len(got) == 2 {
			return got[0], got[1]
		}
	}
	rng := s.gen(opt.Seed)
	w := make([]float64, n)
	reps := make([]float64, 0, opt.Reps)
	r0s := make([]float64, 0, opt.Reps)
	r1s := make([]float64, 0, opt.Reps)
	for range opt.Reps {
		for i := range w {
			w[i] = 0
		}
		for range n {
			w[rng.IntN(n)]++
		}
		x0, ok0 := wratio(e0, w, scale)
		x1, ok1 := wratio(e1, w, scale)
		if ok0 && ok1 {
			reps = append(reps, x1-x0)
			r0s, r1s = append(r0s, x0), append(r1s, x1)
		}
	}
	se = sdCorrected(reps, ne)
	if len(r0s) > 2 {
		if c := stat.Correlation(r0s, r1s, nil); !math.IsNaN(c) {
			rho = c
		}
	}
	if memo {
		opt.Memo.Put(key, []float64{se, rho})
	}
	return se, rho
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
