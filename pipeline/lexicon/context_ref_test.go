package lexicon

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/drift-project/drift/pipeline/segment"
)

// refLex has cue lists with the cases the fast path must get right: stems
// that are prefixes of words and of other stems, a British stem and the
// American stem it collides with, an exact word and its possessive, cues
// sharing first words, and windows of every kind.
const refLex = `name: ref
version: 1
dimensions:
  - name: framing
    cues:
      - name: a
        terms: [work*, workers, worker's, laid off, laid off workers, lay, organis*, organiz*, boss, boss's, wage*, wages, o'neill]
      - name: b
        terms: [the budget, budget, budg*, organiz* drive, the, the the, national, capitalis*, capitaliz*, "rent strike", rent]
      - name: c
        terms: [my, our, we, us, "our company", "my boss"]
    categories:
      - name: class
        subcategories:
          - name: antagonist
            entries:
              - {term: company, near: [a, c], window: 4}
              - {term: bank, near: c}
              - {term: profit*, near: [a], not_near: [b], window: 3}
              - {term: boss, not_near: [b], window: 1}
              - {term: the company, near: [b], window: 2}
              - {term: debt, not_near: [a, b]}
              - {term: rent, near: [c], window: 6}
      - name: identity
        subcategories:
          - name: race
            entries: [race]
`

// checkCondHolds checks condHolds against condition.holds, the reference,
// for every conditional label of m and every span of toks.
func checkCondHolds(t *testing.T, m *Matcher, toks []segment.Token) {
	t.Helper()
	if len(toks) == 0 || m.cond == nil {
		return
	}
	s := m.scratch.Get().(*scratch)
	defer m.scratch.Put(s)
	s.gen++
	seen := map[string]bool{} // conditions with the same lists and window
	for _, c := range m.cond {
		if c == nil {
			continue
		}
		key := fmt.Sprint(c.window, c.near, c.notNear)
		if seen[key] {
			continue
		}
		seen[key] = true
		for start := 0; start < len(toks); start++ {
			for end := start + 1; end <= len(toks) && end <= start+4; end++ {
				want := c.holds(toks, start, end)
				if got := m.condHolds(s, c, toks, start, end); got != want {
					t.Fatalf("condHolds(%q, [%d,%d)) = %v, holds gives %v", sentenceText(toks), start, end, got, want)
				}
			}
		}
	}
}

func sentenceText(toks []segment.Token) string {
	var out string
	for _, tk := range toks {
		out += tk.Text + " "
	}
	return out
}

func TestCondHoldsMatchesReference(t *testing.T) {
	texts := []string{
		"Our company cut the hours of the workers.",
		"The worker's boss's company laid off workers and the the budget.",
		"The company's workers, laid off, organised; the bank's profits rose.",
		"My boss, the company and the national budget: capitalism's rent strike.",
		"O'Neill's wages 's work workers' boss' the company debt",
		"profits profits the the the company bank rent",
		"The company debt and the organizing drive; organising drive company.",
	}
	for _, lex := range []string{refLex, ctxLex} {
		m := compileOne(t, "ref.yaml", lex)
		for _, text := range texts {
			for _, s := range segment.Split(text) {
				checkCondHolds(t, m, s.Tokens)
			}
		}
	}
	// The shipped lexicons over the sample corpus.
	set, err := Load(os.DirFS(filepath.Join("..", "..", "lexicons")))
	if err != nil {
		t.Fatal(err)
	}
	m := Compile(set)
	var b testing.B
	sents, _ := benchTurns(&b, []string{"../../testdata/corpus/*/*.txt", "../../testdata/corpus/*/*.md"})
	if len(sents) == 0 {
		t.Fatal("no sentences in testdata/corpus")
	}
	for _, toks := range sents {
		checkCondHolds(t, m, toks)
	}
}

func FuzzCondHolds(f *testing.F) {
	m := compileOne(f, "ref.yaml", refLex)
	for _, s := range []string{"Our company cut the hours.", "worker's boss's the the budget", "organising capitalised 's o'neill's", "", "laid off workers' company"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, s := range segment.Split(text) {
			// checkCondHolds is quadratic in the tokens or worse; any prefix
			// of a sentence's tokens is a sentence to condHolds.
			checkCondHolds(t, m, s.Tokens[:min(len(s.Tokens), 80)])
		}
	})
}
