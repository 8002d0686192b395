package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline/table"
)

// partRows decodes the rows of every part file under dir of the dataset
// out, keyed by cycle ("cycle=C").
func partRows[T any](t *testing.T, out, dir string) map[string][]T {
	t.Helper()
	parts, err := filepath.Glob(filepath.Join(out, dir, "cycle=*", "part-*.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(parts)
	rows := map[string][]T{}
	for _, p := range parts {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := table.Decode[T](b)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		cy := filepath.Base(filepath.Dir(p))
		rows[cy] = append(rows[cy], rs...)
	}
	return rows
}

var pseudonymRE = regexp.MustCompile(`spk-[0-9a-f]{8}`)

// offsetStats counts the hits of a dataset by how their offsets find them
// in turns.text.
type offsetStats struct {
	hits, counted int
	byteMissed    int // text[byte_start:byte_end] is not the surface
	moved         int // text_start differs from byte_start
	pseudonym     int // the text range holds a pseudonym in place of the surface
}

// checkTextOffsets checks that every match row of the dataset out finds
// its hit in its turn's text (joined on cycle, doc_path, turn) by
// text_start and text_end, as the policy the dataset was written with
// says: the surface itself under full; the surface (any case) or, where a
// name overlapped the hit, a range holding a pseudonym under masked; 0, 0
// under none.
func checkTextOffsets(t *testing.T, out, policy string) offsetStats {
	t.Helper()
	texts := map[string]string{}
	for cy, rows := range partRows[table.Turn](t, out, table.TurnsDir) {
		for _, r := range rows {
			texts[fmt.Sprintf("%s\x00%s\x00%d", cy, r.DocPath, r.Turn)] = r.Text
		}
	}
	var st offsetStats
	for cy, rows := range partRows[table.Match](t, out, table.MatchesDir) {
		for _, m := range rows {
			st.hits++
			if m.Counted {
				st.counted++
			}
			text, ok := texts[fmt.Sprintf("%s\x00%s\x00%d", cy, m.DocPath, m.Turn)]
			if !ok {
				t.Fatalf("%s %s turn %d: a match of no turn", cy, m.DocPath, m.Turn)
			}
			where := fmt.Sprintf("%s %s turn %d, %q at bytes [%d,%d) text [%d,%d)", cy, m.DocPath, m.Turn, m.Surface, m.ByteStart, m.ByteEnd, m.TextStart, m.TextEnd)
			if m.TextStart != m.ByteStart {
				st.moved++
			}
			if int(m.ByteEnd) > len(text) || text[m.ByteStart:m.ByteEnd] != m.Surface {
				st.byteMissed++
			}
			if policy == TextNone {
				if m.TextStart != 0 || m.TextEnd != 0 {
					t.Errorf("%s: want 0, 0 under --text none", where)
				}
				continue
			}
			if m.TextStart < 0 || m.TextEnd < m.TextStart || int(m.TextEnd) > len(text) {
				t.Errorf("%s: out of bounds of a text of %d bytes", where, len(text))
				continue
			}
			got := text[m.TextStart:m.TextEnd]
			switch {
			case policy == TextFull:
				if got != m.Surface || m.TextStart != m.ByteStart || m.TextEnd != m.ByteEnd {
					t.Errorf("%s: text holds %q; want the surface at the byte offsets under --text full", where, got)
				}
			case strings.EqualFold(got, m.Surface):
			case pseudonymRE.MatchString(got) && !pseudonymRE.MatchString(m.Surface):
				st.pseudonym++
			default:
				t.Errorf("%s: text holds %q, neither the surface nor a pseudonym", where, got)
			}
		}
	}
	return st
}

// TestTextOffsets checks, on testdata/corpus, that text_start and text_end
// find every hit in turns.text under each text policy, and that under the
// default (masked) byte_start does not always (which is why they exist).
func TestTextOffsets(t *testing.T) {
	corpus := makeCorpus(t, 1, "2026-01", "2026-02", "2026-03", "2026-04")
	for _, policy := range []string{TextMasked, TextFull, TextNone} {
		t.Run(policy, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			run(t, Config{Corpus: corpus, Out: out, Text: policy, Workers: 2, NoCache: true})
			st := checkTextOffsets(t, out, policy)
			t.Logf("--text %s: %d hits (%d counted): byte offsets miss %d (%.1f%%), text offsets moved %d, on a pseudonym %d",
				policy, st.hits, st.counted, st.byteMissed, 100*float64(st.byteMissed)/float64(max(st.hits, 1)), st.moved, st.pseudonym)
			if st.counted == 0 {
				t.Fatal("no counted hits")
			}
			if policy == TextMasked && (st.moved == 0 || st.byteMissed == 0) {
				t.Errorf("--text masked: %d hits moved, %d missed by byte offsets; the corpus should exercise the mapping", st.moved, st.byteMissed)
			}
			if policy == TextFull && st.byteMissed != 0 {
				t.Errorf("--text full: byte offsets miss %d hits", st.byteMissed)
			}
		})
	}
}
