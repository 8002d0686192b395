package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline/segment"
	"github.com/drift-project/drift/pipeline/table"
)

// sharedTagger loads prose's models once for every test run.
var sharedTagger = &segment.Tagger{}

// makeCorpus copies testdata/corpus into a temporary folder: its
// configuration and key, and each transcript of the given cycles `copies`
// times (as NAME-kN.txt), so tests get as many documents as they need.
func makeCorpus(t testing.TB, copies int, cycles ...string) string {
	t.Helper()
	dst := t.TempDir()
	addCycles(t, dst, copies, cycles...)
	for _, f := range []string{"drift.yaml", ".drift/key"} {
		copyFile(t, filepath.Join("..", "testdata", "corpus", f), filepath.Join(dst, f))
	}
	return dst
}

// addCycles adds the transcripts of cycles to a corpus made by makeCorpus.
func addCycles(t testing.TB, corpus string, copies int, cycles ...string) {
	t.Helper()
	src := filepath.Join("..", "testdata", "corpus")
	for _, cy := range cycles {
		entries, err := os.ReadDir(filepath.Join(src, cy))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			for k := 0; k < copies; k++ {
				name := e.Name()
				if copies > 1 {
					ext := filepath.Ext(name)
					name = fmt.Sprintf("%s-k%03d%s", strings.TrimSuffix(name, ext), k, ext)
				}
				copyFile(t, filepath.Join(src, cy, e.Name()), filepath.Join(corpus, cy, name))
			}
		}
	}
}

func copyFile(t testing.TB, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(t testing.TB, cfg Config) Result {
	t.Helper()
	if cfg.Tagger == nil {
		cfg.Tagger = sharedTagger
	}
	res, err := Run(context.Background(), cfg, nil)
	if err != nil {
		t.Fatalf("Run(%s, workers %d, shard %v): %v", cfg.Corpus, cfg.Workers, cfg.Shard, err)
	}
	return res
}

// datasetFiles reads every file of a dataset except run.json (which holds
// timings) and hidden entries (the cache), keyed by '/'-separated path.
func datasetFiles(t testing.TB, out string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != out {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || d.Name() == table.RunFile {
			return nil
		}
		rel, _ := filepath.Rel(out, p)
		b, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sameFiles fails unless two datasets have the same files with the same bytes.
func sameFiles(t testing.TB, a, b map[string][]byte, what string) {
	t.Helper()
	var names []string
	for n := range a {
		names = append(names, n)
	}
	for n := range b {
		if _, ok := a[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		x, okx := a[n]
		y, oky := b[n]
		switch {
		case !okx || !oky:
			t.Errorf("%s: %s is in only one dataset (first %v, second %v)", what, n, okx, oky)
		case !bytes.Equal(x, y):
			t.Errorf("%s: %s differs (%d vs %d bytes)", what, n, len(x), len(y))
		}
	}
	if len(a) == 0 {
		t.Errorf("%s: empty dataset", what)
	}
}

// fuzzRoundTrip fuzzes a decoder of the cache's sealed formats: whatever
// decode accepts must encode to bytes that decode again and encode to the
// same bytes. seeds are the corpus's first inputs.
func fuzzRoundTrip[T any](f *testing.F, what string, encode func(T) []byte, decode func([]byte) (T, error), seeds ...[]byte) {
	for _, b := range seeds {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := decode(b)
		if err != nil {
			return
		}
		again := encode(v)
		v2, err := decode(again)
		if err != nil || !bytes.Equal(encode(v2), again) {
			t.Fatalf("%s does not round-trip: %v", what, err)
		}
	})
}

// readSealed returns the bytes of the sealed cache file at path and what
// they open to in ctx.
func readSealed(t *testing.T, c *docCache, path, ctx string) (sealed, plain []byte) {
	t.Helper()
	sealed, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if plain, err = c.seal.open(sealed, ctx); err != nil {
		t.Fatal(err)
	}
	return sealed, plain
}
