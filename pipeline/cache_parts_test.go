package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/table"
	"github.com/drift-project/drift/pipeline/transcript"
)

// synthDoc is a document of the synthetic stream fed to partSink.
type synthDoc struct {
	path, cycle string
	version     int // changing it changes the rows (a new file version)
}

func (d synthDoc) result() (*docResult, transcript.File) {
	f := transcript.File{Rel: d.path, Cycle: d.cycle}
	r := &docResult{doc: transcript.Document{Path: d.path, Cycle: d.cycle, Status: transcript.StatusOK,
		SHA256: fmt.Sprintf("%s#%d", d.path, d.version)}, counts: &aggregate.Counts{}}
	for i := 0; i < 4; i++ {
		r.turns = append(r.turns, table.Turn{DocPath: d.path, Turn: int32(i), Text: fmt.Sprintf("v%d turn %d", d.version, i)})
	}
	for i := 0; i < 2; i++ {
		r.matches = append(r.matches, table.Match{DocPath: d.path, Turn: int32(i), Entry: fmt.Sprintf("v%d", d.version)})
	}
	r.hits = int64(len(r.matches))
	return r, f
}

// sinkRun writes docs through a partSink into out, with the cache at
// cacheOut (none when ""), the way Run does, and returns the parts reused.
func sinkRun(t *testing.T, out string, docs []synthDoc, withCache bool) int {
	t.Helper()
	st, err := table.NewStage(out)
	if err != nil {
		t.Fatal(err)
	}
	var c *docCache
	if withCache {
		c = openCache(out, Shard{}, "settings", []byte("test key"))
	}
	sink := newPartSink(st, table.Meta{"k": "v"}, 0, c, "", nil)
	// The cache holds no turn text: like fillText, take it from the
	// "file", here the document's version.
	sink.fill = func(f transcript.File, r *docResult) error {
		var d synthDoc
		fmt.Sscanf(r.doc.SHA256[strings.LastIndex(r.doc.SHA256, "#")+1:], "%d", &d.version)
		fresh, _ := d.result()
		r.texts = turnTexts(fresh.turns)
		r.textSum = textSum(r.texts)
		return nil
	}
	for _, d := range docs {
		r, f := d.result()
		r.file = f
		r.textSum = textSum(turnTexts(r.turns))
		if c != nil {
			key := c.key(f, r.doc.SHA256)
			if cached, err := c.reload(key); err == nil {
				cached.counts = r.counts
				cached.file = f
				if err := sink.fill(f, cached); err != nil {
					t.Fatal(err)
				}
				r = cached
				c.use(key)
			} else {
				c.store(f, r)
			}
		}
		if err := sink.add(d.cycle, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := sink.close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	if c != nil {
		c.prune()
		sink.saveManifest()
	}
	return sink.reused
}

func turnTexts(turns []table.Turn) []string {
	var out []string
	for _, t := range turns {
		out = append(out, t.Text)
	}
	return out
}

// TestPartSinkReuse feeds partSink streams where cycles interleave (so row
// groups end at switches) with 3-row row groups, reruns it with changes,
// and checks the part files equal those of a sink without cache, and that
// only unchanged cycles are reused.
func TestPartSinkReuse(t *testing.T) {
	defer func(n int) { partGroupRows = n }(partGroupRows)
	partGroupRows = 3
	base := []synthDoc{
		{"a/1", "A", 0}, {"a/2", "A", 0}, {"b/1", "B", 0}, {"a/3", "A", 0},
		{"b/2", "B", 0}, {"b/3", "B", 0}, {"c/1", "C", 0}, {"a/4", "A", 0},
	}
	changed := func(f func([]synthDoc) []synthDoc) []synthDoc {
		return f(append([]synthDoc(nil), base...))
	}
	tests := []struct {
		name   string
		docs   []synthDoc
		reused int
	}{
		{"same", base, 3},
		{"a file of A changed", changed(func(d []synthDoc) []synthDoc { d[3].version = 1; return d }), 2},
		{"first file of B changed", changed(func(d []synthDoc) []synthDoc { d[2].version = 1; return d }), 2},
		{"a file added to C", changed(func(d []synthDoc) []synthDoc { return append(d, synthDoc{"c/2", "C", 0}) }), 2},
		{"a file of B removed", changed(func(d []synthDoc) []synthDoc { return append(d[:5], d[6:]...) }), 2},
		{"A no longer interleaved", changed(func(d []synthDoc) []synthDoc {
			return []synthDoc{d[0], d[1], d[3], d[7], d[2], d[4], d[5], d[6]}
		}), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			if n := sinkRun(t, out, base, true); n != 0 {
				t.Fatalf("first run reused %d cycles", n)
			}
			if n := sinkRun(t, out, tt.docs, true); n != tt.reused {
				t.Errorf("reused %d cycles, want %d", n, tt.reused)
			}
			fresh := filepath.Join(t.TempDir(), "fresh")
			sinkRun(t, fresh, tt.docs, false)
			sameFiles(t, datasetFiles(t, fresh), datasetFiles(t, out), "fresh vs incremental")
			// Each cycle's part file holds its documents' rows in stream order.
			for _, cy := range []string{"A", "B", "C"} {
				var want []string
				for _, d := range tt.docs {
					if d.cycle == cy {
						r, _ := d.result()
						for _, tr := range r.turns {
							want = append(want, tr.DocPath+"|"+tr.Text)
						}
					}
				}
				b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(table.PartPath(table.TurnsDir, cy, 0))))
				if err != nil {
					t.Fatal(err)
				}
				rows, err := table.Decode[table.Turn](b)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, tr := range rows {
					got = append(got, tr.DocPath+"|"+tr.Text)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("cycle %s rows:\n got %q\nwant %q", cy, got, want)
				}
			}
			if m, _ := filepath.Glob(filepath.Join(out, "*", "*", ".segment-*")); len(m) > 0 {
				t.Errorf("segment files left: %v", m)
			}
		})
	}
}
