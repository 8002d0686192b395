package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/drift-project/drift/lexicons"
	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/lexicon"
	"github.com/drift-project/drift/pipeline/match"
	"github.com/drift-project/drift/pipeline/segment"
	"github.com/drift-project/drift/pipeline/table"
	"github.com/drift-project/drift/pipeline/transcript"
)

// Version is the tool version stamped on every output.
var Version = "0.1.0-dev"

// ErrInvalidInput is matched by errors.Is when a run is stopped by input a
// person must fix (a broken lexicon or corpus configuration).
var ErrInvalidInput = errors.New("invalid input")

// ErrFilesFailed is returned, after all outputs are written, when Strict is
// set and some files were skipped or failed.
var ErrFilesFailed = errors.New("some input files were skipped or failed")

// Text policies for turn text in the tables.
const (
	TextFull   = "full"
	TextMasked = "masked"
	TextNone   = "none"
)

// Config is everything a run needs.
type Config struct {
	Corpus      string // corpus folder
	Out         string // output folder
	Workers     int    // 0 means the number of CPUs
	Lexicons    fs.FS  // nil means the embedded defaults
	KeyFile     string // pseudonym key; "" means CORPUS/.drift/key
	MaxFileSize int64  // 0 means transcript.DefaultMaxFileSize
	CycleFrom   string // folder, name or name-month; "" means drift.yaml's cycle_from, else folder
	Text        string // full, masked (default) or none
	Strict      bool   // return ErrFilesFailed when files were skipped or failed
	Seed        uint64 // resampling seed
	Tagger      *segment.Tagger
	NoQuotes    bool // leave participants' sentences out of the report
	// NegationWindow is how many words before a hit a negation cue may be,
	// within the clause; 0 means match.DefaultNegationWindow.
	NegationWindow int
	// CountNegated counts negated hits in framing measures; by default they
	// are kept in matches.parquet, flagged, and not counted.
	CountNegated bool
}

// Event is a progress report. Progress callbacks are called from one
// goroutine at a time.
type Event struct {
	FilesDone, FilesTotal int
	BytesDone, BytesTotal int64
}

// Progress receives progress events; nil means none.
type Progress func(Event)

// Result summarises a finished run.
type Result struct {
	Files    int
	OK       int
	Skipped  []FileIssue
	Failed   []FileIssue
	Turns    int
	Tokens   int64
	Hits     int
	Duration time.Duration
}

// FileIssue is a file that was not analysed, and why.
type FileIssue struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

type docResult struct {
	doc     transcript.Document
	turns   []table.Turn
	matches []table.Match
	sents   int64
	tokens  int64
	hits    int64
	counts  *aggregate.Counts
}

// Run runs the pipeline. The error wraps ErrInvalidInput when input must be
// fixed; with Strict it is ErrFilesFailed when all outputs were written but
// some files were skipped or failed.
func Run(ctx context.Context, cfg Config, progress Progress) (Result, error) {
	start := time.Now()
	var res Result
	if cfg.Text == "" {
		cfg.Text = TextMasked
	}
	switch cfg.Text {
	case TextFull, TextMasked, TextNone:
	default:
		return res, fmt.Errorf("%w: --text %q: want full, masked or none", ErrInvalidInput, cfg.Text)
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	sess, err := newSession(cfg)
	if err != nil {
		return res, err
	}
	set, matcher, ccfg, files, known := sess.set, sess.engine.M, sess.ccfg, sess.files, sess.known

	results := make([]*docResult, len(files))
	var totalBytes int64
	for _, f := range files {
		totalBytes += f.Size
	}
	jobs := make(chan int)
	done := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = sess.processDoc(files[i], cfg.Text)
				done <- i
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range files {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(done) }()
	var ev Event
	ev.FilesTotal, ev.BytesTotal = len(files), totalBytes
	for i := range done {
		ev.FilesDone++
		ev.BytesDone += files[i].Size
		if progress != nil {
			progress(ev)
		}
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}

	counts := aggregate.New(matcher)
	var cycleIDs []string
	seenCycle := map[string]bool{}
	for _, r := range results {
		counts.Merge(r.counts)
		d := r.doc
		res.Files++
		switch d.Status {
		case transcript.StatusOK:
			res.OK++
			if !seenCycle[d.Cycle] {
				seenCycle[d.Cycle] = true
				cycleIDs = append(cycleIDs, d.Cycle)
			}
		case transcript.StatusSkipped:
			res.Skipped = append(res.Skipped, FileIssue{d.Path, d.Reason})
		case transcript.StatusFailed:
			res.Failed = append(res.Failed, FileIssue{d.Path, d.Reason})
		}
		res.Turns += len(r.turns)
		res.Tokens += r.tokens
		res.Hits += len(r.matches)
	}
	cycles := ccfg.CycleOrder(cycleIDs)
	an := analyse(counts, cycles, results, known, cfg.Text, cfg.Seed, workers)

	meta := table.Meta{
		"schema_version": table.SchemaVersion,
		"tool_version":   Version,
		"lexicons":       lexiconsJSON(set),
	}
	stage, err := table.NewStage(cfg.Out)
	if err != nil {
		return res, err
	}
	if err := writeDataset(stage, results, counts, cycles, an, meta); err != nil {
		stage.Abort()
		return res, err
	}
	res.Duration = time.Since(start)
	prevLex := previousLexicons(cfg.Out)
	if err := writeRunJSON(stage, cfg, set, results, res, workers, cycles, ccfg.CycleLabel, prevLex); err != nil {
		stage.Abort()
		return res, err
	}
	// The report is rendered from the staged tables, exactly as
	// 'drift report' renders it later, so both give the same bytes.
	if err := writeReport(stage.Dir, stage.Dir, ReportOptions{NoQuotes: cfg.NoQuotes, Tagger: sess.engine.Opts.Tagger}); err != nil {
		stage.Abort()
		return res, err
	}
	if err := stage.Commit(); err != nil {
		return res, fmt.Errorf("moving the new dataset into %s: %w", cfg.Out, err)
	}
	if cfg.Strict && (len(res.Skipped) > 0 || len(res.Failed) > 0) {
		return res, ErrFilesFailed
	}
	return res, nil
}

// session is what reading and matching documents needs; Run and Scan
// share it.
type session struct {
	set    *lexicon.Set
	ccfg   *transcript.Config
	files  []transcript.File
	reader *transcript.Reader
	engine *match.Engine
	known  []string
	ps     *transcript.Pseudonymizer
}

// newSession loads the lexicons and the corpus configuration, and lists the
// corpus files.
func newSession(cfg Config) (*session, error) {
	lexFS := cfg.Lexicons
	if lexFS == nil {
		lexFS = lexicons.FS
	}
	set, err := lexicon.Load(lexFS)
	if err != nil {
		return nil, fmt.Errorf("%w: lexicons:\n%w", ErrInvalidInput, err)
	}
	ccfg, err := transcript.LoadConfig(cfg.Corpus)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidInput, err)
	}
	if err := ccfg.SetCycleFrom(cfg.CycleFrom); err != nil {
		return nil, fmt.Errorf("%w: --cycle-from %w", ErrInvalidInput, err)
	}
	files, err := transcript.Discover(cfg.Corpus, ccfg)
	if err != nil {
		return nil, err
	}
	key, err := transcript.LoadOrCreateKey(cfg.Corpus, cfg.KeyFile)
	if err != nil {
		return nil, err
	}
	ps, err := transcript.NewPseudonymizer(key)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidInput, err)
	}
	tagger := cfg.Tagger
	if tagger == nil {
		tagger = &segment.Tagger{}
	}
	return &session{
		set: set, ccfg: ccfg, files: files, ps: ps, known: ccfg.KnownNames(),
		reader: &transcript.Reader{Config: ccfg, Pseudonyms: ps, MaxFileSize: cfg.MaxFileSize},
		engine: &match.Engine{M: lexicon.Compile(set), Opts: match.Options{
			Tagger: tagger, NegationWindow: cfg.NegationWindow, CountNegated: cfg.CountNegated}},
	}, nil
}

// matchDoc reads f and calls fn with every turn and its matches, in order.
// Documents that were skipped or failed have no turns.
func (s *session) matchDoc(f transcript.File, fn func(d *transcript.Document, t *transcript.Turn, mt match.Turn)) transcript.Document {
	d := s.reader.Read(f)
	if d.Status != transcript.StatusOK {
		return d
	}
	for i := range d.Turns {
		t := &d.Turns[i]
		fn(&d, t, s.engine.Match(t.Text, t.Role == transcript.RoleFacilitator))
	}
	return d
}

func (s *session) processDoc(f transcript.File, textPolicy string) *docResult {
	e := s.engine
	res := &docResult{counts: aggregate.New(e.M)}
	var masker *strings.Replacer
	res.doc = s.matchDoc(f, func(d *transcript.Document, t *transcript.Turn, mt match.Turn) {
		if masker == nil && textPolicy == TextMasked {
			masker = nameMasker(*d, s.known, s.ps)
		}
		var ntok int64
		for _, s := range mt.Sentences {
			ntok += int64(s.Words())
		}
		res.sents += int64(len(mt.Sentences))
		res.tokens += ntok
		res.hits += int64(len(mt.Hits))
		row := table.Turn{
			DocPath: d.Path, Turn: int32(t.Index), Site: d.Site, Speaker: t.Speaker, Role: string(t.Role),
			Line: int32(t.Line), NSentences: int32(len(mt.Sentences)), NTokens: int32(ntok),
			NNoise: int32(t.Noise), NHits: int32(len(mt.Hits)),
		}
		if t.HasTime {
			s, en := t.Start, t.End
			row.StartS, row.EndS = &s, &en
		}
		switch textPolicy {
		case TextFull:
			row.Text = t.Text
		case TextMasked:
			row.Text = masker.Replace(t.Text)
		}
		res.turns = append(res.turns, row)
		for _, h := range mt.Hits {
			l := e.M.Labels[h.Label]
			res.matches = append(res.matches, table.Match{
				DocPath: d.Path, Turn: int32(t.Index), Sentence: int32(h.Sentence),
				TokenStart: int32(h.TokStart), TokenEnd: int32(h.TokEnd),
				ByteStart: int32(h.ByteStart), ByteEnd: int32(h.ByteEnd),
				Site: d.Site, Speaker: t.Speaker, Role: string(t.Role),
				Lexicon: l.Lexicon, LexiconVersion: l.Version, Dimension: l.Dimension, Category: l.Category,
				Subcategory: l.Subcategory, Entry: l.Entry, Surface: h.Surface, Weight: l.Weight,
				Negated: h.Negated, Question: h.Question, Reported: h.Reported, Facilitator: h.Facilitator,
				Narrative: h.Narrative, Counted: h.Counted(),
			})
		}
		res.counts.AddTurn(aggregate.Key{Cycle: d.Cycle, Site: d.Site, Speaker: t.Speaker, Role: string(t.Role)}, mt)
	})
	return res
}

// nameMasker replaces the names of the document's speakers, and every name
// the corpus configuration knows, with pseudonyms. Longer names go first so
// "Maria Lopez" is replaced before "Maria".
func nameMasker(d transcript.Document, known []string, ps *transcript.Pseudonymizer) *strings.Replacer {
	names := map[string]string{}
	add := func(n string) {
		if len(n) < 2 {
			return
		}
		names[n] = ps.Pseudonym(n)
		if f := strings.Fields(n); len(f) > 1 && len(f[0]) > 2 {
			if _, ok := names[f[0]]; !ok {
				names[f[0]] = ps.Pseudonym(n)
			}
		}
	}
	for _, t := range d.Turns {
		add(t.Name)
	}
	for _, n := range known {
		add(n)
	}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(keys[i]) != len(keys[j]) {
			return len(keys[i]) > len(keys[j])
		}
		return keys[i] < keys[j]
	})
	var pairs []string
	for _, k := range keys {
		pairs = append(pairs, k, names[k])
	}
	return strings.NewReplacer(pairs...)
}

func lexiconsJSON(set *lexicon.Set) string {
	type lx struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		Hash    string `json:"hash"`
	}
	var out []lx
	for _, l := range set.Lexicons {
		out = append(out, lx{l.Name, l.Version, l.Hash})
	}
	b, _ := json.Marshal(out)
	return string(b)
}
