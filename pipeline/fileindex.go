package pipeline

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/drift-project/drift/pipeline/transcript"
)

// fileIndex spares a rerun from reading the transcripts it already knows,
// as git's index does: for each file it records what stat(2) said
// (size, modification and change times in nanoseconds, inode and device)
// and what the run learned of the file's content: its SHA-256 (and so its
// cache key), its speakers' names (the first pass, see corpusNames) and
// the cycle the document belongs to (which front matter can set, and
// which --mask-scope to-date needs of every file before tagging). A
// file whose stat is the same in the next run is not read again: neither
// hashed to find its cache entry nor parsed for its names.
//
// The stat of a file is taken before the run reads it, so what the index
// says of its content is never older than its stat. Racy timestamps are
// handled as git handles them: a file changed again within the same tick
// of the file system's clock, after drift read it, keeps its timestamps.
// So an entry whose modification or change time is not at least
// racyMargin older than the start of the run that wrote it is not
// trusted: the next run hashes the file (a change after the run started
// gets a later time, and so another stat). The change time catches a
// content change whose author put the old modification time back
// (touch -d). This assumes the clock of the file system holding the
// corpus is within racyMargin of this machine's (a network file system
// whose server clock is behind by more would defeat the racy check).
//
// Names are trusted in one of two ways (indexEntry.namesBy): names that
// the first pass parsed hold while the stat holds (byStat), and names
// read from a cache entry or from the tagged document hold for the
// content hash they were read with (byKey, bound to the cache key): a
// file that was touched but not changed is hashed, and keeps its names.
//
// The index is one file per cache scope (OUT/.cache/<scope>/files.sealed),
// sealed whole with the cache's key (seal.go): it holds paths and speakers'
// names, which a copy of OUT must not show without the key. An index that
// does not open (another key, damaged, another format) is a miss: every
// file is read as without an index. A sharded run keeps its own index in
// its scope, like its entries; its first pass reads the whole corpus, so
// its index holds the names of every file, and the sums of its share.
//
// Without stat (systems other than Linux), no entry is trusted by its
// stat: names bound to a cache key still spare the parse.
type fileIndex struct {
	cache   *docCache
	maxSize int64 // files over it are not cached (see plan.process)
	start   int64 // when this run started, in Unix nanoseconds
	// prevStart is when the run that wrote prev started.
	prevStart int64
	prev      map[string]*indexEntry // by corpus-relative path
	mu        sync.Mutex
	cur       map[string]*indexEntry // this run's, saved by save
}

// indexFile is the name of the index in a cache scope's folder.
const indexFile = "files.sealed"

// indexFormat is the first string of an index; another format is a miss.
const indexFormat = "drift-index-1"

// racyMargin is how much older than the start of the run that recorded it
// a file's modification and change times must be for its stat to be
// trusted: more than the granularity of the coarsest file system times
// (FAT's 2 s) and than the lag of the kernel's coarse clock.
const racyMargin = 2 * time.Second

// indexClock gives the start of a run; tests move it forward so that the
// files they just wrote are not racy.
var indexClock = time.Now

// statFile is statOf; tests replace it to make a changed file's stat look
// unchanged.
var statFile = statOf

// readHook, when set (by tests), is called with the path of every
// transcript a run hashes to find its cache entry ("sum"), parses for
// its names in the first pass ("names") or parses again for the text of a
// cached document ("text", see fillText), with the cache key of every
// cache entry it reads ("entry"), the cycle of every cycle record it
// reads ("cycle") and the path of every part file it hashes ("part").
var readHook func(what, rel string)

// fileStat is what the index compares of stat(2).
type fileStat struct {
	size, mtime, ctime int64
	ino, dev           uint64
}

// How an entry's names are trusted.
const (
	namesNone   = 0
	namesByStat = 1 // parsed by the first pass: while the stat holds; key is the file's statKey
	namesByKey  = 2 // from a cache entry or the tagged document: for the content of cache key key
	// namesCycle is set on namesBy in an encoded entry that records the
	// document's cycle after its names (indexes written before it was
	// added lack the cycle, and still decode).
	namesCycle = 0x80
)

type indexEntry struct {
	mu      sync.Mutex // held while the entry is filled
	stat    fileStat
	hasStat bool
	sum     string // hex SHA-256 of the content as of the stat, or ""
	namesBy byte
	key     string
	names   []string // sorted, distinct, no ""
	// cycle is the document's cycle, known with its names when hasCycle
	// is set (an index written before cycles were recorded has none).
	cycle    string
	hasCycle bool
}

// openIndex reads the index of c's scope. Any failure gives an empty one.
func (c *docCache) openIndex(maxSize int64) *fileIndex {
	ix := &fileIndex{cache: c, maxSize: maxSize, start: indexClock().UnixNano(), cur: map[string]*indexEntry{}}
	if b, err := os.ReadFile(filepath.Join(c.dir, indexFile)); err == nil {
		if plain, err := c.seal.open(b, ix.context()); err == nil {
			ix.prevStart, ix.prev, _ = decodeIndex(plain)
		}
	}
	if ix.prev == nil {
		ix.prev = map[string]*indexEntry{}
	}
	c.index = ix
	return ix
}

func (ix *fileIndex) context() string { return "index\x00" + ix.cache.scope }

// covers reports whether f is a file the cache knows (see plan.process).
func (ix *fileIndex) covers(f transcript.File) bool {
	return ix != nil && f.Skip == "" && !f.Config && f.Size <= ix.maxSize
}

// entry returns this run's entry of f, locked, taking the file's stat when
// the run first meets it. Call unlock on it when done.
func (ix *fileIndex) entry(f transcript.File) *indexEntry {
	ix.mu.Lock()
	e := ix.cur[f.Rel]
	if e == nil {
		e = &indexEntry{}
		e.stat, e.hasStat = statFile(f.Abs)
		ix.cur[f.Rel] = e
	}
	ix.mu.Unlock()
	e.mu.Lock()
	return e
}

// trusted reports whether p, the previous run's entry, describes the file
// whose stat is e's: the same stat, not racy.
func (ix *fileIndex) trusted(e, p *indexEntry) bool {
	if p == nil || !e.hasStat || !p.hasStat || e.stat != p.stat {
		return false
	}
	limit := ix.prevStart - int64(racyMargin)
	return p.stat.mtime < limit && p.stat.ctime < limit
}

// sum returns the hex SHA-256 of f: the previous run's when the stat is
// trusted, else read and hashed (once per run).
func (ix *fileIndex) sum(f transcript.File) (string, error) {
	e := ix.entry(f)
	defer e.mu.Unlock()
	return ix.sumOf(f, e)
}

func (ix *fileIndex) sumOf(f transcript.File, e *indexEntry) (string, error) {
	if e.sum != "" {
		return e.sum, nil
	}
	if p := ix.prev[f.Rel]; p != nil && p.sum != "" && ix.trusted(e, p) {
		e.sum = p.sum
		return e.sum, nil
	}
	if readHook != nil {
		readHook("sum", f.Rel)
	}
	sum, err := fileSum(f.Abs)
	if err != nil {
		return "", err
	}
	e.sum = sum
	return sum, nil
}

// statKey binds names trusted by stat to the settings and to what the
// listing says of the file (path, cycle, site), as a cache key does.
func (ix *fileIndex) statKey(f transcript.File) string { return ix.cache.key(f, "") }

// names returns the names the previous run recorded for f, sorted, when
// they still hold (see fileIndex); ok false when f must be parsed.
func (ix *fileIndex) names(f transcript.File) (names []string, ok bool) {
	_, names, ok = ix.lookup(f, false)
	return names, ok
}

// cycleNames is names with the document's cycle: ok false also when the
// index does not know the cycle.
func (ix *fileIndex) cycleNames(f transcript.File) (cycle string, names []string, ok bool) {
	return ix.lookup(f, true)
}

func (ix *fileIndex) lookup(f transcript.File, needCycle bool) (cycle string, names []string, ok bool) {
	if !ix.covers(f) {
		return "", nil, false
	}
	e := ix.entry(f)
	defer e.mu.Unlock()
	if e.namesBy != namesNone && (e.hasCycle || !needCycle) {
		return e.cycle, e.names, true
	}
	p := ix.prev[f.Rel]
	if p == nil || needCycle && !p.hasCycle {
		return "", nil, false
	}
	switch p.namesBy {
	case namesByStat:
		ok = ix.trusted(e, p) && p.key == ix.statKey(f)
	case namesByKey:
		// Worth a hash: the cache needs it anyway (see load).
		sum, err := ix.sumOf(f, e)
		ok = err == nil && p.key == ix.cache.key(f, sum)
	}
	if !ok {
		return "", nil, false
	}
	e.namesBy, e.key, e.names, e.cycle, e.hasCycle = p.namesBy, p.key, p.names, p.cycle, p.hasCycle
	return e.cycle, e.names, true
}

// parsed records the names the first pass parsed from f, turn by turn,
// and the document's cycle. They hold while the stat taken before the
// parse does.
func (ix *fileIndex) parsed(f transcript.File, cycle string, turnNames []string) {
	if !ix.covers(f) {
		return
	}
	e := ix.entry(f)
	defer e.mu.Unlock()
	if e.hasStat {
		e.namesBy, e.key, e.names = namesByStat, ix.statKey(f), ownNames(distinctNames(turnNames))
		e.cycle, e.hasCycle = strings.Clone(cycle), true
	}
}

// keyed records the names and the cycle of f's document, read (from the
// cache entry key, or tagged) from content whose SHA-256 is sum.
func (ix *fileIndex) keyed(f transcript.File, key, sum, cycle string, names []string) {
	e := ix.entry(f)
	defer e.mu.Unlock()
	e.namesBy, e.key, e.names = namesByKey, key, ownNames(names)
	e.cycle, e.hasCycle = strings.Clone(cycle), true
	if e.sum != "" && e.sum != sum {
		// The file changed under a stat the index trusted (see
		// plan.process): the stat says nothing of this content, so the
		// next run hashes the file.
		e.hasStat = false
	}
	if e.sum == "" {
		e.sum = sum
	}
}

// kept records that f's cache entry is still key, for a file whose
// entry a cycle record spared reading (see cycleRecords): the names the
// previous run bound to that key hold, if the first pass did not already
// take names for f.
func (ix *fileIndex) kept(f transcript.File, key string) {
	e := ix.entry(f)
	defer e.mu.Unlock()
	if p := ix.prev[f.Rel]; e.namesBy == namesNone && p != nil && p.namesBy == namesByKey && p.key == key {
		e.namesBy, e.key, e.names = namesByKey, key, p.names
	}
}

// distinctNames returns the names, sorted, without repeats or "".
func distinctNames(names []string) []string {
	var out []string
	for _, n := range names {
		if n != "" {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// ownNames returns a copy of names whose strings share no memory with
// the originals. The index keeps its entries' names for the whole run,
// and a name as parsed or decoded is a substring of the file's text or of
// the cache entry: keeping it would keep that whole text alive, one per
// file (a 1 GB run's live heap grew past the memory limit and its RSS to
// 680 MB before this).
func ownNames(names []string) []string {
	if len(names) == 0 {
		return nil
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.Clone(n)
	}
	return out
}

// docNames returns the names of a document's speakers as the first pass
// gives them (see transcript.Reader.Names): sorted, without repeats or "".
func docNames(d *transcript.Document) []string {
	names := make([]string, len(d.Turns))
	for i := range d.Turns {
		names[i] = d.Turns[i].Name
	}
	return distinctNames(names)
}

// save writes this run's index, sealed. Failing costs the next run only
// time.
func (ix *fileIndex) save() {
	if ix == nil {
		return
	}
	b := encodeIndex(ix.start, ix.cur)
	_ = writeFileNoSync(filepath.Join(ix.cache.dir, indexFile), ix.cache.seal.seal(b, ix.context()))
}

// encodeIndex writes the entries that say something, in path order:
//
//	str    indexFormat
//	long   start of the run (Unix ns)
//	uint   number of entries, then each:
//	str    path
//	bool   has stat; if so long size, mtime, ctime, uint ino, dev
//	str    sum
//	byte   namesBy, with namesCycle set when the cycle is known; unless
//	       namesNone, str key, uint count, str each name, then, with
//	       namesCycle, str cycle
func encodeIndex(start int64, entries map[string]*indexEntry) []byte {
	paths := make([]string, 0, len(entries))
	for p, e := range entries {
		if e.sum != "" || e.namesBy != namesNone {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	w := rowWriter{b: make([]byte, 0, 64+200*len(paths))}
	w.str(indexFormat)
	w.long(start)
	w.uint(uint64(len(paths)))
	for _, p := range paths {
		e := entries[p]
		w.str(p)
		w.bool(e.hasStat)
		if e.hasStat {
			w.long(e.stat.size)
			w.long(e.stat.mtime)
			w.long(e.stat.ctime)
			w.uint(e.stat.ino)
			w.uint(e.stat.dev)
		}
		w.str(e.sum)
		by := e.namesBy
		if by != namesNone && e.hasCycle {
			by |= namesCycle
		}
		w.b = append(w.b, by)
		if e.namesBy != namesNone {
			w.str(e.key)
			w.uint(uint64(len(e.names)))
			for _, n := range e.names {
				w.str(n)
			}
			if e.hasCycle {
				w.str(e.cycle)
			}
		}
	}
	return w.b
}

// decodeIndex decodes what encodeIndex wrote, or fails.
func decodeIndex(b []byte) (start int64, entries map[string]*indexEntry, err error) {
	r := rowReader{s: string(b)}
	if r.str() != indexFormat {
		return 0, nil, errCacheRows
	}
	start = r.long()
	n := r.count(4) // an entry takes at least 4 bytes
	entries = make(map[string]*indexEntry, n)
	for ; n > 0 && r.err == nil; n-- {
		p := r.str()
		e := &indexEntry{hasStat: r.bool()}
		if e.hasStat {
			e.stat = fileStat{size: r.long(), mtime: r.long(), ctime: r.long(), ino: r.uint(), dev: r.uint()}
		}
		e.sum = r.str()
		e.namesBy = r.byte()
		e.hasCycle = e.namesBy&namesCycle != 0
		e.namesBy &^= namesCycle
		switch e.namesBy {
		case namesNone:
		case namesByStat, namesByKey:
			e.key = r.str()
			if m := r.count(1); m > 0 {
				e.names = make([]string, m)
				for i := range e.names {
					e.names[i] = r.str()
				}
			}
			if e.hasCycle {
				e.cycle = r.str()
			}
		default:
			r.fail()
		}
		if e.hasCycle && e.namesBy == namesNone {
			r.fail()
		}
		if _, dup := entries[p]; dup {
			r.fail()
		}
		entries[p] = e
	}
	if r.err == nil && r.s != "" {
		r.fail()
	}
	if r.err != nil {
		return 0, nil, r.err
	}
	return start, entries, nil
}
