package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	goio "io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/drift-project/drift/pipeline"
	"github.com/drift-project/drift/pipeline/table"
	"github.com/drift-project/drift/pipeline/transcript"
	"github.com/parquet-go/parquet-go"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type kwicOptions struct {
	Corpus   string
	Category string
	Window   int
	Negated  bool
	Format   string
	Out      string
	Lexicons string
	KeyFile  string
	Workers  int
	Negation negationFlags
	// MaskScope is --mask-scope; "" means corpus.
	MaskScope string
	// CycleFrom is --cycle-from; "" means drift.yaml's cycle_from, else folder.
	CycleFrom string
}

func (o *kwicOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVar(&o.Category, "category", "", "category to list: class, or class/antagonist (required)")
	f.IntVar(&o.Window, "window", 8, "words of context on each side, within the sentence")
	f.BoolVar(&o.Negated, "negated", false, "also list negated hits (by default only counted hits)")
	f.StringVar(&o.Format, "format", "table", "table, csv or parquet (parquet needs -o)")
	f.StringVarP(&o.Out, "out", "o", "", "write to this file (default stdout)")
	f.StringVar(&o.Lexicons, "lexicons", "", "folder of lexicon YAML files replacing the embedded defaults")
	f.StringVar(&o.KeyFile, "key-file", "", "pseudonym key file (default CORPUS/.drift/key)")
	f.IntVar(&o.Workers, "workers", 0, "documents read at once (0 = one per CPU); output is identical for any value")
	f.StringVar(&o.MaskScope, "mask-scope", "", maskScopeUsage+", as with run")
	f.StringVar(&o.CycleFrom, "cycle-from", "", cycleFromUsage+", as with run (give the run's, so cycles and --mask-scope to-date masking match its tables)")
	o.Negation.AddFlags(f)
}

func newKwicCmd(io *IO, runF func(context.Context, *kwicOptions) error) *cobra.Command {
	opts := &kwicOptions{}
	cmd := &cobra.Command{
		Use:   "kwic CORPUS --category C",
		Short: "List the hits of a category in their sentence context",
		Long: `kwic reads the corpus exactly as run does and lists every hit of a category
(keyword in context): document, line, turn, speaker pseudonym, the entry,
the left context, the hit and the right context (at most --window words
each side, never beyond the sentence), and the hit's flags. Names in the
text are replaced by pseudonyms, as with run --text masked. kwic never
creates the pseudonym key: when CORPUS/.drift/key does not exist yet (and
no --key-file is given) it uses a temporary key and warns that its
pseudonyms differ from those drift run will write. It warns too when no
transcript in CORPUS could be analysed (an output folder given by mistake).

Formats: table (aligned, for reading), csv, parquet (with -o).
` + exitHelpCorpus,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Corpus = args[0]
			if opts.Category == "" {
				return &flagError{fmt.Errorf("--category is required (class, identity, class/antagonist, ...)")}
			}
			switch opts.Format {
			case "table", "csv":
			case "parquet":
				if opts.Out == "" {
					return &flagError{fmt.Errorf("--format parquet needs -o FILE")}
				}
			default:
				return &flagError{fmt.Errorf("--format %s: want table, csv or parquet", opts.Format)}
			}
			if opts.Window < 0 {
				return &flagError{fmt.Errorf("--window %d: want 0 or more words", opts.Window)}
			}
			if err := checkWorkers(opts.Workers); err != nil {
				return err
			}
			if err := checkMaskScope(opts.MaskScope); err != nil {
				return err
			}
			if err := checkCycleFrom(opts.CycleFrom); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runKwic(cmd.Context(), opts, io)
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runKwic(ctx context.Context, opts *kwicOptions, io *IO) error {
	if err := checkCorpus(opts.Corpus); err != nil {
		return err
	}
	lex, err := lexiconsFS(opts.Lexicons)
	if err != nil {
		return err
	}
	cfg := pipeline.Config{Corpus: opts.Corpus, Lexicons: lex, LexiconsDir: opts.Lexicons, KeyFile: opts.KeyFile, Workers: opts.Workers,
		NegationWindow: opts.Negation.Window, CountNegated: opts.Negation.Count, MaskScope: opts.MaskScope, CycleFrom: opts.CycleFrom}
	var rows []pipeline.Concordance
	known := false
	sum, err := pipeline.Scan(ctx, cfg, pipeline.ScanOptions{}, func(t *pipeline.ScannedTurn) error {
		if !known {
			if !hasCategory(t, opts.Category) {
				return &flagError{fmt.Errorf("--category %s: no such category or category/subcategory in the lexicons; the categories are %s (or category/subcategory, e.g. %s)",
					opts.Category, strings.Join(categories(t), ", "), exampleSub(t))}
			}
			known = true
		}
		for _, h := range t.Match.Hits {
			l := t.Matcher.Labels[h.Label]
			if opts.Category != l.Category && opts.Category != l.Category+"/"+l.Subcategory {
				continue
			}
			if !h.Counted() && !(opts.Negated && h.Negated) {
				continue
			}
			rows = append(rows, t.Concord(h, opts.Window))
		}
		return nil
	})
	if err != nil {
		return err
	}
	auditWarnings(io.Err, opts.Corpus, sum)
	var buf bytes.Buffer
	switch opts.Format {
	case "table":
		writeKwicTable(&buf, rows)
	case "csv":
		w := csv.NewWriter(&buf)
		w.Write([]string{"doc", "line", "turn", "sentence", "speaker", "role", "category", "entry", "left", "hit", "right", "flags"})
		for _, r := range rows {
			w.Write([]string{r.Doc, fmt.Sprint(r.Line), fmt.Sprint(r.Turn), fmt.Sprint(r.Sentence), r.Speaker, r.Role,
				r.Category + "/" + r.Subcategory, r.Entry, r.Left, r.Hit, r.Right, r.Flags()})
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return err
		}
	case "parquet":
		pw := parquet.NewGenericWriter[pipeline.Concordance](&buf, parquet.DataPageVersion(1))
		if _, err := pw.Write(rows); err != nil {
			return err
		}
		if err := pw.Close(); err != nil {
			return err
		}
	}
	if opts.Out != "" {
		return table.WriteAtomic(opts.Out, buf.Bytes())
	}
	_, err = io.Out.Write(buf.Bytes())
	return err
}

// auditWarnings warns, for kwic and sample, when no transcript of the
// folder could be analysed (the output folder given by mistake, say: its
// report.md and run.json are read and fail) or when the corpus
// has no pseudonym key, so Scan used a temporary one.
func auditWarnings(w goio.Writer, corpus string, sum pipeline.ScanSummary) {
	if sum.OK == 0 {
		read := ""
		if sum.Transcripts > 0 {
			read = fmt.Sprintf(" (%d files read, none could be analysed)", sum.Transcripts)
		}
		fmt.Fprintf(w, "drift: warning: no transcripts found in %s%s: is this the corpus folder, not OUT? "+
			"(the corpus holds one folder per cycle; see docs/ingest.md)\n", corpus, read)
		return
	}
	if sum.TempKey {
		fmt.Fprintf(w, "drift: warning: corpus has no pseudonym key (%s), and this command does not create one: "+
			"it used a temporary key, so these pseudonyms differ from those drift run writes; "+
			"run 'drift run' first (it creates the key) or give --key-file\n",
			transcript.KeyFile(corpus))
	}
}

// categories lists the lexicons' categories, sorted.
func categories(t *pipeline.ScannedTurn) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range t.Matcher.Labels {
		if !seen[l.Category] {
			seen[l.Category] = true
			out = append(out, l.Category)
		}
	}
	sort.Strings(out)
	return out
}

// exampleSub gives one category/subcategory of the lexicons, for help.
func exampleSub(t *pipeline.ScannedTurn) string {
	ex := ""
	for _, l := range t.Matcher.Labels {
		if l.Subcategory != "" {
			if s := l.Category + "/" + l.Subcategory; ex == "" || s < ex {
				ex = s
			}
		}
	}
	return ex
}

func hasCategory(t *pipeline.ScannedTurn, c string) bool {
	for _, l := range t.Matcher.Labels {
		if c == l.Category || c == l.Category+"/"+l.Subcategory {
			return true
		}
	}
	return false
}

// writeKwicTable writes one line per hit: where, who, then the left
// context right-aligned so the hits line up, and the flags.
func writeKwicTable(b *bytes.Buffer, rows []pipeline.Concordance) {
	wLeft, wWhere := 0, 0
	where := make([]string, len(rows))
	for i, r := range rows {
		where[i] = fmt.Sprintf("%s:%d %s", r.Doc, r.Line, r.Speaker)
		wWhere = max(wWhere, utf8.RuneCountInString(where[i]))
		wLeft = max(wLeft, utf8.RuneCountInString(r.Left))
	}
	for i, r := range rows {
		sep := " "
		if r, _ := utf8.DecodeRuneInString(r.Right); unicode.IsPunct(r) {
			sep = ""
		}
		line := fmt.Sprintf("%-*s  %*s [%s]%s%s", wWhere, where[i], wLeft, r.Left, r.Hit, sep, r.Right)
		if f := r.Flags(); f != "" {
			line += "  (" + f + ")"
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	if len(rows) == 0 {
		b.WriteString("no hits\n")
	}
}
