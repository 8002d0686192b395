package match

import (
	"testing"
	"testing/fstest"

	"github.com/drift-project/drift/pipeline/lexicon"
)

// contextLexicon has entries whose sense depends on their sentence: company
// and bank count near a workplace or first-person cue, debt not near a
// fiscal cue.
const contextLexicon = `name: ctx
version: 0.0.1
dimensions:
  - name: framing
    cues:
      - name: workplace
        terms: [workers, wage*, fired, laid off, boss, foreclos*]
      - name: first_person
        terms: [my, our, we, us, i]
      - name: fiscal
        terms: [national, public, federal, deficit*]
    categories:
      - name: class
        subcategories:
          - name: antagonist
            entries:
              - {term: company, near: [workplace, first_person], window: 5}
              - {term: bank, near: [workplace, first_person]}
          - name: conditions
            entries: [rent, {term: debt, not_near: [fiscal]}]
      - name: identity
        subcategories:
          - name: race
            entries: [race]
    exclusions: [company tax]
`

func contextEngine(t testing.TB, opts Options) *Engine {
	t.Helper()
	set, err := lexicon.Load(fstest.MapFS{"c.yaml": {Data: []byte(contextLexicon)}})
	if err != nil {
		t.Fatal(err)
	}
	return &Engine{M: lexicon.Compile(set), Opts: opts}
}

func TestContextConditions(t *testing.T) {
	tests := []struct {
		name, in string
		keep     bool
		want     string
	}{
		{"story-circle sense", "The bank foreclosed on our house.", false, "class=bank"},
		{"first person", "My company cut the hours.", false, "class=company"},
		{"business sense is dropped", "The company will be regulated.", false, ""},
		{"and kept as a near miss", "The company will be regulated.", true, "class=company[veto,ctx]!"},
		{"exclusion is not a context veto", "The company tax rate.", true, "class=company[veto]!"},
		{"not_near", "The national debt and the rent.", true, "class=debt[veto,ctx]! class=rent"},
		{"negation applies after the condition", "This isn't about my company.", false, "class=company[neg]!"},
		{"a negated cue still counts as a cue", "We weren't fired by the company.", false, "class=company"},
		{"a question keeps its flag", "Did the bank foreclose on you?", false, "class=bank[q]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := contextEngine(t, Options{KeepVetoed: tt.keep})
			if got := render(e, tt.in, false); got != tt.want {
				t.Errorf("Match(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
