package transcript

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"sync"
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
//
// Metadata precedence, highest first: manifest.csv, front matter,
// drift.yaml sites, the folder or file name.
func (r *Reader) Read(f File) Document {
	d, data, ok := r.open(f)
	if !ok {
		return d
	}
	d, _ = r.parse(d, f, data, false)
	releaseBuf(d.Format, data)
	return d
}

// Names returns the name of every turn of f, in order, as Read gives it
// (Turn.Name: canonical, "" for an unknown speaker), or nil when Read
// would give no turns. It reads and parses the file as Read does, but
// neither cleans nor pseudonymises turn text nor hashes the file, so a
// pass that needs only the speakers' names (masking's first pass over the
// corpus) costs about half a Read.
func (r *Reader) Names(f File) []string {
	_, names := r.CycleNames(f)
	return names
}

// CycleNames is Names, with the cycle Read would give the document (from
// the manifest, front matter or the listing; "" when it has none).
func (r *Reader) CycleNames(f File) (cycle string, names []string) {
	d, data, ok := r.open(f)
	if !ok {
		return d.Cycle, nil
	}
	d, names = r.parse(d, f, data, true)
	releaseBuf(d.Format, data)
	return d.Cycle, names
}

// bufs holds the buffers files were read into, for the next read: once a
// text file is parsed its bytes are garbage (decodeText copies them into
// the text), and a new buffer per file, zeroed on allocation and then
// collected, was a third of the names pass.
var bufs sync.Pool // of *[]byte

// maxPooledBuf is the largest buffer kept in bufs: larger files (rare)
// get a buffer of their own.
const maxPooledBuf = 4 << 20

// releaseBuf gives data, the bytes of a file of the given format just
// parsed, back to bufs. The bytes of binary formats (docx) are not
// reused: their parser may keep slices of them.
func releaseBuf(format string, data []byte) {
	if p, ok := parsers[format]; ok && p.binary || cap(data) > maxPooledBuf {
		return
	}
	data = data[:0]
	bufs.Put(&data)
}

// open reads file f, or returns ok false and the Document saying why not.
func (r *Reader) open(f File) (d Document, data []byte, ok bool) {
	d = Document{Path: f.Rel, Cycle: f.Cycle, Site: f.Site, Date: f.Date, Size: f.Size, Format: formatOf(f.Rel)}
	if f.Config {
		d.Status, d.Reason = StatusConfig, "corpus configuration, not a transcript"
		return d, nil, false
	}
	if f.Skip != "" {
		d.Status, d.Reason = StatusSkipped, f.Skip
		return d, nil, false
	}
	max := r.MaxFileSize
	if max <= 0 {
		max = DefaultMaxFileSize
	}
	if f.Size > max {
		d.Status, d.Reason = StatusSkipped, fmt.Sprintf("file is %d bytes, over --max-file-size %d; raise the limit or split the file", f.Size, max)
		return d, nil, false
	}
	var buf []byte
	if p, ok := bufs.Get().(*[]byte); ok {
		buf = *p
	}
	data, err := readCapped(f.Abs, f.Size, max, buf)
	if err != nil {
		d.Status, d.Reason = StatusFailed, "cannot read: "+err.Error()
		return d, nil, false
	}
	if int64(len(data)) > max {
		d.Status, d.Reason = StatusSkipped, fmt.Sprintf("file is over --max-file-size %d bytes; raise the limit or split the file", max)
		return d, nil, false
	}
	return d, data, true
}

// parse fills d from the bytes of file f. With namesOnly it returns d as
// far as it got and the name of each turn instead of the turns.
func (r *Reader) parse(d Document, f File, data []byte, namesOnly bool) (Document, []string) {
	if !namesOnly {
		sum := sha256.Sum256(data)
		d.SHA256 = hex.EncodeToString(sum[:])
	}
	d.Size = int64(len(data))
	var err error
	parse, ok := parsers[d.Format]
	if !ok {
		ext := path.Ext(f.Rel)
		if ext == "" {
			ext = path.Base(f.Rel)
		}
		d.Status, d.Reason = StatusSkipped, fmt.Sprintf("unsupported file type %q; drift reads %s", ext, supportedList())
		if d.Format == "doc" {
			d.Reason += " (open it in a word processor and save it as .docx)"
		}
		return d, nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		d.Status, d.Reason = StatusSkipped, "empty file"
		return d, nil
	}
	var text string
	if parse.binary {
		d.Encoding = "binary"
	} else {
		text, d.Encoding, err = decodeText(data)
		if err != nil {
			d.Status, d.Reason = StatusFailed, err.Error()
			return d, nil
		}
	}
	raws, meta, err := parse.fn(text, data)
	if err != nil {
		d.Status, d.Reason = StatusFailed, err.Error()
		return d, nil
	}
	if parse.binary && d.Format == "docx" {
		d.Encoding = "utf-8"
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
	if m := f.Manifest; m != nil {
		if m.Date != "" {
			d.Date = m.Date
		}
		if m.Site != "" {
			d.Site = m.Site
		}
		if m.Cycle != "" {
			d.Cycle = m.Cycle
		}
	}
	if d.Cycle == "" && f.noCycle != "" {
		d.Status, d.Reason = StatusSkipped, f.noCycle
		return d, nil
	}
	facil := map[string]bool{}
	for _, f := range meta.facilitators {
		facil[normName(r.Config.Canonical(f))] = true
	}
	if namesOnly {
		var names []string
		for _, rt := range raws {
			names = append(names, r.turnName(rt.name))
		}
		return d, names
	}
	for _, rt := range raws {
		cleaned, noise := Clean(rt.text)
		name := r.turnName(rt.name)
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
		return d, nil
	}
	d.Status = StatusOK
	return d, nil
}

// turnName is the Turn.Name of a speaker tag: its canonical name, or ""
// for a tag that names no one ("Unknown", "Speaker").
func (r *Reader) turnName(tag string) string {
	name := r.Config.Canonical(tag)
	if unknownNames[normName(name)] {
		return ""
	}
	return name
}

// readCapped reads at most max+1 bytes of a file, so a file that grew
// after discovery cannot exhaust memory, into buf when it is large enough.
// size is the size discovery saw: the buffer starts one byte larger, so a
// file that kept its size is read without growing it (io.ReadAll's
// doubling allocated twice the corpus).
func readCapped(name string, size, limit int64, buf []byte) ([]byte, error) {
	fh, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	// As os.ReadFile, with a limit.
	data := buf[:0]
	if n := min(max(size, 0), limit) + 1; int64(cap(data)) < n {
		data = make([]byte, 0, n)
	}
	r := io.LimitReader(fh, limit+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return data, err
		}
	}
}

type parser struct {
	fn     func(text string, raw []byte) ([]rawTurn, fileMeta, error)
	binary bool // gets raw bytes, not decoded text
}

var parsers = map[string]parser{
	"txt":  {fn: parseText},
	"md":   {fn: parseText},
	"vtt":  {fn: parseVTT},
	"srt":  {fn: parseSRT},
	"json": {fn: parseJSON},
	"csv":  {fn: func(t string, _ []byte) ([]rawTurn, fileMeta, error) { return parseCSV(t, 0) }},
	"tsv":  {fn: func(t string, _ []byte) ([]rawTurn, fileMeta, error) { return parseCSV(t, '\t') }},
	"docx": {fn: parseDocx, binary: true},
}

func supportedList() string {
	return ".txt, .md, .vtt, .srt, .docx, .json, .csv and .tsv"
}

func formatOf(rel string) string {
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(rel), "."))
	switch ext {
	case "markdown":
		return "md"
	case "text":
		return "txt"
	case "webvtt":
		return "vtt"
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
	fromUTF16 := s != ""
	if s == "" {
		if bytes.IndexByte(data, 0) >= 0 {
			if looksUTF16(data) {
				return "", "binary", errors.New("file looks like UTF-16 text without a byte-order mark; re-save it as UTF-8")
			}
			return "", "binary", errBinary
		}
		switch {
		case utf8.Valid(data):
			s = string(data)
		case hasMultibyteUTF8(data):
			s, enc = mixedUTF8(data), "utf-8+windows-1252"
		default:
			out, err := charmap.Windows1252.NewDecoder().Bytes(data)
			if err != nil {
				return "", "", fmt.Errorf("text is neither UTF-8 nor Windows-1252: %v", err)
			}
			s, enc = string(out), "windows-1252"
		}
	}
	// Text decoded from bytes without NUL has none (the check above), so
	// only UTF-16's needs this scan; and most files have no carriage
	// return, which one IndexByte finds faster than two ReplaceAll counts.
	if fromUTF16 && strings.IndexByte(s, 0) >= 0 {
		return "", "", errBinary
	}
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return s, enc, nil
}

// looksUTF16 says whether data is mostly ASCII text with a NUL byte in
// every other position, as UTF-16 without a byte-order mark is.
func looksUTF16(data []byte) bool {
	if len(data) < 8 {
		return false
	}
	n := len(data)
	if n > 4096 {
		n = 4096
	}
	var even, odd int
	for i := 0; i < n; i++ {
		if data[i] == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	half := n / 2
	return even > half*9/10 && odd == 0 || odd > half*9/10 && even == 0
}

// hasMultibyteUTF8 says whether data holds a valid UTF-8 sequence of more
// than one byte, which Windows-1252 text almost never does by accident.
func hasMultibyteUTF8(data []byte) bool {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r != utf8.RuneError && n > 1 {
			return true
		}
		i += n
	}
	return false
}

// mixedUTF8 decodes UTF-8 text with stray bytes (a quote pasted from an old
// document): each byte that is not part of valid UTF-8 is read as
// Windows-1252.
func mixedUTF8(data []byte) string {
	var b strings.Builder
	b.Grow(len(data))
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteRune(charmap.Windows1252.DecodeByte(data[i]))
		} else {
			b.Write(data[i : i+n])
		}
		i += n
	}
	return b.String()
}
