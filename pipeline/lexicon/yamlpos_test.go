package lexicon

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestYAMLSyntaxPositions checks that a YAML syntax error is reported at
// its culprit, not where yaml.v3 says (the start of the enclosing
// construct, one line early for parser errors, or wherever a string left
// open ran on to).
func TestYAMLSyntaxPositions(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"tab indents a sequence item", "name: t\nversion: 1\ndimensions:\n  - a\n\t- b\n",
			"t.yaml:5:1: YAML syntax: found a tab character that violates indentation (indent with spaces, not tabs)"},
		{"tab after spaces", "a:\n  - x\n  - y\n  \t- z\n",
			"t.yaml:4:3: YAML syntax: found a tab character that violates indentation (indent with spaces, not tabs)"},
		{"tab indents a key", "a:\n  b: x\n\tc: y\n",
			"t.yaml:3:1: YAML syntax: found a tab character that violates indentation (indent with spaces, not tabs)"},
		{"tab on line 2", "a: x\n\tb: y\n",
			"t.yaml:2:1: YAML syntax: found a tab character that violates indentation (indent with spaces, not tabs)"},
		{"unclosed double quote", "name: t\nversion: 1\ndimensions:\n  - name: d\n    description: \"runs on\n    categories: []\n  - name: e\n",
			"t.yaml:5:18: YAML syntax: \" quote is not closed on its line (YAML read on and then found: found unexpected end of stream)"},
		{"unclosed double quote closed later", "a:\n  - \"x\n  - y\n  - \"z\"\n  - w\n",
			"t.yaml:2:5: YAML syntax: \" quote is not closed on its line (YAML read on and then found: did not find expected '-' indicator)"},
		{"unclosed single quote", "a:\n  - 'x\n  - y\n",
			"t.yaml:2:5: YAML syntax: ' quote is not closed on its line (YAML read on and then found: found unexpected end of stream)"},
		{"unclosed single quote closed by an apostrophe", "a:\n  - 'x\n  - it's\n  - y\n",
			"t.yaml:2:5: YAML syntax: ' quote is not closed on its line (YAML read on and then found: did not find expected '-' indicator)"},
		{"unclosed flow sequence", "name: t\nversion: [1\n",
			"t.yaml:2:10: YAML syntax: [ is never closed (did not find expected ',' or ']')"},
		{"unclosed flow sequence on line 1", "a: [a, b\n",
			"t.yaml:1:4: YAML syntax: [ is never closed (did not find expected ',' or ']')"},
		{"unclosed flow sequence runs on", "a: x\nb: [a, b\nc: [d]\ne: f\n",
			"t.yaml:2:4: YAML syntax: [ is never closed (did not find expected ',' or ']')"},
		{"unclosed inner flow sequence", "a: x\nb: [a, [b, c]\n",
			"t.yaml:2:4: YAML syntax: [ is never closed (did not find expected ',' or ']')"},
		{"unclosed flow mapping", "a: x\nb: {c: d\n",
			"t.yaml:2:4: YAML syntax: { is never closed (did not find expected ',' or '}')"},
		{"dedented key", "a:\n  b: 1\n c: 2\n",
			"t.yaml:3:2: YAML syntax: did not find expected key"},
		{"mapping value in a scalar", "name: t\nversion: 1\n  bad: x\n",
			"t.yaml:3:6: YAML syntax: mapping values are not allowed in this context"},
		{"character that cannot start a token", "a: x\nb: @x\n",
			"t.yaml:2:4: YAML syntax: found character that cannot start any token"},
		{"duplicate key", "name: t\nversion: 1\ndimensions: []\nname: u\n",
			`t.yaml:4:1: lexicon has key "name" twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := Check([]File{{"t.yaml", []byte(tt.in)}})
			var got []string
			for _, p := range problems {
				got = append(got, p.Error())
			}
			if len(got) == 0 || got[0] != tt.want {
				t.Errorf("problems:\n%s\nwant first:\n%s", strings.Join(got, "\n"), tt.want)
			}
		})
	}
}

// TestYAMLSyntaxInLongFile breaks line n of a copy of the shipped framing
// lexicon, as in the review that found errors reported a line early or
// hundreds of lines late.
func TestYAMLSyntaxInLongFile(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "lexicons", "framing.yaml"))
	if err != nil {
		t.Skip(err)
	}
	lines := strings.Split(string(data), "\n")
	for _, n := range []int{300, 410} {
		if n > len(lines) || !strings.HasPrefix(strings.TrimSpace(lines[n-1]), "- ") {
			t.Fatalf("line %d of framing.yaml is not a sequence item: %q", n, lines[n-1])
		}
		item := strings.TrimLeft(lines[n-1], " ")
		indent := len(lines[n-1]) - len(item)
		for _, tc := range []struct{ name, line, want string }{
			{"tab", "\t" + item, "found a tab character"},
			{"double quote", strings.Repeat(" ", indent) + "- \"" + item[2:], "\" quote is not closed"},
			{"single quote", strings.Repeat(" ", indent) + "- '" + item[2:], "' quote is not closed"},
		} {
			broken := append([]string(nil), lines...)
			broken[n-1] = tc.line
			_, problems := Check([]File{{"framing.yaml", []byte(strings.Join(broken, "\n"))}})
			if len(problems) == 0 {
				t.Errorf("%s on line %d: no problem", tc.name, n)
				continue
			}
			p := problems[0]
			wantCol := 1
			if tc.name != "tab" {
				wantCol = indent + 3
			}
			if p.Line != n || p.Col != wantCol || !strings.Contains(p.Msg, tc.want) {
				t.Errorf("%s on line %d: got %s, want line %d col %d %q", tc.name, n, p, n, wantCol, tc.want)
			}
		}
	}
}

// TestScanYAMLShippedLexicons checks that scanYAML finds nothing amiss in
// the shipped lexicons: no string runs past its line, no bracket is left
// open and no line is indented with a tab.
func TestScanYAMLShippedLexicons(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "lexicons", "*.yaml"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := scanYAML(splitLines(data))
		if len(s.quotes)+len(s.tabs)+len(s.open) > 0 {
			t.Errorf("%s: quotes %v tabs %v open %v", f, s.quotes, s.tabs, s.open)
		}
	}
}
