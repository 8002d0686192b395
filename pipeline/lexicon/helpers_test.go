package lexicon

import (
	"strings"
	"testing"
	"testing/fstest"
)

// loadOne loads one lexicon file given as text.
func loadOne(name, text string) (*Set, error) {
	return Load(fstest.MapFS{name: {Data: []byte(text)}})
}

// checkProblems checks that Check of the file t.yaml holding in reports
// exactly the problems want, in order.
func checkProblems(t *testing.T, in string, want []string) {
	t.Helper()
	_, problems := Check([]File{{"t.yaml", []byte(in)}})
	var got []string
	for _, p := range problems {
		got = append(got, p.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// testLexicon is a small lexicon shaped like the defaults, so tests do not
// depend on the curated files in lexicons/.
const testLexicon = `name: testlex
version: 0.0.1
dimensions:
  - name: framing
    categories:
      - name: class
        subcategories:
          - name: conditions
            entries: [rent, wage*, evict*, pay the rent, bills, debt]
          - name: antagonist
            entries: [boss, landlord, management]
          - name: position
            entries: [workers, white collar, blue collar, labor, working class]
          - name: action
            entries: [union, strike, rent strike, picket, organiz*, evictions]
          - name: injustice
            entries: [wage theft]
      - name: identity
        subcategories:
          - name: race
            entries: [race, racis*, white, black, white people]
          - name: nation
            entries: [immigrant*, lithuania, native born]
          - name: religion
            entries: [church, catholic]
    exclusions: [arms race, race car, the race for, white house, white paper, black friday, black market,
      european union, soviet union, union army, strike a deal, lightning strike, rent a movie, boss level]
  - name: blame
    categories:
      - name: structural
        subcategories:
          - name: up
            entries: [boss, landlord, the system]
      - name: horizontal
        subcategories:
          - name: sideways
            entries: [immigrants, those people, the neighbors]
tests:
  - text: The landlord raised the rent.
    match: [class/antagonist, class/conditions, structural]
  - text: The arms race was long.
    no_match: [identity]
`
