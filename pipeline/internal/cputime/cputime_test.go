package cputime

import (
	"runtime"
	"testing"
)

// TestProcessAdvances checks that busy work shows up as CPU time where
// the platform reports it.
func TestProcessAdvances(t *testing.T) {
	before, ok := Process()
	if !ok {
		if runtime.GOOS == "linux" || runtime.GOOS == "darwin" {
			t.Fatalf("Process: CPU time unreadable on %s", runtime.GOOS)
		}
		t.Skipf("no CPU time on %s", runtime.GOOS)
	}
	x := 0
	for i := 0; i < 50_000_000; i++ {
		x += i % 7
	}
	after, _ := Process()
	if after <= before {
		t.Errorf("CPU time did not advance after busy work (%v -> %v, x=%d)", before, after, x)
	}
}

func BenchmarkTimer(b *testing.B) {
	defer Timer(b)()
	for b.Loop() {
		_ = make([]byte, 64)
	}
}
