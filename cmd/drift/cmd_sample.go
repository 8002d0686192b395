package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"

	"github.com/drift-project/drift/pipeline"
	"github.com/drift-project/drift/pipeline/table"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type sampleOptions struct {
	Corpus   string
	N        int
	Seed     uint64
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

func (o *sampleOptions) AddFlags(f *pflag.FlagSet) {
	f.IntVarP(&o.N, "n", "n", 200, "number of sentences")
	f.Uint64Var(&o.Seed, "seed", 1, "seed: the same corpus and seed give the same sample")
	f.StringVarP(&o.Out, "out", "o", "", "write the CSV to this file (default stdout)")
	f.StringVar(&o.Lexicons, "lexicons", "", "folder of lexicon YAML files replacing the embedded defaults")
	f.StringVar(&o.KeyFile, "key-file", "", "pseudonym key file (default CORPUS/.drift/key)")
	f.IntVar(&o.Workers, "workers", 0, "documents read at once (0 = one per CPU); output is identical for any value")
	f.StringVar(&o.MaskScope, "mask-scope", "", maskScopeUsage+", as with run")
	f.StringVar(&o.CycleFrom, "cycle-from", "", cycleFromUsage+", as with run (give the run's, so cycles and --mask-scope to-date masking match its tables)")
	o.Negation.AddFlags(f)
}

func newSampleCmd(io *IO, runF func(context.Context, *sampleOptions) error) *cobra.Command {
	opts := &sampleOptions{}
	cmd := &cobra.Command{
		Use:   "sample CORPUS -n N",
		Short: "Draw a stratified sample of sentences for hand coding",
		Long: `sample draws N participant sentences from the corpus for coding with the
codebook, and writes a CSV with columns id, source, text and one empty
column per top-level category. Code each category 0 or 1, then score the
lexicons with 'drift validate --gold FILE'.

Strata, filled in turn so each gets an equal share: for every category, the
sentences with a counted hit of it, and its near misses (a negated hit, a
hit vetoed by an exclusion, or a word sharing its first five letters with
one of the category's entry words); and the sentences with no hit and no
near miss at all, so that missed framing (recall) can be estimated. Rows
come in random order and carry no stratum, so coders are not primed.
Names are replaced by pseudonyms, as with run --text masked. Like kwic,
sample never creates the pseudonym key (without one it uses a temporary key
and warns), and warns when no transcript in CORPUS could be analysed.
` + exitHelpCorpus,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Corpus = args[0]
			if opts.N <= 0 {
				return &flagError{fmt.Errorf("-n %d: want a positive number of sentences", opts.N)}
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
			return runSample(cmd.Context(), opts, io)
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runSample(ctx context.Context, opts *sampleOptions, io *IO) error {
	if err := checkCorpus(opts.Corpus); err != nil {
		return err
	}
	lex, err := lexiconsFS(opts.Lexicons)
	if err != nil {
		return err
	}
	cfg := pipeline.Config{Corpus: opts.Corpus, Lexicons: lex, LexiconsDir: opts.Lexicons, KeyFile: opts.KeyFile, Workers: opts.Workers,
		NegationWindow: opts.Negation.Window, CountNegated: opts.Negation.Count, MaskScope: opts.MaskScope, CycleFrom: opts.CycleFrom}
	s := &pipeline.Sampler{N: opts.N, Seed: opts.Seed}
	sum, err := pipeline.Scan(ctx, cfg, pipeline.ScanOptions{KeepVetoed: true}, func(t *pipeline.ScannedTurn) error {
		s.Add(t)
		return nil
	})
	if err != nil {
		return err
	}
	auditWarnings(io.Err, opts.Corpus, sum)
	rows := s.Sample()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	header := append([]string{"id", "source", "text"}, s.Categories()...)
	w.Write(header)
	for _, r := range rows {
		rec := make([]string, len(header))
		rec[0], rec[1], rec[2] = r.ID, r.Source, r.Text
		w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if len(rows) < opts.N && sum.Transcripts > 0 {
		fmt.Fprintf(io.Err, "drift: the corpus has only %d sentences to sample\n", len(rows))
	}
	if opts.Out != "" {
		return table.WriteAtomic(opts.Out, buf.Bytes())
	}
	_, err = io.Out.Write(buf.Bytes())
	return err
}
