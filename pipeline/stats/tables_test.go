package stats

import (
	"fmt"
	"math"
	"testing"

	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/lexicon"
)

func TestContinuity(t *testing.T) {
	// A: c1 c2 c3; B: c1 _ c3 (rejoins); C: c2 only; D: c3 only.
	c := tiny([][4]any{
		{"c1", "A", 1, 0}, {"c1", "B", 1, 0},
		{"c2", "A", 1, 0}, {"c2", "C", 1, 0},
		{"c3", "A", 1, 0}, {"c3", "B", 1, 0}, {"c3", "D", 1, 0},
	})
	got := ""
	for _, r := range Continuity(c, []string{"c1", "c2", "c3"}) {
		got += fmt.Sprintf("%s/%s prev=%s present=%d returning=%d new=%d rejoined=%d lost=%d\n", r.Cycle, r.Site, r.PrevCycle, r.Present, r.Returning, r.New, r.Rejoined, r.Lost)
	}
	want := `c1/all prev= present=2 returning=0 new=2 rejoined=0 lost=0
c2/all prev=c1 present=2 returning=1 new=1 rejoined=0 lost=1
c3/all prev=c2 present=3 returning=1 new=1 rejoined=1 lost=1
`
	if got != want {
		t.Errorf("got\n%swant\n%s", got, want)
	}
}

func TestParticipants(t *testing.T) {
	c := tiny([][4]any{
		{"c1", "A", 1, 5}, {"c2", "A", 2, 2}, {"c3", "A", 6, 1}, // identity -> class: flipped
		{"c1", "B", 1, 1}, {"c3", "B", 4, 4}, // too little in c1; one usable cycle
	})
	// A facilitator's prompts are not framing evidence: the row stays (one
	// row per speaker and role) but without shares.
	for _, cy := range []string{"c1", "c3"} {
		k := aggregate.Key{Cycle: cy, Site: "s", Speaker: "F", Role: "facilitator"}
		c.Cells[k] = &aggregate.Cell{Key: k, Tokens: 100, Hits: []int64{8, 0}, HitsAll: []int64{8, 0}, NarrativeHits: []int64{0, 0}, FramedSentences: []int64{8, 0}}
	}
	rows := Participants(c, []string{"c1", "c2", "c3"})
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	if f := rows[2]; f.Speaker != "F" || f.Role != "facilitator" || f.CyclesAttended != 2 || f.Tokens != 200 ||
		f.ShareFirst != nil || f.ShareLast != nil || f.DominantFirst != "" || f.DominantLast != "" || f.Flipped {
		t.Errorf("facilitator row should keep attendance but no framing: %+v", f)
	}
	rows = rows[:2]
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	a, b := rows[0], rows[1]
	if a.Speaker != "A" || a.CyclesAttended != 3 || a.FirstCycle != "c1" || a.LastCycle != "c3" || a.Tokens != 300 {
		t.Errorf("A: %+v", a)
	}
	if a.ShareFirst == nil || math.Abs(*a.ShareFirst-1.0/6) > 1e-12 || a.ShareLast == nil || math.Abs(*a.ShareLast-6.0/7) > 1e-12 {
		t.Errorf("A shares %v %v", a.ShareFirst, a.ShareLast)
	}
	if a.DominantFirst != "identity" || a.DominantLast != "class" || !a.Flipped {
		t.Errorf("A dominance %q %q %v", a.DominantFirst, a.DominantLast, a.Flipped)
	}
	if b.CyclesAttended != 2 || b.ShareFirst == nil || *b.ShareFirst != 0.5 || b.ShareLast != nil || b.DominantFirst != "" || b.Flipped {
		t.Errorf("B: %+v", b)
	}
}

func labelledCounts() *aggregate.Counts {
	c := tiny(nil)
	c.Labels = []lexicon.Label{
		{Dimension: "framing", Category: "class", Entry: "rent", Dim: 0, Cat: 0},
		{Dimension: "framing", Category: "identity", Entry: "heritage", Dim: 0, Cat: 1},
	}
	c.Entries = map[aggregate.EntryKey]int64{
		{Cycle: "c1", Site: "north", Label: 0}: 3,
		{Cycle: "c2", Site: "south", Label: 0}: 1,
		{Cycle: "c2", Site: "north", Label: 1}: 4,
		{Cycle: "c2", Site: "south", Label: 1}: 2,
	}
	for _, s := range []string{"north", "south"} {
		k := aggregate.Key{Cycle: "c1", Site: s, Speaker: "X" + s, Role: "participant"}
		c.Cells[k] = &aggregate.Cell{Key: k, Tokens: 10, Hits: []int64{0, 0}, HitsAll: []int64{0, 0}, NarrativeHits: []int64{0, 0}, FramedSentences: []int64{0, 0}}
	}
	c.Words = map[string]map[string]int64{
		"c1": {"rent": 30, "the": 100, "maria": 20},
		"c2": {"rent": 5, "the": 100, "heritage": 25, "maria": 1},
	}
	return c
}

func TestDiffusion(t *testing.T) {
	got := ""
	for _, r := range Diffusion(labelledCounts(), []string{"c1", "c2", "c3"}) {
		got += fmt.Sprintf("%s %s first=%q %s n=%d adopted=%d/%d any=%s\n", r.Entry, r.Site, r.FirstCycle, r.Cycle, r.Count, r.SitesAdopted, r.SitesTotal, r.FirstSiteCycle)
	}
	want := `rent north first="c1" c1 n=3 adopted=1/2 any=c1
rent north first="c1" c2 n=0 adopted=2/2 any=c1
rent north first="c1" c3 n=0 adopted=2/2 any=c1
rent south first="c2" c1 n=0 adopted=1/2 any=c1
rent south first="c2" c2 n=1 adopted=2/2 any=c1
rent south first="c2" c3 n=0 adopted=2/2 any=c1
heritage north first="c2" c2 n=4 adopted=2/2 any=c2
heritage north first="c2" c3 n=0 adopted=2/2 any=c2
heritage south first="c2" c2 n=2 adopted=2/2 any=c2
heritage south first="c2" c3 n=0 adopted=2/2 any=c2
`
	if got != want {
		t.Errorf("got\n%swant\n%s", got, want)
	}
}

func TestKeyness(t *testing.T) {
	c := labelledCounts()
	rows := Keyness(c, []string{"c1", "c2"}, KeynessOptions{A0: 100, Exclude: func(w string) bool { return w == "maria" }})
	var prevRent, wordRent bool
	for _, r := range rows {
		if r.Term == "maria" {
			t.Errorf("excluded word in table: %+v", r)
		}
		if r.Cycle == "c2" && r.Reference == "previous" && r.Kind == "entry" && r.Term == "rent" {
			prevRent = true
			// Entries: c2 has 1 rent of 7 entry hits, c1 3 of 3; pooled
			// rent 4 of 10, so alpha = 100*4/10 = 40.
			d, z := LogOdds(1, 7, 3, 3, 40, 100)
			if r.Count != 1 || r.CountRef != 3 || r.RefCycle != "c1" || !near(r.LogOdds, d, 1e-12) || !near(r.Z, z, 1e-12) || r.Z >= 0 {
				t.Errorf("rent entry row %+v, want delta %v z %v", r, d, z)
			}
		}
		if r.Cycle == "c1" && r.Reference == "others" && r.Kind == "word" && r.Term == "rent" {
			wordRent = true
			if r.Z <= 0 {
				t.Errorf("rent should be key for c1: %+v", r)
			}
		}
	}
	if !prevRent || !wordRent {
		t.Errorf("rows missing: %v %v (%d rows)", prevRent, wordRent, len(rows))
	}
}

func TestTrimEnds(t *testing.T) {
	rows := Keyness(labelledCounts(), []string{"c1", "c2"}, KeynessOptions{TopWords: 1})
	n := 0
	for _, r := range rows {
		if r.Kind == "word" && r.Cycle == "c2" && r.Reference == "previous" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("TopWords 1 kept %d words, want 2 (one per end)", n)
	}
}
