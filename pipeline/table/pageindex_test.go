package table

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// encodePlain is Encode without shortIndexSchema: parquet-go's own column
// indexers.
func encodePlain[T any](t *testing.T, rows []T, meta Meta) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[T](&buf, writerOptions(meta)...)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestShortIndexSameBytes checks that cutting the page index values as
// pages are indexed gives the bytes of parquet-go's cut at the end, for
// every table with byte-array columns: values shorter, as long as and
// longer than the limit, and maxima whose cut prefix is all 0xff bytes or
// ends in them (which the increment carries over).
func TestShortIndexSameBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	text := func() string {
		switch rng.IntN(6) {
		case 0:
			return strings.Repeat("\xff", rng.IntN(40))
		case 1:
			return "abcdefghijklmno" + strings.Repeat("\xff", rng.IntN(20)) + "z"
		case 2:
			return strings.Repeat("é", rng.IntN(30))
		default:
			n := rng.IntN(3000)
			b := make([]byte, n)
			for i := range b {
				b[i] = byte(rng.IntN(256))
			}
			return string(b)
		}
	}
	meta := Meta{"schema_version": SchemaVersion}
	for round := range 20 {
		turns := make([]Turn, 200+rng.IntN(800))
		matches := make([]Match, len(turns))
		docs := make([]Document, 50)
		for i := range turns {
			turns[i] = Turn{DocPath: text(), Turn: int32(i), Speaker: text(), Role: "participant", Text: text()}
			matches[i] = Match{DocPath: text(), Surface: text(), Category: text()}
		}
		for i := range docs {
			docs[i] = Document{Path: text(), Cycle: text(), Reason: text()}
		}
		check := func(name string, got []byte, err error, want []byte) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("round %d, %s: %d bytes with the short index, %d without", round, name, len(got), len(want))
			}
		}
		got, err := Encode(turns, meta)
		check("turns", got, err, encodePlain(t, turns, meta))
		got, err = Encode(matches, meta)
		check("matches", got, err, encodePlain(t, matches, meta))
		got, err = Encode(docs, meta)
		check("documents", got, err, encodePlain(t, docs, meta))
	}
}

// TestShortIndexMemory checks that a part file's writer does not keep its
// pages' whole minimum and maximum values: after the first 40 turns (which
// set up the writer's buffers and compressor), 44 MB more of long turns, a
// few to a page, written as a row group, leave less than 8 MB more on the
// heap before the file is closed (about 80 MB with parquet-go's own
// indexer).
func TestShortIndexMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 48 MB")
	}
	w, err := NewPartWriter[Turn](filepath.Join(t.TempDir(), "part.parquet"), Meta{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	rng := rand.New(rand.NewPCG(3, 4))
	write := func(from, to int) {
		for i := from; i < to; i++ {
			b := make([]byte, 100_000)
			for j := range b {
				b[j] = 'a' + byte(rng.IntN(26))
			}
			if err := w.Write([]Turn{{DocPath: fmt.Sprintf("d%03d.txt", i), Text: string(b)}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	live := func() int64 {
		if err := w.Flush(); err != nil { // the row group's index is made
			t.Fatal(err)
		}
		var ms runtime.MemStats
		// Twice: the compressor's encoders (a few MB each, see zstdCodec)
		// wait in a sync.Pool, which only the second collection empties.
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return int64(ms.HeapAlloc)
	}
	write(0, 40)
	before := live()
	write(40, 480)
	if grew := live() - before; grew > 8<<20 {
		t.Errorf("the heap grew by %d MB while writing 44 MB of turns", grew>>20)
	}
}
