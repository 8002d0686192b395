package pipeline

import (
	"crypto/sha256"
	"debug/elf"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/table"
	"github.com/drift-project/drift/pipeline/transcript"
	"github.com/klauspost/compress/s2"
)

// docCache stores each document's results under OUT/.cache, so a rerun
// tags only new or changed files.
//
// An entry's name is the SHA-256 of the run's settings hash (see
// settingsHash) and the file's path, cycle, site and content hash: a
// change to any of them misses. An entry holds the document's metadata
// (turn text removed; the speakers' names apart, once each, for the
// first pass), its turn and match rows (see encodeTurns), and its
// additive counts, in a binary form of drift's own
// (see encodeEntry), compressed with S2 (github.com/klauspost/compress/s2;
// on the bench corpus it compresses entries nine times as fast as zstd's
// fastest level, to files 38% larger), the meta and the rows apart (see
// packEntry), and sealed. Entries
// are written by a temporary file and a rename and are never fsynced: an
// entry that does not decode is a miss. A rerun finds the content hash of
// a file whose stat is unchanged in the file index (see fileIndex)
// instead of reading the file, and takes the entries of a cycle in which
// nothing changed from the cycle's record without reading them (see
// cycleRecord).
//
// The cache is safe for concurrent use by the workers of one run. Sharded
// runs each use their own folder, so shards may share OUT.
type docCache struct {
	dir      string // OUT/.cache/<scope>
	root     string // OUT/.cache
	scope    string
	settings string
	mu       sync.Mutex
	used     map[string]bool
	// usedCycles are the file names of the cycle records this run used
	// or wrote (see cycleRecord); prune removes the others.
	usedCycles map[string]bool
	seal       *sealer
	// index, when opened (openIndex), spares reading files whose stat is
	// unchanged; nil hashes every file.
	index *fileIndex
}

// cacheExt ends the name of a cache entry. Entries of the zstd format
// before it ended in ".zst"; prune removes them.
const cacheExt = ".s2"

// cacheFormat is bumped when the entry encoding changes.
const cacheFormat = "drift-cache-8"

// openCache opens the cache of a run in OUT. Its entries are sealed with
// keys derived from the pseudonym key (seal.go): they hold each
// document's word counts, names and all.
func openCache(out string, sh Shard, settings string, key []byte) *docCache {
	scope := "run"
	if sh.Count > 0 {
		scope = "shard-" + sh.fileTag()
	}
	root := filepath.Join(out, table.CacheDir)
	return &docCache{root: root, dir: filepath.Join(root, scope), scope: scope, settings: settings, used: map[string]bool{},
		usedCycles: map[string]bool{}, seal: newSealer(key)}
}

// cacheEntry is what an entry holds (see encodeEntry), after cacheFormat.
type cacheEntry struct {
	Doc     transcript.Document // turns without names or text
	Sents   int64
	Tokens  int64
	Hits    int64
	Counts  *aggregate.Counts // without the lexicon description (Dims, Labels, Categories)
	Turns   []byte            // encodeTurns
	Matches []byte            // encodeMatches
	Names   []string          // keyed hashes of the speaker name words (see nameKey)
	// Speakers are the names of the document's speakers (docNames): the
	// first pass takes them from here, through the file index, instead of
	// parsing the file again (see fileIndex).
	Speakers []string
}

func (c *docCache) key(f transcript.File, sum string) string {
	h := sha256.New()
	for _, s := range []string{cacheFormat, c.settings, f.Rel, f.Cycle, f.Site, sum} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (c *docCache) path(key string) string { return filepath.Join(c.dir, key[:2], key+cacheExt) }

func (c *docCache) use(key string) {
	c.mu.Lock()
	c.used[key] = true
	c.mu.Unlock()
}

// load returns the cached result of f, or nil. It reads and hashes the
// file, unless the file index knows its hash.
func (c *docCache) load(f transcript.File) *docResult {
	var sum string
	var err error
	if c.index != nil {
		sum, err = c.index.sum(f)
	} else {
		sum, err = fileSum(f.Abs)
	}
	if err != nil {
		return nil
	}
	key := c.key(f, sum)
	b, err := c.read(key)
	if err != nil {
		return nil
	}
	e, rows, err := unpackEntry(b)
	if err != nil {
		return nil
	}
	r := &docResult{doc: e.Doc, sents: e.Sents, tokens: e.Tokens, hits: e.Hits, counts: e.Counts, cached: true,
		cacheKey: key, rows: rows, names: e.Names}
	if r.counts == nil {
		r.counts = &aggregate.Counts{}
	}
	c.use(key)
	if c.index != nil {
		c.index.keyed(f, key, sum, e.Doc.Cycle, e.Speakers)
	}
	return r
}

// hashBufs holds the buffers fileSum reads through.
var hashBufs = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// fileSum returns the hex SHA-256 of the file at path, as
// transcript.Document.SHA256 holds it. It reads the file through a pooled
// buffer: reading it whole (os.ReadFile) allocated the corpus once more
// on every run with a cache.
func fileSum(path string) (string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	bp := hashBufs.Get().(*[]byte)
	defer hashBufs.Put(bp)
	h := sha256.New()
	for {
		n, err := fh.Read(*bp)
		h.Write((*bp)[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// read returns the opened bytes of the entry key: errSealed when it was
// sealed with another pseudonym key or is damaged.
func (c *docCache) read(key string) ([]byte, error) {
	b, err := os.ReadFile(c.path(key))
	if err != nil {
		return nil, err
	}
	if readHook != nil {
		readHook("entry", key)
	}
	return c.seal.open(b, "cache\x00"+key)
}

// reload reads the entry under key again, for a document whose rows were
// not decoded when it was loaded. Unlike load, failing is an error: the
// entry was there moments ago.
func (c *docCache) reload(key string) (*docResult, error) {
	b, err := c.read(key)
	if err != nil {
		return nil, fmt.Errorf("cache entry %s: %w", key, err)
	}
	e, rows, err := unpackEntry(b)
	if err != nil {
		return nil, fmt.Errorf("cache entry %s: %w", key, err)
	}
	return &docResult{doc: e.Doc, cached: true, cacheKey: key, rows: rows}, nil
}

// decodeRows decodes the rows of a result loaded from the cache; the rows
// are left compressed until a part file needs them.
func (r *docResult) decodeRows() error {
	if r.rows == nil {
		return nil
	}
	pqTurns, pqMatches, err := unpackRows(r.rows)
	if err != nil {
		return fmt.Errorf("cached rows of %s: %w", r.doc.Path, err)
	}
	if r.turns, err = decodeTurns(pqTurns); err != nil {
		return fmt.Errorf("cached rows of %s: %w", r.doc.Path, err)
	}
	if r.matches, err = decodeMatches(pqMatches); err != nil {
		return fmt.Errorf("cached rows of %s: %w", r.doc.Path, err)
	}
	r.rows = nil
	return nil
}

// store saves r, a result just computed for f. Failing to store is not an
// error: the next run tags the file again.
func (c *docCache) store(f transcript.File, r *docResult) {
	if r.doc.SHA256 == "" {
		return
	}
	key := c.key(f, r.doc.SHA256)
	speakers := docNames(&r.doc)
	if c.index != nil {
		c.index.keyed(f, key, r.doc.SHA256, r.doc.Cycle, speakers)
	}
	bb := entryBufPool.Get().(*entryBufs)
	defer entryBufPool.Put(bb)
	bb.sealed = c.seal.sealTo(bb.sealed[:0], bb.pack(r, speakers), "cache\x00"+key)
	if writeFileNoSync(c.path(key), bb.sealed) == nil {
		c.use(key)
		r.cacheKey = key
	}
}

// entryBufs are the buffers docCache.store encodes and seals an entry in,
// kept from entry to entry in entryBufPool. Fresh ones for each entry,
// with the copies of its rows entryOf makes, were 79 of the 800 MB a
// rerun of the 200 MB bench allocated, tagging one cycle: a collection or
// two of a heap that holds the tagger's model.
type entryBufs struct {
	meta, turns, rows, zmeta, zrows, packed, sealed []byte
	words                                           wordBufs
}

var entryBufPool = sync.Pool{New: func() any { return new(entryBufs) }}

// pack returns the bytes packEntry gives for entryOf(r), whose Speakers
// are speakers, without copying r's rows; they are in bb's buffers, valid
// until bb is used again.
func (bb *entryBufs) pack(r *docResult, speakers []string) []byte {
	e := cacheEntry{Doc: r.doc, Sents: r.sents, Tokens: r.tokens, Hits: r.hits, Counts: r.counts,
		Names: r.names, Speakers: speakers}
	bb.meta = appendMeta(bb.meta[:0], &e, true, &bb.words)
	bb.turns = appendTurns(bb.turns[:0], r.turns, true)
	bb.rows = binary.AppendUvarint(bb.rows[:0], uint64(len(bb.turns)))
	bb.rows = appendMatches(append(bb.rows, bb.turns...), r.matches, true)
	bb.zmeta = s2.Encode(bb.zmeta[:0], bb.meta)
	bb.zrows = s2.Encode(bb.zrows[:0], bb.rows)
	bb.packed = binary.AppendUvarint(bb.packed[:0], uint64(len(bb.zmeta)))
	bb.packed = append(append(bb.packed, bb.zmeta...), bb.zrows...)
	return bb.packed
}

// entryOf returns the cache entry of r: what r holds but turn text and
// text offsets, with the speakers' names apart from the turns.
func entryOf(r *docResult) cacheEntry {
	e := cacheEntry{Doc: r.doc, Sents: r.sents, Tokens: r.tokens, Hits: r.hits, Names: r.names, Speakers: docNames(&r.doc)}
	e.Doc.Turns = make([]transcript.Turn, len(r.doc.Turns))
	for i, t := range r.doc.Turns {
		t.Name, t.Text = "", "" // the names are in Speakers, once each
		e.Doc.Turns[i] = t
	}
	if r.counts != nil {
		cc := *r.counts
		cc.Dims, cc.Labels, cc.Categories = nil, nil, nil
		e.Counts = &cc
	}
	// Turn text is never stored: it is parsed again from the file and
	// masked with the names of the corpus as it is then (see fillText).
	turns := make([]table.Turn, len(r.turns))
	for i, t := range r.turns {
		t.Text = ""
		turns[i] = t
	}
	// Nor are the text offsets of the matches, which depend on the masking
	// as the text does (see setTextOffsets).
	matches := make([]table.Match, len(r.matches))
	for i, m := range r.matches {
		m.TextStart, m.TextEnd = 0, 0
		matches[i] = m
	}
	e.Turns, e.Matches = encodeTurns(turns), encodeMatches(matches)
	return e
}

// writeFileNoSync writes b to path by a temporary file and a rename,
// without fsync. The folder is made only when the temporary file cannot
// be created: it almost always exists, and a stat per file was one
// system call in five of storing an entry.
func writeFileNoSync(path string, b []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".tmp-*")
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(dir, 0o755); err == nil {
			f, err = os.CreateTemp(dir, ".tmp-*")
		}
	}
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// prune removes the entries and cycle records this run did not use. A run that is not a
// shard also removes the other scopes (those of earlier sharded runs); a
// shard removes the scopes of shards with another shard count.
func (c *docCache) prune() {
	_ = filepath.WalkDir(c.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		key, ok := strings.CutSuffix(d.Name(), cacheExt)
		if ok && !c.used[key] || strings.HasSuffix(d.Name(), ".zst") || c.pruneCycle(p) {
			os.Remove(p)
		}
		return nil
	})
	entries, _ := os.ReadDir(c.root)
	for _, e := range entries {
		n := e.Name()
		if n == c.scope {
			continue
		}
		if c.scope == "run" || (strings.HasPrefix(n, "shard-") && !strings.HasSuffix(n, c.scope[strings.LastIndex(c.scope, "-of-"):])) {
			os.RemoveAll(filepath.Join(c.root, n))
		}
	}
}

// exeHash fingerprints the drift executable, so that a rebuilt binary
// never reuses another build's cache: by the Go build ID its ELF note
// holds when the go command made it (hashes of everything the build read
// and wrote, which change whenever the code, the toolchain or the flags
// do), else by the SHA-256 of the whole file, which took 15-20 ms of CPU
// on every run.
var exeHash = sync.OnceValue(func() string {
	p, err := os.Executable()
	if err != nil {
		return ""
	}
	if id := goBuildID(p); id != "" {
		return "go-build-id:" + id
	}
	f, err := os.Open(p)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
})

// goBuildID returns the Go build ID of the ELF executable at path, as
// "go tool buildid" prints it, from its .note.go.buildid note; "" for
// another format, a note missing or malformed, or an ID not of the
// toolchain's making (see toolchainBuildID).
func goBuildID(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return ""
	}
	b, err := sec.Data()
	if err != nil {
		return ""
	}
	return buildIDNote(b, f.ByteOrder)
}

// buildIDNote returns the build ID in the bytes b of a .note.go.buildid
// section, or "". An ELF note is its name's size, its description's size
// and its type, then the name padded to four bytes and the description; the
// Go linker writes the name "Go\x00\x00" (size 4), type 4 and the ID.
func buildIDNote(b []byte, bo binary.ByteOrder) string {
	const descAt = 16 // 12 + the name padded to 4
	if len(b) < descAt {
		return ""
	}
	namesz, descsz, typ := bo.Uint32(b), bo.Uint32(b[4:]), bo.Uint32(b[8:])
	if namesz != 4 || typ != 4 || string(b[12:16]) != "Go\x00\x00" {
		return ""
	}
	if uint64(descsz) > uint64(len(b)-descAt) {
		return ""
	}
	id := string(b[descAt : descAt+int(descsz)])
	if !toolchainBuildID(id) {
		return ""
	}
	return id
}

// toolchainBuildID reports whether id has the form the go command gives a
// binary's build ID: hashes of the build's inputs and outputs, two or more
// parts of at least 20 characters of URL-safe base64, joined by '/'. An ID
// set by hand (-ldflags=-buildid=fixed) stays the same when the code
// changes, so it cannot fingerprint the executable, and is not taken.
func toolchainBuildID(id string) bool {
	parts := strings.Split(id, "/")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if len(p) < 20 {
			return false
		}
		for _, c := range []byte(p) {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// settingsHash hashes everything, besides a file's own path, cycle, site
// and bytes, that changes the rows drift writes for it: the tool version
// and executable, the schema, the lexicons, the text policy, the pseudonym
// key (by its hash; the key itself is never stored), the corpus
// configuration and the matching options. A setting added to the Reader
// or to match.Options must be visible here (an exported field) to be part
// of the cache key.
func settingsHash(p *plan, key []byte) string {
	keySum := sha256.Sum256(key)
	corpus, _ := json.Marshal(p.ccfg)
	opts, _ := json.Marshal(p.engine.Opts)
	s := struct {
		CycleFrom         string
		Tool, Exe, Schema string
		Lexicons          []runLexicon
		Text              string
		Key               string
		Corpus, Match     json.RawMessage
		MaxFileSize       int64
	}{p.cfg.CycleFrom, Version, exeHash(), table.SchemaVersion, p.lexicons(), p.cfg.Text, hex.EncodeToString(keySum[:]),
		corpus, opts, p.cfg.MaxFileSize}
	b, _ := json.Marshal(s)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// listingHash hashes the corpus listing (paths, sizes and reasons to skip),
// which every shard of a run must share.
func listingHash(files []transcript.File) string {
	h := sha256.New()
	for _, f := range files {
		h.Write([]byte(f.Rel))
		h.Write([]byte{0})
		h.Write([]byte(f.Skip))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}
