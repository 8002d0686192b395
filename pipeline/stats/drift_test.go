package stats

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/lexicon"
	"github.com/drift-project/drift/pipeline/table"
)

func find(rows []table.Drift, scope, cycle, site, measure string) *table.Drift {
	for i := range rows {
		r := &rows[i]
		if r.Scope == scope && r.Cycle == cycle && r.Site == site && r.Measure == measure {
			return r
		}
	}
	return nil
}

func TestDriftMeasuresAndDeterminism(t *testing.T) {
	spec := defaultSim
	spec.shares = []float64{0.3, 0.4, 0.5, 0.6, 0.7, 0.7}
	c, cycles := simulate(spec, rand.New(rand.NewPCG(9, 9)))
	// A second site: copy of the first with other speakers.
	var orig []*aggregate.Cell
	for _, cl := range c.Cells {
		orig = append(orig, cl)
	}
	for _, cl := range orig {
		k2 := cl.Key
		k2.Site, k2.Speaker = "annex", "Q"+cl.Speaker
		cp := *cl
		cp.Key = k2
		c.Cells[k2] = &cp
	}
	a := Drift(c, cycles, Options{Reps: 200, Seed: 42, Workers: 1})
	b := Drift(c, cycles, Options{Reps: 200, Seed: 42, Workers: 4})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("rows differ between 1 and 4 workers")
	}
	names := map[string]bool{}
	sites := map[string]bool{}
	for _, r := range a {
		names[r.Measure] = true
		sites[r.Site] = true
		switch r.Verdict {
		case Rose, Fell, NoDetectableChange, InsufficientData, NoPreviousCycle:
		default:
			t.Errorf("bad verdict %q", r.Verdict)
		}
	}
	for _, m := range []string{"rate_class", "rate_identity", "class_share", "story_class_share"} {
		if !names[m] {
			t.Errorf("measure %s missing", m)
		}
	}
	if !sites[All] || !sites["annex"] || !sites["circle"] {
		t.Errorf("sites %v", sites)
	}
	want := (4 * 3) * (len(cycles) + 1) // measures x sites x (cycles + trend)
	if len(a) != want {
		t.Errorf("%d rows, want %d", len(a), want)
	}
	tr := find(a, ScopeTrend, "", All, "class_share")
	if tr == nil || tr.Verdict != Rose || tr.ChangePoints == "" {
		t.Fatalf("trend row %+v", tr)
	}
	t.Logf("trend: slope %.3f [%.3f, %.3f] q %.2g change points %q", *tr.Estimate, *tr.CILow, *tr.CIHigh, *tr.QValue, tr.ChangePoints)
	r := find(a, ScopeCycle, cycles[2], All, "class_share")
	if r.Change == nil || r.Composition == nil || r.Within == nil || r.TopContributorShare == nil || r.QValue == nil {
		t.Fatalf("change row lacks columns: %+v", r)
	}
	if !near(*r.Composition+*r.Within, *r.Change, 1e-12) {
		t.Errorf("decomposition %v + %v != %v", *r.Composition, *r.Within, *r.Change)
	}
	if *r.Estimate < *r.CILow || *r.Estimate > *r.CIHigh {
		t.Errorf("estimate %v outside [%v, %v]", *r.Estimate, *r.CILow, *r.CIHigh)
	}
	// The pooled site doubles the speakers of each site.
	if s := find(a, ScopeCycle, cycles[0], "circle", "class_share"); 2*s.NSpeakers != find(a, ScopeCycle, cycles[0], All, "class_share").NSpeakers {
		t.Errorf("pooled speakers do not add up")
	}
	// Changing the seed changes the bootstrap parts (here the change's
	// standard error, so its p-value), not estimates. (The cycle interval
	// can be seed-free where the score interval at the effective sample
	// size is the wider one.)
	d := Drift(c, cycles, Options{Reps: 200, Seed: 43})
	r2 := find(d, ScopeCycle, cycles[2], All, "class_share")
	if *r2.Estimate != *r.Estimate || *r2.PValue == *r.PValue {
		t.Errorf("seed: estimate %v vs %v, p %v vs %v", *r2.Estimate, *r.Estimate, *r2.PValue, *r.PValue)
	}
}

// tiny builds counts from a list of (cycle, speaker, class, identity).
func tiny(cells [][4]any) *aggregate.Counts {
	c := &aggregate.Counts{
		Dims: []lexicon.DimInfo{{Name: "framing", Categories: []string{"class", "identity"}}},
		Categories: []aggregate.Category{
			{Dimension: "framing", Name: "class", Dim: 0, Index: 0},
			{Dimension: "framing", Name: "identity", Dim: 0, Index: 1},
		},
		Cells: map[aggregate.Key]*aggregate.Cell{},
	}
	for _, x := range cells {
		k := aggregate.Key{Cycle: x[0].(string), Site: "s", Speaker: x[1].(string), Role: "participant"}
		a, b := int64(x[2].(int)), int64(x[3].(int))
		c.Cells[k] = &aggregate.Cell{Key: k, Tokens: 100, Hits: []int64{a, b}, HitsAll: []int64{a, b}, NarrativeHits: []int64{0, 0}, FramedSentences: []int64{a, b}}
	}
	return c
}

func TestSuppressionAndGate(t *testing.T) {
	c := tiny([][4]any{
		{"c1", "A", 5, 5}, {"c1", "B", 6, 4}, {"c1", "C", 3, 7}, {"c1", "D", 4, 4},
		{"c2", "A", 9, 1}, {"c2", "B", 8, 2}, // two speakers: suppressed
		{"c3", "A", 1, 1}, {"c3", "B", 1, 1}, {"c3", "C", 1, 1}, // three speakers, 6 hits: gate fails
		// A facilitator never counts.
	})
	fk := aggregate.Key{Cycle: "c2", Site: "s", Speaker: "F", Role: "facilitator"}
	c.Cells[fk] = &aggregate.Cell{Key: fk, Tokens: 100, Hits: []int64{50, 0}, HitsAll: []int64{50, 0}, NarrativeHits: []int64{0, 0}, FramedSentences: []int64{50, 0}}
	rows := Drift(c, []string{"c1", "c2", "c3"}, Options{Reps: 100})
	r2 := find(rows, ScopeCycle, "c2", All, "class_share")
	if !r2.Suppressed || r2.Estimate != nil || r2.CILow != nil || r2.Change != nil || r2.Verdict != InsufficientData || r2.NSpeakers != 2 {
		t.Errorf("c2 should be suppressed without estimates: %+v", r2)
	}
	r3 := find(rows, ScopeCycle, "c3", All, "class_share")
	if r3.Suppressed || r3.Estimate == nil || *r3.Estimate != 0.5 || r3.Change != nil || r3.Verdict != InsufficientData {
		t.Errorf("c3 should show its estimate but no change: %+v", r3)
	}
	r1n := find(rows, ScopeCycle, "c1", All, "class_share")
	if r1n.Verdict != NoPreviousCycle || r1n.PrevCycle != "" || r1n.Change != nil {
		t.Errorf("first cycle: verdict %q, want %q: %+v", r1n.Verdict, NoPreviousCycle, r1n)
	}
	if !strings.Contains(r3.Note, "suppressed") {
		t.Errorf("c3 note %q should say the previous cycle is suppressed", r3.Note)
	}
	tr := find(rows, ScopeTrend, "", All, "class_share")
	if tr.Verdict != InsufficientData || tr.Estimate != nil {
		t.Errorf("trend with one usable cycle: %+v", tr)
	}
	r1 := find(rows, ScopeCycle, "c1", All, "class_share")
	if r1.Estimate == nil || !near(*r1.Estimate, 18.0/38, 1e-12) {
		t.Errorf("c1 share %v, want 18/38", r1.Estimate)
	}
	rate := find(rows, ScopeCycle, "c1", All, "rate_class")
	if rate.Estimate == nil || !near(*rate.Estimate, 1000*18.0/400, 1e-9) {
		t.Errorf("c1 rate %v, want 45 per 1000", rate.Estimate)
	}
}

// TestRatesHideSuppressedShare checks that a dimension's rates are
// suppressed wherever its share is: rate rows count every speaker present,
// so two people using the words among five present would otherwise leave
// the share to be worked out as rate_class / (rate_class + rate_identity).
func TestRatesHideSuppressedShare(t *testing.T) {
	c := tiny([][4]any{
		{"c1", "A", 5, 5}, {"c1", "B", 6, 4}, {"c1", "C", 3, 7},
		{"c2", "A", 9, 1}, {"c2", "B", 8, 2}, {"c2", "C", 0, 0}, {"c2", "D", 0, 0}, {"c2", "E", 0, 0},
	})
	rows := Drift(c, []string{"c1", "c2"}, Options{Reps: 50})
	if sh := find(rows, ScopeCycle, "c2", All, "class_share"); !sh.Suppressed || sh.NSpeakers != 2 {
		t.Fatalf("c2 share should be suppressed with 2 speakers: %+v", sh)
	}
	for _, m := range []string{"rate_class", "rate_identity"} {
		r := find(rows, ScopeCycle, "c2", All, m)
		if r.NSpeakers != 5 {
			t.Errorf("%s counts %d speakers, want the 5 present", m, r.NSpeakers)
		}
		if !r.Suppressed || r.Estimate != nil || r.CILow != nil || r.CIHigh != nil || r.Change != nil {
			t.Errorf("%s in c2 gives the suppressed share away: %+v", m, r)
		}
		if !strings.Contains(r.Note, "framing share is suppressed") {
			t.Errorf("%s note %q should say why", m, r.Note)
		}
		if r1 := find(rows, ScopeCycle, "c1", All, m); r1.Suppressed || r1.Estimate == nil {
			t.Errorf("%s in c1 should be shown: %+v", m, r1)
		}
	}
}

// TestGateNote checks that the note of a row that fails the
// minimum-evidence gate says which cycle failed which part, with counts.
func TestGateNote(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cells [][4]any
		want  string
	}{
		{"few hits in the current cycle", [][4]any{
			{"c1", "A", 5, 5}, {"c1", "B", 6, 4}, {"c1", "C", 3, 7},
			{"c2", "A", 1, 1}, {"c2", "B", 1, 1}, {"c2", "C", 1, 1}},
			"too little evidence to compare: c2 has 6 framed hits (fewer than 10)"},
		{"few speakers in the previous cycle", [][4]any{
			{"c1", "A", 5, 5}, {"c1", "B", 6, 4}, {"c1", "C", 3, 7},
			{"c2", "A", 5, 5}, {"c2", "B", 6, 4}, {"c2", "C", 3, 7}},
			"too little evidence to compare: c1 has 3 contributing speakers (fewer than 4)"},
		{"both, both cycles", [][4]any{
			{"c1", "A", 1, 1}, {"c1", "B", 1, 1}, {"c1", "C", 1, 1},
			{"c2", "A", 1, 1}, {"c2", "B", 1, 1}, {"c2", "C", 1, 1}},
			"too little evidence to compare: c1 has 3 contributing speakers (fewer than 4) and 6 framed hits (fewer than 10); c2 has 3 contributing speakers (fewer than 4) and 6 framed hits (fewer than 10)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tiny(tc.cells)
			opt := Options{Reps: 50}
			if tc.name != "few hits in the current cycle" {
				opt.MinSpeakers = 4
				if tc.name == "few speakers in the previous cycle" {
					// c2 passes with a fourth speaker.
					k := aggregate.Key{Cycle: "c2", Site: "s", Speaker: "D", Role: "participant"}
					c.Cells[k] = &aggregate.Cell{Key: k, Tokens: 100, Hits: []int64{2, 2}, HitsAll: []int64{2, 2}, NarrativeHits: []int64{0, 0}, FramedSentences: []int64{2, 2}}
				}
			}
			r := find(Drift(c, []string{"c1", "c2"}, opt), ScopeCycle, "c2", All, "class_share")
			if r.Verdict != InsufficientData || r.Note != tc.want {
				t.Errorf("verdict %q note %q, want %q", r.Verdict, r.Note, tc.want)
			}
		})
	}
}

// TestFamilies: the primary question (a dimension share, all sites) is
// corrected only within its own family, so secondary measures (rates, story
// shares, single sites) with large p-values do not weaken it.
func TestFamilies(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	for _, tc := range []struct {
		measure, site, scope, want string
	}{
		{"class_share", All, ScopeCycle, FamilyPrimary},
		{"class_share", All, ScopeTrend, FamilyPrimary},
		{"local_share", "riverside", ScopeCycle, FamilySites},
		{"story_class_share", All, ScopeCycle, FamilyStory},
		{"story_class_share", "riverside", ScopeTrend, FamilyStory},
		{"rate_class", All, ScopeCycle, FamilyRates},
		{"rate_identity", "eastside", ScopeCycle, FamilyRates},
	} {
		if got := Family(table.Drift{Measure: tc.measure, Site: tc.site, Scope: tc.scope}); got != tc.want {
			t.Errorf("%s/%s/%s: family %q, want %q", tc.measure, tc.site, tc.scope, got, tc.want)
		}
	}
	rows := []table.Drift{{Scope: ScopeCycle, Site: All, Measure: "class_share", Change: f(0.2), ChangeLow: f(0.05), ChangeHigh: f(0.35), PValue: f(0.01)}}
	for _, m := range []string{"rate_class", "rate_identity", "story_class_share"} {
		for _, site := range []string{All, "east", "west"} {
			for range 3 {
				rows = append(rows, table.Drift{Scope: ScopeCycle, Site: site, Measure: m, Change: f(0.01), ChangeLow: f(-0.1), ChangeHigh: f(0.1), PValue: f(0.8)})
			}
		}
	}
	SetVerdicts(rows, 0.05)
	if rows[0].Verdict != Rose || !near(*rows[0].QValue, 0.01, 1e-12) {
		t.Errorf("primary row: verdict %s q %v; want rose, q 0.01 (not 0.01 x %d)", rows[0].Verdict, *rows[0].QValue, len(rows))
	}
	if !near(*rows[1].QValue, 0.8, 1e-12) {
		t.Errorf("secondary q %v", *rows[1].QValue)
	}
}

func TestSetVerdicts(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	rows := []table.Drift{
		{Scope: ScopeCycle, Change: f(0.2), ChangeLow: f(0.1), ChangeHigh: f(0.3), PValue: f(0.001), Verdict: InsufficientData},
		{Scope: ScopeCycle, Change: f(-0.2), ChangeLow: f(-0.3), ChangeHigh: f(-0.01), PValue: f(0.04), Verdict: InsufficientData},
		{Scope: ScopeTrend, Estimate: f(-0.1), CILow: f(-0.2), CIHigh: f(-0.05), PValue: f(0.002), Verdict: InsufficientData},
		{Scope: ScopeCycle, Verdict: InsufficientData},
	}
	SetVerdicts(rows, 0.05)
	// q: 0.001*3/1 = 0.003, 0.002*3/2 = 0.003, 0.04*3/3 = 0.04.
	got := fmt.Sprint(rows[0].Verdict, " ", rows[1].Verdict, " ", rows[2].Verdict, " ", rows[3].Verdict)
	if got != "rose fell fell insufficient_data" {
		t.Errorf("verdicts %s", got)
	}
	if !near(*rows[1].QValue, 0.04, 1e-12) || rows[3].QValue != nil {
		t.Errorf("q-values %v %v", *rows[1].QValue, rows[3].QValue)
	}
	// q <= alpha, but the change's interval (bounded, not from the t test)
	// includes zero: no verdict that the interval contradicts.
	marg := []table.Drift{{Scope: ScopeCycle, Change: f(0.2), ChangeLow: f(-0.01), ChangeHigh: f(0.5), PValue: f(0.001)}}
	SetVerdicts(marg, 0.05)
	if marg[0].Verdict != NoDetectableChange || !strings.Contains(marg[0].Note, "includes zero") {
		t.Errorf("marginal row: %s %q", marg[0].Verdict, marg[0].Note)
	}
	SetVerdicts(rows[:2], 0.01)
	if rows[1].Verdict != NoDetectableChange || !strings.Contains(rows[1].Note, "interval excludes zero") {
		t.Errorf("row 1 at alpha 0.01: %s %q", rows[1].Verdict, rows[1].Note)
	}
}

// TestDriftEdgeCases runs random sparse corpora (0-4 speakers, often no
// hits, two sites, six cycles) and empty input through every table and
// checks the invariants: no panic, suppressed rows expose nothing,
// q-values in [0, 1], decompositions add up.
func TestDriftEdgeCases(t *testing.T) {
	if rows := Drift(tiny(nil), nil, Options{Reps: 10}); len(rows) != 0 {
		t.Errorf("no cycles: %d rows", len(rows))
	}
	_ = Drift(tiny(nil), []string{"c1"}, Options{Reps: 10})
	rng := rand.New(rand.NewPCG(21, 22))
	cycles := simCycles(6)
	for range 100 {
		c := tiny(nil)
		for _, cy := range cycles {
			for _, site := range []string{"n", "s"} {
				for s := range rng.IntN(5) {
					k := aggregate.Key{Cycle: cy, Site: site, Speaker: fmt.Sprintf("%s%d", site, s), Role: "participant"}
					a, b := int64(rng.IntN(4)), int64(rng.IntN(4))
					c.Cells[k] = &aggregate.Cell{Key: k, Tokens: int64(rng.IntN(3) * 50), Hits: []int64{a, b}, HitsAll: []int64{a, b}, NarrativeHits: []int64{a / 2, b / 2}, FramedSentences: []int64{a, b}}
				}
			}
		}
		for _, r := range Drift(c, cycles, Options{Reps: 50, Workers: 2}) {
			if r.Suppressed && (r.Estimate != nil || r.CILow != nil || r.Change != nil || r.PValue != nil || r.Composition != nil) {
				t.Fatalf("suppressed row exposes values: %+v", r)
			}
			if r.QValue != nil && (*r.QValue < 0 || *r.QValue > 1) {
				t.Fatalf("q %v", *r.QValue)
			}
			if r.Scope == ScopeCycle && r.Measure == "class_share" {
				if r.CILow != nil && (*r.CILow < 0 || *r.CIHigh > 1 || !(*r.CILow < *r.CIHigh)) {
					t.Fatalf("share interval [%v, %v]", *r.CILow, *r.CIHigh)
				}
				if r.ChangeLow != nil && (*r.ChangeLow < -1 || *r.ChangeHigh > 1 || *r.ChangeLow > *r.Change || *r.ChangeHigh < *r.Change) {
					t.Fatalf("change %v with interval [%v, %v] outside [-1, 1] or not around it", *r.Change, *r.ChangeLow, *r.ChangeHigh)
				}
			}
			if r.Composition != nil && !near(*r.Composition+*r.Within, *r.Change, 1e-9) {
				t.Fatalf("decomposition does not add up: %+v", r)
			}
		}
		_ = Participants(c, cycles)
		_ = Continuity(c, cycles)
		_ = Diffusion(c, cycles)
		_ = Keyness(c, cycles, KeynessOptions{})
	}
}

// TestNoDegenerateIntervals: a cycle where every framed hit goes one way
// (story_local_share 2026-04 in testdata/corpus: 3 speakers, 3 hits, 100%)
// or a category is never used must not get a zero-width interval.
func TestNoDegenerateIntervals(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cells   [][4]any
		measure string
		est     float64
	}{
		{"3 of 3 class from 3 speakers", [][4]any{{"c1", "A", 1, 0}, {"c1", "B", 1, 0}, {"c1", "C", 1, 0}}, "class_share", 1},
		{"all identity, 8 speakers", [][4]any{{"c1", "A", 0, 3}, {"c1", "B", 0, 2}, {"c1", "C", 0, 5}, {"c1", "D", 0, 1}, {"c1", "E", 0, 2}, {"c1", "F", 0, 4}, {"c1", "G", 0, 1}, {"c1", "H", 0, 2}}, "class_share", 0},
		{"class rate zero", [][4]any{{"c1", "A", 0, 3}, {"c1", "B", 0, 2}, {"c1", "C", 0, 5}}, "rate_class", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := find(Drift(tiny(tc.cells), []string{"c1"}, Options{Reps: 200}), ScopeCycle, "c1", All, tc.measure)
			if r.Estimate == nil || *r.Estimate != tc.est || r.CILow == nil || r.CIHigh == nil {
				t.Fatalf("row %+v", r)
			}
			if !(*r.CILow < *r.CIHigh) || *r.CILow > tc.est || *r.CIHigh < tc.est {
				t.Errorf("interval [%v, %v] around %v", *r.CILow, *r.CIHigh, tc.est)
			}
			if tc.measure != "rate_class" && (*r.CILow < 0 || *r.CIHigh > 1) {
				t.Errorf("share interval [%v, %v] outside [0, 1]", *r.CILow, *r.CIHigh)
			}
		})
	}
}

// sited builds counts from a list of (cycle, site, speaker, class,
// identity).
func sited(cells [][5]any) *aggregate.Counts {
	c := tiny(nil)
	for _, x := range cells {
		k := aggregate.Key{Cycle: x[0].(string), Site: x[1].(string), Speaker: x[2].(string), Role: "participant"}
		a, b := int64(x[3].(int)), int64(x[4].(int))
		c.Cells[k] = &aggregate.Cell{Key: k, Tokens: 100, Hits: []int64{a, b}, HitsAll: []int64{a, b}, NarrativeHits: []int64{0, 0}, FramedSentences: []int64{a, b}}
	}
	return c
}

// speakers adds n speakers named prefix1..prefixN at one site and cycle,
// each with the given hits.
func speakers(cycle, site, prefix string, n, class, identity int) [][5]any {
	var out [][5]any
	for i := range n {
		out = append(out, [5]any{cycle, site, fmt.Sprintf("%s%d", prefix, i+1), class, identity})
	}
	return out
}

// TestComplementarySuppression checks that a site's suppressed share can
// never be worked out from the all-sites row and the other sites: each
// shown share times its framed hits is a count, so when exactly one site
// is suppressed in a cycle, another must be too, whatever the number of
// sites. Sites without framed hits hide nothing and do not count.
func TestComplementarySuppression(t *testing.T) {
	type want struct{ suppressed, secondary []string }
	for _, tc := range []struct {
		name  string
		cells [][][5]any
		want  want
	}{
		{"two sites: the other is suppressed too", [][][5]any{
			speakers("c1", "east", "E", 2, 5, 1), speakers("c1", "west", "W", 6, 2, 4)},
			want{[]string{"east", "west"}, []string{"west"}}},
		{"three sites: the smallest shown one goes with it", [][][5]any{
			speakers("c1", "east", "E", 2, 5, 1), speakers("c1", "north", "N", 3, 2, 4), speakers("c1", "west", "W", 5, 2, 4)},
			want{[]string{"east", "north"}, []string{"north"}}},
		{"ties broken by fewer hits, then by name", [][][5]any{
			speakers("c1", "east", "E", 1, 5, 1), speakers("c1", "north", "N", 3, 2, 4), speakers("c1", "south", "S", 3, 1, 1), speakers("c1", "west", "W", 3, 1, 1)},
			want{[]string{"east", "south"}, []string{"south"}}},
		{"two suppressed sites with 3 people between them need nothing more", [][][5]any{
			speakers("c1", "east", "E", 2, 5, 1), speakers("c1", "north", "N", 1, 2, 4), speakers("c1", "west", "W", 5, 2, 4)},
			want{[]string{"east", "north"}, nil}},
		{"two suppressed sites with 2 people between them need a third", [][][5]any{
			speakers("c1", "east", "E", 1, 5, 1), speakers("c1", "north", "N", 1, 2, 4), speakers("c1", "south", "S", 4, 2, 4), speakers("c1", "west", "W", 5, 2, 4)},
			want{[]string{"east", "north", "south"}, []string{"south"}}},
		{"one person at two suppressed sites needs a third", [][][5]any{
			speakers("c1", "east", "P", 1, 5, 1), speakers("c1", "north", "P", 1, 2, 4), speakers("c1", "west", "W", 5, 2, 4), speakers("c1", "south", "S", 6, 2, 4)},
			want{[]string{"east", "north", "west"}, []string{"west"}}},
		{"a site without framed hits does not protect", [][][5]any{
			speakers("c1", "east", "E", 2, 5, 1), speakers("c1", "north", "N", 2, 0, 0), speakers("c1", "west", "W", 5, 2, 4)},
			want{[]string{"east", "north", "west"}, []string{"west"}}},
		{"nothing suppressed", [][][5]any{
			speakers("c1", "east", "E", 3, 5, 1), speakers("c1", "west", "W", 4, 2, 4)},
			want{nil, nil}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var cells [][5]any
			for _, c := range tc.cells {
				cells = append(cells, c...)
			}
			rows := Drift(sited(cells), []string{"c1"}, Options{Reps: 20})
			var supp, second []string
			for _, r := range rows {
				if r.Scope != ScopeCycle || r.Measure != "class_share" || r.Site == All {
					continue
				}
				if r.Suppressed {
					supp = append(supp, r.Site)
					if r.Estimate != nil || r.CILow != nil {
						t.Errorf("%s: suppressed with an estimate: %+v", r.Site, r)
					}
				}
				if strings.Contains(r.Note, "another site's class_share is suppressed") {
					second = append(second, r.Site)
					for _, m := range []string{"rate_class", "rate_identity"} {
						if rr := find(rows, ScopeCycle, "c1", r.Site, m); !rr.Suppressed || rr.Estimate != nil {
							t.Errorf("%s at %s shown beside a suppressed share: %+v", m, r.Site, rr)
						}
					}
				}
			}
			if !reflect.DeepEqual(supp, tc.want.suppressed) || !reflect.DeepEqual(second, tc.want.secondary) {
				t.Errorf("suppressed %v (secondary %v), want %v (%v)", supp, second, tc.want.suppressed, tc.want.secondary)
			}
			if a := find(rows, ScopeCycle, "c1", All, "class_share"); a.Suppressed {
				t.Errorf("the all-sites row should be shown: %+v", a)
			}
		})
	}
}

// TestNoShareByDifference checks on random corpora of two to five sites,
// where some people speak at several sites, that the pooled row never
// gives away the sum of the hidden sites' counts when fewer than 3
// different people made it: the hidden sites of a cycle (those with framed
// hits) hold at least 3 speakers between them, or the pooled row is
// suppressed too.
func TestNoShareByDifference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 7))
	for trial := range 300 {
		var cells [][5]any
		who := map[[2]string][]string{} // (cycle, site) -> contributing speakers
		nsites := 2 + rng.IntN(4)
		for ci := range 3 {
			cy := fmt.Sprintf("c%d", ci+1)
			for si := range nsites {
				site := fmt.Sprintf("s%d", si)
				seen := map[string]bool{}
				for range rng.IntN(6) {
					spk := fmt.Sprintf("P%d", rng.IntN(9)) // shared across sites
					if seen[spk] {
						continue
					}
					seen[spk] = true
					a, b := 1+rng.IntN(3), rng.IntN(3)
					cells = append(cells, [5]any{cy, site, spk, a, b})
					who[[2]string{cy, site}] = append(who[[2]string{cy, site}], spk)
				}
			}
		}
		rows := Drift(sited(cells), []string{"c1", "c2", "c3"}, Options{Reps: 10})
		type k struct{ cycle, measure string }
		hidden := map[k]map[string]bool{}
		for _, r := range rows {
			if r.Suppressed && r.Estimate != nil {
				t.Fatalf("trial %d: suppressed row with an estimate: %+v", trial, r)
			}
			if r.Scope != ScopeCycle || r.Site == All || !r.Suppressed || r.NHits == 0 {
				continue
			}
			if r.Measure != "class_share" && r.Measure != "rate_class" && r.Measure != "rate_identity" {
				continue
			}
			kk := k{r.Cycle, r.Measure}
			if hidden[kk] == nil {
				hidden[kk] = map[string]bool{}
			}
			for _, spk := range who[[2]string{r.Cycle, r.Site}] {
				hidden[kk][spk] = true
			}
		}
		for key, spk := range hidden {
			if len(spk) >= 3 {
				continue
			}
			if a := find(rows, ScopeCycle, key.cycle, All, key.measure); a != nil && !a.Suppressed {
				t.Fatalf("trial %d: %s in %s: the hidden sites hold %d speakers, and the rest and the pooled row are shown", trial, key.measure, key.cycle, len(spk))
			}
		}
	}
}
