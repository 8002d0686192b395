package table

import (
	"reflect"
	"sync"

	"github.com/parquet-go/parquet-go"
)

// The page index of a Parquet file holds the minimum and maximum value of
// every page of every column, and drift's files cut byte-array values there
// to 16 bytes (parquet-go's default ColumnIndexSizeLimit). parquet-go cuts
// them only when a row group is written, and the cut values still share
// the memory of the whole ones, which the writer keeps until the file is
// closed. For the text column a page's minimum and maximum are often whole
// turns (an address is one turn, and a page of 256 KiB holds a few), so a
// part file of 1 GB of text held about 200 MB of them (heap profile of a
// run of the 1 GB bench corpus as a single cycle; docs/performance-history.md).
//
// shortIndexSchema gives every plain byte-array column of T (drift writes no
// dictionaries; a dictionary column's type wraps the inner one and keeps
// parquet-go's indexer) a column indexer that
// cuts the values as each page is indexed, to one byte more than the limit,
// so that parquet-go's own cut, made later, gives the same bytes: a minimum
// is a prefix either way, and a maximum cut to the limit is incremented
// whether it was longer by one byte or by many. Nothing else about the
// columns changes, and the schema equals T's (parquet.EqualNodes), so the
// writer keeps its fast path for T.

// shortIndexSchema returns T's schema with byte-array columns indexed by
// shortIndexer. The schemas are built once per type.
func shortIndexSchema[T any]() *parquet.Schema {
	t := reflect.TypeFor[T]()
	if s, ok := shortSchemas.Load(t); ok {
		return s.(*parquet.Schema)
	}
	base := parquet.SchemaOf(*new(T))
	fields := base.Fields()
	wrapped := make([]parquet.Field, len(fields))
	for i, f := range fields {
		wrapped[i] = f
		if f.Leaf() && f.Type().Kind() == parquet.ByteArray {
			wrapped[i] = shortIndexField{f}
		}
	}
	s, _ := shortSchemas.LoadOrStore(t, parquet.NewSchema(base.Name(), fieldsNode{base, wrapped}))
	return s.(*parquet.Schema)
}

var shortSchemas sync.Map // reflect.Type -> *parquet.Schema

// fieldsNode is a group node with its fields replaced, in the same order
// (a parquet.Group would sort them by name).
type fieldsNode struct {
	parquet.Node
	fields []parquet.Field
}

func (n fieldsNode) Fields() []parquet.Field { return n.fields }

// shortIndexField is a byte-array field whose type indexes pages with
// shortIndexer.
type shortIndexField struct{ parquet.Field }

func (f shortIndexField) Type() parquet.Type { return shortIndexType{f.Field.Type()} }

type shortIndexType struct{ parquet.Type }

func (t shortIndexType) NewColumnIndexer(sizeLimit int) parquet.ColumnIndexer {
	ix := t.Type.NewColumnIndexer(sizeLimit)
	if sizeLimit <= 0 {
		return ix // no limit: values are kept whole
	}
	return &shortIndexer{ColumnIndexer: ix, keep: sizeLimit + 1}
}

// shortIndexer passes each page's minimum and maximum on cut to keep bytes.
type shortIndexer struct {
	parquet.ColumnIndexer
	keep int
}

func (i *shortIndexer) IndexPage(numValues, numNulls int64, min, max parquet.Value) {
	i.ColumnIndexer.IndexPage(numValues, numNulls, i.cut(min), i.cut(max))
}

func (i *shortIndexer) cut(v parquet.Value) parquet.Value {
	if v.IsNull() || v.Kind() != parquet.ByteArray {
		return v
	}
	if b := v.ByteArray(); len(b) > i.keep {
		return parquet.ByteArrayValue(b[:i.keep])
	}
	return v
}
