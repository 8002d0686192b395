package transcript

import (
	"regexp"
	"strings"
)

// Stage notes and inline timestamps: [crosstalk], [applause], [00:12:03],
// (laughs), (inaudible 00:12), (00:12), 00:12:03.250. Each counts once.
// The patterns are applied one after the other; the first two start with a
// literal byte, which lets regexp skip to candidates quickly.
var (
	bracketNoteRE = regexp.MustCompile(`\[[^\[\]\n]{1,60}\]`)
	parenNoteRE   = regexp.MustCompile(`\((?:(?i:laugh|applause|crosstalk|inaudible|unintelligible|pause|sigh|cough|silence|overlapping|music|cheer|booing|indistinct)[^()\n]{0,40}|\s*` + clockPat + `\s*)\)`)
	clockRE       = regexp.MustCompile(`\b` + clockPat + `\b`)
)

// Clean removes stage notes and timestamps from a turn's text and collapses
// white space. It returns the cleaned text and how many items it removed.
func Clean(s string) (string, int) {
	n := 0
	count := func(string) string { n++; return " " }
	if strings.IndexByte(s, '[') >= 0 {
		s = bracketNoteRE.ReplaceAllStringFunc(s, count)
	}
	if strings.IndexByte(s, '(') >= 0 {
		s = parenNoteRE.ReplaceAllStringFunc(s, count)
	}
	if strings.IndexByte(s, ':') >= 0 {
		s = clockRE.ReplaceAllStringFunc(s, count)
	}
	return strings.Join(strings.Fields(s), " "), n
}
