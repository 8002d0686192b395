package transcript

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// parseCSV parses a table of turns with a header naming the columns
// speaker and text, and optionally start and end (seconds or HH:MM:SS.mmm).
// Other columns are ignored. comma 0 means: ',' unless the header holds ';'
// and no ','. Consecutive rows of one speaker merge into one turn.
func parseCSV(text string, comma rune) ([]rawTurn, fileMeta, error) {
	if comma == 0 {
		comma = ','
		head, _, _ := strings.Cut(text, "\n")
		if !strings.Contains(head, ",") {
			if strings.Contains(head, ";") {
				comma = ';'
			} else if strings.Contains(head, "\t") {
				comma = '\t'
			}
		}
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	ct := newCSVText(text, comma)
	header, err := r.Read()
	if err != nil {
		return nil, fileMeta{}, ct.csvErr(err)
	}
	if err := ct.checkRecord(r, len(header)); err != nil {
		return nil, fileMeta{}, err
	}
	col := map[string]int{"speaker": -1, "text": -1, "start": -1, "end": -1}
	var names []string
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		names = append(names, h)
		if j, ok := col[h]; ok && j < 0 {
			col[h] = i
		}
	}
	for _, k := range []string{"speaker", "text"} {
		if col[k] < 0 {
			return nil, fileMeta{}, &ParseError{Line: 1, Err: fmt.Errorf("the header has no %q column (found %s); want speaker,text and optionally start,end", k, clip(strings.Join(names, ",")))}
		}
	}
	get := func(rec []string, k string) string {
		if i := col[k]; i >= 0 && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var b builder
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fileMeta{}, ct.csvErr(err)
		}
		line, _ := r.FieldPos(0)
		if err := ct.checkRecord(r, len(rec)); err != nil {
			return nil, fileMeta{}, err
		}
		txt, name := get(rec, "text"), get(rec, "speaker")
		if txt == "" {
			continue
		}
		var ts [2]float64
		var has [2]bool
		for j, k := range []string{"start", "end"} {
			s := get(rec, k)
			if s == "" {
				continue
			}
			v, ok := parseClock(s)
			if !ok {
				f, err := strconv.ParseFloat(s, 64)
				if err != nil || f < 0 || f > 1e9 {
					return nil, fileMeta{}, &ParseError{Line: line, Err: fmt.Errorf("%s %q is not a time (want seconds or HH:MM:SS.mmm)", k, clip(s))}
				}
				v = f
			}
			ts[j], has[j] = v, true
		}
		if has[0] && has[1] {
			if ts[1] < ts[0] {
				return nil, fileMeta{}, &ParseError{Line: line, Err: fmt.Errorf("end %s is before start %s", get(rec, "end"), get(rec, "start"))}
			}
			b.timed(name, name != "", false, txt, line, ts[0], ts[1])
			continue
		}
		n := len(b.turns)
		if n == 0 || name != "" && normName(b.turns[n-1].name) != normName(name) {
			b.start(name, line)
		}
		b.add(txt, line)
	}
	return b.done(), fileMeta{}, nil
}

// csvText locates csv.Reader's field positions in the text it reads.
type csvText struct {
	text      string
	comma     rune
	lineStart []int // byte offset where each line starts; [0] is line 1
}

func newCSVText(text string, comma rune) *csvText {
	c := &csvText{text: text, comma: comma, lineStart: []int{0}}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			c.lineStart = append(c.lineStart, i+1)
		}
	}
	return c
}

// offset is the byte offset of a 1-based line and byte column, as
// csv.Reader.FieldPos and csv.ParseError give them, or -1.
func (c *csvText) offset(line, col int) int {
	if line < 1 || line > len(c.lineStart) || col < 1 {
		return -1
	}
	if off := c.lineStart[line-1] + col - 1; off <= len(c.text) {
		return off
	}
	return -1
}

// runeCol turns a 1-based byte column on line into a 1-based count of
// characters, which is what an editor shows.
func (c *csvText) runeCol(line, col int) int {
	off := c.offset(line, col)
	if off < 0 {
		return col
	}
	return utf8.RuneCountInString(c.text[c.lineStart[line-1]:off]) + 1
}

// pos is the 1-based line and character column of a byte offset.
func (c *csvText) pos(off int) (line, col int) {
	line = sort.Search(len(c.lineStart), func(i int) bool { return c.lineStart[i] > off })
	return line, utf8.RuneCountInString(c.text[c.lineStart[line-1]:off]) + 1
}

// checkRecord checks the n fields csv.Reader r has just read for a quoted
// field that swallows rows. With LazyQuotes, encoding/csv ends a quoted
// field only at a quote followed by the comma, a line end or the end of
// the text; any other quote (5'10", "a "quoted" word", or a closing quote
// followed by a space) is read as text and the field runs on. A quoted
// field fails when it is never closed (it would hold the rest of the
// file), or when it spans a line break and holds such a stray quote: the
// rows after the line break would silently become part of one turn.
// A quoted field that spans lines without stray quotes is ordinary CSV.
func (c *csvText) checkRecord(r *csv.Reader, n int) error {
	for i := 0; i < n; i++ {
		if err := c.checkField(r.FieldPos(i)); err != nil {
			return err
		}
	}
	return nil
}

func (c *csvText) checkField(line, col int) error {
	text := c.text
	open := c.offset(line, col)
	if open < 0 || open >= len(text) || text[open] != '"' {
		return nil
	}
	comma := string(c.comma)
	stray, multiline := -1, false
	for i := open + 1; i < len(text); i++ {
		switch text[i] {
		case '\n':
			multiline = true
		case '"':
			rest := text[i+1:]
			switch {
			case strings.HasPrefix(rest, `"`):
				i++ // a doubled quote inside the field
			case rest == "" || rest == "\r" || rest[0] == '\n' || strings.HasPrefix(rest, "\r\n") || strings.HasPrefix(rest, comma):
				if multiline && stray >= 0 {
					return c.strayErr(line, col, stray)
				}
				return nil
			default:
				if stray < 0 {
					stray = i
				}
			}
		}
	}
	if stray >= 0 {
		return c.strayErr(line, col, stray)
	}
	return &ParseError{Line: line, Err: fmt.Errorf(
		"column %d: the quote that opens here is never closed, so the rest of the file would be one field; "+
			"add the closing \" (write \"\" for a quote inside a quoted field) or remove the opening one", c.runeCol(line, col))}
}

// strayErr reports a quoted field that opens at line, col and that the
// stray quote at byte offset stray keeps open past a line break.
func (c *csvText) strayErr(line, col, stray int) error {
	sl, sc := c.pos(stray)
	where := fmt.Sprintf("column %d", sc)
	if sl != line {
		where = fmt.Sprintf("line %d, column %d", sl, sc)
	}
	next, _ := utf8.DecodeRuneInString(c.text[stray+1:])
	return &ParseError{Line: line, Err: fmt.Errorf(
		"column %d: the quoted field that opens here runs on into the next rows, because the quote at %s is followed by %s, "+
			"not by %s or the line end, so it does not close the field; remove what follows the closing quote, "+
			"or write \"\" for a quote inside a quoted field", c.runeCol(line, col), where, runeName(next), runeName(c.comma))}
}

// runeName names a character in an error message.
func runeName(r rune) string {
	switch r {
	case ' ':
		return "a space"
	case '\t':
		return "a tab"
	}
	return strconv.QuoteRune(r)
}

func (c *csvText) csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{Line: pe.Line, Err: fmt.Errorf("column %d: %v", c.runeCol(pe.Line, pe.Column), pe.Err)}
	}
	if err == io.EOF {
		return errors.New("no header row; want speaker,text")
	}
	return err
}
