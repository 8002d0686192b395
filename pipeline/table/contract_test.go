package table_test

// The contract test: docs/schema.md and the row structs in rows.go must
// describe the same columns, in the same order, with the same types.

import (
	"bufio"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

const schemaDoc = "../../docs/schema.md"

var updateSchema = flag.Bool("update-schema", false, "rewrite the column tables of docs/schema.md from rows.go (keeps descriptions, marks new columns TODO)")

// docColumn is one row of a column table in docs/schema.md.
type docColumn struct {
	Name, Type, Null, Desc string
	Line                   int
}

// docTable is one "## name" section of docs/schema.md with its column table.
type docTable struct {
	Name       string
	Heading    int // line number of the heading
	Start, End int // line numbers (1-based, inclusive) of the table, header included; 0 when absent
	Columns    []docColumn
}

var headingRE = regexp.MustCompile("^## `?([a-z_]+)`?(\\s|$)")

// parseSchemaDoc reads the sections of docs/schema.md that start with a
// "## name" heading and contain a "| column | type | null | description |"
// table.
func parseSchemaDoc(lines []string) (map[string]*docTable, error) {
	out := map[string]*docTable{}
	var cur *docTable
	inTable := false
	for i, line := range lines {
		n := i + 1
		if strings.HasPrefix(line, "## ") {
			cur, inTable = nil, false
			if m := headingRE.FindStringSubmatch(line); m != nil {
				cur = &docTable{Name: m[1], Heading: n}
			}
			continue
		}
		if cur == nil {
			continue
		}
		trimmed := strings.TrimSpace(line)
		if !strings.HasPrefix(trimmed, "|") {
			if inTable {
				inTable = false
				cur.End = n - 1
			}
			continue
		}
		cells := splitRow(trimmed)
		switch {
		case !inTable && cur.Start == 0:
			if len(cells) != 4 || cells[0] != "column" || cells[1] != "type" || cells[2] != "null" || cells[3] != "description" {
				return nil, fmt.Errorf("%s:%d: the table of section %q must have the header | column | type | null | description |", schemaDoc, n, cur.Name)
			}
			if _, dup := out[cur.Name]; dup {
				return nil, fmt.Errorf("%s:%d: second section for table %q", schemaDoc, cur.Heading, cur.Name)
			}
			out[cur.Name] = cur
			cur.Start, inTable = n, true
		case inTable && strings.Trim(trimmed, "|-: ") == "":
			// the separator row
		case inTable:
			if len(cells) != 4 {
				return nil, fmt.Errorf("%s:%d: want 4 cells (column, type, null, description), got %d", schemaDoc, n, len(cells))
			}
			cur.Columns = append(cur.Columns, docColumn{
				Name: strings.Trim(cells[0], "`"), Type: strings.Trim(cells[1], "`"), Null: cells[2], Desc: cells[3], Line: n,
			})
		}
	}
	if cur != nil && inTable {
		cur.End = len(lines)
	}
	return out, nil
}

func splitRow(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	row = strings.TrimSuffix(row, "|")
	// Cells may contain escaped pipes ("\|").
	parts := strings.Split(strings.ReplaceAll(row, `\|`, "\x00"), "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(strings.ReplaceAll(parts[i], "\x00", `\|`))
	}
	return parts
}

// schemaColumns returns the columns parquet-go writes for a row type, with
// the type names docs/schema.md uses.
func schemaColumns(t *testing.T, row reflect.Type) []docColumn {
	t.Helper()
	sc := parquet.SchemaOf(reflect.New(row).Elem().Interface())
	var out []docColumn
	for _, f := range sc.Fields() {
		null := "no"
		if f.Optional() {
			null = "yes"
		}
		out = append(out, docColumn{Name: f.Name(), Type: docType(f), Null: null})
	}
	return out
}

// docType names a Parquet column's type the way docs/schema.md does:
// string, date, int32, int64, double, float, bool, binary,
// timestamp(us|ms|ns), list<T>.
func docType(n parquet.Node) string {
	lt := ""
	if l := n.Type().LogicalType(); l != nil {
		lt = l.String()
	}
	switch {
	case !n.Leaf() && strings.HasPrefix(lt, "LIST"):
		// LIST group > repeated group list > element
		inner := n.Fields()[0]
		if !inner.Leaf() && len(inner.Fields()) == 1 {
			return "list<" + docType(inner.Fields()[0]) + ">"
		}
		return "list<" + docType(inner) + ">"
	case !n.Leaf():
		return "group"
	case lt == "STRING":
		return "string"
	case lt == "DATE":
		return "date"
	case strings.HasPrefix(lt, "INT(32"):
		return "int32"
	case strings.HasPrefix(lt, "INT(64"):
		return "int64"
	case strings.HasPrefix(lt, "TIMESTAMP"):
		switch {
		case strings.Contains(lt, "MICROS"):
			return "timestamp(us)"
		case strings.Contains(lt, "MILLIS"):
			return "timestamp(ms)"
		default:
			return "timestamp(ns)"
		}
	case lt == "ENUM":
		return "enum"
	case lt != "":
		return strings.ToLower(lt)
	}
	switch n.Type().Kind() {
	case parquet.Boolean:
		return "bool"
	case parquet.Int32:
		return "int32"
	case parquet.Int64:
		return "int64"
	case parquet.Float:
		return "float"
	case parquet.Double:
		return "double"
	case parquet.ByteArray:
		return "binary"
	default:
		return strings.ToLower(n.Type().Kind().String())
	}
}

// rowStructs returns the struct types declared in rows.go.
func rowStructs(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "rows.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, s := range g.Specs {
			ts := s.(*ast.TypeSpec)
			if _, ok := ts.Type.(*ast.StructType); ok {
				out = append(out, ts.Name.Name)
			}
		}
	}
	return out
}

// TestContractEveryRowStructIsRegistered fails when rows.go declares a
// struct that is not a known table, so that a new table cannot skip the
// documentation and read-back tests.
func TestContractEveryRowStructIsRegistered(t *testing.T) {
	known := map[string]bool{}
	for _, s := range tables {
		known[s.Row.Name()] = true
	}
	for _, name := range rowStructs(t) {
		if !known[name] {
			t.Errorf("rows.go declares struct %s, which is not a known table.\n"+
				"Fix: add {\"<table>\", \"<table>.parquet\", <partitioned?>, reflect.TypeFor[table.%s]()} to tables in pipeline/table/helpers_test.go,\n"+
				"then run `go test ./pipeline/table -run TestContractSchemaDoc -update-schema` and describe its columns in docs/schema.md.", name, name)
		}
	}
}

// TestContractSchemaDoc checks docs/schema.md against the row structs:
// every table has a section whose column table lists the columns in the
// struct's order with the same Parquet types and nullability, and every
// column has a description.
func TestContractSchemaDoc(t *testing.T) {
	raw, err := os.ReadFile(schemaDoc)
	if err != nil {
		t.Fatalf("reading the schema documentation: %v", err)
	}
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	docs, err := parseSchemaDoc(lines)
	if err != nil {
		t.Fatal(err)
	}
	fix := "Fix docs/schema.md by hand, or run\n\tgo test ./pipeline/table -run TestContractSchemaDoc -update-schema\n" +
		"which rewrites its column tables from pipeline/table/rows.go (keeping existing descriptions), then replace every TODO with a description."
	var replacements []replacement
	var missing []string
	for _, spec := range tables {
		want := schemaColumns(t, spec.Row)
		d, ok := docs[spec.Name]
		if !ok {
			t.Errorf("docs/schema.md has no section \"## %s\" with a column table for table.%s.\n%s", spec.Name, spec.Row.Name(), fix)
			missing = append(missing, renderSection(spec, want, nil))
			continue
		}
		var problems []string
		got := d.Columns
		for i := 0; i < max(len(got), len(want)); i++ {
			switch {
			case i >= len(got):
				problems = append(problems, fmt.Sprintf("column %q (%s) is in table.%s but not in docs/schema.md (new column?)", want[i].Name, want[i].Type, spec.Row.Name()))
			case i >= len(want):
				problems = append(problems, fmt.Sprintf("line %d: column %q is documented but table.%s has no such column (removed or renamed?)", got[i].Line, got[i].Name, spec.Row.Name()))
			case got[i].Name != want[i].Name:
				problems = append(problems, fmt.Sprintf("line %d: column %d is %q in docs/schema.md but %q in table.%s (added, removed, renamed or reordered?)", got[i].Line, i+1, got[i].Name, want[i].Name, spec.Row.Name()))
			default:
				if got[i].Type != want[i].Type {
					problems = append(problems, fmt.Sprintf("line %d: column %q has type %q in docs/schema.md but %q in table.%s", got[i].Line, got[i].Name, got[i].Type, want[i].Type, spec.Row.Name()))
				}
				if got[i].Null != want[i].Null {
					problems = append(problems, fmt.Sprintf("line %d: column %q has null %q in docs/schema.md but %q in table.%s", got[i].Line, got[i].Name, got[i].Null, want[i].Null, spec.Row.Name()))
				}
				if desc := strings.TrimSpace(got[i].Desc); desc == "" || strings.Contains(desc, "TODO") {
					problems = append(problems, fmt.Sprintf("line %d: column %q needs a description", got[i].Line, got[i].Name))
				}
			}
		}
		if len(problems) > 0 {
			t.Errorf("docs/schema.md section %q disagrees with table.%s in pipeline/table/rows.go:\n  %s\n%s",
				spec.Name, spec.Row.Name(), strings.Join(problems, "\n  "), fix)
			replacements = append(replacements, replacement{d, renderTable(want, d.Columns)})
		}
	}
	for name, d := range docs {
		found := false
		for _, s := range tables {
			found = found || s.Name == name
		}
		if !found {
			t.Errorf("docs/schema.md:%d: section %q documents a table that rows.go does not have; remove it or register the table in pipeline/table/helpers_test.go", d.Heading, name)
		}
	}
	if *updateSchema && (len(replacements) > 0 || len(missing) > 0) {
		writeSchemaDoc(t, lines, replacements, missing)
	}
}

type replacement struct {
	doc   *docTable
	table []string
}

// renderTable renders a column table, keeping the descriptions of columns
// docs already has.
func renderTable(cols []docColumn, old []docColumn) []string {
	desc := map[string]string{}
	for _, c := range old {
		desc[c.Name] = c.Desc
	}
	out := []string{"| column | type | null | description |", "|---|---|---|---|"}
	for _, c := range cols {
		d := desc[c.Name]
		if d == "" {
			d = "TODO: meaning, units, allowed values"
		}
		out = append(out, fmt.Sprintf("| `%s` | %s | %s | %s |", c.Name, c.Type, c.Null, d))
	}
	return out
}

func renderSection(spec tableSpec, cols []docColumn, old []docColumn) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\nTODO: what one row is. Row struct: `table.%s`.\n\n", spec.Name, spec.Row.Name())
	for _, l := range renderTable(cols, old) {
		b.WriteString(l + "\n")
	}
	return b.String()
}

func writeSchemaDoc(t *testing.T, lines []string, reps []replacement, missing []string) {
	sort.Slice(reps, func(i, j int) bool { return reps[i].doc.Start > reps[j].doc.Start })
	for _, r := range reps {
		end := r.doc.End
		if end == 0 {
			end = len(lines)
		}
		lines = append(lines[:r.doc.Start-1], append(r.table, lines[end:]...)...)
	}
	var b strings.Builder
	w := bufio.NewWriter(&b)
	for _, l := range lines {
		w.WriteString(l + "\n")
	}
	for _, s := range missing {
		w.WriteString("\n" + s)
	}
	w.Flush()
	if err := os.WriteFile(schemaDoc, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("rewrote %s; fill in the TODOs", schemaDoc)
}
