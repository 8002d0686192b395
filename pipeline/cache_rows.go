package pipeline

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/drift-project/drift/pipeline/table"
)

// The cache keeps each document's turn and match rows in a plain binary
// form instead of Parquet: a Parquet writer per document (column buffers,
// pages, statistics, a thrift footer) cost as much CPU as the rest of the
// cache entry. The fields are written in the order of the structs in
// table/rows.go; TestCacheRowFields fails when a field is added there and
// not here. Ints are varints, strings a length and their bytes, floats
// their 8 bytes, optional floats a presence byte first, and the booleans
// of a Match one byte of bits.

var errCacheRows = errors.New("cached rows are truncated or malformed")

type rowWriter struct{ b []byte }

func (w *rowWriter) int(v int32)   { w.b = binary.AppendVarint(w.b, int64(v)) }
func (w *rowWriter) uint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }
func (w *rowWriter) str(s string) {
	w.uint(uint64(len(s)))
	w.b = append(w.b, s...)
}
func (w *rowWriter) float(f float64) {
	w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(f))
}
func (w *rowWriter) optFloat(f *float64) {
	if f == nil {
		w.b = append(w.b, 0)
		return
	}
	w.b = append(w.b, 1)
	w.float(*f)
}

// rowReader reads what rowWriter wrote. Strings are cut from s, one string
// holding the whole encoding, so decoding allocates no string of its own.
type rowReader struct {
	s   string
	err error
}

func (r *rowReader) fail() { r.err, r.s = errCacheRows, "" }

func (r *rowReader) uint() uint64 {
	var x uint64
	var shift uint
	for i := 0; i < len(r.s) && i < binary.MaxVarintLen64; i++ {
		c := r.s[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				break // overflows 64 bits
			}
			r.s = r.s[i+1:]
			return x | uint64(c)<<shift
		}
		x |= uint64(c&0x7f) << shift
		shift += 7
	}
	r.fail()
	return 0
}

// int reads a zig-zag varint, as binary.AppendVarint writes it.
func (r *rowReader) int() int32 {
	ux := r.uint()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	if x < math.MinInt32 || x > math.MaxInt32 {
		r.fail()
		return 0
	}
	return int32(x)
}

func (r *rowReader) str() string {
	n := r.uint()
	if n > uint64(len(r.s)) {
		r.fail()
		return ""
	}
	s := r.s[:n]
	r.s = r.s[n:]
	return s
}

func (r *rowReader) byte() byte {
	if len(r.s) < 1 {
		r.fail()
		return 0
	}
	c := r.s[0]
	r.s = r.s[1:]
	return c
}

func (r *rowReader) float() float64 {
	if len(r.s) < 8 {
		r.fail()
		return 0
	}
	var u uint64
	for i := 7; i >= 0; i-- {
		u = u<<8 | uint64(r.s[i])
	}
	f := math.Float64frombits(u)
	r.s = r.s[8:]
	return f
}

func (r *rowReader) optFloat() *float64 {
	switch r.byte() {
	case 0:
		return nil
	case 1:
		f := r.float()
		return &f
	}
	r.fail()
	return nil
}

// count reads a row count, checking it against the bytes left (every row
// takes at least min bytes), so a corrupt entry cannot ask for a huge slice.
func (r *rowReader) count(min int) int {
	n := r.uint()
	if n > uint64(len(r.s)/min) {
		r.fail()
		return 0
	}
	return int(n)
}

func encodeTurns(rows []table.Turn) []byte {
	return appendTurns(make([]byte, 0, 64*len(rows)+8), rows, false)
}

// appendTurns appends the encoding of rows to b; with noText, as if each
// row's Text were "" (the cache stores no text, see entryOf), without a
// copy of the rows.
func appendTurns(b []byte, rows []table.Turn, noText bool) []byte {
	w := rowWriter{b: b}
	w.uint(uint64(len(rows)))
	for i := range rows {
		t := &rows[i]
		w.str(t.DocPath)
		w.int(t.Turn)
		w.str(t.Site)
		w.str(t.Speaker)
		w.str(t.Role)
		w.int(t.Line)
		w.optFloat(t.StartS)
		w.optFloat(t.EndS)
		w.int(t.NSentences)
		w.int(t.NTokens)
		w.int(t.NNoise)
		w.int(t.NHits)
		if noText {
			w.str("")
		} else {
			w.str(t.Text)
		}
	}
	return w.b
}

func decodeTurns(b []byte) ([]table.Turn, error) {
	r := rowReader{s: string(b)}
	rows := make([]table.Turn, r.count(13))
	for i := range rows {
		t := &rows[i]
		t.DocPath = r.str()
		t.Turn = r.int()
		t.Site = r.str()
		t.Speaker = r.str()
		t.Role = r.str()
		t.Line = r.int()
		t.StartS = r.optFloat()
		t.EndS = r.optFloat()
		t.NSentences = r.int()
		t.NTokens = r.int()
		t.NNoise = r.int()
		t.NHits = r.int()
		t.Text = r.str()
	}
	if r.err == nil && r.s != "" {
		r.fail()
	}
	return rows, r.err
}

func encodeMatches(rows []table.Match) []byte {
	return appendMatches(make([]byte, 0, 128*len(rows)+8), rows, false)
}

// appendMatches appends the encoding of rows to b; with noText, as if
// each row's TextStart and TextEnd were 0 (the cache stores no text
// offsets, see entryOf), without a copy of the rows.
func appendMatches(b []byte, rows []table.Match, noText bool) []byte {
	w := rowWriter{b: b}
	w.uint(uint64(len(rows)))
	for i := range rows {
		m := &rows[i]
		w.str(m.DocPath)
		w.int(m.Turn)
		w.int(m.Sentence)
		w.int(m.TokenStart)
		w.int(m.TokenEnd)
		w.int(m.ByteStart)
		w.int(m.ByteEnd)
		if noText {
			w.int(0)
			w.int(0)
		} else {
			w.int(m.TextStart)
			w.int(m.TextEnd)
		}
		w.str(m.Site)
		w.str(m.Speaker)
		w.str(m.Role)
		w.str(m.Lexicon)
		w.str(m.LexiconVersion)
		w.str(m.Dimension)
		w.str(m.Category)
		w.str(m.Subcategory)
		w.str(m.Entry)
		w.str(m.Surface)
		w.float(m.Weight)
		var flags byte
		for k, on := range []bool{m.Negated, m.Question, m.Reported, m.Facilitator, m.Narrative, m.Counted} {
			if on {
				flags |= 1 << k
			}
		}
		w.b = append(w.b, flags)
	}
	return w.b
}

func decodeMatches(b []byte) ([]table.Match, error) {
	r := rowReader{s: string(b)}
	rows := make([]table.Match, r.count(28))
	for i := range rows {
		m := &rows[i]
		m.DocPath = r.str()
		m.Turn = r.int()
		m.Sentence = r.int()
		m.TokenStart = r.int()
		m.TokenEnd = r.int()
		m.ByteStart = r.int()
		m.ByteEnd = r.int()
		m.TextStart = r.int()
		m.TextEnd = r.int()
		m.Site = r.str()
		m.Speaker = r.str()
		m.Role = r.str()
		m.Lexicon = r.str()
		m.LexiconVersion = r.str()
		m.Dimension = r.str()
		m.Category = r.str()
		m.Subcategory = r.str()
		m.Entry = r.str()
		m.Surface = r.str()
		m.Weight = r.float()
		flags := r.byte()
		if flags >= 1<<6 {
			r.fail()
		}
		m.Negated, m.Question, m.Reported = flags&1 != 0, flags&2 != 0, flags&4 != 0
		m.Facilitator, m.Narrative, m.Counted = flags&8 != 0, flags&16 != 0, flags&32 != 0
	}
	if r.err == nil && r.s != "" {
		r.fail()
	}
	return rows, r.err
}
