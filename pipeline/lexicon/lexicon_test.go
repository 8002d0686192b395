package lexicon

import (
	"errors"
	"strings"
	"testing"
)

// lex builds a lexicon file with one dimension whose class and identity
// entries and exclusions are given as YAML flow lists.
func lex(class, identity, exclusions, tests string) string {
	s := "name: t\nversion: 1\ndimensions:\n  - name: framing\n    categories:\n" +
		"      - name: class\n        subcategories:\n          - name: conditions\n            entries: " + class + "\n" +
		"      - name: identity\n        subcategories:\n          - name: race\n            entries: " + identity + "\n"
	if exclusions != "" {
		s += "    exclusions: " + exclusions + "\n"
	}
	if tests != "" {
		s += "tests:\n" + tests
	}
	return s
}

func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // every problem, in order, as printed
	}{
		{"ok", lex("[rent]", "[race]", "", ""), nil},
		{"yaml syntax", "name: t\nversion: [1\n", []string{"t.yaml:2:10: YAML syntax: [ is never closed (did not find expected ',' or ']')"}},
		{"empty", "", []string{"t.yaml:1:1: empty lexicon file; want name, version, dimensions"}},
		{"unknown keys", "name: t\nversion: 1\ncolour: red\ndimensions: []\n",
			[]string{`t.yaml:3:1: unknown key "colour" in lexicon; want one of description, dimensions, name, sources, tests, version`}},
		{"missing keys", "name: t\n", []string{`t.yaml:1:1: lexicon has no "version"`, `t.yaml:1:1: lexicon has no "dimensions"`}},
		{"duplicate entry", lex("[rent, bills, rent]", "[race]", "", ""), []string{`t.yaml:9:36: duplicate entry "rent" (first at line 9)`}},
		{"same entry in the competing category", lex("[rent, white]", "[race, white]", "", ""),
			[]string{`t.yaml:13:29: entry "white" is also in category "class" (line 9); a token counts once per dimension, so this one never matches`}},
		{"normalised duplicate", lex("[labour, Labor]", "[race]", "", ""), []string{`t.yaml:9:31: duplicate entry "Labor" (first at line 9)`}},
		{"hyphen and space are one entry", lex("[rent strike, rent-strike]", "[race]", "", ""), []string{`t.yaml:9:36: duplicate entry "rent-strike" (first at line 9)`}},
		{"shadowed by a stem", lex("[evict, evict*]", "[race]", "", ""),
			[]string{`t.yaml:9:23: lint: entry "evict" is shadowed by "evict*" (line 9) in the same subcategory class/conditions: "evict*" matches every word it matches, so it changes no count; remove "evict"`}},
		{"shadowed phrase", lex("[rent strike, rent strik*]", "[race]", "", ""),
			[]string{`t.yaml:9:23: lint: entry "rent strike" is shadowed by "rent strik*" (line 9) in the same subcategory class/conditions: "rent strik*" matches every word it matches, so it changes no count; remove "rent strike"`}},
		{"more specific entry elsewhere is an exception", lex("[strike*]", "[striker]", "", ""), nil},
		// Each shadowed entry names the first entry that covers it, in file
		// order; a stem is shadowed by a shorter stem.
		{"shadowed by the first that covers it", lex("[evicted, evict*, evic*]", "[race]", "", ""), []string{
			`t.yaml:9:23: lint: entry "evicted" is shadowed by "evict*" (line 9) in the same subcategory class/conditions: "evict*" matches every word it matches, so it changes no count; remove "evicted"`,
			`t.yaml:9:32: lint: entry "evict*" is shadowed by "evic*" (line 9) in the same subcategory class/conditions: "evic*" matches every word it matches, so it changes no count; remove "evict*"`}},
		// A stem in another subcategory of the same category is a
		// deliberate exception, as in another category.
		{"covered only from another subcategory", "name: t\nversion: 1\ndimensions:\n  - name: framing\n    categories:\n" +
			"      - name: class\n        subcategories:\n          - name: conditions\n            entries: [evicted]\n" +
			"          - name: housing\n            entries: [evict*]\n" +
			"      - name: identity\n        subcategories:\n          - name: race\n            entries: [race]\n", nil},
		{"exclusion with no entry", lex("[rent]", "[race]", "[white house]", ""),
			[]string{`t.yaml:14:18: exclusion "white house" contains no entry of dimension "framing", so it vetoes nothing`}},
		{"exclusion vetoes an entry everywhere", lex("[rent a car, rent]", "[race]", "[rent a car]", ""),
			[]string{`t.yaml:9:23: entry "rent a car" can never count: exclusion "rent a car" (line 14) vetoes every text it matches`}},
		{"bad entries", lex("[\"rent!\", \"*rent\", \"re*nt\"]", "[\"\"]", "", ""), []string{
			`t.yaml:9:23: entry "rent!": has "!"; entries are words, stems ending in '*', and phrases`,
			`t.yaml:9:32: entry "*rent": '*' may only end a word ("evict*")`,
			`t.yaml:9:41: entry "re*nt": '*' may only end a word ("evict*")`,
			`t.yaml:13:23: entry "": is empty`}},
		{"weights", lex("[{term: rent, weight: 2}, {term: bills, weight: -1}]", "[race]", "", ""),
			[]string{`t.yaml:9:70: weight "-1" must be a positive number`}},
		{"test names unknown category", lex("[rent]", "[race]", "", "  - text: The rent.\n    match: [class, class/rent, klass]\n    no_match: [class]\n"), []string{
			`t.yaml:16:20: test names unknown category "class/rent"; want one of this lexicon's categories (class, identity) or category/subcategory`,
			`t.yaml:16:32: test names unknown category "klass"; want one of this lexicon's categories (class, identity) or category/subcategory`,
			`t.yaml:17:16: test wants "class" both matched and not matched`}},
		{"test without expectations", lex("[rent]", "[race]", "", "  - text: The rent.\n"), []string{`t.yaml:15:5: test has neither match nor no_match`}},
		{"three categories", "name: t\nversion: 1\ndimensions:\n  - name: d\n    categories:\n      - {name: a, subcategories: [{name: x, entries: [a]}]}\n      - {name: b, subcategories: [{name: x, entries: [b]}]}\n      - {name: c, subcategories: [{name: x, entries: [c]}]}\n",
			[]string{`t.yaml:6:7: dimension "d" has 3 categories; want exactly two competing categories (the first is the share numerator): add the competing category, or split the categories into pairs, one dimension per pair (drift lexicon import pairs an imported dictionary's categories in file order and leaves an odd one out alone)`}},
		{"bad names", "name: T\nversion: 1\ndimensions:\n  - name: d\n    categories:\n      - {name: A, subcategories: [{name: x, entries: [a]}, {name: x, entries: [b]}]}\n      - {name: b, subcategories: [{name: x y, entries: [c]}]}\n", []string{
			`t.yaml:1:1: lexicon name "T" must be lower case`,
			`t.yaml:6:9: category name "A": use lower-case letters, digits and '_' only`,
			`t.yaml:6:60: category "A" has subcategory "x" twice`,
			`t.yaml:7:35: subcategory name "x y": use lower-case letters, digits and '_' only`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, tt.in, tt.want)
		})
	}
}

func TestLoadAcceptsLintOnly(t *testing.T) {
	set, err := loadOne("t.yaml", lex("[evict, evict*]", "[race]", "", ""))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(set.Lint) != 1 {
		t.Errorf("Lint has %d problems, want 1", len(set.Lint))
	}
}

func TestLoadErrorIsInvalid(t *testing.T) {
	_, err := loadOne("t.yaml", lex("[rent, rent]", "[race]", "", ""))
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
}

func TestCrossFileProblems(t *testing.T) {
	a := lex("[rent]", "[race]", "", "")
	_, problems := Check([]File{{"a.yaml", []byte(a)}, {"b.yaml", []byte(a)}})
	want := `b.yaml:1:1: lexicon name "t" is also used by a.yaml
b.yaml:1:1: dimension "framing" is also defined in a.yaml
b.yaml:1:1: category "class" is also defined in dimension "framing"; category names must be unique
b.yaml:1:1: category "identity" is also defined in dimension "framing"; category names must be unique`
	if got := problems.Error(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestHashAndVersion(t *testing.T) {
	set, err := loadOne("test.yaml", testLexicon)
	if err != nil {
		t.Fatal(err)
	}
	l := set.Lexicons[0]
	if l.Version != "0.0.1" || !strings.HasPrefix(l.Hash, "sha256:") || len(l.Hash) != len("sha256:")+64 {
		t.Errorf("version %q hash %q", l.Version, l.Hash)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(testLexicon)
	f.Add(lex("[rent, evict*, rent a car]", "[race]", "[rent a*, arms race]", "  - text: x\n    match: [class]\n"))
	f.Add(ctxLex)
	f.Add("name: [\n")
	f.Add("- a\n- b\n")
	// YAML syntax errors whose culprit yamlSyntax finds in the text.
	f.Add("a:\n  - x\n\t- y\n")
	f.Add("a:\n  - \"x\n  - y\n  - \"z\"\n")
	f.Add("a:\n  - 'x\n  - it's\n")
	f.Add("a: x\nb: [a, [b, c]\n")
	f.Add("a: {c: d\n")
	f.Add("a:\n  b: 1\n c: 2\n")
	f.Add("a: x\nb: @x\n")
	f.Add("a: |\n  \"x\n\tb\n")
	f.Add("name: t\nversion: 1\ndimensions: [{name: d, categories: [{name: a, subcategories: [{name: x, entries: [{term: a, weight: x}]}]}]}]\n")
	f.Fuzz(func(t *testing.T, text string) {
		set, problems := Check([]File{{"f.yaml", []byte(text)}})
		for _, p := range problems {
			if p.Line < 1 || p.Col < 1 || p.File != "f.yaml" {
				t.Fatalf("problem without a position: %v", p)
			}
		}
		if errs, _ := problems.Split(); len(errs) == 0 {
			Compile(set) // a valid lexicon always compiles
		}
	})
}
