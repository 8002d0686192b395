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

// partsHash is the FNV-1a hash of parts, each followed by 0xff.
func partsHash(parts []string) uint64 {
	h := uint64(1469598103934665603)
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h ^= uint64(p[i])
			h *= 1099511628211
		}
		h ^= 0xff
		h *= 1099511628211
	}
	return h
}

// newRNG returns a generator seeded by seed and the parts (FNV-1a hash), so
// every measure, site and cycle has its own stream whatever the order in
// which they are computed.
func newRNG(seed uint64, parts ...string) *bootRNG {
	r := &bootRNG{}
	r.src.Seed(seed, partsHash(parts))
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

func ptr(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}

// scoreInterval is the score interval of cycle c's estimate over the
// speakers idx at the effective sample size given the speaker clustering
// (Korn and Graubard 1998; Dean and Pagano 2015): a Wilson interval for a
// share, the Poisson score interval for a rate. The design effect is the
// cluster-robust variance of the ratio, k/(k-1) sum((num_i - R den_i)^2) /
// (sum den)^2 over k speakers, divided by the variance the same estimate
// would have if every hit were independent (R(1-R)/N for a share of N
// framed hits, R/T for a rate over T tokens), and is at least 1; the
// effective sample size is N (or T) divided by it. With no variation
// (every hit one way, or no hits) the design effect cannot be estimated
// and is taken as 1. The critical value is Student's t with k - 1 degrees
// of freedom rather than the normal one, which is what keeps the interval
// honest with three or four speakers. NaN when there is no denominator.
func (p *panel) scoreInterval(c int, idx []int, level float64) (lo, hi float64) {
	var sn, sd float64
	for _, j := range idx {
		sn += p.num[c][j]
		sd += p.den[c][j]
	}
	k := float64(len(idx))
	if sd <= 0 || k < 1 {
		return math.NaN(), math.NaN()
	}
	r := sn / sd
	var ss float64
	for _, j := range idx {
		e := p.num[c][j] - r*p.den[c][j]
		ss += e * e
	}
	vcl := math.NaN()
	if k > 1 {
		vcl = k / (k - 1) * ss / (sd * sd)
	}
	base := r * (1 - r) / sd
	if p.rate {
		base = r / sd
	}
	deff := 1.0
	if base > 0 && vcl > 0 {
		deff = math.Max(1, vcl/base)
	}
	crit := tCrit(math.Max(1, k-1), level)
	n := sd / deff
	if p.rate {
		lo, hi = poissonScore(r*n, n, crit)
	} else {
		lo, hi = wilson(r, n, crit)
	}
	return p.scale * lo, p.scale * hi
}

// tCrit is the two-sided critical value of Student's t with df degrees of
// freedom at the given level.
func tCrit(df, level float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(1 - (1-level)/2)
}

// wilson is the Wilson score interval of a proportion p from n trials (n
// need not be whole) with critical value z (Wilson 1927): the p0 with
// |p - p0| <= z sqrt(p0(1-p0)/n). It lies within [0, 1] and has positive
// width whenever n is finite.
func wilson(p, n, z float64) (lo, hi float64) {
	z2 := z * z
	d := 1 + z2/n
	mid := (p + z2/(2*n)) / d
	half := z / d * math.Sqrt(p*(1-p)/n+z2/(4*n*n))
	return math.Max(0, mid-half), math.Min(1, mid+half)
}

// poissonScore is the score interval of a rate from x events over exposure
// t with critical value z: the l with |x - l t| <= z sqrt(l t), that is
// (x + z^2/2 -+ z sqrt(x + z^2/4)) / t. It is at least 0 and positive in
// width, even for x = 0.
func poissonScore(x, t, z float64) (lo, hi float64) {
	z2 := z * z
	half := z * math.Sqrt(x+z2/4)
	return math.Max(0, (x+z2/2-half)/t), (x + z2/2 + half) / t
}

// moverDiff is the interval of the difference s1 - s0 from each estimate's
// own interval [l0, u0], [l1, u1] and the correlation rho of the two
// estimates: the method of variance estimates recovery (MOVER; Newcombe
// 1998 method 10 for independent shares, Zou and Donner 2008 with a
// correlation):
//
//	low  = d - sqrt((s1-l1)^2 + (u0-s0)^2 - 2 rho (s1-l1)(u0-s0))
//	high = d + sqrt((u1-s1)^2 + (s0-l0)^2 - 2 rho (u1-s1)(s0-l0))
//
// Each side uses the distances to the bounds that the difference can move
// towards, so it inherits the asymmetry of the two intervals near 0 and 1:
// with both intervals inside [0, 1] the result lies inside [-1, 1] for any
// rho in [-1, 1]. NaN bounds give NaN.
func moverDiff(s0, l0, u0, s1, l1, u1, rho float64) (lo, hi float64) {
	rho = math.Max(-1, math.Min(1, rho))
	d := s1 - s0
	a, b := s1-l1, u0-s0
	lo = d - math.Sqrt(math.Max(0, a*a+b*b-2*rho*a*b))
	a, b = u1-s1, s0-l0
	hi = d + math.Sqrt(math.Max(0, a*a+b*b-2*rho*a*b))
	return lo, hi
}
