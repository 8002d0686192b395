// Package stats turns aggregate counts into the statistics tables of a
// drift dataset. Drift gives, per cycle × site and pooled as "all", rates
// per 1,000 tokens, each dimension's share and its story share over
// participant turns, with speaker-clustered bootstrap intervals, change
// against the previous cycle (t test on a bootstrap standard error,
// Benjamini-Hochberg q-values, a minimum-evidence gate and suppression of
// cells from few speakers), a shift-share decomposition of each change, and
// the trend with change points. Keyness, Participants, Continuity and
// Diffusion give the other tables. Resampling is seeded per measure, site
// and cycle, so results are deterministic whatever the number of workers.
// The methods are explained in docs/statistics.md.
package stats
