package pipeline

import (
	"bytes"
	"testing"

	"github.com/drift-project/drift/pipeline/aggregate"
)

// TestWordBufsEmptyMap: a cycle whose word map is empty leaves
// wb.dst with length 0 (capacity > 0); a later swap moves it to wb.tmp,
// and the next sort with 0 < len(m) <= cap(wb.tmp) evaluates &wb.tmp[0]
// on a zero-length slice.
func TestWordBufsEmptyMap(t *testing.T) {
	var wb wordBufs
	two := map[string]int64{"a": 1, "b": 2} // one radix pass: result in tmp
	for i, m := range []map[string]int64{two, {}, two, two} {
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("call %d (len %d): panic: %v", i+1, len(m), p)
				}
			}()
			got := wb.sorted(m)
			if len(got) != len(m) {
				t.Fatalf("call %d: %d words, want %d", i+1, len(got), len(m))
			}
		}()
	}
}

// TestEntryBufsEmptyWords: the same through entryBufs.pack, as one
// worker's pooled buffers serve document after document in
// docCache.store. The third document has a participant who said only
// numbers ("1,200."), so its cycle's word map is empty.
func TestEntryBufsEmptyWords(t *testing.T) {
	doc := func(words map[string]int64) *docResult {
		r := &docResult{}
		r.doc.Path, r.doc.Cycle, r.doc.SHA256 = "a.txt", "2026-01", "x"
		r.counts = &aggregate.Counts{Words: map[string]map[string]int64{"2026-01": words}}
		return r
	}
	two := map[string]int64{"a": 1, "b": 2}
	var bb entryBufs
	for i, r := range []*docResult{doc(two), doc(map[string]int64{}), doc(two), doc(two)} {
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("document %d: pack panicked: %v", i+1, p)
				}
			}()
			e := entryOf(r)
			if got, want := bb.pack(r, nil), packEntry(&e); !bytes.Equal(got, want) {
				t.Fatalf("document %d: bytes differ", i+1)
			}
		}()
	}
}
