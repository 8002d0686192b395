package segment

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"github.com/jdkato/prose/v2"
)

// proseTags is prose's own tagging of one sentence: the reference the fast
// tagger must reproduce.
func proseTags(t testing.TB, model *prose.Model, s string) []Tagged {
	t.Helper()
	d, err := prose.NewDocument(s, prose.WithSegmentation(false), prose.WithExtraction(false), prose.UsingModel(model))
	if err != nil {
		t.Fatal(err)
	}
	var out []Tagged
	for _, tk := range d.Tokens() {
		out = append(out, Tagged{tk.Text, tk.Tag})
	}
	return out
}

// sampleSentences returns the sentences of the repository's sample corpus
// plus hand-picked cases for prose's special rules.
func sampleSentences(t testing.TB) []string {
	t.Helper()
	out := []string{
		"We decided. They forced us.",
		"I had worked there since 1998 and we'd never been paid on time.",
		"My landlord didn't fix the heating :-) so we organised a rent strike.",
		"Email me at jo@example.org or see www.example.com/rent - it's 3,200 words.",
		"The -LRB- tag and *T*-1 traces and 0 are Treebank leftovers.",
		"Ünïcode wörds, naïve café owners, and “curly quotes” too.",
		"@union posted the 2019-2020 figures; I've read them.",
		"",
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "corpus", "*", "*"))
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

// tg is shared by the tests so the model loads once.
var tg Tagger

func TestTagsMatchProse(t *testing.T) {
	d, err := prose.NewDocument("", prose.WithSegmentation(false))
	if err != nil {
		t.Fatal(err)
	}
	sents := sampleSentences(t)
	if len(sents) < 50 {
		t.Fatalf("only %d sample sentences; is testdata/corpus there?", len(sents))
	}
	words, repeated := 0, 0
	for _, s := range sents {
		got, want := tg.Tags(s), proseTags(t, d.Model, s)
		if len(got) != len(want) {
			t.Fatalf("%q: %d tokens, prose has %d", s, len(got), len(want))
		}
		n := map[string]int{}
		for _, w := range want {
			n[w.Text]++
		}
		for i := range got {
			words++
			if n[want[i].Text] > 1 {
				// prose's tokenizer caches tokens by their span, so a word
				// written twice in one sentence is one *Token and reports the
				// tag of its last occurrence (see TestTagsRepeatedWord).
				repeated++
				continue
			}
			if got[i] != want[i] && !proseSometimes(t, d.Model, s, i, got[i]) {
				t.Errorf("%q: token %d = %v, prose gives %v", s, i, got[i], want[i])
			}
		}
	}
	t.Logf("%d sentences, %d tokens compared, %d repeated words skipped", len(sents), words-repeated, repeated)
}

// proseSometimes reports whether prose gives token i of s the tag want in
// one of 50 runs. prose sums feature weights in map order, so near-ties
// ("Eleven" NNP or RB after "Dualeh:") come out either way from run to run;
// Tags sums in a fixed order and always gives the same one.
func proseSometimes(t *testing.T, model *prose.Model, s string, i int, want Tagged) bool {
	for range 50 {
		if proseTags(t, model, s)[i] == want {
			return true
		}
	}
	return false
}

// TestTagsRepeatedWord pins the one intended difference from prose: prose
// reports the tag of a word's last occurrence in a sentence for every
// occurrence ("want" VBP twice here); Tags tags each occurrence.
func TestTagsRepeatedWord(t *testing.T) {
	got := tg.Tags("I don't want a big rally, I want people to know each other's names.")
	if got[3].Text != "want" || got[3].Tag != "VB" || got[9].Text != "want" || got[9].Tag != "VBP" {
		t.Errorf("Tags = %v; want the first \"want\" VB (after \"n't\") and the second VBP", got)
	}
}

func TestTagsConcurrent(t *testing.T) {
	var tg Tagger
	done := make(chan []Tagged)
	for range 4 {
		go func() { done <- tg.Tags("I had told them we were evicted.") }()
	}
	for range 4 {
		got := <-done
		if len(got) != 8 || got[1].Tag != "VBD" {
			t.Errorf("Tags = %v", got)
		}
	}
}

// TestTagWhile checks that TagWhile gives the words and tags of Tags, in
// order, and stops when asked.
func TestTagWhile(t *testing.T) {
	for _, s := range sampleSentences(t) {
		want := tg.Tags(s)
		words := tg.Words(s)
		var got []Tagged
		tg.TagWhile(words, func(i int, tag string) bool {
			if i != len(got) {
				t.Fatalf("%q: TagWhile gave index %d after %d tags", s, i, len(got))
			}
			got = append(got, Tagged{words[i], tag})
			return true
		})
		if len(got) != len(want) {
			t.Fatalf("%q: TagWhile gave %d tags, Tags %d", s, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%q: token %d: TagWhile %v, Tags %v", s, i, got[i], want[i])
			}
		}
		if len(want) < 2 {
			continue
		}
		stop := len(want) / 2
		n := 0
		tg.TagWhile(words, func(int, string) bool { n++; return n <= stop })
		if n != stop+1 {
			t.Fatalf("%q: TagWhile went on to %d tokens after fn returned false at %d", s, n, stop+1)
		}
	}
}

func TestIsAtoi(t *testing.T) {
	for _, s := range []string{"", "1", "1998", "+123", "-123", "+", "-", "12a4", "that", "１２３４", "0x12", "1_00", "++12", " 123", "-0"} {
		_, err := strconv.Atoi(s)
		if got := isAtoi(s); got != (err == nil) {
			t.Errorf("isAtoi(%q) = %v, strconv.Atoi says %v", s, got, err)
		}
	}
}

// TestBuildPerceptronClasses: taking the classes from classes.gob alone
// (the fast path) lays out the same model as looking through every
// weight for them.
func TestBuildPerceptronClasses(t *testing.T) {
	wts, tags, classes := loadTestModel(t)
	fast, ok := buildPerceptron(wts, tags, classes, false)
	if !ok || fast == nil {
		t.Fatalf("fast path: ok %v, model %v", ok, fast != nil)
	}
	slow, _ := buildPerceptron(wts, tags, classes, true)
	if !reflect.DeepEqual(fast.classes, slow.classes) {
		t.Errorf("classes: fast path %v, slow path %v", fast.classes, slow.classes)
	}
	// Tag ids follow map order, so compare what the models do.
	for _, s := range []string{
		"We organised the tenants and the landlord backed down.",
		"I had never been evicted before they sold the building in 1998.",
		"They say it's about immigrants, but it was the bosses who cut our wages!",
	} {
		words := proseTokenize(s, nil)
		if f, sl := fast.tag(words), slow.tag(words); !reflect.DeepEqual(f, sl) {
			t.Errorf("%q: fast path %v, slow path %v", s, f, sl)
		}
	}
	// A weight naming a class classes.gob lacks sends it to the slow path.
	if _, ok := buildPerceptron(map[string]map[string]float64{"bias": {"NEW": 1}}, tags, classes, false); ok {
		t.Error("a class only a weight names: fast path reported ok")
	}
}
