package pipeline

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"

	"github.com/drift-project/drift/pipeline/report"
	"github.com/drift-project/drift/pipeline/segment"
	"github.com/drift-project/drift/pipeline/table"
	"github.com/drift-project/drift/pipeline/transcript"
)

// ReportOptions control a report rendered from a dataset.
type ReportOptions struct {
	Cycle    string          // the cycle the report is about; "" means the last
	NoQuotes bool            // leave out participants' sentences
	Tagger   *segment.Tagger // finds person names to mask in quotes; nil makes one
	// Speakers are the names of every speaker of the corpus, masked in
	// quotes of a dataset written with --text full; nil reads them from
	// the corpus. A run passes the names of its first pass.
	Speakers []string
	// focus holds the rows of the report's cycle as a run wrote them
	// (see report.FocusRows), so that the report does not read them back;
	// nil reads them.
	focus *report.FocusRows
}

// reportLoaded, when not nil, gets the input of every report written;
// tests set it.
var reportLoaded func(report.Input)

// Report renders OUT/report.html and OUT/report.md again from the tables
// of the dataset in out, without recomputing anything. With the same
// options it writes the same bytes as the run that made the dataset.
func Report(out string, opt ReportOptions) error {
	return writeReport(out, out, opt)
}

// writeReport reads the dataset in src and writes the report to dst.
func writeReport(src, dst string, opt ReportOptions) error {
	in, err := report.LoadWith(src, opt.Cycle, opt.focus)
	if err != nil {
		return err
	}
	if reportLoaded != nil {
		reportLoaded(in)
	}
	tagger := opt.Tagger
	if tagger == nil {
		tagger = &segment.Tagger{}
	}
	ro := report.Options{Cycle: opt.Cycle, NoQuotes: opt.NoQuotes, People: tagger.People,
		KnownNames: quoteNames(in, src, opt.Speakers)}
	return report.Write(dst, in, ro)
}

// quoteNames returns the names masked in the report's quotes even when the
// recogniser misses them: whole, first and last words. They are the names
// the corpus configuration knows and, unless the tables hold no text, the
// name of every speaker of the corpus (speakers, or read from the corpus
// when nil). With the default --text masked the stored text has whole
// names and first words replaced already, but not a surname said on its
// own ("Mr Pennock is right"). A corpus that moved since the run gives
// none. The run's --cycle-from gives files their cycles as the run did (a
// dated file at the corpus root has none without it, and so no speakers).
func quoteNames(in report.Input, src string, speakers []string) []string {
	if in.Corpus == "" {
		return nil
	}
	ccfg, err := transcript.LoadConfig(in.Corpus)
	if err != nil || ccfg.SetCycleFrom(in.CycleFrom) != nil {
		return nil
	}
	names := ccfg.KnownNames()
	if in.TextPolicy != TextNone {
		if speakers == nil {
			speakers = speakerNames(in.Corpus, ccfg, src)
		}
		names = append(names, speakers...)
	}
	return names
}

// speakerNames returns the name of every speaker in the corpus, sorted,
// for masking quotes from a dataset written with --text full, whose text
// still holds the names. It only parses the transcripts: no tagging.
func speakerNames(corpus string, ccfg *transcript.Config, out string) []string {
	// The dataset's own folder may lie inside the corpus: its report.md
	// is not a transcript (see Discover).
	files, err := transcript.Discover(corpus, ccfg, out)
	if err != nil {
		return nil
	}
	// The pseudonyms are not used; any key will do.
	ps, err := transcript.NewPseudonymizer(make([]byte, 32))
	if err != nil {
		return nil
	}
	r := &transcript.Reader{Config: ccfg, Pseudonyms: ps}
	set := map[string]bool{}
	for _, f := range files {
		for _, n := range r.Names(f) {
			if n != "" {
				set[n] = true
			}
		}
	}
	names := make([]string, 0, len(set))
	for n := range set {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// previousLexicons returns the lexicons recorded in out/run.json by the
// run that wrote the report now in out, or nil when there is none.
func previousLexicons(out string) []report.Lexicon {
	b, err := os.ReadFile(filepath.Join(out, table.RunFile))
	if err != nil {
		return nil
	}
	var rj struct {
		Lexicons []report.Lexicon `json:"lexicons"`
	}
	if json.Unmarshal(b, &rj) != nil || rj.Lexicons == nil {
		return nil
	}
	return rj.Lexicons
}
