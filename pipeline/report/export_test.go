package report

import "reflect"

// CheckHTML lets the external tests check pages with checkHTML.
var CheckHTML = checkHTML

// FeedFocusRows gives a FocusRows a cycle's rows a document at a time, as
// drift run does (feedFocusRows), for the external benchmarks.
var FeedFocusRows = feedFocusRows

// FocusEqual says whether a and b keep the same of cycle: what LoadFor
// builds while reading and what the report builds from Load's rows.
func FocusEqual(a, b Input, cycle string) bool {
	heads := headRows(rowIndex(a.Drift), cycle)
	return reflect.DeepEqual(a.focusFor(cycle, heads), b.focusFor(cycle, heads))
}

// FocusCandidates returns, for each quote group, the document, turn and
// text of the candidates in keeps of cycle.
func FocusCandidates(in Input, cycle string) (docs [][]string, turns [][]int32, texts [][]string) {
	fc := in.focusFor(cycle, headRows(rowIndex(in.Drift), cycle))
	for _, g := range fc.groups {
		var ds, ts []string
		var ns []int32
		for _, c := range g {
			ds, ns, ts = append(ds, c.doc), append(ns, c.turn), append(ts, c.text)
		}
		docs, turns, texts = append(docs, ds), append(turns, ns), append(texts, ts)
	}
	return docs, turns, texts
}
