package report

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/drift-project/drift/pipeline/table"
)

// TestQuoteMasker checks quotes are masked by the rule of --text masked
// (pipeline/names): whole words, the full name and the first name, and
// the names the recogniser finds.
func TestQuoteMasker(t *testing.T) {
	people := func(s string) []string { return []string{"Okafor", "spk-0000aaaa", "x"} }
	m := newMasker(Options{KnownNames: []string{"Walt Imbery", "Mr Lee", "M.O."}, People: people})
	tests := []struct{ in, want string }{
		{"Thanks Walt, and WALT's friend Walt Imbery.", "Thanks [name], and [name]'s friend [name]."},
		{"Walter drove past the asphalt plant in Waltham.", "Walter drove past the asphalt plant in Waltham."},
		// A surname alone is masked in quotes, with or without a title.
		{"Ask Imbery, or Mr Imbery's brother; imbery is not capitalised.", "Ask [name], or Mr [name]'s brother; imbery is not capitalised."},
		{"Mr Lee and Mr Okafor agreed with M.O. and spk-0000aaaa.", "[name] and Mr [name] agreed with [name]. and [name]."},
		// Pseudonyms of people spoken to or about (--text masked) are
		// masked too, possessives and all, but only as whole words.
		{"And spk-a9d76b58, I brought soup; spk-A9D76B58's and spk-a9d76b58’s pot.", "And [name], I brought soup; [name]'s and [name]’s pot."},
		{"(spk-a9d76b58) spk-a9d76b58.", "([name]) [name]."},
		{"xspk-a9d76b58 spk-a9d76b5 spk-a9d76b589 spk-a9d76b58-x spk-a9d76b5g", "xspk-a9d76b58 spk-a9d76b5 spk-a9d76b589 spk-a9d76b58-x spk-a9d76b5g"},
		// A dash or a false start after a name is not part of a word
		// (package names masks "Ana" in "Ana--" and "Ana- sorry").
		{"I told spk-a9d76b58--she wasn't listening.", "I told [name]--she wasn't listening."},
		{"spk-a9d76b58- sorry, spk-a9d76b58 said so--spk-a9d76b58 said.", "[name]- sorry, [name] said so--[name] said."},
		{"spk-a9d76b58 -- spk-a9d76b58-", "[name] -- [name]-"},
		{"Jean-spk-a9d76b58 x-spk-a9d76b58", "Jean-spk-a9d76b58 x-spk-a9d76b58"},
	}
	for _, tt := range tests {
		if got := m.mask(tt.in); got != tt.want {
			t.Errorf("mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := newMasker(Options{KnownNames: []string{"Walt Imbery"}}).mask("walt and Walt"); got != "walt and [name]" {
		t.Errorf("without a recogniser: %q", got)
	}
	if got := newMasker(Options{}).mask("Thanks, spk-0123abcd's sister."); got != "Thanks, [name]'s sister." {
		t.Errorf("without a recogniser or known names: %q", got)
	}
}

// sentencesRunes is sentences as it was written first, on a copy of the
// text as runes; sentences must split exactly as it does.
func sentencesRunes(text string) []string {
	var out []string
	start := 0
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '.' && rs[i] != '!' && rs[i] != '?' {
			continue
		}
		j := i + 1
		for j < len(rs) && strings.ContainsRune(`"'”’)]`, rs[j]) {
			j++
		}
		if j < len(rs) && !unicode.IsSpace(rs[j]) {
			continue
		}
		k := j
		for k < len(rs) && unicode.IsSpace(rs[k]) {
			k++
		}
		if k < len(rs) && unicode.IsLower(rs[k]) {
			continue
		}
		if s := strings.TrimSpace(string(rs[start:j])); s != "" {
			out = append(out, s)
		}
		start = j
		i = j - 1
	}
	if s := strings.TrimSpace(string(rs[start:])); s != "" {
		out = append(out, s)
	}
	return out
}

var sentenceCases = []string{
	"",
	"We met. \"Stop!\" she said. Is it 3.5 per cent? Yes… fine",
	"One.Two. three. Four!\u00a0Five?”  Six’) Seven.",
	"Ends with a stop.",
	"…!?.  ",
	"Ça va. Élan! ünter? ß.",
	"bad \xff byte. Next \xc3 one! ok",
	"(laughs.) Right.] Then.' again",
}

func TestSentencesAsRunes(t *testing.T) {
	for _, in := range sentenceCases {
		if got, want := sentences(in), sentencesRunes(in); !slices.Equal(got, want) {
			t.Errorf("sentences(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzSentences(f *testing.F) {
	for _, in := range sentenceCases {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if got, want := sentences(in), sentencesRunes(in); !slices.Equal(got, want) {
			t.Errorf("sentences(%q) = %q, want %q", in, got, want)
		}
	})
}

// TestQuotesRespectSuppression checks that nobody from a suppressed cell
// is quoted, that the origin-story tag is dropped where the story cell is
// suppressed, and that quotes carry per-report labels, not pseudonyms.
func TestQuotesRespectSuppression(t *testing.T) {
	turn := func(doc, site, spk, text string) table.Turn {
		return table.Turn{DocPath: doc, Turn: 0, Site: site, Speaker: spk, Role: "participant", Text: text}
	}
	hit := func(doc, site, spk string, narr bool) table.Match {
		return table.Match{DocPath: doc, Turn: 0, Sentence: 0, Site: site, Speaker: spk, Role: "participant", Dimension: "framing", Category: "class", Surface: "rent", Counted: true, Narrative: narr}
	}
	in := Input{
		Turns: map[string][]table.Turn{"c1": {
			turn("a.txt", "east", "spk-0000000a", "I paid the rent late every month that winter."),
			turn("b.txt", "west", "spk-0000000b", "We stopped paying the rent together in May."),
			turn("c.txt", "west", "spk-0000000c", "I lost the flat when the rent went up again."),
		}},
		Matches: map[string][]table.Match{"c1": {
			hit("a.txt", "east", "spk-0000000a", true), hit("b.txt", "west", "spk-0000000b", true), hit("c.txt", "west", "spk-0000000c", true),
		}},
		Drift: []table.Drift{
			{Scope: "cycle", Cycle: "c1", Site: "east", Measure: "class_share", Suppressed: true},
			{Scope: "cycle", Cycle: "c1", Site: "west", Measure: "story_class_share", Suppressed: true},
		},
	}
	head := table.Drift{Scope: "cycle", Cycle: "c1", Site: "all", Measure: "class_share", Estimate: f(0.6)}
	groups := pickQuotes(in, "c1", []table.Drift{head}, Options{})
	if len(groups) != 1 || len(groups[0].Quotes) != 2 {
		t.Fatalf("want one group of the two west quotes, got %+v", groups)
	}
	for i, q := range groups[0].Quotes {
		if strings.Contains(q.Text, "winter") || q.Site != "west" {
			t.Errorf("quote from the suppressed east cell: %+v", q)
		}
		if q.Story {
			t.Errorf("origin-story tag where west's story cell is suppressed: %+v", q)
		}
		if want := "Speaker " + string(rune('A'+i)); q.Speaker != want || strings.Contains(q.Speaker, "spk-") {
			t.Errorf("quote %d labelled %q, want %q", i, q.Speaker, want)
		}
	}
	// Without suppression, all three are quoted, as origin stories.
	in.Drift = nil
	groups = pickQuotes(in, "c1", []table.Drift{head}, Options{})
	if len(groups) != 1 || len(groups[0].Quotes) != 3 || !groups[0].Quotes[0].Story {
		t.Fatalf("without suppression want three origin stories, got %+v", groups)
	}
}

func TestSpeakerLetter(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := speakerLetter(i); got != want {
			t.Errorf("speakerLetter(%d) = %q, want %q", i, got, want)
		}
	}
}

// FuzzCountFields checks countFields against len(strings.Fields), the
// count the quotes' score was first written with.
func FuzzCountFields(f *testing.F) {
	for _, s := range []string{"", " ", "a", " a b  c ", "a\u00a0b\u2003c", "x\xffy \xff", "\t\n\v\f\r\u0085end"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := countFields(s), len(strings.Fields(s)); got != want {
			t.Errorf("countFields(%q) = %d, want %d", s, got, want)
		}
	})
}

// findSentenceRef is how quotes first found a hit's sentence, lower-casing
// every sentence it looked at; split.find must give the same index.
func findSentenceRef(ss []string, idx int, surface string) int {
	s := strings.ToLower(surface)
	if idx >= 0 && idx < len(ss) && strings.Contains(strings.ToLower(ss[idx]), s) {
		return idx
	}
	for i, t := range ss {
		if strings.Contains(strings.ToLower(t), s) {
			return i
		}
	}
	return -1
}

func FuzzFindSentence(f *testing.F) {
	f.Add("We met. THE Boss said no! Then the boss left.", "boss", 1, "said", 0)
	f.Add("İstanbul is big. istanbul is bigger.", "İSTANBUL", 0, "big", 1)
	f.Add("a. b.", "", -1, "z", 5)
	f.Fuzz(func(t *testing.T, text, surface string, idx int, surface2 string, idx2 int) {
		ss := sentences(text)
		sp := &split{ss: ss}
		// Two lookups on one split: the second reuses the lower-case forms
		// the first made.
		for _, q := range []struct {
			s string
			i int
		}{{surface, idx}, {surface2, idx2}} {
			if got, want := sp.find(q.i, q.s), findSentenceRef(ss, q.i, q.s); got != want {
				t.Errorf("find(%d, %q) in %q = %d, want %d", q.i, q.s, ss, got, want)
			}
		}
	})
}
