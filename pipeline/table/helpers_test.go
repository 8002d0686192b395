package table_test

// Shared fixtures for the contract tests: one pipeline run on the sample
// corpus (testdata/corpus) into a temporary folder, the registry of row
// types by table, and helpers that open Parquet files with arrow-go, a
// reader independent of parquet-go, which writes them.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/drift-project/drift/pipeline"
	"github.com/drift-project/drift/pipeline/table"
)

// corpus is the sample corpus, relative to this package.
const corpus = "../../testdata/corpus"

// tableSpec ties a table of the dataset to its row struct in rows.go.
type tableSpec struct {
	Name        string       // as in docs/schema.md headings: "documents", "turns", ...
	File        string       // "documents.parquet", or "turns" for a cycle-partitioned folder
	Partitioned bool         // hive-partitioned by cycle
	Row         reflect.Type // the row struct
}

// tables lists every table of the dataset. Every struct type declared in
// rows.go must appear here (TestContractEveryRowStructIsRegistered checks).
var tables = []tableSpec{
	{"documents", table.DocumentsFile, false, reflect.TypeFor[table.Document]()},
	{"turns", table.TurnsDir, true, reflect.TypeFor[table.Turn]()},
	{"matches", table.MatchesDir, true, reflect.TypeFor[table.Match]()},
	{"frames", table.FramesFile, false, reflect.TypeFor[table.Frame]()},
	{"drift", table.DriftFile, false, reflect.TypeFor[table.Drift]()},
	{"keyness", "keyness.parquet", false, reflect.TypeFor[table.Keyness]()},
	{"participants", "participants.parquet", false, reflect.TypeFor[table.Participant]()},
	{"continuity", "continuity.parquet", false, reflect.TypeFor[table.Continuity]()},
	{"diffusion", "diffusion.parquet", false, reflect.TypeFor[table.Diffusion]()},
}

// specFor returns the table a dataset-relative file path belongs to.
func specFor(rel string) (tableSpec, bool) {
	first := strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]
	for _, s := range tables {
		if s.File == first {
			return s, true
		}
	}
	return tableSpec{}, false
}

var (
	sampleOnce sync.Once
	sampleDir  string
	sampleErr  error
	sampleRoot string // removed by TestMain
)

func TestMain(m *testing.M) {
	code := m.Run()
	if sampleRoot != "" {
		os.RemoveAll(sampleRoot)
	}
	os.Exit(code)
}

// sampleDataset runs the pipeline once on the sample corpus (default text
// policy) and returns the dataset folder; tests must not modify it.
func sampleDataset(t *testing.T) string {
	t.Helper()
	sampleOnce.Do(func() {
		sampleRoot, sampleErr = os.MkdirTemp("", "drift-table-test-")
		if sampleErr != nil {
			return
		}
		sampleDir = filepath.Join(sampleRoot, "out")
		_, sampleErr = pipeline.Run(context.Background(), pipeline.Config{
			Corpus: corpus, Out: sampleDir, Workers: 2,
		}, nil)
	})
	if sampleErr != nil {
		t.Fatalf("running the pipeline on %s: %v", corpus, sampleErr)
	}
	return sampleDir
}

// parquetFiles returns every .parquet file under dir, relative and sorted.
func parquetFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != dir {
			return filepath.SkipDir // .cache, staging folders
		}
		if !d.IsDir() && strings.HasSuffix(p, ".parquet") {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// openArrow opens a Parquet file with arrow-go; the caller closes it.
func openArrow(t *testing.T, path string) (*file.Reader, *pqarrow.FileReader) {
	t.Helper()
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatalf("arrow-go cannot open %s: %v", path, err)
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 1 << 16}, memory.DefaultAllocator)
	if err != nil {
		pf.Close()
		t.Fatalf("pqarrow cannot read %s: %v", path, err)
	}
	return pf, fr
}

// readTable reads a whole Parquet file into an Arrow table; the caller
// releases it.
func readTable(t *testing.T, path string) arrow.Table {
	t.Helper()
	pf, fr := openArrow(t, path)
	defer pf.Close()
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatalf("pqarrow cannot read the rows of %s: %v", path, err)
	}
	return tbl
}

// column returns the named column of tbl, failing the test when absent.
func column(t *testing.T, tbl arrow.Table, name string) *arrow.Chunked {
	t.Helper()
	idx := tbl.Schema().FieldIndices(name)
	if len(idx) != 1 {
		t.Fatalf("no column %q in %v", name, tbl.Schema())
	}
	return tbl.Column(idx[0]).Data()
}

// expectedArrow is the Arrow field a reader should see for a struct field
// of a row type, from its Go type and parquet tag alone (not from
// parquet-go's schema), so that a writer bug shows up as a mismatch.
func expectedArrow(f reflect.StructField) (name string, dt arrow.DataType, nullable bool, err error) {
	tag := strings.Split(f.Tag.Get("parquet"), ",")
	name = tag[0]
	opts := map[string]bool{}
	for _, o := range tag[1:] {
		opts[o] = true
	}
	ft := f.Type
	if ft.Kind() == reflect.Pointer {
		ft = ft.Elem()
		nullable = true
	}
	switch {
	case ft == reflect.TypeFor[string]():
		dt = arrow.BinaryTypes.String
	case ft == reflect.TypeFor[bool]():
		dt = arrow.FixedWidthTypes.Boolean
	case ft == reflect.TypeFor[int32]() && opts["date"]:
		dt = arrow.FixedWidthTypes.Date32
	case ft == reflect.TypeFor[int32]():
		dt = arrow.PrimitiveTypes.Int32
	case ft == reflect.TypeFor[int64]():
		dt = arrow.PrimitiveTypes.Int64
	case ft == reflect.TypeFor[float64]():
		dt = arrow.PrimitiveTypes.Float64
	case ft == reflect.TypeFor[float32]():
		dt = arrow.PrimitiveTypes.Float32
	default:
		err = fmt.Errorf("field %s: Go type %s has no expected Arrow type in this test; extend expectedArrow", f.Name, f.Type)
	}
	return name, dt, nullable, err
}
