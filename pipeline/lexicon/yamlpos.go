package lexicon

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// yaml.v3 reports a syntax error as the string "yaml: line N: problem"
// and keeps the positions it knows to itself. N is not the culprit's line:
// yaml.v3 prefers the start of the enclosing construct (the "context mark")
// to the place it noticed the problem, counts it from 1 for scanner errors
// but from 0 for parser errors (so parser errors read one line early), and
// drops the line altogether when the mark is on the first line. A quoted
// string left open runs on until some later quote, so the error can be
// hundreds of lines away. yamlSyntax therefore treats N and the problem as
// clues and finds the culprit in the text itself.

// yamlSyntax turns err, returned by yaml.Unmarshal of data, into the line
// and column of the culprit (both from 1) and a message for the user.
func yamlSyntax(data []byte, err error) (line, col int, msg string) {
	libLine, problem := splitYAMLErr(err)
	lines := splitLines(data)
	sc := scanYAML(lines)

	// A quoted string not closed on its line: the usual cause of an error
	// far from the mistake (and the reported line may be before or after
	// it). Accept the first such quote once closing it there mends the
	// file or moves the first error on past the next line (a string
	// legitimately spread over lines fails that test, since closing it
	// early breaks the line after).
	for i, q := range sc.quotes {
		if i == 20 {
			break
		}
		if quoteIsCulprit(data, lines, q, problem) {
			return q.line, q.col, fmt.Sprintf("%c quote is not closed on its line (YAML read on and then found: %s)", q.char, problem)
		}
	}

	switch {
	case strings.Contains(problem, "tab character"):
		// The construct that started at libLine runs on to a line indented
		// with a tab.
		for _, t := range sc.tabs {
			if t.line >= libLine {
				return t.line, t.col, problem + " (indent with spaces, not tabs)"
			}
		}
	case strings.HasPrefix(problem, "did not find expected ',' or "):
		// A flow sequence or mapping never closed: report its bracket,
		// the innermost one left open.
		want := byte('[')
		if strings.HasSuffix(problem, "'}'") {
			want = '{'
		}
		for i := len(sc.open) - 1; i >= 0; i-- {
			if b := sc.open[i]; b.char == want {
				return b.line, b.col, fmt.Sprintf("%c is never closed (%s)", want, problem)
			}
		}
	}

	// Otherwise the culprit is the first line whose inclusion gives the
	// same error: parse growing prefixes from the start of the enclosing
	// construct.
	line = prefixCulprit(lines, libLine, problem)
	if line == 0 {
		line = min(libLine, len(lines))
	}
	return line, culpritCol(lines[line-1], problem), problem
}

// splitYAMLErr splits a yaml.v3 error into its line (1 when there is
// none) and its problem.
func splitYAMLErr(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if strings.HasPrefix(msg, "line ") {
		if i := strings.Index(msg, ": "); i >= 0 {
			fmt.Sscanf(msg, "line %d", &line)
			msg = msg[i+2:]
		}
	}
	if line < 1 {
		line = 1
	}
	return line, msg
}

// splitLines splits data into lines without their line ends; there is
// always at least one line.
func splitLines(data []byte) [][]byte {
	lines := bytes.Split(data, []byte("\n"))
	if len(lines) > 1 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		lines[i] = bytes.TrimSuffix(l, []byte("\r"))
	}
	return lines
}

// lineEnd returns the offset in data just past line n (from 1) and its
// line end.
func lineEnd(data []byte, n int) int {
	off := 0
	for i := 0; i < n; i++ {
		j := bytes.IndexByte(data[off:], '\n')
		if j < 0 {
			return len(data)
		}
		off += j + 1
	}
	return off
}

// mark is a character of interest at a line and column (both from 1).
type mark struct {
	line, col int
	char      byte
	off       int // byte offset of char within its line
}

func newMark(lines [][]byte, i, off int) mark {
	return mark{line: i + 1, col: utf8.RuneCount(lines[i][:off]) + 1, char: lines[i][off], off: off}
}

// yamlScan is what scanYAML found.
type yamlScan struct {
	quotes []mark // quotes opening a string not closed on the same line
	tabs   []mark // the first tab in the indentation of a block line
	open   []mark // flow brackets never closed
}

// scanYAML reads lines the way a YAML scanner tokenises them, closely
// enough to find quotes, tabs and brackets; it never fails.
func scanYAML(lines [][]byte) yamlScan {
	var s yamlScan
	var inQuote byte // the quote of a string running on from an earlier line
	block := -1      // indentation of a block scalar's parent line, or -1
	for i, l := range lines {
		p := 0
		indent := 0
		for indent < len(l) && (l[indent] == ' ' || l[indent] == '\t') {
			indent++
		}
		if block >= 0 {
			if indent == len(l) || indent > block {
				continue // block scalar content
			}
			block = -1
		}
		if inQuote != 0 {
			end := closeQuote(l, 0, inQuote)
			if end < 0 {
				continue
			}
			inQuote = 0
			p = end
		} else {
			p = indent
			if len(s.open) == 0 && p < len(l) && l[p] != '#' {
				if t := bytes.IndexByte(l[:indent], '\t'); t >= 0 {
					s.tabs = append(s.tabs, newMark(lines, i, t))
				}
			}
		}
		for p < len(l) {
			c := l[p]
			switch {
			case c == ' ' || c == '\t':
				p++
			case c == '#' && (p == 0 || l[p-1] == ' ' || l[p-1] == '\t'):
				p = len(l)
			case c == '"' || c == '\'':
				end := closeQuote(l, p+1, c)
				if end < 0 {
					s.quotes = append(s.quotes, newMark(lines, i, p))
					inQuote = c
					p = len(l)
				} else {
					p = end
				}
			case c == '[' || c == '{':
				s.open = append(s.open, newMark(lines, i, p))
				p++
			case c == ']' || c == '}':
				if n := len(s.open); n > 0 && s.open[n-1].char == c-2 { // '['+2 == ']', '{'+2 == '}'
					s.open = s.open[:n-1]
				}
				p++
			case c == ',':
				p++
			case (c == '-' || c == '?' || c == ':') && (p+1 == len(l) || l[p+1] == ' ' || l[p+1] == '\t'):
				p++
			case (c == '|' || c == '>') && len(s.open) == 0:
				block = indent
				p = len(l)
			default:
				p = plainEnd(l, p, len(s.open) > 0)
			}
		}
	}
	return s
}

// closeQuote returns the offset just past the quote q closing a string
// that continues at l[p:], or -1 when the string runs past the line.
func closeQuote(l []byte, p int, q byte) int {
	for ; p < len(l); p++ {
		switch {
		case q == '"' && l[p] == '\\':
			p++ // skip the escaped character
		case l[p] == q && q == '\'' && p+1 < len(l) && l[p+1] == '\'':
			p++ // '' is an escaped '
		case l[p] == q:
			return p + 1
		}
	}
	return -1
}

// plainEnd returns where a plain (unquoted) scalar starting at l[p] ends:
// at ": ", " #", the line end, or in a flow collection ",[]{}".
func plainEnd(l []byte, p int, flow bool) int {
	for p++; p < len(l); p++ {
		c := l[p]
		switch {
		case c == ':' && (p+1 == len(l) || l[p+1] == ' ' || l[p+1] == '\t' || flow && strings.IndexByte(",[]{}", l[p+1]) >= 0):
			return p
		case c == '#' && (l[p-1] == ' ' || l[p-1] == '\t'):
			return p
		case flow && strings.IndexByte(",[]{}", c) >= 0:
			return p
		}
	}
	return p
}

// quoteIsCulprit reports whether closing the string opened at q at the end
// of its line mends data or moves its first error past the next line.
func quoteIsCulprit(data []byte, lines [][]byte, q mark, problem string) bool {
	at := lineEnd(data, q.line-1) + len(lines[q.line-1])
	fixed := make([]byte, 0, len(data)+1)
	fixed = append(fixed, data[:at]...)
	fixed = append(fixed, q.char)
	fixed = append(fixed, data[at:]...)
	var root yaml.Node
	err := yaml.Unmarshal(fixed, &root)
	if err == nil {
		return true
	}
	if problem == "found unexpected end of stream" {
		// Only a quoted string reaches the end of the file unclosed.
		return true
	}
	line, _ := splitYAMLErr(err)
	return line > q.line+1
}

// prefixCulprit returns the first line n from libLine on (looking at most
// a few hundred lines ahead) such that the text up to and including line
// n fails to parse with problem, or 0.
func prefixCulprit(lines [][]byte, libLine int, problem string) int {
	var b []byte
	for i := 0; i < len(lines) && i < libLine+300; i++ {
		b = append(b, lines[i]...)
		b = append(b, '\n')
		if i+1 < libLine {
			continue
		}
		var root yaml.Node
		if err := yaml.Unmarshal(b, &root); err != nil {
			if _, p := splitYAMLErr(err); p == problem {
				return i + 1
			}
		}
	}
	return 0
}

// culpritCol returns the column (from 1) of the likely culprit of problem
// on line l: for a misplaced ':' or a character that cannot start a
// token, that character; otherwise the first non-blank character.
func culpritCol(l []byte, problem string) int {
	p := 0
	for p < len(l) && (l[p] == ' ' || l[p] == '\t') {
		p++
	}
	first := p
	switch problem {
	case "mapping values are not allowed in this context":
		// The second ": " on the line; the first is the key's.
		seen := false
		for q := p; q < len(l); q++ {
			if l[q] == ':' && (q+1 == len(l) || l[q+1] == ' ') {
				if seen || q == len(l)-1 {
					p = q
					break
				}
				seen = true
			}
		}
		if p == first {
			if q := bytes.IndexByte(l[first:], ':'); q >= 0 {
				p = first + q
			}
		}
	case "found character that cannot start any token":
		if q := bytes.IndexAny(l[first:], "@`\t"); q >= 0 {
			p = first + q
		}
	}
	if p >= len(l) {
		p = first
	}
	return utf8.RuneCount(l[:p]) + 1
}
