package pipeline

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline/report"
)

// TestQuoteNamesCycleFrom checks that drift report and drift reduce read
// the corpus's speakers with the run's --cycle-from, recorded in run.json:
// files dated at the corpus root have a cycle only by their name, so
// without it no speaker would be found, and a report rendered again would
// leave unmasked in quotes names the run's report masked.
func TestQuoteNamesCycleFrom(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	if err := os.MkdirAll(corpus, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"2026-01-05_a.txt": "Gary Pennock: The landlord raised the rent again.\n",
		"2026-02-05_b.txt": "Ottoline Brask: The boss cut our wages.\n",
	} {
		if err := os.WriteFile(filepath.Join(corpus, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	key := filepath.Join(dir, "key")
	if err := os.WriteFile(key, []byte(maskKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		cycleFrom string
		want      bool
	}{
		{"name", true},
		{"", false}, // the folder: a root file has no cycle and is skipped
	} {
		out := filepath.Join(dir, "out-"+tc.cycleFrom)
		run(t, Config{Corpus: corpus, Out: out, KeyFile: key, NoCache: true, Text: TextFull, CycleFrom: tc.cycleFrom})
		in, err := report.LoadFor(out, "")
		if err != nil {
			t.Fatal(err)
		}
		if in.CycleFrom != tc.cycleFrom {
			t.Errorf("--cycle-from %q: run.json gives %q", tc.cycleFrom, in.CycleFrom)
		}
		names := quoteNames(in, out, nil)
		for _, n := range []string{"Gary Pennock", "Ottoline Brask"} {
			if got := slices.Contains(names, n); got != tc.want {
				t.Errorf("--cycle-from %q: %q among the quote names = %v, want %v (names %q)", tc.cycleFrom, n, got, tc.want, names)
			}
		}
	}
}

// TestReportCollectsFocus checks that a run gives its report the rows of
// the report's cycle as it writes them (see report.FocusRows) whenever it
// writes that cycle's part files, and that the report is then the one
// drift report renders by reading the rows back: on a first run, on a
// rerun that adds a cycle, and when the last cycle in path order is not
// the last in the cycle order; and that a rerun which reuses the cycle's
// part files reads them back.
func TestReportCollectsFocus(t *testing.T) {
	var collected []bool
	reportLoaded = func(in report.Input) { collected = append(collected, in.Collected()) }
	defer func() { reportLoaded = nil }()
	check := func(what, out string, want bool) {
		t.Helper()
		if len(collected) != 1 || collected[0] != want {
			t.Errorf("%s: the report's cycle collected: %v, want [%v]", what, collected, want)
		}
		read := func() map[string][]byte {
			m := map[string][]byte{}
			for _, n := range []string{"report.html", "report.md"} {
				b, err := os.ReadFile(filepath.Join(out, n))
				if err != nil {
					t.Fatal(err)
				}
				m[n] = b
			}
			return m
		}
		ran := read()
		if err := Report(out, ReportOptions{Tagger: sharedTagger}); err != nil {
			t.Fatal(err)
		}
		if len(collected) != 2 || collected[1] {
			t.Errorf("%s: drift report collected the rows it reads: %v", what, collected)
		}
		collected = nil
		sameFiles(t, ran, read(), what+": the run's report against drift report's")
	}

	corpus := makeCorpus(t, 2, "2026-01", "2026-02", "2026-03")
	out := filepath.Join(t.TempDir(), "out")
	run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	check("first run", out, true)
	run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	check("rerun, nothing changed", out, false)
	addCycles(t, corpus, 1, "2026-04")
	run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	check("rerun, a cycle added", out, true)
	// The last cycle's cached documents are written again from the cache,
	// with their texts read from the corpus: collected as written.
	copyFile(t, filepath.Join(corpus, "2026-04", "eastside-assembly.txt"), filepath.Join(corpus, "2026-04", "eastside-assembly-late.txt"))
	run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	check("rerun, a file added to the last cycle", out, true)
	// A file of the first folder whose front matter puts it in a later
	// cycle: the collection starts again when it comes.
	b, err := os.ReadFile(filepath.Join(corpus, "2026-01", "riverside-circle-k000.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(corpus, "2026-01", "riverside-circle-k005.txt"), append([]byte("---\ncycle: 2026-05\n---\n"), b...), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	check("rerun, front matter giving a later cycle", out, true)
	if in, err := report.LoadFor(out, ""); err != nil || in.Cycles[len(in.Cycles)-1] != "2026-05" {
		t.Errorf("front matter: the report's cycles %v (%v), want 2026-05 last", in.Cycles, err)
	}
	collected = nil
	if err := os.Remove(filepath.Join(corpus, "2026-01", "riverside-circle-k005.txt")); err != nil {
		t.Fatal(err)
	}
	run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	check("rerun, the later cycle gone again", out, false)
	copyFile(t, filepath.Join(corpus, "2026-01", "riverside-circle-k000.txt"), filepath.Join(corpus, "2026-01", "riverside-circle-k009.txt"))
	run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	check("rerun, a file added to the first cycle", out, false)

	// The cycles listed latest first: the report is about 2026-01, whose
	// files come first in path order.
	var cfg []byte
	cfg, err = os.ReadFile(filepath.Join(corpus, "drift.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	reversed := "cycles:\n  - id: 2026-04\n  - id: 2026-03\n  - id: 2026-02\n  - id: 2026-01\n"
	_, rest, ok := strings.Cut(string(cfg), "facilitators:")
	if !ok {
		t.Fatal("testdata/corpus/drift.yaml has no facilitators")
	}
	if err := os.WriteFile(filepath.Join(corpus, "drift.yaml"), []byte(reversed+"facilitators:"+rest), 0o644); err != nil {
		t.Fatal(err)
	}
	out2 := filepath.Join(t.TempDir(), "out")
	run(t, Config{Corpus: corpus, Out: out2, Workers: 1, NoCache: true})
	check("cycles in reverse order", out2, true)
	if in, err := report.LoadFor(out2, ""); err != nil || in.Cycles[len(in.Cycles)-1] != "2026-01" {
		t.Errorf("cycles in reverse order: the report's cycles %v (%v), want 2026-01 last", in.Cycles, err)
	}
	collected = nil
}
