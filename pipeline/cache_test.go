package pipeline

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline/table"
)

func cacheEntries(t *testing.T, out string) int {
	t.Helper()
	n := 0
	filepath.WalkDir(filepath.Join(out, table.CacheDir), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == cacheExt {
			n++
		}
		return nil
	})
	return n
}

// TestCacheAddCycle runs cycles 1-3, adds cycle 4 and reruns: only the new
// files are tagged, and the dataset equals a full run's byte for byte.
func TestCacheAddCycle(t *testing.T) {
	corpus := makeCorpus(t, 2, "2026-01", "2026-02", "2026-03")
	out := filepath.Join(t.TempDir(), "out")
	res := run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	if res.CacheHits != 0 || res.CacheMisses != 12 {
		t.Fatalf("first run: %d hits, %d misses; want 0, 12", res.CacheHits, res.CacheMisses)
	}
	addCycles(t, corpus, 2, "2026-04")
	res = run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	if res.CacheHits != 12 || res.CacheMisses != 4 {
		t.Fatalf("after adding a cycle: %d hits, %d misses; want 12, 4", res.CacheHits, res.CacheMisses)
	}
	if res.PartsReused != 6 {
		t.Errorf("after adding a cycle: %d part files reused, want 6 (turns and matches of 3 cycles)", res.PartsReused)
	}
	full := filepath.Join(t.TempDir(), "full")
	run(t, Config{Corpus: corpus, Out: full, Workers: 1, NoCache: true})
	sameFiles(t, datasetFiles(t, full), datasetFiles(t, out), "full vs incremental")
	if _, err := os.Stat(filepath.Join(full, table.CacheDir)); err == nil {
		t.Errorf("--no-cache run wrote %s", table.CacheDir)
	}

	// A third run reuses everything; removing a file prunes its entry.
	res = run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	if res.CacheHits != 16 || res.CacheMisses != 0 || res.PartsReused != 8 {
		t.Fatalf("rerun: %d hits, %d misses, %d parts reused; want 16, 0, 8", res.CacheHits, res.CacheMisses, res.PartsReused)
	}
	if err := os.Remove(filepath.Join(corpus, "2026-04", "eastside-assembly-k000.txt")); err != nil {
		t.Fatal(err)
	}
	res = run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	if res.PartsReused != 6 {
		t.Errorf("after removing a file of cycle 4: %d parts reused, want 6", res.PartsReused)
	}
	full2 := filepath.Join(t.TempDir(), "full2")
	run(t, Config{Corpus: corpus, Out: full2, Workers: 2, NoCache: true})
	sameFiles(t, datasetFiles(t, full2), datasetFiles(t, out), "full vs incremental after a removal")
	if n := cacheEntries(t, out); n != 15 {
		t.Errorf("cache holds %d entries after a file was removed, want 15", n)
	}
}

// TestCacheSettingsMiss checks that changing the text policy or the key
// tags everything again, and that the tables follow the new settings.
func TestCacheSettingsMiss(t *testing.T) {
	corpus := makeCorpus(t, 1, "2026-01", "2026-02")
	out := filepath.Join(t.TempDir(), "out")
	run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	res := run(t, Config{Corpus: corpus, Out: out, Workers: 2, Text: TextFull})
	if res.CacheHits != 0 {
		t.Errorf("--text full reused %d cached files, want 0", res.CacheHits)
	}
	key := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(key, []byte("another key of at least sixteen bytes\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	res = run(t, Config{Corpus: corpus, Out: out, Workers: 2, Text: TextFull, KeyFile: key})
	if res.CacheHits != 0 {
		t.Errorf("another key reused %d cached files, want 0", res.CacheHits)
	}
	full := filepath.Join(t.TempDir(), "full")
	run(t, Config{Corpus: corpus, Out: full, Workers: 2, Text: TextFull, KeyFile: key, NoCache: true})
	sameFiles(t, datasetFiles(t, full), datasetFiles(t, out), "full vs cached with a new key")
}

// TestCacheCorruptEntry checks that an entry that does not decode is a miss.
func TestCacheCorruptEntry(t *testing.T) {
	corpus := makeCorpus(t, 1, "2026-01")
	out := filepath.Join(t.TempDir(), "out")
	run(t, Config{Corpus: corpus, Out: out})
	filepath.WalkDir(filepath.Join(out, table.CacheDir), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.WriteFile(p, []byte("garbage"), 0o644)
		}
		return nil
	})
	res := run(t, Config{Corpus: corpus, Out: out})
	if res.CacheHits != 0 || res.CacheMisses != 2 {
		t.Errorf("corrupt cache: %d hits, %d misses; want 0, 2", res.CacheHits, res.CacheMisses)
	}
}

// TestCacheHoldsNoNamesOrKey checks that, with the default masked text,
// cache entries and partial files hold neither speaker names nor the key,
// but for the speakers' names an entry keeps apart (cacheEntry.Speakers,
// for the first pass), which must be exactly those of its document.
//
// It opens the sealed entries with the key, as a rerun does, and compares
// case-sensitively on purpose: the participant word counts
// (aggregate.Counts.Words, kept for keyness) hold the normalised,
// lowercased words of unmasked turns, so a first name a participant says
// ("rosa") is in them. That is why entries and partial counts are sealed;
// TestNoNamesInCacheOrPartials checks that without the key nothing shows.
func TestCacheHoldsNoNamesOrKey(t *testing.T) {
	corpus := makeCorpus(t, 1, "2026-01", "2026-02")
	out := filepath.Join(t.TempDir(), "out")
	run(t, Config{Corpus: corpus, Out: out})
	run(t, Config{Corpus: corpus, Out: out, Shard: Shard{0, 1}})
	key, err := os.ReadFile(filepath.Join(corpus, ".drift", "key"))
	if err != nil {
		t.Fatal(err)
	}
	pl, err := prepare(Config{Corpus: corpus, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	speakers := map[string][]string{}
	for _, f := range pl.files {
		speakers[f.Rel] = distinctNames(pl.reader.Names(f))
	}
	// Walt and Amadou are also named in meetings where they do not speak.
	secrets := []string{"Marisol Oyelaran", "Rosa Lindqvist", "Gary Pennock", "Lindqvist", "Rosa", "Gary",
		"Walt Imbery", "Walt", "Amadou Trevane", "Amadou", string(bytes.TrimSpace(key))}
	n := 0
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if filepath.Ext(p) == cacheExt {
			if b, err = newSealer(bytes.TrimSpace(key)).open(b, "cache\x00"+strings.TrimSuffix(filepath.Base(p), cacheExt)); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			n++
			// The rows are encoded: look inside them too.
			e, rows, err := unpackEntry(b)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if e.Turns, e.Matches, err = unpackRows(rows); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if want := speakers[e.Doc.Path]; len(want) == 0 || !slices.Equal(e.Speakers, want) {
				t.Errorf("%s: speakers %q, want %q", p, e.Speakers, want)
			}
			// Search the rest of the entry.
			e.Speakers = nil
			b = encodeEntry(e)
			turns, err := decodeTurns(e.Turns)
			if err != nil || len(turns) == 0 {
				t.Fatalf("%s: %d turns, %v", p, len(turns), err)
			}
			for _, tr := range turns {
				if tr.Text != "" {
					t.Errorf("%s: a cache entry holds turn text %q", p, tr.Text)
				}
				b = append(b, tr.Text+tr.Speaker...)
			}
		}
		if filepath.Ext(p) == ".parquet" {
			// Part files (the shard's under partial/ too): decode the text.
			turns, err := table.Decode[table.Turn](b)
			if err == nil {
				for _, tr := range turns {
					b = append(b, tr.Text...)
				}
			}
		}
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds %q", p, s)
			}
		}
		return nil
	})
	if n == 0 {
		t.Fatal("no cache entries")
	}
}

// TestWriteFileNoSync writes into a folder that exists, one that does not
// (two levels deep: it is made), and over an existing file, and checks
// that each file holds its bytes and no temporary file is left.
func TestWriteFileNoSync(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, rel string
		b         []byte
	}{
		{"existing folder", "f", []byte("one")},
		{"missing folders", "a/b/f", []byte("two")},
		{"over a file", "a/b/f", []byte("three")},
		{"empty", "a/e", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, filepath.FromSlash(tt.rel))
			if err := writeFileNoSync(p, tt.b); err != nil {
				t.Fatal(err)
			}
			if got, err := os.ReadFile(p); err != nil || !bytes.Equal(got, tt.b) {
				t.Fatalf("read %q, %v; want %q", got, err, tt.b)
			}
		})
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
}
