package table_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/drift-project/drift/pipeline/table"
)

// Encode writes rows of a table as one Parquet file; any Parquet reader
// (here arrow-go) reads them back with the column names and types of
// docs/schema.md.
func ExampleEncode() {
	days := int32(20513) // 2026-03-01 as days since 1970-01-01
	rows := []table.Document{
		{Path: "2026-03/eastside.txt", Cycle: "2026-03", Site: "eastside", Date: &days, Format: "txt", Status: "ok", NTurns: 12},
		{Path: "2026-03/notes.pdf", Cycle: "2026-03", Format: "pdf", Status: "skipped", Reason: "unsupported format"},
	}
	b, err := table.Encode(rows, table.Meta{"schema_version": table.SchemaVersion, "tool_version": "example", "lexicons": "[]"})
	if err != nil {
		panic(err)
	}
	tbl, err := pqarrow.ReadTable(context.Background(), bytes.NewReader(b), nil, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		panic(err)
	}
	defer tbl.Release()
	for _, f := range tbl.Schema().Fields()[:5] {
		fmt.Printf("%s: %s (nullable %v)\n", f.Name, f.Type, f.Nullable)
	}
	fmt.Println(tbl.NumRows(), "rows")
	// Output:
	// path: utf8 (nullable false)
	// cycle: utf8 (nullable false)
	// site: utf8 (nullable false)
	// date: date32 (nullable true)
	// format: utf8 (nullable false)
	// 2 rows
}
