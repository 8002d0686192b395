package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/drift-project/drift/pipeline"
	"github.com/drift-project/drift/pipeline/report"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type reportOptions struct {
	Out      string
	Cycle    string
	NoQuotes bool
	Quiet    bool
}

func (o *reportOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVar(&o.Cycle, "cycle", "", "the cycle the report is about (default: the last one); charts stop there")
	f.BoolVar(&o.NoQuotes, "no-quotes", false, "leave participants' sentences out of the report")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "no summary on stderr")
}

func newReportCmd(io *IO, runF func(context.Context, *reportOptions) error) *cobra.Command {
	opts := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report OUT",
		Short: "Render report.html and report.md again from a dataset's tables",
		Long: `report reads the tables drift run wrote to OUT and writes OUT/report.html
(one self-contained page: no scripts, nothing loaded from the network) and
OUT/report.md (the same content for newsletters and chat channels). Nothing
is recomputed: with the same options the files are byte for byte the ones
drift run wrote.

Quotes show speakers by pseudonym and mask person names: the names the
corpus configuration knows and those the entity recogniser finds.
` + exitHelp,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Out = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runReport(cmd.Context(), opts, io)
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runReport(ctx context.Context, opts *reportOptions, io *IO) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := pipeline.Report(opts.Out, pipeline.ReportOptions{Cycle: opts.Cycle, NoQuotes: opts.NoQuotes})
	var uc *report.ErrUnknownCycle
	if errors.As(err, &uc) {
		return &flagError{fmt.Errorf("--cycle: %w", err)}
	}
	if err != nil {
		return err
	}
	if !opts.Quiet {
		fmt.Fprintf(io.Err, "drift: wrote %s/report.html and %s/report.md\n", opts.Out, opts.Out)
	}
	return nil
}
