package report

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline/table"
	"golang.org/x/net/html"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./pipeline/report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test ./pipeline/report -update and review the diff\n%s", name, firstDiff(got, want))
	}
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			if len(a) > 300 {
				a = a[:300] + "…"
			}
			if len(b) > 300 {
				b = b[:300] + "…"
			}
			return "line " + strconv.Itoa(i+1) + ":\n got: " + a + "\nwant: " + b
		}
	}
	return ""
}

func TestGoldenFull(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  Options
	}{
		{"full", Options{People: fakePeople}},
		{"full-noquotes", Options{NoQuotes: true}},
		{"full-cycle2", Options{Cycle: "2026-02", People: fakePeople}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, md, err := Render(fakeInput(), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name+".html", h)
			golden(t, tc.name+".md", md)
			checkHTML(t, h)
		})
	}
}

func TestDeterministic(t *testing.T) {
	a, b, _ := Render(fakeInput(), Options{People: fakePeople})
	for i := 0; i < 5; i++ {
		c, d, _ := Render(fakeInput(), Options{People: fakePeople})
		if !bytes.Equal(a, c) || !bytes.Equal(b, d) {
			t.Fatal("two renders of the same input differ")
		}
	}
}

func TestSections(t *testing.T) {
	h, md, err := Render(fakeInput(), Options{People: fakePeople})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`id="fig-class"`, `id="fig-rates"`, `id="fig-dims"`, `id="fig-flow"`, `id="fig-terms"`, `id="fig-stories"`,
		"What changed since last cycle", "In their words", "Caveats",
		"framing changed from version 1.0.0 to 1.1.0", "scope changed (still version 1.0.0", "care was added", "register was removed",
		"Speaker mix: of the change in class framing since February circle, +5 points come from who spoke",
		"Coverage: 80% of participant turns in March circle (4 of 5)",
		"Class framing rose from 44% to 58% of framed talk since February circle (likely real: between +6 and +28 points).",
		"11 participants spoke in March circle: 8 came back from February circle, 1 returned after a break and 2 were new.",
		"Used more than in February circle: “rent strike”, “landlord” and “escrow”. Used less: “immigrants” and “newcomers”.",
		"[name] says it is the same here",
	} {
		if !bytes.Contains(h, []byte(esc(want))) && !bytes.Contains(h, []byte(want)) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	for _, bad := range []string{"Rosa Delgado", "Thanks for the soup", "not about where people come from", "What happened with the landlord"} {
		if bytes.Contains(h, []byte(esc(bad))) || bytes.Contains(md, []byte(mdText(bad))) {
			t.Errorf("report quotes %q: a masked name, an unframed turn, a negated use or a facilitator prompt", bad)
		}
	}
	// Without the rows of the statistics stage, their sections are left out.
	in := fakeInput()
	in.Keyness, in.Continuity = nil, nil
	var drift []table.Drift
	for _, r := range in.Drift {
		if !strings.HasPrefix(r.Measure, "rate_") && !strings.HasPrefix(r.Measure, "story_") {
			drift = append(drift, r)
		}
	}
	in.Drift = drift
	h, _, err = Render(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{`id="fig-rates"`, `id="fig-flow"`, `id="fig-terms"`, `id="fig-stories"`} {
		if bytes.Contains(h, []byte(gone)) {
			t.Errorf("HTML has %s without its rows", gone)
		}
	}
	checkHTML(t, h)
}

// TestSuppressedShareHidesItsNumbers checks that no number shown next to
// or along with a suppressed share gives it away: the two rates of its
// dimension (material 7.7 and privilege 7.7 per 1,000 words say the share
// is 50%), the counts of speakers and remarks beside it, the remark counts
// of the pooled row and the other sites in a cycle where one site is
// suppressed, and the keyness counts of its entries.
func TestSuppressedShareHidesItsNumbers(t *testing.T) {
	h, md, err := Render(fakeInput(), Options{People: fakePeople})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| material interest | hidden, too few speakers | – | hidden, too few speakers |",
		"| privilege, guilt | hidden, too few speakers | – | hidden, too few speakers |",
		"| March circle | riverside | suppressed | – | – | – | Suppressed |",
		"| March circle | all sites | 58% | 49%–67% | – | – | Rose |",
		"| March circle | eastside | 55% | 40%–70% | – | – | No detectable change |",
		"| February circle | riverside | 50% | 35%–66% | 5 | 20 | No detectable change |",
	} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	// Drawing coordinates are numbers too: leave them out of the search.
	text := regexp.MustCompile(`="[-0-9. MLHVZCz,]*"`).ReplaceAll(h, nil)
	value := regexp.MustCompile(`(^|[^0-9.])(7\.7|8\.8|6\.6)($|[^0-9])`)
	for _, page := range [][]byte{md, text} {
		if v := value.Find(page); v != nil {
			t.Errorf("report shows the rate %q of a suppressed share", v)
		}
		for _, bad := range []string{"white guilt", "| 2 | 8 |", "| 11 | 44 |", "<td>11</td><td>44</td>"} {
			if bytes.Contains(page, []byte(bad)) {
				t.Errorf("report shows %q, which gives a suppressed share away", bad)
			}
		}
	}
	if !bytes.Contains(h, []byte("hidden (too few speakers)")) {
		t.Error("the rates chart does not mark the hidden bars")
	}
}

// TestWording checks the plain-language fixes of the user review: "likely
// real" defined once, as the verdict's rule; suppression explained as too
// few participants using the words; the table column that counts only
// people who used framing words says so; caveats name measures and sites
// in plain words, never "story structural framing" or "()"; and the
// class headline says where the programme started.
func TestWording(t *testing.T) {
	in := fakeInput()
	in.Drift = append(in.Drift,
		table.Drift{Scope: "cycle", Cycle: "2026-03", Site: "", Measure: "structural_share", Dimension: "blame", Suppressed: true, NSpeakers: 1, Verdict: verdictInsufficient},
		table.Drift{Scope: "cycle", Cycle: "2026-03", Site: "all", Measure: "story_structural_share", Dimension: "blame", Suppressed: true, NSpeakers: 2, Verdict: verdictInsufficient},
	)
	m, err := build(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	meaning := func(ts []term, name string) string {
		for _, x := range ts {
			if x.Term == name {
				return x.Meaning
			}
		}
		t.Errorf("no %q term", name)
		return ""
	}
	if a, b := meaning(m.Intro, "Likely real"), meaning(m.Glossary, "Likely real"); a != b || !strings.Contains(a, "q-value") || !strings.Contains(a, "0.05") {
		t.Errorf("\"Likely real\" is defined two ways, or not by the verdict's rule (q ≤ 0.05):\nheadlines: %s\nglossary:  %s", a, b)
	}
	if g := meaning(m.Glossary, "Suppressed"); !strings.Contains(g, "too few participants used these words") {
		t.Errorf("glossary explains suppression as %q", g)
	}
	if !strings.HasSuffix(m.Headlines[0].Text, " Since January circle (the first cycle): 41% → 58%; whether that is more than chance is under “Across all cycles”.") {
		t.Errorf("class headline %q does not say where the programme started", m.Headlines[0].Text)
	}
	for _, c := range m.Charts {
		for _, h := range c.Head {
			if h == "Participants" {
				t.Errorf("chart %s: column \"Participants\" counts only people who used the words; the header says how many took part", c.ID)
			}
		}
	}
	caveats := strings.Join(m.Caveats, "\n")
	for _, want := range []string{"blame aimed at structures (no site named)", "blame aimed at structures in origin stories (all sites)"} {
		if !strings.Contains(caveats, want) {
			t.Errorf("caveats lack %q:\n%s", want, caveats)
		}
	}
	for _, bad := range []string{"()", "story structural", "story_"} {
		if strings.Contains(caveats, bad) {
			t.Errorf("caveats show %q:\n%s", bad, caveats)
		}
	}
}

func TestNoQuotes(t *testing.T) {
	h, md, _ := Render(fakeInput(), Options{NoQuotes: true})
	if bytes.Contains(h, []byte("<blockquote")) || bytes.Contains(md, []byte("\n> ")) || bytes.Contains(h, []byte("In their words")) {
		t.Error("--no-quotes report still has quotes")
	}
	in := fakeInput()
	in.TextPolicy = "none"
	h, _, _ = Render(in, Options{})
	if !bytes.Contains(h, []byte("--text none")) {
		t.Error("a dataset without text should say why there are no quotes")
	}
}

func TestUnknownCycle(t *testing.T) {
	_, _, err := Render(fakeInput(), Options{Cycle: "2027-01"})
	var uc *ErrUnknownCycle
	if !errors.As(err, &uc) || !strings.Contains(err.Error(), "2026-01, 2026-02, 2026-03") {
		t.Fatalf("err = %v, want an ErrUnknownCycle listing the cycles", err)
	}
}

func TestEmptyInput(t *testing.T) {
	h, md, err := Render(Input{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(md, []byte("No measures for this cycle.")) {
		t.Errorf("empty report:\n%s", md)
	}
	checkHTML(t, h)
}

// checkHTML parses the page with an HTML5 parser and checks that it loads
// nothing from anywhere (no src, no href other than in-page anchors, no
// scripts, no url() in styles), and that every chart has a title and a
// description wired to aria-labelledby.
func checkHTML(t *testing.T, page []byte) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatalf("HTML does not parse: %v", err)
	}
	ids := map[string]int{}
	var svgs []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch a.Key {
				case "src", "srcset", "xlink:href", "action", "formaction", "poster", "data":
					t.Errorf("<%s %s=%q>: the report must not load anything", n.Data, a.Key, a.Val)
				case "href":
					if !strings.HasPrefix(a.Val, "#") {
						t.Errorf("<%s href=%q>: only in-page links are allowed", n.Data, a.Val)
					}
				case "id":
					ids[a.Val]++
				case "style":
					if strings.Contains(a.Val, "url(") {
						t.Errorf("<%s style=%q> loads a resource", n.Data, a.Val)
					}
				}
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("<%s %s>: no scripts", n.Data, a.Key)
				}
			}
			switch n.Data {
			case "script", "iframe", "img", "link", "object", "embed", "video", "audio", "image", "use":
				t.Errorf("<%s> element: the report is one self-contained page without scripts or loaded resources", n.Data)
			case "style":
				if n.FirstChild != nil && (strings.Contains(n.FirstChild.Data, "url(") || strings.Contains(n.FirstChild.Data, "@import")) {
					t.Error("the stylesheet loads a resource")
				}
			case "svg":
				svgs = append(svgs, n)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q is used %d times", id, n)
		}
	}
	for i, s := range svgs {
		var title, desc, marks int
		for c := s.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.Data == "title" && c.FirstChild != nil && strings.TrimSpace(c.FirstChild.Data) != "" {
				title++
			}
			if c.Type == html.ElementNode && c.Data == "desc" && c.FirstChild != nil {
				desc++
			}
		}
		var count func(n *html.Node)
		count = func(n *html.Node) {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					switch c.Data {
					case "path", "rect", "circle", "polygon", "polyline":
						marks++
					}
					count(c)
				}
			}
		}
		count(s)
		if title != 1 || desc != 1 {
			t.Errorf("svg %d has %d <title> and %d <desc> children, want one of each", i, title, desc)
		}
		if marks == 0 {
			t.Errorf("svg %d draws nothing", i)
		}
		if attr(s, "role") != "img" {
			t.Errorf("svg %d lacks role=\"img\"", i)
		}
		for _, id := range strings.Fields(attr(s, "aria-labelledby")) {
			if ids[id] != 1 {
				t.Errorf("svg %d: aria-labelledby names %q, which is not one element", i, id)
			}
		}
		if attr(s, "aria-labelledby") == "" {
			t.Errorf("svg %d lacks aria-labelledby", i)
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestManyCycles renders a year of monthly cycles with long labels and a
// single cycle; set REPORT_DUMP=DIR to write the pages for a look.
func TestManyCycles(t *testing.T) {
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	in := Input{CycleLabels: map[string]string{}}
	for i, m := range months {
		c := "2026-" + strconv.Itoa(100 + i + 1)[1:]
		in.Cycles = append(in.Cycles, c)
		in.CycleLabels[c] = m + " story circle at the community centre"
		est := 0.3 + 0.04*float64(i%5)
		r := table.Drift{Scope: "cycle", Cycle: c, Site: "all", Measure: "class_share", Estimate: f(est), CILow: f(est - .12), CIHigh: f(est + .1), NSpeakers: 8, Verdict: verdictNoChange}
		if i > 0 {
			r.PrevCycle = in.Cycles[i-1]
			r.Change, r.ChangeLow, r.ChangeHigh = f(.04), f(-.1), f(.18)
		}
		if i == 6 {
			r.Suppressed = true
		}
		in.Drift = append(in.Drift, r)
		in.Continuity = append(in.Continuity, table.Continuity{Cycle: c, Site: "all", Present: 8, Returning: 5, New: 3, Lost: 2})
	}
	for name, input := range map[string]Input{"many": in, "one": {Cycles: in.Cycles[:1], CycleLabels: in.CycleLabels, Drift: in.Drift[:1], Continuity: in.Continuity[:1]}} {
		h, _, err := Render(input, Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkHTML(t, h)
		if dir := os.Getenv("REPORT_DUMP"); dir != "" {
			os.MkdirAll(filepath.Join(dir, name), 0o755)
			os.WriteFile(filepath.Join(dir, name, "report.html"), h, 0o644)
		}
	}
}
