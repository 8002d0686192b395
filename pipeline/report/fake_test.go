package report

import (
	"fmt"
	"strings"

	"github.com/drift-project/drift/pipeline/table"
)

func f(v float64) *float64 { return &v }

// fakeInput is a small dataset with every table the statistics stage will
// write (rates, origin stories, q-values, the speaker-mix decomposition,
// keyness, continuity), so every section of the report is exercised
// before the real statistics exist. All names and numbers are invented.
func fakeInput() Input {
	cycles := []string{"2026-01", "2026-02", "2026-03"}
	in := Input{
		Cycles:      cycles,
		CycleLabels: map[string]string{"2026-01": "January circle", "2026-02": "February circle", "2026-03": "March circle"},
		Lexicons: []Lexicon{
			{"framing", "1.1.0", "sha256:new"}, {"blame", "1.0.0", "sha256:b"}, {"scope", "1.0.0", "sha256:s2"}, {"care", "0.1.0", "sha256:c"},
		},
		PreviousLexicons: []Lexicon{
			{"framing", "1.0.0", "sha256:old"}, {"blame", "1.0.0", "sha256:b"}, {"scope", "1.0.0", "sha256:s1"}, {"register", "1.0.0", "sha256:r"},
		},
		TextPolicy: "masked",
		Turns:      map[string][]table.Turn{},
		Matches:    map[string][]table.Match{},
	}
	type cell struct {
		est, lo, hi float64
		speakers    int64
	}
	share := func(measure, dim string, site string, cs []cell, verdicts []string, changes [][3]float64) {
		for i, c := range cs {
			r := table.Drift{Scope: "cycle", Cycle: cycles[i], Site: site, Measure: measure, Dimension: dim,
				NSpeakers: c.speakers, NHits: c.speakers * 4, NTokens: c.speakers * 300, Verdict: verdicts[i], Method: "speaker-clustered percentile bootstrap"}
			if c.speakers < 3 {
				r.Suppressed = true
			}
			if c.est >= 0 {
				r.Estimate, r.CILow, r.CIHigh = f(c.est), f(c.lo), f(c.hi)
			}
			if i > 0 {
				r.PrevCycle = cycles[i-1]
				if ch := changes[i]; ch != [3]float64{} {
					r.Change, r.ChangeLow, r.ChangeHigh = f(ch[0]), f(ch[1]), f(ch[2])
					r.PValue, r.QValue = f(0.01), f(0.03)
				}
			}
			in.Drift = append(in.Drift, r)
		}
	}
	v3 := func(a, b, c string) []string { return []string{a, b, c} }
	share("class_share", "framing", "all", []cell{{.41, .30, .52, 9}, {.44, .33, .55, 10}, {.58, .49, .67, 11}},
		v3(verdictInsufficient, verdictNoChange, verdictRose), [][3]float64{{}, {.03, -.08, .14}, {.14, .06, .28}})
	share("class_share", "framing", "eastside", []cell{{.35, .20, .52, 4}, {.38, .22, .55, 5}, {.55, .40, .70, 5}},
		v3(verdictInsufficient, verdictNoChange, verdictNoChange), [][3]float64{{}, {.03, -.15, .2}, {.17, -.02, .33}})
	share("class_share", "framing", "riverside", []cell{{.47, .30, .63, 5}, {.50, .35, .66, 5}, {.61, .45, .75, 2}},
		v3(verdictInsufficient, verdictNoChange, verdictInsufficient), [][3]float64{{}, {.03, -.15, .2}, {}})
	share("structural_share", "blame", "all", []cell{{.70, .55, .82, 8}, {.74, .60, .86, 8}, {.52, .40, .63, 9}},
		v3(verdictInsufficient, verdictNoChange, verdictFell), [][3]float64{{}, {.04, -.1, .18}, {-.22, -.36, -.07}})
	share("integration_share", "solidarity", "all", []cell{{.30, .15, .50, 6}, {.33, .18, .52, 6}, {.36, .20, .55, 7}},
		v3(verdictInsufficient, verdictNoChange, verdictNoChange), [][3]float64{{}, {.03, -.2, .25}, {.03, -.2, .25}})
	share("local_share", "scope", "all", []cell{{.90, .80, .97, 7}, {.88, .75, .96, 6}, {.86, .70, .95, 6}},
		v3(verdictInsufficient, verdictNoChange, verdictInsufficient), [][3]float64{{}, {-.02, -.15, .1}, {}})
	share("material_share", "register", "all", []cell{{-1, 0, 0, 1}, {.5, .2, .8, 2}, {.6, .3, .9, 2}},
		v3(verdictInsufficient, verdictInsufficient, verdictInsufficient), [][3]float64{{}, {}, {}})
	share("story_class_share", "framing", "all", []cell{{.30, .12, .50, 4}, {.45, .25, .66, 5}, {.70, .50, .88, 6}},
		v3(verdictInsufficient, verdictNoChange, verdictRose), [][3]float64{{}, {.15, -.1, .4}, {.25, .02, .5}})
	// The speaker-mix decomposition of the class share's change, as the
	// statistics stage writes it: columns on the cycle row.
	for i := range in.Drift {
		if r := &in.Drift[i]; r.Scope == "cycle" && r.Cycle == "2026-03" && r.Site == "all" && r.Measure == "class_share" {
			r.Composition, r.Within, r.TopContributorShare = f(.05), f(.09), f(.6)
		}
	}
	in.Drift = append(in.Drift,
		table.Drift{Scope: "trend", Site: "all", Measure: "class_share", Dimension: "framing", Estimate: f(.085), CILow: f(.02), CIHigh: f(.15), Verdict: verdictRose},
		table.Drift{Scope: "trend", Site: "all", Measure: "structural_share", Dimension: "blame", Estimate: f(-.09), CILow: f(-.2), CIHigh: f(.02), Verdict: verdictNoChange},
	)
	// Rates count every participant who spoke, so the statistics stage
	// never suppresses them; the material/privilege pair (register) has
	// its share suppressed in every cycle, so its rates must not be shown.
	rates := map[string][3]float64{"class": {9.5, 10.1, 14.2}, "identity": {12.0, 11.4, 9.8}, "structural": {4.1, 4.4, 3.0},
		"horizontal": {1.6, 1.5, 2.7}, "integration": {2.0, 2.1, 2.4}, "mobilisation": {4.8, 4.5, 4.0},
		"material": {0, 7.7, 8.8}, "privilege": {0, 7.7, 6.6}}
	dims := map[string]string{"class": "framing", "identity": "framing", "structural": "blame", "horizontal": "blame",
		"integration": "solidarity", "mobilisation": "solidarity", "material": "register", "privilege": "register"}
	for _, cat := range []string{"class", "identity", "structural", "horizontal", "integration", "mobilisation", "material", "privilege"} {
		for i, c := range cycles {
			v := rates[cat][i]
			in.Drift = append(in.Drift, table.Drift{Scope: "cycle", Cycle: c, Site: "all", Measure: "rate_" + cat, Dimension: dims[cat], Estimate: f(v), CILow: f(v * .75), CIHigh: f(v * 1.3), NSpeakers: 10})
		}
	}
	in.Continuity = []table.Continuity{
		{Cycle: "2026-01", Site: "all", Present: 9, New: 9},
		{Cycle: "2026-02", Site: "all", PrevCycle: "2026-01", Present: 10, Returning: 7, New: 3, Lost: 2},
		{Cycle: "2026-03", Site: "all", PrevCycle: "2026-02", Present: 11, Returning: 8, Rejoined: 1, New: 2, Lost: 2},
	}
	in.Keyness = []table.Keyness{
		{Cycle: "2026-03", Reference: "previous", RefCycle: "2026-02", Kind: "entry", Term: "rent strike", Count: 9, CountRef: 1, LogOdds: 1.9, Z: 3.4},
		{Cycle: "2026-03", Reference: "previous", RefCycle: "2026-02", Kind: "entry", Term: "landlord", Count: 14, CountRef: 5, LogOdds: 1.1, Z: 2.6},
		{Cycle: "2026-03", Reference: "previous", RefCycle: "2026-02", Kind: "entry", Term: "escrow", Count: 5, CountRef: 0, LogOdds: 1.5, Z: 2.1},
		{Cycle: "2026-03", Reference: "previous", RefCycle: "2026-02", Kind: "entry", Term: "union", Count: 6, CountRef: 5, LogOdds: .1, Z: .3},
		{Cycle: "2026-03", Reference: "previous", RefCycle: "2026-02", Kind: "entry", Term: "immigrants", Count: 1, CountRef: 8, LogOdds: -1.7, Z: -2.9},
		{Cycle: "2026-03", Reference: "previous", RefCycle: "2026-02", Kind: "entry", Term: "newcomers", Count: 0, CountRef: 4, LogOdds: -1.2, Z: -2.0},
		// An entry of the suppressed register dimension: its counts are
		// the hidden share's remarks.
		{Cycle: "2026-03", Reference: "previous", RefCycle: "2026-02", Kind: "entry", Term: "white guilt", Dimension: "register", Category: "privilege", Count: 0, CountRef: 6, LogOdds: -1.5, Z: -2.5},
		{Cycle: "2026-03", Reference: "others", Kind: "entry", Term: "rent strike", Count: 9, CountRef: 2, Z: 3.0},
		{Cycle: "2026-03", Reference: "previous", RefCycle: "2026-02", Kind: "word", Term: "biscuits", Count: 9, CountRef: 0, Z: 3.0},
	}
	in.Participants = []table.Participant{
		{Speaker: "spk-0000000a", Role: "participant", Sites: "eastside", CyclesAttended: 3, FirstCycle: "2026-01", LastCycle: "2026-03", DominantFirst: "identity", DominantLast: "class", Flipped: true},
		{Speaker: "spk-0000000b", Role: "participant", Sites: "eastside", CyclesAttended: 2, FirstCycle: "2026-02", LastCycle: "2026-03", DominantFirst: "class", DominantLast: "class"},
		{Speaker: "spk-0000000d", Role: "participant", Sites: "riverside", CyclesAttended: 2, FirstCycle: "2026-01", LastCycle: "2026-03", DominantFirst: "identity", DominantLast: "class", Flipped: true},
		{Speaker: "spk-0000000e", Role: "participant", Sites: "riverside", CyclesAttended: 1, FirstCycle: "2026-03", LastCycle: "2026-03", DominantLast: "identity"},
		{Speaker: "spk-0000000f", Role: "facilitator", Sites: "eastside", CyclesAttended: 3, DominantFirst: "class", DominantLast: "identity"},
	}
	in.Documents = []table.Document{
		{Path: "2026-01/eastside.txt", Cycle: "2026-01", Site: "eastside", Status: "ok"},
		{Path: "2026-02/eastside.txt", Cycle: "2026-02", Site: "eastside", Status: "ok"},
		{Path: "2026-03/eastside.txt", Cycle: "2026-03", Site: "eastside", Status: "ok"},
		{Path: "2026-03/riverside.vtt", Cycle: "2026-03", Site: "riverside", Status: "ok"},
		{Path: "2026-03/notes.docx", Cycle: "2026-03", Site: "riverside", Status: "failed", Reason: "not a zip file"},
	}
	// Turns and hits for quotes and coverage in March.
	turns := []struct {
		doc, site, speaker, role, text string
		hits                           []table.Match
	}{
		{"2026-03/eastside.txt", "eastside", "spk-0000000f", "facilitator", "What happened with the landlord this month?", []table.Match{
			{Dimension: "blame", Category: "structural", Surface: "landlord", Facilitator: true, Question: true}}},
		{"2026-03/eastside.txt", "eastside", "spk-0000000a", "participant", "We met on the stairs. I grew up in a flat where the landlord never fixed the heating, and Rosa Delgado says it is the same here. So we started a rent strike.", []table.Match{
			{Sentence: 1, Dimension: "blame", Category: "structural", Surface: "landlord", Counted: true, Narrative: true},
			{Sentence: 1, Dimension: "framing", Category: "class", Surface: "landlord", Counted: true, Narrative: true},
			{Sentence: 2, Dimension: "framing", Category: "class", Surface: "rent strike", Counted: true}}},
		{"2026-03/eastside.txt", "eastside", "spk-0000000b", "participant", "It is not about where people come from! It is about the rent and who takes it.", []table.Match{
			{Sentence: 0, Dimension: "framing", Category: "identity", Surface: "where people come from", Negated: true},
			{Sentence: 1, Dimension: "framing", Category: "class", Surface: "rent", Counted: true}}},
		{"2026-03/eastside.txt", "eastside", "spk-0000000c", "participant", "Thanks for the soup.", nil},
		{"2026-03/riverside.vtt", "riverside", "spk-0000000d", "participant", "The newcomers on nights are blamed for everything, but it is the agency that cut the hours for all of us.", []table.Match{
			{Dimension: "blame", Category: "horizontal", Surface: "newcomers", Counted: true},
			{Dimension: "blame", Category: "structural", Surface: "agency", Counted: true},
			{Dimension: "framing", Category: "class", Surface: "hours", Counted: true}}},
		{"2026-03/riverside.vtt", "riverside", "spk-0000000e", "participant", "My neighbour blamed the people next door for the damp <again>, said they were dirty.", []table.Match{
			{Dimension: "blame", Category: "horizontal", Surface: "people next door", Counted: true, Narrative: true}}},
	}
	for i, t := range turns {
		in.Turns["2026-03"] = append(in.Turns["2026-03"], table.Turn{DocPath: t.doc, Turn: int32(i), Site: t.site, Speaker: t.speaker, Role: t.role, Text: t.text})
		for _, h := range t.hits {
			h.DocPath, h.Turn, h.Site, h.Speaker, h.Role = t.doc, int32(i), t.site, t.speaker, t.role
			in.Matches["2026-03"] = append(in.Matches["2026-03"], h)
		}
	}
	return in
}

// fakePeople stands in for prose's entity recogniser: capitalised pairs
// of words are person names.
func fakePeople(s string) []string {
	var out []string
	w := strings.Fields(s)
	for i := 0; i+1 < len(w); i++ {
		a, b := w[i], strings.Trim(w[i+1], ".,;!?")
		if isCap(a) && isCap(b) && i > 0 {
			out = append(out, fmt.Sprintf("%s %s", a, b))
		}
	}
	return out
}

func isCap(s string) bool { return s != "" && s[0] >= 'A' && s[0] <= 'Z' }
