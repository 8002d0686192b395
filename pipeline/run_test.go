package pipeline

import (
	"fmt"
	"path/filepath"
	"testing"
)

// TestWorkersByteIdentical runs the same corpus with 1, 2 and 4 workers and
// checks that every file of the dataset (but run.json) has the same bytes.
func TestWorkersByteIdentical(t *testing.T) {
	corpus := makeCorpus(t, 6, "2026-01", "2026-02", "2026-03", "2026-04")
	var first map[string][]byte
	for _, w := range []int{1, 2, 4} {
		out := filepath.Join(t.TempDir(), "out")
		res := run(t, Config{Corpus: corpus, Out: out, Workers: w, NoCache: true})
		if res.OK != 48 {
			t.Fatalf("workers %d: %d files ok, want 48", w, res.OK)
		}
		files := datasetFiles(t, out)
		if first == nil {
			first = files
			continue
		}
		sameFiles(t, first, files, fmt.Sprintf("workers 1 vs %d", w))
	}
}

// TestWorkersByteIdenticalSmallRowGroups repeats the check with row groups
// of a few rows, so part files are written in many pieces.
func TestWorkersByteIdenticalSmallRowGroups(t *testing.T) {
	defer func(n int) { partGroupRows = n }(partGroupRows)
	partGroupRows = 37
	corpus := makeCorpus(t, 3, "2026-01", "2026-02", "2026-03", "2026-04")
	var first map[string][]byte
	for _, w := range []int{1, 2, 4} {
		out := filepath.Join(t.TempDir(), "out")
		run(t, Config{Corpus: corpus, Out: out, Workers: w, NoCache: true})
		files := datasetFiles(t, out)
		if first == nil {
			first = files
			continue
		}
		sameFiles(t, first, files, fmt.Sprintf("workers 1 vs %d", w))
	}
}
