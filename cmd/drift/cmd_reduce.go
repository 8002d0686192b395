package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/drift-project/drift/pipeline"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type reduceOptions struct {
	Out     string
	KeyFile string
	Strict  bool
	Quiet   bool
}

func (o *reduceOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVar(&o.KeyFile, "key-file", "", "the pseudonym key the shards used (default CORPUS/.drift/key of their corpus)")
	f.BoolVar(&o.Strict, "strict", false, "exit 3 when any file was skipped or failed (after writing everything)")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "no summary on stderr")
}

func newReduceCmd(io *IO, runF func(context.Context, *reduceOptions) error) *cobra.Command {
	opts := &reduceOptions{}
	cmd := &cobra.Command{
		Use:   "reduce OUT",
		Short: "Merge the partial counts of a sharded run and write the summary tables and report",
		Long: `reduce finishes a run split into shards ('drift run CORPUS -o OUT --shard i/N'
for every i from 0 to N-1). It merges the partial counts in OUT/partial and
writes documents.parquet, frames.parquet, drift.parquet (and every other
summary table), report.html, report.md and run.json, exactly as one run would. It then
removes part files under turns/ and matches/ that no shard of this run wrote.
See docs/scale.md.
` + exitHelp,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Out = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runReduce(cmd.Context(), opts, io)
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runReduce(ctx context.Context, opts *reduceOptions, io *IO) error {
	res, err := pipeline.Reduce(ctx, pipeline.ReduceConfig{Out: opts.Out, KeyFile: opts.KeyFile, Strict: opts.Strict, BeforeCommit: testPauseBeforeCommit()})
	if err != nil && !errors.Is(err, pipeline.ErrFilesFailed) && !errors.Is(err, pipeline.ErrNoTranscripts) {
		return err
	}
	printWarnings(io.Err, res)
	if !opts.Quiet {
		printSummary(io.Err, res, fmt.Sprintf("reduced %d shards into %s", res.Shards, opts.Out))
	}
	return err
}
