package transcript

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// DefaultMaxFileSize is the largest file read unless the caller says otherwise.
const DefaultMaxFileSize = 64 << 20

// ParseError is a problem at a position in a transcript.
type ParseError struct {
	Line int   // 1-based line, cue, segment or row; 0 when unknown
	Err  error // what is wrong and what to do
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
	return e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }

// Reader reads files into Documents.
type Reader struct {
	Config      *Config
	Pseudonyms  *Pseudonymizer
	MaxFileSize int64 // 0 means DefaultMaxFileSize
}

// rawTurn is a turn as a parser finds it, before roles and cleaning.
type rawTurn struct {
	name    string
	text    string
	line    int
	start   float64
	end     float64
	hasTime bool
}

// Read reads and parses one file. It never returns an error: problems are
// reported in the Document's Status and Reason.
func (r *Reader) Read(f File) Document {
	d := Document{Path: f.Rel, Cycle: f.Cycle, Site: f.Site, Size: f.Size, Format: formatOf(f.Rel)}
	if f.Skip != "" {
		d.Status, d.Reason = StatusSkipped, f.Skip
		return d
	}
	max := r.MaxFileSize
	if max <= 0 {
		max = DefaultMaxFileSize
	}
	if f.Size > max {
		d.Status, d.Reason = StatusSkipped, fmt.Sprintf("file is %d bytes, over --max-file-size %d; raise the limit or split the file", f.Size, max)
		return d
	}
	data, err := os.ReadFile(f.Abs)
	if err != nil {
		d.Status, d.Reason = StatusFailed, "cannot read: "+err.Error()
		return d
	}
	sum := sha256.Sum256(data)
	d.SHA256 = hex.EncodeToString(sum[:])
	d.Size = int64(len(data))
	parse, ok := parsers[d.Format]
	if !ok {
		d.Status, d.Reason = StatusSkipped, fmt.Sprintf("unsupported file type %q; drift reads %s", path.Ext(f.Rel), supportedList())
		return d
	}
	if len(bytes.TrimSpace(data)) == 0 {
		d.Status, d.Reason = StatusSkipped, "empty file"
		return d
	}
	var text string
	if parse.binary {
		d.Encoding = "binary"
	} else {
		text, d.Encoding, err = decodeText(data)
		if err != nil {
			d.Status, d.Reason = StatusFailed, err.Error()
			return d
		}
	}
	raws, meta, err := parse.fn(text, data)
	if err != nil {
		d.Status, d.Reason = StatusFailed, err.Error()
		return d
	}
	if meta.date != "" {
		d.Date = meta.date
	}
	if meta.site != "" {
		d.Site = meta.site
	}
	if meta.cycle != "" {
		d.Cycle = meta.cycle
	}
	facil := map[string]bool{}
	for _, f := range meta.facilitators {
		facil[normName(r.Config.Canonical(f))] = true
	}
	for _, rt := range raws {
		cleaned, noise := Clean(rt.text)
		name := r.Config.Canonical(rt.name)
		role := r.Config.RoleOf(name)
		if role == RoleParticipant && facil[normName(name)] {
			role = RoleFacilitator
		}
		t := Turn{
			Index: len(d.Turns), Name: name, Role: role, Text: cleaned, Line: rt.line,
			Start: rt.start, End: rt.end, HasTime: rt.hasTime, Noise: noise, RawBytes: len(rt.text),
		}
		if r.Pseudonyms != nil {
			t.Speaker = r.Pseudonyms.Pseudonym(name)
		}
		d.Turns = append(d.Turns, t)
	}
	if len(d.Turns) == 0 {
		d.Status, d.Reason = StatusSkipped, "no speech found"
		return d
	}
	d.Status = StatusOK
	return d
}

// fileMeta is what a file says about itself (front matter).
type fileMeta struct {
	cycle, date, site string
	facilitators      []string
}

type parser struct {
	fn     func(text string, raw []byte) ([]rawTurn, fileMeta, error)
	binary bool // gets raw bytes, not decoded text
}

var parsers = map[string]parser{
	"txt": {fn: parseText},
	"md":  {fn: parseText},
}

func supportedList() string {
	return ".txt, .md"
}

func formatOf(rel string) string {
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(rel), "."))
	switch ext {
	case "markdown":
		return "md"
	case "text":
		return "txt"
	}
	return ext
}

var errBinary = errors.New("file holds NUL bytes, so it is binary, not a transcript; export it as text")

// decodeText detects the encoding of data, decodes it to UTF-8 and
// normalises line ends to "\n".
func decodeText(data []byte) (string, string, error) {
	var s, enc string
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data, enc = data[3:], "utf-8-bom"
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		enc = "utf-16le"
		if data[0] == 0xFE {
			enc = "utf-16be"
		}
		out, err := dec.Bytes(data)
		if err != nil {
			return "", enc, fmt.Errorf("invalid UTF-16: %v; re-save the file as UTF-8", err)
		}
		s = string(out)
	default:
		enc = "utf-8"
	}
	if s == "" {
		if bytes.IndexByte(data, 0) >= 0 {
			return "", "", errBinary
		}
		if utf8.Valid(data) {
			s = string(data)
		} else {
			out, err := charmap.Windows1252.NewDecoder().Bytes(data)
			if err != nil {
				return "", "", fmt.Errorf("text is neither UTF-8 nor Windows-1252: %v", err)
			}
			s, enc = string(out), "windows-1252"
		}
	}
	if strings.IndexByte(s, 0) >= 0 {
		return "", "", errBinary
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return s, enc, nil
}
