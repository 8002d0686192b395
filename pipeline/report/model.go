package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/drift-project/drift/pipeline/table"
)

// Options control what a report shows.
type Options struct {
	// Cycle is the cycle the report is about; "" means the last one.
	// Charts show the cycles up to and including it.
	Cycle string
	// NoQuotes leaves out the participants' own sentences.
	NoQuotes bool
	// People finds person names in a sentence (prose's entity
	// recogniser); nil finds none. Found names are masked in quotes.
	People func(string) []string
	// KnownNames are names to mask in quotes whatever the recogniser says:
	// speakers and facilitators from the corpus configuration.
	KnownNames []string
}

// model is the content of a report, built once and rendered as HTML and
// as Markdown so that both say the same thing.
type model struct {
	Title      string
	CycleLabel string
	PrevLabel  string
	Meta       string
	Intro      []term // terms used by the headlines, explained before them
	Headlines  []headline
	Changes    []changeRow
	Notes      []string // continuity and keyness in words
	Trends     []string
	Quotes     []quoteGroup
	QuoteNote  string
	Charts     []chart
	Caveats    []string
	Glossary   []term
	Files      string
}

type term struct{ Term, Meaning string }

type headline struct {
	Measure string
	Label   string // short verdict label
	Class   string // CSS class of the label
	Symbol  string
	Text    string
}

type changeRow struct {
	What, Where, Before, Now, Change, Verdict string
}

type quoteGroup struct {
	Title  string
	Quotes []quote
}

type quote struct {
	Text, Speaker, Site, Cycle string
	Story                      bool
}

// chart is one figure: panels of SVG and the data behind them as a table.
type chart struct {
	ID     string
	Title  string
	Lead   string // what the chart shows, in words; also the SVG description
	Panels []chartPanel
	Wide   bool // panels take the full width
	Head   []string
	Rows   [][]string
}

// chartPanel is one SVG of a chart, with a visible title when the chart has
// several.
type chartPanel struct{ Title, SVG string }

// ErrUnknownCycle is returned when Options.Cycle is not a cycle of the dataset.
type ErrUnknownCycle struct {
	Cycle  string
	Cycles []string
}

func (e *ErrUnknownCycle) Error() string {
	return fmt.Sprintf("cycle %q is not in the dataset (cycles: %s)", e.Cycle, strings.Join(e.Cycles, ", "))
}

func build(in Input, opt Options) (*model, error) {
	m := &model{Title: "Narrative drift report"}
	fi := len(in.Cycles) - 1
	if opt.Cycle != "" {
		fi = -1
		for i, c := range in.Cycles {
			if c == opt.Cycle {
				fi = i
			}
		}
		if fi < 0 {
			return nil, &ErrUnknownCycle{opt.Cycle, in.Cycles}
		}
	}
	var focus, prev string
	shown := in.Cycles
	if fi >= 0 {
		focus = in.Cycles[fi]
		shown = in.Cycles[:fi+1]
		m.CycleLabel = in.label(focus)
		m.Title += ": " + m.CycleLabel
		if fi > 0 {
			prev = in.Cycles[fi-1]
			m.PrevLabel = in.label(prev)
		}
	}
	rows := rowIndex(in.Drift)
	hl := headRows(rows, focus)
	in.focus = in.focusFor(focus, hl)
	m.Meta = metaLine(in, focus, prev)

	m.Intro = []term{
		{"Framed talk", "participants' remarks that explain their experience through class or through identity (race, nation, religion, gender), found with word lists checked against hand coding. Facilitators' prompts are left out."},
		{"Share", "of all framed talk, the part framed through class; the other dimensions are shares in the same way (for example, of all blame, the part aimed at bosses, landlords and the system rather than at other people like us)."},
		{"Plausible range", "with a few people in each circle, a share is uncertain; the range (a 95% interval from resampling speakers, widened when so few spoke that resampling alone would look too sure) holds the values the true share could plausibly take."},
		{"Likely real", likelyReal},
		{"No detectable change", noDetectableChange},
		{"Suppressed", "too few participants used these words in that cycle to report it without risking that they are recognised, or (at one site) hidden with another site's suppressed figure, which it and the all-sites figure would otherwise give away."},
	}

	// Headlines: class first, then measures that changed, then the rest.
	for _, r := range hl {
		text := Headline(in, r)
		if r.Measure == "class_share" {
			text += sinceFirst(in, shown, rows, r, len(shown) >= 3 && fi == len(in.Cycles)-1)
		}
		m.Headlines = append(m.Headlines, headline{r.Measure, verdictLabel(r), verdictClass(r), verdictSymbol(r), text})
	}

	// What changed since the last cycle.
	if prev != "" {
		sites := siteNames(in.Drift)
		for _, ms := range shareMeasures {
			for _, site := range append([]string{"all"}, sites...) {
				if site != "all" && ms != "class_share" {
					continue
				}
				r, ok := rows[key{"cycle", focus, site, ms}]
				if !ok {
					continue
				}
				m.Changes = append(m.Changes, changeRowOf(r, rows[key{"cycle", prev, site, ms}], site))
			}
		}
	}
	m.Notes = append(m.Notes, continuitySentences(in, focus)...)
	if s := flipSentence(in); s != "" && fi == len(in.Cycles)-1 {
		m.Notes = append(m.Notes, s)
	}
	if s := keynessSentence(in, focus, prev); s != "" {
		m.Notes = append(m.Notes, s)
	}
	if len(shown) >= 3 && fi == len(in.Cycles)-1 {
		for _, ms := range shareMeasures {
			if r, ok := rows[key{"trend", "", "all", ms}]; ok {
				m.Trends = append(m.Trends, trendSentence(r))
			}
		}
	}

	// Quotes.
	switch {
	case opt.NoQuotes:
	case in.TextPolicy == "none":
		m.QuoteNote = "Quotes are not available: the dataset was written with --text none, so it holds no turn text."
	default:
		m.Quotes = pickQuotes(in, focus, hl, opt)
		if len(m.Quotes) > 0 {
			m.QuoteNote = "A few sentences that use the words behind each headline, chosen to illustrate, not to prove. Speakers are shown as Speaker A, B… in this report only (not by their pseudonym, so that quotes in different reports cannot be put together as one person's), and people's names are replaced by [name]. An origin story is a first-person sentence about the speaker's own past (“I grew up…”, “when my family lost the house…”)."
		}
	}

	m.Charts = charts(in, shown, focus, prev, rows)
	m.Caveats = caveats(in, focus, prev, rows)
	m.Glossary = glossary()
	m.Files = files(in)
	return m, nil
}

type key struct{ scope, cycle, site, measure string }

func rowIndex(rs []table.Drift) map[key]table.Drift {
	out := make(map[key]table.Drift, len(rs))
	for _, r := range rs {
		out[key{r.Scope, r.Cycle, r.Site, r.Measure}] = r
	}
	return out
}

// sinceFirst says how a share moved over the whole programme, from the
// first cycle with a figure to show to the focus cycle, from the same rows
// as the tables: the headline compares only with the previous cycle, and
// whether stories move towards class over the whole programme is the
// organisers' main question. It says nothing when the focus cycle has no
// figure, or when that first cycle is the focus or the previous one. Two
// figures are not a test: when the report has trend lines (trends), it
// points to them for whether the movement is more than chance.
func sinceFirst(in Input, shown []string, rows map[key]table.Drift, r table.Drift, trends bool) string {
	if r.Suppressed || r.Estimate == nil || len(shown) < 3 {
		return ""
	}
	for i, c := range shown[:len(shown)-2] {
		f, ok := rows[key{"cycle", c, r.Site, r.Measure}]
		if !ok || f.Suppressed || f.Estimate == nil {
			continue
		}
		first := "the first cycle"
		if i > 0 {
			first = "the first cycle with a figure to show"
		}
		s := fmt.Sprintf(" Since %s (%s): %s → %s", in.label(c), first, pct(f.Estimate), pct(r.Estimate))
		if trends {
			if _, ok := rows[key{"trend", "", r.Site, r.Measure}]; ok {
				s += "; whether that is more than chance is under “Across all cycles”"
			}
		}
		return s + "."
	}
	return ""
}

// headRows returns the focus cycle's all-sites share rows in headline
// order: class first, then measures that changed, then the rest.
func headRows(rows map[key]table.Drift, focus string) []table.Drift {
	var hl []table.Drift
	for _, ms := range shareMeasures {
		if r, ok := rows[key{"cycle", focus, "all", ms}]; ok {
			hl = append(hl, r)
		}
	}
	sort.SliceStable(hl, func(i, j int) bool { return headRank(hl[i]) < headRank(hl[j]) })
	return hl
}

func headRank(r table.Drift) int {
	switch {
	case r.Measure == "class_share":
		return 0
	case !r.Suppressed && (r.Verdict == verdictRose || r.Verdict == verdictFell):
		return 1
	}
	return 2
}

func siteNames(rs []table.Drift) []string {
	set := map[string]bool{}
	for _, r := range rs {
		// A file without a site gives rows with site "": a site of its
		// own, shown as "no site named".
		if r.Site != "all" && (r.Scope == "cycle" || r.Scope == "trend") {
			set[r.Site] = true
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func metaLine(in Input, focus, prev string) string {
	var parts []string
	if prev != "" {
		parts = append(parts, "compared with "+in.label(prev))
	}
	sites := map[string]bool{}
	files := 0
	for _, d := range in.Documents {
		if d.Cycle == focus && d.Status == "ok" {
			files++
			sites[d.Site] = true
		}
	}
	if n := len(sites); n > 0 {
		parts = append(parts, plural(n, "site", "sites"))
	}
	if files > 0 {
		parts = append(parts, plural(files, "transcript", "transcripts"))
	}
	if n := in.focusOf(focus).speakers; n > 0 {
		parts = append(parts, plural(n, "participant", "participants"))
	}
	return capital(strings.Join(parts, " · "))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func changeRowOf(r, p table.Drift, site string) changeRow {
	c := changeRow{What: capital(info(r.Measure).Name), Where: siteLabel(site), Before: pct(p.Estimate), Now: pct(r.Estimate), Verdict: verdictLabel(r)}
	if p.Suppressed {
		c.Before = "suppressed"
	}
	if r.Suppressed {
		c.Now = "suppressed"
	}
	switch {
	case r.Suppressed:
		c.Change = "–"
	case r.Change != nil && r.ChangeLow != nil && r.ChangeHigh != nil:
		c.Change = fmt.Sprintf("%s (%s to %s)", pts(*r.Change), pts(*r.ChangeLow), pts(*r.ChangeHigh))
	default:
		c.Change = "–"
	}
	return c
}

func continuitySentences(in Input, focus string) []string {
	for _, c := range in.Continuity {
		if c.Cycle != focus || c.Site != "all" {
			continue
		}
		s := fmt.Sprintf("%s spoke in %s", plural(int(c.Present), "participant", "participants"), in.label(focus))
		if c.PrevCycle == "" {
			return []string{s + "."}
		}
		var parts []string
		parts = append(parts, fmt.Sprintf("%d came back from %s", c.Returning, in.label(c.PrevCycle)))
		if c.Rejoined > 0 {
			parts = append(parts, fmt.Sprintf("%d returned after a break", c.Rejoined))
		}
		parts = append(parts, fmt.Sprintf("%d %s new", c.New, map[bool]string{true: "was", false: "were"}[c.New == 1]))
		s += ": " + joinAnd(parts) + "."
		if c.Lost > 0 {
			s += fmt.Sprintf(" %s who spoke in %s did not speak this time.", capital(plural(int(c.Lost), "participant", "participants")), in.label(c.PrevCycle))
		}
		return []string{s}
	}
	return nil
}

// flipSentence says how many returning participants changed their main
// framing between their first and last cycle, from participants.parquet.
// It is about individuals, so it follows the disclosure rule of the
// shares, for the two groups it names and for the rest who did not flip:
// nothing when fewer than minGroup participants can be told apart, when
// one group is everyone (that would say what each of them did), or when
// the rest could be worked out as one or two people; a flip count of one
// or two is written "fewer than 3".
func flipSentence(in Input) string {
	var n, toClass, toIdentity int
	for _, p := range in.Participants {
		if p.Role != "participant" || p.CyclesAttended < 2 || p.DominantFirst == "" || p.DominantLast == "" {
			continue
		}
		n++
		switch {
		case p.DominantFirst == "identity" && p.DominantLast == "class":
			toClass++
		case p.DominantFirst == "class" && p.DominantLast == "identity":
			toIdentity++
		}
	}
	rest := n - toClass - toIdentity
	small := func(k int) bool { return k > 0 && k < minGroup }
	switch {
	case n < minGroup, toClass == n, toIdentity == n, rest == n:
		return ""
	case small(rest):
		return "" // the rest would be one or two people
	case rest == 0 && (small(toClass) || small(toIdentity)):
		return "" // a small group would be n minus the other
	}
	count := func(k int) string {
		if small(k) {
			return fmt.Sprintf("fewer than %d", minGroup)
		}
		return fmt.Sprint(k)
	}
	return fmt.Sprintf("Of the %s who spoke in more than one cycle with enough framed talk to tell, %s moved from mostly identity framing to mostly class framing between their first and last cycle, and %s moved the other way.",
		plural(n, "participant", "participants"), count(toClass), count(toIdentity))
}

// minGroup is the smallest number of people a figure about what
// individuals said may describe: the statistics' suppression threshold
// (stats.Options.Suppress, 3 by default).
const minGroup = 3

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// keyRows returns the keyness rows of focus against the previous cycle,
// preferring lexicon entries to plain words, strongest first. Entries of a
// dimension whose share is suppressed (all sites) in either cycle are left
// out: their counts are the hidden share's remarks.
func keyRows(in Input, focus string) (rose, fell []table.Keyness) {
	priv := newPrivacy(in.Drift)
	kind := ""
	for _, k := range in.Keyness {
		if k.Cycle == focus && k.Reference == "previous" && (kind == "" || k.Kind == "entry") {
			kind = k.Kind
		}
	}
	for _, k := range in.Keyness {
		if k.Cycle != focus || k.Reference != "previous" || k.Kind != kind {
			continue
		}
		if k.Dimension != "" && (priv.dimHidden(k.Cycle, "all", k.Dimension) || priv.dimHidden(k.RefCycle, "all", k.Dimension)) {
			continue
		}
		switch {
		case k.Z >= 1.96:
			rose = append(rose, k)
		case k.Z <= -1.96:
			fell = append(fell, k)
		}
	}
	sort.SliceStable(rose, func(i, j int) bool {
		if rose[i].Z != rose[j].Z {
			return rose[i].Z > rose[j].Z
		}
		return rose[i].Term < rose[j].Term
	})
	sort.SliceStable(fell, func(i, j int) bool {
		if fell[i].Z != fell[j].Z {
			return fell[i].Z < fell[j].Z
		}
		return fell[i].Term < fell[j].Term
	})
	return rose, fell
}

func keynessSentence(in Input, focus, prev string) string {
	if prev == "" {
		return ""
	}
	rose, fell := keyRows(in, focus)
	terms := func(ks []table.Keyness) string {
		var out []string
		for i, k := range ks {
			if i == 5 {
				break
			}
			out = append(out, "“"+k.Term+"”")
		}
		return joinAnd(out)
	}
	var parts []string
	if len(rose) > 0 {
		parts = append(parts, "Used more than in "+in.label(prev)+": "+terms(rose)+".")
	}
	if len(fell) > 0 {
		parts = append(parts, "Used less: "+terms(fell)+".")
	}
	return strings.Join(parts, " ")
}

func files(in Input) string {
	var ok, skipped, failed int
	for _, d := range in.Documents {
		switch d.Status {
		case "ok":
			ok++
		case "skipped":
			skipped++
		case "failed":
			failed++
		}
	}
	s := fmt.Sprintf("%s read, %d skipped, %d failed.", plural(ok, "file", "files"), skipped, failed)
	if skipped+failed > 0 {
		// File names and reasons are not shown: a file is often named
		// after a person ("maria-1to1.vtt"), and a reason can quote the
		// line that could not be read. documents.parquet and drift's
		// messages have both, for whoever runs it.
		s += " Which files and why are in documents.parquet (columns path, status and reason), not here: file names and the lines that could not be read can hold people's names and words."
	}
	return s
}

func glossary() []term {
	return []term{
		{"Framed talk", "participants' remarks that use words from the lexicons for one of the framings below; a remark can carry several framings, or none."},
		{"Share", "the part of framed talk that takes one side of a dimension: class rather than identity; blame aimed at structures rather than at people like us; lasting ties (integration) rather than turnout and visibility (mobilisation); a local rather than an international focus; material interest rather than privilege and guilt."},
		{"Plausible range (interval)", "a 95% interval from resampling speakers within each cycle (a speaker-clustered bootstrap), widened where it is narrower than a score interval that counts remarks as fewer when they come in clumps from the same people (with a handful of speakers, resampling alone looks too sure): the values the share could plausibly take, given how few people spoke."},
		{"Likely real", likelyReal},
		{"No detectable change", noDetectableChange},
		{"Too little evidence", "too few participants or framed remarks in one of the two cycles to compare them."},
		{"Suppressed", "a figure hidden because too few participants used these words in that cycle and site to report it without risking that they are recognised, or a site's figure hidden with another site's suppressed one, which it and the all-sites figure would otherwise give away; numbers that would give it away (the rates of its two framings, the counts beside it) are hidden with it, and nobody is quoted from a site whose share is suppressed."},
		{"Rate per 1,000 words", "how often a framing's words come up for every 1,000 words participants said."},
		{"Origin story", "a first-person sentence about the speaker's own past (“I grew up…”, “when my family lost the house…”)."},
		{"Coverage", "the share of participant turns that use any lexicon word at all; the shares describe that part of the talk only."},
		{"Pseudonym", "a stable code (spk-…) that stands for a speaker in every table; names are never written to the tables or this report, and drift's cache keeps them only encrypted with the corpus's key. The report's quotes use Speaker A, B… instead, which hold within one report only."},
		{"Word lists (lexicons)", "curated lists of words and phrases for each framing, with a version and a fingerprint (hash) recorded in every output."},
	}
}
