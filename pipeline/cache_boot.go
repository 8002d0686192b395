package pipeline

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"

	"github.com/drift-project/drift/pipeline/stats"
)

// The bootstrap memo spares a rerun the drift statistics' bootstraps of
// the cycles in which nothing changed. stats.Drift resamples the speakers
// of every cycle (its interval) and of every pair of consecutive cycles
// (the change) of every measure at every site, thousands of times each;
// after a cycle is added only the new cycle's bootstraps have new inputs.
// Each result is a pure function of its inputs, and stats keys it by the
// SHA-256 of all of them (stats.Memo): the seed and the random stream's
// parts (measure, site, cycle), the replicates, the level, the scale and
// every speaker's counts resampled, in order. A value found under its key
// is what would be computed, bit for bit.
//
// The memo of a run lives in OUT/.cache/<scope>/boot.sealed. A run with
// the cache reads it before the statistics and, after the commit,
// replaces it with the values the run used (found or computed), so it
// holds one run's worth and does not grow. Values are numbers only, but
// the file is sealed with the cache's key like the cycle records (see
// cycleRecord), bound to the scope, the cache format and the run's
// settings (which cover the tool's executable, and so the bootstrap
// code): a file that does not open (another key, other settings, damage),
// of another format or that does not decode is an empty memo, never an
// error. drift reduce opens no cache and computes its statistics without
// a memo.

// bootFile is the name of the memo in a cache scope.
const bootFile = "boot.sealed"

// bootFormat is the first string of a memo; another format is empty.
const bootFormat = "drift-boot-1"

// bootPath returns the path of the memo and the context it is sealed in.
func (c *docCache) bootPath() (path, ctx string) {
	return filepath.Join(c.dir, bootFile), "boot\x00" + c.scope + "\x00" + cacheFormat + "\x00" + c.settings
}

// readBoot returns the memo of the previous run, empty when there is none
// or it does not hold.
func (c *docCache) readBoot() *stats.MemoTable {
	path, ctx := c.bootPath()
	b, err := os.ReadFile(path)
	if err != nil {
		return stats.NewMemoTable(nil)
	}
	if readHook != nil {
		readHook("boot", bootFile)
	}
	plain, err := c.seal.open(b, ctx)
	if err != nil {
		return stats.NewMemoTable(nil)
	}
	m, err := decodeBoot(plain)
	if err != nil {
		return stats.NewMemoTable(nil)
	}
	return stats.NewMemoTable(m)
}

// writeBoot replaces the memo with the values m's run used. Failing costs
// the next run only time.
func (c *docCache) writeBoot(m *stats.MemoTable) {
	path, ctx := c.bootPath()
	_ = writeFileNoSync(path, c.seal.seal(encodeBoot(m.Used()), ctx))
}

// encodeBoot returns the bytes of a memo, its keys in ascending order so
// that the same values give the same bytes:
//
//	str    bootFormat
//	uint   number of values, then each: 32 bytes key, uint length, the floats (8 bytes each, little-endian bits)
func encodeBoot(m map[[32]byte][]float64) []byte {
	keys := make([][32]byte, 0, len(m))
	n := 0
	for k, v := range m {
		keys = append(keys, k)
		n += len(v)
	}
	slices.SortFunc(keys, func(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) })
	w := rowWriter{b: make([]byte, 0, 32+34*len(keys)+8*n)}
	w.str(bootFormat)
	w.uint(uint64(len(keys)))
	for _, k := range keys {
		w.b = append(w.b, k[:]...)
		v := m[k]
		w.uint(uint64(len(v)))
		for _, f := range v {
			w.float(f)
		}
	}
	return w.b
}

// decodeBoot decodes what encodeBoot wrote, or fails.
func decodeBoot(b []byte) (map[[32]byte][]float64, error) {
	r := rowReader{s: string(b)}
	if r.str() != bootFormat {
		return nil, errCacheRows
	}
	n := r.count(33) // a key and a length take at least 33 bytes
	m := make(map[[32]byte][]float64, n)
	for i := 0; i < n && r.err == nil; i++ {
		if len(r.s) < 32 {
			r.fail()
			break
		}
		var k [32]byte
		copy(k[:], r.s[:32])
		r.s = r.s[32:]
		v := make([]float64, r.count(8))
		for j := range v {
			v[j] = r.float()
		}
		m[k] = v
	}
	if r.err == nil && r.s != "" {
		r.fail()
	}
	if r.err != nil {
		return nil, r.err
	}
	return m, nil
}
