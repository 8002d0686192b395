package pipeline

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/table"
	"github.com/klauspost/compress/s2"
)

// entryCycles returns the cycles of the entries read since the last call
// (readHook "entry"), sorted and without repeats, and forgets the other
// reads. The cache keys are those of the corpus's files as they are now.
func entryCycles(t *testing.T, rd *reads, cfg Config) []string {
	t.Helper()
	p, err := prepare(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c := openCache(cfg.Out, cfg.Shard, p.settings, p.key)
	cycleOf := map[string]string{}
	for _, f := range p.files {
		if sum, err := fileSum(f.Abs); err == nil {
			cycleOf[c.key(f, sum)] = f.Cycle
		}
	}
	rd.mu.Lock()
	defer rd.mu.Unlock()
	var out []string
	for _, k := range rd.n["entry"] {
		cy, ok := cycleOf[k]
		if !ok {
			cy = "(a key of no current file)"
		}
		out = append(out, cy)
	}
	rd.n = map[string][]string{}
	sort.Strings(out)
	return slices.Compact(out)
}

// TestCycleRecords checks that a rerun reads no cache entry of a cycle in
// which nothing changed (its record stands for them), that a changed,
// added or removed file, or a file moved to another cycle, makes its
// cycle's record a miss (that cycle's entries are read, one by one), and
// that the dataset equals a full run's byte for byte in every case. Two
// cases take away what the rows of a recorded cycle are reloaded from
// (its part file, then its entries too): the rows are read from the
// entries, or the files tagged again.
func TestCycleRecords(t *testing.T) {
	tests := []struct {
		name string
		// change changes the corpus (or OUT) after the first run, which
		// covered cycles 2026-01 to 2026-03.
		change func(t *testing.T, corpus, out string)
		// wantRead are the cycles whose entries the rerun reads.
		wantRead []string
		// wantRecords is the number of records after the rerun.
		wantRecords int
	}{
		{"nothing changed", func(t *testing.T, corpus, out string) {}, nil, 3},
		{"a cycle added", func(t *testing.T, corpus, out string) {
			addCycles(t, corpus, 1, "2026-04")
		}, nil, 4},
		{"a file changed", func(t *testing.T, corpus, out string) {
			appendTo(t, filepath.Join(corpus, "2026-02", "eastside-assembly.txt"), "Gary Pennock: One more word on the rent strike.\n")
		}, []string{"2026-02"}, 3},
		{"a file added", func(t *testing.T, corpus, out string) {
			copyFile(t, filepath.Join(corpus, "2026-02", "eastside-assembly.txt"), filepath.Join(corpus, "2026-02", "eastside-copy.txt"))
		}, []string{"2026-02"}, 3},
		{"a file removed", func(t *testing.T, corpus, out string) {
			remove(t, filepath.Join(corpus, "2026-02", "riverside-circle.txt"))
		}, []string{"2026-02"}, 3},
		{"a file moved to another cycle", func(t *testing.T, corpus, out string) {
			rename(t, filepath.Join(corpus, "2026-02", "riverside-circle.txt"), filepath.Join(corpus, "2026-03", "riverside-moved.txt"))
		}, []string{"2026-02", "2026-03"}, 3},
		{"a part file gone", func(t *testing.T, corpus, out string) {
			remove(t, filepath.Join(out, table.PartPath(table.TurnsDir, "2026-01", 0)))
		}, []string{"2026-01"}, 3},
		{"a part file and the entries gone", func(t *testing.T, corpus, out string) {
			remove(t, filepath.Join(out, table.PartPath(table.MatchesDir, "2026-01", 0)))
			dirs, _ := filepath.Glob(filepath.Join(out, table.CacheDir, "run", "??"))
			for _, d := range dirs {
				if err := os.RemoveAll(d); err != nil {
					t.Fatal(err)
				}
			}
		}, nil, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd := watchReads(t, time.Hour)
			corpus := makeCorpus(t, 1, "2026-01", "2026-02", "2026-03")
			out := filepath.Join(t.TempDir(), "out")
			cfg := Config{Corpus: corpus, Out: out, Workers: 2}
			run(t, cfg)
			if n := len(cycleRecordFiles(t, out)); n != 3 {
				t.Fatalf("first run wrote %d cycle records, want 3", n)
			}
			tt.change(t, corpus, out)
			entryCycles(t, rd, cfg)
			run(t, cfg)
			if got := entryCycles(t, rd, cfg); !slices.Equal(got, tt.wantRead) {
				t.Errorf("the rerun read the entries of cycles %q, want %q", got, tt.wantRead)
			}
			full := filepath.Join(t.TempDir(), "full")
			run(t, Config{Corpus: corpus, Out: full, Workers: 2, NoCache: true})
			sameFiles(t, datasetFiles(t, full), datasetFiles(t, out), "full vs rerun")
			if n := len(cycleRecordFiles(t, out)); n != tt.wantRecords {
				t.Errorf("%d cycle records after the rerun, want %d", n, tt.wantRecords)
			}
			// The records written or kept by the rerun hold for a third run.
			run(t, cfg)
			if got := entryCycles(t, rd, cfg); len(got) > 0 {
				t.Errorf("a third run read the entries of cycles %q, want none", got)
			}
			sameFiles(t, datasetFiles(t, full), datasetFiles(t, out), "full vs third run")
		})
	}
}

// TestCycleRecordsSettings checks that records are not used across
// settings (another text policy) and that a run with other settings
// prunes them, that a cycle whose text hashes the previous run does not
// know (another masking) is read entry by entry, and that under --text
// none, where no text hash is needed, records are used.
func TestCycleRecordsSettings(t *testing.T) {
	rd := watchReads(t, time.Hour)
	corpus := makeCorpus(t, 1, "2026-01", "2026-02")
	out := filepath.Join(t.TempDir(), "out")
	cfg := Config{Corpus: corpus, Out: out, Workers: 2}
	run(t, cfg)
	old := cycleRecordFiles(t, out)
	full := cfg
	full.Text = TextFull
	res := run(t, full)
	if res.CacheHits != 0 {
		t.Errorf("--text full reused %d files", res.CacheHits)
	}
	now := cycleRecordFiles(t, out)
	if len(now) != 2 || len(old) != 2 || now[0] == old[0] || now[0] == old[1] {
		t.Errorf("records %q after --text full, %q before: want two others", now, old)
	}
	// A new speaker in a new cycle changes the masking: the previous
	// run's text hashes do not hold, so every old document is read.
	run(t, cfg)
	entryCycles(t, rd, cfg)
	addCycles(t, corpus, 1, "2026-04")
	run(t, cfg)
	if got := entryCycles(t, rd, cfg); !slices.Equal(got, []string{"2026-01", "2026-02"}) {
		t.Errorf("after the masking changed the rerun read the entries of %q, want 2026-01 and 2026-02", got)
	}
	scratch := filepath.Join(t.TempDir(), "scratch")
	run(t, Config{Corpus: corpus, Out: scratch, Workers: 2, NoCache: true})
	sameFiles(t, datasetFiles(t, scratch), datasetFiles(t, out), "full vs rerun after the masking changed")

	// Under --text none no text hash is needed: after a cycle is added,
	// no old entry is read.
	none := cfg
	none.Text = TextNone
	run(t, none)
	addCycles(t, corpus, 2, "2026-03")
	entryCycles(t, rd, none)
	run(t, none)
	if got := entryCycles(t, rd, none); len(got) > 0 {
		t.Errorf("--text none: the rerun read the entries of %q, want none", got)
	}
	scratch = filepath.Join(t.TempDir(), "scratch-none")
	run(t, Config{Corpus: corpus, Out: scratch, Workers: 2, NoCache: true, Text: TextNone})
	sameFiles(t, datasetFiles(t, scratch), datasetFiles(t, out), "full vs rerun under --text none")
}

// TestCycleRecordsShards checks records in sharded runs: each shard keeps
// its own, a rerun of a shard after a cycle is added reads no entry of the
// old cycles, and reduce gives what one run gives.
func TestCycleRecordsShards(t *testing.T) {
	rd := watchReads(t, time.Hour)
	corpus := makeCorpus(t, 2, "2026-01", "2026-02", "2026-03")
	out := filepath.Join(t.TempDir(), "out")
	shards := func() {
		for i := 0; i < 2; i++ {
			run(t, Config{Corpus: corpus, Out: out, Workers: 2, Shard: Shard{i, 2}})
		}
		if _, err := Reduce(context.Background(), ReduceConfig{Out: out}); err != nil {
			t.Fatal(err)
		}
	}
	shards()
	addCycles(t, corpus, 2, "2026-04")
	entryCycles(t, rd, Config{Corpus: corpus, Out: out})
	shards()
	var read []string
	for i := 0; i < 2; i++ {
		read = append(read, entryCycles(t, rd, Config{Corpus: corpus, Out: out, Shard: Shard{i, 2}})...)
	}
	if len(read) > 0 {
		t.Errorf("the shards' rerun read entries of cycles %q, want none", read)
	}
	one := filepath.Join(t.TempDir(), "one")
	run(t, Config{Corpus: corpus, Out: one, Workers: 2, NoCache: true})
	sameFiles(t, summaryFiles(datasetFiles(t, one)), summaryFiles(datasetFiles(t, out)), "one run vs shards")
	if a, b := rowSet[table.Turn](t, one, table.TurnsDir), rowSet[table.Turn](t, out, table.TurnsDir); !reflect.DeepEqual(a, b) {
		t.Error("turns differ between one run and the shards")
	}
}

// TestCycleRecordMiss checks that a record that is not this cache's, for
// this cycle, in this format, is a miss (readCycle gives nil), never an
// error.
func TestCycleRecordMiss(t *testing.T) {
	dir := t.TempDir()
	key := []byte("a pseudonym key of some length")
	c := &docCache{dir: filepath.Join(dir, "run"), scope: "run", settings: "s", used: map[string]bool{}, usedCycles: map[string]bool{}, seal: newSealer(key)}
	rec := sampleRecord()
	c.writeCycle(rec)
	if got := c.readCycle(rec.Cycle); got == nil || !bytes.Equal(encodeCycle(got), encodeCycle(rec)) {
		t.Fatalf("readCycle after writeCycle: %+v", got)
	}
	path, ctx := c.cyclePath(rec.Cycle)
	good, plain := readSealed(t, c, path, ctx)
	tests := []struct {
		name  string
		cache *docCache
		cycle string
		bytes []byte
	}{
		{"another key", &docCache{dir: c.dir, scope: "run", settings: "s", seal: newSealer([]byte("another pseudonym key, as long"))}, rec.Cycle, good},
		{"another scope", &docCache{dir: c.dir, scope: "shard-00000-of-00002", settings: "s", seal: c.seal}, rec.Cycle, good},
		{"another cycle's place", c, "2026-05", good},
		{"garbage", c, rec.Cycle, []byte("garbage")},
		{"truncated", c, rec.Cycle, good[:len(good)-1]},
		{"a flipped bit", c, rec.Cycle, flipBit(good, len(good)/2)},
		{"another format", c, rec.Cycle, c.seal.seal(s2Encode(bytes.Replace(encodePlain(t, plain), []byte(cycleFormat), []byte("drift-cycle-0"), 1)), ctx)},
		{"not compressed", c, rec.Cycle, c.seal.seal(encodePlain(t, plain), ctx)},
		{"another cycle inside", c, rec.Cycle, c.seal.seal(s2Encode(encodeCycle(&cycleRecord{Cycle: "2026-05", Counts: &aggregate.Counts{}})), ctx)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := tt.cache.cyclePath(tt.cycle)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, tt.bytes, 0o644); err != nil {
				t.Fatal(err)
			}
			if got := tt.cache.readCycle(tt.cycle); got != nil {
				t.Errorf("readCycle gave a record: %+v", got)
			}
			os.Remove(p)
		})
	}
}

// TestCycleDocFields fails when a field is added to (or changed in)
// table.Document without writeDocRow and readDocRow learning about it: a
// rerun would then lose it for the documents of a recorded cycle.
func TestCycleDocFields(t *testing.T) {
	typ := reflect.TypeFor[table.Document]()
	var f []string
	for i := 0; i < typ.NumField(); i++ {
		f = append(f, typ.Field(i).Name+" "+typ.Field(i).Type.String())
	}
	want := "Path string, Cycle string, Site string, Date *int32, Format string, Encoding string, Status string, Reason string, " +
		"SizeBytes int64, NTurns int64, NSentences int64, NTokens int64, NNoise int64, NHits int64, SHA256 string"
	if got := strings.Join(f, ", "); got != want {
		t.Errorf("table.Document has fields\n%s\ncache_cycle.go encodes\n%s\nupdate writeDocRow and readDocRow (and cycleFormat)", got, want)
	}
	rec := sampleRecord()
	got, err := decodeCycle(encodeCycle(rec))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, rec) {
		t.Errorf("record does not round-trip:\n got %+v\nwant %+v", got, rec)
	}
	b := encodeCycle(rec)
	for n := 0; n < len(b); n++ {
		if _, err := decodeCycle(b[:n]); err == nil {
			t.Fatalf("decodeCycle of %d of %d bytes: no error", n, len(b))
		}
	}
}

func FuzzDecodeCycle(f *testing.F) {
	fuzzRoundTrip(f, "record", encodeCycle, decodeCycle, encodeCycle(sampleRecord()), encodeCycle(&cycleRecord{Counts: &aggregate.Counts{}}))
}

func sampleRecord() *cycleRecord {
	day := int32(20456)
	return &cycleRecord{
		Cycle: "2026-01",
		Keys:  []string{"k1", "k2"},
		Docs: []table.Document{
			{Path: "2026-01/a.txt", Cycle: "2026-01", Site: "east", Date: &day, Format: "text", Encoding: "utf-8", Status: "ok",
				SizeBytes: 10, NTurns: 2, NSentences: 3, NTokens: 40, NNoise: 1, NHits: 5, SHA256: "ab"},
			{Path: "2026-01/b.pdf", Cycle: "2026-01", Status: "failed", Reason: "unreadable", SHA256: "cd"},
		},
		Names: []string{"h1", "h2"},
		Counts: &aggregate.Counts{
			Cells: map[aggregate.Key]*aggregate.Cell{{Cycle: "2026-01", Speaker: "P1", Role: "participant"}: {
				Key: aggregate.Key{Cycle: "2026-01", Speaker: "P1", Role: "participant"}, Tokens: 4, Turns: 1, Sentences: 2,
				Hits: []int64{1, 0}, HitsAll: []int64{1, 1}, NarrativeHits: []int64{0, 0}, FramedSentences: []int64{1, 0}}},
			Words:   map[string]map[string]int64{"2026-01": {"rent": 2, "strike": 1}},
			Entries: map[aggregate.EntryKey]int64{{Cycle: "2026-01", Label: 3}: 1},
		},
	}
}

// cycleRecordFiles returns the names of the cycle records in out's cache.
func cycleRecordFiles(t *testing.T, out string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(out, table.CacheDir, "*", cycleDir, "*"+cycleExt))
	if err != nil {
		t.Fatal(err)
	}
	for i := range m {
		m[i] = filepath.Base(m[i])
	}
	sort.Strings(m)
	return m
}

func appendTo(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, path string) {
	t.Helper()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
}

func rename(t *testing.T, from, to string) {
	t.Helper()
	if err := os.Rename(from, to); err != nil {
		t.Fatal(err)
	}
}

func flipBit(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 1
	return c
}

// encodePlain returns the S2-decoded plaintext of a record.
func encodePlain(t *testing.T, plain []byte) []byte {
	t.Helper()
	b, err := s2Decode(plain)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func s2Encode(b []byte) []byte          { return s2.Encode(nil, b) }
func s2Decode(b []byte) ([]byte, error) { return s2.Decode(nil, b) }

// TestRecordSetForgets checks that a record set hands out each file's
// result once and its records once, and keeps neither after: what a
// rerun's unchanged cycles hold must be garbage before the new cycle is
// tagged (see recordSet).
func TestRecordSetForgets(t *testing.T) {
	var none *recordSet
	if none.stub(0) != nil || none.take() != nil {
		t.Fatal("a nil record set gave a result or records")
	}
	a, b := &docResult{cacheKey: "a"}, &docResult{cacheKey: "c"}
	rec := sampleRecord()
	rs := &recordSet{stubs: []*docResult{a, nil, b}, records: []*cycleRecord{rec}}
	for i, want := range []*docResult{a, nil, b, nil} {
		if got := rs.stub(i); got != want {
			t.Errorf("stub(%d) = %v, want %v", i, got, want)
		}
	}
	for i := range 3 {
		if got := rs.stub(i); got != nil {
			t.Errorf("stub(%d) asked again = %v, want nil", i, got)
		}
	}
	if slices.ContainsFunc(rs.stubs, func(r *docResult) bool { return r != nil }) {
		t.Error("the set still holds results it handed out")
	}
	if got := rs.take(); len(got) != 1 || got[0] != rec {
		t.Errorf("take() = %v, want the one record", got)
	}
	if got := rs.take(); got != nil || rs.records != nil {
		t.Errorf("take() again = %v (records %v), want nothing kept", got, rs.records)
	}
}
