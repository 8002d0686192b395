package transcript

import (
	"regexp"
	"strings"
)

// noiseRE matches stage notes and inline timestamps: [crosstalk], [applause],
// (laughs), [00:12:03], (00:12), 00:12:03. Each counts once.
var noiseRE = regexp.MustCompile(`(?i)\[[^\[\]\n]{1,60}\]|\((?:laugh|laughs|laughing|laughter|applause|crosstalk|inaudible|unintelligible|pause|pauses|sighs|coughs|cough|silence|overlapping|music|cheers|cheering|booing|indistinct)[^()\n]{0,40}\)|\(\s*\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\s*\)|\b\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\b`)

// Clean removes stage notes and timestamps from a turn's text and collapses
// white space. It returns the cleaned text and how many items it removed.
func Clean(s string) (string, int) {
	n := 0
	s = noiseRE.ReplaceAllStringFunc(s, func(string) string { n++; return " " })
	return strings.Join(strings.Fields(s), " "), n
}
