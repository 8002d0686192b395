package lexicon

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline/segment"
)

// ctxLex is a lexicon with cue lists and conditional entries: "company" and
// "bank" count only near a workplace or first-person cue, "debt" not near a
// fiscal cue, "profit*" only near a grievance cue within 3 words and not
// near a fiscal one.
const ctxLex = `name: t
version: 1
dimensions:
  - name: framing
    cues:
      - name: workplace
        description: the company as employer
        terms: [workers, wage*, laid off, fired, shift*, boss]
      - name: first_person
        terms: [my, our, we, us]
      - name: fiscal
        terms: [national, public, federal, deficit*, gdp, the budget]
      - name: grievance
        terms: [greed*, record, huge]
    categories:
      - name: class
        subcategories:
          - name: antagonist
            entries:
              - {term: company, near: [workplace, first_person], window: 4}
              - {term: bank, near: first_person}
              - big banks
              - {term: profit*, near: [grievance], not_near: [fiscal], window: 3}
          - name: conditions
            entries: [rent, {term: debt, not_near: [fiscal]}, household debt]
      - name: identity
        subcategories:
          - name: race
            entries: [race]
    exclusions: [company tax*, bank of england]
`

func TestContextScan(t *testing.T) {
	m := compileOne(t, "t.yaml", ctxLex)
	tests := []struct {
		name, in, want string
	}{
		{"near a first-person cue", "Our company cut the hours.", "framing:class/antagonist=company"},
		{"near a workplace cue within the window", "The company laid off forty people.", "framing:class/antagonist=company"},
		{"no cue: vetoed by context", "The company reported its results.", ""},
		{"cue outside the window", "The company announced, after a very long review of its plans, that workers", ""},
		{"cue exactly at the window's edge", "The company will soon have fired them.", "framing:class/antagonist=company"},
		{"punctuation does not count in the window", "The company, sadly, fired them.", "framing:class/antagonist=company"},
		{"cue in another sentence", "The company grew. Our wages fell.", ""},
		{"possessive cue and hit", "The company's workers struck.", "framing:class/antagonist=company's"},
		{"window 0 is the whole sentence", "The bank, which had been in town for a hundred years, took our house.", "framing:class/antagonist=bank"},
		{"near list not satisfied", "The bank raised rates.", ""},
		{"not_near vetoes", "The national debt grew.", ""},
		{"not_near absent", "I had so much debt after the hospital.", "framing:class/conditions=debt"},
		{"longest match first: an unconditioned phrase", "Household debt and the public purse.", "framing:class/conditions=Household debt"},
		{"near and not_near together", "Huge profits for the shareholders.", "framing:class/antagonist=profits"},
		{"not_near beats near", "Huge profits cut the deficit.", ""},
		{"exclusion still vetoes first", "Our company tax bill.", ""},
		{"a stem cue", "The company cut shifts.", "framing:class/antagonist=company"},
		{"a phrase cue must be whole", "The company laid plans.", ""},
		{"the hit is not its own cue", "Our bank.", "framing:class/antagonist=bank"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hits(m, tt.in, false); got != tt.want {
				t.Errorf("Scan(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestContextScanAll(t *testing.T) {
	m := compileOne(t, "t.yaml", ctxLex)
	var got []string
	for _, s := range segment.Split("The company reported rent and the national debt.") {
		for _, sp := range m.ScanAll(s.Tokens, nil) {
			got = append(got, strings.Join([]string{m.Labels[sp.Label].Entry, boolStr(sp.Vetoed, "vetoed"), boolStr(sp.Context, "context")}, ","))
		}
	}
	want := "company,vetoed,context rent,, debt,vetoed,context"
	if strings.Join(got, " ") != want {
		t.Errorf("ScanAll = %q, want %q", strings.Join(got, " "), want)
	}
	if !m.Conditional(0) || m.Conditional(2) {
		t.Errorf("Conditional: company %v, big banks %v", m.Conditional(0), m.Conditional(2))
	}
}

func boolStr(b bool, s string) string {
	if b {
		return s
	}
	return ""
}

func TestContextLoadProblems(t *testing.T) {
	head := "name: t\nversion: 1\ndimensions:\n  - name: framing\n"
	cats := "    categories:\n      - name: class\n        subcategories:\n          - name: a\n            entries: %s\n" +
		"      - name: identity\n        subcategories:\n          - name: b\n            entries: [race]\n"
	mk := func(cues, entries string) string {
		return head + cues + strings.Replace(cats, "%s", entries, 1)
	}
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"ok", mk("    cues: [{name: work, terms: [workers]}]\n", "[{term: company, near: [work], window: 5}]"), nil},
		{"a single name is a list of one", mk("    cues: [{name: work, terms: [workers]}]\n", "[{term: company, near: work}]"), nil},
		{"unknown cue list", mk("    cues: [{name: work, terms: [workers]}]\n", "[{term: company, near: [wrok]}]"),
			[]string{`t.yaml:5:12: lint: cue list "work" is named by no entry's near or not_near, so it changes no count`,
				`t.yaml:10:46: entry "company" names unknown cue list "wrok"; want one of dimension "framing"'s cues (work)`}},
		{"no cue lists at all", mk("", "[{term: company, near: [work]}]"),
			[]string{`t.yaml:9:46: entry "company" names unknown cue list "work"; want one of dimension "framing"'s cues (none defined: add a cues list to the dimension)`}},
		{"bad window", mk("    cues: [{name: work, terms: [workers]}]\n", "[{term: company, near: [work], window: -2}, {term: firm, near: work, window: x}]"),
			[]string{`t.yaml:10:61: window "-2" must be a whole number of words (0: the whole sentence)`,
				`t.yaml:10:99: window "x" must be a whole number of words (0: the whole sentence)`}},
		{"window without a condition", mk("", "[{term: company, window: 3}]"),
			[]string{`t.yaml:9:23: entry "company" has a window but no near or not_near`}},
		{"same list near and not near", mk("    cues: [{name: work, terms: [workers]}]\n", "[{term: company, near: [work], not_near: [work]}]"),
			[]string{`t.yaml:10:64: entry "company" names cue list "work" both under near and not_near`}},
		{"unused cue list and a repeated cue", mk("    cues: [{name: work, terms: [workers, workers]}]\n", "[company]"),
			[]string{`t.yaml:5:12: lint: cue list "work" is named by no entry's near or not_near, so it changes no count`,
				`t.yaml:5:42: lint: cue "workers" is listed twice in cue list "work" (first at line 5); remove one`}},
		{"bad cue lists", mk("    cues: [{name: Work, terms: [\"work!\"]}, {name: x, terms: []}, {name: x, terms: [{term: a, near: [x]}]}]\n", "[{term: company, near: [x]}]"),
			[]string{
				`t.yaml:5:12: cue list name "Work": use lower-case letters, digits and '_' only`,
				`t.yaml:5:12: lint: cue list "Work" is named by no entry's near or not_near, so it changes no count`,
				`t.yaml:5:33: entry "work!": has "!"; entries are words, stems ending in '*', and phrases`,
				`t.yaml:5:61: cue list "x" has no terms`,
				`t.yaml:5:66: dimension "framing" has cue list "x" twice (first at line 5)`,
				`t.yaml:5:84: cue "a": cue terms are plain words, stems or phrases (no weight, near, not_near or window)`}},
		{"unknown key in a cue list", mk("    cues: [{name: work, words: [workers]}]\n", "[company]"),
			[]string{`t.yaml:5:12: cue list has no "terms"`,
				`t.yaml:5:12: lint: cue list "work" is named by no entry's near or not_near, so it changes no count`,
				`t.yaml:5:25: unknown key "words" in cue list; want one of description, name, terms`}},
		{"exclusions take no condition", mk("    cues: [{name: work, terms: [workers]}]\n", "[{term: company, near: work}]") + "    exclusions: [{term: company tax, near: [work]}]\n",
			[]string{`t.yaml:15:18: exclusion "company tax" has a context condition; only entries take near, not_near and window`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, tt.in, tt.want)
		})
	}
}

func TestContextRoundTrip(t *testing.T) {
	set, err := loadOne("t.yaml", ctxLex)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteYAML(&buf, set.Lexicons[0]); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"    cues:\n      - name: workplace\n        description: the company as employer\n        terms:\n          - workers\n",
		"- {term: company, near: [workplace, first_person], window: 4}",
		"- {term: profit*, near: [grievance], not_near: [fiscal], window: 3}",
		"- {term: debt, not_near: [fiscal]}"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("WriteYAML lacks %q:\n%s", want, buf.String())
		}
	}
	back, err := loadOne("t.yaml", buf.String())
	if err != nil {
		t.Fatalf("re-reading the export: %v", err)
	}
	a, b := Compile(set), Compile(back)
	for _, s := range []string{"Our company cut the hours.", "The company reported its results.", "The national debt grew.", "Huge profits for the shareholders."} {
		if x, y := hits(a, s, true), hits(b, s, true); x != y {
			t.Errorf("%q: original %q, round trip %q", s, x, y)
		}
	}
	notes := ContextNotes(set)
	if len(notes) != 4 || !strings.Contains(notes[0], `"company" in class/antagonist is written without its context condition (near workplace, first_person within 4 words)`) {
		t.Errorf("ContextNotes = %q", notes)
	}
	var q bytes.Buffer
	if err := WriteQuanteda(&q, set); err != nil || !strings.Contains(q.String(), "context conditions") {
		t.Errorf("WriteQuanteda header: %v %q", err, q.String())
	}
}

func TestEntryCondition(t *testing.T) {
	tests := []struct {
		e    Entry
		want string
	}{
		{Entry{Term: "rent"}, ""},
		{Entry{Near: []string{"a", "b"}, Window: 6}, "near a, b within 6 words"},
		{Entry{NotNear: []string{"fiscal"}}, "not near fiscal in the sentence"},
		{Entry{Near: []string{"a"}, NotNear: []string{"f"}, Window: 2}, "near a; not near f within 2 words"},
	}
	for _, tt := range tests {
		if got := tt.e.Condition(); got != tt.want {
			t.Errorf("Condition() = %q, want %q", got, tt.want)
		}
	}
}

// benchLexiconContext is benchLexicon with a cue list per dimension and a
// context condition on every third exact-word entry (50 per category): half
// near: the cues (window 6), half not_near: them (the whole sentence).
func benchLexiconContext() string {
	var b strings.Builder
	k := 0
	for _, line := range strings.SplitAfter(benchLexicon(), "\n") {
		if strings.HasPrefix(line, "  - name: dim") {
			b.WriteString(line)
			b.WriteString("    cues:\n      - name: talk\n        terms: [landlord, rent, money, working people, pay*]\n")
			continue
		}
		t := strings.TrimSpace(line)
		if strings.HasPrefix(line, "              - ") && !strings.ContainsAny(t[2:], " *") {
			if k%3 == 0 {
				cond := "near: [talk], window: 6"
				if k%6 == 0 {
					cond = "not_near: [talk]"
				}
				line = fmt.Sprintf("              - {term: %s, %s}\n", t[2:], cond)
			}
			k++
		}
		b.WriteString(line)
	}
	return b.String()
}

// BenchmarkScanContext is BenchmarkScan with context conditions on a third
// of the exact-word entries.
func BenchmarkScanContext(b *testing.B) {
	set, err := loadOne("bench.yaml", benchLexiconContext())
	if err != nil {
		b.Fatal(err)
	}
	m := Compile(set)
	if m.cond == nil {
		b.Fatal("no conditions compiled")
	}
	benchScan(b, m)
}

// FuzzScanContext checks that context conditions never panic, keep spans
// in range, and that Scan returns exactly the spans ScanAll does not veto.
func FuzzScanContext(f *testing.F) {
	m := compileOne(f, "t.yaml", ctxLex)
	for _, s := range []string{"Our company cut the hours.", "The national debt.", "company laid", "laid off company's", "", "huge profits, deficit", "bank"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, s := range segment.Split(text) {
			all := m.ScanAll(s.Tokens, nil)
			var kept []Span
			for _, sp := range all {
				if sp.Start < 0 || sp.End > len(s.Tokens) || sp.Start >= sp.End {
					t.Fatalf("span %+v out of %d tokens", sp, len(s.Tokens))
				}
				if sp.Context && !sp.Vetoed {
					t.Fatalf("context span not vetoed: %+v", sp)
				}
				if !sp.Vetoed {
					kept = append(kept, sp)
				}
			}
			got := m.Scan(s.Tokens, nil)
			if fmt.Sprint(got) != fmt.Sprint(kept) {
				t.Fatalf("Scan %v, ScanAll without vetoed %v", got, kept)
			}
		}
	})
}
