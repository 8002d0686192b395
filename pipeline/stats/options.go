package stats

// Options control the drift statistics. The zero value gives the defaults.
type Options struct {
	Reps        int     // bootstrap replicates; 0 means 2000
	Seed        uint64  // resampling seed
	Level       float64 // interval level; 0 means 0.95
	Alpha       float64 // false discovery rate for verdicts (q-value cut-off); 0 means 0.05
	MinSpeakers int     // fewer contributing participants give insufficient_data; 0 means 3
	MinHits     int     // fewer framed hits in a cycle give insufficient_data; 0 means 10
	Suppress    int     // cells from fewer contributing speakers are suppressed; 0 means 3
	MinCycles   int     // cycles with enough evidence needed to look for change points; 0 means 5
	Workers     int     // goroutines; 0 means 1. Results do not depend on it.
	// Memo, when set, keeps the cycles' and changes' bootstrap results
	// for a later call (see Memo). Results do not depend on it, nor on
	// what it holds.
	Memo Memo
}

func (o Options) withDefaults() Options {
	if o.Reps <= 0 {
		o.Reps = 2000
	}
	if o.Level <= 0 || o.Level >= 1 {
		o.Level = 0.95
	}
	if o.Alpha <= 0 || o.Alpha >= 1 {
		o.Alpha = 0.05
	}
	if o.MinSpeakers <= 0 {
		o.MinSpeakers = 3
	}
	if o.MinHits <= 0 {
		o.MinHits = 10
	}
	if o.Suppress <= 0 {
		o.Suppress = 3
	}
	if o.MinCycles <= 0 {
		o.MinCycles = 5
	}
	if o.Workers <= 0 {
		o.Workers = 1
	}
	return o
}

// Verdicts written to drift.parquet. Reports match these strings exactly.
const (
	Rose               = "rose"
	Fell               = "fell"
	NoDetectableChange = "no_detectable_change"
	InsufficientData   = "insufficient_data"
	// NoPreviousCycle marks the first cycle's rows: there is nothing to
	// compare with, whatever the evidence.
	NoPreviousCycle = "no_previous_cycle"
)

// Scopes of drift rows.
const (
	ScopeCycle = "cycle"
	ScopeTrend = "trend"
)

// All is the site name of rows that pool every site.
const All = "all"
