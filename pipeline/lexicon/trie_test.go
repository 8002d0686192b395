package lexicon

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/drift-project/drift/pipeline/segment"
)

// refPatterns is Matcher.patterns walking the compiler's maps of children,
// as the matcher did before the dense table: the reference for it.
func refPatterns(bt *byteTrie, btMap []map[byte]int32, w string) []int32 {
	var dst []int32
	if len(w) == 0 {
		return dst
	}
	n := bt.root[w[0]] - 1
	var bare int32
	for i := 1; n >= 0; i++ {
		nd := &bt.nodes[n]
		if nd.stem != 0 {
			dst = append(dst, nd.stem-1)
		}
		if nd.word != 0 && i < len(w) && (w[i:] == "'s" || w[i:] == "'") {
			bare = nd.word
		}
		if i == len(w) {
			if nd.word != 0 {
				return append(dst, nd.word-1)
			}
			break
		}
		next, ok := btMap[n][w[i]]
		if !ok {
			next = -1
		}
		n = next
	}
	if bare != 0 {
		dst = append(dst, bare-1)
	}
	return dst
}

// checkChildren checks every child of the dense byte trie against the maps
// it was built from.
func checkChildren(t testing.TB, c *compiler) {
	t.Helper()
	bt := &c.m.words
	for n, ch := range c.bt.btMap {
		for b := 0; b < 256; b++ {
			want, ok := ch[byte(b)]
			if !ok {
				want = -1
			}
			if got := bt.child(int32(n), byte(b)); got != want {
				t.Fatalf("child(%d, %q) = %d, want %d", n, byte(b), got, want)
			}
		}
	}
}

// checkPatterns checks patterns against refPatterns for words.
func checkPatterns(t *testing.T, c *compiler, words []string) {
	t.Helper()
	bt := &c.m.words
	for _, w := range words {
		got, want := c.m.patterns(w, nil), refPatterns(bt, c.bt.btMap, w)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("patterns(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestPatternsMatchReference(t *testing.T) {
	words := []string{"rent", "rents", "rent's", "rent'", "landlord's", "landlords'", "'s", "'", "''", "s", "",
		"organising", "organizing", "capitalism", "capitalised", "white", "whitepaper", "race's", "racist", "racis", "ʼ", "ü"}
	for _, lex := range []string{testLexicon, refLex, ctxLex} {
		set, err := loadOne("t.yaml", lex)
		if err != nil {
			t.Fatal(err)
		}
		c := compile(set)
		checkChildren(t, c)
		checkPatterns(t, c, words)
	}
	set, err := Load(os.DirFS(filepath.Join("..", "..", "lexicons")))
	if err != nil {
		t.Fatal(err)
	}
	var b testing.B
	sents, _ := benchTurns(&b, []string{"../../testdata/corpus/*/*.txt", "../../testdata/corpus/*/*.md"})
	for _, s := range sents {
		for _, tk := range s {
			words = append(words, tk.Norm)
		}
	}
	c := compile(set)
	checkChildren(t, c)
	checkPatterns(t, c, words)
}

func FuzzPatterns(f *testing.F) {
	set, err := Load(os.DirFS(filepath.Join("..", "..", "lexicons")))
	if err != nil {
		f.Fatal(err)
	}
	c := compile(set)
	checkChildren(f, c)
	for _, s := range []string{"The landlord's rent-strike!", "organising capitalists'", "", "ＲＥＮＴ", "workers' wages"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var words []string
		for _, s := range segment.Split(text) {
			for _, tk := range s.Tokens {
				words = append(words, tk.Norm, tk.Text)
			}
		}
		words = append(words, text)
		checkPatterns(t, c, words)
	})
}
