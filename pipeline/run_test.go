package pipeline

import (
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline/table"
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

func TestRunWarnings(t *testing.T) {
	doc := func(path, status, site string) table.Document {
		return table.Document{Path: path, Status: status, Site: site}
	}
	tests := []struct {
		name     string
		hasSites bool
		docs     []table.Document
		want     string
	}{
		{"empty corpus", false, nil, "no transcripts found in C; put them in one folder per cycle (see docs/ingest.md)"},
		{"only drift.yaml", true, []table.Document{doc("drift.yaml", "config", "")}, "no transcripts found in C; put them in one folder per cycle (see docs/ingest.md)"},
		{"nothing analysed", false, []table.Document{doc("a/x.pdf", "skipped", ""), doc("a/y.txt", "failed", "")},
			"none of the 2 files in C could be analysed; see the skipped and failed files"},
		{"files with no site", true, []table.Document{doc("a/east-1.txt", "ok", "east"), doc("a/north.txt", "ok", ""), doc("b/west.txt", "ok", ""), doc("b/x.pdf", "skipped", "")},
			`2 of 3 analysed files match no site in drift.yaml (e.g. a/north.txt), so their site is ""; add a glob under sites:, or give site in manifest.csv or front matter`},
		{"no sites defined: no warning", false, []table.Document{doc("a/north.txt", "ok", "")}, ""},
		{"every file has a site", true, []table.Document{doc("a/east.txt", "ok", "east")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(runWarnings("C", tt.hasSites, tt.docs), "\n")
			if got != tt.want {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
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
