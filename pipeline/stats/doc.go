// Package stats turns aggregate counts into drift measures with intervals
// and verdicts: shares of each dimension's first category over participant
// turns, per cycle and site and pooled, change against the previous cycle,
// and the trend across cycles. Resampling is seeded, so results are
// deterministic.
package stats
