package stats

import (
	"fmt"
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

// BenchmarkKeyness: 24 cycles, each with 6,000 participant words drawn
// from a vocabulary of 40,000 (the word counts of a large corpus).
func BenchmarkKeyness(b *testing.B) {
	spec := defaultSim
	spec.speakers = 300
	spec.shares = make([]float64, 24)
	for i := range spec.shares {
		spec.shares[i] = 0.5
	}
	rng := rand.New(rand.NewPCG(1, 1))
	c, cycles := simulate(spec, rng)
	c.Words = map[string]map[string]int64{}
	for _, cy := range cycles {
		ws := map[string]int64{}
		for range 6000 {
			ws[fmt.Sprintf("w%05d", rng.IntN(40000))] += 1 + rng.Int64N(20)
		}
		c.Words[cy] = ws
	}
	defer cputime.Timer(b)()
	for b.Loop() {
		Keyness(c, cycles, KeynessOptions{})
	}
}
