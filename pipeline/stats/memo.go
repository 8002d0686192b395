package stats

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
	"sync"
)

// Memo keeps the results of bootstraps so that a later call of Drift on
// counts that are partly the same (a rerun after a cycle is added) does
// not resample them again. Drift asks it for the result of every
// cycle's bootstrap interval and every change's resampling loop under a
// key that is the SHA-256 of everything that determines the result (see
// memoKey): what is reused is exactly what would be computed, whatever
// the order of the speakers in the panel, the number of workers or the
// other measures. Drift may call Get and Put from several goroutines at
// once; Get must return what Put was given for the key (or nothing), and
// the caller does not change a slice it got or put.
type Memo interface {
	Get(key [32]byte) ([]float64, bool)
	Put(key [32]byte, v []float64)
}

// memoFormat starts every key: it changes when a bootstrap, or what a
// memo value holds, changes, so that old values are misses.
const memoFormat = "drift boot memo 1"

// Kinds of memo values.
const (
	memoCycle  = "cycle"  // bootInterval: lo, hi, v
	memoChange = "change" // change's resampling: se, rho
)

// memoKey is the key of a bootstrap result: the SHA-256 of memoFormat, the
// kind of value, the seed and the parts of its random stream (see
// newRNG), the replicates, the level, the measure's scale, the number of
// speakers resampled (n) and, for each list of speakers' counts it
// resamples (one for a cycle's interval, two for a change), its length
// and each entry's position, numerator and denominator (as float64
// bits), in order. Every input of the computation is in it, each with
// its length or a fixed size, so different inputs never share a key
// (short of a SHA-256 collision).
func memoKey(kind string, opt Options, parts []string, scale float64, n int, lists ...[]entry) [32]byte {
	size := 64 + len(memoFormat) + len(kind)
	for _, p := range parts {
		size += 8 + len(p)
	}
	for _, l := range lists {
		size += 8 + 24*len(l)
	}
	b := make([]byte, 0, size)
	str := func(s string) {
		b = binary.LittleEndian.AppendUint64(b, uint64(len(s)))
		b = append(b, s...)
	}
	u64 := func(v uint64) { b = binary.LittleEndian.AppendUint64(b, v) }
	str(memoFormat)
	str(kind)
	u64(opt.Seed)
	u64(uint64(len(parts)))
	for _, p := range parts {
		str(p)
	}
	u64(uint64(opt.Reps))
	u64(math.Float64bits(opt.Level))
	u64(math.Float64bits(scale))
	u64(uint64(n))
	u64(uint64(len(lists)))
	for _, l := range lists {
		u64(uint64(len(l)))
		for _, e := range l {
			u64(uint64(e.pos))
			u64(math.Float64bits(e.num))
			u64(math.Float64bits(e.den))
		}
	}
	return sha256.Sum256(b)
}

// MemoTable is a Memo in memory, safe for concurrent use. It answers from
// the values it was made with and those put since, counts the answers it
// found and did not find, and keeps apart the values it was asked for or
// given (Used), so that a memo saved from it holds exactly what one call
// of Drift used and does not grow from run to run.
type MemoTable struct {
	mu           sync.Mutex
	have, used   map[[32]byte][]float64
	hits, misses int
}

// NewMemoTable returns a table that starts with the values of prev (nil for
// none); the map is not changed.
func NewMemoTable(prev map[[32]byte][]float64) *MemoTable {
	have := make(map[[32]byte][]float64, len(prev))
	for k, v := range prev {
		have[k] = v
	}
	return &MemoTable{have: have, used: map[[32]byte][]float64{}}
}

// Get returns the value of key, if the table has it.
func (m *MemoTable) Get(key [32]byte) ([]float64, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.have[key]
	if !ok {
		m.misses++
		return nil, false
	}
	m.hits++
	m.used[key] = v
	return v, true
}

// Put stores a copy of v under key.
func (m *MemoTable) Put(key [32]byte, v []float64) {
	v = append([]float64(nil), v...)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.have[key] = v
	m.used[key] = v
}

// Counts returns the number of Gets that found a value and that did not.
func (m *MemoTable) Counts() (hits, misses int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hits, m.misses
}

// Used returns the values that were asked for and found, or put, since the
// table was made. The caller must not change the slices.
func (m *MemoTable) Used() map[[32]byte][]float64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[[32]byte][]float64, len(m.used))
	for k, v := range m.used {
		out[k] = v
	}
	return out
}
