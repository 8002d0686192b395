package lexicon

import (
	"math/rand/v2"
	"testing"

	"github.com/drift-project/drift/lexicons"
)

// containsEntryRef is firstWords.containsEntry written plainly: every
// entry at every word of the exclusion.
func containsEntryRef(x *Entry, entries []ownedEntry) bool {
	for _, o := range entries {
		e := o.e
		for i := 0; i+len(e.words) <= len(x.words); i++ {
			ok := true
			for j, w := range e.words {
				if !w.matches(x.words[i+j].text) {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// TestFirstWordsAsScan checks the first-word index against the plain scan
// on the default lexicons' dimensions: their exclusions, every entry's own
// words, those words within others, a stem's word lengthened and cut
// short, and random runs of their words.
func TestFirstWordsAsScan(t *testing.T) {
	set, err := Load(lexicons.FS)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	checked, found := 0, 0
	for _, l := range set.Lexicons {
		for _, d := range l.Dimensions {
			list := ownedEntries(d)
			var words []string
			for _, o := range list {
				for _, w := range o.e.words {
					words = append(words, w.text, w.text+"s", w.text[:len(w.text)/2])
					if w.alt != "" {
						words = append(words, w.alt+"ed")
					}
				}
			}
			if len(list) == 0 {
				continue
			}
			fw := newFirstWords(list)
			probe := func(x *Entry) {
				t.Helper()
				got, want := fw.containsEntry(x), containsEntryRef(x, list)
				if got != want {
					t.Fatalf("%s/%s: exclusion %v: index says %v, the scan %v", l.Name, d.Name, x.words, got, want)
				}
				checked++
				if want {
					found++
				}
			}
			for _, x := range d.Exclusions {
				if x.words != nil {
					probe(x)
				}
			}
			word := func() wordPat { return wordPat{text: words[rng.IntN(len(words))]} }
			for _, o := range list {
				own := make([]wordPat, len(o.e.words))
				for i, w := range o.e.words {
					own[i] = wordPat{text: w.text}
				}
				probe(&Entry{words: own})
				probe(&Entry{words: append([]wordPat{word()}, append(own, word())...)})
				longer := append([]wordPat(nil), own...)
				longer[0].text += "ing"
				probe(&Entry{words: longer})
				shorter := append([]wordPat(nil), own...)
				shorter[0].text = shorter[0].text[:len(shorter[0].text)-1]
				probe(&Entry{words: shorter})
			}
			for range 2000 {
				x := make([]wordPat, 1+rng.IntN(4))
				for i := range x {
					x[i] = word()
				}
				probe(&Entry{words: x})
			}
		}
	}
	if found == 0 || found == checked {
		t.Fatalf("%d of %d probes found an entry: the test probes nothing", found, checked)
	}
}
