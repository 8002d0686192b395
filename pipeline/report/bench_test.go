package report_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"testing"

	"github.com/drift-project/drift/pipeline"
	"github.com/drift-project/drift/pipeline/internal/cputime"
	"github.com/drift-project/drift/pipeline/report"
	"github.com/drift-project/drift/pipeline/table"
)

// BenchmarkRenderShared renders the report of a dataset made from the US
// presidential debates in shared/corpora (beside the repository, or under
// /work; skipped when absent), in two cycles: before 2000 and from 2000.
// The report of the second cycle picks its quotes among the hits of 4 MB of
// debates, as drift run and drift report do. Loading the dataset is not
// timed.
func BenchmarkRenderShared(b *testing.B) {
	in := sharedInput(b)
	b.ReportAllocs()
	b.ResetTimer()
	defer cputime.Timer(b)()
	for b.Loop() {
		if _, _, err := report.Render(in, report.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadForShared loads what the report of the second cycle of
// BenchmarkRenderShared's dataset keeps, and reports the heap it holds
// after a collection (live-MB): a report's memory grows with its cycle's
// quotable sentences, not with its rows.
func BenchmarkLoadForShared(b *testing.B) {
	out := sharedDataset(b)
	b.ReportAllocs()
	b.ResetTimer()
	defer cputime.Timer(b)()
	var live float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		in, err := report.LoadFor(out, "c2-from-2000")
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		live = max(live, float64(after.HeapAlloc)-float64(before.HeapAlloc))
		runtime.KeepAlive(in)
	}
	b.ReportMetric(live/1e6, "live-MB")
}

// BenchmarkFocusRowsShared gives a FocusRows the rows of the second cycle
// of BenchmarkRenderShared's dataset a document at a time, as drift run
// does while it writes them: the 16,584 turns and 22,987 hits of the
// debates from 2000 (short turns, dense in hits, as the last cycle of the
// 200 MB rerun bench). Reading the rows is not timed.
func BenchmarkFocusRowsShared(b *testing.B) {
	out := sharedDataset(b)
	const cycle = "c2-from-2000"
	turns, err := table.ReadPartitions[table.Turn](filepath.Join(out, table.TurnsDir))
	if err != nil {
		b.Fatal(err)
	}
	matches, err := table.ReadPartitions[table.Match](filepath.Join(out, table.MatchesDir))
	if err != nil {
		b.Fatal(err)
	}
	var ts []table.Turn
	var ms []table.Match
	for _, p := range turns {
		if p.Cycle == cycle {
			ts = p.Rows
		}
	}
	for _, p := range matches {
		if p.Cycle == cycle {
			ms = p.Rows
		}
	}
	if len(ts) == 0 || len(ms) == 0 {
		b.Fatalf("cycle %s: %d turns, %d hits", cycle, len(ts), len(ms))
	}
	b.ReportAllocs()
	b.ResetTimer()
	defer cputime.Timer(b)()
	for b.Loop() {
		report.FeedFocusRows(report.NewFocusRows(cycle), ts, ms)
	}
}

func sharedInput(b *testing.B) report.Input {
	b.Helper()
	in, err := report.LoadFor(sharedDataset(b), "c2-from-2000")
	if err != nil {
		b.Fatal(err)
	}
	return in
}

// sharedDataset runs drift on the debates of shared/corpora in two
// cycles and returns the dataset's folder.
func sharedDataset(b *testing.B) string {
	b.Helper()
	var files []string
	for _, dir := range []string{filepath.Join("..", "..", "..", "shared", "corpora"), filepath.Join("/work", "shared", "corpora")} {
		files, _ = filepath.Glob(filepath.Join(dir, "us-debates", "by_debate", "*.txt"))
		if len(files) > 0 {
			break
		}
	}
	if len(files) == 0 {
		b.Skip("shared/corpora not found")
	}
	sort.Strings(files)
	corpus := b.TempDir()
	for _, f := range files {
		cycle := "c1-before-2000"
		if filepath.Base(f) >= "2000" {
			cycle = "c2-from-2000"
		}
		if err := os.MkdirAll(filepath.Join(corpus, cycle), 0o755); err != nil {
			b.Fatal(err)
		}
		// A copy: drift skips links that point outside the corpus.
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(corpus, cycle, filepath.Base(f)), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	out := b.TempDir()
	cfg := pipeline.Config{Corpus: corpus, Out: out, Workers: 2, Seed: 1, NoCache: true}
	if _, err := pipeline.Run(context.Background(), cfg, nil); err != nil {
		b.Fatal(err)
	}
	return out
}
