package pipeline

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/drift-project/drift/pipeline/table"
	"github.com/drift-project/drift/pipeline/transcript"
)

// reads counts the transcripts a run reads through the file index (see
// readHook), by kind ("sum", "names") and path.
type reads struct {
	mu sync.Mutex
	n  map[string][]string
}

// watchReads sets readHook, and moves indexClock an hour ahead so that
// the files the test just wrote are not racy, until the test ends.
func watchReads(t *testing.T, later time.Duration) *reads {
	t.Helper()
	r := &reads{n: map[string][]string{}}
	readHook = func(what, rel string) {
		r.mu.Lock()
		r.n[what] = append(r.n[what], rel)
		r.mu.Unlock()
	}
	indexClock = func() time.Time { return time.Now().Add(later) }
	t.Cleanup(func() { readHook, indexClock = nil, time.Now })
	return r
}

// take returns the paths read of each kind since the last call, sorted.
func (r *reads) take() (sums, names []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	sums, names = r.n["sum"], r.n["names"]
	sort.Strings(sums)
	sort.Strings(names)
	r.n = map[string][]string{}
	return sums, names
}

// TestFileIndexSparesReads checks that a rerun reads (hashes, or parses
// for names) no transcript whose stat is unchanged, and only the ones
// changed or added, and that its dataset equals a full run's.
func TestFileIndexSparesReads(t *testing.T) {
	rd := watchReads(t, time.Hour)
	corpus := makeCorpus(t, 1, "2026-01", "2026-02")
	out := filepath.Join(t.TempDir(), "out")
	run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	if sums, names := rd.take(); len(sums) != 4 || len(names) != 4 {
		t.Fatalf("first run: hashed %q, parsed %q; want all 4 files each", sums, names)
	}
	res := run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	if sums, names := rd.take(); len(sums)+len(names) != 0 || res.CacheHits != 4 {
		t.Errorf("rerun: hashed %q, parsed %q, %d hits; want nothing read, 4 hits", sums, names, res.CacheHits)
	}

	// A changed file and a new one are read; the others are not.
	changed := filepath.Join(corpus, "2026-01", "eastside-assembly.txt")
	b, err := os.ReadFile(changed)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(changed, append(b, "Ottoline Brask: The landlord wants the rent doubled.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	addCycles(t, corpus, 1, "2026-03")
	res = run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	sums, names := rd.take()
	want := []string{"2026-01/eastside-assembly.txt", "2026-03/eastside-assembly.txt", "2026-03/riverside-circle.md"}
	if !reflect.DeepEqual(sums, want) || !reflect.DeepEqual(names, want) || res.CacheMisses != 3 {
		t.Errorf("after a change: hashed %q, parsed %q, %d misses; want %q each, 3 misses", sums, names, res.CacheMisses, want)
	}
	full := filepath.Join(t.TempDir(), "full")
	run(t, Config{Corpus: corpus, Out: full, Workers: 2, NoCache: true})
	sameFiles(t, datasetFiles(t, full), datasetFiles(t, out), "full vs rerun with the index")
	rd.take()

	// Touched, not changed: hashed (the stat changed), but the names are
	// those of the cache entry, bound to the same content hash.
	now := time.Now()
	if err := os.Chtimes(changed, now, now); err != nil {
		t.Fatal(err)
	}
	res = run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	if sums, names := rd.take(); !reflect.DeepEqual(sums, want[:1]) || len(names) != 0 || res.CacheMisses != 0 {
		t.Errorf("after a touch: hashed %q, parsed %q, %d misses; want %q, none, 0", sums, names, res.CacheMisses, want[:1])
	}

	// --no-cache neither reads nor writes the index.
	idx := filepath.Join(out, ".cache", "run", indexFile)
	before, err := os.ReadFile(idx)
	if err != nil {
		t.Fatal(err)
	}
	run(t, Config{Corpus: corpus, Out: out, Workers: 2, NoCache: true})
	if sums, names := rd.take(); len(sums) != 0 || len(names) != 6 {
		t.Errorf("--no-cache: hashed %q, parsed %q; want none, and every file parsed as without an index", sums, names)
	}
	if after, _ := os.ReadFile(idx); !bytes.Equal(before, after) {
		t.Error("--no-cache rewrote the index")
	}
}

// TestFileIndexSameSizeAndTime checks that a file rewritten with other
// bytes of the same size, its modification time put back, is read again:
// its change time differs; and, when the change time cannot tell (a stat
// that hides it), because the entry was racy.
func TestFileIndexSameSizeAndTime(t *testing.T) {
	rewrite := func(t *testing.T, f string) {
		t.Helper()
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		i := bytes.Index(b, []byte("rent"))
		if i < 0 {
			t.Fatal("no 'rent' to change")
		}
		copy(b[i:], "wage")
		if err := os.WriteFile(f, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(f, st.ModTime(), st.ModTime()); err != nil {
			t.Fatal(err)
		}
		if st2, _ := os.Stat(f); st2.Size() != st.Size() || !st2.ModTime().Equal(st.ModTime()) {
			t.Fatal("size or time changed")
		}
	}
	check := func(t *testing.T, rd *reads, corpus, out string, want ...string) {
		t.Helper()
		res := run(t, Config{Corpus: corpus, Out: out, Workers: 2})
		if sums, _ := rd.take(); !reflect.DeepEqual(sums, want) || res.CacheMisses != 1 {
			t.Errorf("hashed %q, %d misses; want %q, 1", sums, res.CacheMisses, want)
		}
		full := filepath.Join(t.TempDir(), "full")
		run(t, Config{Corpus: corpus, Out: full, Workers: 2, NoCache: true})
		sameFiles(t, datasetFiles(t, full), datasetFiles(t, out), "full vs rerun")
	}
	const rel = "2026-01/eastside-assembly.txt"

	t.Run("ctime", func(t *testing.T) {
		rd := watchReads(t, time.Hour) // not racy
		corpus := makeCorpus(t, 1, "2026-01")
		out := filepath.Join(t.TempDir(), "out")
		run(t, Config{Corpus: corpus, Out: out, Workers: 2})
		time.Sleep(20 * time.Millisecond) // past a tick of the kernel's clock
		rewrite(t, filepath.Join(corpus, rel))
		rd.take()
		check(t, rd, corpus, out, rel)
	})
	// Both files of the cycle were written moments before the first run:
	// both are racy, and both are hashed.
	t.Run("racy", func(t *testing.T) {
		rd := watchReads(t, 0) // the files were written just now: racy
		statFile = func(p string) (fileStat, bool) {
			st, ok := statOf(p)
			st.ctime, st.ino = 0, 0 // as if the change time said nothing
			return st, ok
		}
		t.Cleanup(func() { statFile = statOf })
		corpus := makeCorpus(t, 1, "2026-01")
		out := filepath.Join(t.TempDir(), "out")
		run(t, Config{Corpus: corpus, Out: out, Workers: 2})
		rewrite(t, filepath.Join(corpus, rel))
		rd.take()
		check(t, rd, corpus, out, rel, "2026-01/riverside-circle.txt")
	})
}

func TestFileIndexTrusted(t *testing.T) {
	start := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC).UnixNano()
	old := start - int64(time.Hour)
	st := fileStat{size: 10, mtime: old, ctime: old, ino: 7, dev: 1}
	tests := []struct {
		name       string
		prev, cur  fileStat
		noPrevStat bool
		want       bool
	}{
		{"same, old", st, st, false, true},
		{"size", st, fileStat{11, old, old, 7, 1}, false, false},
		{"mtime", st, fileStat{10, old + 1, old, 7, 1}, false, false},
		{"ctime", st, fileStat{10, old, old + 1, 7, 1}, false, false},
		{"inode", st, fileStat{10, old, old, 8, 1}, false, false},
		{"device", st, fileStat{10, old, old, 7, 2}, false, false},
		{"mtime racy", fileStat{10, start - int64(racyMargin) + 1, old, 7, 1}, fileStat{10, start - int64(racyMargin) + 1, old, 7, 1}, false, false},
		{"ctime racy", fileStat{10, old, start - 1, 7, 1}, fileStat{10, old, start - 1, 7, 1}, false, false},
		{"mtime in the future", fileStat{10, start + 1, old, 7, 1}, fileStat{10, start + 1, old, 7, 1}, false, false},
		{"just old enough", fileStat{10, start - int64(racyMargin) - 1, old, 7, 1}, fileStat{10, start - int64(racyMargin) - 1, old, 7, 1}, false, true},
		{"no stat", st, st, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := &fileIndex{prevStart: start}
			p := &indexEntry{stat: tt.prev, hasStat: !tt.noPrevStat}
			e := &indexEntry{stat: tt.cur, hasStat: true}
			if got := ix.trusted(e, p); got != tt.want {
				t.Errorf("trusted = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestFileIndexMiss checks that an index sealed with another key, damaged,
// or of another format is a miss: every file is read as without one, and
// the dataset is the same.
func TestFileIndexMiss(t *testing.T) {
	rd := watchReads(t, time.Hour)
	corpus := makeCorpus(t, 1, "2026-01", "2026-02")
	out := filepath.Join(t.TempDir(), "out")
	run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	rd.take()
	full := filepath.Join(t.TempDir(), "full")
	run(t, Config{Corpus: corpus, Out: full, Workers: 2, NoCache: true})
	rd.take()
	idx := filepath.Join(out, ".cache", "run", indexFile)
	good, err := os.ReadFile(idx)
	if err != nil {
		t.Fatal(err)
	}
	p, err := prepare(Config{Corpus: corpus, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	c := openCache(out, Shard{}, p.settings, p.key)
	if ix := c.openIndex(p.maxFileSize()); len(ix.prev) != 4 {
		t.Fatalf("the index opens with %d entries, want 4", len(ix.prev))
	}
	if ix := openCache(out, Shard{}, p.settings, []byte("another key of at least sixteen bytes")).openIndex(p.maxFileSize()); len(ix.prev) != 0 {
		t.Errorf("the index opens with another key: %d entries", len(ix.prev))
	}
	if ix := openCache(out, Shard{Index: 0, Count: 1}, p.settings, p.key).openIndex(p.maxFileSize()); len(ix.prev) != 0 {
		t.Errorf("the index opens in another scope: %d entries", len(ix.prev))
	}

	otherFormat := c.seal.seal(bytes.Replace(encodeIndex(1, map[string]*indexEntry{"a": {sum: "x"}}), []byte(indexFormat), []byte("drift-index-0"), 1), "index\x00run")
	for name, b := range map[string][]byte{
		"garbage":      []byte("garbage"),
		"truncated":    good[:len(good)/2],
		"flipped":      append(append([]byte{}, good[:40]...), append([]byte{good[40] ^ 1}, good[41:]...)...),
		"other format": otherFormat,
	} {
		if err := os.WriteFile(idx, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if ix := openCache(out, Shard{}, p.settings, p.key).openIndex(p.maxFileSize()); len(ix.prev) != 0 {
			t.Errorf("%s: the index opens with %d entries", name, len(ix.prev))
		}
	}
	// A run with one of them in place reads every file, as without an index.
	res := run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	if sums, names := rd.take(); len(sums) != 4 || len(names) != 4 || res.CacheHits != 4 {
		t.Errorf("hashed %q, parsed %q, %d hits; want all 4 files each, 4 hits", sums, names, res.CacheHits)
	}
	sameFiles(t, datasetFiles(t, full), datasetFiles(t, out), "full vs rerun")
}

// TestMaskerFromIndex checks that the names the first pass takes from the
// file index give the masker parsing every file gives, after runs that
// added a speaker to an old file and a cycle, and in a shard, whose index
// holds the names of files it does not own.
func TestMaskerFromIndex(t *testing.T) {
	rd := watchReads(t, time.Hour)
	corpus, key := laterSpeakerCorpus(t, false)
	out := filepath.Join(t.TempDir(), "out")
	cfg := Config{Corpus: corpus, Out: out, KeyFile: key, Workers: 2}
	check := func(what string, sh Shard) {
		t.Helper()
		p, err := prepare(Config{Corpus: corpus, Out: out, KeyFile: key, Shard: sh})
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := p.corpusNames(context.Background(), p.files, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		rd.take()
		ix := openCache(out, sh, p.settings, p.key).openIndex(p.maxFileSize())
		indexed, err := p.corpusNames(context.Background(), p.files, 2, ix)
		if err != nil {
			t.Fatal(err)
		}
		if _, names := rd.take(); len(names) != 0 {
			t.Errorf("%s: the first pass parsed %q", what, names)
		}
		if !reflect.DeepEqual(indexed, parsed) {
			t.Errorf("%s: names from the index %q, from parsing %q", what, indexed, parsed)
		}
		_, a := buildMasker(parsed, p.ccfg, p.ps)
		_, b := buildMasker(indexed, p.ccfg, p.ps)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: the maskers differ", what)
		}
		if len(parsed) < 4 {
			t.Errorf("%s: only %q", what, parsed)
		}
	}
	run(t, cfg)
	check("first run", Shard{})
	addLaterCycle(t, corpus)
	f := filepath.Join(corpus, "2026-01", "riverside.txt")
	b, _ := os.ReadFile(f)
	if err := os.WriteFile(f, append(b, "Walt Imbery: I am here too.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, cfg)
	check("after a new speaker in an old file and a new cycle", Shard{})
	run(t, cfg)
	check("rerun", Shard{})
	sh := Shard{Index: 0, Count: 2}
	run(t, Config{Corpus: corpus, Out: out, KeyFile: key, Workers: 2, Shard: sh})
	check("shard", sh)
	rd.take()
	run(t, Config{Corpus: corpus, Out: out, KeyFile: key, Workers: 2, Shard: sh})
	if sums, names := rd.take(); len(sums)+len(names) != 0 {
		t.Errorf("shard rerun: hashed %q, parsed %q; want nothing", sums, names)
	}
}

func TestIndexRoundTrip(t *testing.T) {
	entries := map[string]*indexEntry{
		"2026-01/a.txt": {stat: fileStat{1, -2, 3, 1 << 63, 5}, hasStat: true, sum: strings.Repeat("ab", 32),
			namesBy: namesByKey, key: "k", names: []string{"Ana Ruiz", "naïve \x00"}, cycle: "2026-01", hasCycle: true},
		"2026-01/e.txt": {namesBy: namesByStat, key: "k3", names: []string{"Bo"}, hasCycle: true}, // the cycle ""
		"2026-01/b.txt": {sum: "s"},
		"2026-01/c.txt": {hasStat: true, namesBy: namesByStat, key: "k2"},
		"2026-01/d.txt": {hasStat: true}, // says nothing: left out
	}
	b := encodeIndex(42, entries)
	start, got, err := decodeIndex(b)
	if err != nil || start != 42 {
		t.Fatalf("decodeIndex: %d, %v", start, err)
	}
	delete(entries, "2026-01/d.txt")
	if len(got) != len(entries) {
		t.Fatalf("%d entries, want %d", len(got), len(entries))
	}
	for p, e := range entries {
		g := got[p]
		if g == nil || g.stat != e.stat || g.hasStat != e.hasStat || g.sum != e.sum || g.namesBy != e.namesBy || g.key != e.key ||
			!reflect.DeepEqual(g.names, e.names) || g.cycle != e.cycle || g.hasCycle != e.hasCycle {
			t.Errorf("%s: got %+v, want %+v", p, g, e)
		}
	}
	for n := 0; n < len(b); n++ {
		if _, _, err := decodeIndex(b[:n]); err == nil {
			t.Fatalf("decodeIndex of %d of %d bytes: no error", n, len(b))
		}
	}
}

func FuzzDecodeIndex(f *testing.F) {
	f.Add(encodeIndex(42, map[string]*indexEntry{
		"a": {stat: fileStat{1, 2, 3, 4, 5}, hasStat: true, sum: "s", namesBy: namesByKey, key: "k", names: []string{"x", "y"}},
		"b": {sum: "t", namesBy: namesByStat, key: "k"},
	}))
	f.Add(encodeIndex(0, nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		start, entries, err := decodeIndex(b)
		if err != nil {
			return
		}
		again := encodeIndex(start, entries)
		start2, entries2, err := decodeIndex(again)
		if err != nil || start2 != start || !bytes.Equal(encodeIndex(start2, entries2), again) {
			t.Fatalf("index does not round-trip: %v", err)
		}
	})
}

// TestPartsReusedByStat checks that a rerun does not hash the previous
// run's part files when their stat is the one recorded after its commit,
// and that a part file rewritten in place with the same size and its
// modification time put back is hashed, found changed and written again.
func TestPartsReusedByStat(t *testing.T) {
	rd := watchReads(t, time.Hour)
	corpus := makeCorpus(t, 1, "2026-01", "2026-02")
	out := filepath.Join(t.TempDir(), "out")
	run(t, Config{Corpus: corpus, Out: out, Workers: 2})
	rd.take()
	// The second rerun reuses part files the first reused (and linked
	// again): their change time moved in its commit.
	for i := 0; i < 2; i++ {
		if res := run(t, Config{Corpus: corpus, Out: out, Workers: 2}); res.PartsReused != 4 {
			t.Fatalf("rerun %d: %d parts reused, want 4", i+1, res.PartsReused)
		}
		rd.mu.Lock()
		if parts := rd.n["part"]; len(parts) != 0 {
			t.Errorf("rerun %d hashed the part files %q", i+1, parts)
		}
		rd.n = map[string][]string{}
		rd.mu.Unlock()
	}

	part := filepath.Join(out, table.TurnsDir, "cycle=2026-01", "part-00000.parquet")
	st, err := os.Stat(part)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(part)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 1
	time.Sleep(20 * time.Millisecond)
	if err := os.WriteFile(part, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(part, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	if res := run(t, Config{Corpus: corpus, Out: out, Workers: 2}); res.PartsReused != 2 {
		t.Errorf("after a part file changed: %d parts reused, want 2", res.PartsReused)
	}
	full := filepath.Join(t.TempDir(), "full")
	run(t, Config{Corpus: corpus, Out: full, Workers: 2, NoCache: true})
	sameFiles(t, datasetFiles(t, full), datasetFiles(t, out), "full vs rerun after a part file changed")
}

// TestPartUnchangedRacy checks the racy rule of part files: a stat equal
// to the recorded one is trusted only when its times are older than the
// stamp's.
func TestPartUnchangedRacy(t *testing.T) {
	rd := watchReads(t, 0)
	out := t.TempDir()
	p := filepath.Join(out, "part.parquet")
	if err := os.WriteFile(p, []byte("rows"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, ok := statOf(p)
	if !ok {
		t.Skip("no stat on this system")
	}
	rec := &partStat{Size: st.size, Mtime: st.mtime, Ctime: st.ctime, Ino: st.ino, Dev: st.dev}
	const sum = "no such sum" // a file that is hashed is found changed
	tests := []struct {
		name  string
		stamp int64
		want  bool
	}{
		{"older than the stamp", max(st.mtime, st.ctime) + 1, true},
		{"as old as the stamp", max(st.mtime, st.ctime), false},
		{"no stamp", 0, false},
	}
	for _, tt := range tests {
		s := &partSink{stage: &table.Stage{Out: out}, stamp: tt.stamp}
		if got := s.unchanged("part.parquet", sum, rec); got != tt.want {
			t.Errorf("%s: unchanged = %v, want %v", tt.name, got, tt.want)
		}
	}
	rd.take()
}

// TestIndexNamesOwnTheirMemory checks that the names the index keeps for
// the whole run share no memory with the text they were parsed or decoded
// from: a name that is a substring of a file's text (or of a cache entry)
// keeps that whole text alive, one per file, and a 1 GB run's live heap
// grew past the memory limit that way (peak RSS 680 MB instead of 230).
func TestIndexNamesOwnTheirMemory(t *testing.T) {
	text := strings.Repeat("x", 1<<16) + "Maria Lopez" + "Walt"
	a, b := text[1<<16:1<<16+11], text[1<<16+11:]
	lo := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	inText := func(s string) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		return p >= lo && p < lo+uintptr(len(text))
	}
	abs := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(abs, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := transcript.File{Rel: "2026-01/a.txt", Abs: abs, Size: 1}
	for _, tt := range []struct {
		name string
		add  func(ix *fileIndex)
	}{
		{"keyed", func(ix *fileIndex) { ix.keyed(f, "key", "sum", "c1", []string{a, b}) }},
		{"parsed", func(ix *fileIndex) { ix.parsed(f, "c1", []string{b, a, b}) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix := &fileIndex{cache: &docCache{}, maxSize: 1 << 20, cur: map[string]*indexEntry{}}
			tt.add(ix)
			e := ix.cur[f.Rel]
			if e == nil || !reflect.DeepEqual(e.names, []string{a, b}) {
				t.Fatalf("names = %v, want [%s %s]", e, a, b)
			}
			for _, n := range e.names {
				if inText(n) {
					t.Errorf("%q shares the memory of the text it came from", n)
				}
			}
		})
	}
}

// TestIndexUnreadFileNotTrusted checks that the first pass records no
// names for a file it could not read (its stat works, its read fails: a
// folder stands in for a file of a network share with a passing error),
// so that the next run parses it instead of trusting "no speakers", and
// that a file found changed under a trusted stat loses its stat.
func TestIndexUnreadFileNotTrusted(t *testing.T) {
	watchReads(t, time.Hour)
	corpus := makeCorpus(t, 1, "2026-01")
	p, err := prepare(Config{Corpus: corpus, Out: filepath.Join(t.TempDir(), "out")})
	if err != nil {
		t.Fatal(err)
	}
	ix := openCache(p.cfg.Out, Shard{}, p.settings, p.key).openIndex(p.maxFileSize())
	unreadable := transcript.File{Rel: "2026-01/gone.txt", Abs: t.TempDir(), Size: 10, Cycle: "2026-01"}
	if _, err := p.corpusNames(context.Background(), append(p.files, unreadable), 2, ix); err != nil {
		t.Fatal(err)
	}
	if e := ix.cur[unreadable.Rel]; e != nil && e.namesBy != namesNone {
		t.Errorf("names of a file that could not be read recorded: %+v", e)
	}
	known := 0
	for _, f := range p.files {
		if e := ix.cur[f.Rel]; e != nil && e.namesBy == namesByStat {
			known++
		}
	}
	if known == 0 {
		t.Fatal("no readable file's names recorded: the test shows nothing")
	}

	f := p.files[0]
	e := ix.entry(f)
	e.sum = "old"
	e.mu.Unlock()
	ix.keyed(f, "key", "new", "", nil)
	if e := ix.cur[f.Rel]; e.hasStat {
		t.Error("an entry whose content changed under its stat keeps the stat")
	}
}
