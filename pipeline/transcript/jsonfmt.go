package transcript

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// parseJSON parses transcription tool output: an object with a "segments"
// list (Whisper, WhisperX: speaker, start, end, text), or a plain list of
// {speaker, text} objects with optional start and end. Times are seconds.
// Consecutive segments of one speaker merge into one turn; segments without
// a speaker continue the current turn. A turn's Line is its first segment's
// number (1-based).
func parseJSON(text string, _ []byte) ([]rawTurn, fileMeta, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, fileMeta{}, jsonErr(text, dec, err)
	}
	where := "item" // how errors name an item: "item 2", "segments item 2"
	switch tok {
	case json.Delim('['):
	case json.Delim('{'):
		found := false
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, fileMeta{}, jsonErr(text, dec, err)
			}
			if k, _ := kt.(string); k == "segments" {
				t, err := dec.Token()
				if err != nil {
					return nil, fileMeta{}, jsonErr(text, dec, err)
				}
				if t != json.Delim('[') {
					return nil, fileMeta{}, &ParseError{Line: lineOf(text, dec.InputOffset()), Err: errors.New(`"segments" must be a list of {"speaker", "start", "end", "text"} objects`)}
				}
				found, where = true, "segments item"
				break
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, fileMeta{}, jsonErr(text, dec, err)
			}
		}
		if !found {
			return nil, fileMeta{}, &ParseError{Line: 1, Err: errors.New(`the JSON object has no "segments" list; want {"segments": [{"speaker", "start", "end", "text"}, ...]} or a list of {"speaker", "text"}`)}
		}
	default:
		return nil, fileMeta{}, &ParseError{Line: 1, Err: errors.New(`want a JSON object with "segments" or a list of {"speaker", "text"} objects`)}
	}
	var b builder
	var lc lineCounter
	for n := 1; dec.More(); n++ {
		line := lc.lineAt(text, nextValue(text, dec.InputOffset()))
		var seg map[string]json.RawMessage
		if err := dec.Decode(&seg); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				return nil, fileMeta{}, &ParseError{Line: line, Err: fmt.Errorf("%s %d is a JSON %s; want an object with \"speaker\" and \"text\"", where, n, te.Value)}
			}
			return nil, fileMeta{}, jsonErr(text, dec, err)
		}
		// Errors give the line the item starts on and name the item
		// ("line 5: item 2: ..."); the item number is also its turn's line.
		at := func(msg string, args ...any) error {
			return &ParseError{Line: line, Err: fmt.Errorf("%s %d: %s", where, n, fmt.Sprintf(msg, args...))}
		}
		txt, ok, err := jsonString(seg["text"])
		if err != nil {
			return nil, fileMeta{}, at(`"text" %v`, err)
		}
		if !ok {
			return nil, fileMeta{}, &ParseError{Line: line, Err: fmt.Errorf(`%s %d has no "text" field; give every item its words as "text": "..."`, where, n)}
		}
		name, named, err := jsonString(seg["speaker"])
		if err != nil {
			return nil, fileMeta{}, at(`"speaker" %v`, err)
		}
		t0, has0, err := jsonSeconds(seg["start"])
		if err != nil {
			return nil, fileMeta{}, at(`"start" %v`, err)
		}
		t1, has1, err := jsonSeconds(seg["end"])
		if err != nil {
			return nil, fileMeta{}, at(`"end" %v`, err)
		}
		named = named && strings.TrimSpace(name) != ""
		if has0 && has1 {
			if t1 < t0 {
				return nil, fileMeta{}, at(`ends (%g s) before it starts (%g s)`, t1, t0)
			}
			b.timed(name, named, false, txt, n, t0, t1)
			continue
		}
		n0 := len(b.turns)
		if n0 == 0 || named && normName(b.turns[n0-1].name) != normName(name) {
			if !named {
				name = ""
			}
			b.start(name, n)
		}
		b.add(txt, n)
	}
	if _, err := dec.Token(); err != nil {
		return nil, fileMeta{}, jsonErr(text, dec, err)
	}
	return b.done(), fileMeta{}, nil
}

// jsonString decodes a string or a number (speaker 0) from raw; ok is false
// when raw is absent or null.
func jsonString(raw json.RawMessage) (string, bool, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", false, nil
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false, err
		}
		return s, true, nil
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return string(raw), true, nil
	}
	return "", false, fmt.Errorf("is %s, want a string", clip(string(raw)))
}

// jsonSeconds decodes a number of seconds, or a string such as "12.5" or
// "00:00:12.500".
func jsonSeconds(raw json.RawMessage) (float64, bool, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return 0, false, nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, false, err
		}
		if v, ok := parseClock(s); ok {
			return v, true, nil
		}
		return 0, false, fmt.Errorf("%q is not a time (want seconds, e.g. 12.5)", clip(s))
	}
	v, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || v < 0 || v > 1e9 {
		return 0, false, fmt.Errorf("is %s, want a number of seconds", clip(string(raw)))
	}
	return v, true, nil
}

// jsonErr turns a decoding error into a ParseError with a line.
func jsonErr(text string, dec *json.Decoder, err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return &ParseError{Line: lineOf(text, se.Offset), Err: fmt.Errorf("invalid JSON: %v", se)}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &ParseError{Line: lineOf(text, int64(len(text))), Err: errors.New("invalid JSON: the file ends too early")}
	}
	return &ParseError{Line: lineOf(text, dec.InputOffset()), Err: fmt.Errorf("invalid JSON: %v", err)}
}

// nextValue skips white space and a comma from off.
func nextValue(text string, off int64) int64 {
	for off < int64(len(text)) && strings.IndexByte(" \t\r\n,", text[off]) >= 0 {
		off++
	}
	return off
}
