package names

import (
	"math/rand/v2"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestReplace(t *testing.T) {
	m := New([]Entry{
		{Name: "Walt Imbery", Repl: "<WI>"},
		{Name: "Walt", Repl: "<W>"},
		{Name: "Maria Lopez", Repl: "<ML>"},
		{Name: "Maria", Repl: "<M>"},
		{Name: "Sean O'Brien", Repl: "<SO>"},
		{Name: "Delphine Okafor-Reyes", Repl: "<DOR>"},
		{Name: "José", Repl: "<J>"},
		{Name: "Zoë", Repl: "<Z>"},
		{Name: "M.O.", Repl: "<MO>"},
		{Name: "JR", Repl: "<JR>"},
		{Name: "bell hooks", Repl: "<BH>"},
	})
	tests := []struct {
		name, in, want string
	}{
		{"plain", "thank you Walt", "thank you <W>"},
		{"punctuation", "Walt, (Walt) \"Walt\" 'Walt'.", "<W>, (<W>) \"<W>\" '<W>'."},
		{"all caps", "WALT said so", "<W> said so"},
		{"possessive", "Walt's car and Walt’s bike and WALT'S van", "<W>'s car and <W>’s bike and <W>'S van"},
		{"lower case is a word, not the name", "walt said", "walt said"},
		{"longer word", "Walter and Waltham", "Walter and Waltham"},
		{"inside a word", "asphalt, Asphalt, Walts, DeWalt", "asphalt, Asphalt, Walts, DeWalt"},
		{"hyphenated other name", "Jean-Walt and Walt-like", "Jean-Walt and Walt-like"},
		{"trailing hyphen", "I told Walt- uh, Walt—", "I told <W>- uh, <W>—"},
		{"full name first", "Walt Imbery came", "<WI> came"},
		{"full name across a line break", "Walt\n  Imbery came", "<WI> came"},
		{"full name possessive", "Walt Imbery's flat", "<WI>'s flat"},
		{"full name, other case", "WALT IMBERY came", "<WI> came"},
		{"first name of a full name in lower case", "Walt imbery", "<W> imbery"},
		{"two names", "Maria Lopez and Maria", "<ML> and <M>"},
		{"apostrophe in the name", "Sean O'Brien, Sean O’Brien and O'Brien", "<SO>, <SO> and O'Brien"},
		{"hyphenated surname", "Delphine Okafor-Reyes spoke; Okafor said", "<DOR> spoke; Okafor said"},
		{"accents", "José, Jose, JOSÉ, Jose\u0301, jose", "<J>, <J>, <J>, <J>, jose"},
		{"diaeresis", "Zoe and Zoë and ZOË", "<Z> and <Z> and <Z>"},
		{"initials with dots", "ask M.O. now", "ask <MO>. now"},
		{"initials", "JR and Jr and jr and JRs", "<JR> and <JR> and jr and JRs"},
		{"lower-case name as written", "bell hooks wrote, Bell Hooks too, bell rang", "<BH> wrote, <BH> too, bell rang"},
		{"no names", "the rent went up again", "the rent went up again"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := m.Replace(tt.in); got != tt.want {
				t.Errorf("Replace(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestReplaceAmong(t *testing.T) {
	m := New([]Entry{{Name: "Maria Lopez", Repl: "<ML>"}, {Name: "Maria Chen", Repl: "<MC>"}, {Name: "Maria", Repl: "<M>", Alts: []string{"<ML>", "<MC>"}}})
	tests := []struct {
		name    string
		present []string
		want    string
	}{
		{"nobody present", nil, "<M> and <ML>"},
		{"one present", []string{"<MC>"}, "<MC> and <ML>"},
		{"both present", []string{"<MC>", "<ML>"}, "<M> and <ML>"},
	}
	for _, tt := range tests {
		set := map[string]bool{}
		for _, p := range tt.present {
			set[p] = true
		}
		if got := m.ReplaceAmong("Maria and Maria Lopez", func(s string) bool { return set[s] }); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := m.Replace("Maria"); got != "<M>" {
		t.Errorf("Replace = %q, want <M>", got)
	}
}

func TestNewFirstWins(t *testing.T) {
	m := New([]Entry{{Name: "Maria", Repl: "<1>"}, {Name: "MARIA", Repl: "<2>"}, {Name: "", Repl: "<3>"}, {Name: "--", Repl: "<4>"}})
	if got := m.Replace("Maria"); got != "<1>" {
		t.Errorf("Replace = %q, want <1>", got)
	}
	if m.Len() != 1 {
		t.Errorf("Len = %d, want 1", m.Len())
	}
}

func TestForms(t *testing.T) {
	tests := []struct{ in, full, first string }{
		{"Walt Imbery", "Walt Imbery", "Walt"},
		{"  Walt   Imbery ", "Walt Imbery", "Walt"},
		{"Walt", "Walt", ""},
		{"Al Ruiz", "Al Ruiz", ""},
		{"Mr Okafor", "Mr Okafor", ""},
		{"Mrs. Okafor", "Mrs. Okafor", ""},
		{"Sister Agnes", "Sister Agnes", ""},
		{"Speaker 2", "Speaker 2", ""},
		{"M.O.", "M.O.", ""},
		{"JR", "JR", ""},
		{"Q", "", ""},
		{"", "", ""},
		{"Zoë Ng", "Zoë Ng", "Zoë"},
		{"Jean-Luc Picard", "Jean-Luc Picard", "Jean-Luc"},
	}
	for _, tt := range tests {
		full, first := Forms(tt.in)
		if full != tt.full || first != tt.first {
			t.Errorf("Forms(%q) = %q, %q; want %q, %q", tt.in, full, first, tt.full, tt.first)
		}
	}
}

// wholeWord is an independent check, by regular expression, that a name
// written as given occurs as a whole word: not preceded or followed by a
// letter, digit or mark, nor by an apostrophe or hyphen joined to one.
func wholeWord(name string) *regexp.Regexp {
	return regexp.MustCompile(`(?:^|[^\pL\pN\pM'’‐‑-]|[^\pL\pN\pM][\-'’‐‑]|^[\-'’‐‑])` + regexp.QuoteMeta(name) +
		`(?:$|[^\pL\pN\pM'’‐‑-]|['’][sS](?:$|[^\pL\pN\pM'’‐‑-])|[\-'’‐‑](?:$|[^\pL\pN\pM]))`)
}

func FuzzReplace(f *testing.F) {
	for _, s := range []string{
		"thank you Walt", "Walt's WALT walter", "Maria Lopez, Maria", "José Jose\u0301", "O'Brien-Walt",
		"Walt\nImbery", "M.O. said", "\xff\xfeWalt", "Walt-", "'Walt'", "spk-0123abcd",
	} {
		f.Add(s, "Walt")
	}
	f.Fuzz(func(t *testing.T, s, name string) {
		// Names are letters and spaces, like the names speakers have; a
		// replacement is never a name.
		name = strings.Map(func(r rune) rune {
			if r == ' ' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
				return r
			}
			return -1
		}, name)
		m := New([]Entry{{Name: name, Repl: "spk-0000aaaa"}, {Name: "Maria Lopez", Repl: "spk-1111bbbb"}, {Name: "Walt", Repl: "spk-2222cccc"}})
		once := m.Replace(s)
		if twice := m.Replace(once); twice != once {
			t.Fatalf("Replace is not idempotent: %q -> %q -> %q", s, once, twice)
		}
		if f := m.Find(once); len(f) > 0 {
			t.Fatalf("Replace(%q) = %q still holds a name at %v", s, once, f)
		}
		for _, n := range []string{strings.Join(strings.Fields(name), " "), "Maria Lopez", "Walt"} {
			if n != "" && wholeWord(n).MatchString(once) {
				t.Fatalf("Replace(%q) = %q still holds %q as a whole word", s, once, n)
			}
		}
	})
}

// tokensRef is tokens before its ASCII fast paths.
func tokensRef(s string) []token {
	dst := []token{}
	start := -1
	for i := 0; i < len(s); {
		var r rune
		var size int
		var word bool
		if c := s[i]; c < utf8.RuneSelf {
			r, size, word = rune(c), 1, asciiWord[c]
		} else {
			r, size = utf8.DecodeRuneInString(s[i:])
			word = isWordRune(r)
		}
		if word {
			if start < 0 {
				start = i
			}
			i += size
			continue
		}
		if start >= 0 && isJoiner(r) && i+size < len(s) {
			if next, _ := utf8.DecodeRuneInString(s[i+size:]); isWordRune(next) {
				i += size
				continue
			}
		}
		if start >= 0 {
			dst = append(dst, token{start, i})
			start = -1
		}
		i += size
	}
	if start >= 0 {
		dst = append(dst, token{start, len(s)})
	}
	return dst
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"", "Walt's O'Brien-Walt", "a - b", "x''y", "’Walt’", "José Jose\u0301 ña", "\xff\xfeWalt-", "1990s, 3-4", "end-", "-start"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := tokens(s, nil), tokensRef(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("tokens(%q) = %v, want %v", s, got, want)
		}
	})
}

// scanPieces are the pieces of TestScanRandom's texts: words of the names
// and others, in several cases and spellings, joiners, possessives, white
// space, punctuation, marks and bytes that are not UTF-8.
var scanPieces = []string{
	"Walt", "walt", "WALT", "Imbery", "Maria", "María", "Maria\u0301", "Lopez", "Okafor", "Reyes", "Mc", "Donald", "O", "Brien",
	"Ünal", "ǅ", "the", "and", "X", " ", " ", " ", "\t", "\n", "\u00a0", "'", "’", "-", "‐", "'s", "’S", ".", ",", "M.O.",
	"(", "\u0301", "1990", "\xff", "\xc3", "é", "Éva",
	" Walt Imbery", " Maria Lopez", "Maria  lopez", " O'Brien", " McDonald", " Delphine Okafor-Reyes", "Delphine Okafor", "Walt\nImbery's",
}

// TestScanRandom checks scan, which splits into words only from capitals,
// against scanAll, which splits the whole text, on random texts. Set
// DRIFT_SCAN_N for a longer run.
func TestScanRandom(t *testing.T) {
	m := New([]Entry{{Name: "Walt Imbery", Repl: "a"}, {Name: "Walt", Repl: "b"}, {Name: "Maria Lopez", Repl: "c"},
		{Name: "María", Repl: "d"}, {Name: "Delphine Okafor-Reyes", Repl: "e"}, {Name: "M.O.", Repl: "f"}, {Name: "O'Brien", Repl: "g"},
		{Name: "McDonald", Repl: "h"}, {Name: "Éva", Repl: "i"}, {Name: "Ünal X Y Z Walt Maria Lopez Imbery Brien", Repl: "j"}})
	if len(m.lowerFirst) != 0 {
		t.Fatal("the masker has names that start in lower case: scan would be scanAll")
	}
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("DRIFT_SCAN_N")); err == nil {
		n = v
	}
	rng := rand.New(rand.NewPCG(3, uint64(n)))
	var b strings.Builder
	type hit struct {
		start, end int
		c          *compiled
	}
	for k := 0; k < n; k++ {
		b.Reset()
		for j := rng.IntN(40); j > 0; j-- {
			b.WriteString(scanPieces[rng.IntN(len(scanPieces))])
		}
		s := b.String()
		var got, want []hit
		m.scan(s, func(start, end int, c *compiled) { got = append(got, hit{start, end, c}) })
		m.scanAll(s, func(start, end int, c *compiled) { want = append(want, hit{start, end, c}) })
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("scan(%q) = %v, scanAll gives %v", s, got, want)
		}
	}
}
