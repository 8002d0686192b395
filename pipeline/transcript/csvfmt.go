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
