package transcript

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// clockPat is an inline clock time such as 12:03, 00:12:03 or 00:12:03.250.
const clockPat = `\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?`

// tagRE matches a speaker tag at the start of a line: "Maria:", "MARIA LOPEZ:",
// "J.E.:", "Q:", "**Maria:**", "**Maria**:", "Dr. Ana Ruiz:", "Speaker 1:",
// "[00:01:02] Maria:", "Maria (00:01:02):". Group 1 is a leading
// timestamp, group 2 the name, group 3 a timestamp after the name.
var tagRE = regexp.MustCompile(`^\s*((?:[\[(]?` + clockPat + `[\])]?\s+)?)(?:>>\s*)?(?:\*\*|__)?([\p{Lu}][\p{L}\p{M}\p{N}.'’_\- ]{0,48}?)(?:\*\*|__)?\s*((?:[\[(]` + clockPat + `[\])])?)\s*(?:\*\*|__)?:(?:\*\*|__)?(?:\s+|$)`)

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

// matchTag finds a speaker tag at the start of line. It returns the name
// and the rest of the line (with any timestamp kept in front, so that
// cleaning counts it).
func matchTag(line string) (name, rest string, ok bool) {
	head := line
	if len(head) > 128 {
		head = head[:128]
	}
	if !tagColon(head) { // fast path: most lines cannot start with a tag
		return "", "", false
	}
	m := tagRE.FindStringSubmatchIndex(tagReach(line))
	if m == nil {
		return "", "", false
	}
	name = strings.TrimSpace(line[m[4]:m[5]])
	if !plausibleName(name) {
		return "", "", false
	}
	rest = line[m[1]:]
	if ts := strings.TrimSpace(line[m[2]:m[3]] + " " + line[m[6]:m[7]]); ts != "" {
		rest = ts + " " + rest
	}
	return name, rest, true
}

// tagColon reports whether head (the start of a line) may start with a
// speaker tag: whether it has a colon before its first byte that tagRE
// cannot match before the colon of a tag. That is any ASCII byte but
// letters, digits, white space and [ ] ( ) : . ' - _ * >, and a comma
// not between two digits (one may stand in a clock, "00:01:02,250"); all
// of a name's characters are letters, digits, marks and . ' ’ _ - or
// space. About half of the lines of prose that hold a colon stop at a
// comma or the like before it, and tagRE backtracks on each of them.
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

// tagMaxSolid bounds the bytes other than white space (\s: tab, line
// feed, form feed, carriage return, space) that a match of tagRE holds:
// a bracketed clock (14) and ">>" before the name, "**" around it, the
// name (49 runes of at most 4 bytes), a bracketed clock after it, "**",
// the colon and "**" after it: 14+2+2+196+2+14+2+1+2 = 235. Every other
// part of a match is white space.
const tagMaxSolid = 235

// tagReach returns the start of line that holds every match of tagRE:
// line up to and including its (tagMaxSolid+1)th byte other than white
// space. No match reaches past that byte, and none can end right after
// it (a match ends in white space or at the end of the line, after at
// most tagMaxSolid such bytes), so tagRE finds the same match, with the
// same groups, in the start as in the whole line. Go's regexp clears
// memory in proportion to its input before matching, which on a long
// paragraph with a colon near its start cost more than the match.
func tagReach(line string) string {
	solid := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\t', '\n', '\f', '\r', ' ':
			continue
		}
		if solid++; solid > tagMaxSolid {
			return line[:i+1]
		}
	}
	return line
}

// tagByte marks the ASCII bytes tagRE may match before a tag's colon
// (the comma, allowed only inside a clock, apart).
var tagByte = func() (t [utf8.RuneSelf]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(" \t\n\v\f\r[]().'-_*>", byte(c)) >= 0
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
