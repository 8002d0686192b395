package pipeline

import (
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/drift-project/drift/pipeline/transcript"
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

// TestNameKeys: hashing each name once gives the keys of hashing every
// word of every turn's name (nameKeysRef), sorted and without repeats.
func TestNameKeys(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	var d transcript.Document
	for i, n := range []string{"Maria Lopez", "Bo", "Maria Lopez", "", "Dr. Ana Ruiz", "MARIA", "Bo", "Ana"} {
		d.Turns = append(d.Turns, transcript.Turn{Index: i, Name: n})
	}
	if got, want := nameKeys(key, d), nameKeysRef(key, d); !reflect.DeepEqual(got, want) {
		t.Errorf("nameKeys = %v, want %v", got, want)
	}
	if got := nameKeys(key, transcript.Document{}); len(got) != 0 {
		t.Errorf("nameKeys of no turns = %v, want none", got)
	}
}

func nameKeysRef(key []byte, d transcript.Document) []string {
	set := map[string]bool{}
	for _, t := range d.Turns {
		for _, w := range nameWords(t.Name) {
			set[nameKey(key, w)] = true
		}
	}
	out := []string{}
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
