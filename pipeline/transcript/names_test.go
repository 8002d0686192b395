package transcript

import (
	"path/filepath"
	"slices"
	"testing"
)

// TestNamesFiles checks that Names gives, for every file of the ingest
// fixtures and the sample corpus read from disk (skipped, failed and
// oversized files included), the names of the turns Read gives, in order.
func TestNamesFiles(t *testing.T) {
	ps, err := NewPseudonymizer(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{ingestDir, filepath.Join("..", "..", "testdata", "corpus")} {
		cfg, err := LoadConfig(dir)
		if err != nil {
			t.Fatal(err)
		}
		files, err := Discover(dir, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no files under %s", dir)
		}
		r := &Reader{Config: cfg, Pseudonyms: ps}
		for _, f := range files {
			t.Run(f.Rel, func(t *testing.T) {
				full, names := r.Read(f), r.Names(f)
				want := make([]string, 0, len(full.Turns))
				for _, tu := range full.Turns {
					want = append(want, tu.Name)
				}
				if len(full.Turns) == 0 {
					want = nil
				}
				if !slices.Equal(names, want) {
					t.Errorf("Names: got %q, want %q (Read: %s %s)", names, want, full.Status, full.Reason)
				}
			})
		}
	}
}
