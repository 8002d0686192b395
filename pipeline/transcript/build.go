package transcript

import (
	"fmt"
	"strconv"
	"strings"
)

// builder collects raw turns while a parser walks a file. Text is kept in
// parts and joined once at the end, so long turns cost linear time.
type builder struct {
	turns []rawTurn
	parts [][]string
}

// start opens a new turn of name (empty for an unknown speaker) at line.
func (b *builder) start(name string, line int) {
	b.turns = append(b.turns, rawTurn{name: name, line: line})
	b.parts = append(b.parts, nil)
}

// add appends text to the current turn, opening an unknown speaker's turn
// when there is none yet.
func (b *builder) add(text string, line int) {
	if len(b.turns) == 0 {
		b.start("", line)
	}
	if text = strings.TrimSpace(text); text != "" {
		i := len(b.parts) - 1
		b.parts[i] = append(b.parts[i], text)
	}
}

// timed adds a timed piece of speech. When named is false, or the speaker is
// the current turn's speaker, the piece continues the current turn (its end
// time grows); otherwise it opens a new turn. newTurn forces a new turn.
func (b *builder) timed(name string, named, newTurn bool, text string, line int, start, end float64) {
	n := len(b.turns)
	cont := n > 0 && !newTurn && (!named || normName(b.turns[n-1].name) == normName(name))
	if !cont {
		if !named {
			name = ""
		}
		b.start(name, line)
		n = len(b.turns)
		t := &b.turns[n-1]
		t.start, t.end, t.hasTime = start, end, true
	} else {
		t := &b.turns[n-1]
		if !t.hasTime {
			t.start, t.hasTime = start, true
		}
		if end > t.end {
			t.end = end
		}
	}
	b.add(text, line)
}

// last returns the text parts of the current turn, or nil.
func (b *builder) last() *[]string {
	if len(b.parts) == 0 {
		return nil
	}
	return &b.parts[len(b.parts)-1]
}

// done joins the parts and drops turns that hold no text at all.
func (b *builder) done() []rawTurn {
	out := b.turns[:0]
	for i, t := range b.turns {
		t.text = strings.Join(b.parts[i], " ")
		if strings.TrimSpace(t.text) == "" {
			continue
		}
		out = append(out, t)
	}
	return out
}

// parseClock parses a time of the forms SS(.mmm), MM:SS(.mmm) and
// HH:MM:SS(.mmm), with "." or "," before the fraction, into seconds.
func parseClock(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 32 {
		return 0, false
	}
	frac := 0.0
	if i := strings.LastIndexAny(s, ".,"); i >= 0 {
		f := s[i+1:]
		if f == "" || len(f) > 9 || !allDigits(f) {
			return 0, false
		}
		v, err := strconv.ParseFloat("0."+f, 64)
		if err != nil {
			return 0, false
		}
		frac = v
		s = s[:i]
	}
	fields := strings.Split(s, ":")
	if len(fields) > 3 {
		return 0, false
	}
	total := 0.0
	for i, f := range fields {
		if f == "" || len(f) > 6 || !allDigits(f) {
			return 0, false
		}
		v, _ := strconv.Atoi(f)
		if i > 0 && (len(f) != 2 || v > 59) {
			return 0, false
		}
		total = total*60 + float64(v)
	}
	return total + frac, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FormatClock formats seconds as HH:MM:SS.mmm.
func FormatClock(sec float64) string {
	if sec < 0 {
		sec = 0
	}
	ms := int64(sec*1000 + 0.5)
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

// errorList collects the problems of one file and reports the first, with
// a count of the others.
type errorList struct {
	first error
	n     int
}

func (l *errorList) add(line int, format string, args ...any) {
	l.n++
	if l.first == nil {
		l.first = &ParseError{Line: line, Err: fmt.Errorf(format, args...)}
	}
}

func (l *errorList) err() error {
	switch l.n {
	case 0:
		return nil
	case 1:
		return l.first
	}
	return fmt.Errorf("%w (and %d more problems)", l.first, l.n-1)
}

// lineOf returns the 1-based line of byte offset off in s.
func lineOf(s string, off int64) int {
	if off > int64(len(s)) {
		off = int64(len(s))
	}
	if off < 0 {
		off = 0
	}
	return strings.Count(s[:off], "\n") + 1
}

// lineCounter finds the lines of increasing offsets in linear time.
type lineCounter struct {
	off  int64
	line int
}

// lineAt returns the 1-based line of byte offset off in s. Offsets must not
// decrease between calls.
func (c *lineCounter) lineAt(s string, off int64) int {
	if off > int64(len(s)) {
		off = int64(len(s))
	}
	if c.line == 0 {
		c.line = 1
	}
	if off > c.off {
		c.line += strings.Count(s[c.off:off], "\n")
		c.off = off
	}
	return c.line
}
