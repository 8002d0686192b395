package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/drift-project/drift/pipeline/table"
)

// charts builds every figure whose rows exist, for the cycles up to the
// focus cycle.
func charts(in Input, shown []string, focus, prev string, rows map[key]table.Drift) []chart {
	var out []chart
	labels := make([]string, len(shown))
	for i, c := range shown {
		labels[i] = in.label(c)
	}
	seriesOf := func(site, measure string) (series, bool) {
		se := series{Band: true}
		any := false // a point to draw: not suppressed, with an estimate
		for _, c := range shown {
			r, ok := rows[key{"cycle", c, site, measure}]
			if ok && !r.Suppressed && r.Estimate != nil {
				any = true
			}
			se.Points = append(se.Points, point{Est: r.Estimate, Lo: r.CILow, Hi: r.CIHigh, Suppressed: r.Suppressed})
		}
		return se, any
	}
	priv := newPrivacy(in.Drift)
	countsHidden := false // some row's counts are hidden, though its share is not
	// shareRow is one row of a share's table; bySite says the table also
	// has rows for single sites.
	shareRow := func(c, site string, r table.Drift, bySite bool) []string {
		v := pct(r.Estimate)
		rng := pct(r.CILow) + "–" + pct(r.CIHigh)
		if r.Suppressed {
			v, rng = "suppressed", "–"
		} else if r.Estimate == nil {
			rng = "–"
		}
		speakers, hits := fmt.Sprint(r.NSpeakers), fmt.Sprint(r.NHits)
		if r.Suppressed || bySite && priv.countsHidden(r) {
			// The counts next to a suppressed share say how few people
			// made how many remarks; in a table by site, those of a
			// cycle with a suppressed site let the hidden share be
			// worked out from the pooled row and the other sites.
			speakers, hits = "–", "–"
			countsHidden = countsHidden || !r.Suppressed
		}
		return []string{in.label(c), siteLabel(site), v, rng, speakers, hits, verdictLabel(r)}
	}
	const countsNote = " Where a site is suppressed, the counts of that cycle are not shown either: with them, the hidden share could be worked out from the others."
	sites := siteNames(in.Drift)

	// 1. Class share by cycle, pooled and per site.
	if se, ok := seriesOf("all", "class_share"); ok {
		c := chart{ID: "class", Title: "Class framing by cycle",
			Lead: "Class framing as a share of framed talk in each cycle: the line is the share, the shaded band its plausible range. The first panel pools every site; the others show each site on its own, where fewer people make the bands wider.",
			Head: []string{"Cycle", "Site", "Class share", "Plausible range", "Speakers using these words", "Framed remarks", "Verdict"}}
		countsHidden = false
		c.Panels = append(c.Panels, panel("class-all", "All sites", "Class share of framed talk, all sites pooled", labels, []series{se}))
		for _, site := range sites {
			if se, ok := seriesOf(site, "class_share"); ok {
				c.Panels = append(c.Panels, panel("class-"+slug(siteLabel(site)), capital(siteLabel(site)), "Class share of framed talk at "+siteLabel(site), labels, []series{se}))
			}
		}
		for _, site := range append([]string{"all"}, sites...) {
			for _, cy := range shown {
				if r, ok := rows[key{"cycle", cy, site, "class_share"}]; ok {
					if r.Suppressed && !strings.Contains(c.Lead, "Gaps") {
						c.Lead += " Gaps are cycles hidden (suppressed) because too few participants spoke there, or because another site's hidden figure could be worked out from them."
					}
					c.Rows = append(c.Rows, shareRow(cy, site, r, len(sites) > 0))
				}
			}
		}
		if countsHidden {
			c.Lead += countsNote
		}
		out = append(out, c)
	}

	// 2. Rates per category in the focus cycle, against the previous one.
	if c, ok := rateChart(in, focus, prev, rows, priv); ok {
		out = append(out, c)
	}

	// 3. The secondary dimensions, pooled.
	sec := chart{ID: "dims", Title: "The other dimensions by cycle",
		Lead: "Each panel is one dimension of framing as a share, all sites pooled, with its plausible range as a band: who blame is aimed at, what kind of solidarity people describe, where they place the struggle, and why they say people should care.",
		Head: []string{"Dimension", "Cycle", "Share", "Plausible range", "Speakers using these words", "Framed remarks", "Verdict"}}
	var hidden []string
	countsHidden = false
	for _, ms := range shareMeasures[1:] {
		se, ok := seriesOf("all", ms)
		if !ok {
			if _, any := rows[key{"cycle", focus, "all", ms}]; any {
				hidden = append(hidden, info(ms).Name)
			}
			continue
		}
		mi := info(ms)
		sec.Panels = append(sec.Panels, panel("dim-"+slug(ms), capital(mi.Name), fmt.Sprintf("%s as a share of %s, all sites pooled", capital(mi.Name), mi.Of), labels, []series{se}))
		for _, cy := range shown {
			if r, ok := rows[key{"cycle", cy, "all", ms}]; ok {
				sec.Rows = append(sec.Rows, append([]string{capital(mi.Name)}, without(shareRow(cy, "all", r, false), 1)...))
			}
		}
	}
	if countsHidden {
		sec.Lead += countsNote
	}
	if len(hidden) > 0 {
		sec.Lead += " Not drawn, because every cycle is suppressed or has no data: " + joinAnd(hidden) + "."
	}
	if len(sec.Panels) > 0 {
		out = append(out, sec)
	}

	// 4. Participant flow.
	var flows []flowRow
	for _, cy := range shown {
		for _, r := range in.Continuity {
			if r.Cycle == cy && r.Site == "all" {
				flows = append(flows, flowRow{Label: in.label(cy), Returning: r.Returning, Rejoined: r.Rejoined, New: r.New, Lost: r.Lost, HasPrev: r.PrevCycle != ""})
			}
		}
	}
	if len(flows) > 0 {
		c := chart{ID: "flow", Title: "Who came back",
			Lead: "Participants who spoke in each cycle, all sites: above the line, those who also spoke in the cycle before (returning), those back after a break, and those speaking for the first time (new); below the line, those who spoke in the cycle before but not in this one.",
			Head: []string{"Cycle", "Returning", "Back after a break", "New", "Did not come back"}, Wide: true}
		desc := make([]string, 0, len(flows))
		for _, f := range flows {
			c.Rows = append(c.Rows, []string{f.Label, fmt.Sprint(f.Returning), fmt.Sprint(f.Rejoined), fmt.Sprint(f.New), fmt.Sprint(f.Lost)})
			desc = append(desc, fmt.Sprintf("%s: %d returning, %d back after a break, %d new, %d did not come back", f.Label, f.Returning, f.Rejoined, f.New, f.Lost))
		}
		c.Panels = append(c.Panels, chartPanel{"", flowChart("flow-all", "Participant flow by cycle", strings.Join(desc, "; ")+".", flows, 420, 250)})
		out = append(out, c)
	}

	// 5. Terms that rose and fell.
	if prev != "" {
		rose, fell := keyRows(in, focus)
		if len(rose) > 8 {
			rose = rose[:8]
		}
		if len(fell) > 8 {
			fell = fell[:8]
		}
		if len(rose)+len(fell) > 0 {
			c := chart{ID: "terms", Title: "Words that rose and fell",
				Lead: fmt.Sprintf("Lexicon words and phrases used clearly more (right) or less (left) in %s than in %s, by how strong the evidence is (weighted log-odds with an informative prior; only terms with a z-score beyond ±1.96 are shown). The numbers are the uses before → now.", in.label(focus), in.label(prev)),
				Head: []string{"Term", "Direction", "Uses before", "Uses now", "z"}, Wide: true}
			var kr []keyRow
			var desc []string
			for _, k := range append(rose, fell...) {
				dir := "used more"
				if k.Z < 0 {
					dir = "used less"
				}
				kr = append(kr, keyRow{Term: k.Term, Z: k.Z, Count: k.Count, Ref: k.CountRef})
				c.Rows = append(c.Rows, []string{k.Term, dir, fmt.Sprint(k.CountRef), fmt.Sprint(k.Count), strings.Replace(fmt.Sprintf("%.1f", k.Z), "-", "−", 1)})
				desc = append(desc, fmt.Sprintf("%s %s (%d to %d)", k.Term, dir, k.CountRef, k.Count))
			}
			c.Panels = append(c.Panels, chartPanel{"", keyChart("terms-all", "Words that rose and fell since "+in.label(prev), strings.Join(desc, "; ")+".", kr, 420)})
			out = append(out, c)
		}
	}

	// 6. Origin stories.
	story := chart{ID: "stories", Title: "Origin stories",
		Lead: "Origin stories are first-person sentences about the speaker's own past (“I grew up…”, “when my family lost the house…”). Each panel compares the share within origin stories (solid line, with its band) with the share in all framed talk (dashed), all sites pooled.",
		Head: []string{"Dimension", "Cycle", "In origin stories", "Plausible range", "In all framed talk"}}
	for _, ms := range storyMeasures(in.Drift) {
		se, ok := seriesOf("all", ms)
		if !ok {
			continue
		}
		base := strings.TrimPrefix(ms, "story_")
		mi := info(base)
		se.Name = "origin stories"
		ss := []series{se}
		if all, ok := seriesOf("all", base); ok {
			all.Name, all.Band = "all framed talk", false
			ss = append(ss, all)
		}
		story.Panels = append(story.Panels, panel("story-"+slug(base), capital(mi.Name), fmt.Sprintf("%s in origin stories and in all framed talk, all sites pooled", capital(mi.Name)), labels, ss))
		for _, cy := range shown {
			r, ok := rows[key{"cycle", cy, "all", ms}]
			if !ok {
				continue
			}
			v, rng := pct(r.Estimate), pct(r.CILow)+"–"+pct(r.CIHigh)
			if r.Suppressed {
				v, rng = "suppressed", "–"
			}
			a := rows[key{"cycle", cy, "all", base}]
			av := pct(a.Estimate)
			if a.Suppressed {
				av = "suppressed"
			}
			story.Rows = append(story.Rows, []string{capital(mi.Name), in.label(cy), v, rng, av})
		}
	}
	if len(story.Panels) > 0 {
		out = append(out, story)
	}
	return out
}

// panel renders one small line chart and describes its values in words.
func panel(id, title, what string, labels []string, ss []series) chartPanel {
	var desc []string
	for i, l := range labels {
		p := ss[0].Points[i]
		switch {
		case p.Suppressed:
			desc = append(desc, l+": suppressed")
		case p.Est == nil:
			desc = append(desc, l+": no data")
		case p.Lo != nil && p.Hi != nil:
			desc = append(desc, fmt.Sprintf("%s: %s (%s to %s)", l, pct(p.Est), pct(p.Lo), pct(p.Hi)))
		default:
			desc = append(desc, fmt.Sprintf("%s: %s", l, pct(p.Est)))
		}
	}
	return chartPanel{title, lineChart(id, title, what+". "+strings.Join(desc, "; ")+".", labels, ss, 360, 220)}
}

func storyMeasures(rs []table.Drift) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range rs {
		if strings.HasPrefix(r.Measure, "story_") && strings.HasSuffix(r.Measure, "_share") && !seen[r.Measure] {
			seen[r.Measure] = true
			out = append(out, r.Measure)
		}
	}
	order := map[string]int{}
	for i, m := range shareMeasures {
		order["story_"+m] = i + 1
	}
	sort.SliceStable(out, func(i, j int) bool {
		oi, oj := order[out[i]], order[out[j]]
		if oi == 0 {
			oi = 100
		}
		if oj == 0 {
			oj = 100
		}
		if oi != oj {
			return oi < oj
		}
		return out[i] < out[j]
	})
	return out
}

// rateChart shows rate_<category> rows (per 1,000 words) of the focus cycle
// against the previous one, all sites pooled.
//
// A rate is hidden, with its own cell or with the share of its dimension
// in the same cycle: the two rates of a dimension give away its share.
func rateChart(in Input, focus, prev string, rows map[key]table.Drift, priv privacy) (chart, bool) {
	var cats []string
	seen := map[string]bool{}
	for _, r := range in.Drift {
		if r.Scope == "cycle" && r.Site == "all" && strings.HasPrefix(r.Measure, "rate_") && !seen[r.Measure] {
			seen[r.Measure] = true
			cats = append(cats, r.Measure)
		}
	}
	order := map[string]int{}
	for i, ms := range shareMeasures {
		mi := measures[ms]
		order["rate_"+mi.A], order["rate_"+mi.B] = 2*i+1, 2*i+2
	}
	sort.SliceStable(cats, func(i, j int) bool {
		oi, oj := order[cats[i]], order[cats[j]]
		if oi == 0 {
			oi = 100
		}
		if oj == 0 {
			oj = 100
		}
		if oi != oj {
			return oi < oj
		}
		return cats[i] < cats[j]
	})
	c := chart{ID: "rates", Title: "How often each framing comes up",
		Lead: fmt.Sprintf("Uses of each framing's words per 1,000 words participants said in %s, all sites pooled (bars, with the plausible range as a line)", in.label(focus)),
		Head: []string{"Framing", in.label(focus), "Plausible range"}, Wide: true}
	if prev != "" {
		c.Lead += fmt.Sprintf(", and in %s (hollow circles)", in.label(prev))
		c.Head = append(c.Head, in.label(prev))
	}
	c.Lead += ". A rate can rise while a share stays the same, when people talk more about everything."
	var br []barRow
	var desc []string
	hid := false
	for _, ms := range cats {
		r, ok := rows[key{"cycle", focus, "all", ms}]
		if !ok {
			continue
		}
		cat := strings.TrimPrefix(ms, "rate_")
		name := categoryWords[cat]
		if name == "" {
			name = strings.ReplaceAll(cat, "_", " ")
		}
		b := barRow{Label: name, Cur: r.Estimate, Lo: r.CILow, Hi: r.CIHigh}
		row := []string{name, rateText(r.Estimate), rangeText(r.CILow, r.CIHigh)}
		d := fmt.Sprintf("%s: %s", name, rateText(r.Estimate))
		if priv.rateHidden(r) {
			// No value of a hidden bar reaches the page, not even
			// through the scale of the axis.
			b = barRow{Label: name, Suppressed: true}
			row[1], row[2] = hiddenText, "–"
			d = name + ": " + hiddenText
			hid = true
		}
		if prev != "" {
			p, ok := rows[key{"cycle", prev, "all", ms}]
			pv := rateText(p.Estimate)
			if ok && priv.rateHidden(p) {
				pv = hiddenText
				hid = true
			} else if ok {
				b.Prev = p.Estimate
			}
			row = append(row, pv)
			d += fmt.Sprintf(" (was %s)", pv)
		}
		br = append(br, b)
		c.Rows = append(c.Rows, row)
		desc = append(desc, d)
	}
	if len(br) == 0 {
		return c, false
	}
	if hid {
		c.Lead += " Where a share is suppressed, the rates of its two framings are hidden too (“" + hiddenText + "”): together they would give the share away."
	}
	c.Panels = append(c.Panels, chartPanel{"", barChart("rates-all", "Uses per 1,000 words in "+in.label(focus), "Per 1,000 words: "+strings.Join(desc, "; ")+".", br, in.label(focus), in.label(prev), 420)})
	return c, true
}

func rateText(f *float64) string {
	if f == nil {
		return "n/a"
	}
	return num(*f)
}

func rangeText(lo, hi *float64) string {
	if lo == nil || hi == nil {
		return "–"
	}
	return num(*lo) + "–" + num(*hi)
}

func without(s []string, i int) []string {
	out := append([]string{}, s[:i]...)
	return append(out, s[i+1:]...)
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}
