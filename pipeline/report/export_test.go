package report

import "reflect"

// CheckHTML lets the external tests check pages with checkHTML.
var CheckHTML = checkHTML

// FocusEqual says whether a and b keep the same of cycle: what LoadFor
// builds while reading and what the report builds from Load's rows.
func FocusEqual(a, b Input, cycle string) bool {
	return reflect.DeepEqual(a.focusOf(cycle), b.focusOf(cycle))
}

// FocusSentences returns the quotable sentences in keeps of cycle, with
// the document and turn each is from.
func FocusSentences(in Input, cycle string) (docs []string, turns []int32, texts []string) {
	fc := in.focusOf(cycle)
	for _, s := range fc.sents {
		t := fc.qturns[s.turn]
		docs, turns, texts = append(docs, t.doc), append(turns, t.turn), append(texts, s.text)
	}
	return docs, turns, texts
}
