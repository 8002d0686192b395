package report

import (
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline/stats"
	"github.com/drift-project/drift/pipeline/table"
)

func TestHeadline(t *testing.T) {
	in := Input{CycleLabels: map[string]string{"2026-02": "the February circle", "2026-03": "the March circle"}}
	base := table.Drift{Scope: "cycle", Cycle: "2026-03", Site: "all", Measure: "class_share", PrevCycle: "2026-02", NSpeakers: 11}
	with := func(mod func(*table.Drift)) table.Drift { r := base; mod(&r); return r }
	tests := []struct {
		name  string
		row   table.Drift
		want  string
		label string
	}{
		{"rose", with(func(r *table.Drift) {
			r.Estimate, r.Change, r.ChangeLow, r.ChangeHigh, r.Verdict = f(.58), f(.17), f(.06), f(.28), "rose"
		}), "Class framing rose from 41% to 58% of framed talk since the February circle (likely real: between +6 and +28 points).", "Rose"},
		{"fell", with(func(r *table.Drift) {
			r.Measure = "structural_share"
			r.Estimate, r.Change, r.ChangeLow, r.ChangeHigh, r.Verdict = f(.52), f(-.22), f(-.36), f(-.07), "fell"
		}), "Blame aimed at structures fell from 74% to 52% of blame since the February circle (likely real: between −36 and −7 points).", "Fell"},
		{"no change", with(func(r *table.Drift) {
			r.Estimate, r.Change, r.ChangeLow, r.ChangeHigh, r.Verdict = f(.64), f(-.16), f(-.50), f(.23), "no_detectable_change"
		}), "Class framing went from 80% to 64% of framed talk since the February circle: no detectable change (the change is plausibly between −50 and +23 points, so this may be noise).", "No detectable change"},
		{"no change, same rounded share", with(func(r *table.Drift) {
			r.Estimate, r.Change, r.ChangeLow, r.ChangeHigh, r.Verdict = f(.831), f(.004), f(-.18), f(.17), "no_detectable_change"
		}), "Class framing stayed at 83% of framed talk since the February circle: no detectable change (the change is plausibly between −18 and +17 points, so any change may be noise).", "No detectable change"},
		{"interval clear of zero, but not after correction", with(func(r *table.Drift) {
			r.Estimate, r.Change, r.ChangeLow, r.ChangeHigh, r.Verdict = f(.62), f(.49), f(.17), f(.80), "no_detectable_change"
		}), "Class framing went from 13% to 62% of framed talk since the February circle: not yet a clear change. The change is plausibly between +17 and +80 points, all on one side of zero, but it does not count as likely real: it is tested together with the other measures of its group, and after allowing for that it could still be chance; watch whether it holds next cycle.", "No detectable change"},
		{"insufficient", with(func(r *table.Drift) {
			r.Estimate, r.Verdict = f(.61), "insufficient_data"
		}), "In the March circle, class framing made up 61% of framed talk; too few participants or framed remarks to tell whether it changed since the February circle.", "Too little evidence"},
		{"suppressed", with(func(r *table.Drift) {
			r.Estimate, r.Suppressed, r.Verdict, r.NSpeakers = f(.61), true, "insufficient_data", 2
		}), "Class framing in the March circle is not shown: too few participants used these words to report it without risking that they are recognised (suppressed).", "Suppressed"},
		{"first cycle", with(func(r *table.Drift) {
			r.PrevCycle, r.Estimate, r.CILow, r.CIHigh, r.Verdict = "", f(.41), f(.30), f(.52), "insufficient_data"
		}), "In the March circle, class framing made up 41% of framed talk (plausibly between 30% and 52%); this is the first cycle, so there is nothing to compare it with yet.", "First cycle"},
		{"local focus: the cycle is not where the struggle is placed", with(func(r *table.Drift) {
			r.Measure, r.Estimate, r.Verdict = "local_share", f(.78), "insufficient_data"
		}), "In the March circle, local focus made up 78% of talk that places the struggle somewhere; too few participants or framed remarks to tell whether it changed since the February circle.", "Too little evidence"},
		{"no framed talk", with(func(r *table.Drift) { r.Verdict = "insufficient_data" }),
			"No framed talk was found in the March circle, so there is no class framing share to report.", "No data"},
		{"unknown measure, label falls back to id", with(func(r *table.Drift) {
			r.Measure, r.Cycle, r.PrevCycle = "hope_share", "2026-09", "2026-08"
			r.Estimate, r.Change, r.ChangeLow, r.ChangeHigh, r.Verdict = f(.5), f(.1), f(.02), f(.2), "rose"
		}), "Hope framing rose from 40% to 50% of framed talk since 2026-08 (likely real: between +2 and +20 points).", "Rose"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Headline(in, tt.row); got != tt.want {
				t.Errorf("Headline:\n got %q\nwant %q", got, tt.want)
			}
			if got := verdictLabel(tt.row); got != tt.label {
				t.Errorf("verdictLabel = %q, want %q", got, tt.label)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	tests := []struct{ got, want string }{
		{pct(f(.005)), "1%"}, {pct(f(.58)), "58%"}, {pct(nil), "n/a"},
		{pts(.06), "+6"}, {pts(-.004), "0"}, {pts(-.36), "−36"},
		{f1(-0.04), "0"}, {f1(12.0), "12"}, {f1(3.25), "3.2"}, {num(-0.01), "0.0"},
		{trendSentence(table.Drift{Measure: "class_share", Estimate: f(-.09), CILow: f(-.15), CIHigh: f(-.02), Verdict: "fell"}),
			"Class framing fell by about 9 points per cycle (likely real: between −15 and −2)."},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

func TestSentences(t *testing.T) {
	got := sentences(`We met. "Stop!" she said. Is it 3.5 per cent? Yes… fine`)
	want := []string{"We met.", `"Stop!" she said.`, "Is it 3.5 per cent?", "Yes… fine"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%d: got %q, want %q", i, got[i], want[i])
		}
	}
}

func TestMask(t *testing.T) {
	m := newMasker(Options{KnownNames: []string{"Marisol Oyelaran", "Al"}, People: func(string) []string { return []string{"Tuyet", "spk-0000abcd"} }})
	got := m.mask("Marisol and Tuyet met spk-0000abcd; Marisol Oyelaran said Alice had Tuyets.")
	want := "[name] and [name] met [name]; [name] said Alice had Tuyets." // a pseudonym in a quote is someone's name too
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTrendSentence(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	tests := []struct {
		name string
		row  table.Drift
		want string
	}{
		{"rose", table.Drift{Measure: "class_share", Estimate: f(.13), CILow: f(.03), CIHigh: f(.22), Verdict: "rose"},
			"Class framing rose by about 13 points per cycle (likely real: between +3 and +22)."},
		{"clear of zero, not after correction", table.Drift{Measure: "class_share", Estimate: f(.13), CILow: f(.03), CIHigh: f(.22), Verdict: "no_detectable_change"},
			"Class framing: not yet a clear trend (+13 points per cycle, plausibly between +3 and +22). The range is all on one side of zero, but the trend does not count as likely real: after allowing for the other comparisons of its group of measures it could still be chance."},
		{"no trend", table.Drift{Measure: "class_share", Estimate: f(.02), CILow: f(-.05), CIHigh: f(.09), Verdict: "no_detectable_change"},
			"Class framing: no detectable trend (+2 points per cycle, plausibly between −5 and +9)."},
		{"too few cycles", table.Drift{Measure: "class_share", Verdict: "insufficient_data"},
			"Class framing: not enough cycles with enough evidence to see a trend."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := trendSentence(tt.row); got != tt.want {
				t.Errorf("trendSentence\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestNoteGuardMatchesStats keeps the report's copy of the note prefix of
// complementary suppression equal to the one the statistics write.
func TestNoteGuardMatchesStats(t *testing.T) {
	if noteGuard != stats.NoteGuard {
		t.Fatalf("report's noteGuard %q, stats.NoteGuard %q", noteGuard, stats.NoteGuard)
	}
}

// TestSuppressedCaveat checks that a share hidden only to protect another
// site's is not said to have had too few participants.
func TestSuppressedCaveat(t *testing.T) {
	in := Input{CycleLabels: map[string]string{"c2": "the March circle"}, Drift: []table.Drift{
		{Scope: "cycle", Cycle: "c2", Site: "east", Measure: "class_share", Suppressed: true, Note: "suppressed: fewer than 3 speakers contributed, so no estimate is shown"},
		{Scope: "cycle", Cycle: "c2", Site: "west", Measure: "class_share", Suppressed: true, Note: stats.NoteGuard + "class_share is suppressed in this cycle"},
		{Scope: "cycle", Cycle: "c2", Site: "west", Measure: "rate_class", Suppressed: true},
		{Scope: "cycle", Cycle: "c1", Site: "north", Measure: "class_share", Suppressed: true},
	}}
	got := suppressedCaveat(in, "c2")
	for _, want := range []string{"1 figure in the March circle is hidden because too few participants", "(east)", "Also hidden, to protect those: ", "(west); with the all-sites figure, it would give"} {
		if !strings.Contains(got, want) {
			t.Errorf("caveat %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "north") || strings.Count(got, "west") != 1 {
		t.Errorf("caveat %q names a row of another cycle or a rate", got)
	}
}

// TestFlipSentenceSmallGroups checks that the sentence about participants
// whose main framing flipped never describes one or two people, nor what
// every one of them did: neither the two groups it names nor the rest.
func TestFlipSentenceSmallGroups(t *testing.T) {
	p := func(first, last string) table.Participant {
		return table.Participant{Role: "participant", CyclesAttended: 2, DominantFirst: first, DominantLast: last}
	}
	group := func(n int, first, last string) []table.Participant {
		var out []table.Participant
		for range n {
			out = append(out, p(first, last))
		}
		return out
	}
	mix := func(gs ...[]table.Participant) []table.Participant {
		var out []table.Participant
		for _, g := range gs {
			out = append(out, g...)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		ps   []table.Participant
		want string
	}{
		{"two returning: nothing said", mix(group(1, "identity", "class"), group(1, "class", "class")), ""},
		{"one flip among five", mix(group(1, "identity", "class"), group(4, "class", "class")), "Of the 5 participants who spoke in more than one cycle with enough framed talk to tell, fewer than 3 moved from mostly identity framing to mostly class framing between their first and last cycle, and 0 moved the other way."},
		{"three and two flips, three stayed", mix(group(3, "identity", "class"), group(2, "class", "identity"), group(3, "class", "class")), "Of the 8 participants who spoke in more than one cycle with enough framed talk to tell, 3 moved from mostly identity framing to mostly class framing between their first and last cycle, and fewer than 3 moved the other way."},
		{"everyone flipped: nothing said", group(3, "identity", "class"), ""},
		{"nobody flipped: nothing said", group(4, "class", "class"), ""},
		{"one stayed: nothing said", mix(group(3, "identity", "class"), group(1, "class", "class")), ""},
		{"one flip among three: the two who stayed would show", mix(group(1, "identity", "class"), group(2, "class", "class")), ""},
		{"two and two, none stayed: each small group is four minus the other", mix(group(2, "identity", "class"), group(2, "class", "identity")), ""},
		{"facilitators do not count", mix(group(1, "identity", "class"), group(1, "class", "class"), []table.Participant{{Role: "facilitator", CyclesAttended: 3, DominantFirst: "class", DominantLast: "class"}}), ""},
	} {
		if got := flipSentence(Input{Participants: tc.ps}); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestFilesNamesNothing checks that the report's file summary gives counts
// only: file names and reasons can hold names and transcript lines.
func TestFilesNamesNothing(t *testing.T) {
	in := Input{Documents: []table.Document{
		{Path: "2026-01/a.txt", Status: "ok"},
		{Path: "2026-01/gary-pennock-1to1.vtt", Status: "failed", Reason: `line 6: "<v Gary Pennock>I was sacked" is not a cue timing`},
		{Path: "2026-02/consent/Farhiya Dualeh consent form.pdf", Status: "skipped", Reason: "not a transcript"},
	}}
	s := files(in)
	if strings.Contains(s, "Gary") || strings.Contains(s, "Farhiya") || strings.Contains(s, "sacked") {
		t.Errorf("files names a file or quotes a line: %q", s)
	}
	if !strings.Contains(s, "1 file read, 1 skipped, 1 failed.") || !strings.Contains(s, "documents.parquet") {
		t.Errorf("files summary %q", s)
	}
}
