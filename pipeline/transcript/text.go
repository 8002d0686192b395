package transcript

import (
	"regexp"
	"strings"
)

// tagRE matches a speaker tag at the start of a line: "Maria:", "MARIA LOPEZ:",
// "J.E.:", "Q:", "**Maria:**", "Dr. Ana Ruiz:".
var tagRE = regexp.MustCompile(`^\s*(?:\*\*)?([\p{Lu}][\p{L}\p{M}.'’\- ]{0,48}?)(?:\*\*)?\s*:(?:\*\*)?(?:\s+|$)`)

// parseText parses plain text and Markdown with "Speaker: text" turns. Lines
// without a tag continue the previous turn; text before the first tag is a
// turn of an unknown speaker.
func parseText(text string, _ []byte) ([]rawTurn, fileMeta, error) {
	var meta fileMeta
	lines := strings.Split(text, "\n")
	var turns []rawTurn
	var cur *rawTurn
	for i, line := range lines {
		ln := i + 1
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") || trimmed == "---" {
			continue
		}
		if m := tagRE.FindStringSubmatchIndex(line); m != nil && plausibleName(line[m[2]:m[3]]) {
			turns = append(turns, rawTurn{name: strings.TrimSpace(line[m[2]:m[3]]), text: line[m[1]:], line: ln})
			cur = &turns[len(turns)-1]
			continue
		}
		if cur == nil {
			turns = append(turns, rawTurn{text: trimmed, line: ln})
			cur = &turns[len(turns)-1]
			continue
		}
		cur.text += " " + trimmed
	}
	return turns, meta, nil
}

// plausibleName rejects tags that are ordinary sentence starts ("Note that
// the rent: ..."): at most five words, each capitalised or an initial.
func plausibleName(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 5 {
		return false
	}
	for _, w := range f {
		r := []rune(w)
		if len(r) == 0 || !(r[0] >= 'A' && r[0] <= 'Z' || r[0] > 127) {
			return false
		}
	}
	return true
}
