package stats

import (
	"math/rand/v2"
	"testing"

	"github.com/drift-project/drift/pipeline/internal/cputime"
)

// BenchmarkDriftLarge: one dimension, 300 speakers in one site, 24 cycles,
// 2000 replicates (a large corpus for story circles).
func BenchmarkDriftLarge(b *testing.B) {
	spec := defaultSim
	spec.speakers = 300
	spec.shares = make([]float64, 24)
	for i := range spec.shares {
		spec.shares[i] = 0.5
	}
	c, cycles := simulate(spec, rand.New(rand.NewPCG(1, 1)))
	defer cputime.Timer(b)()
	for b.Loop() {
		Drift(c, cycles, Options{Seed: 1})
	}
}
