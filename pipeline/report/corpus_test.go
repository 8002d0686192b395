package report_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
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
	h, md := runCorpus(t, pipeline.Config{Out: out})
	report.CheckHTML(t, h)
	compare(t, "corpus.html", h)
	compare(t, "corpus.md", md)
	// April's material share is suppressed (2 speakers); its two rates
	// (0.6 and 0.6 per 1,000 words: 50%) and the counts beside it (1
	// speaker, 2 remarks in January) must not show.
	for _, want := range []string{"| material interest | hidden, too few speakers | – | 2.3 |", "| Material interest | January circles | suppressed | – | – | – | Suppressed |"} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("report.md lacks %q", want)
		}
	}

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
	runCorpus(t, pipeline.Config{Out: out})
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

// TestLoadForKeepsOnlyWhatTheReportUses checks that LoadFor holds no rows
// of the focus cycle, only what the report keeps of them (the counts, and
// the quote candidates, each sentence of its turn once per group, so that
// its memory is not that of the cycle's rows or text), that this is what
// the report builds from all the rows Load reads, and that the report
// rendered from it, quotes included, is the one rendered from Load's.
func TestLoadForKeepsOnlyWhatTheReportUses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline")
	}
	out := t.TempDir()
	cfg := pipeline.Config{Corpus: filepath.Join("..", "..", "testdata", "corpus"), Out: out, Workers: 2, Seed: 1, NoCache: true}
	if _, err := pipeline.Run(context.Background(), cfg, nil); err != nil {
		t.Fatal(err)
	}
	all, err := report.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	focus, err := report.LoadFor(out, "")
	if err != nil {
		t.Fatal(err)
	}
	cycle := all.Cycles[len(all.Cycles)-1]
	if len(all.Turns[cycle]) == 0 || len(all.Matches[cycle]) == 0 {
		t.Fatal("Load read no rows of the last cycle")
	}
	if n, m := len(focus.Turns[cycle]), len(focus.Matches[cycle]); n != 0 || m != 0 {
		t.Errorf("LoadFor kept %d turns and %d hits of %s, want none", n, m, cycle)
	}
	if !report.FocusEqual(focus, all, cycle) {
		t.Error("LoadFor kept something other than what the report builds from Load's rows")
	}
	type key struct {
		doc  string
		turn int32
	}
	text := map[key]string{}
	for _, tr := range all.Turns[cycle] {
		text[key{tr.DocPath, tr.Turn}] = tr.Text
	}
	docs, turns, groups := report.FocusCandidates(focus, cycle)
	var kept int
	for g, sents := range groups {
		seen := map[string]bool{}
		for i, s := range sents {
			k := key{docs[g][i], turns[g][i]}
			if !strings.Contains(text[k], s) {
				t.Errorf("group %d kept %q, which is not in turn %s:%d", g, s, k.doc, k.turn)
			}
			if id := fmt.Sprint(k, s); seen[id] {
				t.Errorf("group %d kept %q of turn %s:%d twice", g, s, k.doc, k.turn)
			} else {
				seen[id] = true
			}
			kept++
		}
	}
	if kept == 0 {
		t.Fatal("LoadFor kept no quote candidate: the sample corpus should have some")
	}
	opt := report.Options{People: func(string) []string { return nil }}
	h1, md1, err := report.Render(all, opt)
	if err != nil {
		t.Fatal(err)
	}
	h2, md2, err := report.Render(focus, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(h1, h2) || !bytes.Equal(md1, md2) {
		t.Error("the report from LoadFor differs from the report from Load")
	}
	if !bytes.Contains(md2, []byte("\n> ")) {
		t.Error("the report from LoadFor quotes nothing: the comparison says nothing about quotes")
	}
}

// TestCorpusQuotesHideNames runs the sample corpus with each --text policy
// and checks that no quote shows a pseudonym or a speaker's name: with
// masked text, the pseudonyms put in place of the names of people spoken
// to ("And Marisol, I brought soup") become [name], as the note above the
// quotes promises; with full text the names do; with no text there are no
// quotes, and the report says why.
func TestCorpusQuotesHideNames(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline")
	}
	names := regexp.MustCompile(`spk-[0-9a-fA-F]{8}|Marisol|Oyelaran|Dieter|Halloran|Tuyet|Kevin|Gary|Amadou|Hector|Shonda`)
	for _, text := range []string{pipeline.TextMasked, pipeline.TextFull, pipeline.TextNone} {
		t.Run(text, func(t *testing.T) {
			h, md := runCorpus(t, pipeline.Config{Out: t.TempDir(), Text: text, NoCache: true})
			var quotes []string
			for _, l := range strings.Split(string(md), "\n") {
				if strings.HasPrefix(l, "> ") && !strings.HasPrefix(l, "> — ") {
					quotes = append(quotes, l)
				}
			}
			for _, m := range regexp.MustCompile(`(?s)<blockquote><p>(.*?)</p>`).FindAllSubmatch(h, -1) {
				quotes = append(quotes, string(m[1]))
			}
			for _, q := range quotes {
				if n := names.FindString(q); n != "" {
					t.Errorf("quote shows %q: %s", n, q)
				}
			}
			if text == pipeline.TextNone {
				if len(quotes) != 0 || !bytes.Contains(md, []byte("--text none")) {
					t.Errorf("--text none: %d quotes; the report should have none and say why", len(quotes))
				}
				return
			}
			want := `> And \[name\], I brought soup`
			if !bytes.Contains(md, []byte(want)) || !bytes.Contains(h, []byte("And [name], I brought soup")) {
				t.Errorf("report.md lacks %q", want)
			}
		})
	}
}

// runCorpus runs the pipeline on the sample corpus with cfg (its Corpus,
// Workers and Seed set here) and returns report.html and report.md.
func runCorpus(t *testing.T, cfg pipeline.Config) (html, md []byte) {
	t.Helper()
	cfg.Corpus, cfg.Workers, cfg.Seed = filepath.Join("..", "..", "testdata", "corpus"), 2, 1
	if _, err := pipeline.Run(context.Background(), cfg, nil); err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(filepath.Join(cfg.Out, table.ReportHTML))
	if err != nil {
		t.Fatal(err)
	}
	md, err = os.ReadFile(filepath.Join(cfg.Out, table.ReportMD))
	if err != nil {
		t.Fatal(err)
	}
	return html, md
}
