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
// one space, no space at either end. Text that is already like that but
// for white space at its ends (most turns) is returned as a substring of
// s, without allocating; other text is copied a word at a time from the
// first byte that differs.
func collapseSpace(s string) string {
	s = strings.TrimSpace(s) // the white space of strings.Fields
	i := collapsedUpTo(s)
	if i == len(s) {
		return s
	}
	// s[:i] is collapsed, and s[i] is white space: a second space, or
	// white space other than ' '. s[0] is not white space, so i > 0.
	if s[i-1] == ' ' {
		i--
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		i = wordAt(s, i, false) // the white space
		if i == len(s) {
			break
		}
		j := wordAt(s, i, true)
		b.WriteByte(' ')
		b.WriteString(s[i:j])
		i = j
	}
	return b.String()
}

// wordAt returns the end of the run of bytes at s[i:] that are (word) or
// are not (!word) white space.
func wordAt(s string, i int, word bool) int {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] == word {
				return i
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) == word {
			return i
		}
		i += w
	}
	return i
}

// collapsedUpTo returns the length of the longest prefix of s whose white
// space is single ' ' bytes after other bytes, as in collapsed text. It
// looks at eight ASCII bytes at a time: most turns are such text, and a
// loop over bytes was 2% of a run.
func collapsedUpTo(s string) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	prevSpace := true // a space at the start is not allowed
	i := 0
	for i < len(s) {
		if i+8 <= len(s) {
			w := load64(s, i)
			// All eight bytes ASCII, none below ' ' (which takes the
			// white space other than ' ').
			if w&highs == 0 && (w-0x20*ones)&^w&highs == 0 {
				x := w ^ 0x20*ones
				sp := ^((x&(0x7f*ones) + 0x7f*ones) | x) & highs // the high bit of each ' '
				if sp&(sp<<8) == 0 && !(prevSpace && sp&0x80 != 0) {
					prevSpace = sp>>63 != 0
					i += 8
					continue
				}
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] {
				if c != ' ' || prevSpace {
					return i
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
			return i
		}
		prevSpace = false
		i += w
	}
	return i
}

// load64 returns the eight bytes at s[i:] as a little-endian uint64 (one
// load where the compiler can).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
