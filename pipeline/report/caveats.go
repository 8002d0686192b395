package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/drift-project/drift/pipeline/table"
)

// caveats lists what a reader should keep in mind, in plain words.
func caveats(in Input, focus, prev string, rows map[key]table.Drift) []string {
	var out []string
	if s := lexiconCaveat(in); s != "" {
		out = append(out, s)
	}
	if s := coverageCaveat(in, focus); s != "" {
		out = append(out, s)
	}
	out = append(out, mixCaveats(in, focus, prev, rows)...)
	if s := suppressedCaveat(in, focus); s != "" {
		out = append(out, s)
	}
	out = append(out, "Word lists catch words, not meaning: a story can be about class without using any of the listed words, and sarcasm or quoting someone else can fool them (negated uses such as “this isn't about race” and questions are left out of the shares).")
	return out
}

// lexiconCaveat compares the lexicons of this run with those of the run
// that wrote the previous report.
func lexiconCaveat(in Input) string {
	if in.PreviousLexicons == nil {
		return ""
	}
	old := map[string]Lexicon{}
	for _, l := range in.PreviousLexicons {
		old[l.Name] = l
	}
	var changes []string
	seen := map[string]bool{}
	for _, l := range in.Lexicons {
		seen[l.Name] = true
		o, ok := old[l.Name]
		switch {
		case !ok:
			changes = append(changes, fmt.Sprintf("%s was added (version %s)", l.Name, l.Version))
		case o.Hash != l.Hash && o.Version != l.Version:
			changes = append(changes, fmt.Sprintf("%s changed from version %s to %s", l.Name, o.Version, l.Version))
		case o.Hash != l.Hash:
			changes = append(changes, fmt.Sprintf("%s changed (still version %s, but its contents differ)", l.Name, l.Version))
		}
	}
	var removed []string
	for n := range old {
		if !seen[n] {
			removed = append(removed, n)
		}
	}
	sort.Strings(removed)
	for _, n := range removed {
		changes = append(changes, n+" was removed")
	}
	if len(changes) == 0 {
		return ""
	}
	return "The word lists changed since the last report: " + joinAnd(changes) + ". Every cycle was measured again with the new lists, so earlier figures here may differ from the ones in the last report; compare this report with itself, not with the last one."
}

// coverageCaveat says how much participant talk any framing reached.
func coverageCaveat(in Input, focus string) string {
	fc := in.focusOf(focus)
	n, f := fc.participantTurns, fc.framedTurns
	if fc.turns == 0 || n == 0 {
		return ""
	}
	share := float64(f) / float64(n)
	return fmt.Sprintf("Coverage: %s of participant turns in %s (%d of %d) used any word from the lists; the shares describe that part of the talk only. The rest is small talk, logistics, or framing the lists do not know.", pct(&share), in.label(focus), f, n)
}

// mixCaveats reports the speaker-mix decomposition the statistics stage
// writes on each cycle row (columns composition, within and
// top_contributor_share): the change of a share since the previous cycle
// split into the part due to who spoke (and how much) and the part due to
// people who spoke in both cycles talking differently.
func mixCaveats(in Input, focus, prev string, rows map[key]table.Drift) []string {
	if prev == "" {
		return nil
	}
	var out []string
	for _, ms := range shareMeasures {
		r, ok := rows[key{"cycle", focus, "all", ms}]
		if !ok || r.Composition == nil || r.Within == nil || (r.Verdict != verdictRose && r.Verdict != verdictFell) {
			continue
		}
		s := fmt.Sprintf("Speaker mix: of the change in %s since %s, %s points come from who spoke and how much (different people, or the same people saying more or less), and %s points from people who spoke in both cycles talking differently.",
			info(ms).Name, in.label(prev), pts(*r.Composition), pts(*r.Within))
		if r.TopContributorShare != nil && *r.TopContributorShare >= 0.5 {
			s += fmt.Sprintf(" One speaker accounts for %s of the change, so it may be driven by one person.", pct(r.TopContributorShare))
		}
		out = append(out, s)
	}
	return out
}

func suppressedCaveat(in Input, focus string) string {
	var own, guard []string
	for _, r := range in.Drift {
		if r.Scope == "cycle" && r.Cycle == focus && r.Suppressed && !strings.HasPrefix(r.Measure, "rate_") {
			cell := fmt.Sprintf("%s (%s)", measureName(r.Measure), siteLabel(r.Site))
			if strings.HasPrefix(r.Note, noteGuard) {
				guard = append(guard, cell)
			} else {
				own = append(own, cell)
			}
		}
	}
	var s string
	if len(own) > 0 {
		s = fmt.Sprintf("Suppressed: %s in %s %s hidden because too few participants used those words to report them without risking that they are recognised: %s.",
			plural(len(own), "figure", "figures"), in.label(focus), map[bool]string{true: "is", false: "are"}[len(own) == 1], joinAnd(own))
	}
	if len(guard) > 0 {
		s = strings.TrimSpace(s + fmt.Sprintf(" Also hidden, to protect those: %s; with the all-sites figure, %s would give a hidden one away.",
			joinAnd(guard), map[bool]string{true: "it", false: "they"}[len(guard) == 1]))
	}
	return s
}
