package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/transcript"
)

// TestCacheEntryFields fails when a field is added to (or changed in) a
// type a cache entry holds without cache_entry.go learning about it: the
// cache would drop the field, and a rerun would differ from a full run.
func TestCacheEntryFields(t *testing.T) {
	tests := []struct {
		typ  reflect.Type
		want string
	}{
		{reflect.TypeFor[cacheEntry](), "Doc transcript.Document, Sents int64, Tokens int64, Hits int64, Counts *aggregate.Counts, " +
			"Turns []uint8, Matches []uint8, Names []string, Speakers []string"},
		{reflect.TypeFor[transcript.Document](), "Path string, Cycle string, Site string, Date string, Format string, Encoding string, " +
			"Size int64, SHA256 string, Status transcript.Status, Reason string, Turns []transcript.Turn"},
		{reflect.TypeFor[transcript.Turn](), "Index int, Name string, Speaker string, Role transcript.Role, Text string, Line int, " +
			"Start float64, End float64, HasTime bool, Noise int, RawBytes int"},
		{reflect.TypeFor[aggregate.Counts](), "Dims []lexicon.DimInfo, Labels []lexicon.Label, Categories []aggregate.Category, " +
			"Cells map[aggregate.Key]*aggregate.Cell, Words map[string]map[string]int64, Entries map[aggregate.EntryKey]int64, catOf []int"},
		{reflect.TypeFor[aggregate.Cell](), "Key aggregate.Key, Tokens int64, Turns int64, Sentences int64, Hits []int64, " +
			"HitsAll []int64, NarrativeHits []int64, FramedSentences []int64"},
		{reflect.TypeFor[aggregate.Key](), "Cycle string, Site string, Speaker string, Role string"},
		{reflect.TypeFor[aggregate.EntryKey](), "Cycle string, Site string, Label int"},
	}
	for _, tt := range tests {
		var f []string
		for i := 0; i < tt.typ.NumField(); i++ {
			f = append(f, tt.typ.Field(i).Name+" "+tt.typ.Field(i).Type.String())
		}
		if got := strings.Join(f, ", "); got != tt.want {
			t.Errorf("%s has fields\n%s\ncache_entry.go encodes\n%s\nupdate encodeMeta and decodeMeta (and bump cacheFormat)", tt.typ, got, tt.want)
		}
	}
}

// viaGob is e as the gob cache (drift-cache-5) gave it back.
func viaGob(t *testing.T, e *cacheEntry) *cacheEntry {
	t.Helper()
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(e); err != nil {
		t.Fatal(err)
	}
	var g cacheEntry
	if err := gob.NewDecoder(&buf).Decode(&g); err != nil {
		t.Fatal(err)
	}
	return &g
}

// testEntry is an entry with every field set, empty slices and maps, and
// values at the ends of their ranges.
func testEntry() *cacheEntry {
	cell := func(k aggregate.Key, n int64) *aggregate.Cell {
		return &aggregate.Cell{Key: k, Tokens: n, Turns: 2, Sentences: -3, Hits: []int64{1, 0, n}, HitsAll: []int64{1 << 40, 0, 0},
			NarrativeHits: []int64{0, 0, 0}, FramedSentences: []int64{-1, 2, 3}}
	}
	k1 := aggregate.Key{Cycle: "2026-01", Site: "east", Speaker: "spk-a", Role: "participant"}
	k2 := aggregate.Key{Cycle: "2026-01", Site: "east", Speaker: "spk-b", Role: "facilitator"}
	return &cacheEntry{
		Doc: transcript.Document{Path: "2026-01/a.txt", Cycle: "2026-01", Site: "east", Date: "2026-01-05", Format: "txt",
			Encoding: "utf-8", Size: 1 << 33, SHA256: strings.Repeat("ab", 32), Status: transcript.StatusOK, Reason: "naïve \x00\xff",
			Turns: []transcript.Turn{
				{Index: 0, Speaker: "spk-a", Role: transcript.RoleParticipant, Line: 3, Noise: 2, RawBytes: 77},
				{Index: 1, Name: "kept if set", Speaker: "spk-b", Role: transcript.RoleFacilitator, Text: "t", Line: 1 << 40,
					Start: 1.5, End: -0.25, HasTime: true, Noise: -1, RawBytes: 0},
			}},
		Sents: 12, Tokens: -1 << 62, Hits: 3,
		Counts: &aggregate.Counts{
			Cells: map[aggregate.Key]*aggregate.Cell{k1: cell(k1, 5), k2: cell(k2, 9)},
			Words: map[string]map[string]int64{"2026-01": {"rent": 3, "the": 40, "évict": 1}, "2026-02": {"x": 1}},
			Entries: map[aggregate.EntryKey]int64{{Cycle: "2026-01", Site: "east", Label: 4}: 2,
				{Cycle: "2026-01", Site: "", Label: 0}: 1, {Cycle: "2026-01", Site: "east", Label: -1}: 7},
		},
		Turns: []byte{1, 2, 3}, Matches: []byte("matches"),
		Names: []string{"h1", "h2"}, Speakers: []string{"Ana Ruiz", "naïve \x00"},
	}
}

func TestCacheEntryRoundTrip(t *testing.T) {
	entries := map[string]*cacheEntry{
		"full":      testEntry(),
		"empty":     {},
		"no counts": {Doc: transcript.Document{Path: "x", Status: transcript.StatusFailed, Reason: "bad"}},
		"empty counts": {Doc: transcript.Document{Path: "x"},
			Counts: &aggregate.Counts{Cells: map[aggregate.Key]*aggregate.Cell{}, Words: map[string]map[string]int64{}}},
	}
	for name, e := range entries {
		b := encodeEntry(e)
		got, err := decodeEntry(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// What gob gave: the entry as it was, with empty slices and maps nil.
		if want := viaGob(t, e); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decoded\n%#v\n%#v\nthe gob cache gave\n%#v\n%#v", name, got, got.Counts, want, want.Counts)
		}
		if again := encodeEntry(got); !bytes.Equal(again, b) {
			t.Errorf("%s: the decoded entry encodes to other bytes", name)
		}
		// The file's form: the meta first, the rows when asked.
		packed := packEntry(e)
		meta, rows, err := unpackEntry(packed)
		if err != nil {
			t.Fatalf("%s: unpackEntry: %v", name, err)
		}
		if meta.Turns != nil || meta.Matches != nil {
			t.Errorf("%s: unpackEntry decoded the rows", name)
		}
		if meta.Turns, meta.Matches, err = unpackRows(rows); err != nil {
			t.Fatalf("%s: unpackRows: %v", name, err)
		}
		if !reflect.DeepEqual(meta, got) {
			t.Errorf("%s: unpacked\n%#v\ndecoded\n%#v", name, meta, got)
		}
		for n := 0; n < len(packed)-len(rows); n++ {
			if _, _, err := unpackEntry(packed[:n]); err == nil {
				t.Fatalf("%s: unpackEntry of %d of %d bytes: no error", name, n, len(packed))
			}
		}
		// A truncated or padded entry is an error, never a panic.
		for n := 0; n < len(b)-len(e.Matches); n++ {
			if _, err := decodeEntry(b[:n]); err == nil {
				t.Fatalf("%s: decodeEntry of %d of %d bytes: no error", name, n, len(b))
			}
		}
	}
	// The same content gives the same bytes, whatever the order of its maps.
	b := encodeEntry(testEntry())
	for i := 0; i < 20; i++ {
		if again := encodeEntry(testEntry()); !bytes.Equal(again, b) {
			t.Fatal("two encodings of the same entry differ")
		}
	}
	// An entry of another format is a miss.
	old := bytes.Replace(b, []byte(cacheFormat), []byte("drift-cache-0"), 1)
	if _, err := decodeEntry(old); err == nil {
		t.Error("an entry of another format decoded")
	}
}

// TestCacheEntryTagged round-trips the entries of tagged documents of the
// sample corpus and compares them with what the gob cache gave.
func TestCacheEntryTagged(t *testing.T) {
	p, err := prepare(Config{Corpus: makeCorpus(t, 1, "2026-01"), Out: t.TempDir(), Tagger: sharedTagger})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range p.files {
		r := p.tag(f)
		e := entryOf(r)
		got, err := decodeEntry(encodeEntry(&e))
		if err != nil {
			t.Fatalf("%s: %v", f.Rel, err)
		}
		if want := viaGob(t, &e); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decoded\n%#v\n%#v\nthe gob cache gave\n%#v\n%#v", f.Rel, got, got.Counts, want, want.Counts)
		}
	}
}

// TestEntryBufsPack checks that docCache.store's encoding in reused
// buffers gives the bytes of packEntry(entryOf(r)) for the tagged
// documents of the sample corpus, in whatever order the buffers served
// before, and leaves r's text and text offsets as they were.
func TestEntryBufsPack(t *testing.T) {
	p, err := prepare(Config{Corpus: makeCorpus(t, 2, "2026-01"), Out: t.TempDir(), Tagger: sharedTagger})
	if err != nil {
		t.Fatal(err)
	}
	var rs []*docResult
	for _, f := range p.files {
		rs = append(rs, p.tag(f))
	}
	var bb entryBufs
	for _, order := range [][]int{{0, 1, 2}, {2, 1, 0}} {
		for _, k := range order {
			for i := k; i < len(rs); i += 3 {
				r := rs[i]
				texts, offsets := textsOf(r), matchOffsets(r)
				e := entryOf(r)
				want := packEntry(&e)
				if got := bb.pack(r, docNames(&r.doc)); !bytes.Equal(got, want) {
					t.Fatalf("%s: pack gave %d bytes, packEntry(entryOf) %d, not the same", r.doc.Path, len(got), len(want))
				}
				if !reflect.DeepEqual(textsOf(r), texts) || !reflect.DeepEqual(matchOffsets(r), offsets) {
					t.Fatalf("%s: pack changed the result's text or text offsets", r.doc.Path)
				}
			}
		}
	}
}

func textsOf(r *docResult) []string {
	var out []string
	for _, t := range r.doc.Turns {
		out = append(out, t.Name, t.Text)
	}
	for _, t := range r.turns {
		out = append(out, t.Text)
	}
	return out
}

func matchOffsets(r *docResult) []int32 {
	var out []int32
	for _, m := range r.matches {
		out = append(out, m.TextStart, m.TextEnd)
	}
	return out
}

func FuzzDecodeEntry(f *testing.F) {
	fuzzRoundTrip(f, "entry", encodeEntry, decodeEntry, encodeEntry(testEntry()), encodeEntry(&cacheEntry{}))
}

func FuzzUnpackEntry(f *testing.F) {
	f.Add(packEntry(testEntry()))
	f.Add(packEntry(&cacheEntry{}))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, rows, err := unpackEntry(b)
		if err != nil {
			return
		}
		if e.Turns, e.Matches, err = unpackRows(rows); err != nil {
			return
		}
		again := packEntry(e)
		e2, rows2, err := unpackEntry(again)
		if err == nil {
			e2.Turns, e2.Matches, err = unpackRows(rows2)
		}
		if err != nil || !bytes.Equal(packEntry(e2), again) {
			t.Fatalf("entry does not round-trip: %v", err)
		}
	})
}

func TestFileSum(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 64 << 10, 64<<10 + 1, 200_001} {
		data := bytes.Repeat([]byte("rent\n"), n/5+1)[:n]
		p := filepath.Join(dir, "f")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if got, err := fileSum(p); err != nil || got != hex.EncodeToString(sum[:]) {
			t.Errorf("fileSum of %d bytes = %s, %v; want %x", n, got, err, sum)
		}
	}
	if _, err := fileSum(filepath.Join(dir, "missing")); err == nil {
		t.Error("fileSum of a missing file: no error")
	}
}
