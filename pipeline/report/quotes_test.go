package report

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

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
	"Hi.. There. Stop!! Go?! now. Yes?? No... fine.. Ok",
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
		checkSpans(t, in)
	})
}

// checkSpans fails unless sentenceSpans gives each sentence of a valid
// UTF-8 text where it is, in order, and no starts for other text.
func checkSpans(t *testing.T, in string) {
	t.Helper()
	ss, starts := sentenceSpans(in)
	if !utf8.ValidString(in) {
		if starts != nil {
			t.Errorf("sentenceSpans(%q): starts %v for text that is not UTF-8", in, starts)
		}
		return
	}
	if len(starts) != len(ss) {
		t.Fatalf("sentenceSpans(%q): %d starts for %d sentences", in, len(starts), len(ss))
	}
	end := 0
	for i, s := range ss {
		if starts[i] < end || starts[i]+len(s) > len(in) || in[starts[i]:starts[i]+len(s)] != s {
			t.Errorf("sentenceSpans(%q): sentence %d %q does not start at %d (after %d)", in, i, s, starts[i], end)
			return
		}
		end = starts[i] + len(s)
	}
}

func TestSentenceSpans(t *testing.T) {
	for _, in := range sentenceCases {
		checkSpans(t, in)
	}
}

// TestSentenceOf checks which sentence a quote of a hit shows. The hit's
// bytes decide: a word the turn says twice is quoted from the sentence it
// was found in, whatever the tagger's sentence index; a name masked over
// the hit, or a hit running over a sentence's end, gives none. A hit
// without bytes in the text is looked for by its words.
func TestSentenceOf(t *testing.T) {
	text := `We paid the rent late. Then the rent went up! "Rent?" she said. Fine.`
	second := strings.Index(text, "the rent went") + len("the ")
	quoted := strings.Index(text, "Rent?")
	late := strings.Index(text, "late. Then")
	bad := "rent \xff was late. The rent went up."
	cases := []struct {
		name       string
		text       string
		start, end int
		sent       int
		surface    string
		want       int
		byBytes    bool
	}{
		{"first of two, the tagger's index at the other", text, 12, 16, 1, "rent", 0, true},
		{"second of two, the tagger's index at the other", text, second, second + 4, 0, "rent", 1, true},
		{"inside a quotation", text, quoted, quoted + 4, 0, "Rent", 2, true},
		{"a name masked over it", text, 12, 16, 0, "Maria", -1, true},
		{"over a sentence's end", text, late, late + len("late. Then"), 0, "late. Then", -1, true},
		{"no bytes: by its words, the tagger's sentence first", text, 0, 0, 1, "rent", 1, false},
		{"no bytes: by its words, else the first sentence holding them", text, 0, 0, 3, "RENT", 0, false},
		{"bytes past the text: by its words", text, len(text) - 2, len(text) + 2, 3, "fine", 3, false},
		{"text not UTF-8: by its words", bad, strings.Index(bad, "The rent") + 4, strings.Index(bad, "The rent") + 8, 0, "rent", 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, byBytes := newSplit(tc.text).sentenceOf(tc.start, tc.end, tc.sent, tc.surface)
			if got != tc.want || byBytes != tc.byBytes {
				t.Errorf("sentenceOf(%d, %d, %d, %q) = %d, %v; want %d, %v", tc.start, tc.end, tc.sent, tc.surface, got, byBytes, tc.want, tc.byBytes)
			}
		})
	}
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

// sentenceRef is split.sentenceOf written plainly: each sentence is found
// in text after the one before it, and the hit's is the one its bytes lie
// in. Hits without bytes in text are looked for by their words.
func sentenceRef(text string, ss []string, h table.Match) (int, bool) {
	ts, te := int(h.TextStart), int(h.TextEnd)
	if !utf8.ValidString(text) || ts < 0 || ts >= te || te > len(text) {
		return findSentenceRef(ss, int(h.Sentence), h.Surface), false
	}
	if text[ts:te] != h.Surface {
		return -1, true
	}
	pos := 0
	for i, s := range ss {
		start := pos + strings.Index(text[pos:], s)
		pos = start + len(s)
		if ts < pos {
			if ts >= start && te <= pos {
				return i, true
			}
			return -1, true
		}
	}
	return -1, true
}

// wordSpans returns where the words (runs of letters) of text start and
// end.
func wordSpans(text string) [][2]int {
	var out [][2]int
	for i := 0; i < len(text); {
		if !unicode.IsLetter(rune(text[i])) {
			i++
			continue
		}
		j := i
		for j < len(text) && unicode.IsLetter(rune(text[j])) {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// pickQuotesRef is the quote choice as it was written over whole rows,
// before focusCycle: the reference TestPickQuotesAsRows holds pickQuotes to.
func pickQuotesRef(in Input, focus string, heads []table.Drift) []quoteGroup {
	turns := map[turnKey]*table.Turn{}
	for i, t := range in.Turns[focus] {
		turns[turnKey{t.DocPath, t.Turn}] = &in.Turns[focus][i]
	}
	suppressed := map[[2]string]bool{}
	for _, r := range in.Drift {
		if r.Scope == "cycle" && r.Cycle == focus && r.Suppressed {
			suppressed[[2]string{r.Site, r.Measure}] = true
		}
	}
	used := map[string]bool{}
	labels := map[string]string{}
	var out []quoteGroup
	for _, r := range heads {
		if r.Suppressed || r.Estimate == nil {
			continue
		}
		mi := info(r.Measure)
		cat, about := mi.A, mi.AWords
		if r.Verdict == verdictFell && mi.B != "" {
			cat, about = mi.B, mi.BWords
		}
		type cand struct {
			t          *table.Turn
			sent, hits int
			text       string
			story      bool
			score      int
		}
		byKey := map[[2]any]*cand{}
		var cands []*cand
		for _, h := range in.Matches[focus] {
			if h.Category != cat || (mi.Dim != "" && h.Dimension != mi.Dim) || !quotable(h) || suppressed[[2]string{h.Site, r.Measure}] {
				continue
			}
			t := turns[turnKey{h.DocPath, h.Turn}]
			if t == nil || t.Text == "" {
				continue
			}
			ss := sentences(t.Text)
			si, byBytes := sentenceRef(t.Text, ss, h)
			if si < 0 {
				continue
			}
			k := [2]any{turnKey{h.DocPath, h.Turn}, si}
			c := byKey[k]
			if c == nil {
				c = &cand{t: t, sent: si, text: ss[si]}
				byKey[k] = c
				cands = append(cands, c)
			}
			c.hits++
			c.story = c.story || (h.Narrative && (byBytes || si == int(h.Sentence)) &&
				!suppressed[[2]string{h.Site, "story_" + r.Measure}] && !suppressed[[2]string{"all", "story_" + r.Measure}])
		}
		score := func(c *cand) int {
			s := min(c.hits, 3)
			if c.story {
				s += 3
			}
			switch n := len(strings.Fields(c.text)); {
			case n >= 8 && n <= 40:
				s += 2
			case n < 5 || n > 70:
				s -= 3
			}
			return s
		}
		slices.SortStableFunc(cands, func(a, b *cand) int {
			if sa, sb := score(a), score(b); sa != sb {
				return sb - sa
			}
			if a.t.DocPath != b.t.DocPath {
				return strings.Compare(a.t.DocPath, b.t.DocPath)
			}
			if a.t.Turn != b.t.Turn {
				return int(a.t.Turn - b.t.Turn)
			}
			return a.sent - b.sent
		})
		limit := 2
		if r.Measure == "class_share" {
			limit = 3
		}
		g := quoteGroup{Title: capital(about)}
		speakers := map[string]bool{}
		for _, c := range cands {
			if len(g.Quotes) == limit {
				break
			}
			if speakers[c.t.Speaker] || used[c.text] {
				continue
			}
			speakers[c.t.Speaker], used[c.text] = true, true
			if _, ok := labels[c.t.Speaker]; !ok {
				labels[c.t.Speaker] = "Speaker " + speakerLetter(len(labels))
			}
			g.Quotes = append(g.Quotes, quote{Text: c.text, Speaker: labels[c.t.Speaker], Site: siteLabel(c.t.Site), Cycle: in.label(focus), Story: c.story})
		}
		if len(g.Quotes) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// TestPickQuotesAsRows checks on random cycles that the quotes chosen
// from what the report keeps of a cycle (focusCycle) are those chosen from
// its whole rows: the same sentences, order, speakers and story tags, with
// sentences repeated across turns, hits outside their tagger sentence or
// their turn, suppressed cells and both verdicts, and with the candidates
// pruned as they come (pruneAt 1 and 3) as well as once at the end.
func TestPickQuotesAsRows(t *testing.T) {
	defer func(n int) { pruneAt = n }(pruneAt)
	for seed := range uint64(1200) {
		pruneAt = []int{1024, 1, 3}[seed%3]
		in, heads := quoteCycle(seed, false)
		got, want := pickQuotes(in, "c1", heads, Options{}), pickQuotesRef(in, "c1", heads)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d, pruneAt %d: pickQuotes\n%+v\nwant (from the rows)\n%+v", seed, pruneAt, got, want)
		}
	}
}

// quoteCycle returns a random cycle c1 of a few documents, in document
// order, with its drift rows (some cells suppressed) and headlines. Half
// the cycles are dense: two speakers saying the same few short sentences,
// which every pruning rule has to get right. With allHeads, every share
// measure may be a headline, with either verdict, and may be suppressed.
func quoteCycle(seed uint64, allHeads bool) (Input, []table.Drift) {
	allWords := []string{"rent", "wages", "boss", "church", "nation", "strike", "landlord", "we", "I", "grew", "up", "paid", "late", "the", "and"}
	cats := [][2]string{{"framing", "class"}, {"framing", "identity"}, {"blame", "structural"}, {"blame", "horizontal"},
		{"solidarity", "integration"}, {"scope", "local"}}
	sites := []string{"east", "west", "north"}
	rng := rand.New(rand.NewPCG(seed, 7))
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	words, speakers, sentLen := allWords, 5, 12
	if seed%2 == 1 {
		words, speakers, sentLen = allWords[:3], 2, 2
	}
	if allHeads && seed%4 == 2 {
		// Many speakers saying the same few sentences: the texts earlier
		// groups show keep later groups from theirs.
		words, speakers, sentLen = allWords[:4], 9, 2
	}
	if allHeads {
		cats = append(cats, [2]string{"solidarity", "mobilisation"}, [2]string{"scope", "international"},
			[2]string{"register", "material"}, [2]string{"register", "privilege"}, [2]string{"framing", "structural"})
	}
	sentence := func() string {
		ws := make([]string, 1+rng.IntN(sentLen))
		for i := range ws {
			ws[i] = pick(words)
		}
		return strings.Join(ws, " ") + pick([]string{".", "!", "?"})
	}
	var in Input
	in.Turns, in.Matches = map[string][]table.Turn{}, map[string][]table.Match{}
	for d := range 1 + rng.IntN(6) {
		doc := fmt.Sprintf("d%d.txt", d)
		for turn := range int32(1 + rng.IntN(12)) {
			var ss []string
			for range 1 + rng.IntN(4) {
				ss = append(ss, sentence())
			}
			site, spk := pick(sites), fmt.Sprintf("spk-%08x", rng.IntN(speakers))
			role := pick([]string{"participant", "participant", "facilitator"})
			text := strings.Join(ss, " ")
			if rng.IntN(8) == 0 {
				text = ""
			}
			if rng.IntN(10) > 0 {
				in.Turns["c1"] = append(in.Turns["c1"], table.Turn{DocPath: doc, Turn: turn, Site: site, Speaker: spk, Role: role, Text: text})
			}
			for range rng.IntN(10) {
				c := cats[rng.IntN(len(cats))]
				m := table.Match{DocPath: doc, Turn: turn, Sentence: int32(rng.IntN(5)), Site: site, Speaker: spk,
					Role: role, Dimension: c[0], Category: c[1], Surface: pick(words), Counted: rng.IntN(6) > 0, Negated: rng.IntN(6) == 0,
					Question: rng.IntN(8) == 0, Reported: rng.IntN(8) == 0, Narrative: rng.IntN(2) == 0}
				// Most hits have their bytes in the text, as drift writes
				// them: a word of the turn (said again elsewhere in it, in
				// the dense cycles), and the tagger's sentence index no
				// guide to which sentence. Some run on into the next word,
				// over a sentence's end or not; some have a name masked
				// over them; the others have no bytes, as in a dataset
				// without them, and are found by their words.
				if ws := wordSpans(text); len(ws) > 0 && rng.IntN(4) > 0 {
					w := ws[rng.IntN(len(ws))]
					switch rng.IntN(8) {
					case 0:
						m.TextStart, m.TextEnd = int32(w[0]), int32(w[1])
						m.Surface = "Maria"
					case 1:
						end := len(text)
						if i := slices.Index(ws, w); i+1 < len(ws) {
							end = ws[i+1][1]
						}
						m.TextStart, m.TextEnd, m.Surface = int32(w[0]), int32(end), text[w[0]:end]
					default:
						m.TextStart, m.TextEnd, m.Surface = int32(w[0]), int32(w[1]), text[w[0]:w[1]]
					}
				}
				in.Matches["c1"] = append(in.Matches["c1"], m)
			}
		}
	}
	measures := []string{"class_share", "structural_share", "integration_share", "local_share"}
	if allHeads {
		measures = shareMeasures
	}
	for _, s := range append([]string{"all"}, sites...) {
		for _, m := range measures {
			for _, m := range []string{m, "story_" + m} {
				if rng.IntN(5) == 0 {
					in.Drift = append(in.Drift, table.Drift{Scope: "cycle", Cycle: "c1", Site: s, Measure: m, Suppressed: true})
				}
			}
		}
	}
	if !allHeads {
		return in, []table.Drift{
			{Scope: "cycle", Cycle: "c1", Site: "all", Measure: "class_share", Estimate: f(0.5), Verdict: pick([]string{verdictRose, verdictFell})},
			{Scope: "cycle", Cycle: "c1", Site: "all", Measure: "structural_share", Estimate: f(0.5), Verdict: pick([]string{verdictRose, verdictFell})},
			{Scope: "cycle", Cycle: "c1", Site: "all", Measure: "integration_share", Estimate: f(0.5), Verdict: verdictRose},
			{Scope: "cycle", Cycle: "c1", Site: "all", Measure: "local_share", Estimate: f(0.5), Verdict: verdictRose},
		}
	}
	var heads []table.Drift
	for _, m := range rand.New(rand.NewPCG(seed, 8)).Perm(len(shareMeasures)) {
		if rng.IntN(4) == 0 {
			continue
		}
		heads = append(heads, table.Drift{Scope: "cycle", Cycle: "c1", Site: "all", Measure: shareMeasures[m], Estimate: f(0.5),
			Verdict: pick([]string{verdictRose, verdictFell, verdictNoChange}), Suppressed: rng.IntN(8) == 0})
	}
	return in, heads
}

// TestFocusRowsAsRead checks on random cycles that what FocusRows collects
// from the rows a document at a time gives the report what it gets from
// reading them (focusFor over the same rows): the same counts, and the
// same quotes as the whole rows give (pickQuotesRef), whatever the
// headlines, their verdicts and the suppressed cells, with the lanes
// pruned as they come (pruneAt 1 and 3) and once at the end.
func TestFocusRowsAsRead(t *testing.T) {
	defer func(n int) { pruneAt = n }(pruneAt)
	for seed := range uint64(1500) {
		pruneAt = []int{1024, 1, 3}[seed%3]
		in, heads := quoteCycle(seed, true)
		fr := NewFocusRows("c1")
		feedFocusRows(fr, in.Turns["c1"], in.Matches["c1"])
		got := fr.focus("c1", heads, in.Drift)
		if got == nil {
			t.Fatalf("seed %d: FocusRows gave up", seed)
		}
		want := in.focusFor("c1", heads)
		if got.turns != want.turns || got.participantTurns != want.participantTurns || got.framedTurns != want.framedTurns || got.speakers != want.speakers {
			t.Fatalf("seed %d: counts %d %d %d %d, want %d %d %d %d", seed, got.turns, got.participantTurns, got.framedTurns, got.speakers,
				want.turns, want.participantTurns, want.framedTurns, want.speakers)
		}
		if !reflect.DeepEqual(got.specs, want.specs) {
			t.Fatalf("seed %d: specs %+v, want %+v", seed, got.specs, want.specs)
		}
		collected := Input{Drift: in.Drift, focus: got}
		if q, want := pickQuotes(collected, "c1", heads, Options{}), pickQuotesRef(in, "c1", heads); !reflect.DeepEqual(q, want) {
			t.Fatalf("seed %d, pruneAt %d: quotes from FocusRows\n%+v\nwant (from the rows)\n%+v", seed, pruneAt, q, want)
		}
	}
}

// feedFocusRows gives fr the rows of a cycle a document at a time, as
// drift run writes them.
func feedFocusRows(fr *FocusRows, turns []table.Turn, matches []table.Match) {
	for len(turns) > 0 || len(matches) > 0 {
		// The next document in path order: one may have hits and no
		// turns, or turns and no hits.
		var doc string
		switch {
		case len(turns) == 0:
			doc = matches[0].DocPath
		case len(matches) == 0:
			doc = turns[0].DocPath
		default:
			doc = min(turns[0].DocPath, matches[0].DocPath)
		}
		nt, nm := 0, 0
		for nt < len(turns) && turns[nt].DocPath == doc {
			nt++
		}
		for nm < len(matches) && matches[nm].DocPath == doc {
			nm++
		}
		fr.Add(turns[:nt], matches[:nm])
		turns, matches = turns[nt:], matches[nm:]
	}
}

// TestFocusRowsGivesUp checks that FocusRows leaves the report to read the
// cycle back when it cannot tell: for another cycle, a hit at another
// site than its turn's, and more sites than it keeps lanes for.
func TestFocusRowsGivesUp(t *testing.T) {
	heads := []table.Drift{{Scope: "cycle", Cycle: "c1", Site: "all", Measure: "class_share", Estimate: f(0.5), Verdict: verdictRose}}
	turn := func(doc, site string) table.Turn {
		return table.Turn{DocPath: doc, Site: site, Speaker: "spk-1", Role: "participant", Text: "We paid the rent late."}
	}
	hit := func(doc, site string) table.Match {
		return table.Match{DocPath: doc, Site: site, Role: "participant", Dimension: "framing", Category: "class", Surface: "rent", Counted: true}
	}
	fr := NewFocusRows("c1")
	fr.Add([]table.Turn{turn("a", "east")}, []table.Match{hit("a", "east")})
	if fr.focus("c1", heads, nil) == nil {
		t.Fatal("gave up on a good cycle")
	}
	if fr.focus("c2", heads, nil) != nil {
		t.Error("gave the focus of c1 for c2")
	}
	var nilRows *FocusRows
	if nilRows.focus("c1", heads, nil) != nil {
		t.Error("nil FocusRows gave a focus")
	}
	fr.Add([]table.Turn{turn("b", "east")}, []table.Match{hit("b", "west")})
	if fr.focus("c1", heads, nil) != nil {
		t.Error("a hit at another site than its turn's: want nil")
	}
	fr = NewFocusRows("c1")
	for i := range maxFocusSites + 1 {
		site := fmt.Sprint("site-", i)
		fr.Add([]table.Turn{turn(site, site)}, []table.Match{hit(site, site)})
		if got := fr.focus("c1", heads, nil); (got == nil) != (i == maxFocusSites) {
			t.Fatalf("%d sites: focus %v", i+1, got)
		}
	}
}

// greedy is pickQuotes's choice within one group: the texts of the
// candidates it takes, in order, given the texts earlier groups showed.
func greedy(cands []quoteCand, limit int, shown map[string]bool) []string {
	cands = slices.SortedFunc(slices.Values(cands), candCmp)
	used := maps.Clone(shown)
	speakers := map[string]bool{}
	var out []string
	for _, c := range cands {
		if len(out) == limit {
			break
		}
		if speakers[c.speaker] || used[c.text] {
			continue
		}
		speakers[c.speaker], used[c.text] = true, true
		out = append(out, c.speaker+": "+c.text)
	}
	return out
}

// TestPrune checks that pruning a group's candidates never changes what
// the group shows, whatever earlier groups showed (up to used texts), on
// hand-made cases for each rule and on many random groups of few speakers
// and texts, and that it keeps no more than its bound.
func TestPrune(t *testing.T) {
	c := func(score int32, turn int32, speaker, text string) quoteCand {
		return quoteCand{doc: "d", turn: turn, score: score, speaker: speaker, text: text}
	}
	tests := []struct {
		name  string
		cands []quoteCand
		limit int
		shown []string
	}{
		// B's t1 is taken after A's t1 is passed over for A's t0.
		{"a text again by another speaker", []quoteCand{c(9, 0, "A", "t0"), c(8, 1, "A", "t1"), c(7, 2, "B", "t1")}, 2, nil},
		// A's t1 follows t0 and t2, shown before; A's fourth text is taken.
		{"a speaker's later texts", []quoteCand{c(9, 0, "A", "t0"), c(8, 1, "A", "t1"), c(7, 2, "A", "t2"), c(6, 3, "A", "t3"), c(5, 4, "B", "t0")}, 2, []string{"t0", "t1", "t2"}},
		{"the same speaker and text twice", []quoteCand{c(9, 0, "A", "t0"), c(8, 1, "B", "t0"), c(7, 2, "A", "t0"), c(6, 3, "C", "t1")}, 3, []string{"t0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shown := map[string]bool{}
			for _, s := range tt.shown {
				shown[s] = true
			}
			want := greedy(tt.cands, tt.limit, shown)
			got := greedy(prune(slices.Clone(tt.cands), tt.limit, len(tt.shown)), tt.limit, shown)
			if !slices.Equal(got, want) {
				t.Errorf("after pruning %v, want %v", got, want)
			}
		})
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for round := range 20000 {
		limit := 1 + rng.IntN(3)
		nSpk, nText := 1+rng.IntN(4), 1+rng.IntN(8)
		cands := make([]quoteCand, rng.IntN(60))
		for i := range cands {
			cands[i] = c(int32(rng.IntN(5)), int32(i), fmt.Sprint("s", rng.IntN(nSpk)), fmt.Sprint("t", rng.IntN(nText)))
		}
		shown := map[string]bool{}
		for range rng.IntN(4) {
			shown[fmt.Sprint("t", rng.IntN(nText))] = true
		}
		used := len(shown) + rng.IntN(2) // an upper bound is enough
		kept := prune(slices.Clone(cands), limit, used)
		if got, want := greedy(kept, limit, shown), greedy(cands, limit, shown); !slices.Equal(got, want) {
			t.Fatalf("round %d (limit %d, %d shown): after pruning %v, want %v\n%v", round, limit, len(shown), got, want, cands)
		}
		if k := 3*(limit-1) + used + 1; len(kept) > k*(used+2*limit-1) {
			t.Fatalf("round %d: kept %d, over the bound %d", round, len(kept), k*(used+2*limit-1))
		}
	}
}

// TestFocusRowsLanesKeepEnough checks that a lane keeps the candidates a
// later group needs when earlier groups show texts it would otherwise
// quote: four headlines show nine sentences, and the last group's one
// speaker said those nine, and more, before the one it quotes. A lane
// pruned for fewer quotes shown before (used) than a report can show
// drops that one.
func TestFocusRowsLanesKeepEnough(t *testing.T) {
	defer func(n int) { pruneAt = n }(pruneAt)
	pruneAt = 1
	var in Input
	in.Turns, in.Matches = map[string][]table.Turn{}, map[string][]table.Match{}
	add := func(doc string, turn int32, spk, text, dim, cat string) {
		in.Turns["c1"] = append(in.Turns["c1"], table.Turn{DocPath: doc, Turn: turn, Site: "east", Speaker: spk, Role: "participant", Text: text})
		in.Matches["c1"] = append(in.Matches["c1"], table.Match{DocPath: doc, Turn: turn, Site: "east", Speaker: spk, Role: "participant",
			Dimension: dim, Category: cat, Surface: "rent", Counted: true})
	}
	text := func(i int) string { return fmt.Sprintf("We paid the rent to the boss number %d.", i) }
	n := 0
	for g, c := range [][2]string{{"framing", "class"}, {"blame", "structural"}, {"solidarity", "integration"}, {"scope", "local"}} {
		for j := range quoteLimit(shareMeasures[g]) {
			add(fmt.Sprintf("a%d.txt", g), int32(j), fmt.Sprintf("spk-%d-%d", g, j), text(n), c[0], c[1])
			n++
		}
	}
	for i := range n + 20 {
		add("z.txt", int32(i), "spk-w", text(i), "register", "material")
	}
	var heads []table.Drift
	for _, m := range shareMeasures {
		heads = append(heads, table.Drift{Scope: "cycle", Cycle: "c1", Site: "all", Measure: m, Estimate: f(0.5), Verdict: verdictRose})
	}
	want := pickQuotesRef(in, "c1", heads)
	if len(want) != 5 || len(want[4].Quotes) != 1 || want[4].Quotes[0].Text != text(n) {
		t.Fatalf("the case does not hold: the reference quotes %+v", want)
	}
	fr := NewFocusRows("c1")
	feedFocusRows(fr, in.Turns["c1"], in.Matches["c1"])
	if got := pickQuotes(Input{focus: fr.focus("c1", heads, nil)}, "c1", heads, Options{}); !reflect.DeepEqual(got, want) {
		t.Errorf("quotes from FocusRows\n%+v\nwant\n%+v", got, want)
	}
}

// TestFocusRowsMemory checks that what FocusRows keeps is bounded by the
// sites, not the rows: 2,400 documents of 12 turns, each turn with hits in
// every category, at 16 sites, keep a few megabytes (lanes pruned first at
// 1,024 candidates kept 28 MB; at lanePruneAt, 5 MB).
func TestFocusRowsMemory(t *testing.T) {
	cats := [][2]string{{"framing", "class"}, {"framing", "identity"}, {"blame", "structural"}, {"blame", "horizontal"},
		{"solidarity", "integration"}, {"solidarity", "mobilisation"}, {"scope", "local"}, {"scope", "international"},
		{"register", "material"}, {"register", "privilege"}}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fr := NewFocusRows("c1")
	for d := range 2400 {
		site, doc := fmt.Sprint("site-", d%16), fmt.Sprintf("d%05d.txt", d)
		var ts []table.Turn
		var ms []table.Match
		for turn := range int32(12) {
			text := fmt.Sprintf("We paid the rent to the boss and the church in %d and %d, all of us together now.", d, turn)
			ts = append(ts, table.Turn{DocPath: doc, Turn: turn, Site: site, Speaker: fmt.Sprintf("spk-%08x", (d*12+int(turn))%500),
				Role: "participant", Text: text})
			for _, c := range cats {
				ms = append(ms, table.Match{DocPath: doc, Turn: turn, Site: site, Role: "participant", Dimension: c[0], Category: c[1],
					Surface: "rent", Counted: true, Narrative: turn%2 == 0})
			}
		}
		fr.Add(ts, ms)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if live := float64(after.HeapAlloc) - float64(before.HeapAlloc); live > 12e6 {
		t.Errorf("FocusRows keeps %.1f MB for 16 sites, want under 12 MB", live/1e6)
	}
	if fr.focus("c1", nil, nil) == nil {
		t.Error("gave up")
	}
}
