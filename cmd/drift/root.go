package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"strings"

	"github.com/drift-project/drift/pipeline"
	"github.com/drift-project/drift/pipeline/lexicon"
	"github.com/drift-project/drift/pipeline/transcript"
	"github.com/spf13/cobra"
)

// Exit codes. They are listed in every command's help and in README.md.
const (
	exitOK      = 0 // success
	exitRuntime = 1 // something failed while running
	exitUsage   = 2 // bad command line
	exitInput   = 3 // input to fix: a lexicon or corpus problem, or (with --strict) files skipped or failed
	exitCancel  = 130
)

// exitHelp is the Exit status section of a command whose only folder
// arguments are checked by the command itself (reduce, report): a folder
// that is not there is not a usage error.
var exitHelp = exitHelpFor("")

// exitHelpCorpus is exitHelp for commands with a CORPUS argument and
// --lexicons (run, kwic, sample, and drift itself).
var exitHelpCorpus = exitHelpFor("a CORPUS or --lexicons folder that does not exist or is a file")

// exitHelpLexicons is exitHelp for commands with --lexicons.
var exitHelpLexicons = exitHelpFor("a --lexicons folder that does not exist or is a file")

// exitHelpFor returns the Exit status section of a command's help; folders
// names the folder arguments that are usage errors when missing.
func exitHelpFor(folders string) string {
	usage := "a missing argument"
	if folders != "" {
		usage += ",\n     " + folders
	}
	return `
Exit status:
  0  success
  1  runtime error (disk, permissions, a bug)
  2  usage error: unknown command or flag, a bad flag value, ` + usage + `
  3  input to fix: a lexicon or corpus configuration problem, a failed
     lexicon check or test, or with --strict some files skipped or failed
     or no transcript analysed
  130 interrupted
'drift' with no command prints this help and exits 0.
`
}

// IO is where a command reads and writes.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
	// ErrIsTerminal says whether Err is a terminal (progress bars only then).
	ErrIsTerminal bool
}

// flagError is a usage problem.
type flagError struct{ err error }

func (e *flagError) Error() string { return e.err.Error() }
func (e *flagError) Unwrap() error { return e.err }

// Main runs drift with args and returns the exit code.
func Main(args []string, in io.Reader, out, errw io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	streams := &IO{In: in, Out: out, Err: errw, ErrIsTerminal: isTerminal(errw)}
	root := newRootCmd(streams)
	root.SetArgs(args)
	root.SetOut(out)
	root.SetErr(errw)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	code := exitCode(err)
	if !errors.Is(err, errSilent) {
		fmt.Fprintf(errw, "drift: %v\n", err)
	}
	return code
}

// errSilent marks an error whose message was already printed.
var errSilent = errors.New("silent")

func exitCode(err error) int {
	var fe *flagError
	switch {
	case errors.As(err, &fe), errors.Is(err, pipeline.ErrUsage):
		return exitUsage
	case errors.Is(err, context.Canceled):
		return exitCancel
	case errors.Is(err, pipeline.ErrInvalidInput), errors.Is(err, pipeline.ErrFilesFailed), errors.Is(err, pipeline.ErrNoTranscripts), errors.Is(err, pipeline.ErrIncomplete), errors.Is(err, lexicon.ErrInvalid), errors.Is(err, errInput):
		return exitInput
	}
	return exitRuntime
}

// errInput marks problems in input a person must fix.
var errInput = errors.New("input to fix")

// errInputReported is errInput whose details were already printed.
var errInputReported = fmt.Errorf("%w: %w", errInput, errSilent)

func newRootCmd(io *IO) *cobra.Command {
	root := &cobra.Command{
		Use:   "drift",
		Short: "Measure narrative drift in transcripts of story circles and meetings",
		Long: `drift reads folders of meeting transcripts (one folder per cycle), tags how
participants frame their stories with curated lexicons (class versus identity,
blame, solidarity, scope, moral register), and writes a Parquet dataset and a
plain-language report of what changed and how sure we are.
` + exitHelpCorpus,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       pipeline.Version,
		Args:          subcommandArgs,
		RunE:          groupHelp,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &flagError{fmt.Errorf("%w\nrun '%s --help' for usage", err, c.CommandPath())}
	})
	root.AddCommand(newRunCmd(io, nil))
	root.AddCommand(newReduceCmd(io, nil))
	root.AddCommand(newReportCmd(io, nil))
	root.AddCommand(newLexiconCmd(io))
	root.AddCommand(newKwicCmd(io, nil))
	root.AddCommand(newValidateCmd(io, nil))
	root.AddCommand(newSampleCmd(io, nil))
	return root
}

// subcommandArgs is the Args of a command that only groups subcommands
// (drift, drift lexicon): an argument left over is a misspelt subcommand,
// a usage error (exit 2). With Args nil, cobra's Command.Find would
// instead return its own plain "unknown command" error (legacyArgs),
// which only its text tells apart; with Args set, Find leaves the
// arguments to this check. The command needs a RunE (groupHelp) too, or
// cobra prints its help and exits 0 before checking arguments.
func subcommandArgs(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if c.SuggestionsMinimumDistance <= 0 {
		c.SuggestionsMinimumDistance = 2 // cobra's default
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
	if s := c.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf("; did you mean %s?", strings.Join(s, " or "))
	}
	return &flagError{fmt.Errorf("%s\nrun '%s --help' for usage", msg, c.CommandPath())}
}

// groupHelp is the RunE of a command that only groups subcommands: alone,
// it prints the help and exits 0.
func groupHelp(c *cobra.Command, _ []string) error { return c.Help() }

// checkCorpus checks that the CORPUS argument is a folder; a missing
// folder or a file is a usage error (exit 2).
func checkCorpus(path string) error {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &flagError{fmt.Errorf("corpus folder %s not found; give the folder that holds one folder per cycle", path)}
	case err != nil:
		return fmt.Errorf("corpus folder %s: %w", path, err)
	case !st.IsDir():
		return &flagError{fmt.Errorf("CORPUS must be a folder: %s is a file; give the folder that holds one folder per cycle", path)}
	}
	return nil
}

// checkWorkers rejects a negative --workers.
func checkWorkers(n int) error {
	if n < 0 {
		return &flagError{fmt.Errorf("--workers %d: want 0 (one per CPU) or a positive number of cores", n)}
	}
	return nil
}

// maskScopeUsage is the help of --mask-scope, for run, kwic and sample.
const maskScopeUsage = "whose names are masked in a document: corpus (every speaker of the corpus; the default) or to-date " +
	"(the speakers of the cycles up to the document's, so adding a cycle never changes earlier cycles' text; see docs/schema.md)"

// cycleFromUsage is the help of --cycle-from (run, kwic, sample).
const cycleFromUsage = "where each file's cycle comes from: folder (first folder level), name (the date in the file name) or name-month (its year and month); default: cycle_from in drift.yaml, else folder"

// checkCycleFrom validates --cycle-from ("" is drift.yaml's, else folder).
func checkCycleFrom(s string) error {
	if err := (&transcript.Config{}).SetCycleFrom(s); err != nil {
		return &flagError{fmt.Errorf("--cycle-from %w", err)}
	}
	return nil
}

// checkMaskScope validates --mask-scope ("" is the default, corpus).
func checkMaskScope(s string) error {
	switch s {
	case "", pipeline.MaskCorpus, pipeline.MaskToDate:
		return nil
	}
	return &flagError{fmt.Errorf("--mask-scope %q: want corpus or to-date", s)}
}

// exactArgs is cobra.ExactArgs returning a flagError.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(n)(cmd, args); err != nil {
			return &flagError{fmt.Errorf("%w\nrun '%s --help' for usage", err, cmd.CommandPath())}
		}
		return nil
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
