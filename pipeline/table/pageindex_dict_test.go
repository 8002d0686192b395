package table

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// indexRow has every kind of byte-array column parquet-go writes.
type indexRow struct {
	A *string `parquet:"a,optional"`
	B string  `parquet:"b,dict"`
	C []byte  `parquet:"c"`
	D *string `parquet:"d,optional,dict"`
	N int32   `parquet:"n"`
	E string  `parquet:"e"`
}

func indexEncode(t *testing.T, rows []indexRow, short bool, pageSize int) []byte {
	var buf bytes.Buffer
	opts := append(writerOptions(Meta{"k": "v"}), parquet.PageBufferSize(pageSize))
	if short {
		opts = append(opts, shortIndexSchema[indexRow]())
	}
	w := parquet.NewGenericWriter[indexRow](&buf, opts...)
	for i := 0; i < len(rows); i += 7 {
		if _, err := w.Write(rows[i:min(i+7, len(rows))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestShortIndexOptionalDict checks, beyond drift's own tables, that the
// short page index gives the same bytes (footer and schema included) for
// optional and dictionary-encoded byte-array columns, all-null columns,
// empty strings and 0xff runs, at page sizes of 64 B, 1 KiB and 256 KiB.
// (A dictionary column's type wraps the inner type, so it keeps parquet-go's
// own indexer; drift writes no dictionaries.)
func TestShortIndexOptionalDict(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	str := func() string {
		switch rng.IntN(5) {
		case 0:
			return ""
		case 1:
			return strings.Repeat("\xff", 10+rng.IntN(20))
		case 2:
			return "abcdefghijklmnop" + strings.Repeat("\xff", rng.IntN(4)) + "q"
		default:
			b := make([]byte, rng.IntN(200))
			for i := range b {
				b[i] = byte(rng.IntN(256))
			}
			return string(b)
		}
	}
	for round := range 30 {
		rows := make([]indexRow, 1+rng.IntN(600))
		allNull := rng.IntN(3) == 0
		for i := range rows {
			r := indexRow{B: str(), C: []byte(str()), N: int32(i), E: str()}
			if !allNull && rng.IntN(4) != 0 {
				s := str()
				r.A = &s
			}
			if !allNull && (i/50)%2 == 0 {
				s := str()
				r.D = &s
			}
			rows[i] = r
		}
		for _, ps := range []int{64, 1024, 256 << 10} {
			a, b := indexEncode(t, rows, true, ps), indexEncode(t, rows, false, ps)
			if !bytes.Equal(a, b) {
				t.Errorf("round %d page %d: bytes differ (%d vs %d)", round, ps, len(a), len(b))
			}
		}
	}
	if !parquet.EqualNodes(shortIndexSchema[indexRow](), parquet.SchemaOf(indexRow{})) {
		t.Error("not EqualNodes")
	}
	if shortIndexSchema[indexRow]().String() != parquet.SchemaOf(indexRow{}).String() {
		t.Errorf("schema strings differ:\n%s\n%s", shortIndexSchema[indexRow](), parquet.SchemaOf(indexRow{}))
	}
}
