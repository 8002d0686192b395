package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/drift-project/drift/pipeline/table"
)

// Verdicts written by the statistics stage.
const (
	verdictRose         = "rose"
	verdictFell         = "fell"
	verdictNoChange     = "no_detectable_change"
	verdictInsufficient = "insufficient_data"
)

// noteGuard begins the note of a share suppressed only to protect another
// site's suppressed share (stats.NoteGuard; TestNoteGuardMatchesStats).
const noteGuard = "suppressed: another site's "

// measureInfo names a share measure in plain words: Name is what is
// counted, Of the talk it is a share of, A and B the categories of the
// dimension (the share is A / (A + B)).
type measureInfo struct {
	Name, Of string
	Dim      string
	A, B     string
	AWords   string // what A's quotes illustrate
	BWords   string // what B's quotes illustrate
}

// shareMeasures lists the share measures in the order the report shows them.
var shareMeasures = []string{"class_share", "structural_share", "integration_share", "local_share", "material_share"}

var measures = map[string]measureInfo{
	"class_share": {Name: "class framing", Of: "framed talk", Dim: "framing", A: "class", B: "identity",
		AWords: "class framing", BWords: "identity framing"},
	"structural_share": {Name: "blame aimed at structures", Of: "blame", Dim: "blame", A: "structural", B: "horizontal",
		AWords: "blame aimed at structures", BWords: "blame aimed at other people like us"},
	"integration_share": {Name: "talk of lasting ties", Of: "talk about acting together", Dim: "solidarity", A: "integration", B: "mobilisation",
		AWords: "lasting ties", BWords: "turnout and visibility"},
	"local_share": {Name: "local focus", Of: "talk that places the struggle somewhere", Dim: "scope", A: "local", B: "international",
		AWords: "a local focus", BWords: "an international focus"},
	"material_share": {Name: "material interest", Of: "moral talk", Dim: "register", A: "material", B: "privilege",
		AWords: "material interest", BWords: "privilege and guilt"},
}

// categoryWords names each category in plain words, for the rates chart.
var categoryWords = map[string]string{
	"class": "class", "identity": "identity",
	"structural": "blame: structures", "horizontal": "blame: people like us",
	"integration": "lasting ties", "mobilisation": "turnout, visibility",
	"local": "local", "international": "international",
	"material": "material interest", "privilege": "privilege, guilt",
}

func info(measure string) measureInfo {
	if m, ok := measures[measure]; ok {
		return m
	}
	n := strings.TrimSuffix(measure, "_share")
	return measureInfo{Name: strings.ReplaceAll(n, "_", " ") + " framing", Of: "framed talk", A: n, AWords: n}
}

func (in Input) label(c string) string {
	if l, ok := in.CycleLabels[c]; ok && l != "" {
		return l
	}
	return c
}

// pct formats a share as a whole percentage: "58%".
func pct(f *float64) string {
	if f == nil || math.IsNaN(*f) {
		return "n/a"
	}
	return fmt.Sprintf("%d%%", round(*f*100))
}

// pts formats a change in shares as signed percentage points: "+6", "−12",
// "0". The minus is U+2212.
func pts(f float64) string {
	n := round(f * 100)
	switch {
	case n > 0:
		return fmt.Sprintf("+%d", n)
	case n < 0:
		return fmt.Sprintf("−%d", -n)
	}
	return "0"
}

// round rounds half away from zero, and never gives negative zero.
func round(f float64) int {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return int(math.Round(f))
}

// num formats a rate with one decimal.
func num(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	if s == "-0.0" {
		s = "0.0"
	}
	return s
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Headline says in plain words what one measure's cycle row means, with the
// uncertainty in words.
func Headline(in Input, r table.Drift) string {
	m := info(r.Measure)
	cur := in.label(r.Cycle)
	name := capital(m.Name)
	switch {
	case r.Suppressed:
		return fmt.Sprintf("%s in %s is not shown: too few participants used these words to report it without risking that they are recognised (suppressed).", name, cur)
	case r.Estimate == nil:
		return fmt.Sprintf("No %s was found in %s, so there is no %s share to report.", m.Of, cur, m.Name)
	case r.PrevCycle == "":
		// The cycle comes first: "… of talk that places the struggle in
		// April circles" would place the struggle in April.
		return fmt.Sprintf("In %s, %s made up %s of %s (plausibly between %s and %s); this is the first cycle, so there is nothing to compare it with yet.", cur, m.Name, pct(r.Estimate), m.Of, pct(r.CILow), pct(r.CIHigh))
	case r.Verdict == verdictInsufficient || r.Change == nil || r.ChangeLow == nil || r.ChangeHigh == nil:
		return fmt.Sprintf("In %s, %s made up %s of %s; too few participants or framed remarks to tell whether it changed since %s.", cur, m.Name, pct(r.Estimate), m.Of, in.label(r.PrevCycle))
	}
	prev := *r.Estimate - *r.Change
	from := fmt.Sprintf("from %s to %s of %s since %s", pct(&prev), pct(r.Estimate), m.Of, in.label(r.PrevCycle))
	rng := fmt.Sprintf("between %s and %s points", pts(*r.ChangeLow), pts(*r.ChangeHigh))
	switch r.Verdict {
	case verdictRose, verdictFell:
		return fmt.Sprintf("%s %s %s (likely real: %s).", name, r.Verdict, from, rng)
	}
	if excludesZero(r.ChangeLow, r.ChangeHigh) {
		return fmt.Sprintf("%s went %s: not yet a clear change. The change is plausibly %s, all on one side of zero, but it does not count as likely real: it is tested together with the other measures of its group, and after allowing for that it could still be chance; watch whether it holds next cycle.", name, from, rng)
	}
	if pct(&prev) == pct(r.Estimate) {
		return fmt.Sprintf("%s stayed at %s of %s since %s: no detectable change (the change is plausibly %s, so any change may be noise).", name, pct(r.Estimate), m.Of, in.label(r.PrevCycle), rng)
	}
	return fmt.Sprintf("%s went %s: no detectable change (the change is plausibly %s, so this may be noise).", name, from, rng)
}

// verdictLabel is the short label shown next to a headline. It never
// relies on colour: the words carry the meaning.
func verdictLabel(r table.Drift) string {
	switch {
	case r.Suppressed:
		return "Suppressed"
	case r.Estimate == nil:
		return "No data"
	case r.PrevCycle == "":
		return "First cycle"
	case r.Verdict == verdictRose:
		return "Rose"
	case r.Verdict == verdictFell:
		return "Fell"
	case r.Verdict == verdictNoChange:
		return "No detectable change"
	}
	return "Too little evidence"
}

// verdictClass is the CSS class of a verdict label.
func verdictClass(r table.Drift) string {
	switch verdictLabel(r) {
	case "Rose":
		return "v-rose"
	case "Fell":
		return "v-fell"
	case "No detectable change":
		return "v-same"
	}
	return "v-none"
}

// verdictSymbol is a shape that repeats the verdict for readers who cannot
// tell the label colours apart.
func verdictSymbol(r table.Drift) string {
	switch verdictLabel(r) {
	case "Rose":
		return "▲"
	case "Fell":
		return "▼"
	case "No detectable change":
		return "≈"
	}
	return "·"
}

// trendSentence says in words what a trend row means.
func trendSentence(r table.Drift) string {
	name := capital(info(r.Measure).Name)
	switch {
	case r.Estimate == nil || r.CILow == nil || r.CIHigh == nil:
		return fmt.Sprintf("%s: not enough cycles with enough evidence to see a trend.", name)
	case r.Verdict == verdictRose || r.Verdict == verdictFell:
		return fmt.Sprintf("%s %s by about %s points per cycle (likely real: between %s and %s).", name, r.Verdict, strings.TrimPrefix(strings.TrimPrefix(pts(*r.Estimate), "+"), "−"), pts(*r.CILow), pts(*r.CIHigh))
	}
	if excludesZero(r.CILow, r.CIHigh) {
		return fmt.Sprintf("%s: not yet a clear trend (%s points per cycle, plausibly between %s and %s). The range is all on one side of zero, but the trend does not count as likely real: after allowing for the other comparisons of its group of measures it could still be chance.", name, pts(*r.Estimate), pts(*r.CILow), pts(*r.CIHigh))
	}
	return fmt.Sprintf("%s: no detectable trend (%s points per cycle, plausibly between %s and %s).", name, pts(*r.Estimate), pts(*r.CILow), pts(*r.CIHigh))
}

// excludesZero reports whether an interval lies wholly above or below zero.
// A row with such an interval and no rose or fell verdict failed only the
// correction for many comparisons (see docs/statistics.md).
func excludesZero(lo, hi *float64) bool {
	return lo != nil && hi != nil && (*lo > 0 || *hi < 0)
}

// likelyReal is what "likely real" (a rose or fell verdict) means, said
// the same way wherever the report explains it. The statistics stage calls
// a change or trend rose or fell when its q-value (its p-value corrected
// by Benjamini-Hochberg within its family: the five shares at all sites,
// the shares at single sites, the origin-story shares, the rates) is at
// most 0.05 and its 95% range lies wholly above or below zero; a range
// clear of zero alone is not enough (see docs/statistics.md, Verdicts).
const likelyReal = "the change is too large to put down to chance even after allowing for the other comparisons of its group (the main question, the five framings at all sites, is one group; single sites, origin stories and rates of use are the others; each group's test is made stricter to match its size: a q-value of 0.05 or less), and its whole plausible range is above (or below) zero. A range clear of zero is not enough on its own."

// noDetectableChange is what "no detectable change" means.
const noDetectableChange = "the change is not clear enough to count as likely real: the evidence is too thin to tell a change from noise. It does not prove that nothing changed."

// siteLabel names a site in tables and captions: "all sites" for the
// pooled rows, and never an empty name.
func siteLabel(site string) string {
	switch site {
	case "all":
		return "all sites"
	case "":
		return "no site named"
	}
	return site
}

// measureName names any measure in plain words: a share by what it
// counts, a share within origin stories as that, "in origin stories".
func measureName(measure string) string {
	if base, ok := strings.CutPrefix(measure, "story_"); ok {
		return info(base).Name + " in origin stories"
	}
	return info(measure).Name
}
