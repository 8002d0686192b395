package lexicon

import (
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline/segment"
)

func testMatcher(t testing.TB) *Matcher {
	t.Helper()
	return compileOne(t, "test.yaml", testLexicon)
}

// compileOne loads one lexicon file given as text and compiles it.
func compileOne(t testing.TB, name, text string) *Matcher {
	t.Helper()
	set, err := loadOne(name, text)
	if err != nil {
		t.Fatal(err)
	}
	return Compile(set)
}

// hits renders every match of text as "dimension:category/subcategory=surface".
func hits(m *Matcher, text string, all bool) string {
	var out []string
	for _, s := range segment.Split(text) {
		var spans []Span
		if all {
			spans = m.ScanAll(s.Tokens, nil)
		} else {
			spans = m.Scan(s.Tokens, nil)
		}
		for _, sp := range spans {
			l := m.Labels[sp.Label]
			h := l.Dimension + ":" + l.Category + "/" + l.Subcategory + "=" + text[s.Tokens[sp.Start].Start:s.Tokens[sp.End-1].End]
			if sp.Vetoed {
				h += "(vetoed)"
			}
			out = append(out, h)
		}
	}
	return strings.Join(out, " ")
}

func TestScan(t *testing.T) {
	m := testMatcher(t)
	tests := []struct {
		name, in, want string
	}{
		{"word", "The rent went up.", "framing:class/conditions=rent"},
		{"case", "RENT and Rent", "framing:class/conditions=RENT framing:class/conditions=Rent"},
		{"stem", "They evicted her and cut wages.", "framing:class/conditions=evicted framing:class/conditions=wages"},
		{"exact beats stem at the same span", "Evictions and eviction.", "framing:class/action=Evictions framing:class/conditions=eviction"},
		{"phrase", "We could not pay the rent.", "framing:class/conditions=pay the rent"},
		{"longest match wins, counted once", "A rent strike began.", "framing:class/action=rent strike"},
		{"hyphen variant", "A rent-strike began.", "framing:class/action=rent-strike"},
		{"white collar beats white", "a white-collar job", "framing:class/position=white-collar"},
		{"white collar with a space", "a white collar job", "framing:class/position=white collar"},
		{"blue collar", "blue-collar work", "framing:class/position=blue-collar"},
		{"two dimensions", "The boss lied.", "framing:class/antagonist=boss blame:structural/up=boss"},
		{"possessive", "The landlord's agent came.", "framing:class/antagonist=landlord's blame:structural/up=landlord's"},
		{"curly possessive", "The landlord’s agent came.", "framing:class/antagonist=landlord’s blame:structural/up=landlord’s"},
		{"british spelling", "The labour movement and the organisers.", "framing:class/position=labour framing:class/action=organisers"},
		{"british ise verb", "We organised the block.", "framing:class/action=organised"},
		{"never across punctuation", "pay, the rent", "framing:class/conditions=rent"},
		{"phrase never across sentences", "We pay. The rent is high.", "framing:class/conditions=rent"},
		{"arms race", "The arms race ended.", ""},
		{"race car", "A race car crashed.", ""},
		{"the race for", "The race for mayor.", ""},
		{"race still counts", "It was about race.", "framing:identity/race=race"},
		{"white house", "The White House spoke on a white paper.", ""},
		{"black friday", "Black Friday and the black market.", ""},
		{"european union", "The European Union and the Soviet Union.", ""},
		{"union army", "The Union Army marched.", ""},
		{"union counts", "Join the union.", "framing:class/action=union"},
		{"strike a deal", "They strike a deal.", ""},
		{"lightning strike", "A lightning strike.", ""},
		{"rent a movie", "Let's rent a movie.", ""},
		{"boss level", "We beat the boss level.", "blame:structural/up=boss"},
		{"first class", "He flew first class to a class at school.", ""},
		{"capital city", "The capital city.", ""},
		{"native speaker", "A native speaker.", ""},
		{"native born", "A native-born citizen.", "framing:identity/nation=native-born"},
		{"white people", "White people never had to think about it.", "framing:identity/race=White people"},
		{"nation stem", "The immigrants upstairs.", "framing:identity/nation=immigrants blame:horizontal/sideways=immigrants"},
		{"stem needs its prefix", "Rac and racing.", ""},
		{"racism stem", "That's racism.", "framing:identity/race=racism"},
		{"numbers do not match", "2026 rent", "framing:class/conditions=rent"},
		{"empty", "", ""},
		{"punctuation only", "?!...", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hits(m, tt.in, false); got != tt.want {
				t.Errorf("Scan(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestScanAllKeepsVetoed(t *testing.T) {
	m := testMatcher(t)
	got := hits(m, "The arms race and the White House.", true)
	want := "framing:identity/race=race(vetoed) framing:identity/race=White(vetoed)"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestScanOffsets(t *testing.T) {
	m := testMatcher(t)
	text := "Well, the rent strike worked."
	s := segment.Split(text)[0]
	spans := m.Scan(s.Tokens, nil)
	if len(spans) != 1 {
		t.Fatalf("got %d spans, want 1", len(spans))
	}
	sp := spans[0]
	if sp.Start != 3 || sp.End != 5 {
		t.Errorf("tokens [%d,%d), want [3,5)", sp.Start, sp.End)
	}
	if b, e := s.Tokens[sp.Start].Start, s.Tokens[sp.End-1].End; text[b:e] != "rent strike" {
		t.Errorf("bytes [%d,%d) = %q, want \"rent strike\"", b, e, text[b:e])
	}
}

func TestScanDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items at random under the race detector")
	}
	m := testMatcher(t)
	toks := segment.Split("This isn't about race, it's about the rent strike and the landlord's wages.")[0].Tokens
	dst := make([]Span, 0, 16)
	m.Scan(toks, dst) // warm the scratch pool
	if n := testing.AllocsPerRun(100, func() { m.Scan(toks, dst[:0]) }); n > 0 {
		t.Errorf("Scan allocates %.1f times per call, want 0", n)
	}
}

func FuzzScan(f *testing.F) {
	m := testMatcher(f)
	for _, s := range []string{"The landlord's rent-strike!", "arms race", "white-collar", "pay the rent", "", "’’--", "ＲＥＮＴ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, s := range segment.Split(text) {
			spans := m.ScanAll(s.Tokens, nil)
			last := map[int]int{}
			for _, sp := range spans {
				if sp.Start < 0 || sp.End > len(s.Tokens) || sp.Start >= sp.End {
					t.Fatalf("span %+v out of %d tokens", sp, len(s.Tokens))
				}
				if sp.Label < 0 || sp.Label >= len(m.Labels) {
					t.Fatalf("label %d out of range", sp.Label)
				}
				d := m.Labels[sp.Label].Dim
				if !sp.Vetoed {
					if end, ok := last[d]; ok && sp.Start < end {
						t.Fatalf("overlapping counted spans in dimension %d: %+v", d, spans)
					}
					last[d] = sp.End
				}
			}
		}
	})
}

// TestIssue4BritishStem checks that a British -is- stem matches both the
// -ise/-ize words it was americanised for and the words that keep "-is-" in
// every spelling: "capitalis*" used to become "capitaliz*" and miss
// "capitalism".
func TestIssue4BritishStem(t *testing.T) {
	m := compileOne(t, "stem.yaml", `name: stemlex
version: 0.0.1
dimensions:
  - name: framing
    categories:
      - name: class
        subcategories:
          - name: system
            entries: [capitalis*, organis*]
      - name: identity
        subcategories:
          - name: nation
            entries: [nationaliz*]
`)
	tests := []struct {
		name, in, want string
	}{
		{"ism keeps its s", "Capitalism failed.", "framing:class/system=Capitalism"},
		{"ist keeps its s", "The capitalists won.", "framing:class/system=capitalists"},
		{"british verb", "They capitalised on it.", "framing:class/system=capitalised"},
		{"american verb", "They capitalized on it.", "framing:class/system=capitalized"},
		{"american noun", "Organization matters; organizing too.", "framing:class/system=Organization framing:class/system=organizing"},
		{"british noun", "Organisation matters.", "framing:class/system=Organisation"},
		{"american stem matches british text", "They nationalised the mines.", "framing:identity/nation=nationalised"},
		{"american stem does not gain an s path", "Nationalism rose.", ""},
		{"unrelated word", "The capital city.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hits(m, tt.in, false); got != tt.want {
				t.Errorf("hits(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
