package report_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/drift-project/drift/pipeline"
	"github.com/drift-project/drift/pipeline/report"
	"github.com/drift-project/drift/pipeline/table"
)

var updateCorpus = flag.Lookup("update")

// TestCorpus runs the pipeline on the sample corpus, compares the report
// with testdata/golden/corpus.{html,md}, and checks that re-rendering from
// the tables alone gives the same bytes.
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline")
	}
	out := t.TempDir()
	cfg := pipeline.Config{Corpus: filepath.Join("..", "..", "testdata", "corpus"), Out: out, Workers: 2, Seed: 1}
	if _, err := pipeline.Run(context.Background(), cfg, nil); err != nil {
		t.Fatal(err)
	}
	h, err := os.ReadFile(filepath.Join(out, table.ReportHTML))
	if err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(out, table.ReportMD))
	if err != nil {
		t.Fatal(err)
	}
	report.CheckHTML(t, h)
	compare(t, "corpus.html", h)
	compare(t, "corpus.md", md)

	// Re-render from the tables: the same bytes.
	if err := os.Remove(filepath.Join(out, table.ReportHTML)); err != nil {
		t.Fatal(err)
	}
	if err := pipeline.Report(out, pipeline.ReportOptions{}); err != nil {
		t.Fatal(err)
	}
	h2, _ := os.ReadFile(filepath.Join(out, table.ReportHTML))
	md2, _ := os.ReadFile(filepath.Join(out, table.ReportMD))
	if !bytes.Equal(h, h2) || !bytes.Equal(md, md2) {
		t.Error("drift report gives other bytes than drift run")
	}

	// The input read back from the dataset has the cycles in order, with labels.
	in, err := report.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(in.Cycles); got != 4 || in.Cycles[0] != "2026-01" || in.CycleLabels["2026-04"] != "April circles" {
		t.Errorf("cycles %v labels %v", in.Cycles, in.CycleLabels)
	}
	if len(in.Turns["2026-03"]) == 0 || len(in.Matches["2026-03"]) == 0 {
		t.Error("turns or matches not read back")
	}
	if in.PreviousLexicons != nil {
		t.Errorf("a first run has no previous lexicons, got %v", in.PreviousLexicons)
	}

	// A second run over the first records its lexicons as the previous
	// ones: the same, so no caveat.
	if _, err := pipeline.Run(context.Background(), cfg, nil); err != nil {
		t.Fatal(err)
	}
	in2, err := report.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(in2.PreviousLexicons) != len(in.Lexicons) {
		t.Errorf("previous lexicons %v, want %v", in2.PreviousLexicons, in.Lexicons)
	}
	md3, _ := os.ReadFile(filepath.Join(out, table.ReportMD))
	if !bytes.Equal(md, md3) {
		t.Error("a second run with the same lexicons changed the report")
	}
}

func compare(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if updateCorpus != nil && updateCorpus.Value.String() == "true" {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./pipeline/report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test ./pipeline/report -update and review the diff", name)
	}
}
