package match

import (
	"encoding/json"
	"fmt"
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
		{"bad roles", "text,role,class\nThe rent.,moderator,1\nThe rent.,,1\nThe rent.\n", strings.Join([]string{
			`g.csv:2:11: role is "moderator"; want participant, facilitator or unknown`,
			`g.csv:3:11: role is empty; want participant, facilitator or unknown`,
			`g.csv:4:1: role is empty; want participant, facilitator or unknown`,
			`g.csv:4:1: row has no class value`}, "\n")},
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
	scores := Validate(e, g, ValidateOptions{}).Scores
	b, _ := json.Marshal(scores)
	// precision 2/3, recall 2/3, F1 2/3; kappa: po = 4/6, pe = (3*3+3*3)/36 = 0.5, (0.6667-0.5)/0.5 = 0.3333.
	want := `{"class":{"precision":0.6667,"recall":0.6667,"f1":0.6667,"kappa":0.3333,"tp":2,"fp":1,"fn":1,"tn":2}}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

// TestValidateDisagreements checks that every false positive and false
// negative is listed once, in file order, with the row's line, id and the
// entries that hit, and that the list agrees with the counts.
func TestValidateDisagreements(t *testing.T) {
	e := testEngine(t, Options{})
	gold := "id,text,role,class,identity\n" +
		"a1,The landlord raised the rent.,participant,1,0\n" + // class tp
		"a2,The union army marched.,participant,1,1\n" + // class fn, identity fn
		"a3,The picket was cold.,participant,0,0\n" + // class fp
		"a4,What about the picket?,facilitator,1,0\n" + // a prompt: class fn (never found)
		"a5,\"Race and rent, every time.\",participant,0,0\n" // class fp and identity fp
	g, err := ReadGold("g.csv", []byte(gold), []string{"class", "identity"})
	if err != nil {
		t.Fatal(err)
	}
	v := Validate(e, g, ValidateOptions{})
	var got []string
	for _, d := range v.Disagreements {
		got = append(got, fmt.Sprintf("%d %s %s %s %s %v", d.Line, d.ID, d.Category, d.Kind, d.Role, d.Hits))
	}
	want := []string{
		"3 a2 class fn participant []",
		"3 a2 identity fn participant []",
		`4 a3 class fp participant ["picket" (class/action)]`,
		"5 a4 class fn facilitator []",
		`6 a5 class fp participant ["rent" (class/conditions)]`,
		`6 a5 identity fp participant ["Race" (identity/race)]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("disagreements:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	n := 0
	for _, s := range v.Scores {
		n += s.FP + s.FN
	}
	if n != len(v.Disagreements) {
		t.Errorf("%d disagreements, scores count %d false positives and negatives", len(v.Disagreements), n)
	}
}

// TestValidateRoles checks that validate scores facilitator rows the way
// drift run counts facilitator turns: as no participant framing, unless
// IncludeFacilitator.
func TestValidateRoles(t *testing.T) {
	e := testEngine(t, Options{})
	const withRoles = "text,role,class\n" +
		"The landlord raised the rent.,participant,1\n" +
		"Tell us about the rent.,facilitator,0\n" + // a prompt: coded 0
		"What about the picket?,facilitator,1\n" + // a prompt coded 1 (only to show it is never found)
		"The rent was late.,unknown,0\n" +
		"We bought it on the black market.,participant,0\n"
	tests := []struct {
		name string
		gold string
		opts ValidateOptions
		want string
	}{
		// kappa: po = 4/5, pe = (1*2+4*3)/25 = 0.56, (0.8-0.56)/0.44 = 0.5455.
		{"facilitator rows are negative by default", withRoles, ValidateOptions{},
			`{"precision":1,"recall":0.5,"f1":0.6667,"kappa":0.5455,"tp":1,"fp":0,"fn":1,"tn":3}`},
		// kappa: po = 3/5, pe = (4*2+1*3)/25 = 0.44, (0.6-0.44)/0.56 = 0.2857.
		{"--include-facilitator scores them as participant talk", withRoles, ValidateOptions{IncludeFacilitator: true},
			`{"precision":0.5,"recall":1,"f1":0.6667,"kappa":0.2857,"tp":2,"fp":2,"fn":0,"tn":1}`},
		{"no role column: every row is participant talk", "text,class\nTell us about the rent.,0\nThe rent went up.,1\n", ValidateOptions{},
			`{"precision":0.5,"recall":1,"f1":0.6667,"kappa":0,"tp":1,"fp":1,"fn":0,"tn":0}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := ReadGold("g.csv", []byte(tt.gold), []string{"class"})
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(Validate(e, g, tt.opts).Scores["class"])
			if string(b) != tt.want {
				t.Errorf("got  %s\nwant %s", b, tt.want)
			}
		})
	}
	g, err := ReadGold("g.csv", []byte(withRoles), []string{"class"})
	if err != nil {
		t.Fatal(err)
	}
	if !g.HasRole || g.NotParticipant() != 3 {
		t.Errorf("HasRole %v, NotParticipant %d; want true, 3", g.HasRole, g.NotParticipant())
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
