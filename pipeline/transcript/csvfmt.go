package transcript

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
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
	header, err := r.Read()
	if err != nil {
		return nil, fileMeta{}, csvErr(err)
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
	if r.InputOffset() >= int64(len(text)) {
		if err := unclosedErr(r, text, len(header), comma); err != nil {
			return nil, fileMeta{}, err
		}
	}
	var b builder
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fileMeta{}, csvErr(err)
		}
		line, _ := r.FieldPos(0)
		if r.InputOffset() >= int64(len(text)) {
			// The last record: check it before its fields are read.
			if err := unclosedErr(r, text, len(rec), comma); err != nil {
				return nil, fileMeta{}, err
			}
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

// unclosedErr checks the last field of the record r has just read, which
// holds n fields and is the last of text. LazyQuotes accepts stray quotes
// (5'10", "a "quoted" word") but also reads a quote that is never closed to
// the end of the file, as one field that swallows every row after it; only
// the last field of the last record can do that.
func unclosedErr(r *csv.Reader, text string, n int, comma rune) error {
	if n == 0 {
		return nil
	}
	line, col := r.FieldPos(n - 1)
	if !unclosedQuote(text, line, col, comma) {
		return nil
	}
	return &ParseError{Line: line, Err: fmt.Errorf(
		"column %d: the quote that opens here is never closed, so the rest of the file would be one field; "+
			"add the closing \" (write \"\" for a quote inside a quoted field) or remove the opening one", col)}
}

// unclosedQuote says whether the field at line and col (1-based, as
// csv.Reader.FieldPos gives them) of text starts with a quote that no
// closing quote (one followed by comma, a line end or the end of the
// text) ends.
func unclosedQuote(text string, line, col int, comma rune) bool {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return false
		}
		off += i + 1
	}
	off += col - 1
	if off < 0 || off >= len(text) || text[off] != '"' {
		return false
	}
	rest := text[off+1:]
	for i := 0; i < len(rest); i++ {
		if rest[i] != '"' {
			continue
		}
		if i+1 < len(rest) && rest[i+1] == '"' {
			i++ // a doubled quote inside the field
			continue
		}
		after := strings.TrimLeft(rest[i+1:], " \t")
		if after == "" || after[0] == '\n' || after[0] == '\r' || strings.HasPrefix(after, string(comma)) {
			return false
		}
	}
	return true
}

func csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{Line: pe.Line, Err: fmt.Errorf("column %d: %v", pe.Column, pe.Err)}
	}
	if err == io.EOF {
		return errors.New("no header row; want speaker,text")
	}
	return err
}
