//go:build race

package lexicon

// raceEnabled: the race detector makes sync.Pool drop items at random.
const raceEnabled = true
