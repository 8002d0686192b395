package main

import (
	"context"
	"errors"
	"fmt"
	goio "io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"strings"
	"time"

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
	MaskScope   string
	Strict      bool
	Seed        uint64
	Quiet       bool
	NoCache     bool
	Shard       string
	NoQuotes    bool
	Negation    negationFlags
	CPUProfile  string
	MemProfile  string
	Trace       string
}

func (o *runOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVarP(&o.Out, "out", "o", "", "output folder for the dataset and report (required)")
	f.IntVar(&o.Workers, "workers", 0, "CPU cores to use: documents processed at once, and the Go scheduler's limit (GOMAXPROCS) when below the number of CPUs (0 = one per CPU); output is identical for any value")
	f.StringVar(&o.Lexicons, "lexicons", "", "folder of lexicon YAML files replacing the embedded defaults")
	f.StringVar(&o.KeyFile, "key-file", "", "pseudonym key file (default CORPUS/.drift/key, created on first run)")
	f.Int64Var(&o.MaxFileSize, "max-file-size", 64<<20, "files larger than this many bytes are skipped")
	f.StringVar(&o.CycleFrom, "cycle-from", "", cycleFromUsage)
	f.StringVar(&o.Text, "text", pipeline.TextMasked, "turn text in the tables: full, masked (the names of every speaker of the corpus replaced by pseudonyms) or none")
	f.StringVar(&o.MaskScope, "mask-scope", "", "with --text masked, "+maskScopeUsage+"; no effect under --text full or none")
	f.BoolVar(&o.Strict, "strict", false, "exit 3 when any file was skipped or failed (after writing everything)")
	f.Uint64Var(&o.Seed, "seed", 1, "seed for the bootstrap resampling")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "no summary on stderr")
	f.BoolVar(&o.NoCache, "no-cache", false, "tag every file again, ignoring the results cached in OUT/.cache")
	f.StringVar(&o.Shard, "shard", "", "process only share i of N of the files (i/N, e.g. 0/4) and leave partial counts for 'drift reduce OUT'")
	f.BoolVar(&o.NoQuotes, "no-quotes", false, "leave participants' sentences out of the report")
	o.Negation.AddFlags(f)
	f.StringVar(&o.CPUProfile, "cpuprofile", "", "write a pprof CPU profile of the run to this file")
	f.StringVar(&o.MemProfile, "memprofile", "", "write a pprof heap profile (taken at the end of the run) to this file")
	f.StringVar(&o.Trace, "trace", "", "write a Go execution trace of the run to this file (go tool trace)")
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
  keyness.parquet                     words and entries typical of each cycle
  participants.parquet                one row per participant across cycles
  continuity.parquet                  returning, new and lost participants
  diffusion.parquet                   when each site first used each entry
  run.json                            versions, lexicon hashes, cycles, labels, warnings
  report.html, report.md              the report (re-render with 'drift report OUT')
  .cache/                             per-file results, for fast reruns

The new dataset replaces the old one only when the run succeeds. Results
per file are cached in OUT/.cache, so a rerun tags only new or changed
files; --no-cache tags everything again. OUT may lie inside CORPUS: the
walk leaves it out. drift.yaml and manifest.csv are rows of
documents.parquet with status config; --strict does not count them.

With --shard i/N, run processes a fixed share of the files (by a hash of
their paths) and writes its part files and partial counts to OUT; after all
N shards finish, 'drift reduce OUT' writes the summary tables and report.
See docs/scale.md.
` + exitHelpCorpus,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Corpus = args[0]
			if opts.Out == "" {
				return &flagError{errors.New("--out (-o) is required: the folder to write the dataset to")}
			}
			if err := opts.check(); err != nil {
				return err
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

// check validates the flag values: usage errors (exit 2), found before
// any work starts. runRun checks the corpus folder.
func (o *runOptions) check() error {
	switch o.Text {
	case pipeline.TextFull, pipeline.TextMasked, pipeline.TextNone:
	default:
		return &flagError{fmt.Errorf("--text %q: want full, masked or none", o.Text)}
	}
	if err := checkMaskScope(o.MaskScope); err != nil {
		return err
	}
	if err := checkCycleFrom(o.CycleFrom); err != nil {
		return err
	}
	if err := checkWorkers(o.Workers); err != nil {
		return err
	}
	if o.MaxFileSize <= 0 {
		return &flagError{fmt.Errorf("--max-file-size %d: want a positive number of bytes", o.MaxFileSize)}
	}
	return nil
}

func runRun(ctx context.Context, opts *runOptions, io *IO) error {
	if err := checkCorpus(opts.Corpus); err != nil {
		return err
	}
	cfg := pipeline.Config{
		Corpus: opts.Corpus, Out: opts.Out, Workers: opts.Workers, KeyFile: opts.KeyFile,
		MaxFileSize: opts.MaxFileSize, CycleFrom: opts.CycleFrom, Text: opts.Text, MaskScope: opts.MaskScope, Strict: opts.Strict, Seed: opts.Seed,
		NoQuotes:       opts.NoQuotes,
		NegationWindow: opts.Negation.Window, CountNegated: opts.Negation.Count,
		NoCache: opts.NoCache, BeforeCommit: testPauseBeforeCommit(),
		Exclude: []string{opts.CPUProfile, opts.MemProfile, opts.Trace},
	}
	if opts.Shard != "" {
		sh, err := pipeline.ParseShard(opts.Shard)
		if err != nil {
			return &flagError{err}
		}
		cfg.Shard = sh
	}
	if opts.Lexicons != "" {
		st, err := os.Stat(opts.Lexicons)
		if err != nil || !st.IsDir() {
			return &flagError{fmt.Errorf("--lexicons %s: want a folder of lexicon YAML files", opts.Lexicons)}
		}
		cfg.Lexicons, cfg.LexiconsDir = os.DirFS(opts.Lexicons), opts.Lexicons
	}
	tuneGC()
	limitCores(opts.Workers)
	var progress pipeline.Progress
	if io.ErrIsTerminal && !opts.Quiet {
		progress = newProgressBar(io.Err)
	}
	stopProfiles, err := startProfiles(opts.CPUProfile, opts.MemProfile, opts.Trace)
	if err != nil {
		return err
	}
	res, err := pipeline.Run(ctx, cfg, progress)
	if perr := stopProfiles(); perr != nil && err == nil {
		err = perr
	}
	if progress != nil {
		fmt.Fprint(io.Err, "\r\033[K")
	}
	if err != nil && !errors.Is(err, pipeline.ErrFilesFailed) && !errors.Is(err, pipeline.ErrNoTranscripts) {
		return err
	}
	printWarnings(io.Err, res)
	if !opts.Quiet {
		what := "wrote " + opts.Out
		if opts.Shard != "" {
			what = fmt.Sprintf("wrote shard %s to %s", cfg.Shard, opts.Out)
		}
		printSummary(io.Err, res, what)
	}
	return err
}

// limitCores makes --workers N mean N cores: besides the N documents
// processed at once, a run has goroutines of its own (the writer that
// encodes Parquet in path order, the garbage collector, model loading),
// and with GOMAXPROCS left at the number of CPUs they ran beside the
// workers, so --workers 1 used about 1.2 cores and comparisons between
// worker counts or with single-threaded tools were not per core. With
// fewer workers than CPUs the scheduler gets exactly N; GOMAXPROCS in the
// environment wins.
func limitCores(workers int) {
	if _, set := os.LookupEnv("GOMAXPROCS"); set || workers <= 0 || workers >= runtime.NumCPU() {
		return
	}
	runtime.GOMAXPROCS(workers)
}

// defaultMemoryLimit is the Go runtime's soft memory limit for a run,
// unless GOMEMLIMIT is set. A run's live heap is about 110 MB whatever the
// corpus size (prose's model, the window of documents, one Parquet writer
// per table, the counts); without a limit the collector lets the heap grow
// to twice that before it runs. The limit keeps the peak resident size
// under 300 MB (issue 9) at the cost of more frequent collections; it is
// soft, so a larger live heap (say, a very large vocabulary) still works.
const defaultMemoryLimit = 200 << 20

// defaultGCPercent is the collector's GOGC for a run that sets
// defaultMemoryLimit. With the limit in place the heap never grows past it
// anyway; what GOGC 100 added was a collection every time the heap doubled
// while it grew from a few megabytes to the limit (about 20 of a 50 MB
// run's 39 collections, while the models load and the first documents are
// tagged) and whenever the live heap was small. At 400 the limit alone
// decides when to collect in the steady state: 3-5% less CPU on the 50 MB
// bench corpus (39 collections down to 19), with the same peak RSS there
// (221 MB).
const defaultGCPercent = 400

// tuneGC sets the soft memory limit and, with it, the higher GC percent,
// unless GOMEMLIMIT is set; GOGC in the environment always wins. A user's
// GOMEMLIMIT without GOGC keeps Go's default GOGC: a higher percent is safe
// only under a limit drift chose.
func tuneGC() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return
	}
	debug.SetMemoryLimit(defaultMemoryLimit)
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(defaultGCPercent)
	}
}

// printSummary prints the one-line summary of a run or reduce, then the
// files that were not analysed. The configuration files (drift.yaml,
// manifest.csv) are not transcripts: they are named as read, not counted
// as skipped.
func printSummary(w goio.Writer, res pipeline.Result, what string) {
	conf := ""
	if len(res.Config) > 0 {
		conf = "; " + strings.Join(res.Config, ", ") + " read"
	}
	fmt.Fprintf(w, "drift: %d transcripts: %d ok, %d skipped, %d failed%s; %d turns, %d tokens, %d hits; %s\n",
		res.Files-len(res.Config), res.OK, len(res.Skipped), len(res.Failed), conf, res.Turns, res.Tokens, res.Hits, what)
	fmt.Fprintf(w, "drift: cache: %d reused, %d tagged\n", res.CacheHits, res.CacheMisses)
	for _, f := range res.Failed {
		fmt.Fprintf(w, "  failed  %s: %s\n", f.Path, f.Reason)
	}
	for _, f := range res.Skipped {
		fmt.Fprintf(w, "  skipped %s: %s\n", f.Path, f.Reason)
	}
}

// printWarnings prints the run's warnings on stderr, also with --quiet:
// they are about the results, not progress.
func printWarnings(w goio.Writer, res pipeline.Result) {
	for _, m := range res.Warnings {
		fmt.Fprintf(w, "drift: warning: %s\n", m)
	}
}

// testPauseBeforeCommit returns the test hook set by
// DRIFT_TEST_PAUSE_BEFORE_COMMIT=FILE: once everything is staged, drift
// creates FILE and sleeps for a minute before it commits, so a test can
// kill it at a known point. Test-only; not for users.
func testPauseBeforeCommit() func() {
	path := os.Getenv("DRIFT_TEST_PAUSE_BEFORE_COMMIT")
	if path == "" {
		return nil
	}
	return func() {
		_ = os.WriteFile(path, nil, 0o644)
		time.Sleep(time.Minute)
	}
}

// startProfiles starts a CPU profile when cpu is set and an execution
// trace when tr is set; the returned func stops them and, when mem is set,
// writes a heap profile. All are for performance work (go tool pprof, go
// tool trace) and change no output.
func startProfiles(cpu, mem, tr string) (func() error, error) {
	var cf, tf *os.File
	if tr != "" {
		f, err := os.Create(tr)
		if err != nil {
			return nil, fmt.Errorf("--trace: %w", err)
		}
		if err := trace.Start(f); err != nil {
			f.Close()
			return nil, fmt.Errorf("--trace: %w", err)
		}
		tf = f
	}
	if cpu != "" {
		f, err := os.Create(cpu)
		if err == nil {
			if err = pprof.StartCPUProfile(f); err != nil {
				f.Close()
			}
		}
		if err != nil {
			if tf != nil {
				trace.Stop()
				tf.Close()
			}
			return nil, fmt.Errorf("--cpuprofile: %w", err)
		}
		cf = f
	}
	return func() error {
		if tf != nil {
			trace.Stop()
			if err := tf.Close(); err != nil {
				return fmt.Errorf("--trace: %w", err)
			}
		}
		if cf != nil {
			pprof.StopCPUProfile()
			if err := cf.Close(); err != nil {
				return fmt.Errorf("--cpuprofile: %w", err)
			}
		}
		if mem == "" {
			return nil
		}
		f, err := os.Create(mem)
		if err != nil {
			return fmt.Errorf("--memprofile: %w", err)
		}
		runtime.GC()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			f.Close()
			return fmt.Errorf("--memprofile: %w", err)
		}
		return f.Close()
	}, nil
}
