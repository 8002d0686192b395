package pipeline

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline/table"
)

// TestCacheRowFields fails when a field is added to (or changed in)
// table.Turn or table.Match without cache_rows.go learning about it: the
// cache would then drop the field, and a rerun would differ from a full run.
func TestCacheRowFields(t *testing.T) {
	tests := []struct {
		name string
		typ  reflect.Type
		want string
	}{
		{"Turn", reflect.TypeFor[table.Turn](), "DocPath string, Turn int32, Site string, Speaker string, Role string, " +
			"Line int32, StartS *float64, EndS *float64, NSentences int32, NTokens int32, NNoise int32, NHits int32, Text string"},
		{"Match", reflect.TypeFor[table.Match](), "DocPath string, Turn int32, Sentence int32, TokenStart int32, TokenEnd int32, " +
			"ByteStart int32, ByteEnd int32, TextStart int32, TextEnd int32, Site string, Speaker string, Role string, Lexicon string, LexiconVersion string, " +
			"Dimension string, Category string, Subcategory string, Entry string, Surface string, Weight float64, " +
			"Negated bool, Question bool, Reported bool, Facilitator bool, Narrative bool, Counted bool"},
	}
	for _, tt := range tests {
		var f []string
		for i := 0; i < tt.typ.NumField(); i++ {
			f = append(f, tt.typ.Field(i).Name+" "+tt.typ.Field(i).Type.String())
		}
		if got := strings.Join(f, ", "); got != tt.want {
			t.Errorf("table.%s has fields\n%s\ncache_rows.go encodes\n%s\nupdate encode%ss and decode%ss (and bump cacheFormat)", tt.name, got, tt.want, tt.name, tt.name)
		}
	}
}

func f64(v float64) *float64 { return &v }

func TestCacheRowsRoundTrip(t *testing.T) {
	turns := []table.Turn{
		{},
		{DocPath: "2026-01/a.txt", Turn: 3, Site: "east", Speaker: "spk-1", Role: "participant", Line: -7,
			StartS: f64(0), EndS: f64(12.25), NSentences: 2, NTokens: 1 << 30, NNoise: 1, NHits: -1 << 31, Text: "naïve “café” \x00\xff"},
		{StartS: f64(-0.5), Text: strings.Repeat("x", 300)},
	}
	matches := []table.Match{
		{},
		{DocPath: "d", Turn: 1, Sentence: 2, TokenStart: 3, TokenEnd: 4, ByteStart: 5, ByteEnd: 600, TextStart: 7, TextEnd: 1 << 20, Site: "s", Speaker: "p",
			Role: "facilitator", Lexicon: "framing", LexiconVersion: "1.2.0", Dimension: "class", Category: "c", Subcategory: "sub",
			Entry: "evict*", Surface: "Evicted", Weight: 0.5, Negated: true, Reported: true, Narrative: true},
		{Weight: -1e300, Question: true, Facilitator: true, Counted: true},
	}
	gotT, err := decodeTurns(encodeTurns(turns))
	if err != nil || !reflect.DeepEqual(gotT, turns) {
		t.Errorf("turns: got %+v, %v; want %+v", gotT, err, turns)
	}
	gotM, err := decodeMatches(encodeMatches(matches))
	if err != nil || !reflect.DeepEqual(gotM, matches) {
		t.Errorf("matches: got %+v, %v; want %+v", gotM, err, matches)
	}
	if got, err := decodeMatches(encodeMatches(nil)); err != nil || len(got) != 0 {
		t.Errorf("no matches: got %v, %v", got, err)
	}
	// A truncated or padded entry is an error, never a panic or wrong rows.
	b := encodeMatches(matches)
	for n := 0; n < len(b); n++ {
		if _, err := decodeMatches(b[:n]); err == nil {
			t.Fatalf("decodeMatches of %d of %d bytes: no error", n, len(b))
		}
	}
	if _, err := decodeTurns(append(encodeTurns(turns), 0)); err == nil {
		t.Error("decodeTurns with a trailing byte: no error")
	}
}

func FuzzDecodeRows(f *testing.F) {
	f.Add(encodeTurns([]table.Turn{{DocPath: "a", StartS: f64(1)}}))
	f.Add(encodeMatches([]table.Match{{DocPath: "a", Counted: true}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		// Compared by their encodings: a NaN weight is not DeepEqual to itself.
		if rows, err := decodeTurns(b); err == nil {
			e := encodeTurns(rows)
			if again, err := decodeTurns(e); err != nil || !bytes.Equal(encodeTurns(again), e) {
				t.Fatalf("turns do not round-trip: %v", err)
			}
		}
		if rows, err := decodeMatches(b); err == nil {
			e := encodeMatches(rows)
			if again, err := decodeMatches(e); err != nil || !bytes.Equal(encodeMatches(again), e) {
				t.Fatalf("matches do not round-trip: %v", err)
			}
		}
	})
}
