package pipeline

import (
	"os"
	"path/filepath"
	"slices"
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
