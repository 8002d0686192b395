// Package aggregate folds the hits of matched turns into additive counts:
// per cycle × site × speaker × role, hits per category with token, turn and
// sentence denominators; per cycle, word counts for keyness; per cycle ×
// site, entry counts for diffusion. Counts from separate shards or workers
// merge by addition, in any order, to the same result.
package aggregate
