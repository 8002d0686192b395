package stats

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestBH(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		p    []float64
		want []float64
	}{
		// Hand calculation: sorted 0.005, 0.01, 0.03, 0.04, 0.5 scaled by
		// 5/i give 0.025, 0.025, 0.05, 0.05, 0.5; running minimum from the top.
		{"hand", []float64{0.01, 0.04, 0.03, 0.005, 0.5}, []float64{0.025, 0.05, 0.05, 0.025, 0.5}},
		// R: p.adjust(c(.01,.02,.03,.04,.05), "BH") is 0.05 five times.
		{"all equal after adjustment", []float64{0.01, 0.02, 0.03, 0.04, 0.05}, []float64{0.05, 0.05, 0.05, 0.05, 0.05}},
		// Ties: 0.02*3/1 = 0.06 and 0.02*3/2 = 0.03; the minimum from the top gives 0.03 to both.
		{"ties", []float64{0.02, 0.02, 0.5}, []float64{0.03, 0.03, 0.5}},
		// NaN is skipped and m counts only the others.
		{"nan", []float64{0.01, nan, 0.04}, []float64{0.02, nan, 0.04}},
		{"capped at 1", []float64{0.9, 0.8}, []float64{0.9, 0.9}},
		{"empty", nil, []float64{}},
		// Benjamini and Hochberg (1995, J R Stat Soc B 57:289-300), section 4:
		// 15 p-values; at q = 0.05 the procedure rejects the four smallest.
		// Adjusted values by direct evaluation of min_{j>=i} m p_(j)/j.
		{"BH 1995 example",
			[]float64{0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000},
			[]float64{0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.0638571428571, 0.0638571428571, 0.0645, 0.0765, 0.486, 0.581181818182, 0.714875, 0.753230769231, 0.813214285714, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := BH(tt.p)
			if len(got) != len(tt.want) {
				t.Fatalf("len %d, want %d", len(got), len(tt.want))
			}
			for i := range got {
				if math.IsNaN(tt.want[i]) != math.IsNaN(got[i]) || (!math.IsNaN(got[i]) && !near(got[i], tt.want[i], 1e-9)) {
					t.Errorf("q[%d] = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func ExampleBH() {
	q := BH([]float64{0.01, 0.04, 0.03, 0.005, 0.5})
	fmt.Printf("%.3f\n", q)
	// Output: [0.025 0.050 0.050 0.025 0.500]
}

func TestTTest(t *testing.T) {
	// Student t quantiles from printed tables (and R: qt(0.975, 7) =
	// 2.364624252, qt(0.975, 15) = 2.131449546): a t statistic at the
	// 97.5% quantile has two-sided p = 0.05, and the 95% interval is
	// est +- quantile * se.
	for _, c := range []struct{ df, q float64 }{{7, 2.364624252}, {15, 2.131449546}} {
		p, lo, hi := tTest(c.q*0.1, 0.1, c.df, 0.95)
		if !near(p, 0.05, 1e-6) {
			t.Errorf("df %v: p = %v, want 0.05", c.df, p)
		}
		if !near(lo, 0, 1e-6) || !near(hi, 2*c.q*0.1, 1e-6) {
			t.Errorf("df %v: interval [%v, %v], want [0, %v]", c.df, lo, hi, 2*c.q*0.1)
		}
	}
	if p, _, _ := tTest(1, 0, 5, 0.95); !math.IsNaN(p) {
		t.Errorf("se 0: p = %v, want NaN", p)
	}
}

func TestSlope(t *testing.T) {
	// Hand calculation: x = 0..3, y = .3 .43 .57 .7: Sxy = 0.67, Sxx = 5.
	got, err := Slope([]float64{0, 1, 2, 3}, []float64{0.3, 0.43, 0.57, 0.7})
	if err != nil || !near(got, 0.134, 1e-12) {
		t.Errorf("Slope = %v, %v; want 0.134", got, err)
	}
	if _, err := Slope([]float64{0, 1}, []float64{1}); err != ErrLength {
		t.Errorf("length mismatch: err = %v, want ErrLength", err)
	}
	if got, _ := Slope([]float64{2, 2}, []float64{1, 3}); !math.IsNaN(got) {
		t.Errorf("constant x: %v, want NaN", got)
	}
}

func TestPercentilesType7(t *testing.T) {
	// R: quantile(1:10, c(0.025, 0.975)) gives 1.225 and 9.775.
	x := []float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}
	lo, hi := percentiles(x, 0.95)
	if !near(lo, 1.225, 1e-12) || !near(hi, 9.775, 1e-12) {
		t.Errorf("percentiles = %v, %v; want 1.225, 9.775", lo, hi)
	}
}

// The bootstrap standard error of a pooled share, scaled by sqrt(n/(n-1)),
// should match the cluster-robust (linearisation) standard error
// sqrt(n/(n-1) * sum((a_i - R n_i)^2) / N^2), computed by hand in Python
// for these eight speakers: R = 0.5, SE = 0.0933058168871493.
func TestBootstrapSEMatchesLinearisation(t *testing.T) {
	a := []float64{3, 5, 8, 2, 6, 9, 1, 4}
	n := []float64{10, 12, 9, 8, 11, 10, 7, 9}
	p := &panel{scale: 1, num: [][]float64{a}, den: [][]float64{n}, ev: [][]float64{n}, tok: [][]float64{n}}
	idx := p.contributors(0)
	est, _ := p.ratio(0, idx, nil)
	_, _, v := cycleInterval(p, 0, idx, stream{rng: seededBoot(1, 2)}, Options{Reps: 20000, Level: 0.95})
	if !near(est, 0.5, 1e-12) {
		t.Errorf("estimate %v, want 0.5", est)
	}
	// Tolerance 5%: the bootstrap variance of a ratio is the
	// linearisation variance up to O(1/n) terms plus Monte Carlo error.
	if se := math.Sqrt(v); math.Abs(se/0.0933058168871493-1) > 0.05 {
		t.Errorf("bootstrap SE %v, want 0.0933 within 5%%", se)
	}
}

func TestDecomposeSumsToChange(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		u0, u1 := map[int]Unit{}, map[int]Unit{}
		for s := range 10 {
			if rng.Float64() < 0.8 {
				d := float64(1 + rng.IntN(20))
				u0[s] = Unit{Num: float64(rng.IntN(int(d) + 1)), Den: d}
			}
			if rng.Float64() < 0.8 {
				d := float64(1 + rng.IntN(20))
				u1[s] = Unit{Num: float64(rng.IntN(int(d) + 1)), Den: d}
			}
		}
		d := Decompose(u0, u1, 1)
		if !d.OK {
			continue
		}
		if !near(d.Composition+d.Within, d.Change, 1e-12) {
			t.Fatalf("composition %v + within %v != change %v", d.Composition, d.Within, d.Change)
		}
		if d.TopShare < 0 || d.TopShare > 1 {
			t.Fatalf("top share %v", d.TopShare)
		}
	}
}

// Hand calculation (see the comment in ExampleDecompose): speaker 1 stays
// and moves from 3/10 to 8/10, speaker 2 (5/10) leaves, speaker 3 (2/10)
// joins. S0 = 0.4, S1 = 0.5, mean 0.45. Within = 0.5*(0.8-0.3) = 0.25;
// entry = 0.5*(0.2-0.45) = -0.125; exit = -0.5*(0.5-0.45) = -0.025; top
// share = 0.25/0.4.
func ExampleDecompose() {
	before := map[int]Unit{1: {Num: 3, Den: 10}, 2: {Num: 5, Den: 10}}
	after := map[int]Unit{1: {Num: 8, Den: 10}, 3: {Num: 2, Den: 10}}
	d := Decompose(before, after, 1)
	fmt.Printf("change %.3f = within %.3f + composition %.3f (entry %.3f, exit %.3f); top speaker %d share %.3f\n",
		d.Change, d.Within, d.Composition, d.Entry, d.Exit, d.Top, d.TopShare)
	// Output: change 0.100 = within 0.250 + composition -0.150 (entry -0.125, exit -0.025); top speaker 1 share 0.625
}

func TestLogOdds(t *testing.T) {
	// Hand calculation in Python of Monroe et al. (2008) eqs. 16-20 with
	// yi=10, ni=100, yj=5, nj=200, alpha=2, alpha0=50:
	// delta = log(12/138) - log(7/243), z = delta/sqrt(1/12+1/7).
	d, z := LogOdds(10, 100, 5, 200, 2, 50)
	if !near(d, 1.104804258916031, 1e-12) || !near(z, 2.322994503965178, 1e-12) {
		t.Errorf("LogOdds = %v, %v", d, z)
	}
	// Symmetry: swapping the groups flips the sign.
	d2, z2 := LogOdds(5, 200, 10, 100, 2, 50)
	if !near(d, -d2, 1e-12) || !near(z, -z2, 1e-12) {
		t.Errorf("not antisymmetric: %v %v vs %v %v", d, z, d2, z2)
	}
	if d, _ := LogOdds(1, 10, 1, 10, 0, 50); !math.IsNaN(d) {
		t.Errorf("alpha 0 should give NaN, got %v", d)
	}
}

func ExampleLogOdds() {
	delta, z := LogOdds(10, 100, 5, 200, 2, 50)
	fmt.Printf("delta %.4f z %.4f\n", delta, z)
	// Output: delta 1.1048 z 2.3230
}

func TestChangePoints(t *testing.T) {
	v := []float64{0.0016, 0.0016, 0.0016, 0.0016, 0.0016, 0.0016}
	if got := ChangePoints([]float64{0.3, 0.32, 0.29, 0.7, 0.68, 0.71}, v, 2); fmt.Sprint(got) != "[3]" {
		t.Errorf("step: got %v, want [3]", got)
	}
	if got := ChangePoints([]float64{0.5, 0.52, 0.49, 0.51, 0.5, 0.48}, v, 2); len(got) != 0 {
		t.Errorf("flat: got %v, want none", got)
	}
	if got := ChangePoints([]float64{0.5, 0.5, 0.5}, v[:3], 2); got != nil {
		t.Errorf("too short: got %v", got)
	}
}

// TestChangePointsFalseAlarm checks the penalty 3 ln(k) on Gaussian series
// with known variance and no shift: the rate of series with any change
// point should be near 5% (2000 series each; Monte Carlo SE about 0.5%).
func TestChangePointsFalseAlarm(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, k := range []int{5, 6, 8, 12, 24} {
		hits := 0
		y, v := make([]float64, k), make([]float64, k)
		for range 2000 {
			for i := range y {
				y[i], v[i] = rng.NormFloat64(), 1
			}
			if len(ChangePoints(y, v, 2)) > 0 {
				hits++
			}
		}
		rate := float64(hits) / 2000
		t.Logf("k = %d: false change point in %.3f of series", k, rate)
		if rate > 0.08 {
			t.Errorf("k = %d: false-alarm rate %.3f > 0.08", k, rate)
		}
	}
}

func TestDispersion(t *testing.T) {
	// Hand calculation: y = 0, 1, 0, 1 on x = 0..3 has slope 0.2 and
	// fitted values 0.2, 0.4, 0.6, 0.8; residuals -0.2, 0.6, -0.6, 0.2;
	// squared sum 0.8; with v = 0.1 chi = 8, over n-2 = 2 gives 4.
	x := []float64{0, 1, 2, 3}
	if got := Dispersion(x, []float64{0, 1, 0, 1}, []float64{0.1, 0.1, 0.1, 0.1}); !near(got, 4, 1e-12) {
		t.Errorf("Dispersion = %v, want 4", got)
	}
	if got := Dispersion(x, []float64{0, 1, 2, 3}, []float64{0.1, 0.1, 0.1, 0.1}); got != 1 {
		t.Errorf("on the line: %v, want 1", got)
	}
	if got := Dispersion(x[:2], []float64{0, 1}, []float64{1, 1}); got != 1 {
		t.Errorf("two points: %v, want 1", got)
	}
}

func ExampleChangePoints() {
	// Class share per cycle, each with sampling variance 0.04^2: a jump
	// after the third cycle.
	y := []float64{0.31, 0.29, 0.33, 0.62, 0.58, 0.61}
	v := []float64{0.0016, 0.0016, 0.0016, 0.0016, 0.0016, 0.0016}
	fmt.Println(ChangePoints(y, v, 2))
	// Output: [3]
}

// Wilson and Poisson score intervals against hand calculations (R:
// prop.test(x, n, correct = FALSE)$conf.int gives the Wilson interval; for
// 3 of 3 with z = 1.959964: [0.4385030, 1]), and the effective sample size
// of a clustered share against the design effect computed by hand.
func TestScoreIntervals(t *testing.T) {
	z := tCrit(1e9, 0.95)
	for _, tc := range []struct {
		name           string
		lo, hi, wl, wh float64
	}{
		{"wilson 3/3", 0, 0, 0.4385030, 1},
		{"wilson 0/10", 0, 0, 0, 0.2775328},
		{"wilson 7/20", 0, 0, 0.1811918, 0.5671457},
		{"poisson 0 in 1000", 0, 0, 0, z * z / 1000},
		{"poisson 4 in 1000", 0, 0, (4 + z*z/2 - z*math.Sqrt(4+z*z/4)) / 1000, (4 + z*z/2 + z*math.Sqrt(4+z*z/4)) / 1000},
	} {
		var lo, hi float64
		switch tc.name {
		case "wilson 3/3":
			lo, hi = wilson(1, 3, z)
		case "wilson 0/10":
			lo, hi = wilson(0, 10, z)
		case "wilson 7/20":
			lo, hi = wilson(0.35, 20, z)
		case "poisson 0 in 1000":
			lo, hi = poissonScore(0, 1000, z)
		case "poisson 4 in 1000":
			lo, hi = poissonScore(4, 1000, z)
		}
		if !near(lo, tc.wl, 1e-6) || !near(hi, tc.wh, 1e-6) {
			t.Errorf("%s: [%v, %v], want [%v, %v]", tc.name, lo, hi, tc.wl, tc.wh)
		}
	}
	// The eight speakers of TestBootstrapSEMatchesLinearisation: R = 0.5,
	// N = 76, cluster SE 0.0933058 so deff = 0.0933058^2 / (0.25/76) =
	// 2.646629 and n_eff = 28.71619; t(7) = 2.364624.
	a := []float64{3, 5, 8, 2, 6, 9, 1, 4}
	n := []float64{10, 12, 9, 8, 11, 10, 7, 9}
	p := &panel{scale: 1, num: [][]float64{a}, den: [][]float64{n}, ev: [][]float64{n}, tok: [][]float64{n}}
	lo, hi := p.scoreInterval(0, p.contributors(0), 0.95)
	wl, wh := wilson(0.5, 76/(0.0933058168871493*0.0933058168871493/(0.25/76)), 2.364624)
	if !near(lo, wl, 1e-5) || !near(hi, wh, 1e-5) {
		t.Errorf("clustered Wilson [%v, %v], want [%v, %v]", lo, hi, wl, wh)
	}
	// Every hit one way: the interval is not a point.
	p = &panel{scale: 1, num: [][]float64{{1, 1, 1}}, den: [][]float64{{1, 1, 1}}, ev: [][]float64{{1, 1, 1}}, tok: [][]float64{{1, 1, 1}}}
	lo, hi = p.scoreInterval(0, p.contributors(0), 0.95)
	if !(lo < 0.5) || hi != 1 {
		t.Errorf("3 of 3 from 3 speakers: [%v, %v]", lo, hi)
	}
}

// TestMoverDiff checks the difference interval against Newcombe (1998,
// Statistics in Medicine 17:873-890, Table II, example (a)): 56/70 - 48/80
// = 0.2, method 10 (Wilson score intervals combined) 0.0524 to 0.3339; and
// that a positive correlation narrows it and the bounds stay in [-1, 1].
func TestMoverDiff(t *testing.T) {
	z := tCrit(1e9, 0.95)
	l1, u1 := wilson(56.0/70, 70, z)
	l0, u0 := wilson(48.0/80, 80, z)
	lo, hi := moverDiff(48.0/80, l0, u0, 56.0/70, l1, u1, 0)
	if !near(lo, 0.0524, 5e-5) || !near(hi, 0.3339, 5e-5) {
		t.Errorf("Newcombe example: [%.4f, %.4f], want [0.0524, 0.3339]", lo, hi)
	}
	lr, hr := moverDiff(48.0/80, l0, u0, 56.0/70, l1, u1, 0.5)
	if !(lr > lo && hr < hi) {
		t.Errorf("correlation 0.5 should narrow: [%v, %v] vs [%v, %v]", lr, hr, lo, hi)
	}
	for _, rho := range []float64{-1, 0, 1} {
		lo, hi := moverDiff(0, 0, 0.9, 1, 0.1, 1, rho)
		if lo < -1 || hi > 1 || lo > 1 || hi != 1 {
			t.Errorf("rho %v: [%v, %v]", rho, lo, hi)
		}
	}
}

// TestBootRNG: bootRNG gives rand.Rand's IntN numbers for the same seeds,
// for powers of two, small and large n, and n near 2^63 (where Lemire's
// method rejects often).
func TestBootRNG(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7, 64, 100, 1000, 1 << 20, 1<<31 + 1, 1<<62 + 12345, math.MaxInt64} {
		want := rand.New(rand.NewPCG(7, uint64(n)))
		got := seededBoot(7, uint64(n))
		for i := range 20000 {
			if g, w := got.IntN(n), want.IntN(n); g != w {
				t.Fatalf("n = %d, draw %d: bootRNG.IntN = %d, rand.Rand.IntN = %d", n, i, g, w)
			}
		}
	}
	if g, w := newRNG(1, "cycle", "m", "all", "2020s").IntN(97), rand.New(rand.NewPCG(1, partsHash([]string{"cycle", "m", "all", "2020s"}))).IntN(97); g != w {
		t.Errorf("newRNG's first IntN(97) = %d, want %d", g, w)
	}
}

// seededBoot is the bootRNG of rand.NewPCG(seed1, seed2).
func seededBoot(seed1, seed2 uint64) *bootRNG {
	r := &bootRNG{}
	r.src.Seed(seed1, seed2)
	return r
}
