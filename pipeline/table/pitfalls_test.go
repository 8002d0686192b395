package table_test

// One test (or more) per parquet-go pitfall listed in ../shared/DESIGN.md
// ("parquet-go pitfalls already found", v0.32.0). Each writes with
// table.Encode, the only writer drift uses, and reads back with arrow-go;
// each also guards rows.go against reintroducing the pitfall.

import (
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	pq "github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/drift-project/drift/pipeline/table"
)

var testMeta = table.Meta{"schema_version": table.SchemaVersion, "tool_version": "test", "lexicons": "[]"}

// encodeRead encodes rows with table.Encode and reads them back with
// arrow-go; the caller releases the table.
func encodeRead[T any](t *testing.T, rows []T) arrow.Table {
	t.Helper()
	b, err := table.Encode(rows, testMeta)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	tbl, err := pqarrow.ReadTable(context.Background(), bytes.NewReader(b), nil, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatalf("arrow-go cannot read what Encode wrote: %v", err)
	}
	return tbl
}

// single returns the only chunk of a column.
func single(t *testing.T, tbl arrow.Table, name string) arrow.Array {
	t.Helper()
	ch := column(t, tbl, name)
	if len(ch.Chunks()) != 1 {
		t.Fatalf("column %s: %d chunks, want 1", name, len(ch.Chunks()))
	}
	return ch.Chunk(0)
}

// rowFields calls fn for every field of every table's row struct.
func rowFields(fn func(spec tableSpec, f reflect.StructField, tag string, opts map[string]bool)) {
	for _, spec := range tables {
		for i := 0; i < spec.Row.NumField(); i++ {
			f := spec.Row.Field(i)
			parts := strings.Split(f.Tag.Get("parquet"), ",")
			opts := map[string]bool{}
			for _, o := range parts[1:] {
				opts[o] = true
			}
			fn(spec, f, f.Tag.Get("parquet"), opts)
		}
	}
}

// Pitfall 1: a time.Time tagged date is written as garbage; dates are
// int32 days since 1970 tagged date, and must read back as the same day.
func TestPitfall1DateAsInt32Days(t *testing.T) {
	type row struct {
		D int32  `parquet:"d,date"`
		P *int32 `parquet:"p,optional,date"`
	}
	days := func(s string) int32 {
		tm, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return int32(tm.Unix() / 86400)
	}
	want := []string{"2024-01-15", "1970-01-01", "1969-12-31", "2026-03-01", "2099-12-31"}
	var rows []row
	for _, s := range want {
		d := days(s)
		rows = append(rows, row{D: d, P: &d})
	}
	rows = append(rows, row{D: 0, P: nil})
	tbl := encodeRead(t, rows)
	defer tbl.Release()
	for _, name := range []string{"d", "p"} {
		a, ok := single(t, tbl, name).(*array.Date32)
		if !ok {
			t.Fatalf("column %s reads as %s, want date32", name, single(t, tbl, name).DataType())
		}
		for i, s := range want {
			if got := a.Value(i).ToTime().UTC().Format("2006-01-02"); got != s {
				t.Errorf("column %s row %d reads back as %s, want %s", name, i, got, s)
			}
		}
	}
	if p := single(t, tbl, "p"); !p.IsNull(len(want)) {
		t.Errorf("nil date pointer reads back as %v, want NULL", p.ValueStr(len(want)))
	}

	// The real row type: documents.date.
	d := days("2026-02-14")
	docs := encodeRead(t, []table.Document{{Path: "a.txt", Date: &d}, {Path: "b.txt"}})
	defer docs.Release()
	a := single(t, docs, "date").(*array.Date32)
	if got := a.Value(0).ToTime().UTC().Format("2006-01-02"); got != "2026-02-14" {
		t.Errorf("documents.date reads back as %s, want 2026-02-14", got)
	}
	if !a.IsNull(1) {
		t.Error("documents.date of an undated file is not NULL")
	}
}

func TestPitfall1NoTimeTimeDates(t *testing.T) {
	rowFields(func(spec tableSpec, f reflect.StructField, tag string, opts map[string]bool) {
		base := f.Type
		if base.Kind() == reflect.Pointer {
			base = base.Elem()
		}
		if opts["date"] && base != reflect.TypeFor[int32]() {
			t.Errorf("table.%s.%s is %s tagged date; store dates as int32 days since 1970 (DESIGN.md pitfall 1)", spec.Row.Name(), f.Name, f.Type)
		}
	})
}

// Pitfall 2: optional on a value type turns zero into NULL; nullable
// columns are pointers, and 0.0 must read back as 0.0, nil as NULL.
func TestPitfall2OptionalPointerZeroVsNull(t *testing.T) {
	type row struct {
		V *float64 `parquet:"v,optional"`
		I *int64   `parquet:"i,optional"`
	}
	zero, one := 0.0, 1.5
	var izero int64
	tbl := encodeRead(t, []row{{&zero, &izero}, {nil, nil}, {&one, nil}})
	defer tbl.Release()
	v := single(t, tbl, "v").(*array.Float64)
	if v.IsNull(0) || v.Value(0) != 0 {
		t.Errorf("0.0 reads back as %s, want 0", v.ValueStr(0))
	}
	if !v.IsNull(1) {
		t.Errorf("nil reads back as %s, want NULL", v.ValueStr(1))
	}
	if v.IsNull(2) || v.Value(2) != 1.5 {
		t.Errorf("1.5 reads back as %s", v.ValueStr(2))
	}
	i := single(t, tbl, "i").(*array.Int64)
	if i.IsNull(0) || i.Value(0) != 0 || !i.IsNull(1) {
		t.Errorf("int64 pointers read back as %s, %s; want 0, NULL", i.ValueStr(0), i.ValueStr(1))
	}

	// The real row type: a drift estimate of exactly 0 is not missing.
	dr := encodeRead(t, []table.Drift{{Scope: "cycle", Estimate: &zero}, {Scope: "cycle"}})
	defer dr.Release()
	e := single(t, dr, "estimate")
	if e.IsNull(0) || e.(*array.Float64).Value(0) != 0 {
		t.Errorf("drift.estimate 0.0 reads back as %s, want 0", e.ValueStr(0))
	}
	if !e.IsNull(1) {
		t.Errorf("drift.estimate nil reads back as %s, want NULL", e.ValueStr(1))
	}
}

func TestPitfall2OptionalOnlyOnPointers(t *testing.T) {
	rowFields(func(spec tableSpec, f reflect.StructField, tag string, opts map[string]bool) {
		isPtr := f.Type.Kind() == reflect.Pointer
		switch {
		case opts["optional"] && !isPtr:
			t.Errorf("table.%s.%s (%s) is tagged optional but is not a pointer: zero would be written as NULL (DESIGN.md pitfall 2); make it *%s", spec.Row.Name(), f.Name, f.Type, f.Type)
		case isPtr && !opts["optional"]:
			t.Errorf("table.%s.%s is a pointer without the optional tag", spec.Row.Name(), f.Name)
		}
	})
}

// Pitfall 3: timestamps must be tagged timestamp(microsecond); the bare
// tag truncates to milliseconds. The dataset has no timestamp column (no
// wall-clock time in files), so this checks a local struct and guards
// rows.go.
func TestPitfall3TimestampMicroseconds(t *testing.T) {
	type row struct {
		T time.Time `parquet:"t,timestamp(microsecond)"`
	}
	want := time.Date(2026, 3, 1, 12, 34, 56, 123456000, time.UTC)
	tbl := encodeRead(t, []row{{want}})
	defer tbl.Release()
	a := single(t, tbl, "t")
	ts, ok := a.DataType().(*arrow.TimestampType)
	if !ok {
		t.Fatalf("timestamp reads as %s, want timestamp[us]", a.DataType())
	}
	if ts.Unit != arrow.Microsecond {
		t.Errorf("timestamp unit %s, want us", ts.Unit)
	}
	if got := a.(*array.Timestamp).Value(0).ToTime(ts.Unit); !got.Equal(want) {
		t.Errorf("timestamp reads back as %s, want %s", got, want)
	}
}

func TestPitfall3TimestampTags(t *testing.T) {
	rowFields(func(spec tableSpec, f reflect.StructField, tag string, opts map[string]bool) {
		base := f.Type
		if base.Kind() == reflect.Pointer {
			base = base.Elem()
		}
		if base == reflect.TypeFor[time.Time]() && !opts["timestamp(microsecond)"] {
			t.Errorf("table.%s.%s is a time.Time tagged %q; tag it timestamp(microsecond) (DESIGN.md pitfall 3)", spec.Row.Name(), f.Name, tag)
		}
	})
}

// Pitfall 4: lists are tagged list, and enum is never used (Arrow readers
// see bytes); dict strings read as strings.
func TestPitfall4ListNotEnum(t *testing.T) {
	type row struct {
		Tags []string `parquet:"tags,list"`
		Kind string   `parquet:"kind,dict"`
	}
	tbl := encodeRead(t, []row{{[]string{"rent", "wage theft"}, "class"}, {nil, "identity"}, {[]string{"x"}, "class"}})
	defer tbl.Release()
	l := single(t, tbl, "tags")
	lt, ok := l.DataType().(*arrow.ListType)
	if !ok || !arrow.TypeEqual(lt.Elem(), arrow.BinaryTypes.String) {
		t.Fatalf("list column reads as %s, want list<utf8>", l.DataType())
	}
	la := l.(*array.List)
	vals := la.ListValues().(*array.String)
	start, end := la.ValueOffsets(0)
	var got []string
	for j := start; j < end; j++ {
		got = append(got, vals.Value(int(j)))
	}
	if strings.Join(got, "|") != "rent|wage theft" {
		t.Errorf("list row 0 reads back as %q", got)
	}
	k := single(t, tbl, "kind")
	if !arrow.TypeEqual(k.DataType(), arrow.BinaryTypes.String) {
		t.Errorf("dict string column reads as %s, want utf8", k.DataType())
	} else if k.(*array.String).Value(1) != "identity" {
		t.Errorf("dict string reads back as %q", k.ValueStr(1))
	}
}

func TestPitfall4NoEnumTags(t *testing.T) {
	rowFields(func(spec tableSpec, f reflect.StructField, tag string, opts map[string]bool) {
		if opts["enum"] {
			t.Errorf("table.%s.%s is tagged enum; Arrow readers see bytes. Use a plain or dict string (DESIGN.md pitfall 4)", spec.Row.Name(), f.Name)
		}
		if f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() != reflect.Uint8 && !opts["list"] {
			t.Errorf("table.%s.%s is a slice without the list tag (DESIGN.md pitfall 4)", spec.Row.Name(), f.Name)
		}
	})
}

// Pitfall 5: per-column compression tags override the writer option, so
// compression is set only in Encode: no tag names a codec, and every
// column chunk of every file uses zstd, the codec Encode sets.
func TestPitfall5NoPerColumnCompression(t *testing.T) {
	codecs := []string{"uncompressed", "snappy", "gzip", "brotli", "lz4", "lz4_raw", "zstd"}
	rowFields(func(spec tableSpec, f reflect.StructField, tag string, opts map[string]bool) {
		for _, c := range codecs {
			if opts[c] {
				t.Errorf("table.%s.%s sets compression %s in its tag; compression is set in one place, table.Encode (DESIGN.md pitfall 5)", spec.Row.Name(), f.Name, c)
			}
		}
	})
}

func TestPitfall5OneCodecEverywhere(t *testing.T) {
	want := compress.Codecs.Zstd // as set in table.Encode
	check := func(t *testing.T, name string, pf *file.Reader) {
		md := pf.MetaData()
		for rg := 0; rg < md.NumRowGroups(); rg++ {
			for c := 0; c < md.RowGroup(rg).NumColumns(); c++ {
				cc, err := md.RowGroup(rg).ColumnChunk(c)
				if err != nil {
					t.Fatal(err)
				}
				if cc.Compression() != want {
					t.Errorf("%s: column %s uses %s, want %s", name, cc.PathInSchema(), cc.Compression(), want)
				}
			}
		}
	}
	for _, f := range encodedSamples(t) {
		check(t, f.name, f.open(t))
	}
	out := sampleDataset(t)
	for _, rel := range parquetFiles(t, out) {
		pf, _ := openArrow(t, filepath.Join(out, rel))
		check(t, rel, pf)
		pf.Close()
	}
}

// Pitfall 6: data page v1 and plain-encoded byte arrays for the widest
// reader support (dict-tagged columns may use dictionary encoding).
func TestPitfall6DataPageV1AndPlainByteArrays(t *testing.T) {
	dictCols := map[string]bool{}
	rowFields(func(spec tableSpec, f reflect.StructField, tag string, opts map[string]bool) {
		if opts["dict"] {
			dictCols[spec.Name+"."+strings.Split(tag, ",")[0]] = true
		}
	})
	check := func(t *testing.T, name, tableName string, pf *file.Reader) {
		md := pf.MetaData()
		for rg := 0; rg < pf.NumRowGroups(); rg++ {
			rgr := pf.RowGroup(rg)
			for c := 0; c < rgr.NumColumns(); c++ {
				cc, err := md.RowGroup(rg).ColumnChunk(c)
				if err != nil {
					t.Fatal(err)
				}
				col := cc.PathInSchema().String()
				dictOK := dictCols[tableName+"."+col]
				for _, e := range cc.Encodings() {
					switch e {
					case pq.Encodings.Plain, pq.Encodings.RLE, pq.Encodings.BitPacked:
					case pq.Encodings.PlainDict, pq.Encodings.RLEDict:
						if !dictOK {
							t.Errorf("%s: column %s uses %s but is not tagged dict", name, col, e)
						}
					default:
						t.Errorf("%s: column %s uses encoding %s; want plain (DESIGN.md pitfall 6)", name, col, e)
					}
				}
				pr, err := rgr.GetColumnPageReader(c)
				if err != nil {
					t.Fatal(err)
				}
				pages := 0
				for pr.Next() {
					p := pr.Page()
					switch p.Type() {
					case file.PageTypeDataPage:
						pages++
						enc := pq.Encoding(p.Encoding())
						if cc.Type() == pq.Types.ByteArray && enc != pq.Encodings.Plain && !dictOK {
							t.Errorf("%s: column %s: byte-array page encoded %s, want PLAIN", name, col, enc)
						}
					case file.PageTypeDataPageV2:
						t.Errorf("%s: column %s has a v2 data page; want DataPageVersion(1)", name, col)
					case file.PageTypeDictionaryPage:
						if !dictOK {
							t.Errorf("%s: column %s has a dictionary page but is not tagged dict", name, col)
						}
					}
				}
				if err := pr.Err(); err != nil {
					t.Errorf("%s: column %s: reading pages: %v", name, col, err)
				}
				if cc.NumValues() > 0 && pages == 0 {
					t.Errorf("%s: column %s has values but no v1 data page", name, col)
				}
				pr.Close()
			}
		}
	}
	for _, f := range encodedSamples(t) {
		pf := f.open(t)
		check(t, f.name, f.table, pf)
		pf.Close()
	}
	out := sampleDataset(t)
	for _, rel := range parquetFiles(t, out) {
		spec, _ := specFor(rel)
		pf, _ := openArrow(t, filepath.Join(out, rel))
		check(t, rel, spec.Name, pf)
		pf.Close()
	}
}

// Pitfall 6: always check the error from Close(). No Close call in this
// package's code may drop its error, and Encode must return it; and a
// failed write must surface as an error.
func TestPitfall6CloseErrorChecked(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var call *ast.CallExpr
			switch s := n.(type) {
			case *ast.ExprStmt:
				call, _ = s.X.(*ast.CallExpr)
			case *ast.DeferStmt:
				call = s.Call
			case *ast.GoStmt:
				call = s.Call
			}
			if call != nil {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Close" {
					t.Errorf("%s: the error from %s.Close() is dropped; check it (DESIGN.md pitfall 6)", fset.Position(call.Pos()), exprString(sel.X))
				}
			}
			return true
		})
	}
	// A failed write is an error, not a silent half-file.
	dir := t.TempDir()
	blocker := filepath.Join(dir, "not-a-dir")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := table.WriteFile(filepath.Join(blocker, "x.parquet"), []table.Document{{Path: "a"}}, testMeta); err == nil {
		t.Error("WriteFile into a path under a regular file returned no error")
	}
}

func exprString(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return "…"
}

// encodedSample is a file written by table.Encode from every row type,
// with values in every column, for the writer-setting checks.
type encodedSample struct {
	name, table string
	data        []byte
}

func (s encodedSample) open(t *testing.T) *file.Reader {
	t.Helper()
	pf, err := file.NewParquetReader(bytes.NewReader(s.data))
	if err != nil {
		t.Fatalf("%s: %v", s.name, err)
	}
	return pf
}

func encodedSamples(t *testing.T) []encodedSample {
	t.Helper()
	var out []encodedSample
	for _, spec := range tables {
		// Two rows of the row type with every field set to a non-zero value.
		rows := reflect.MakeSlice(reflect.SliceOf(spec.Row), 2, 2)
		for r := 0; r < 2; r++ {
			fill(rows.Index(r), r)
		}
		b, err := encodeAny(spec.Row, rows.Interface())
		if err != nil {
			t.Fatalf("Encode %s: %v", spec.Row.Name(), err)
		}
		out = append(out, encodedSample{"Encode([]table." + spec.Row.Name() + ")", spec.Name, b})
	}
	return out
}

// encodeAny calls table.Encode for the row types of the dataset.
func encodeAny(row reflect.Type, rows any) ([]byte, error) {
	switch r := rows.(type) {
	case []table.Document:
		return table.Encode(r, testMeta)
	case []table.Turn:
		return table.Encode(r, testMeta)
	case []table.Match:
		return table.Encode(r, testMeta)
	case []table.Frame:
		return table.Encode(r, testMeta)
	case []table.Drift:
		return table.Encode(r, testMeta)
	case []table.Keyness:
		return table.Encode(r, testMeta)
	case []table.Participant:
		return table.Encode(r, testMeta)
	case []table.Continuity:
		return table.Encode(r, testMeta)
	case []table.Diffusion:
		return table.Encode(r, testMeta)
	}
	return nil, fmt.Errorf("encodeAny in pitfalls_test.go has no case for []table.%s; add one", row.Name())
}

// fill sets every field of a struct value to a non-zero value depending on r.
func fill(v reflect.Value, r int) {
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if f.Kind() == reflect.Pointer {
			f.Set(reflect.New(f.Type().Elem()))
			f = f.Elem()
		}
		switch f.Kind() {
		case reflect.String:
			f.SetString(strings.Repeat("x", r+1) + v.Type().Field(i).Name)
		case reflect.Bool:
			f.SetBool(r == 0)
		case reflect.Int32, reflect.Int64:
			f.SetInt(int64(i + r + 1))
		case reflect.Float32, reflect.Float64:
			f.SetFloat(float64(i) + 0.5*float64(r))
		}
	}
}
