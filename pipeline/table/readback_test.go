package table_test

import (
	"encoding/json"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/drift-project/drift/pipeline"
	"github.com/drift-project/drift/pipeline/table"
)

// TestReadBackArrowSchema opens every Parquet file of a dataset built from
// testdata/corpus with arrow-go and checks each column's name, order, Arrow
// type and nullability against the row struct of its table.
func TestReadBackArrowSchema(t *testing.T) {
	out := sampleDataset(t)
	files := parquetFiles(t, out)
	if len(files) == 0 {
		t.Fatal("the pipeline wrote no Parquet files")
	}
	seen := map[string]bool{}
	for _, rel := range files {
		t.Run(rel, func(t *testing.T) {
			spec, ok := specFor(rel)
			if !ok {
				t.Fatalf("%s belongs to no known table; add it to tables in helpers_test.go and to docs/schema.md", rel)
			}
			seen[spec.Name] = true
			pf, fr := openArrow(t, filepath.Join(out, rel))
			defer pf.Close()
			sc, err := fr.Schema()
			if err != nil {
				t.Fatalf("arrow schema: %v", err)
			}
			var want []arrow.Field
			for i := 0; i < spec.Row.NumField(); i++ {
				name, dt, nullable, err := expectedArrow(spec.Row.Field(i))
				if err != nil {
					t.Fatal(err)
				}
				want = append(want, arrow.Field{Name: name, Type: dt, Nullable: nullable})
			}
			if sc.NumFields() != len(want) {
				t.Errorf("%d columns, want %d (%s)\n got: %v", sc.NumFields(), len(want), spec.Row.Name(), sc)
			}
			for i := 0; i < min(len(want), sc.NumFields()); i++ {
				g, w := sc.Field(i), want[i]
				if g.Name != w.Name {
					t.Errorf("column %d: name %q, want %q", i, g.Name, w.Name)
					continue
				}
				if !arrow.TypeEqual(g.Type, w.Type) {
					t.Errorf("column %s: Arrow type %s, want %s", g.Name, g.Type, w.Type)
				}
				if g.Nullable != w.Nullable {
					t.Errorf("column %s: nullable %v, want %v", g.Name, g.Nullable, w.Nullable)
				}
				if spec.Partitioned && g.Name == "cycle" {
					t.Errorf("column cycle is stored inside a %s file; it is the hive partition key", spec.Name)
				}
			}
		})
	}
	for _, name := range []string{"documents", "turns", "matches", "frames", "drift"} {
		if !seen[name] {
			t.Errorf("the dataset has no %s table", name)
		}
	}
	for _, s := range tables {
		if !seen[s.Name] {
			t.Logf("table %s not written by this pipeline run (not checked)", s.Name)
		}
	}
}

// TestReadBackMetadata checks the key-value metadata of every file:
// schema_version, tool_version and the lexicons as JSON.
func TestReadBackMetadata(t *testing.T) {
	out := sampleDataset(t)
	for _, rel := range parquetFiles(t, out) {
		t.Run(rel, func(t *testing.T) {
			pf, _ := openArrow(t, filepath.Join(out, rel))
			defer pf.Close()
			kv := pf.MetaData().KeyValueMetadata()
			get := func(k string) string {
				v := kv.FindValue(k)
				if v == nil {
					t.Fatalf("no %q in the key-value metadata (keys: %v)", k, kv.Keys())
				}
				return *v
			}
			if got := get("schema_version"); got != table.SchemaVersion {
				t.Errorf("schema_version = %q, want %q", got, table.SchemaVersion)
			}
			if got := get("tool_version"); got != pipeline.Version {
				t.Errorf("tool_version = %q, want %q", got, pipeline.Version)
			}
			var lex []struct{ Name, Version, Hash string }
			if err := json.Unmarshal([]byte(get("lexicons")), &lex); err != nil {
				t.Fatalf("lexicons is not JSON: %v", err)
			}
			if len(lex) == 0 {
				t.Fatal("lexicons lists no lexicon")
			}
			for _, l := range lex {
				if l.Name == "" || l.Version == "" || l.Hash == "" {
					t.Errorf("lexicon entry with an empty name, version or hash: %+v", l)
				}
			}
			if wv := pf.MetaData().GetCreatedBy(); !strings.HasPrefix(wv, "drift") {
				t.Errorf("created_by = %q, want it to start with drift", wv)
			}
		})
	}
}

// TestReadBackStatisticsAndPageIndex checks that arrow-go can read the
// column chunk statistics and the page index (column and offset index) of
// every column chunk of every file.
func TestReadBackStatisticsAndPageIndex(t *testing.T) {
	out := sampleDataset(t)
	for _, rel := range parquetFiles(t, out) {
		t.Run(rel, func(t *testing.T) {
			pf, _ := openArrow(t, filepath.Join(out, rel))
			defer pf.Close()
			md := pf.MetaData()
			if pf.NumRows() == 0 {
				t.Skip("no rows")
			}
			pir := pf.GetPageIndexReader()
			for rg := 0; rg < pf.NumRowGroups(); rg++ {
				rgmd := md.RowGroup(rg)
				rgpi, err := pir.RowGroup(rg)
				if err != nil {
					t.Fatalf("row group %d: page index: %v", rg, err)
				}
				if rgpi == nil {
					t.Fatalf("row group %d has no page index", rg)
				}
				for c := 0; c < rgmd.NumColumns(); c++ {
					cc, err := rgmd.ColumnChunk(c)
					if err != nil {
						t.Fatal(err)
					}
					col := cc.PathInSchema().String()
					set, err := cc.StatsSet()
					if err != nil || !set {
						t.Errorf("%s: statistics not readable (set=%v, err=%v)", col, set, err)
					} else if st, err := cc.Statistics(); err != nil {
						t.Errorf("%s: statistics: %v", col, err)
					} else if st.NullCount() < 0 || (st.NumValues() == 0 && st.NullCount() == 0 && rgmd.NumRows() > 0) {
						t.Errorf("%s: statistics count no values and no nulls in %d rows", col, rgmd.NumRows())
					}
					ci, err := rgpi.GetColumnIndex(c)
					if err != nil || ci == nil {
						t.Errorf("%s: column index not readable: %v", col, err)
					} else if n := len(ci.GetNullPages()); n == 0 {
						t.Errorf("%s: column index has no pages", col)
					}
					oi, err := rgpi.GetOffsetIndex(c)
					if err != nil || oi == nil {
						t.Errorf("%s: offset index not readable: %v", col, err)
					} else if len(oi.GetPageLocations()) == 0 {
						t.Errorf("%s: offset index has no page locations", col)
					}
				}
			}
		})
	}
}

// TestReadBackRowCounts reads every table's rows with arrow-go and checks
// they agree with documents.parquet: one turns and matches partition per
// cycle with analysed files, as many turns and hits as the documents
// count, and only known documents, cycles and statuses.
func TestReadBackRowCounts(t *testing.T) {
	out := sampleDataset(t)
	docs := readTable(t, filepath.Join(out, table.DocumentsFile))
	defer docs.Release()
	type docInfo struct {
		cycle               string
		turns, hits, tokens int64
		ok                  bool
	}
	byPath := map[string]docInfo{}
	perCycle := map[string]*docInfo{} // ok documents only
	paths := strCol(t, docs, "path")
	cycles := strCol(t, docs, "cycle")
	statuses := strCol(t, docs, "status")
	nTurns := int64Col(t, docs, "n_turns")
	nHits := int64Col(t, docs, "n_hits")
	nTokens := int64Col(t, docs, "n_tokens")
	var okDocs int
	for i := range paths {
		if _, dup := byPath[paths[i]]; dup {
			t.Errorf("documents: path %q twice", paths[i])
		}
		switch statuses[i] {
		case "ok", "skipped", "failed", "config":
		default:
			t.Errorf("documents: %s has status %q", paths[i], statuses[i])
		}
		d := docInfo{cycles[i], nTurns[i], nHits[i], nTokens[i], statuses[i] == "ok"}
		byPath[paths[i]] = d
		if d.ok {
			okDocs++
			c := perCycle[d.cycle]
			if c == nil {
				c = &docInfo{}
				perCycle[d.cycle] = c
			}
			c.turns += d.turns
			c.hits += d.hits
			c.tokens += d.tokens
		} else if d.turns != 0 || d.hits != 0 {
			t.Errorf("documents: %s has status %s but %d turns and %d hits", paths[i], statuses[i], d.turns, d.hits)
		}
	}
	if okDocs == 0 {
		t.Fatal("documents: no file was analysed")
	}

	for _, dir := range []string{table.TurnsDir, table.MatchesDir} {
		t.Run(dir, func(t *testing.T) {
			got := map[string]*docInfo{}
			for _, rel := range parquetFiles(t, filepath.Join(out, dir)) {
				part := strings.SplitN(rel, "/", 2)[0]
				if !strings.HasPrefix(part, "cycle=") {
					t.Fatalf("%s/%s: not under a cycle=... folder", dir, rel)
				}
				cycle, err := url.PathUnescape(strings.TrimPrefix(part, "cycle="))
				if err != nil {
					t.Fatalf("%s/%s: %v", dir, rel, err)
				}
				tbl := readTable(t, filepath.Join(out, dir, filepath.FromSlash(rel)))
				g := got[cycle]
				if g == nil {
					g = &docInfo{}
					got[cycle] = g
				}
				for _, p := range strCol(t, tbl, "doc_path") {
					d, ok := byPath[p]
					switch {
					case !ok:
						t.Errorf("%s/%s: doc_path %q is not in documents.parquet", dir, rel, p)
					case !d.ok:
						t.Errorf("%s/%s: doc_path %q was not analysed (status not ok)", dir, rel, p)
					case d.cycle != cycle:
						t.Errorf("%s/%s: doc_path %q is in cycle %q, not %q", dir, rel, p, d.cycle, cycle)
					}
				}
				if dir == table.TurnsDir {
					g.turns += tbl.NumRows()
					for _, n := range int32Col(t, tbl, "n_tokens") {
						g.tokens += int64(n)
					}
					var hits int64
					for _, n := range int32Col(t, tbl, "n_hits") {
						hits += int64(n)
					}
					g.hits += hits
				} else {
					g.hits += tbl.NumRows()
				}
				tbl.Release()
			}
			for c, want := range perCycle {
				g := got[c]
				if g == nil {
					t.Errorf("cycle %q has analysed documents but no %s partition", c, dir)
					continue
				}
				if dir == table.TurnsDir && (g.turns != want.turns || g.tokens != want.tokens) {
					t.Errorf("cycle %q: %d turns with %d tokens, documents.parquet says %d turns with %d tokens", c, g.turns, g.tokens, want.turns, want.tokens)
				}
				if g.hits != want.hits {
					t.Errorf("cycle %q: %d hits in %s, documents.parquet says %d", c, g.hits, dir, want.hits)
				}
			}
			for c := range got {
				if perCycle[c] == nil {
					t.Errorf("%s has a partition for cycle %q, which has no analysed documents", dir, c)
				}
			}
		})
	}

	t.Run("frames", func(t *testing.T) {
		fr := readTable(t, filepath.Join(out, table.FramesFile))
		defer fr.Release()
		if fr.NumRows() == 0 {
			t.Fatal("frames.parquet is empty")
		}
		fc, fs, fsp, fro := strCol(t, fr, "cycle"), strCol(t, fr, "site"), strCol(t, fr, "speaker"), strCol(t, fr, "role")
		tokens := int64Col(t, fr, "tokens")
		hits, hitsAll := int64Col(t, fr, "hits"), int64Col(t, fr, "hits_all")
		perCell := map[string]int64{}
		for i := range fc {
			if perCycle[fc[i]] == nil {
				t.Errorf("frames: cycle %q has no analysed documents", fc[i])
			}
			if hits[i] > hitsAll[i] {
				t.Errorf("frames row %d: hits %d > hits_all %d", i, hits[i], hitsAll[i])
			}
			key := strings.Join([]string{fc[i], fs[i], fsp[i], fro[i]}, "\x00")
			if prev, ok := perCell[key]; ok && prev != tokens[i] {
				t.Errorf("frames: tokens differ within one cycle/site/speaker/role cell: %d and %d", prev, tokens[i])
			}
			perCell[key] = tokens[i]
		}
		var sum, want int64
		for _, n := range perCell {
			sum += n
		}
		for _, c := range perCycle {
			want += c.tokens
		}
		if sum > want {
			t.Errorf("frames count %d tokens, more than the %d tokens in documents.parquet", sum, want)
		}
	})

	t.Run("drift", func(t *testing.T) {
		dr := readTable(t, filepath.Join(out, table.DriftFile))
		defer dr.Release()
		if dr.NumRows() == 0 {
			t.Fatal("drift.parquet is empty")
		}
		scopes, dc := strCol(t, dr, "scope"), strCol(t, dr, "cycle")
		for i := range scopes {
			switch scopes[i] {
			case "cycle":
				if perCycle[dc[i]] == nil {
					t.Errorf("drift row %d: cycle %q has no analysed documents", i, dc[i])
				}
			case "trend":
				if dc[i] != "" {
					t.Errorf("drift row %d: trend row with cycle %q", i, dc[i])
				}
			default:
				t.Errorf("drift row %d: scope %q", i, scopes[i])
			}
		}
	})
}

// TestPartitionFolders checks the hive layout: every file of a partitioned
// table lives at TABLE/cycle=VALUE/part-NNNNN.parquet.
func TestPartitionFolders(t *testing.T) {
	out := sampleDataset(t)
	for _, rel := range parquetFiles(t, out) {
		spec, ok := specFor(rel)
		if !ok {
			continue
		}
		parts := strings.Split(rel, "/")
		if !spec.Partitioned {
			if len(parts) != 1 {
				t.Errorf("%s: %s is not partitioned; want %s at the dataset root", rel, spec.Name, spec.File)
			}
			continue
		}
		if len(parts) != 3 || !strings.HasPrefix(parts[1], "cycle=") {
			t.Errorf("%s: want %s/cycle=VALUE/part-NNNNN.parquet", rel, spec.File)
			continue
		}
		if ok, _ := path.Match("part-[0-9][0-9][0-9][0-9][0-9].parquet", parts[2]); !ok {
			t.Errorf("%s: file name %q, want part-NNNNN.parquet", rel, parts[2])
		}
	}
}

func strCol(t *testing.T, tbl arrow.Table, name string) []string {
	t.Helper()
	var out []string
	for _, ch := range column(t, tbl, name).Chunks() {
		a, ok := ch.(*array.String)
		if !ok {
			t.Fatalf("column %s is %s, not utf8", name, ch.DataType())
		}
		for i := 0; i < a.Len(); i++ {
			out = append(out, a.Value(i))
		}
	}
	return out
}

func int64Col(t *testing.T, tbl arrow.Table, name string) []int64 {
	t.Helper()
	var out []int64
	for _, ch := range column(t, tbl, name).Chunks() {
		a, ok := ch.(*array.Int64)
		if !ok {
			t.Fatalf("column %s is %s, not int64", name, ch.DataType())
		}
		out = append(out, a.Int64Values()...)
	}
	return out
}

func int32Col(t *testing.T, tbl arrow.Table, name string) []int32 {
	t.Helper()
	var out []int32
	for _, ch := range column(t, tbl, name).Chunks() {
		a, ok := ch.(*array.Int32)
		if !ok {
			t.Fatalf("column %s is %s, not int32", name, ch.DataType())
		}
		out = append(out, a.Int32Values()...)
	}
	return out
}
