package report

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/drift-project/drift/pipeline/table"
)

// Input is everything a report needs, read from the dataset's tables.
type Input struct {
	Drift       []table.Drift
	Documents   []table.Document
	Cycles      []string          // in order
	CycleLabels map[string]string // cycle id -> label
}

// measureWords names each share measure in plain words.
var measureWords = map[string][2]string{
	"class_share":       {"class framing", "talk framed through class or identity"},
	"structural_share":  {"blame aimed at structures", "talk that blames someone"},
	"integration_share": {"lasting ties (integration)", "talk about how people act together"},
	"local_share":       {"local focus", "talk that places the struggle somewhere"},
	"material_share":    {"material interest", "talk about why people should care"},
}

func (in Input) label(c string) string {
	if l, ok := in.CycleLabels[c]; ok && l != "" {
		return l
	}
	return c
}

func pct(f *float64) string {
	if f == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.0f%%", *f*100)
}

func pts(f float64) string {
	return fmt.Sprintf("%+.0f", f*100)
}

// Headline says in plain words what one cycle row means.
func Headline(in Input, r table.Drift) string {
	w, ok := measureWords[r.Measure]
	if !ok {
		w = [2]string{r.Measure, "framed talk"}
	}
	cur := in.label(r.Cycle)
	switch {
	case r.Suppressed:
		return fmt.Sprintf("In %s, too few people used %s to report it without identifying them (suppressed).", cur, w[1])
	case r.Estimate == nil:
		return fmt.Sprintf("No %s was found in %s.", w[1], cur)
	case r.PrevCycle == "":
		return fmt.Sprintf("In %s, %s made up %s of %s (between %s and %s).", cur, w[0], pct(r.Estimate), w[1], pct(r.CILow), pct(r.CIHigh))
	case r.Verdict == "insufficient_data" || r.Change == nil || r.ChangeLow == nil || r.ChangeHigh == nil:
		return fmt.Sprintf("In %s, %s made up %s of %s; too few speakers or framed remarks to say whether it changed since %s.", cur, w[0], pct(r.Estimate), w[1], in.label(r.PrevCycle))
	}
	prev := *r.Estimate - *r.Change
	from := fmt.Sprintf("from %.0f%% to %.0f%% of %s since %s", prev*100, *r.Estimate*100, w[1], in.label(r.PrevCycle))
	rng := fmt.Sprintf("between %s and %s points", pts(*r.ChangeLow), pts(*r.ChangeHigh))
	switch r.Verdict {
	case "rose":
		return fmt.Sprintf("%s rose %s (likely real: %s).", capital(w[0]), from, rng)
	case "fell":
		return fmt.Sprintf("%s fell %s (likely real: %s).", capital(w[0]), from, rng)
	}
	return fmt.Sprintf("No detectable change in %s: it went %s, but the change could be anywhere %s, so it may be noise.", w[0], from, rng)
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Markdown renders the report as Markdown.
func Markdown(in Input) []byte {
	var b bytes.Buffer
	last := ""
	if len(in.Cycles) > 0 {
		last = in.Cycles[len(in.Cycles)-1]
	}
	fmt.Fprintf(&b, "# Narrative drift report")
	if last != "" {
		fmt.Fprintf(&b, ": %s", in.label(last))
	}
	b.WriteString("\n\n")
	b.WriteString("This report counts how participants framed their stories, using word lists (lexicons) checked against hand coding. ")
	b.WriteString("Facilitator prompts are left out. Each share comes with a range: the values the share could plausibly take given how few people spoke (a 95% interval from resampling speakers).\n\n")
	b.WriteString("## What changed since last cycle\n\n")
	for _, r := range in.Drift {
		if _, ok := measureWords[r.Measure]; ok && r.Scope == "cycle" && r.Cycle == last && r.Site == "all" {
			fmt.Fprintf(&b, "- %s\n", Headline(in, r))
		}
	}
	b.WriteString("\n## Across all cycles\n\n")
	for _, r := range in.Drift {
		if _, ok := measureWords[r.Measure]; !ok || r.Scope != "trend" || r.Site != "all" {
			continue
		}
		w := measureWords[r.Measure][0]
		if w == "" {
			w = r.Measure
		}
		switch {
		case r.Estimate == nil || r.CILow == nil || r.CIHigh == nil:
			fmt.Fprintf(&b, "- %s: not enough cycles with enough evidence to see a trend.\n", capital(w))
		case r.Verdict == "rose" || r.Verdict == "fell":
			fmt.Fprintf(&b, "- %s %s by about %s points per cycle (between %s and %s).\n", capital(w), r.Verdict, pts(*r.Estimate), pts(*r.CILow), pts(*r.CIHigh))
		default:
			fmt.Fprintf(&b, "- %s: no detectable trend (%s points per cycle, between %s and %s).\n", capital(w), pts(*r.Estimate), pts(*r.CILow), pts(*r.CIHigh))
		}
	}
	b.WriteString("\n## Class share by cycle\n\n| Cycle | Site | Class share | Range | Speakers | Framed remarks | Verdict |\n|---|---|---|---|---|---|---|\n")
	for _, r := range in.Drift {
		if r.Scope != "cycle" || r.Measure != "class_share" {
			continue
		}
		share := pct(r.Estimate)
		if r.Suppressed {
			share = "suppressed"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s–%s | %d | %d | %s |\n", in.label(r.Cycle), r.Site, share, pct(r.CILow), pct(r.CIHigh), r.NSpeakers, r.NHits, strings.ReplaceAll(r.Verdict, "_", " "))
	}
	var ok, skipped, failed int
	var issues []string
	for _, d := range in.Documents {
		switch d.Status {
		case "ok":
			ok++
		case "skipped":
			skipped++
			issues = append(issues, fmt.Sprintf("- `%s` skipped: %s", d.Path, d.Reason))
		case "failed":
			failed++
			issues = append(issues, fmt.Sprintf("- `%s` failed: %s", d.Path, d.Reason))
		}
	}
	fmt.Fprintf(&b, "\n## Files\n\n%d files read, %d skipped, %d failed.\n", ok, skipped, failed)
	for _, s := range issues {
		b.WriteString(s + "\n")
	}
	return b.Bytes()
}
