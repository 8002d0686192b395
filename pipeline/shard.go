package pipeline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/lexicon"
	"github.com/drift-project/drift/pipeline/table"
	"github.com/drift-project/drift/pipeline/transcript"
)

// Shard is one share of a corpus: shard Index of Count. A file belongs to
// the shard whose index is the first 8 bytes of the SHA-256 of its
// corpus-relative path ('/'-separated), read as a big-endian integer,
// modulo Count. The share depends only on the path, so it is the same on
// every machine and in every run, and adding files never moves others.
type Shard struct {
	Index, Count int
}

// ParseShard parses "i/N", with 0 <= i < N.
func ParseShard(s string) (Shard, error) {
	is, ns, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(is))
	n, err2 := strconv.Atoi(strings.TrimSpace(ns))
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("--shard %q: want i/N, such as 0/4", s)
	}
	sh := Shard{Index: i, Count: n}
	return sh, sh.check()
}

func (s Shard) check() error {
	if s.Count < 1 || s.Index < 0 || s.Index >= s.Count {
		return fmt.Errorf("--shard %d/%d: want i/N with N >= 1 and 0 <= i < N", s.Index, s.Count)
	}
	return nil
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

func (s Shard) fileTag() string { return fmt.Sprintf("%05d-of-%05d", s.Index, s.Count) }

// Owns reports whether the file at the corpus-relative path rel belongs to s.
func (s Shard) Owns(rel string) bool {
	h := sha256.Sum256([]byte(rel))
	return binary.BigEndian.Uint64(h[:8])%uint64(s.Count) == uint64(s.Index)
}

// Select returns the files s owns, in order.
func (s Shard) Select(files []transcript.File) []transcript.File {
	var out []transcript.File
	for _, f := range files {
		if s.Owns(f.Rel) {
			out = append(out, f)
		}
	}
	return out
}

// partialFormat names the encoding of partial files; it is bumped when
// partialFile changes incompatibly.
const partialFormat = "drift-partial/3"

// partialFile is what one shard leaves for drift reduce, at
// OUT/partial/shard-IIIII-of-NNNNN.gob, encoded with encoding/gob. Its
// fields are described in docs/scale.md.
type partialFile struct {
	Format   string
	Version  string // tool version; all shards must agree
	Settings string // settings hash (see settingsHash); all shards must agree
	Listing  string // corpus listing hash; all shards must agree
	Shard    Shard
	Config   runConfig // Config.Corpus is absolute (see runConfig)
	// CorpusArg is the corpus folder as given to the shard, for the
	// warnings, which name it as one run does.
	CorpusArg string
	Lexicons  []runLexicon
	Meta      table.Meta             // key-value metadata of the summary tables
	Cycles    []transcript.CycleSpec // cycle order and labels from the corpus configuration
	Seed      uint64
	Docs      []byte   // documents rows of the shard's files, as Parquet, in path order
	Parts     []string // part files the shard wrote, relative to OUT (in the shard's folder, see shardDir)
	Totals    runTotals
	Cache     runCache
	Dims      []lexicon.DimInfo
	Labels    []lexicon.Label
	// Counts are the shard's counts (Dims, Labels and Categories left
	// out: see above), gob-encoded and sealed with the pseudonym key
	// (seal.go): they hold word counts with names in them.
	Counts   []byte
	Names    []string // keyed hashes of speaker and known name words (see nameKey)
	KeyCheck string   // nameKey of a fixed string: reduce checks it has the same key
	NoQuotes bool     // report option
	Workers  int
	HasSites bool // drift.yaml names sites: reduce warns about files that match none
}

// keyCheckWord is hashed with the key into partialFile.KeyCheck.
const keyCheckWord = "\x00drift key check"

func partialName(sh Shard) string { return "shard-" + sh.fileTag() + ".gob" }

// shardDir is the folder, relative to OUT, where a shard writes its part
// files: partial/shard-IIIII-of-NNNNN/turns/cycle=C/part-IIIII.parquet.
// Reduce links them into turns/ and matches/, so the dataset readers see
// changes only when reduce commits.
func shardDir(sh Shard) string { return table.PartialDir + "/shard-" + sh.fileTag() }

var partialRE = regexp.MustCompile(`^shard-(\d+)-of-(\d+)\.gob$`)

func writePartial(st *table.Stage, p *plan, g *gathered, parts []string, res Result) error {
	docs, err := table.Encode(g.docs, p.meta)
	if err != nil {
		return err
	}
	cc := *g.counts
	cc.Dims, cc.Labels, cc.Categories = nil, nil, nil
	pf := partialFile{
		Format: partialFormat, Version: Version, Settings: p.settings, Listing: p.listing,
		Shard: p.cfg.Shard, Config: p.runConfig(), CorpusArg: p.cfg.Corpus, Lexicons: p.lexicons(), Meta: p.meta,
		Cycles: p.ccfg.Cycles, Seed: p.cfg.Seed, Docs: docs, Parts: parts,
		Totals: runTotals{Files: res.Files, OK: res.OK, Skipped: len(res.Skipped), Failed: len(res.Failed), Turns: res.Turns, Tokens: res.Tokens, Hits: res.Hits},
		Cache:  runCache{Hits: res.CacheHits, Misses: res.CacheMisses},
		Dims:   g.counts.Dims, Labels: g.counts.Labels,
		KeyCheck: nameKey(p.key, keyCheckWord), NoQuotes: p.cfg.NoQuotes, Workers: p.workers,
		HasSites: len(p.ccfg.Sites) > 0,
	}
	names := map[string]bool{}
	for n := range g.names {
		names[n] = true
	}
	for _, n := range p.known {
		for _, w := range nameWords(n) {
			names[nameKey(p.key, w)] = true
		}
	}
	for n := range names {
		pf.Names = append(pf.Names, n)
	}
	sort.Strings(pf.Names)
	var cb bytes.Buffer
	if err := gob.NewEncoder(&cb).Encode(&cc); err != nil {
		return fmt.Errorf("encoding partial counts: %w", err)
	}
	pf.Counts = newSealer(p.key).seal(cb.Bytes(), "partial\x00"+p.cfg.Shard.fileTag())
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&pf); err != nil {
		return fmt.Errorf("encoding partial counts: %w", err)
	}
	return table.WriteAtomic(st.Path(table.PartialDir+"/"+partialName(p.cfg.Shard)), buf.Bytes())
}

// commitShard moves a shard's files into place, then removes the part
// files its folder held from an earlier run, and the partial files and
// folders of runs with another shard count.
func commitShard(st *table.Stage, sh Shard, written []string) error {
	if err := st.CommitFiles(); err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, w := range written {
		keep[filepath.FromSlash(w)] = true
	}
	root := filepath.Join(st.Out, filepath.FromSlash(shardDir(sh)))
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if rel, _ := filepath.Rel(st.Out, p); !keep[rel] {
				os.Remove(p)
			}
		}
		return nil
	})
	entries, _ := os.ReadDir(filepath.Join(st.Out, table.PartialDir))
	for _, e := range entries {
		m := partialRE.FindStringSubmatch(e.Name())
		if m == nil {
			m = shardDirRE.FindStringSubmatch(e.Name())
		}
		if m != nil {
			if n, _ := strconv.Atoi(m[2]); n != sh.Count {
				os.RemoveAll(filepath.Join(st.Out, table.PartialDir, e.Name()))
			}
		}
	}
	return nil
}

var shardDirRE = regexp.MustCompile(`^shard-(\d+)-of-(\d+)$`)

// ReduceConfig is everything drift reduce needs.
type ReduceConfig struct {
	Out          string // the dataset folder the shards wrote to
	KeyFile      string // pseudonym key; "" means CORPUS/.drift/key of the shards' corpus
	Strict       bool   // as Config.Strict: ErrFilesFailed when files were skipped or failed, ErrNoTranscripts when none was analysed
	BeforeCommit func() // test hook, as in Config
}

// ErrIncomplete is matched by errors.Is when the partial files of a
// sharded run are missing or do not belong together.
var ErrIncomplete = errors.New("the shards' partial counts are incomplete or do not match")

// Reduce merges the partial counts the shards of a run left in
// OUT/partial and writes documents.parquet, the summary tables, the
// report and run.json, by the same code as Run. It commits like a run:
// the shards' part files are linked into the stage, so turns/ and matches/
// are swapped as a whole and parts no shard of this run wrote disappear. The result equals a run without shards:
// byte for byte for every table but turns and matches, which hold the same
// rows split into one part file per shard.
func Reduce(ctx context.Context, cfg ReduceConfig) (Result, error) {
	start := time.Now()
	var res Result
	dir := filepath.Join(cfg.Out, table.PartialDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return res, fmt.Errorf("%w: %s: %w (run the shards with --shard i/N first)", ErrIncomplete, dir, err)
	}
	count := -1
	have := map[int]string{}
	for _, e := range entries {
		m := partialRE.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		i, _ := strconv.Atoi(m[1])
		n, _ := strconv.Atoi(m[2])
		if count >= 0 && n != count {
			return res, fmt.Errorf("%w: %s holds partials of %d and of %d shards; remove the stale ones", ErrIncomplete, dir, count, n)
		}
		count = n
		have[i] = e.Name()
	}
	if count < 0 {
		return res, fmt.Errorf("%w: no shard-*.gob in %s (run the shards with --shard i/N first)", ErrIncomplete, dir)
	}
	var missing []string
	for i := 0; i < count; i++ {
		if have[i] == "" {
			missing = append(missing, fmt.Sprintf("%d/%d", i, count))
		}
	}
	if len(missing) > 0 {
		return res, fmt.Errorf("%w: no partial counts yet from shard %s", ErrIncomplete, strings.Join(missing, ", "))
	}
	pfs := make([]*partialFile, count)
	for i := range pfs {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if pfs[i], err = readPartial(filepath.Join(dir, have[i])); err != nil {
			return res, err
		}
	}
	if err := checkShardsMatch(dir, have, pfs); err != nil {
		return res, err
	}
	first := pfs[0]
	counts := aggregate.New(&lexicon.Matcher{Dimensions: first.Dims, Labels: first.Labels})
	names := map[string]bool{}
	var docs []table.Document
	parts := map[string]bool{}
	for i, pf := range pfs {
		d, err := table.Decode[table.Document](pf.Docs)
		if err != nil {
			return res, fmt.Errorf("%s: %w", have[i], err)
		}
		docs = append(docs, d...)
		for _, p := range pf.Parts {
			parts[p] = true
		}
		for _, n := range pf.Names {
			names[n] = true
		}
		res.Turns += pf.Totals.Turns
		res.Tokens += pf.Totals.Tokens
		res.Hits += pf.Totals.Hits
		res.CacheHits += pf.Cache.Hits
		res.CacheMisses += pf.Cache.Misses
	}
	// Keyness leaves speaker names out; the shards recorded them as keyed
	// hashes, so reduce needs the pseudonym key to test words against them.
	keyFile, where := cfg.KeyFile, "given by --key-file"
	if keyFile == "" {
		keyFile = transcript.KeyFile(first.Config.Corpus)
		where = "of their corpus " + first.Config.Corpus
	}
	key, err := os.ReadFile(keyFile)
	if err != nil {
		return res, fmt.Errorf("%w: reduce needs the pseudonym key the shards used, %s %s: %w (give --key-file, or rerun the shards if the corpus moved)",
			ErrInvalidInput, keyFile, where, errors.Unwrap(err))
	}
	key = bytes.TrimSpace(key)
	if nameKey(key, keyCheckWord) != first.KeyCheck {
		return res, fmt.Errorf("%w: %s is not the pseudonym key the shards used (give --key-file)", ErrInvalidInput, keyFile)
	}
	sl := newSealer(key)
	for i, pf := range pfs {
		plain, err := sl.open(pf.Counts, "partial\x00"+pf.Shard.fileTag())
		if err != nil {
			return res, fmt.Errorf("%w: %s: counts %w; rerun the shard", ErrIncomplete, have[i], err)
		}
		var c aggregate.Counts
		if err := gob.NewDecoder(bytes.NewReader(plain)).Decode(&c); err != nil {
			return res, fmt.Errorf("%w: %s: counts: %w; rerun the shard", ErrIncomplete, have[i], err)
		}
		counts.Merge(&c)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].Path < docs[j].Path })
	var ids []string
	seen := map[string]bool{}
	for _, d := range docs {
		res.Files++
		switch transcript.Status(d.Status) {
		case transcript.StatusOK:
			res.OK++
			if !seen[d.Cycle] {
				seen[d.Cycle] = true
				ids = append(ids, d.Cycle)
			}
		case transcript.StatusSkipped:
			res.Skipped = append(res.Skipped, FileIssue{d.Path, d.Reason})
		case transcript.StatusFailed:
			res.Failed = append(res.Failed, FileIssue{d.Path, d.Reason})
		case transcript.StatusConfig:
			res.Config = append(res.Config, d.Path)
		}
	}
	res.Shards = count
	res.Warnings = runWarnings(first.CorpusArg, first.HasSites, docs)
	ccfg := &transcript.Config{Cycles: first.Cycles}
	cycles := ccfg.CycleOrder(ids)
	stage, err := table.NewStage(cfg.Out)
	if err != nil {
		return res, err
	}
	// The part files are linked into the stage, so the commit swaps turns/
	// and matches/ as a whole, as after a single run: readers see all new
	// parts or all old ones, and parts no shard of this run wrote are gone.
	stage.Keep = []string{table.PartialDir}
	keys := make([]string, 0, len(parts))
	for p := range parts {
		keys = append(keys, p)
	}
	sort.Strings(keys)
	for _, p := range keys {
		// partial/shard-IIIII-of-NNNNN/turns/… goes to turns/…
		_, rel, _ := strings.Cut(strings.TrimPrefix(p, table.PartialDir+"/"), "/")
		src := filepath.Join(cfg.Out, filepath.FromSlash(p))
		if err := linkOrCopy(src, stage.Path(rel)); err != nil {
			stage.Abort()
			return res, fmt.Errorf("%w: %s, written by a shard, is missing or unreadable (%w); rerun that shard", ErrIncomplete, p, err)
		}
	}
	rc := first.Config
	rc.Shard, rc.Workers = "", 0
	prevLex := previousLexicons(cfg.Out)
	s := summary{Counts: counts, Docs: docs, Cycles: cycles, Labels: cycleLabels(ccfg, cycles), Meta: first.Meta,
		Seed: first.Seed, Text: first.Config.Text, Workers: first.Workers,
		IsName: nameTest(key, nil, names),
		Report: ReportOptions{NoQuotes: first.NoQuotes},
		RunJSON: func(cycles []string, labels map[string]string) runJSON {
			res.Duration = time.Since(start)
			return newRunJSON(rc, first.Lexicons, docs, res, cycles, labels, prevLex)
		}}
	if err := writeSummary(stage, s); err != nil {
		stage.Abort()
		return res, err
	}
	if cfg.BeforeCommit != nil {
		cfg.BeforeCommit()
	}
	if err := stage.Commit(); err != nil {
		return res, fmt.Errorf("moving the reduced dataset into %s: %w", cfg.Out, err)
	}
	if cfg.Strict && (len(res.Skipped) > 0 || len(res.Failed) > 0) {
		return res, ErrFilesFailed
	}
	if cfg.Strict && res.OK == 0 {
		return res, ErrNoTranscripts
	}
	return res, nil
}

// checkShardsMatch returns an ErrIncomplete error when the partials pfs
// (read from dir, names in have) were not all run with the same tool
// version, corpus listing, lexicons and settings. The shard whose partial
// was written last is taken as right: the error names every shard that
// differs from it, and what differs, so they can all be rerun at once.
func checkShardsMatch(dir string, have map[int]string, pfs []*partialFile) error {
	ref, newest := 0, time.Time{}
	for i := range pfs {
		if st, err := os.Stat(filepath.Join(dir, have[i])); err == nil && st.ModTime().After(newest) {
			ref, newest = i, st.ModTime()
		}
	}
	// Shards that differ in the same way are named together.
	var stale []string
	var reasons []string
	byReason := map[string][]string{}
	for _, pf := range pfs {
		w := partialDiff(pf, pfs[ref])
		if len(w) == 0 {
			continue
		}
		r := strings.Join(w, "; ")
		if byReason[r] == nil {
			reasons = append(reasons, r)
		}
		byReason[r] = append(byReason[r], pf.Shard.String())
		stale = append(stale, pf.Shard.String())
	}
	if len(stale) == 0 {
		return nil
	}
	var what []string
	for _, r := range reasons {
		if len(reasons) == 1 {
			what = append(what, r)
		} else {
			what = append(what, shardList(byReason[r])+": "+r)
		}
	}
	verb, them := "differs", "it"
	if len(stale) > 1 {
		verb, them = "differ", "them"
	}
	return fmt.Errorf("%w: %s %s from shard %s, the last one run: %s; rerun %s as shard %s was run (drift run CORPUS -o OUT --shard i/N)",
		ErrIncomplete, shardList(stale), verb, pfs[ref].Shard, strings.Join(what, "; "), them, pfs[ref].Shard)
}

// shardList names shards: "shard 1/3", "shards 1/3 and 2/3", "shards 0/4, 1/4 and 3/4".
func shardList(s []string) string {
	if len(s) == 1 {
		return "shard " + s[0]
	}
	return "shards " + strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// partialDiff says what differs in a from ref that stops them being
// merged; nil when nothing does.
func partialDiff(a, ref *partialFile) []string {
	var w []string
	if a.Version != ref.Version {
		w = append(w, fmt.Sprintf("tool version %s, not %s", a.Version, ref.Version))
	}
	if a.Listing != ref.Listing {
		w = append(w, "another corpus listing (files were added, removed or renamed since)")
	}
	if fmt.Sprint(a.Lexicons) != fmt.Sprint(ref.Lexicons) {
		w = append(w, "other lexicons")
	}
	if a.Seed != ref.Seed {
		w = append(w, fmt.Sprintf("--seed %d, not %d", a.Seed, ref.Seed))
	}
	if a.Config.Text != ref.Config.Text {
		w = append(w, fmt.Sprintf("--text %s, not %s", a.Config.Text, ref.Config.Text))
	}
	if a.Config.MaskScope != ref.Config.MaskScope {
		w = append(w, fmt.Sprintf("--mask-scope %s, not %s", scopeName(a.Config.MaskScope), scopeName(ref.Config.MaskScope)))
	}
	if a.Config.MaxFileSize != ref.Config.MaxFileSize {
		w = append(w, fmt.Sprintf("--max-file-size %d, not %d", a.Config.MaxFileSize, ref.Config.MaxFileSize))
	}
	if a.Settings != ref.Settings && len(w) == 0 {
		w = append(w, "other settings: drift.yaml, the pseudonym key, --cycle-from, matching options or the drift binary")
	}
	return w
}

// scopeName names a runConfig.MaskScope ("" is the default, corpus).
func scopeName(s string) string {
	if s == "" {
		return MaskCorpus
	}
	return s
}

func readPartial(path string) (*partialFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	// The format first (gob skips the other fields): a field of another
	// format may not decode into this one's type at all.
	var head struct{ Format string }
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&head); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrIncomplete, path, err)
	}
	if head.Format != partialFormat {
		return nil, fmt.Errorf("%w: %s: format %q, want %q; rerun the shard with this drift", ErrIncomplete, path, head.Format, partialFormat)
	}
	var pf partialFile
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&pf); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrIncomplete, path, err)
	}
	return &pf, nil
}
