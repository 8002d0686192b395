package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// simReps is the number of simulated corpora per scenario, and simBoot the
// bootstrap replicates per corpus (fewer than the 2000 of a real run, to
// keep the test fast; the p-values come from a t distribution, so their
// resolution does not depend on the replicates).
const (
	simReps = 300
	simBoot = 300
)

type callRates struct {
	trend, change, anyRow, n int
	rowsCalled, rowsTested   int
	trendP, changeP, changeN int // unadjusted p < 0.05 (class_share, site all)
}

func runScenario(t *testing.T, spec simSpec, seed uint64) callRates {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	var cr callRates
	for i := range simReps {
		c, cycles := simulate(spec, rng)
		rows := Drift(c, cycles, Options{Reps: simBoot, Seed: uint64(i)})
		cr.n++
		trendCalled, changeCalled, any := false, false, false
		for _, r := range rows {
			called := r.Verdict == Rose || r.Verdict == Fell
			if r.PValue != nil {
				cr.rowsTested++
				if called {
					cr.rowsCalled++
				}
			}
			if called {
				any = true
			}
			if r.Measure != "class_share" || r.Site != All {
				continue
			}
			if r.Scope == ScopeTrend && called {
				trendCalled = true
			}
			if r.PValue != nil && r.Scope == ScopeTrend && *r.PValue < 0.05 {
				cr.trendP++
			}
			if r.PValue != nil && r.Scope == ScopeCycle {
				cr.changeN++
				if *r.PValue < 0.05 {
					cr.changeP++
				}
			}
			if r.Scope == ScopeCycle && called {
				changeCalled = true
			}
		}
		if trendCalled {
			cr.trend++
		}
		if changeCalled {
			cr.change++
		}
		if any {
			cr.anyRow++
		}
	}
	return cr
}

// Monte Carlo allowance for a false-positive rate of 5% estimated from
// simReps corpora: 2.33 standard errors (one-sided 99%).
func fpLimit() float64 { return 0.05 + 2.33*math.Sqrt(0.05*0.95/simReps) }

func TestCalibrationNoDrift(t *testing.T) {
	spec := defaultSim
	spec.shares = []float64{0.5, 0.5, 0.5, 0.5}
	cr := runScenario(t, spec, 1)
	lim := fpLimit()
	f := func(k int) float64 { return float64(k) / float64(cr.n) }
	t.Logf("no drift, %d corpora x %d bootstrap reps: class_share trend called rose/fell %.3f; any class_share change called %.3f; any of %d measure rows called %.3f; per tested row %.4f (%d/%d); limit %.3f",
		cr.n, simBoot, f(cr.trend), f(cr.change), 16, f(cr.anyRow), float64(cr.rowsCalled)/float64(cr.rowsTested), cr.rowsCalled, cr.rowsTested, lim)
	t.Logf("unadjusted p < 0.05: class_share trend %.3f; class_share changes %.3f (%d/%d)", f(cr.trendP), float64(cr.changeP)/float64(cr.changeN), cr.changeP, cr.changeN)
	if f(cr.trend) > lim {
		t.Errorf("trend false-positive rate %.3f > %.3f", f(cr.trend), lim)
	}
	if f(cr.change) > lim {
		t.Errorf("change false-positive rate %.3f > %.3f", f(cr.change), lim)
	}
}

// TestCalibrationNoDriftHard repeats the null check in harder settings:
// strongly heterogeneous speakers (phi = 4) who are new every cycle, and a
// six-cycle series (where change points are also searched).
func TestCalibrationNoDriftHard(t *testing.T) {
	lim := fpLimit()
	for _, sc := range []struct {
		name  string
		fresh bool
		phi   float64
		n     int
		shock float64
	}{{"fresh speakers, phi 4, 4 cycles", true, 4, 4, 0}, {"same circle, phi 10, 6 cycles", false, 10, 6, 0},
		{"same circle, 5 cycles, cycle-wide shocks SD 0.08", false, 10, 5, 0.08}} {
		spec := defaultSim
		spec.fresh, spec.phi, spec.shock = sc.fresh, sc.phi, sc.shock
		spec.shares = make([]float64, sc.n)
		for i := range spec.shares {
			spec.shares[i] = 0.4
		}
		rng := rand.New(rand.NewPCG(11, uint64(sc.n)))
		trend, change, cps, pTrend := 0, 0, 0, 0
		for i := range simReps {
			c, cycles := simulate(spec, rng)
			changed := false
			for _, r := range Drift(c, cycles, Options{Reps: simBoot, Seed: uint64(i)}) {
				if r.Measure != "class_share" || r.Site != All {
					continue
				}
				called := r.Verdict == Rose || r.Verdict == Fell
				if r.Scope == ScopeTrend {
					if called {
						trend++
					}
					if r.PValue != nil && *r.PValue < 0.05 {
						pTrend++
					}
					if r.ChangePoints != "" && r.ChangePoints != "none" {
						cps++
					}
				} else if called {
					changed = true
				}
			}
			if changed {
				change++
			}
		}
		f := func(k int) float64 { return float64(k) / simReps }
		t.Logf("%s: trend called %.3f (unadjusted p<0.05: %.3f); any change called %.3f; change point reported %.3f", sc.name, f(trend), f(pTrend), f(change), f(cps))
		if f(trend) > lim || (sc.shock == 0 && f(change) > lim) {
			t.Errorf("%s: false-positive rate above %.3f", sc.name, lim)
		}
	}
}

func TestCalibrationPlantedRise(t *testing.T) {
	spec := defaultSim
	spec.shares = []float64{0.3, 0.43, 0.57, 0.7}
	spec.attend = 1
	rng := rand.New(rand.NewPCG(2, 7))
	rose := 0
	for i := range simReps {
		c, cycles := simulate(spec, rng)
		rows := Drift(c, cycles, Options{Reps: simBoot, Seed: uint64(i)})
		for _, r := range rows {
			if r.Scope == ScopeTrend && r.Site == All && r.Measure == "class_share" && r.Verdict == Rose {
				rose++
			}
		}
	}
	power := float64(rose) / simReps
	t.Logf("planted rise 0.3..0.7, 8 speakers, 15-25 framed hits each: trend called rose in %.3f of %d corpora", power, simReps)
	if power < 0.90 {
		t.Errorf("power %.3f < 0.90", power)
	}
}

// TestPowerSmallerEffects logs (without asserting) how often smaller or
// noisier planted rises are detected, for docs/statistics.md.
func TestPowerSmallerEffects(t *testing.T) {
	for _, sc := range []struct {
		name   string
		shares []float64
		phi    float64
		lo, hi int
	}{
		{"rise 0.40..0.55, phi 10, 15-25 hits", []float64{0.40, 0.45, 0.50, 0.55}, 10, 15, 25},
		{"rise 0.30..0.70, phi 4, 5-10 hits", []float64{0.3, 0.43, 0.57, 0.7}, 4, 5, 10},
		{"jump 0.4 -> 0.6 at cycle 3, phi 10, 15-25 hits", []float64{0.4, 0.4, 0.6, 0.6}, 10, 15, 25},
	} {
		spec := defaultSim
		spec.shares, spec.phi, spec.hitsLo, spec.hitsHi, spec.attend = sc.shares, sc.phi, sc.lo, sc.hi, 1
		rng := rand.New(rand.NewPCG(13, 1))
		trend, jump := 0, 0
		const n = 200
		for i := range n {
			c, cycles := simulate(spec, rng)
			for _, r := range Drift(c, cycles, Options{Reps: 200, Seed: uint64(i)}) {
				if r.Measure != "class_share" || r.Site != All {
					continue
				}
				if r.Scope == ScopeTrend && r.Verdict == Rose {
					trend++
				}
				if r.Scope == ScopeCycle && r.Cycle == cycles[2] && r.Verdict == Rose {
					jump++
				}
			}
		}
		t.Logf("%s: trend rose %.2f, change into cycle 3 rose %.2f (%d corpora, 200 reps)", sc.name, float64(trend)/n, float64(jump)/n, n)
	}
}
