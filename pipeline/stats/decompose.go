package stats

import (
	"math"
	"sort"
)

// Unit is one speaker's numerator and denominator in one cycle: class hits
// and framed hits for a share, category hits and tokens for a rate.
type Unit struct {
	Num, Den float64
}

// Decomposition splits a change in a pooled ratio between two cycles.
// Composition + Within equals the change exactly.
type Decomposition struct {
	Change      float64 // estimate in the later cycle minus the earlier
	Within      float64 // speakers present in both cycles changing their own ratio
	Composition float64 // who spoke and how much: weight shifts, entries and exits
	Entry, Exit float64 // the parts of Composition due to new and departed speakers
	TopShare    float64 // largest single speaker's |contribution| / sum of |contributions|
	Top         int     // that speaker's key
	OK          bool    // false when either cycle has no denominator
}

// Decompose splits the change of the pooled ratio scale*sum(Num)/sum(Den)
// from cycle 0 to cycle 1 with a symmetric shift-share over speakers (the
// Griliches-Regev form). With w the speaker's share of the denominator, s
// the speaker's own ratio and S the mean of the two pooled ratios:
//
//	stayer:  within  = (w0+w1)/2 * (s1-s0)
//	         between = (w1-w0) * ((s0+s1)/2 - S)
//	entrant: w1 * (s1 - S)
//	leaver:  -w0 * (s0 - S)
//
// Composition is between + entrants + leavers. A speaker's contribution is
// the sum of their terms; TopShare says how much of the movement one person
// accounts for.
func Decompose(u0, u1 map[int]Unit, scale float64) Decomposition {
	var d Decomposition
	var t0, t1, n0, n1 float64
	keys := map[int]bool{}
	for k, u := range u0 {
		t0 += u.Den
		n0 += u.Num
		keys[k] = true
	}
	for k, u := range u1 {
		t1 += u.Den
		n1 += u.Num
		keys[k] = true
	}
	if t0 <= 0 || t1 <= 0 {
		return d
	}
	ks := make([]int, 0, len(keys))
	for k := range keys {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	S0, S1 := scale*n0/t0, scale*n1/t1
	Sbar := (S0 + S1) / 2
	d.Change = S1 - S0
	var absSum, best float64
	d.Top = -1
	for _, k := range ks {
		a, in0 := u0[k]
		b, in1 := u1[k]
		in0 = in0 && a.Den > 0
		in1 = in1 && b.Den > 0
		var contrib float64
		switch {
		case in0 && in1:
			w0, w1 := a.Den/t0, b.Den/t1
			s0, s1 := scale*a.Num/a.Den, scale*b.Num/b.Den
			within := (w0 + w1) / 2 * (s1 - s0)
			between := (w1 - w0) * ((s0+s1)/2 - Sbar)
			d.Within += within
			d.Composition += between
			contrib = within + between
		case in1:
			w1, s1 := b.Den/t1, scale*b.Num/b.Den
			contrib = w1 * (s1 - Sbar)
			d.Entry += contrib
			d.Composition += contrib
		case in0:
			w0, s0 := a.Den/t0, scale*a.Num/a.Den
			contrib = -w0 * (s0 - Sbar)
			d.Exit += contrib
			d.Composition += contrib
		default:
			continue
		}
		absSum += math.Abs(contrib)
		if math.Abs(contrib) > best {
			best, d.Top = math.Abs(contrib), k
		}
	}
	if absSum > 0 {
		d.TopShare = best / absSum
	}
	d.OK = true
	return d
}
