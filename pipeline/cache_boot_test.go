package pipeline

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/drift-project/drift/pipeline/table"
)

// bootMemo returns the values of the memo in out's cache (scope run).
func bootMemo(t *testing.T, cfg Config) map[[32]byte][]float64 {
	t.Helper()
	p, err := prepare(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c := openCache(cfg.Out, cfg.Shard, p.settings, p.key)
	path, ctx := c.bootPath()
	_, plain := readSealed(t, c, path, ctx)
	m, err := decodeBoot(plain)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBootMemo checks that a rerun takes the drift statistics' bootstraps
// of the cycles it already had from the memo and computes only the new
// cycle's, that the memo keeps exactly what the last run used, that the
// dataset equals a full run's byte for byte, and that --no-cache neither
// reads nor writes the memo.
func TestBootMemo(t *testing.T) {
	corpus := makeCorpus(t, 1, "2026-01", "2026-02", "2026-03")
	out := filepath.Join(t.TempDir(), "out")
	cfg := Config{Corpus: corpus, Out: out, Workers: 2}
	first := run(t, cfg)
	if first.BootReused != 0 || first.BootComputed == 0 {
		t.Fatalf("first run: %d bootstraps reused, %d computed; want none reused", first.BootReused, first.BootComputed)
	}
	if n := len(bootMemo(t, cfg)); n != first.BootComputed {
		t.Errorf("the memo holds %d values after the first run, want %d", n, first.BootComputed)
	}

	same := run(t, cfg)
	if same.BootReused != first.BootComputed || same.BootComputed != 0 {
		t.Errorf("rerun with nothing changed: %d bootstraps reused, %d computed; want %d and 0", same.BootReused, same.BootComputed, first.BootComputed)
	}

	addCycles(t, corpus, 1, "2026-04")
	added := run(t, cfg)
	if added.BootReused != first.BootComputed || added.BootComputed == 0 || added.BootComputed >= first.BootComputed {
		t.Errorf("rerun after a cycle was added: %d bootstraps reused, %d computed; want all %d of before reused, and fewer computed",
			added.BootReused, added.BootComputed, first.BootComputed)
	}
	t.Logf("bootstraps: %d computed over three cycles; after a fourth was added %d reused, %d computed", first.BootComputed, added.BootReused, added.BootComputed)
	memo := bootMemo(t, cfg)
	if n := len(memo); n != added.BootReused+added.BootComputed {
		t.Errorf("the memo holds %d values after the rerun, want the %d it used", n, added.BootReused+added.BootComputed)
	}
	full := filepath.Join(t.TempDir(), "full")
	run(t, Config{Corpus: corpus, Out: full, Workers: 2, NoCache: true})
	sameFiles(t, datasetFiles(t, full), datasetFiles(t, out), "full vs rerun with the memo")

	// A cycle removed: the memo drops its values.
	if err := os.RemoveAll(filepath.Join(corpus, "2026-04")); err != nil {
		t.Fatal(err)
	}
	fewer := run(t, cfg)
	if fewer.BootComputed != 0 || fewer.BootReused != first.BootComputed || len(bootMemo(t, cfg)) != first.BootComputed {
		t.Errorf("rerun after the cycle was removed: %d reused, %d computed, memo of %d; want %d, 0 and %d",
			fewer.BootReused, fewer.BootComputed, len(bootMemo(t, cfg)), first.BootComputed, first.BootComputed)
	}

	// --no-cache neither reads nor writes it.
	path := filepath.Join(out, table.CacheDir, "run", bootFile)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	addCycles(t, corpus, 1, "2026-04")
	nc := run(t, Config{Corpus: corpus, Out: out, Workers: 2, NoCache: true})
	if nc.BootReused != 0 || nc.BootComputed != 0 {
		t.Errorf("--no-cache: %d bootstraps reused, %d counted; want none", nc.BootReused, nc.BootComputed)
	}
	if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, before) {
		t.Errorf("--no-cache changed the memo (err %v)", err)
	}
	sameFiles(t, datasetFiles(t, full), datasetFiles(t, out), "full vs --no-cache run")
}

// TestBootMemoMiss checks that a memo that is not this cache's, for these
// settings, in this format, is empty (a run reuses nothing and gives the
// full run's dataset), never an error.
func TestBootMemoMiss(t *testing.T) {
	corpus := makeCorpus(t, 1, "2026-01", "2026-02")
	out := filepath.Join(t.TempDir(), "out")
	cfg := Config{Corpus: corpus, Out: out, Workers: 2}
	first := run(t, cfg)
	full := filepath.Join(t.TempDir(), "full")
	run(t, Config{Corpus: corpus, Out: full, Workers: 2, NoCache: true})
	p, err := prepare(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c := openCache(out, Shard{}, p.settings, p.key)
	path, ctx := c.bootPath()
	good, plain := readSealed(t, c, path, ctx)
	other := &docCache{dir: c.dir, scope: "run", settings: "other settings", seal: c.seal}
	_, otherCtx := other.bootPath()
	tests := []struct {
		name  string
		bytes []byte
	}{
		{"another key", newSealer([]byte("another pseudonym key, as long")).seal(plain, ctx)},
		{"other settings", c.seal.seal(plain, otherCtx)},
		{"garbage", []byte("garbage")},
		{"empty", nil},
		{"truncated", good[:len(good)-1]},
		{"a flipped bit", flipBit(good, len(good)/2)},
		{"another format", c.seal.seal(bytes.Replace(plain, []byte(bootFormat), []byte("drift-boot-0"), 1), ctx)},
		{"trailing bytes", c.seal.seal(append(bytes.Clone(plain), 0), ctx)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(path, tt.bytes, 0o644); err != nil {
				t.Fatal(err)
			}
			res := run(t, cfg)
			if res.BootReused != 0 || res.BootComputed != first.BootComputed {
				t.Errorf("%d bootstraps reused, %d computed; want 0 and %d", res.BootReused, res.BootComputed, first.BootComputed)
			}
			sameFiles(t, datasetFiles(t, full), datasetFiles(t, out), "full vs run with a bad memo")
			// The run wrote a good memo again.
			if b, err := os.ReadFile(path); err != nil || !bytes.Equal(b, good) {
				t.Errorf("the run did not write the memo again (err %v)", err)
			}
		})
	}
}

func sampleBoot() map[[32]byte][]float64 {
	return map[[32]byte][]float64{
		{1, 2, 3}:  {0.25, 0.75, 0.01},
		{0xff, 9}:  {1e-300, -0.5},
		{7}:        {},
		{0, 0, 42}: {0.1, 0.2, 0.3, 0.4},
	}
}

// TestBootCodec checks that a memo round-trips, encodes to the same bytes
// whatever the map order, and that no prefix of its bytes decodes.
func TestBootCodec(t *testing.T) {
	m := sampleBoot()
	b := encodeBoot(m)
	got, err := decodeBoot(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("memo does not round-trip:\n got %v\nwant %v", got, m)
	}
	for range 5 {
		if !bytes.Equal(encodeBoot(sampleBoot()), b) {
			t.Fatal("the same memo encodes to other bytes")
		}
	}
	for n := 0; n < len(b); n++ {
		if _, err := decodeBoot(b[:n]); err == nil {
			t.Fatalf("decodeBoot of %d of %d bytes: no error", n, len(b))
		}
	}
}

func FuzzDecodeBoot(f *testing.F) {
	fuzzRoundTrip(f, "memo", encodeBoot, decodeBoot, encodeBoot(sampleBoot()), encodeBoot(nil))
}
