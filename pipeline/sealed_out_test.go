package pipeline

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/s2"

	"github.com/drift-project/drift/pipeline/table"
)

// TestNoNamesInCacheOrPartials checks that the files a copy of OUT holds
// beyond the tables, the cache and a shard's partial file, never show a
// speaker's name: they hold each document's word counts, which beside the
// masked text put first names to pseudonyms (a disclosure review found 11
// of 17 that way). Each file is searched as it is and, where it decodes,
// decompressed. The file index (fileIndex) holds paths, which can hold
// names, and the speakers' names, and the cycle records (cycleRecord)
// documents rows with paths: they must not show either, nor may a
// record's file name show its cycle.
func TestNoNamesInCacheOrPartials(t *testing.T) {
	corpus := makeCorpus(t, 1, "2026-01", "2026-02")
	out := filepath.Join(t.TempDir(), "out")
	run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	run(t, Config{Corpus: corpus, Out: out, Workers: 2, Shard: Shard{0, 2}})
	names := []string{"gary", "farhiya", "shonda", "delphine", "nadia", "pennock", "dualeh"}
	paths := []string{"eastside", "riverside", "2026-01", ".txt"} // in the index
	var searched []string
	indexes, records := 0, 0
	for _, dir := range []string{table.CacheDir, table.PartialDir} {
		filepath.WalkDir(filepath.Join(out, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".parquet") || strings.HasSuffix(p, ".json") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if raw, err := s2.Decode(nil, b); err == nil {
				b = append(b, raw...)
			}
			low := bytes.ToLower(b)
			for _, n := range names {
				if bytes.Contains(low, []byte(n)) {
					t.Errorf("%s holds the name %q", p, n)
				}
			}
			searched = append(searched, p)
			isRecord := filepath.Base(filepath.Dir(p)) == cycleDir
			if isRecord {
				records++
			}
			if filepath.Base(p) == indexFile || isRecord {
				indexes++
				for _, n := range paths {
					if bytes.Contains(low, []byte(n)) {
						t.Errorf("%s holds the path fragment %q", p, n)
					}
				}
			}
			return nil
		})
	}
	// Cycle records (cycleRecord) hold counts and documents rows with
	// paths, and are named for their cycle: neither may show. Each scope
	// (the run's, the shard's) has one per cycle.
	for _, p := range searched {
		if strings.Contains(strings.ToLower(p), "2026-0") {
			t.Errorf("the name of %s shows a cycle", p)
		}
	}
	if len(searched) < 3 || indexes != 2+records || records != 4 {
		t.Fatalf("searched only %v: where are the cache, partial and index files?", searched)
	}
}

// TestReportQuotesMaskSurnames checks, end to end under the default
// --text masked, that a quote never shows a speaker's surname said on its
// own: the stored text replaces whole names and first words only, so the
// report must mask the rest (a code review found "Mr Pennock is right" in
// report.md).
func TestReportQuotesMaskSurnames(t *testing.T) {
	corpus := makeCorpus(t, 1, "2026-03", "2026-04")
	f := filepath.Join(corpus, "2026-04", "eastside-assembly.txt")
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, "Priya Ramdass: Mr Pennock is right that the landlord squeezes working people for profit, and Pennock knows the rent strike is about class.\n"...)
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	md, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(md, []byte("the landlord squeezes working people for profit")) {
		t.Fatalf("the test's sentence is not quoted; pick another one:\n%s", md)
	}
	if bytes.Contains(md, []byte("Pennock")) {
		t.Errorf("report.md quotes a speaker's surname:\n%s", md)
	}
}
