// Package cputime reports the CPU time of benchmarks next to their wall
// time: on a busy shared machine wall time swings with the load, CPU time
// much less.
package cputime

import (
	"testing"
	"time"
)

// Timer starts counting the process's CPU time (user + system, every
// thread) and returns a func that reports it per op as "cpu-ns/op"; call
// the func after the benchmark loop, typically as defer cputime.Timer(b)().
// Where the CPU time cannot be read it reports nothing.
func Timer(b *testing.B) func() {
	start, ok := Process()
	return func() {
		end, ok2 := Process()
		if ok && ok2 && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

// Process returns the CPU time the process has used so far, user and
// system, over every thread; ok is false where it cannot be read.
func Process() (d time.Duration, ok bool) { return process() }
