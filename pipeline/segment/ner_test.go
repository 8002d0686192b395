package segment

import (
	"bytes"
	"encoding/gob"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jdkato/prose/v2"
)

// proseModel is prose's own model (its tagger and its entity recogniser),
// loaded once for the tests that compare People with it.
var proseModel = sync.OnceValue(func() *prose.Model {
	d, err := prose.NewDocument("", prose.WithSegmentation(false))
	if err != nil {
		panic(err)
	}
	return d.Model
})

// peopleProse is People as it was written first: prose's Document, as is.
// ok is false when prose panics (it does on some invalid UTF-8).
func peopleProse(text string) (out []string, ok bool) {
	defer func() {
		if recover() != nil {
			out, ok = nil, false
		}
	}()
	d, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.UsingModel(proseModel()))
	if err != nil {
		return nil, false
	}
	for _, e := range d.Entities() {
		if e.Label == "PERSON" {
			out = append(out, e.Text)
		}
	}
	return out, true
}

// checkPeople compares People with prose on s. prose sums the tagger's
// weights in map order and breaks the recogniser's ties in map order, so
// a near-tie can come out either way from one call to the next: People's
// answer is wrong only if prose never gives it in 30 calls.
func checkPeople(t *testing.T, s string) bool {
	t.Helper()
	got := tg.People(s)
	want, ok := peopleProse(s)
	if !ok || slices.Equal(got, want) {
		return true
	}
	for range 30 {
		if w, _ := peopleProse(s); slices.Equal(got, w) {
			return true
		}
	}
	t.Errorf("People(%q) = %q, prose gives %q", s, got, want)
	return false
}

// nerSentences are the sample corpus's sentences, cases for the quirks
// entityModel copies, and (when shared/corpora is beside the repository or
// under /work) the sentences of a few debates, which name many people.
func nerSentences(t *testing.T) []string {
	out := append(sampleSentences(t),
		"Thank you, Senator Kennedy. Mr. Nixon, Mr. Nixon, your answer?",
		"John Smith met John Smith and Mary Jones in New York on 3 May 1999.",
		"Walt said Walt would call Walt back, and Ana Lopez agreed with Ana.",
		"I told Jim. Jim told Bob. Bob told Sue O'Neil, who told Jim.",
		"Governor Bush and Vice President Gore, and Gore's friend Tipper Gore.",
		"12 12 12 Smith Smith Smith",
		"Dr. King",
	)
	var files []string
	for _, dir := range []string{filepath.Join("..", "..", "..", "shared", "corpora"), filepath.Join("/work", "shared", "corpora")} {
		files, _ = filepath.Glob(filepath.Join(dir, "us-debates", "by_debate", "1960-*.txt"))
		if len(files) > 0 {
			break
		}
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		for _, s := range Split(text) {
			out = append(out, text[s.Start:s.End])
		}
	}
	return out
}

// TestPeopleMatchesProse compares People, sentence by sentence, with
// prose's own entity recogniser (as People used to call it).
func TestPeopleMatchesProse(t *testing.T) {
	if testing.Short() {
		t.Skip("compares thousands of sentences with prose")
	}
	sents := nerSentences(t)
	names, bad := 0, 0
	for _, s := range sents {
		names += len(tg.People(s))
		if !checkPeople(t, s) {
			if bad++; bad > 20 {
				t.Fatal("too many differences")
			}
		}
	}
	if names < 20 {
		t.Errorf("only %d names found in %d sentences", names, len(sents))
	}
	t.Logf("%d sentences, %d names", len(sents), names)
}

// TestPeopleRepeatedWords pins prose's shared tokens: "Walt" repeated
// carries the tag and label of its last occurrence, the last span does
// not share, and the slots say so.
func TestPeopleRepeatedWords(t *testing.T) {
	// "Walt," is a span of its own, and the last "Walt" is split afresh:
	// only the second "Walt" shares the first one's token.
	words, slot := proseTokenSlots("Walt met Walt and Walt, Walt, Walt")
	if want := []string{"Walt", "met", "Walt", "and", "Walt", ",", "Walt", ",", "Walt"}; !slices.Equal(words, want) {
		t.Fatalf("words = %q, want %q", words, want)
	}
	if want := []int{0, 1, 0, 3, 4, 5, 4, 5, 8}; !slices.Equal(slot, want) {
		t.Errorf("slot = %v, want %v", slot, want)
	}
	vals := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i"}
	if got, want := lastOfSlot(vals, slot), []string{"c", "b", "c", "d", "g", "h", "g", "h", "i"}; !slices.Equal(got, want) {
		t.Errorf("lastOfSlot = %q, want %q", got, want)
	}
}

func FuzzPeople(f *testing.F) {
	for _, s := range []string{
		"Thank you, Senator Kennedy.", "John Smith met John Smith.", "Mr. Nixon, Mr. Nixon", "Dr. King 12 12",
		"I don't want a big rally, I want people to know each other's names.", "x\xffN'T Bob", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.Count(s, " ") > 60 {
			return // prose's recogniser is slow; long inputs add nothing
		}
		checkPeople(t, s)
	})
}

func BenchmarkLoadEntityModel(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadEntityModel(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReadStringInts checks readStringInts against encoding/gob on
// prose's mapping.gob, and on a small map of its own encoding.
func TestReadStringInts(t *testing.T) {
	raw, err := prose.Asset("model/Maxent/mapping.gob")
	if err != nil {
		t.Fatal(err)
	}
	var small bytes.Buffer
	if err := gob.NewEncoder(&small).Encode(map[string]int{"a": 0, "": -3, "long key-with-O": 1 << 40}); err != nil {
		t.Fatal(err)
	}
	for _, b := range [][]byte{raw, small.Bytes()} {
		var want map[string]int
		if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&want); err != nil {
			t.Fatal(err)
		}
		got, err := readStringInts(b)
		if err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(got, want) {
			t.Errorf("readStringInts: %d keys, encoding/gob %d, or other values", len(got), len(want))
		}
	}
}

// FuzzReadStringInts checks that readStringInts never panics and, when
// it reads a stream, reads what encoding/gob does.
func FuzzReadStringInts(f *testing.F) {
	var b bytes.Buffer
	gob.NewEncoder(&b).Encode(map[string]int{"x-y-O": 7, "b": -1})
	f.Add(b.Bytes())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := readStringInts(data)
		if err != nil {
			return
		}
		var want map[string]int
		if gob.NewDecoder(bytes.NewReader(data)).Decode(&want) == nil && !maps.Equal(got, want) {
			t.Errorf("readStringInts(%q) = %v, encoding/gob %v", data, got, want)
		}
	})
}

func BenchmarkReadStringInts(b *testing.B) {
	raw, err := prose.Asset("model/Maxent/mapping.gob")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := readStringInts(raw); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGobStringInts(b *testing.B) {
	raw, err := prose.Asset("model/Maxent/mapping.gob")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var m map[string]int
		if err := gob.NewDecoder(bytes.NewReader(raw)).Decode(&m); err != nil {
			b.Fatal(err)
		}
	}
}
