package pipeline

import (
	"encoding/binary"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/transcript"
	"github.com/klauspost/compress/s2"
)

// A cache entry (before S2) is written by hand, as the rows are (see
// cache_rows.go), instead of with encoding/gob: gob's reflection was a third
// of storing an entry, and its maps came out in random order. The layout:
//
//	uvarint  length of meta
//	meta     cacheFormat, the document, its turns, sents, tokens, hits,
//	         the counts, the name hashes, the speakers' names (see
//	         encodeMeta)
//	uvarint  length of the turn rows
//	bytes    the turn rows (encodeTurns)
//	bytes    the match rows (encodeMatches), to the end
//
// Maps are written in the order of their keys, so an entry's bytes depend
// only on its content. TestCacheEntryFields fails when a field is added to
// a type the entry holds and not here.

// encodeEntry returns the bytes of e.
func encodeEntry(e *cacheEntry) []byte {
	meta := encodeMeta(e)
	b := make([]byte, 0, len(meta)+len(e.Turns)+len(e.Matches)+2*binary.MaxVarintLen64)
	b = binary.AppendUvarint(b, uint64(len(meta)))
	b = append(b, meta...)
	return appendRows(b, e)
}

// appendRows appends the rows part of e's bytes: the length of the turn
// rows, the turn rows, the match rows.
func appendRows(b []byte, e *cacheEntry) []byte {
	b = binary.AppendUvarint(b, uint64(len(e.Turns)))
	b = append(b, e.Turns...)
	return append(b, e.Matches...)
}

// An entry's file holds the meta and the rows of encodeEntry compressed
// apart (then sealed whole, see docCache.store):
//
//	uvarint  length of S2(meta)
//	bytes    S2(meta)
//	bytes    S2(rows part), to the end
//
// so that loading an entry decompresses only its meta: the rows (83% of
// an entry's bytes on the bench corpus, 108 of 133 MB) are decompressed
// only when the document's part file is written, not when the previous
// run's part file is reused.

// packEntry returns the bytes of e's file, before sealing.
func packEntry(e *cacheEntry) []byte {
	meta := s2.Encode(nil, encodeMeta(e))
	rows := s2.Encode(nil, appendRows(make([]byte, 0, len(e.Turns)+len(e.Matches)+binary.MaxVarintLen64), e))
	b := make([]byte, 0, len(meta)+len(rows)+binary.MaxVarintLen64)
	b = binary.AppendUvarint(b, uint64(len(meta)))
	b = append(b, meta...)
	return append(b, rows...)
}

// unpackEntry decodes the meta of what packEntry wrote into an entry
// without rows, and returns the rows part still compressed, for
// unpackRows.
func unpackEntry(b []byte) (*cacheEntry, []byte, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return nil, nil, errCacheRows
	}
	meta, err := s2.Decode(nil, b[k:k+int(n)])
	if err != nil {
		return nil, nil, errCacheRows
	}
	e := &cacheEntry{}
	if err := decodeMeta(string(meta), e); err != nil {
		return nil, nil, err
	}
	return e, b[k+int(n):], nil
}

// unpackRows decompresses the rows part unpackEntry returned and splits
// it into the turn and match rows, as decodeEntry does.
func unpackRows(rows []byte) (turns, matches []byte, err error) {
	b, err := s2.Decode(nil, rows)
	if err != nil {
		return nil, nil, errCacheRows
	}
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return nil, nil, errCacheRows
	}
	return nonEmpty(b[k : k+int(n) : k+int(n)]), nonEmpty(b[k+int(n):]), nil
}

// decodeEntry decodes what encodeEntry wrote. The rows stay in b (e.Turns
// and e.Matches are slices of it); the strings that outlive the entry (the
// document's, the counts' keys, the names) are copies, so that they do not
// keep the entry in memory. It fails on an entry of another format.
func decodeEntry(b []byte) (*cacheEntry, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return nil, errCacheRows
	}
	meta, b := b[k:k+int(n)], b[k+int(n):]
	n, k = binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return nil, errCacheRows
	}
	e := &cacheEntry{Turns: nonEmpty(b[k : k+int(n) : k+int(n)]), Matches: nonEmpty(b[k+int(n):])}
	if err := decodeMeta(string(meta), e); err != nil {
		return nil, err
	}
	return e, nil
}

// nonEmpty returns b, or nil when b is empty, as gob gave it.
func nonEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}

func (w *rowWriter) long(v int64) { w.b = binary.AppendVarint(w.b, v) }
func (w *rowWriter) bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}
func (w *rowWriter) longs(v []int64) {
	w.uint(uint64(len(v)))
	for _, x := range v {
		w.long(x)
	}
}

// mapLen writes the length of a map, telling a nil map from an empty one
// (gob kept an empty map, and left out a nil one).
func (w *rowWriter) mapLen(isNil bool, n int) {
	if isNil {
		w.uint(0)
		return
	}
	w.uint(uint64(n) + 1)
}

// mapLen reads what rowWriter.mapLen wrote: the length, and false for a
// nil map. Every element takes at least min bytes.
func (r *rowReader) mapLen(min int) (int, bool) {
	n := r.uint()
	if n == 0 {
		return 0, false
	}
	if n-1 > uint64(len(r.s)/min) {
		r.fail()
		return 0, false
	}
	return int(n - 1), true
}

// long reads a zig-zag varint of 64 bits.
func (r *rowReader) long() int64 {
	ux := r.uint()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

func (r *rowReader) bool() bool {
	switch r.byte() {
	case 0:
		return false
	case 1:
		return true
	}
	r.fail()
	return false
}

// longs reads a slice written by rowWriter.longs; nil when empty, as gob
// gave.
func (r *rowReader) longs() []int64 {
	n := r.count(1)
	if n == 0 {
		return nil
	}
	v := make([]int64, n)
	for i := range v {
		v[i] = r.long()
	}
	return v
}

// strCopy reads a string and copies it out of the entry, once per entry
// for a string that repeats (a site, a speaker's pseudonym).
func (r *rowReader) strCopy(seen map[string]string) string {
	s := r.str()
	if c, ok := seen[s]; ok {
		return c
	}
	c := strings.Clone(s)
	seen[s] = c
	return c
}

func encodeMeta(e *cacheEntry) []byte {
	return appendMeta(make([]byte, 0, 4096), e, false, &wordBufs{})
}

// appendMeta appends the meta of e to b; with noText, as if the name and
// text of each of e.Doc's turns were "" (see entryOf), without a copy of
// the turns. The words of the counts are sorted in wb's buffers.
func appendMeta(b []byte, e *cacheEntry, noText bool, wb *wordBufs) []byte {
	w := rowWriter{b: b}
	w.str(cacheFormat)
	d := &e.Doc
	for _, s := range []string{d.Path, d.Cycle, d.Site, d.Date, d.Format, d.Encoding} {
		w.str(s)
	}
	w.long(d.Size)
	w.str(d.SHA256)
	w.str(string(d.Status))
	w.str(d.Reason)
	w.uint(uint64(len(d.Turns)))
	for i := range d.Turns {
		t := &d.Turns[i]
		w.long(int64(t.Index))
		name, text := t.Name, t.Text
		if noText {
			name, text = "", ""
		}
		w.str(name)
		w.str(t.Speaker)
		w.str(string(t.Role))
		w.str(text)
		w.long(int64(t.Line))
		w.float(t.Start)
		w.float(t.End)
		w.bool(t.HasTime)
		w.long(int64(t.Noise))
		w.long(int64(t.RawBytes))
	}
	w.long(e.Sents)
	w.long(e.Tokens)
	w.long(e.Hits)
	w.bool(e.Counts != nil)
	if e.Counts != nil {
		writeCounts(&w, e.Counts, wb)
	}
	w.uint(uint64(len(e.Names)))
	for _, n := range e.Names {
		w.str(n)
	}
	w.uint(uint64(len(e.Speakers)))
	for _, n := range e.Speakers {
		w.str(n)
	}
	return w.b
}

// writeCounts writes c, but for its lexicon description (Dims, Labels
// and Categories), which are never stored: the cache key covers the
// lexicons. Maps are written in the order of their keys.
func writeCounts(w *rowWriter, c *aggregate.Counts, wb *wordBufs) {
	keys := make([]aggregate.Key, 0, len(c.Cells))
	for k := range c.Cells {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].Less(keys[j]) })
	w.mapLen(c.Cells == nil, len(keys))
	for _, k := range keys {
		cl := c.Cells[k]
		w.bool(cl != nil)
		if cl == nil {
			continue
		}
		writeKey(w, k)
		writeKey(w, cl.Key)
		w.long(cl.Tokens)
		w.long(cl.Turns)
		w.long(cl.Sentences)
		w.longs(cl.Hits)
		w.longs(cl.HitsAll)
		w.longs(cl.NarrativeHits)
		w.longs(cl.FramedSentences)
	}
	cycles := make([]string, 0, len(c.Words))
	for cy := range c.Words {
		cycles = append(cycles, cy)
	}
	sort.Strings(cycles)
	w.mapLen(c.Words == nil, len(cycles))
	for _, cy := range cycles {
		words := wb.sorted(c.Words[cy])
		w.str(cy)
		w.uint(uint64(len(words)))
		for _, wc := range words {
			w.str(wc.word)
			w.long(wc.n)
		}
	}
	ents := make([]aggregate.EntryKey, 0, len(c.Entries))
	for k := range c.Entries {
		ents = append(ents, k)
	}
	sort.Slice(ents, func(i, j int) bool {
		a, b := ents[i], ents[j]
		if a.Cycle != b.Cycle {
			return a.Cycle < b.Cycle
		}
		if a.Site != b.Site {
			return a.Site < b.Site
		}
		return a.Label < b.Label
	})
	w.mapLen(c.Entries == nil, len(ents))
	for _, k := range ents {
		w.str(k.Cycle)
		w.str(k.Site)
		w.long(int64(k.Label))
		w.long(c.Entries[k])
	}
}

// wordCount is a word of Counts.Words, its count, and the first eight
// bytes of the word as a big-endian number (zeros after a shorter word), by
// which most pairs of words compare without a call to compare strings.
type wordCount struct {
	prefix uint64
	word   string
	n      int64
}

// wordBufs are the two buffers of sortedWords, kept from call to call:
// a document's words are thousands, and an entry sorts them per cycle.
type wordBufs struct{ dst, tmp []wordCount }

// sorted returns the words of m sorted, in one of wb's buffers, valid
// until the next call.
func (wb *wordBufs) sorted(m map[string]int64) []wordCount {
	if cap(wb.tmp) < len(m) {
		wb.tmp = make([]wordCount, len(m), len(m)+len(m)/4)
	}
	tmp := wb.tmp[:len(m)]
	a := sortedWords(wb.dst[:0], tmp, m)
	// The sorted words end in either buffer: keep both, whichever it is.
	if len(a) > 0 && &a[0] == &tmp[0] {
		wb.dst, wb.tmp = tmp, wb.dst
	} else {
		wb.dst = a
	}
	return a
}

// sortedWords appends the words of m to dst, sorted, using tmp (as long as
// m) as the radix sort's second buffer; the result is in either. Sorting
// them as strings was two thirds of encoding an entry: they are sorted by
// their prefixes with a radix sort (eight passes of a counting sort,
// skipping the passes where every word has the same byte), and only words
// with the same prefix are compared as strings.
func sortedWords(dst, tmp []wordCount, m map[string]int64) []wordCount {
	for w, n := range m {
		var p uint64
		for i := 0; i < 8; i++ {
			p <<= 8
			if i < len(w) {
				p |= uint64(w[i])
			}
		}
		dst = append(dst, wordCount{p, w, n})
	}
	a := dst
	for shift := 0; shift < 64 && len(a) > 1; shift += 8 {
		var at [256]int
		for i := range a {
			at[byte(a[i].prefix>>shift)]++
		}
		if at[byte(a[0].prefix>>shift)] == len(a) {
			continue
		}
		pos := 0
		for i, n := range at {
			at[i] = pos
			pos += n
		}
		for i := range a {
			k := byte(a[i].prefix >> shift)
			tmp[at[k]] = a[i]
			at[k]++
		}
		a, tmp = tmp, a
	}
	for i := 0; i < len(a); {
		j := i + 1
		for j < len(a) && a[j].prefix == a[i].prefix {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(a[i:j], func(x, y wordCount) int { return strings.Compare(x.word, y.word) })
		}
		i = j
	}
	return a
}

func writeKey(w *rowWriter, k aggregate.Key) {
	w.str(k.Cycle)
	w.str(k.Site)
	w.str(k.Speaker)
	w.str(k.Role)
}

func readKey(r *rowReader, seen map[string]string) aggregate.Key {
	return aggregate.Key{Cycle: r.strCopy(seen), Site: r.strCopy(seen), Speaker: r.strCopy(seen), Role: r.strCopy(seen)}
}

// decodeMeta decodes the meta part of an entry into e. Empty slices and
// maps are nil, as gob gave them.
func decodeMeta(s string, e *cacheEntry) error {
	r := rowReader{s: s}
	if r.str() != cacheFormat {
		return errCacheRows
	}
	seen := map[string]string{}
	d := &e.Doc
	for _, p := range []*string{&d.Path, &d.Cycle, &d.Site, &d.Date, &d.Format, &d.Encoding} {
		*p = r.strCopy(seen)
	}
	d.Size = r.long()
	d.SHA256 = r.strCopy(seen)
	d.Status = transcript.Status(r.strCopy(seen))
	d.Reason = r.strCopy(seen)
	if n := r.count(25); n > 0 { // a turn takes at least 25 bytes
		d.Turns = make([]transcript.Turn, n)
		for i := range d.Turns {
			t := &d.Turns[i]
			t.Index = int(r.long())
			t.Name = r.strCopy(seen)
			t.Speaker = r.strCopy(seen)
			t.Role = transcript.Role(r.strCopy(seen))
			t.Text = r.strCopy(seen)
			t.Line = int(r.long())
			t.Start = r.float()
			t.End = r.float()
			t.HasTime = r.bool()
			t.Noise = int(r.long())
			t.RawBytes = int(r.long())
		}
	}
	e.Sents, e.Tokens, e.Hits = r.long(), r.long(), r.long()
	if r.bool() {
		e.Counts = readCounts(&r, seen)
	}
	if n := r.count(1); n > 0 {
		e.Names = make([]string, n)
		for i := range e.Names {
			e.Names[i] = strings.Clone(r.str())
		}
	}
	if n := r.count(1); n > 0 {
		e.Speakers = make([]string, n)
		for i := range e.Speakers {
			e.Speakers[i] = strings.Clone(r.str())
		}
	}
	if r.err == nil && r.s != "" {
		r.fail()
	}
	return r.err
}

// readCounts reads what writeCounts wrote; a failure is left in r.err.
// Empty maps are nil, as gob gave them.
func readCounts(r *rowReader, seen map[string]string) *aggregate.Counts {
	c := &aggregate.Counts{}
	if n, ok := r.mapLen(1); ok {
		c.Cells = make(map[aggregate.Key]*aggregate.Cell, n)
		for ; n > 0 && r.err == nil; n-- {
			if !r.bool() {
				continue // a nil cell, which gob would not have stored either
			}
			k := readKey(r, seen)
			cl := &aggregate.Cell{Key: readKey(r, seen)}
			cl.Tokens, cl.Turns, cl.Sentences = r.long(), r.long(), r.long()
			cl.Hits, cl.HitsAll, cl.NarrativeHits, cl.FramedSentences = r.longs(), r.longs(), r.longs(), r.longs()
			c.Cells[k] = cl
		}
	}
	if n, ok := r.mapLen(2); ok {
		c.Words = make(map[string]map[string]int64, n)
		for ; n > 0 && r.err == nil; n-- {
			cy := r.strCopy(seen)
			m := r.count(2)
			ws := make(map[string]int64, m)
			for ; m > 0 && r.err == nil; m-- {
				// Not copied: Counts.Merge copies the words it keeps.
				w := r.str()
				ws[w] = r.long()
			}
			c.Words[cy] = ws
		}
	}
	if n, ok := r.mapLen(4); ok {
		c.Entries = make(map[aggregate.EntryKey]int64, n)
		for ; n > 0 && r.err == nil; n-- {
			k := aggregate.EntryKey{Cycle: r.strCopy(seen), Site: r.strCopy(seen)}
			l := r.long()
			if l < math.MinInt32 || l > math.MaxInt32 {
				r.fail()
			}
			k.Label = int(l)
			c.Entries[k] = r.long()
		}
	}
	return c
}
