package pipeline

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/report"
	"github.com/drift-project/drift/pipeline/stats"
	"github.com/drift-project/drift/pipeline/table"
	"github.com/drift-project/drift/pipeline/transcript"
)

// docRow is the documents.parquet row of one file.
func docRow(r *docResult) table.Document {
	if r.row != nil {
		return *r.row
	}
	d := r.doc
	row := table.Document{
		Path: d.Path, Cycle: d.Cycle, Site: d.Site, Format: d.Format, Encoding: d.Encoding,
		Status: string(d.Status), Reason: d.Reason, SizeBytes: d.Size, NTurns: int64(len(d.Turns)),
		NSentences: r.sents, NTokens: r.tokens, NHits: r.hits, SHA256: d.SHA256,
	}
	for _, t := range d.Turns {
		row.NNoise += int64(t.Noise)
	}
	if d.Date != "" {
		if t, err := time.Parse("2006-01-02", d.Date); err == nil {
			days := int32(t.Unix() / 86400)
			row.Date = &days
		}
	}
	return row
}

func frameRows(c *aggregate.Counts, cycles []string) []table.Frame {
	var rows []table.Frame
	for _, cl := range c.Sorted(cycles) {
		for ci, cat := range c.Categories {
			rows = append(rows, table.Frame{
				Cycle: cl.Cycle, Site: cl.Site, Speaker: cl.Speaker, Role: cl.Role,
				Dimension: cat.Dimension, Category: cat.Name,
				Hits: cl.Hits[ci], HitsAll: cl.HitsAll[ci], NarrativeHits: cl.NarrativeHits[ci],
				Tokens: cl.Tokens, Turns: cl.Turns, Sentences: cl.Sentences, FramedSentence: cl.FramedSentences[ci],
			})
		}
	}
	return rows
}

// summary is everything the summary tables and the report are computed
// from: additive counts, one row per document, and the cycle order. A
// run builds it from the documents it tags; drift reduce builds it by
// merging the shards' partial counts. Both then call writeSummary, so a
// table added there is written by both, with the same bytes.
//
// A setting that changes a summary table must live here (like Seed) and
// be carried in the partial files (see partialFile), so reduce sees it.
type summary struct {
	Counts  *aggregate.Counts
	Docs    []table.Document // in path order
	Cycles  []string         // in order
	Labels  map[string]string
	Meta    table.Meta
	Seed    uint64
	Text    string            // text policy
	IsName  func(string) bool // words that are (parts of) speaker names, left out of keyness
	Workers int               // for the bootstrap; the results do not depend on it
	Report  ReportOptions     // how the report is rendered
	RunJSON func(cycles []string, labels map[string]string) runJSON
	// Memo, when not nil, holds the bootstrap results of the previous run
	// and gets this run's (see cache_boot.go); the results do not depend
	// on it. drift reduce has none.
	Memo stats.Memo
}

// writeSummary computes the statistics and writes every table that is not
// per document, run.json and the report. The stage must already hold
// turns/ and matches/: the report is rendered from the staged tables,
// exactly as 'drift report' renders it later.
func writeSummary(st *table.Stage, s summary) error {
	if !s.Report.NoQuotes && s.Report.Tagger != nil {
		// The report's quotes need the entity model: load it while the
		// statistics are computed.
		go s.Report.Tagger.PreloadPeople()
	}
	an := analyse(s.Counts, s.Cycles, s.IsName, s.Text, stats.Options{Seed: s.Seed, Workers: s.Workers, Memo: s.Memo})
	if err := writeDataset(st, s.Docs, s.Counts, s.Cycles, an, s.Meta); err != nil {
		return err
	}
	if err := writeRunJSON(st, s.RunJSON(s.Cycles, s.Labels)); err != nil {
		return err
	}
	return writeReport(st.Dir, st.Dir, s.Report)
}

// writeDataset writes documents.parquet and the tables computed from the
// counts. Turns and matches are written while documents stream in (see
// partSink).
func writeDataset(st *table.Stage, docs []table.Document, counts *aggregate.Counts, cycles []string, an analysis, meta table.Meta) error {
	if err := table.WriteFile(st.Path(table.DocumentsFile), docs, meta); err != nil {
		return err
	}
	if err := table.WriteFile(st.Path(table.FramesFile), frameRows(counts, cycles), meta); err != nil {
		return err
	}
	if err := table.WriteFile(st.Path(table.DriftFile), an.drift, meta); err != nil {
		return err
	}
	if err := table.WriteFile(st.Path(table.KeynessFile), an.keyness, meta); err != nil {
		return err
	}
	if err := table.WriteFile(st.Path(table.ParticipantsFile), an.participants, meta); err != nil {
		return err
	}
	if err := table.WriteFile(st.Path(table.ContinuityFile), an.continuity, meta); err != nil {
		return err
	}
	return table.WriteFile(st.Path(table.DiffusionFile), an.diffusion, meta)
}

// analysis holds the statistics tables computed from the counts.
type analysis struct {
	drift        []table.Drift
	keyness      []table.Keyness
	participants []table.Participant
	continuity   []table.Continuity
	diffusion    []table.Diffusion
}

// analyse computes every statistics table. Speaker names (isName: the
// lower-cased words of the names in the documents and the corpus
// configuration) are left out of the keyness word list, and with the text
// policy "none" the word list is left out altogether (lexicon entries
// stay). The drift statistics take their options from opt. Nothing
// depends on the number of workers or on the memo.
func analyse(counts *aggregate.Counts, cycles []string, isName func(string) bool, text string, opt stats.Options) analysis {
	exclude := isName
	if text == TextNone {
		exclude = func(string) bool { return true }
	}
	// The tables only read the counts. Drift's bootstrap keeps the workers
	// busy; the others, one goroutine, run beside it rather than after it
	// (they were 0.15-0.5 s of a run's serial end).
	var an analysis
	done := make(chan struct{})
	go func() {
		defer close(done)
		an.keyness = stats.Keyness(counts, cycles, stats.KeynessOptions{Exclude: exclude})
		an.participants = stats.Participants(counts, cycles)
		an.continuity = stats.Continuity(counts, cycles)
		an.diffusion = stats.Diffusion(counts, cycles)
	}()
	an.drift = stats.Drift(counts, cycles, opt)
	<-done
	return an
}

// nameWords returns the lower-cased words of a name, as keyness compares
// them with its words.
func nameWords(n string) []string {
	var out []string
	for _, f := range strings.Fields(strings.ToLower(n)) {
		out = append(out, strings.Trim(f, ".,'\"()"))
	}
	return out
}

// nameKey is a keyed hash of a name word: documents carry these instead of
// the names, in the cache and in partial files, so that keyness can leave
// names out without names being stored. Only a holder of the pseudonym
// key can test a word against them.
func nameKey(key []byte, word string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("drift name word\x00" + word))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// nameKeyer computes nameKeys with one HMAC, reset from word to word: a
// new HMAC per word set its key up again every time, and keyness tests
// every frequent word of the corpus (a third of keyness on the 200 MB
// bench). It is safe for concurrent use.
type nameKeyer struct {
	mu  sync.Mutex
	mac hash.Hash
	sum []byte
	hex [32]byte
}

func newNameKeyer(key []byte) *nameKeyer { return &nameKeyer{mac: hmac.New(sha256.New, key)} }

// in reports whether word's nameKey is in keys.
func (k *nameKeyer) in(keys map[string]bool, word string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.mac.Reset()
	io.WriteString(k.mac, "drift name word\x00")
	io.WriteString(k.mac, word)
	k.sum = k.mac.Sum(k.sum[:0])
	hex.Encode(k.hex[:], k.sum[:16])
	return keys[string(k.hex[:])]
}

// nameKeys returns the name keys of every speaker name in d, sorted. Each
// name and word is hashed once: a document has hundreds of turns and a
// few speakers.
func nameKeys(key []byte, d transcript.Document) []string {
	names, words := map[string]bool{}, map[string]bool{}
	for _, t := range d.Turns {
		if names[t.Name] {
			continue
		}
		names[t.Name] = true
		for _, w := range nameWords(t.Name) {
			words[w] = true
		}
	}
	out := make([]string, 0, len(words))
	for w := range words {
		out = append(out, nameKey(key, w))
	}
	sort.Strings(out)
	return out
}

// nameTest returns the isName function of a summary: a word is a name
// when it is a word of a name the corpus configuration knows, or its name
// key is among those of the documents.
func nameTest(key []byte, known []string, keys map[string]bool) func(string) bool {
	plain := map[string]bool{}
	for _, n := range known {
		for _, w := range nameWords(n) {
			plain[w] = true
		}
	}
	nk := newNameKeyer(key)
	is := func(w string) bool { return plain[w] || nk.in(keys, w) }
	return func(w string) bool {
		if is(w) {
			return true
		}
		stem := possessiveStem(w)
		return stem != "" && is(stem)
	}
}

// possessiveStem returns w without a possessive ending ('s, ’s, or a
// bare apostrophe), or "" when it has none: "farhiya's" is a name word
// when "farhiya" is.
func possessiveStem(w string) string {
	for _, suf := range []string{"'s", "’s", "'", "’"} {
		if len(w) > len(suf) && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return ""
}

type runJSON struct {
	Tool     string       `json:"tool"`
	Version  string       `json:"version"`
	Schema   string       `json:"schema_version"`
	Started  string       `json:"started"`
	Seconds  float64      `json:"seconds"`
	Config   runConfig    `json:"config"`
	Lexicons []runLexicon `json:"lexicons"`
	Inputs   []runInput   `json:"inputs"`
	// Cycles lists the cycles in order with their labels; the report
	// reads them from here.
	Cycles []report.Cycle `json:"cycles"`
	// PreviousLexicons are the lexicons of the run this one replaced
	// (null when there was none), so the report can say they changed.
	PreviousLexicons []report.Lexicon `json:"previous_lexicons"`
	Totals           runTotals        `json:"totals"`
	Cache            runCache         `json:"cache"`
	Shards           int              `json:"shards,omitempty"` // shards merged by drift reduce
	Issues           []FileIssue      `json:"issues"`
	// Notes are the run's warnings (Result.Warnings), as printed.
	Notes []string `json:"notes,omitempty"`
}

type runConfig struct {
	// Corpus is the corpus folder as an absolute path (symbolic links
	// kept), so that drift reduce and drift report find its key and
	// drift.yaml from any working folder. Shards and one run record the
	// same path.
	Corpus  string `json:"corpus"`
	Workers int    `json:"workers"`
	Text    string `json:"text"`
	// MaskScope is "to-date" under --mask-scope to-date, and left out
	// under the default, corpus (so that run.json is as it was).
	MaskScope string `json:"mask_scope,omitempty"`
	// CycleFrom is --cycle-from as given ("" when not given: drift.yaml's
	// cycle_from, else folder), so that drift report and drift reduce
	// read the corpus's speakers with the run's cycles.
	CycleFrom   string `json:"cycle_from,omitempty"`
	Seed        uint64 `json:"seed"`
	MaxFileSize int64  `json:"max_file_size"`
	Lexicons    string `json:"lexicons"` // "embedded", the --lexicons folder as given, or "custom" (an fs.FS of no folder)
	NoCache     bool   `json:"no_cache"`
	Shard       string `json:"shard,omitempty"` // i/N for a shard's partial
}

type runLexicon struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	File    string `json:"file"`
	Hash    string `json:"hash"`
}

type runInput struct {
	Path   string `json:"path"`
	Status string `json:"status"`
	SHA256 string `json:"sha256,omitempty"`
}

type runTotals struct {
	Files   int   `json:"files"`
	OK      int   `json:"ok"`
	Skipped int   `json:"skipped"`
	Failed  int   `json:"failed"`
	Config  int   `json:"config"` // drift.yaml and manifest.csv: read as configuration, counted in files
	Turns   int   `json:"turns"`
	Tokens  int64 `json:"tokens"`
	Hits    int   `json:"hits"`
}

// runCache says how many files came from OUT/.cache and how many were
// tagged in this run.
type runCache struct {
	Hits        int `json:"hits"`
	Misses      int `json:"misses"`
	PartsReused int `json:"parts_reused"` // part files of the previous run kept as they were
}

func (p *plan) runConfig() runConfig {
	c := runConfig{Corpus: absPath(p.cfg.Corpus), Workers: p.workers, Text: p.cfg.Text, Seed: p.cfg.Seed,
		MaxFileSize: p.cfg.MaxFileSize, Lexicons: "embedded", NoCache: p.cfg.NoCache, CycleFrom: p.cfg.CycleFrom}
	switch {
	case p.cfg.LexiconsDir != "":
		c.Lexicons = p.cfg.LexiconsDir // as given, like --lexicons
	case p.cfg.Lexicons != nil:
		c.Lexicons = "custom"
	}
	if p.cfg.Shard.Count > 0 {
		c.Shard = p.cfg.Shard.String()
	}
	if p.cfg.MaskScope == MaskToDate {
		c.MaskScope = MaskToDate
	}
	return c
}

// absPath returns p made absolute, or p when that fails.
func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

func (p *plan) lexicons() []runLexicon {
	var out []runLexicon
	for _, l := range p.set.Lexicons {
		out = append(out, runLexicon{l.Name, l.Version, l.File, l.Hash})
	}
	return out
}

func newRunJSON(cfg runConfig, lex []runLexicon, docs []table.Document, res Result, cycles []string, labels map[string]string, prevLex []report.Lexicon) runJSON {
	rj := runJSON{
		Tool: "drift", Version: Version, Schema: table.SchemaVersion,
		Started: time.Now().Add(-res.Duration).UTC().Format(time.RFC3339), Seconds: res.Duration.Seconds(),
		Config: cfg, Lexicons: lex, Shards: res.Shards,
		Totals: runTotals{Files: res.Files, OK: res.OK, Skipped: len(res.Skipped), Failed: len(res.Failed), Config: len(res.Config), Turns: res.Turns, Tokens: res.Tokens, Hits: res.Hits},
		Cache:  runCache{Hits: res.CacheHits, Misses: res.CacheMisses, PartsReused: res.PartsReused},
	}
	for _, d := range docs {
		rj.Inputs = append(rj.Inputs, runInput{d.Path, d.Status, d.SHA256})
	}
	for _, c := range cycles {
		rj.Cycles = append(rj.Cycles, report.Cycle{ID: c, Label: labels[c]})
	}
	rj.PreviousLexicons = prevLex
	rj.Notes = res.Warnings
	rj.Issues = append(append([]FileIssue{}, res.Failed...), res.Skipped...)
	sort.Slice(rj.Issues, func(i, j int) bool { return rj.Issues[i].Path < rj.Issues[j].Path })
	return rj
}

func writeRunJSON(st *table.Stage, rj runJSON) error {
	b, err := json.MarshalIndent(rj, "", "  ")
	if err != nil {
		return err
	}
	return table.WriteAtomic(st.Path(table.RunFile), append(b, '\n'))
}
