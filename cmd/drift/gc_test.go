package main

import (
	"math"
	"os"
	"runtime/debug"
	"testing"
)

// TestTuneGC checks which of GOGC and GOMEMLIMIT a run sets: both when
// neither is in the environment, only the limit when GOGC is, and neither
// when GOMEMLIMIT is.
func TestTuneGC(t *testing.T) {
	tests := []struct {
		name             string
		env              map[string]string
		wantPct          int
		wantLimitDefault bool
	}{
		{"neither set", nil, defaultGCPercent, true},
		{"GOGC set", map[string]string{"GOGC": "150"}, 150, true},
		{"GOMEMLIMIT set", map[string]string{"GOMEMLIMIT": "1GiB"}, 100, false},
		{"both set", map[string]string{"GOGC": "150", "GOMEMLIMIT": "1GiB"}, 150, false},
	}
	oldPct := debug.SetGCPercent(100)
	oldLimit := debug.SetMemoryLimit(math.MaxInt64)
	defer func() {
		debug.SetGCPercent(oldPct)
		debug.SetMemoryLimit(oldLimit)
	}()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"GOGC", "GOMEMLIMIT"} {
				unsetEnv(t, k)
				if v, ok := tt.env[k]; ok {
					t.Setenv(k, v)
				}
			}
			// The environment is read at start-up only; start each case
			// from what the runtime would have made of it.
			pct := 100
			if _, ok := tt.env["GOGC"]; ok {
				pct = 150
			}
			debug.SetGCPercent(pct)
			debug.SetMemoryLimit(math.MaxInt64)
			tuneGC()
			if got := debug.SetGCPercent(-1); got != tt.wantPct {
				t.Errorf("GC percent = %d, want %d", got, tt.wantPct)
			}
			debug.SetGCPercent(tt.wantPct)
			if got := debug.SetMemoryLimit(-1); (got == defaultMemoryLimit) != tt.wantLimitDefault {
				t.Errorf("memory limit = %d, want the default %v", got, tt.wantLimitDefault)
			}
		})
	}
}

// unsetEnv removes k from the environment for the rest of the test.
func unsetEnv(t *testing.T, k string) {
	t.Helper()
	t.Setenv(k, "") // registers the restore
	os.Unsetenv(k)
}
