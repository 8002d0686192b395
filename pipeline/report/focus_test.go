package report

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline/table"
)

// focusDataset writes turns and matches part files for cycle c1, the
// documents split over part files as given (one slice per part file), and
// returns the rows as Load would hold them.
func focusDataset(t *testing.T, dir string, parts [][]string, nTurns map[string]int, nHits map[string]int, rng *rand.Rand) ([]table.Turn, []table.Match) {
	cats := [][2]string{{"framing", "class"}, {"framing", "identity"}, {"blame", "structural"}, {"blame", "horizontal"}}
	words := []string{"rent", "wages", "boss", "church", "we", "the"}
	var allT []table.Turn
	var allM []table.Match
	for p, docs := range parts {
		var ts []table.Turn
		var ms []table.Match
		for _, doc := range docs {
			texts := map[int32]string{}
			for turn := range int32(nTurns[doc]) {
				var ss []string
				for range 1 + rng.IntN(3) {
					ss = append(ss, words[rng.IntN(len(words))]+" "+words[rng.IntN(len(words))]+" "+words[rng.IntN(len(words))]+".")
				}
				texts[turn] = strings.Join(ss, " ")
				ts = append(ts, table.Turn{DocPath: doc, Turn: turn, Site: "east", Speaker: fmt.Sprint("spk-", rng.IntN(4)),
					Role: []string{"participant", "participant", "facilitator"}[rng.IntN(3)], Text: texts[turn]})
			}
			for range nHits[doc] {
				c := cats[rng.IntN(len(cats))]
				turn := int32(rng.IntN(max(nTurns[doc], 1) + 1)) // sometimes a turn that does not exist
				m := table.Match{DocPath: doc, Turn: turn, Sentence: int32(rng.IntN(3)), Site: "east", Speaker: "spk-1",
					Role: "participant", Dimension: c[0], Category: c[1], Surface: words[rng.IntN(len(words))], Counted: rng.IntN(5) > 0, Narrative: rng.IntN(2) == 0}
				if ws := wordSpans(texts[turn]); len(ws) > 0 && rng.IntN(4) > 0 {
					// Most with the hit's bytes in the text (see quoteCycle).
					w := ws[rng.IntN(len(ws))]
					m.TextStart, m.TextEnd, m.Surface = int32(w[0]), int32(w[1]), texts[turn][w[0]:w[1]]
				}
				ms = append(ms, m)
			}
		}
		if len(ts) > 0 {
			if err := table.WriteFile(filepath.Join(dir, table.PartPath(table.TurnsDir, "c1", p)), ts, table.Meta{}); err != nil {
				t.Fatal(err)
			}
		}
		if len(ms) > 0 {
			if err := table.WriteFile(filepath.Join(dir, table.PartPath(table.MatchesDir, "c1", p)), ms, table.Meta{}); err != nil {
				t.Fatal(err)
			}
		}
		allT, allM = append(allT, ts...), append(allM, ms...)
	}
	return allT, allM
}

// TestReadFocusMatchesRows checks that reading the turns and matches
// partitions side by side keeps exactly what the report builds from the
// same rows in memory: documents whose turns and hits cross read batches,
// two part files per table, documents without hits, no hits at all and an
// empty cycle; and that hits without turns, or a damaged matches file, give
// an error naming the files.
func TestReadFocusMatchesRows(t *testing.T) {
	heads := []table.Drift{
		{Scope: "cycle", Cycle: "c1", Site: "all", Measure: "class_share", Estimate: f(0.5), Verdict: verdictRose},
		{Scope: "cycle", Cycle: "c1", Site: "all", Measure: "structural_share", Estimate: f(0.5), Verdict: verdictFell},
	}
	rng := rand.New(rand.NewPCG(1, 1))
	cases := []struct {
		name  string
		parts [][]string
		turns map[string]int
		hits  map[string]int
	}{
		// d0 has 150 turns (three turn batches) and 9000 hits (three hit batches).
		{"long documents", [][]string{{"d0", "d1"}, {"d2", "d3"}}, map[string]int{"d0": 150, "d1": 5, "d2": 70, "d3": 2}, map[string]int{"d0": 9000, "d1": 0, "d2": 5000, "d3": 3}},
		{"no hits at all", [][]string{{"d0"}}, map[string]int{"d0": 10}, map[string]int{}},
		{"empty cycle", [][]string{{}}, map[string]int{}, map[string]int{}},
		{"documents without hits between", [][]string{{"a", "b", "c"}, {"d"}}, map[string]int{"a": 3, "b": 3, "c": 3, "d": 3}, map[string]int{"a": 0, "b": 10, "c": 0, "d": 10}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			turns, matches := focusDataset(t, dir, tc.parts, tc.turns, tc.hits, rng)
			got, err := readFocus(dir, "c1", heads, nil)
			if err != nil {
				t.Fatal(err)
			}
			in := Input{Turns: map[string][]table.Turn{"c1": turns}, Matches: map[string][]table.Match{"c1": matches}}
			want := in.focusFor("c1", heads)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("readFocus differs from focusFor over the rows:\n got %+v\nwant %+v", *got, *want)
			}
		})
	}
	t.Run("hits without turns names files", func(t *testing.T) {
		dir := t.TempDir()
		if err := table.WriteFile(filepath.Join(dir, table.PartPath(table.MatchesDir, "c1", 0)), []table.Match{{DocPath: "x", Counted: true, Role: "participant"}}, table.Meta{}); err != nil {
			t.Fatal(err)
		}
		_, err := readFocus(dir, "c1", heads, nil)
		if err == nil || !strings.Contains(err.Error(), "matches") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("damaged matches file names it", func(t *testing.T) {
		dir := t.TempDir()
		focusDataset(t, dir, [][]string{{"d0"}}, map[string]int{"d0": 3}, map[string]int{"d0": 3}, rng)
		p := filepath.Join(dir, table.PartPath(table.MatchesDir, "c1", 0))
		if err := os.WriteFile(p, []byte("not parquet"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := readFocus(dir, "c1", heads, nil)
		if err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("err = %v, want it to name %s", err, p)
		}
	})
}
