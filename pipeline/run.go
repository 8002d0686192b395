package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/drift-project/drift/lexicons"
	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/lexicon"
	"github.com/drift-project/drift/pipeline/match"
	"github.com/drift-project/drift/pipeline/names"
	"github.com/drift-project/drift/pipeline/report"
	"github.com/drift-project/drift/pipeline/segment"
	"github.com/drift-project/drift/pipeline/stats"
	"github.com/drift-project/drift/pipeline/table"
	"github.com/drift-project/drift/pipeline/transcript"
)

// Version is the tool version stamped on every output.
var Version = "0.1.0-dev"

// ErrInvalidInput is matched by errors.Is when a run is stopped by input a
// person must fix (a broken lexicon or corpus configuration).
var ErrInvalidInput = errors.New("invalid input")

// ErrUsage is matched by errors.Is when the command line asks for
// something drift refuses (an output folder that would hide transcripts).
var ErrUsage = errors.New("bad command line")

// usageError is an ErrUsage whose message is its own.
type usageError struct{ msg string }

func (e *usageError) Error() string        { return e.msg }
func (e *usageError) Is(target error) bool { return target == ErrUsage }

// ErrFilesFailed is returned, after all outputs are written, when Strict is
// set and some files were skipped or failed.
var ErrFilesFailed = errors.New("some input files were skipped or failed")

// ErrNoTranscripts is returned, after all outputs are written, when Strict
// is set and no transcript was analysed (an empty corpus, say).
var ErrNoTranscripts = errors.New("no transcript was analysed")

// Text policies for turn text in the tables.
const (
	TextFull   = "full"
	TextMasked = "masked"
	TextNone   = "none"
)

// Mask scopes: which speakers' names --text masked masks in a document
// (see mask.go and docs/schema.md).
const (
	// MaskCorpus masks the names of every speaker of the corpus in every
	// document (the default).
	MaskCorpus = "corpus"
	// MaskToDate masks, in a document of cycle C, the names of the
	// speakers of the cycles up to C in drift's cycle order: adding a
	// later cycle never changes an earlier cycle's text.
	MaskToDate = "to-date"
)

// checkMaskScope returns the mask scope s names ("" means corpus), or an
// ErrInvalidInput error.
func checkMaskScope(s string) (string, error) {
	switch s {
	case "":
		return MaskCorpus, nil
	case MaskCorpus, MaskToDate:
		return s, nil
	}
	return "", fmt.Errorf("%w: --mask-scope %q: want corpus or to-date", ErrInvalidInput, s)
}

// Config is everything a run needs.
type Config struct {
	Corpus   string // corpus folder
	Out      string // output folder
	Workers  int    // 0 means the number of CPUs
	Lexicons fs.FS  // nil means the embedded defaults
	// LexiconsDir is the folder Lexicons was read from, as given
	// (--lexicons): lexicon errors name files by their path in it, and
	// run.json records it. "" with Lexicons set means an fs.FS of no folder.
	LexiconsDir string
	KeyFile     string // pseudonym key; "" means CORPUS/.drift/key
	MaxFileSize int64  // 0 means transcript.DefaultMaxFileSize
	CycleFrom   string // folder, name or name-month; "" means drift.yaml's cycle_from, else folder
	Text        string // full, masked (default) or none
	Strict      bool   // return ErrFilesFailed when files were skipped or failed
	Seed        uint64 // resampling seed
	Tagger      *segment.Tagger
	NoQuotes    bool // leave participants' sentences out of the report
	// MaskScope is whose names --text masked masks: corpus (the default,
	// also for "") or to-date (see MaskToDate). It changes nothing under
	// --text full or none, and is then recorded as corpus.
	MaskScope string
	// NegationWindow is how many words before a hit a negation cue may be,
	// within the clause; 0 means match.DefaultNegationWindow.
	NegationWindow int
	// CountNegated counts negated hits in framing measures; by default they
	// are kept in matches.parquet, flagged, and not counted.
	CountNegated bool
	NoCache      bool // neither read nor update OUT/.cache: tag every file
	// Exclude lists further files the run writes (profiles, say); when
	// they lie inside the corpus they are not read as input. Out is
	// always excluded.
	Exclude []string
	Shard   Shard // process one share of the files (see Shard); the zero value means all
	// BeforeCommit, when set, is called once everything is staged, just
	// before the new files are moved into place. It is a test hook: the
	// command sets it only from DRIFT_TEST_PAUSE_BEFORE_COMMIT.
	BeforeCommit func()
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
	Files   int
	OK      int
	Skipped []FileIssue
	Failed  []FileIssue
	Config  []string // corpus configuration files read (drift.yaml, manifest.csv); not transcripts
	// Warnings are problems that did not stop the run but that a person
	// should see: no transcripts, files that match no site. The command
	// prints them; run.json keeps them as notes.
	Warnings    []string
	Turns       int
	Tokens      int64
	Hits        int
	CacheHits   int // files whose results came from OUT/.cache (skipped files not counted)
	CacheMisses int // files tagged (and stored in the cache); skipped files are not tagged
	PartsReused int // part files of the previous run reused unchanged (see partSink)
	Shards      int // shards merged by Reduce; 0 for Run
	Duration    time.Duration
	// BootReused and BootComputed count the drift statistics' bootstraps
	// taken from the cache's memo and computed (see cache_boot.go); both
	// 0 without the cache.
	BootReused, BootComputed int
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
	cached  bool // from the cache, not tagged in this run
	// cacheKey names the result's cache entry; "" when it has none.
	cacheKey string
	// rows holds the rows of a cached result, still compressed and
	// encoded (see unpackEntry); decodeRows decodes them.
	rows []byte
	// names holds the keyed hashes of the words of the document's speaker
	// names (see nameKey), for keyness to leave them out.
	names []string
	// file is the file the result is of.
	file transcript.File
	// texts are the turn texts of a cached result (the cache holds none;
	// see fillText), written into its rows when they are decoded; nil for
	// a result just tagged, whose rows hold their texts.
	texts []string
	// edits are, with texts, the replacements masking made in each turn
	// (see setTextOffsets); nil when it made none.
	edits [][]names.Edit
	// textSum hashes the turn texts as written (see textSum); "" when the
	// tables hold no text.
	textSum string
	// needText is set on a cached result whose textSum came from the
	// previous run's record: its texts are filled only if its rows are
	// written.
	needText bool
	// record is set on a cached result taken from its cycle's record
	// (see cycleRecord): it has no counts, names or rows, and doc holds
	// only what row says; the record's counts and names are merged once
	// for the cycle, and partSink reloads the entry if the rows are needed.
	record bool
	row    *table.Document // the documents row, when record is set
}

// plan is a prepared run: lexicons compiled, corpus discovered, key loaded.
type plan struct {
	*session
	cfg      Config
	matcher  *lexicon.Matcher
	key      []byte
	workers  int
	meta     table.Meta
	settings string // hash of every setting that changes a document's rows
	listing  string // hash of the corpus listing (paths and sizes)
}

// Run runs the pipeline. The error wraps ErrInvalidInput when input must be
// fixed; with Strict it is ErrFilesFailed when all outputs were written but
// some files were skipped or failed.
//
// Documents stream through a bounded window: workers tag them in any
// order, and a single writer takes the results in path order, appends
// their turn and match rows to one part file per cycle and folds their
// counts into the aggregate. Memory holds the window, the aggregate and
// one documents row per file, never the whole corpus.
//
// With cfg.Shard set, Run processes only the shard's files and writes its
// part files and partial counts (see Reduce) instead of the summary tables.
func Run(ctx context.Context, cfg Config, progress Progress) (Result, error) {
	start := time.Now()
	var res Result
	p, err := prepare(cfg)
	if err != nil {
		return res, err
	}
	cfg = p.cfg
	// Load the tagger's model while the first pass reads the names, so
	// that no worker waits for it (see segment.Tagger.Preload).
	go p.engine.Opts.Tagger.Preload()
	var cache *docCache
	var index *fileIndex
	if !cfg.NoCache {
		cache = openCache(cfg.Out, cfg.Shard, p.settings, p.key)
		index = cache.openIndex(p.maxFileSize())
	}
	if cfg.Text != TextNone {
		// The first pass: every shard reads the names of the whole corpus.
		if err := p.loadMasker(ctx, p.workers, index); err != nil {
			return res, err
		}
	}
	files, part := p.files, 0
	var stage *table.Stage
	if cfg.Shard.Count > 0 {
		files, part = cfg.Shard.Select(files), cfg.Shard.Index
		stage, err = table.NewShardStage(cfg.Out, cfg.Shard.Index)
	} else {
		stage, err = table.NewStage(cfg.Out)
	}
	if err != nil {
		return res, err
	}
	var cycleMasker func(string) string
	if p.toDate != nil {
		cycleMasker = p.cycleMaskerSum
	}
	sink := newPartSink(stage, p.meta, part, cache, p.maskerSum(), cycleMasker)
	sink.fill, sink.text = p.fillText, p.cfg.Text
	if cache != nil {
		sink.retag = func(f transcript.File) *docResult {
			r := p.tag(f)
			cache.store(f, r)
			return r
		}
	}
	if cfg.Shard.Count > 0 {
		sink.dir = shardDir(cfg.Shard)
	} else {
		sink.focusLess = p.ccfg.CycleLess
		if c := p.lastCycle(); c != "" {
			sink.focus = report.NewFocusRows(c)
		}
	}
	recs := p.cycleRecords(ctx, files, cache, sink.sums)
	g, err := p.stream(ctx, files, sink, cache, recs, progress)
	if err == nil {
		err = sink.close()
	}
	if err != nil {
		sink.abort()
		stage.Abort()
		return res, err
	}
	res = g.res
	res.PartsReused = 2 * sink.reused
	cycles := p.ccfg.CycleOrder(g.cycles)
	var memo *stats.MemoTable // the bootstrap memo, with the cache
	if cfg.Shard.Count > 0 {
		// A shard sees only its share of the files: Reduce warns about
		// the whole corpus.
		res.Duration = time.Since(start)
		if err := writePartial(stage, p, g, sink.written, res); err != nil {
			stage.Abort()
			return res, err
		}
	} else {
		res.Warnings = runWarnings(cfg.Corpus, len(p.ccfg.Sites) > 0, g.docs)
		prevLex := previousLexicons(cfg.Out)
		if cache != nil {
			memo = cache.readBoot()
		}
		s := summary{Counts: g.counts, Docs: g.docs, Cycles: cycles, Labels: cycleLabels(p.ccfg, cycles), Meta: p.meta,
			Seed: cfg.Seed, Text: cfg.Text, IsName: nameTest(p.key, p.known, g.names), Workers: p.workers,
			Report: ReportOptions{NoQuotes: cfg.NoQuotes, Tagger: p.engine.Opts.Tagger, Speakers: p.speakers, focus: sink.focus},
			RunJSON: func(cycles []string, labels map[string]string) runJSON {
				res.Duration = time.Since(start)
				return newRunJSON(p.runConfig(), p.lexicons(), g.docs, res, cycles, labels, prevLex)
			}}
		if memo != nil {
			s.Memo = memo
		}
		if err := writeSummary(stage, s); err != nil {
			stage.Abort()
			return res, err
		}
		if memo != nil {
			res.BootReused, res.BootComputed = memo.Counts()
		}
	}
	if cfg.BeforeCommit != nil {
		cfg.BeforeCommit()
	}
	if cfg.Shard.Count > 0 {
		err = commitShard(stage, cfg.Shard, sink.written)
	} else {
		err = stage.Commit()
	}
	if err != nil {
		return res, fmt.Errorf("moving the new dataset into %s: %w", cfg.Out, err)
	}
	if cache != nil {
		g.saveCycles(cache)
		if memo != nil {
			cache.writeBoot(memo)
		}
		cache.prune()
		sink.saveManifest()
		index.save()
	}
	if cfg.Strict && (len(res.Skipped) > 0 || len(res.Failed) > 0) {
		return res, ErrFilesFailed
	}
	if cfg.Strict && res.OK == 0 && cfg.Shard.Count == 0 {
		return res, ErrNoTranscripts
	}
	return res, nil
}

// runWarnings returns the warnings of a run over corpus whose documents
// are docs: no transcript analysed, and (when drift.yaml names sites)
// analysed files that match no site, whose site is therefore "". Run
// calls it on one run's documents, Reduce on the merged documents of all
// shards, so both warn alike.
func runWarnings(corpus string, hasSites bool, docs []table.Document) []string {
	var w []string
	transcripts, ok, noSite := 0, 0, []string{}
	for _, d := range docs {
		if d.Status == string(transcript.StatusConfig) {
			continue
		}
		transcripts++
		if d.Status != string(transcript.StatusOK) {
			continue
		}
		ok++
		if d.Site == "" {
			noSite = append(noSite, d.Path)
		}
	}
	switch {
	case transcripts == 0:
		w = append(w, fmt.Sprintf("no transcripts found in %s; put them in one folder per cycle (see docs/ingest.md)", corpus))
	case ok == 0:
		w = append(w, fmt.Sprintf("none of the %d files in %s could be analysed; see the skipped and failed files", transcripts, corpus))
	}
	if hasSites && len(noSite) > 0 {
		w = append(w, fmt.Sprintf("%d of %d analysed files match no site in drift.yaml (e.g. %s), so their site is \"\"; "+
			"add a glob under sites:, or give site in manifest.csv or front matter", len(noSite), ok, noSite[0]))
	}
	return w
}

// prepare checks the configuration, compiles the lexicons, reads the
// corpus configuration and key, and lists the files.
func prepare(cfg Config) (*plan, error) {
	if cfg.Text == "" {
		cfg.Text = TextMasked
	}
	switch cfg.Text {
	case TextFull, TextMasked, TextNone:
	default:
		return nil, fmt.Errorf("%w: --text %q: want full, masked or none", ErrInvalidInput, cfg.Text)
	}
	scope, err := checkMaskScope(cfg.MaskScope)
	if err != nil {
		return nil, err
	}
	if cfg.Text != TextMasked {
		// Nothing in the tables is masked: the scope changes no byte.
		scope = MaskCorpus
	}
	cfg.MaskScope = scope
	if cfg.Shard.Count > 0 {
		if err := cfg.Shard.check(); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalidInput, err)
		}
	}
	if cfg.Shard.Count > 0 && cfg.KeyFile == "" {
		// Shards running at once must not each create a different key.
		if _, err := os.Stat(transcript.KeyFile(cfg.Corpus)); err != nil {
			return nil, fmt.Errorf("%w: a sharded run needs the pseudonym key to exist before the shards start: "+
				"create %s (any drift run on the corpus does) or give --key-file", ErrInvalidInput,
				transcript.KeyFile(cfg.Corpus))
		}
	}
	sess, err := newSession(cfg, true)
	if err != nil {
		return nil, err
	}
	p := &plan{session: sess, cfg: cfg, workers: cfg.Workers, matcher: sess.engine.M}
	if p.workers <= 0 {
		p.workers = runtime.NumCPU()
	}
	// The cache key and the name hashes need the key too.
	p.key = sess.key
	p.meta = table.Meta{
		"schema_version": table.SchemaVersion,
		"tool_version":   Version,
		"lexicons":       lexiconsJSON(p.set),
	}
	if cfg.MaskScope == MaskToDate {
		// Only then, so that the default's files are as they were.
		p.meta["mask_scope"] = MaskToDate
	}
	p.settings = settingsHash(p, p.key)
	p.listing = listingHash(p.files)
	return p, nil
}

// gathered is what the writer collects from the stream of documents.
type gathered struct {
	counts *aggregate.Counts
	docs   []table.Document // one per file, in path order
	cycles []string         // cycles with analysed files, in order of first appearance
	names  map[string]bool  // name keys of every document
	res    Result
	// byCycle collects, by the cycle of the document's file, what the
	// cycle's record needs (see cycleRecord).
	byCycle map[string]*cycleDocs
}

type indexed struct {
	i int
	r *docResult
}

// stream processes files with a pool of workers and hands the results to
// the sink in path order. At most window documents are in flight or
// waiting for an earlier one, which bounds memory.
//
// The files recs covers are not loaded from the cache: their cycles'
// records' counts and names are merged before the first document.
func (p *plan) stream(ctx context.Context, files []transcript.File, sink *partSink, cache *docCache, recs *recordSet, progress Progress) (*gathered, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	window := 4 * p.workers
	slots := make(chan struct{}, window)
	jobs := make(chan int)
	done := make(chan indexed, window)
	var wg sync.WaitGroup
	for w := 0; w < p.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				r := recs.stub(i)
				if r == nil {
					r = p.process(files[i], cache, sink.sums)
				}
				done <- indexed{i, r}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range files {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(done) }()

	g := &gathered{counts: aggregate.New(p.matcher), docs: make([]table.Document, 0, len(files)), names: map[string]bool{},
		byCycle: map[string]*cycleDocs{}}
	for _, rec := range recs.take() {
		g.counts.Merge(rec.Counts)
		for _, n := range rec.Names {
			g.names[n] = true
		}
	}
	var ev Event
	ev.FilesTotal = len(files)
	for _, f := range files {
		ev.BytesTotal += f.Size
	}
	seenCycle := map[string]bool{}
	pending := map[int]*docResult{}
	next := 0
	var werr error
	for d := range done {
		pending[d.i] = d.r
		for r := pending[next]; r != nil && werr == nil; r = pending[next] {
			delete(pending, next)
			next++
			<-slots
			if err := g.add(r, sink, seenCycle); err != nil {
				werr = err
				cancel()
				break
			}
			ev.FilesDone++
			ev.BytesDone += r.doc.Size
			if progress != nil {
				progress(ev)
			}
		}
	}
	if werr != nil {
		return nil, werr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return g, nil
}

// add takes one document's result, in path order.
func (g *gathered) add(r *docResult, sink *partSink, seenCycle map[string]bool) error {
	d := r.doc
	g.res.Files++
	// Hits and misses count the files analysed (or failed): from the
	// cache, or tagged in this run. Skipped files (not transcripts, too
	// large) are never tagged, whether or not the cache knew them.
	if d.Status != transcript.StatusSkipped {
		if r.cached {
			g.res.CacheHits++
		} else if d.SHA256 != "" {
			g.res.CacheMisses++
		}
	}
	switch d.Status {
	case transcript.StatusOK:
		g.res.OK++
		if !seenCycle[d.Cycle] {
			seenCycle[d.Cycle] = true
			g.cycles = append(g.cycles, d.Cycle)
		}
		if err := sink.add(d.Cycle, r); err != nil {
			return err
		}
	case transcript.StatusSkipped:
		g.res.Skipped = append(g.res.Skipped, FileIssue{d.Path, d.Reason})
	case transcript.StatusFailed:
		g.res.Failed = append(g.res.Failed, FileIssue{d.Path, d.Reason})
	case transcript.StatusConfig:
		g.res.Config = append(g.res.Config, d.Path)
	}
	row := docRow(r)
	if d.Status == transcript.StatusOK {
		g.res.Turns += int(row.NTurns) // one row per turn, one per hit
		g.res.Hits += int(row.NHits)
	}
	g.res.Tokens += row.NTokens
	if r.counts != nil {
		g.counts.Merge(r.counts)
	}
	g.docs = append(g.docs, row)
	for _, n := range r.names {
		g.names[n] = true
	}
	if g.byCycle != nil {
		g.collect(r, len(g.docs)-1)
	}
	return nil
}

// process gives one file's result, from the cache when it holds one.
// sums are the textSums of the previous run's documents by cache key,
// when the masking is the same as then (see partSink.sums).
func (p *plan) process(f transcript.File, cache *docCache, sums map[string]string) *docResult {
	if cache == nil || f.Skip != "" || f.Config || f.Size > p.maxFileSize() {
		return p.tag(f)
	}
	if r := cache.load(f); r != nil {
		r.file = f
		if sum, ok := sums[r.cacheKey]; ok && r.doc.Status == transcript.StatusOK {
			r.textSum, r.needText = sum, true
			return r
		}
		if p.fillText(f, r) == nil {
			return r
		}
		// The file no longer reads as the entry says: tag it again.
	}
	r := p.tag(f)
	cache.store(f, r)
	return r
}

// lastCycle returns the last cycle, in the cycle order, that the files'
// folders, names or manifest rows give, or "". The files' front matter
// may give others, read only when the files are.
func (p *plan) lastCycle() string {
	last := ""
	for _, f := range p.files {
		if f.Config || f.Skip != "" {
			continue
		}
		c := f.Cycle
		if f.Manifest != nil && f.Manifest.Cycle != "" {
			c = f.Manifest.Cycle
		}
		if c != "" && (last == "" || p.ccfg.CycleLess(last, c)) {
			last = c
		}
	}
	return last
}

// maxFileSize is the size over which files are skipped, and not cached.
func (p *plan) maxFileSize() int64 {
	if p.cfg.MaxFileSize > 0 {
		return p.cfg.MaxFileSize
	}
	return transcript.DefaultMaxFileSize
}

// tag reads and tags one file.
func (p *plan) tag(f transcript.File) *docResult {
	r := p.processDoc(f, p.cfg.Text)
	r.names = nameKeys(p.key, r.doc)
	r.file = f
	if p.cfg.Text != TextNone && r.doc.Status == transcript.StatusOK {
		texts := make([]string, len(r.turns))
		for i, t := range r.turns {
			texts[i] = t.Text
		}
		r.textSum = textSum(texts)
	}
	return r
}

func cycleLabels(ccfg *transcript.Config, cycles []string) map[string]string {
	labels := map[string]string{}
	for _, c := range cycles {
		labels[c] = ccfg.CycleLabel(c)
	}
	return labels
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
	// masker masks names in turn text (--text masked); speakers are the
	// names it was built from. Both are set by loadMasker, before any
	// document is processed.
	masker      *names.Masker
	maskEntries []names.Entry
	speakers    []string
	// scope is the mask scope (MaskCorpus or MaskToDate); under to-date
	// loadMasker sets toDate instead of masker (see maskerOf).
	scope  string
	toDate *toDateMasks
	// key is the pseudonym key; tempKey is set when the corpus had none
	// and the session made a temporary one, kept in memory (see
	// newSession).
	key     []byte
	tempKey bool
}

// newSession loads the lexicons and the corpus configuration, and lists the
// corpus files. With createKey unset (the audit commands, which only
// read), a corpus without a pseudonym key gets a temporary key in memory
// instead of a new CORPUS/.drift/key, and tempKey is set.
func newSession(cfg Config, createKey bool) (*session, error) {
	lexFS := cfg.Lexicons
	if lexFS == nil {
		lexFS = lexicons.FS
	}
	set, err := lexicon.Load(lexFS)
	if err != nil {
		return nil, fmt.Errorf("%w: lexicons:\n%w", ErrInvalidInput, LexiconErrorsIn(err, cfg.LexiconsDir))
	}
	scope, err := checkMaskScope(cfg.MaskScope)
	if err != nil {
		return nil, err
	}
	ccfg, err := transcript.LoadConfig(cfg.Corpus)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidInput, err)
	}
	if err := ccfg.SetCycleFrom(cfg.CycleFrom); err != nil {
		return nil, fmt.Errorf("%w: --cycle-from %w", ErrInvalidInput, err)
	}
	if err := checkOutNotCorpus(cfg.Corpus, cfg.Out, cfg.Exclude); err != nil {
		return nil, err
	}
	files, err := transcript.Discover(cfg.Corpus, ccfg, append([]string{cfg.Out}, cfg.Exclude...)...)
	if err != nil {
		return nil, err
	}
	key, err := transcript.LoadKey(cfg.Corpus, cfg.KeyFile, createKey)
	tempKey := errors.Is(err, transcript.ErrNoKey)
	switch {
	case tempKey:
		key = transcript.NewKey()
	case err != nil:
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
		set: set, ccfg: ccfg, files: files, ps: ps, known: ccfg.KnownNames(), key: key, tempKey: tempKey, scope: scope,
		reader: &transcript.Reader{Config: ccfg, Pseudonyms: ps, MaxFileSize: cfg.MaxFileSize},
		engine: &match.Engine{M: lexicon.Compile(set), Opts: match.Options{
			Tagger: tagger, NegationWindow: cfg.NegationWindow, CountNegated: cfg.CountNegated}},
	}, nil
}

// checkOutNotCorpus refuses an output folder that would hide transcripts
// (ErrUsage): the corpus folder itself, where the run would mix its tables
// into the transcripts, or a folder inside the corpus that already holds
// files drift did not write there (a cycle folder, say). Discover leaves
// OUT out of the walk, so those files would silently not be read. An
// output folder inside the corpus is fine when it is new or holds only
// drift's outputs: the entries of table.Owned, hidden entries (.cache,
// staging folders) and the files in exclude (profiles).
func checkOutNotCorpus(corpus, out string, exclude []string) error {
	if out == "" {
		return nil
	}
	c, o := realAbs(corpus), realAbs(out)
	if c == "" || o == "" {
		return nil
	}
	if c == o {
		return &usageError{fmt.Sprintf("OUT %s is the corpus folder; write the outputs to another folder (a new subfolder such as %s is fine)",
			out, filepath.Join(corpus, "out"))}
	}
	if !strings.HasPrefix(o, c+string(filepath.Separator)) {
		return nil
	}
	if example := foreignFile(o, exclude); example != "" {
		return &usageError{fmt.Sprintf("OUT %s is inside the corpus and already holds files that are not drift outputs, such as %s; "+
			"drift leaves OUT out of the corpus walk, so they would not be read: "+
			"choose a new folder for OUT, or one outside the corpus", out, filepath.Join(out, example))}
	}
	return nil
}

// realAbs returns p absolute with symbolic links resolved where they
// exist, or "".
func realAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return ""
	}
	if r, err := filepath.EvalSymlinks(a); err == nil {
		return r
	}
	return a
}

// foreignFile returns the path, relative to out, of the first file in out
// that a drift run did not write, or "". Hidden entries, the top-level
// entries of table.Owned and the files in exclude are drift's.
func foreignFile(out string, exclude []string) string {
	skip := map[string]bool{}
	for _, e := range exclude {
		if e != "" {
			skip[realAbs(e)] = true
		}
	}
	owned := map[string]bool{}
	for _, n := range table.Owned {
		owned[n] = true
	}
	var found string
	_ = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == out {
			return nil
		}
		rel, _ := filepath.Rel(out, p)
		if strings.HasPrefix(d.Name(), ".") || owned[rel] || skip[realAbs(p)] {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		found = rel
		return fs.SkipAll
	})
	return found
}

// matchDoc reads f and calls fn with every turn and its matches, in order.
// Documents that were skipped or failed have no turns. With sp set, the
// sentences of each turn are segmented into sp's buffers and valid only
// during its call of fn (see match.Engine.MatchWith).
func (s *session) matchDoc(f transcript.File, sp *segment.Splitter, fn func(d *transcript.Document, t *transcript.Turn, mt match.Turn)) transcript.Document {
	d := s.reader.Read(f)
	if d.Status != transcript.StatusOK {
		return d
	}
	for i := range d.Turns {
		t := &d.Turns[i]
		fn(&d, t, s.engine.MatchWith(sp, t.Text, t.Role == transcript.RoleFacilitator))
	}
	return d
}

// splitters keeps the workers' sentence splitters between documents: a
// splitter per document allocated a token buffer for the longest turns of
// each (a State of the Union address is one turn), 21% of the bytes a
// run allocated.
var splitters = sync.Pool{New: func() any { return new(segment.Splitter) }}

func (s *session) processDoc(f transcript.File, textPolicy string) *docResult {
	e := s.engine
	res := &docResult{counts: aggregate.New(e.M)}
	var present func(string) bool
	var mask *names.Masker
	var edits []names.Edit // of the turn, reused from turn to turn
	// Nothing below keeps a turn's sentences: their buffers are reused,
	// from turn to turn and from document to document.
	sp := splitters.Get().(*segment.Splitter)
	defer func() { sp.Reset(); splitters.Put(sp) }()
	res.doc = s.matchDoc(f, sp, func(d *transcript.Document, t *transcript.Turn, mt match.Turn) {
		if present == nil {
			present, mask = speakersOf(d), s.maskerOf(d.Cycle)
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
		row.Text, edits = turnText(mask, textPolicy, t.Text, present, edits[:0])
		res.turns = append(res.turns, row)
		for _, h := range mt.Hits {
			l := e.M.Labels[h.Label]
			ts, te := textOffsets(textPolicy, edits, h.ByteStart, h.ByteEnd)
			res.matches = append(res.matches, table.Match{
				DocPath: d.Path, Turn: int32(t.Index), Sentence: int32(h.Sentence),
				TokenStart: int32(h.TokStart), TokenEnd: int32(h.TokEnd),
				ByteStart: int32(h.ByteStart), ByteEnd: int32(h.ByteEnd), TextStart: ts, TextEnd: te,
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

// LexiconErrorsIn returns err, from lexicon.Load of the folder dir, with
// the files its problems name given by their path in dir as given
// ("bad/framing.yaml:405:17"), as drift lexicon check names them. An
// empty dir (the embedded lexicons) leaves err as it is.
func LexiconErrorsIn(err error, dir string) error {
	if dir == "" {
		return err
	}
	var list lexicon.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			e.File = filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(e.File)))
		}
		return err
	}
	return fmt.Errorf("%s: %w", dir, err)
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
