package stats

import (
	"fmt"
	"math/rand/v2"

	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/lexicon"
	"gonum.org/v1/gonum/stat/distuv"
)

// simSpec describes simulated story circles: one dimension (framing: class
// vs identity), one site, the same speakers every cycle.
type simSpec struct {
	speakers  int       // 8
	shares    []float64 // the true pooled class share per cycle
	phi       float64   // speaker heterogeneity: speaker shares ~ Beta(mu*phi, (1-mu)*phi)
	hitsLo    int       // framed hits per speaker and cycle, uniform in [hitsLo, hitsHi]
	hitsHi    int
	attend    float64 // probability a speaker attends a cycle
	narrative float64 // probability a hit is in a first-person story
	fresh     bool    // new speakers every cycle instead of the same circle
	shock     float64 // SD of a cycle-wide random shift of the true share (topic of the week)
}

var defaultSim = simSpec{speakers: 8, phi: 10, hitsLo: 15, hitsHi: 25, attend: 0.9, narrative: 0.4}

func simCycles(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("c%02d", i+1)
	}
	return out
}

// simulate draws one corpus. Each speaker keeps a latent rank u across
// cycles, and their class propensity in a cycle is the u-quantile of a Beta
// distribution with the cycle's mean, so speakers are persistent but all
// move with the planted trend. Class hits are binomial given the
// propensity.
func simulate(spec simSpec, rng *rand.Rand) (*aggregate.Counts, []string) {
	c := &aggregate.Counts{
		Dims: []lexicon.DimInfo{{Name: "framing", Lexicon: "framing", Categories: []string{"class", "identity"}}},
		Categories: []aggregate.Category{
			{Dimension: "framing", Name: "class", Dim: 0, Index: 0},
			{Dimension: "framing", Name: "identity", Dim: 0, Index: 1},
		},
		Cells: map[aggregate.Key]*aggregate.Cell{},
	}
	cycles := simCycles(len(spec.shares))
	u := make([]float64, spec.speakers)
	for i := range u {
		u[i] = rng.Float64()
	}
	binom := func(n int, p float64) int64 {
		var k int64
		for range n {
			if rng.Float64() < p {
				k++
			}
		}
		return k
	}
	for ci, cy := range cycles {
		mu := spec.shares[ci]
		if spec.shock > 0 {
			mu = min(0.95, max(0.05, mu+spec.shock*rng.NormFloat64()))
		}
		beta := distuv.Beta{Alpha: mu * spec.phi, Beta: (1 - mu) * spec.phi}
		if spec.fresh {
			for i := range u {
				u[i] = rng.Float64()
			}
		}
		for s := range spec.speakers {
			if rng.Float64() >= spec.attend {
				continue
			}
			p := beta.Quantile(u[s])
			n := spec.hitsLo + rng.IntN(spec.hitsHi-spec.hitsLo+1)
			a := binom(n, p)
			b := int64(n) - a
			na, nb := binom(int(a), spec.narrative), binom(int(b), spec.narrative)
			name := fmt.Sprintf("P%02d", s)
			if spec.fresh {
				name = cy + name
			}
			k := aggregate.Key{Cycle: cy, Site: "circle", Speaker: name, Role: "participant"}
			tokens := int64(800 + rng.IntN(801))
			c.Cells[k] = &aggregate.Cell{Key: k, Tokens: tokens, Turns: 10, Sentences: 60,
				Hits: []int64{a, b}, HitsAll: []int64{a, b}, NarrativeHits: []int64{na, nb},
				FramedSentences: []int64{a, b}}
		}
	}
	return c, cycles
}
