package aggregate

import (
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/drift-project/drift/pipeline/lexicon"
	"github.com/drift-project/drift/pipeline/match"
)

const testLexicon = `
name: t
version: 1.0.0
dimensions:
  - name: framing
    categories:
      - name: class
        subcategories:
          - name: all
            entries: [rent, landlord, wage*]
      - name: identity
        subcategories:
          - name: all
            entries: [race, immigrant*]
`

func engine(t *testing.T) *match.Engine {
	t.Helper()
	l, err := lexicon.Parse("t.yaml", []byte(testLexicon))
	if err != nil {
		t.Fatal(err)
	}
	return &match.Engine{M: lexicon.Compile(&lexicon.Set{Lexicons: []*lexicon.Lexicon{l}})}
}

func TestAddTurn(t *testing.T) {
	e := engine(t)
	c := New(e.M)
	k := Key{Cycle: "c1", Site: "s", Speaker: "spk-1", Role: "participant"}
	c.AddTurn(k, e.Match("The landlord raised the rent. It isn't about race. Wages fell, rent rose.", false))
	cl := c.Cells[k]
	if cl.Turns != 1 || cl.Sentences != 3 || cl.Tokens != 13 {
		t.Errorf("turns, sentences, tokens = %d, %d, %d; want 1, 3, 13", cl.Turns, cl.Sentences, cl.Tokens)
	}
	// class: landlord, rent, wages, rent = 4 hits in 2 sentences; identity: race, negated.
	if got, want := cl.Hits, []int64{4, 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("Hits = %v, want %v", got, want)
	}
	if got, want := cl.HitsAll, []int64{4, 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("HitsAll = %v, want %v", got, want)
	}
	if got, want := cl.FramedSentences, []int64{2, 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("FramedSentences = %v, want %v", got, want)
	}
	if c.Words["c1"]["rent"] != 2 {
		t.Errorf("Words[c1][rent] = %d, want 2", c.Words["c1"]["rent"])
	}
	if n := len(c.Entries); n != 3 {
		t.Errorf("%d entries counted, want 3 (landlord, rent, wage*)", n)
	}
}

func TestFacilitatorWordsNotCounted(t *testing.T) {
	e := engine(t)
	c := New(e.M)
	c.AddTurn(Key{Cycle: "c1", Speaker: "f", Role: "facilitator"}, e.Match("What about the rent?", true))
	if len(c.Words) != 0 || len(c.Entries) != 0 {
		t.Errorf("facilitator turn counted in words %v or entries %v", c.Words, c.Entries)
	}
}

// TestMergeIsAddition checks that counting turns in two halves and merging
// gives the same counts as counting them all in one, in either order.
func TestMergeIsAddition(t *testing.T) {
	e := engine(t)
	turns := []struct {
		k    Key
		text string
	}{
		{Key{"c1", "a", "s1", "participant"}, "The rent is too high. Immigrants are blamed."},
		{Key{"c1", "b", "s2", "participant"}, "Wages, wages, wages."},
		{Key{"c2", "a", "s1", "participant"}, "Race was never the point; the landlord was."},
		{Key{"c2", "a", "s1", "participant"}, "Rent strike now."},
	}
	all := New(e.M)
	for _, tt := range turns {
		all.AddTurn(tt.k, e.Match(tt.text, false))
	}
	a, b := New(e.M), New(e.M)
	for i, tt := range turns {
		dst := a
		if i%2 == 1 {
			dst = b
		}
		dst.AddTurn(tt.k, e.Match(tt.text, false))
	}
	ab, ba := New(e.M), New(e.M)
	ab.Merge(a)
	ab.Merge(b)
	ba.Merge(b)
	ba.Merge(a)
	for name, got := range map[string]*Counts{"a+b": ab, "b+a": ba} {
		if !reflect.DeepEqual(got.Cells, all.Cells) || !reflect.DeepEqual(got.Words, all.Words) || !reflect.DeepEqual(got.Entries, all.Entries) {
			t.Errorf("%s differs from counting in one pass", name)
		}
	}
	order := all.Sorted([]string{"c2", "c1"})
	if order[0].Cycle != "c2" || order[len(order)-1].Cycle != "c1" {
		t.Errorf("Sorted does not follow the cycle order: first %q, last %q", order[0].Cycle, order[len(order)-1].Cycle)
	}
}

// TestMergeCopiesWords checks that Merge does not keep the words of the
// counts it adds as substrings of their turn text: the merged counts live
// for the whole run, and a word that aliased its turn would keep the whole
// turn's text in memory with it.
func TestMergeCopiesWords(t *testing.T) {
	e := engine(t)
	text := "landlords " + strings.Repeat("x", 4096) + " landlords"
	doc := New(e.M)
	doc.AddTurn(Key{"c1", "a", "s1", "participant"}, e.Match(text, false))
	start := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	end := start + uintptr(len(text))
	aliased := 0
	for w := range doc.Words["c1"] {
		if p := uintptr(unsafe.Pointer(unsafe.StringData(w))); p >= start && p < end {
			aliased++
		}
	}
	if aliased == 0 {
		t.Skip("the tokenizer copied every word; nothing to check")
	}
	all := New(e.M)
	all.Merge(doc)
	for w := range all.Words["c1"] {
		if p := uintptr(unsafe.Pointer(unsafe.StringData(w))); p >= start && p < end {
			t.Errorf("merged word %q points into the turn text", w)
		}
	}
	if all.Words["c1"]["landlords"] != 2 {
		t.Errorf("Words[c1][landlords] = %d, want 2", all.Words["c1"]["landlords"])
	}
}

// TestNewCategories checks that Counts from one Matcher share the
// category index New builds, and that another Matcher gets its own.
func TestNewCategories(t *testing.T) {
	e := engine(t)
	a, b := New(e.M), New(e.M)
	if len(a.Categories) == 0 || &a.catOf[0] != &b.catOf[0] || !reflect.DeepEqual(a.Categories, b.Categories) {
		t.Errorf("two Counts of one Matcher: categories %v and %v, shared index %v", a.Categories, b.Categories, &a.catOf[0] == &b.catOf[0])
	}
	m2 := &lexicon.Matcher{Dimensions: e.M.Dimensions[:1], Labels: e.M.Labels}
	c := New(m2)
	var want []Category
	for ci, name := range m2.Dimensions[0].Categories {
		want = append(want, Category{Dimension: m2.Dimensions[0].Name, Name: name, Dim: 0, Index: ci})
	}
	if !reflect.DeepEqual(c.Categories, want) {
		t.Errorf("another Matcher: categories %v, want %v", c.Categories, want)
	}
	for i, l := range e.M.Labels {
		if got := a.CategoryOf(i); a.Categories[got].Dim != l.Dim || a.Categories[got].Index != l.Cat {
			t.Errorf("label %d (%d, %d) has category %v", i, l.Dim, l.Cat, a.Categories[got])
		}
	}
}
