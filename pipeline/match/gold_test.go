package match

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestReadGoldProblems(t *testing.T) {
	cats := []string{"class", "identity"}
	tests := []struct{ name, in, want string }{
		{"no text column", "id,class\n1,0\n", `g.csv:1:1: no "text" column`},
		{"no category column", "id,text\n1,hi\n", `g.csv:1:1: no column named after a category; want one or more of class, identity`},
		{"bad codes", "id,text,class,identity\n1,The rent.,1,yes\n2,Race.,,0\n3,,0,0\n", strings.Join([]string{
			`g.csv:2:15: identity is "yes"; want 0 or 1`,
			`g.csv:3:9: class is not coded; want 0 or 1`,
			`g.csv:4:3: empty text`}, "\n")},
		{"csv syntax", "text,class\n\"a,1\n", `g.csv:2:6: extraneous or missing " in quoted-field`},
		{"empty", "", `g.csv:1:1: empty file; want a header with a text column and category columns`},
		{"no rows", "text,class\n", `g.csv:2:1: no coded sentences`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadGold("g.csv", []byte(tt.in), cats)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", err, tt.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	e := testEngine(t, Options{})
	// TSV, with an ignored column and a category the file does not code.
	gold := "id\ttext\tclass\tnote\n" +
		"1\tThe landlord raised the rent.\t1\tx\n" + // tp
		"2\tThis isn't about race, it's about the rent.\t1\t\n" + // tp
		"3\tWe bought it on the black market.\t0\t\n" + // tn
		"4\tThe union army marched.\t1\t\n" + // fn
		"5\tThe boss level was hard.\t0\t\n" + // tn
		"6\tThe picket was cold.\t0\t\n" // fp
	g, err := ReadGold("g.tsv", []byte(gold), []string{"class", "identity"})
	if err != nil {
		t.Fatal(err)
	}
	scores := Validate(e, g)
	b, _ := json.Marshal(scores)
	// precision 2/3, recall 2/3, F1 2/3; kappa: po = 4/6, pe = (3*3+3*3)/36 = 0.5, (0.6667-0.5)/0.5 = 0.3333.
	want := `{"class":{"precision":0.6667,"recall":0.6667,"f1":0.6667,"kappa":0.3333,"tp":2,"fp":1,"fn":1,"tn":2}}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

func TestScoreDegenerate(t *testing.T) {
	tests := []struct {
		name string
		s    Score
		want string
	}{
		{"no positives anywhere", Score{TN: 5}, `{"precision":null,"recall":null,"f1":null,"kappa":null,"tp":0,"fp":0,"fn":0,"tn":5}`},
		{"tagger finds none", Score{FN: 2, TN: 3}, `{"precision":null,"recall":0,"f1":null,"kappa":0,"tp":0,"fp":0,"fn":2,"tn":3}`},
		{"gold has none", Score{FP: 2, TN: 3}, `{"precision":0,"recall":null,"f1":null,"kappa":0,"tp":0,"fp":2,"fn":0,"tn":3}`},
		{"all wrong", Score{FP: 1, FN: 1}, `{"precision":0,"recall":0,"f1":0,"kappa":-1,"tp":0,"fp":1,"fn":1,"tn":0}`},
		{"perfect", Score{TP: 3, TN: 1}, `{"precision":1,"recall":1,"f1":1,"kappa":1,"tp":3,"fp":0,"fn":0,"tn":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.s
			s.finish()
			b, _ := json.Marshal(s)
			if string(b) != tt.want {
				t.Errorf("got  %s\nwant %s", b, tt.want)
			}
		})
	}
}
