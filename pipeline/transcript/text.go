package transcript

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// clockPat is an inline clock time such as 12:03, 00:12:03 or 00:12:03.250.
const clockPat = `\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?`

// headRE matches a line that holds only a speaker name and a time, with the
// speech on the lines after it, as transcription services export it:
// "Maria Lopez  0:45" or "Speaker 1 (00:01:02)".
var headRE = regexp.MustCompile(`^\s*([\p{Lu}][\p{L}\p{M}\p{N}.'’_\- ]{0,48}?)\s+([\[(]?` + clockPat + `[\])]?)\s*$`)

// notSpeakers are labels that look like speaker tags but head metadata lines.
var notSpeakers = map[string]bool{
	"note": true, "notes": true, "nb": true, "summary": true, "agenda": true, "date": true, "time": true,
	"location": true, "place": true, "venue": true, "present": true, "attendees": true, "absent": true,
	"apologies": true, "transcript": true, "title": true, "subject": true, "re": true, "topic": true,
	"duration": true, "recording": true, "cycle": true, "site": true, "facilitators": true,
	"participants": true, "speakers": true, "action": true, "actions": true, "decision": true,
	"decisions": true, "http": true, "https": true, "source": true, "warning": true, "update": true,
}

// nameParticles may be lower case inside a name ("Ana de la Cruz").
var nameParticles = map[string]bool{
	"de": true, "del": true, "della": true, "der": true, "den": true, "la": true, "le": true, "da": true,
	"das": true, "dos": true, "do": true, "van": true, "von": true, "bin": true, "binti": true, "al": true,
	"el": true, "y": true, "e": true, "di": true, "du": true, "ter": true, "ten": true,
}

// matchTag finds a speaker tag at the start of line: "Maria:", "MARIA LOPEZ:",
// "J.E.:", "Q:", "**Maria:**", "**Maria**:", "Dr. Ana Ruiz:", "Speaker 1:",
// "[00:01:02] Maria:", "Maria (00:01:02):". It returns the name and the
// rest of the line (with any timestamp kept in front, so that cleaning
// counts it). A line is a tag only when it has a colon in its first 128
// bytes.
func matchTag(line string) (name, rest string, ok bool) {
	head := line
	if len(head) > 128 {
		head = head[:128]
	}
	if !tagColon(head) { // fast path: most lines cannot start with a tag
		return "", "", false
	}
	m, ok := scanTag(line)
	if !ok {
		return "", "", false
	}
	name = strings.TrimSpace(line[m.name:m.nameEnd])
	if !plausibleName(name) {
		return "", "", false
	}
	rest = line[m.end:]
	if ts := strings.TrimSpace(line[m.clock:m.clockEnd] + " " + line[m.clock2:m.clock2End]); ts != "" {
		rest = ts + " " + rest
	}
	return name, rest, true
}

// tagColon reports whether head (the start of a line) may start with a
// speaker tag: whether it has a colon before its first byte that a tag
// cannot hold before its colon. That is any ASCII byte but letters,
// digits, white space and [ ] ( ) : . ' - _ * >, and a comma not between
// two digits (one may stand in a clock, "00:01:02,250"); all of a name's
// characters are letters, digits, marks and . ' ’ _ - or space.
func tagColon(head string) bool {
	for i := 0; i < len(head); i++ {
		c := head[i]
		switch {
		case c == ':':
			return true
		case c >= utf8.RuneSelf, tagByte[c]:
		case c == ',' && i > 0 && i+1 < len(head) && isDigit(head[i-1]) && isDigit(head[i+1]):
		default:
			return false
		}
	}
	return false
}

// tagByte marks the ASCII bytes a tag may hold before its colon (the
// comma, allowed only inside a clock, apart).
var tagByte = func() (t [utf8.RuneSelf]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(" \t\n\v\f\r[]().'-_*>", byte(c)) >= 0
	}
	return t
}()

// tagMatch holds the byte offsets of a speaker tag in its line: the
// clock before the name ([clock, clockEnd), possibly empty), the name,
// the bracketed clock after it, and the end of the tag.
type tagMatch struct {
	clock, clockEnd, name, nameEnd, clock2, clock2End, end int
}

// scanTag matches a speaker tag at the start of s. It finds what the
// regular expression tagRE of the tests finds, with the same groups, in
// the order of Go's regexp (leftmost-first, as Perl backtracks), without
// its cost (a backtracking regexp was 3% of a run):
//
//	^\s*((?:[\[(]?CLOCK[\])]?\s+)?)(?:>>\s*)?(?:\*\*|__)?
//	([\p{Lu}][\p{L}\p{M}\p{N}.'’_\- ]{0,48}?)
//	(?:\*\*|__)?\s*((?:[\[(]CLOCK[\])])?)\s*(?:\*\*|__)?:(?:\*\*|__)?(?:\s+|$)
//
// where CLOCK is clockPat and \s is [\t\n\f\r ]. Every optional part but
// the name's runes is decided by the next bytes alone: whenever an
// optional part can match, the whole pattern cannot match without it
// (what follows it cannot start with what it starts with), and the
// greedy runs of \s are followed by parts that do not start with white
// space (the \s* after the name's "**" gives up only white space the \s*
// after the bracketed clock takes back, which ends where it would have).
// So scanTag takes each such part when it is there, and tries the name's
// lengths, shortest first (the name is lazy), with the rest of the tag
// after each.
func scanTag(s string) (m tagMatch, ok bool) {
	i := skipTagSpace(s, 0)
	m.clock, m.clockEnd = i, i
	j := i
	if j < len(s) && (s[j] == '[' || s[j] == '(') {
		j++
	}
	if j, ok := clockAt(s, j); ok {
		if j < len(s) && (s[j] == ']' || s[j] == ')') {
			j++
		}
		if k := skipTagSpace(s, j); k > j {
			i, m.clockEnd = k, k
		}
	}
	if strings.HasPrefix(s[i:], ">>") {
		i = skipTagSpace(s, i+2)
	}
	i = skipEmphasis(s, i)
	m.name = i
	r, w := utf8.DecodeRuneInString(s[i:])
	if !isUpperTag(r) {
		return m, false
	}
	i += w
	for n := 0; ; n++ {
		if m.clock2, m.clock2End, m.end, ok = tagEnd(s, i); ok {
			m.nameEnd = i
			return m, true
		}
		if n == 48 {
			return m, false
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if w == 0 || !isNameRune(r) {
			return m, false
		}
		i += w
	}
}

// tagEnd matches what follows a tag's name at s[i:]:
// (?:\*\*|__)?\s*((?:[\[(]CLOCK[\])])?)\s*(?:\*\*|__)?:(?:\*\*|__)?(?:\s+|$).
// It returns the bracketed clock's bounds (equal when there is none) and
// the end of the match.
func tagEnd(s string, i int) (clock, clockEnd, end int, ok bool) {
	i = skipTagSpace(s, skipEmphasis(s, i))
	clock, clockEnd = i, i
	if i < len(s) && (s[i] == '[' || s[i] == '(') {
		if j, ok := clockAt(s, i+1); ok && j < len(s) && (s[j] == ']' || s[j] == ')') {
			i, clockEnd = j+1, j+1
		}
	}
	i = skipEmphasis(s, skipTagSpace(s, i))
	if i >= len(s) || s[i] != ':' {
		return 0, 0, 0, false
	}
	i = skipEmphasis(s, i+1)
	if i == len(s) {
		return clock, clockEnd, i, true
	}
	if j := skipTagSpace(s, i); j > i {
		return clock, clockEnd, j, true
	}
	return 0, 0, 0, false
}

// clockAt matches clockPat at s[i:] and returns where the match ends.
// Each optional part is taken when it is there: the parts that may follow
// a clock in a tag (a bracket, white space) cannot start with what they
// start with.
func clockAt(s string, i int) (int, bool) {
	digits := func(i, n int) bool { // n ASCII digits at s[i:]
		if i+n > len(s) {
			return false
		}
		for k := i; k < i+n; k++ {
			if !isDigit(s[k]) {
				return false
			}
		}
		return true
	}
	if !digits(i, 1) {
		return 0, false
	}
	i++
	if digits(i, 1) {
		i++
	}
	if i >= len(s) || s[i] != ':' || !digits(i+1, 2) {
		return 0, false
	}
	i += 3
	if i < len(s) && s[i] == ':' && digits(i+1, 2) {
		i += 3
	}
	if i < len(s) && (s[i] == '.' || s[i] == ',') && digits(i+1, 1) {
		i += 2
		for n := 1; n < 3 && digits(i, 1); n++ {
			i++
		}
	}
	return i, true
}

// skipTagSpace returns the end of the run of \s ([\t\n\f\r ], not \v)
// at s[i:].
func skipTagSpace(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case '\t', '\n', '\f', '\r', ' ':
			i++
			continue
		}
		break
	}
	return i
}

// skipEmphasis skips a Markdown "**" or "__" at s[i:].
func skipEmphasis(s string, i int) int {
	if i+1 < len(s) && (s[i] == '*' || s[i] == '_') && s[i+1] == s[i] {
		return i + 2
	}
	return i
}

// isUpperTag is \p{Lu}, the first rune of a tag's name.
func isUpperTag(r rune) bool {
	if r < utf8.RuneSelf {
		return 'A' <= r && r <= 'Z'
	}
	return unicode.Is(unicode.Lu, r)
}

// isNameRune is [\p{L}\p{M}\p{N}.'’_\- ], the other runes of a tag's name.
func isNameRune(r rune) bool {
	if r < utf8.RuneSelf {
		return nameByte[r]
	}
	return r == '’' || unicode.In(r, unicode.L, unicode.M, unicode.N)
}

var nameByte = func() (t [utf8.RuneSelf]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(".'_- ", byte(c)) >= 0
	}
	return t
}()

// plausibleName rejects tags that are ordinary sentence starts ("Note that
// the rent: ..."): at most six words, each capitalised, a number, an initial
// or a particle such as "de" or "van" inside the name.
func plausibleName(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 6 {
		return false
	}
	if notSpeakers[strings.ToLower(s)] {
		return false
	}
	for i, w := range f {
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case unicode.IsUpper(r), unicode.IsDigit(r):
		case i > 0 && i < len(f)-1 && nameParticles[w]:
		default:
			return false
		}
	}
	return true
}

// titleWords are titles that transcripts wrap onto the end of the line
// before a speaker tag ("... by Senator Kennedy. SENATOR\nJOHN KENNEDY:").
var titleWords = map[string]bool{
	"SENATOR": true, "GOVERNOR": true, "PRESIDENT": true, "VICE": true, "MAYOR": true, "THE": true,
	"CONGRESSMAN": true, "CONGRESSWOMAN": true, "REPRESENTATIVE": true, "SECRETARY": true, "GENERAL": true,
	"ADMIRAL": true, "JUDGE": true, "JUSTICE": true, "AMBASSADOR": true, "COUNCILLOR": true, "COUNCILOR": true,
	"COUNCILMEMBER": true, "ALDERMAN": true, "REVEREND": true, "FATHER": true, "SISTER": true, "PASTOR": true,
	"MR.": true, "MRS.": true, "MS.": true, "DR.": true, "SEN.": true, "REP.": true, "GOV.": true,
	"GEN.": true, "PROF.": true, "REV.": true, "HON.": true, "MR": true, "MRS": true, "MS": true, "DR": true,
	"Mr.": true, "Mrs.": true, "Ms.": true, "Dr.": true, "Prof.": true, "Rev.": true,
}

func isCaps(s string) bool {
	hasUpper := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		hasUpper = hasUpper || unicode.IsUpper(r)
	}
	return hasUpper
}

// unwrapName repairs a speaker tag whose start was wrapped onto the end of
// the previous line (the last part of the current turn), as in
// "... first statement. SENATOR" + "JOHN KENNEDY: ...". Up to three words
// are taken off the end of that line and dropped: titles ("SENATOR",
// "THE", "Mr.") and a repeat of the tag's first word, so the speaker keeps
// the name of their other turns ("JOHN KENNEDY"). Other words stay in the
// text: on the us-debates corpus, a capitalised word before a one-word tag
// was a role ("AUDIENCE" + "QUESTION:"), never a first name.
func unwrapName(b *builder, name string) string {
	parts := b.last()
	if parts == nil || len(*parts) == 0 || unknownNames[normName(name)] {
		return name
	}
	p := (*parts)[len(*parts)-1]
	caps := isCaps(name)
	first := strings.Fields(name)[0]
	end := len(p)
	for taken := 0; taken < 3; taken++ {
		s := strings.TrimRight(p[:end], " \t")
		i := strings.LastIndexAny(s, " \t")
		w := s[i+1:]
		if w == "" || !(titleWords[w] && caps == isCaps(w) || caps && w == first) {
			break
		}
		end = i + 1
		if i < 0 {
			break
		}
	}
	if end < len(p) {
		(*parts)[len(*parts)-1] = strings.TrimSpace(p[:end])
	}
	return name
}

// parseText parses plain text and Markdown with "Speaker: text" turns. Lines
// without a tag continue the previous turn; text before the first tag is a
// turn of an unknown speaker. Front matter at the top sets metadata.
func parseText(text string, _ []byte) ([]rawTurn, fileMeta, error) {
	meta, body, first, err := frontMatter(text)
	if err != nil {
		return nil, meta, err
	}
	var b builder
	prev := -1 // line index of the last line added to the current turn
	lineNo := first - 1
	for len(body) > 0 {
		lineNo++
		var line string
		if i := strings.IndexByte(body, '\n'); i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			line, body = body, ""
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") || isRule(trimmed) {
			continue
		}
		trimmed = strings.TrimLeft(strings.TrimPrefix(trimmed, ">"), " \t")
		name, rest, ok := matchTag(trimmed)
		if !ok && (strings.HasPrefix(trimmed, "- ") || strings.HasPrefix(trimmed, "* ")) {
			name, rest, ok = matchTag(trimmed[2:]) // a Markdown list of turns
		}
		if ok {
			if prev == lineNo-1 {
				name = unwrapName(&b, name)
			}
			b.start(name, lineNo)
			b.add(rest, lineNo)
			prev = lineNo
			continue
		}
		if m := headMatch(trimmed); m != nil && plausibleName(m[1]) && (strings.ContainsRune(m[1], ' ') || isCaps(m[1])) {
			b.start(strings.TrimSpace(m[1]), lineNo)
			b.add(m[2], lineNo)
			prev = lineNo
			continue
		}
		b.add(trimmed, lineNo)
		prev = lineNo
	}
	return b.done(), meta, nil
}

// headMatch matches headRE, skipping lines that cannot end in a time.
func headMatch(s string) []string {
	if len(s) > 80 || len(s) < 4 {
		return nil
	}
	if c := s[len(s)-1]; c != ')' && c != ']' && (c < '0' || c > '9') {
		return nil
	}
	return headRE.FindStringSubmatch(s)
}

// isRule reports a Markdown horizontal rule or a separator line.
func isRule(s string) bool {
	if len(s) < 3 {
		return false
	}
	c := s[0]
	if c != '-' && c != '*' && c != '_' && c != '=' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] != c && s[i] != ' ' {
			return false
		}
	}
	return true
}
