package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/drift-project/drift/pipeline"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type runOptions struct {
	Corpus      string
	Out         string
	Workers     int
	Lexicons    string
	KeyFile     string
	MaxFileSize int64
	CycleFrom   string
	Text        string
	Strict      bool
	Seed        uint64
	Quiet       bool
	NoQuotes    bool
	Negation    negationFlags
}

func (o *runOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVarP(&o.Out, "out", "o", "", "output folder for the dataset and report (required)")
	f.IntVar(&o.Workers, "workers", 0, "documents processed at once (0 = one per CPU); output is identical for any value")
	f.StringVar(&o.Lexicons, "lexicons", "", "folder of lexicon YAML files replacing the embedded defaults")
	f.StringVar(&o.KeyFile, "key-file", "", "pseudonym key file (default CORPUS/.drift/key, created on first run)")
	f.Int64Var(&o.MaxFileSize, "max-file-size", 64<<20, "files larger than this many bytes are skipped")
	f.StringVar(&o.CycleFrom, "cycle-from", "", "where each file's cycle comes from: folder (first folder level), name (the date in the file name) or name-month (its year and month); default: cycle_from in drift.yaml, else folder")
	f.StringVar(&o.Text, "text", pipeline.TextMasked, "turn text in the tables: full, masked (speaker names replaced by pseudonyms) or none")
	f.BoolVar(&o.Strict, "strict", false, "exit 3 when any file was skipped or failed (after writing everything)")
	f.Uint64Var(&o.Seed, "seed", 1, "seed for the bootstrap resampling")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "no summary on stderr")
	f.BoolVar(&o.NoQuotes, "no-quotes", false, "leave participants' sentences out of the report")
	o.Negation.AddFlags(f)
}

func newRunCmd(io *IO, runF func(context.Context, *runOptions) error) *cobra.Command {
	opts := &runOptions{}
	cmd := &cobra.Command{
		Use:   "run CORPUS -o OUT",
		Short: "Read a corpus of transcripts and write the dataset and report",
		Long: `run reads every file under CORPUS (the first folder level is the cycle, or
the date in the file name with --cycle-from name; see docs/ingest.md),
tags participant talk with the lexicons, and writes to OUT:

  documents.parquet                   one row per input file, with status and reason
  turns/cycle=C/part-NNNNN.parquet    one row per turn (speaker pseudonym, role, text)
  matches/cycle=C/part-NNNNN.parquet  one row per lexicon hit, with flags
  frames.parquet                      counts per cycle × site × speaker × category
  drift.parquet                       measures with intervals and verdicts
  run.json                            versions, lexicon hashes, cycles and labels
  report.html, report.md              the report (re-render with 'drift report OUT')

The new dataset replaces the old one only when the run succeeds.
` + exitHelp,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Corpus = args[0]
			if opts.Out == "" {
				return &flagError{errors.New("--out (-o) is required: the folder to write the dataset to")}
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runRun(cmd.Context(), opts, io)
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runRun(ctx context.Context, opts *runOptions, io *IO) error {
	cfg := pipeline.Config{
		Corpus: opts.Corpus, Out: opts.Out, Workers: opts.Workers, KeyFile: opts.KeyFile,
		MaxFileSize: opts.MaxFileSize, CycleFrom: opts.CycleFrom, Text: opts.Text, Strict: opts.Strict, Seed: opts.Seed,
		NoQuotes:       opts.NoQuotes,
		NegationWindow: opts.Negation.Window, CountNegated: opts.Negation.Count,
	}
	if opts.Lexicons != "" {
		st, err := os.Stat(opts.Lexicons)
		if err != nil || !st.IsDir() {
			return &flagError{fmt.Errorf("--lexicons %s: want a folder of lexicon YAML files", opts.Lexicons)}
		}
		cfg.Lexicons = os.DirFS(opts.Lexicons)
	}
	var progress pipeline.Progress
	if io.ErrIsTerminal && !opts.Quiet {
		progress = newProgressBar(io.Err)
	}
	res, err := pipeline.Run(ctx, cfg, progress)
	if progress != nil {
		fmt.Fprint(io.Err, "\r\033[K")
	}
	if err != nil && !errors.Is(err, pipeline.ErrFilesFailed) {
		return err
	}
	if !opts.Quiet {
		fmt.Fprintf(io.Err, "drift: %d files: %d ok, %d skipped, %d failed; %d turns, %d tokens, %d hits; wrote %s\n",
			res.Files, res.OK, len(res.Skipped), len(res.Failed), res.Turns, res.Tokens, res.Hits, opts.Out)
		for _, f := range res.Failed {
			fmt.Fprintf(io.Err, "  failed  %s: %s\n", f.Path, f.Reason)
		}
		for _, f := range res.Skipped {
			fmt.Fprintf(io.Err, "  skipped %s: %s\n", f.Path, f.Reason)
		}
	}
	return err
}
