package stats

import (
	"errors"
	"math"
	"math/bits"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// ErrLength is returned when paired slices differ in length.
var ErrLength = errors.New("stats: slice length mismatch")

// BH returns Benjamini-Hochberg adjusted p-values (q-values) for p, in the
// same order, as R's p.adjust(p, method = "BH"): sort p ascending, scale the
// i-th smallest by m/i, take the running minimum from the largest down and
// cap at 1. NaN entries are ignored (left NaN) and do not count towards m.
func BH(p []float64) []float64 {
	q := make([]float64, len(p))
	idx := make([]int, 0, len(p))
	for i, v := range p {
		q[i] = math.NaN()
		if !math.IsNaN(v) {
			idx = append(idx, i)
		}
	}
	m := len(idx)
	if m == 0 {
		return q
	}
	// Stable sort keeps ties in input order, so the result does not depend
	// on anything but the values.
	sort.SliceStable(idx, func(a, b int) bool { return p[idx[a]] < p[idx[b]] })
	run := 1.0
	for r := m - 1; r >= 0; r-- {
		v := p[idx[r]] * float64(m) / float64(r+1)
		if v < run {
			run = v
		}
		q[idx[r]] = run
	}
	return q
}

// Slope returns the least-squares slope of y on x. It returns an error when
// the lengths differ, and NaN when fewer than two points or x is constant.
func Slope(x, y []float64) (float64, error) {
	if len(x) != len(y) {
		return math.NaN(), ErrLength
	}
	if len(x) < 2 {
		return math.NaN(), nil
	}
	mx := stat.Mean(x, nil)
	var sxx float64
	for _, v := range x {
		sxx += (v - mx) * (v - mx)
	}
	if sxx == 0 {
		return math.NaN(), nil
	}
	_, beta := stat.LinearRegression(x, y, nil, false)
	return beta, nil
}

// tTest turns an estimate, its standard error and degrees of freedom into a
// two-sided p-value and a symmetric interval at the given level, using
// Student's t distribution. It returns NaNs when se is not positive or df < 1.
func tTest(est, se, df, level float64) (p, lo, hi float64) {
	if !(se > 0) || df < 1 || math.IsNaN(est) {
		return math.NaN(), math.NaN(), math.NaN()
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}
	p = 2 * t.Survival(math.Abs(est)/se)
	if p > 1 {
		p = 1
	}
	crit := t.Quantile(1 - (1-level)/2)
	return p, est - crit*se, est + crit*se
}

// percentiles returns the lower and upper percentile interval of the
// replicates at the given level (type 7 quantiles, as R's default). It
// sorts x in place.
func percentiles(x []float64, level float64) (float64, float64) {
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	sort.Float64s(x)
	a := (1 - level) / 2
	return quantile7(x, a), quantile7(x, 1-a)
}

// quantile7 is R's type 7 quantile of sorted data.
func quantile7(sorted []float64, q float64) float64 {
	pos := q * float64(len(sorted)-1)
	i := int(math.Floor(pos))
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	f := pos - float64(i)
	return sorted[i]*(1-f) + sorted[i+1]*f
}

// sdCorrected returns the standard deviation of bootstrap replicates scaled
// by sqrt(n/(n-1)) for n speakers per cycle: the plain bootstrap variance of
// a mean of n clusters is (n-1)/n times the usual unbiased estimate, which
// matters with eight speakers.
func sdCorrected(reps []float64, n float64) float64 {
	if len(reps) < 2 || n <= 1 {
		return math.NaN()
	}
	_, v := stat.MeanVariance(reps, nil)
	return math.Sqrt(v * n / (n - 1))
}

// perCycle returns the mean number of contributing speakers over the
// cycles: the effective number of clusters behind each cycle's estimate,
// used for the small-sample correction and the degrees of freedom. (Using
// all speakers resampled together would overstate it when each cycle has
// different people.)
func (p *panel) perCycle(cs ...int) float64 {
	if len(cs) == 0 {
		return 0
	}
	var s float64
	for _, c := range cs {
		s += float64(len(p.contributors(c)))
	}
	return s / float64(len(cs))
}

// newRNG returns a generator seeded by seed and the parts (FNV-1a hash), so
// every measure, site and cycle has its own stream whatever the order in
// which they are computed.
func newRNG(seed uint64, parts ...string) *bootRNG {
	h := uint64(1469598103934665603)
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h ^= uint64(p[i])
			h *= 1099511628211
		}
		h ^= 0xff
		h *= 1099511628211
	}
	r := &bootRNG{}
	r.src.Seed(seed, h)
	return r
}

// bootRNG gives the numbers of rand.New(rand.NewPCG(seed1, seed2)).IntN
// for the same seeds (TestBootRNG), without rand.Rand's call through its
// Source interface for every number: the bootstrap draws one per
// speaker per replicate, and the calls were a third of its CPU.
type bootRNG struct{ src rand.PCG }

// IntN is rand.Rand's IntN: Lemire's multiply-and-reject, as math/rand/v2
// computes it (on 32-bit platforms too, which it makes give the same
// numbers).
func (r *bootRNG) IntN(n int) int {
	if n <= 0 {
		panic("invalid argument to IntN")
	}
	un := uint64(n)
	if un&(un-1) == 0 { // a power of two: mask
		return int(r.src.Uint64() & (un - 1))
	}
	hi, lo := bits.Mul64(r.src.Uint64(), un)
	if lo < un {
		thresh := -un % un
		for lo < thresh {
			hi, lo = bits.Mul64(r.src.Uint64(), un)
		}
	}
	return int(hi)
}

// draw fills mult with how many times each of n clusters was drawn in a
// resample of n with replacement.
func draw(rng *bootRNG, mult []float64) {
	for i := range mult {
		mult[i] = 0
	}
	n := len(mult)
	for range n {
		mult[rng.IntN(n)]++
	}
}

func ptr(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}
