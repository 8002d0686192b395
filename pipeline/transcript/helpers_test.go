package transcript

import (
	"archive/zip"
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// testKey is a fixed pseudonym key for tests.
var testKey = []byte("0123456789abcdef0123456789abcdef")

func testReader(t testing.TB, cfg *Config) *Reader {
	t.Helper()
	ps, err := NewPseudonymizer(testKey)
	if err != nil {
		t.Fatal(err)
	}
	return &Reader{Config: cfg, Pseudonyms: ps}
}

// readBytes parses data as if it were the file rel in a corpus.
func readBytes(r *Reader, rel string, data []byte) Document {
	f := fileMeta0(rel, r.Config)
	f.Size = int64(len(data))
	d := Document{Path: f.Rel, Cycle: f.Cycle, Site: f.Site, Date: f.Date, Size: f.Size, Format: formatOf(f.Rel)}
	if f.Skip != "" {
		d.Status, d.Reason = StatusSkipped, f.Skip
		return d
	}
	d, _ = r.parse(d, f, data, false)
	return d
}

// checkNames asserts that the names-only parse of data (Reader.Names)
// gives the names of the turns readBytes gives.
func checkNames(t *testing.T, r *Reader, rel string, data []byte) {
	t.Helper()
	d := readBytes(r, rel, data)
	f := fileMeta0(rel, r.Config)
	f.Size = int64(len(data))
	var names []string
	if f.Skip == "" {
		d0 := Document{Path: f.Rel, Cycle: f.Cycle, Site: f.Site, Date: f.Date, Size: f.Size, Format: formatOf(f.Rel)}
		_, names = r.parse(d0, f, data, true)
	}
	var want []string
	for _, tu := range d.Turns {
		want = append(want, tu.Name)
	}
	if !slices.Equal(names, want) {
		t.Fatalf("names-only parse of %s: got %q, want %q", rel, names, want)
	}
}

// dumpTurns is a compact, readable form of turns: one line each,
// "L<line> <role> <name> [start-end] ~<noise>: text".
func dumpTurns(turns []Turn) string {
	var b strings.Builder
	for _, t := range turns {
		fmt.Fprintf(&b, "L%d %s %q", t.Line, t.Role, t.Name)
		if t.HasTime {
			fmt.Fprintf(&b, " [%s-%s]", FormatClock(t.Start), FormatClock(t.End))
		}
		if t.Noise > 0 {
			fmt.Fprintf(&b, " ~%d", t.Noise)
		}
		fmt.Fprintf(&b, ": %s\n", t.Text)
	}
	return b.String()
}

// dumpDoc is the golden form of a Document.
func dumpDoc(d Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "path: %s\nformat: %s\nencoding: %s\nstatus: %s\n", d.Path, d.Format, d.Encoding, d.Status)
	if d.Reason != "" {
		fmt.Fprintf(&b, "reason: %s\n", d.Reason)
	}
	fmt.Fprintf(&b, "cycle: %s\ndate: %s\nsite: %s\nturns: %d\n\n", d.Cycle, d.Date, d.Site, len(d.Turns))
	for _, t := range d.Turns {
		fmt.Fprintf(&b, "#%d line %d %s %s %q", t.Index, t.Line, t.Role, t.Speaker, t.Name)
		if t.HasTime {
			fmt.Fprintf(&b, " %s-%s", FormatClock(t.Start), FormatClock(t.End))
		}
		fmt.Fprintf(&b, " noise=%d\n    %s\n", t.Noise, t.Text)
	}
	return b.String()
}

// docxPart is one file in a generated .docx.
type docxPart struct{ name, body string }

// makeZip builds a zip archive in memory.
func makeZip(t testing.TB, parts ...docxPart) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// docxBody wraps WordprocessingML body content into a minimal document.
func docxBody(body string) []docxPart {
	return []docxPart{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wNS + `><w:body>` + body + `</w:body></w:document>`},
	}
}

// para builds a w:p from runs; a run starting with "*" is bold.
func para(runs ...string) string {
	var b strings.Builder
	b.WriteString("<w:p>")
	for _, r := range runs {
		b.WriteString("<w:r>")
		if strings.HasPrefix(r, "*") {
			r = r[1:]
			b.WriteString("<w:rPr><w:b/></w:rPr>")
		}
		fmt.Fprintf(&b, `<w:t xml:space="preserve">%s</w:t></w:r>`, xmlEscape(r))
	}
	b.WriteString("</w:p>")
	return b.String()
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
