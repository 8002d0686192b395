package stats

import (
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// clusteredShare draws one cycle of k speakers whose own class propensity
// is Beta(mu*phi, (1-mu)*phi) and who make lo..hi framed hits each (the
// first speaker dom..2*dom when dom > 0: one person doing most of the
// talking), as a one-cycle panel. The pooled share estimates mu.
func clusteredShare(rng *rand.Rand, k, lo, hi, dom int, mu, phi float64) *panel {
	beta := distuv.Beta{Alpha: mu * phi, Beta: (1 - mu) * phi, Src: rng}
	num, den := make([]float64, k), make([]float64, k)
	for i := range k {
		q := beta.Rand()
		n := lo + rng.IntN(hi-lo+1)
		if i == 0 && dom > 0 {
			n = dom + rng.IntN(dom+1)
		}
		for range n {
			if rng.Float64() < q {
				num[i]++
			}
		}
		den[i] = float64(n)
	}
	return &panel{scale: 1, num: [][]float64{num}, den: [][]float64{den}, ev: [][]float64{den}, tok: [][]float64{den}}
}

// TestShareIntervalCoverage checks by simulation that the cycle interval of
// a share covers the true share about 95% of the time in small circles with
// a share near 0 or 1, where the plain percentile bootstrap (which
// collapses to a point when every hit goes one way) does not. Seeded; 300
// bootstrap replicates per circle to stay fast.
func TestShareIntervalCoverage(t *testing.T) {
	start := time.Now()
	for _, sc := range []struct {
		name      string
		k, lo, hi int
		dom       int // hits of one dominant speaker (dom..2*dom), 0 for none
		mu, phi   float64
		minNew    float64 // required coverage of the new interval
		maxOld    float64 // the old interval's coverage must be below this (it fails)
	}{
		{"3 speakers, 1-3 hits, share 0.9", 3, 1, 3, 0, 0.9, 10, 0.93, 0.80},
		{"4 speakers, 2-6 hits, share 0.95", 4, 2, 6, 0, 0.95, 10, 0.93, 0.85},
		{"8 speakers, 1-4 hits, share 0.05", 8, 1, 4, 0, 0.05, 10, 0.93, 0.85},
		{"6 speakers, 5-15 hits, share 0.9, very different speakers", 6, 5, 15, 0, 0.9, 4, 0.93, 0.90},
		{"8 speakers, 15-25 hits, share 0.5 (no harm in the usual case)", 8, 15, 25, 0, 0.5, 10, 0.93, 1},
		// One person makes most of the remarks: when they all go one way
		// the design effect is taken as 1 (Korn and Graubard), which a
		// code review feared too narrow; the other speakers' few remarks
		// and the bootstrap keep the coverage.
		{"4 speakers, one with 30-60 hits, the others 1-3, share 0.9, very different speakers", 4, 1, 3, 30, 0.9, 4, 0.93, 1},
	} {
		rng := rand.New(rand.NewPCG(5, uint64(sc.k)))
		const n = 1000
		opt := Options{Reps: 300, Level: 0.95}
		oldIn, newIn := 0, 0
		var wOld, wNew float64
		for i := 0; i < n; {
			p := clusteredShare(rng, sc.k, sc.lo, sc.hi, sc.dom, sc.mu, sc.phi)
			idx := p.contributors(0)
			if len(idx) == 0 {
				continue // no framed hits in this circle: draw again
			}
			blo, bhi, _ := bootInterval(p, 0, idx, stream{rng: seededBoot(uint64(i), 1)}, opt)
			lo, hi, _ := cycleInterval(p, 0, idx, stream{rng: seededBoot(uint64(i), 1)}, opt)
			i++
			if blo <= sc.mu && sc.mu <= bhi {
				oldIn++
			}
			if lo <= sc.mu && sc.mu <= hi {
				newIn++
			}
			wOld += bhi - blo
			wNew += hi - lo
		}
		co, cn := float64(oldIn)/n, float64(newIn)/n
		t.Logf("%s: coverage bootstrap %.3f (mean width %.2f), new %.3f (mean width %.2f)", sc.name, co, wOld/n, cn, wNew/n)
		if cn < sc.minNew {
			t.Errorf("%s: new coverage %.3f < %.2f", sc.name, cn, sc.minNew)
		}
		if co >= sc.maxOld {
			t.Errorf("%s: bootstrap coverage %.3f, expected below %.2f (the scenario no longer tests the fix)", sc.name, co, sc.maxOld)
		}
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Logf("slow: %v", d)
	}
}
