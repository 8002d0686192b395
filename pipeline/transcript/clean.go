package transcript

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Stage notes and inline timestamps: [crosstalk], [applause], [00:12:03],
// (laughs), (inaudible 00:12), (00:12), 00:12:03.250. Each counts once.
// The patterns are applied one after the other; the first two start with a
// literal byte, which lets regexp skip to candidates quickly. The third
// does not (it starts with \b\d), so Go's regexp would try it at every
// byte: Clean runs it only on text that has a digit, a colon and two digits
// in a row, which every match holds (see hasClock).
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
	if hasClock(s) {
		s = clockRE.ReplaceAllStringFunc(s, count)
	}
	return collapseSpace(s), n
}

// hasClock reports whether s holds an ASCII digit, a colon and two ASCII
// digits in a row: every match of clockPat does (\d is ASCII in Go's
// regexp), so text without them cannot match clockRE.
func hasClock(s string) bool {
	for i := 1; i+2 < len(s); i++ {
		k := strings.IndexByte(s[i:len(s)-2], ':')
		if k < 0 {
			return false
		}
		i += k
		if isDigit(s[i-1]) && isDigit(s[i+1]) && isDigit(s[i+2]) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// asciiSpace is the ASCII white space of strings.Fields.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// collapseSpace is strings.Join(strings.Fields(s), " "): words separated by
// one space, no space at either end. Text that is already like that (most
// turns) is returned as it is, without allocating.
func collapseSpace(s string) string {
	if isCollapsed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	word := false // inside a word
	for i := 0; i < len(s); {
		c := s[i]
		w, space := 1, false
		if c < utf8.RuneSelf {
			space = asciiSpace[c]
		} else {
			var r rune
			r, w = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		if space {
			word = false
		} else {
			if !word && b.Len() > 0 {
				b.WriteByte(' ')
			}
			word = true
			b.WriteString(s[i : i+w])
		}
		i += w
	}
	return b.String()
}

// isCollapsed reports whether collapseSpace(s) == s.
func isCollapsed(s string) bool {
	prevSpace := true // a space at the start is not allowed
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] {
				if c != ' ' || prevSpace {
					return false
				}
				prevSpace = true
			} else {
				prevSpace = false
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		prevSpace = false
		i += w
	}
	return !prevSpace || s == ""
}
