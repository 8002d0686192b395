package names

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMapRange(t *testing.T) {
	m := New([]Entry{
		{Name: "Walt Imbery", Repl: "<WI>"},
		{Name: "Walt", Repl: "<W>"},
		{Name: "Marisol Oyelaran", Repl: "spk-1a2b3c4d"},
		{Name: "José", Repl: "<J>"},
	})
	// Each case marks the hit in the text with [ and ], which are removed
	// before replacing; want is what the mapped range holds.
	tests := []struct {
		name, in, want string
	}{
		{"no names", "the [rent] went up", "rent"},
		{"name at the start", "Walt said the [rent] went up", "rent"},
		{"name at the end", "the [rent] went up, Walt", "rent"},
		{"name in the middle", "the rent, Walt, went [up]", "up"},
		{"before and after names", "Walt: the [rent] rose, said Walt", "rent"},
		{"possessive", "Walt's [landlord] raised it", "landlord"},
		{"possessive in the hit", "[Walt's landlord] raised it", "<W>'s landlord"},
		{"multi-word name", "Marisol Oyelaran and Walt Imbery lost their [jobs]", "jobs"},
		{"multi-word name across a line break", "Walt\n  Imbery's [flat]", "flat"},
		{"hit right after a name", "Walt['s] flat", "'s"},
		{"hit right before a name", "[tenant ]Walt", "tenant "},
		{"hit ends where a name starts", "the [tenant]Walt", "tenant"},
		{"hit is the name", "ask [Walt] now", "<W>"},
		{"hit overlaps the start of a name", "working [class Walt] Imbery", "class <WI>"},
		{"hit overlaps the end of a name", "Walt [Imbery's] flat", "<WI>'s"},
		{"hit inside a name", "Marisol [Oyel]aran said", "spk-1a2b3c4d"},
		{"hit spans two names", "[Walt and Walt Imbery]", "<W> and <WI>"},
		{"multibyte before", "José and Zoë: “[rent]” rose", "rent"},
		{"multibyte in the hit", "José: the [café’s] rent", "café’s"},
		{"multibyte name in the hit", "the [José] rent", "<J>"},
		{"empty hit after a name", "Walt[] said", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := strings.Index(tt.in, "[")
			end := strings.Index(tt.in, "]") - 1
			text := strings.Replace(strings.Replace(tt.in, "[", "", 1), "]", "", 1)
			out, edits := m.ReplaceEdits(text, nil, nil)
			if want := m.Replace(text); out != want {
				t.Fatalf("ReplaceEdits(%q) = %q, Replace gives %q", text, out, want)
			}
			s, e := MapRange(edits, start, end)
			if s < 0 || e < s || e > len(out) {
				t.Fatalf("MapRange(%v, %d, %d) = %d, %d: out of bounds of %q", edits, start, end, s, e, out)
			}
			if got := out[s:e]; got != tt.want {
				t.Errorf("%q -> %q: hit %q maps to %q, want %q", text, out, text[start:end], got, tt.want)
			}
		})
	}
}

func TestReplaceEditsNoAlloc(t *testing.T) {
	m := New([]Entry{{Name: "Walt", Repl: "<W>"}})
	text := "the rent went up again, said the tenant"
	var out string
	allocs := testing.AllocsPerRun(100, func() { out, _ = m.ReplaceEdits(text, nil, nil) })
	if allocs != 0 || out != text {
		t.Errorf("ReplaceEdits without a name: %v allocations, %q", allocs, out)
	}
	if s, e := MapRange(nil, 3, 7); s != 3 || e != 7 {
		t.Errorf("MapRange(nil, 3, 7) = %d, %d", s, e)
	}
}

func FuzzMapRange(f *testing.F) {
	for _, s := range []string{"thank you Walt", "Walt's WALT walter", "Maria Lopez, Maria", "José Jose\u0301 Zoë", "Walt\nImbery's", ""} {
		f.Add(s, 2, 9)
	}
	f.Fuzz(func(t *testing.T, s string, a, b int) {
		m := New([]Entry{{Name: "Maria Lopez", Repl: "spk-1111bbbb"}, {Name: "Walt", Repl: "spk-2222cccc"}, {Name: "José", Repl: "x"}})
		out, edits := m.ReplaceEdits(s, nil, nil)
		if out != m.Replace(s) {
			t.Fatalf("ReplaceEdits(%q) = %q, Replace gives %q", s, out, m.Replace(s))
		}
		n := len(s) + 1
		a, b = ((a%n)+n)%n, ((b%n)+n)%n
		if a > b {
			a, b = b, a
		}
		ms, me := MapRange(edits, a, b)
		if ms < 0 || me < ms || me > len(out) {
			t.Fatalf("MapRange(%d, %d) = %d, %d, outside [0, %d] of %q", a, b, ms, me, len(out), out)
		}
		// Monotone: one byte further maps no earlier.
		if b < len(s) {
			if ms2, me2 := MapRange(edits, a, b+1); ms2 != ms || me2 < me {
				t.Fatalf("MapRange(%d, %d) = %d, %d but MapRange(%d, %d) = %d, %d", a, b, ms, me, a, b+1, ms2, me2)
			}
		}
		if a+1 <= b {
			if ms2, _ := MapRange(edits, a+1, b); ms2 < ms {
				t.Fatalf("start %d maps to %d, start %d to %d", a, ms, a+1, ms2)
			}
		}
		// A range that overlaps no edit holds the same bytes.
		overlaps := false
		for _, e := range edits {
			if a < e.End && e.Start < b || a == b && e.Start < a && a < e.End {
				overlaps = true
			}
		}
		if !overlaps && out[ms:me] != s[a:b] {
			t.Fatalf("%q -> %q: [%d, %d) %q maps to %q", s, out, a, b, s[a:b], out[ms:me])
		}
		// Every edit maps onto its replacement.
		for _, e := range edits {
			if es, ee := MapRange(edits, e.Start, e.End); es != e.NewStart || ee != e.NewEnd {
				t.Fatalf("edit %+v maps to %d, %d", e, es, ee)
			}
		}
		if utf8.ValidString(s) && utf8.ValidString(s[a:b]) && !utf8.ValidString(out[ms:me]) {
			t.Fatalf("%q -> %q: valid [%d, %d) maps to invalid %q", s, out, a, b, out[ms:me])
		}
	})
}
