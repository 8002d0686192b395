package transcript

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// MaxDocxXML caps how many bytes the main part of a .docx may unpack to
// (a guard against zip bombs). A 64 MiB document.xml holds several million
// words.
var MaxDocxXML int64 = 64 << 20

const docxMain = "word/document.xml"

// parseDocx reads a Word document: paragraphs become lines (runs joined),
// table rows become "first cell: other cells" lines, and the lines are
// parsed as text, so speaker tags work as in .txt files.
func parseDocx(_ string, raw []byte) ([]rawTurn, fileMeta, error) {
	text, err := docxText(raw)
	if err != nil {
		return nil, fileMeta{}, err
	}
	return parseText(text, nil)
}

// docxText returns the text of a .docx, one paragraph per line.
func docxText(raw []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		if bytes.HasPrefix(raw, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
			return "", errors.New("not a .docx zip archive but an old Word or password-protected file; save it as .docx without a password")
		}
		return "", fmt.Errorf("not a valid .docx (zip archive): %v; open and re-save it in a word processor", err)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	main := docxMain
	if rels, ok := files["_rels/.rels"]; ok {
		if t := officeTarget(rels); t != "" {
			main = t
		}
	}
	f, ok := files[main]
	if !ok {
		return "", fmt.Errorf("no %s in the archive; is this a Word document?", main)
	}
	if f.UncompressedSize64 > uint64(MaxDocxXML) {
		return "", fmt.Errorf("%s unpacks to %d bytes, over the %d-byte limit (zip bomb guard); split the document", main, f.UncompressedSize64, MaxDocxXML)
	}
	rc, err := f.Open()
	if err != nil {
		return "", fmt.Errorf("%s: %v; open and re-save it in a word processor", main, err)
	}
	defer rc.Close()
	lr := &io.LimitedReader{R: rc, N: MaxDocxXML + 1}
	text, err := docxXMLText(lr)
	if lr.N <= 0 {
		return "", fmt.Errorf("%s unpacks to more than %d bytes (zip bomb guard); split the document", main, MaxDocxXML)
	}
	if err != nil {
		return "", fmt.Errorf("%s: %v; open and re-save it in a word processor", main, err)
	}
	return text, nil
}

// officeTarget finds the main document part in _rels/.rels.
func officeTarget(f *zip.File) string {
	if f.UncompressedSize64 > 1<<20 {
		return ""
	}
	rc, err := f.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	var rels struct {
		Rel []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(&rels) != nil {
		return ""
	}
	for _, r := range rels.Rel {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			return strings.TrimPrefix(path.Clean("/"+r.Target), "/")
		}
	}
	return ""
}

// docxXMLText walks WordprocessingML: w:t text, w:tab, w:br and w:cr
// breaks, w:p paragraphs and w:tr table rows. Deleted text (w:delText),
// field codes (w:instrText) and mc:Fallback copies of text boxes are left out.
func docxXMLText(r io.Reader) (string, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	var out strings.Builder
	var para strings.Builder
	var cells [][]string // the paragraphs of each cell of the current table row
	inText, rowDepth, fallback := false, 0, 0
	endPara := func() {
		line := strings.Join(strings.Fields(para.String()), " ")
		para.Reset()
		if rowDepth > 0 {
			if len(cells) > 0 && line != "" {
				cells[len(cells)-1] = append(cells[len(cells)-1], line)
			}
			return
		}
		if line != "" {
			out.WriteString(line)
			out.WriteByte('\n')
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "Fallback" && strings.Contains(t.Name.Space, "markup-compatibility") {
				fallback++ // the same content as the mc:Choice before it
			}
			if fallback > 0 || t.Name.Space != "" && !strings.Contains(t.Name.Space, "wordprocessingml") {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				para.WriteByte(' ')
			case "br", "cr":
				if rowDepth == 0 {
					endPara()
				} else {
					para.WriteByte(' ')
				}
			case "noBreakHyphen":
				para.WriteByte('-')
			case "tr":
				rowDepth++
				cells = cells[:0]
			case "tc":
				if rowDepth > 0 {
					cells = append(cells, nil)
				}
			}
		case xml.EndElement:
			if t.Name.Local == "Fallback" && strings.Contains(t.Name.Space, "markup-compatibility") && fallback > 0 {
				fallback--
				continue
			}
			if fallback > 0 || t.Name.Space != "" && !strings.Contains(t.Name.Space, "wordprocessingml") {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				endPara()
			case "tr":
				if rowDepth > 0 {
					rowDepth--
				}
				if rowDepth == 0 {
					out.WriteString(rowLine(cells))
				}
			}
		case xml.CharData:
			if inText && fallback == 0 {
				para.Write(t)
			}
		}
	}
	endPara()
	return out.String(), nil
}

// rowLine turns a table row into a line: "Name: text" when the first cell
// is a speaker name and there are other cells.
func rowLine(cells [][]string) string {
	var nonEmpty []string
	for _, c := range cells {
		if s := strings.Join(c, " "); s != "" {
			nonEmpty = append(nonEmpty, s)
		}
	}
	header := true
	for _, c := range nonEmpty {
		header = header && headerCells[strings.ToLower(strings.TrimSuffix(c, ":"))]
	}
	if header {
		return ""
	}
	if _, ok := parseClock(nonEmpty[0]); ok && len(nonEmpty) > 2 && plausibleName(strings.TrimSuffix(nonEmpty[1], ":")) {
		return strings.TrimSuffix(nonEmpty[1], ":") + ": " + nonEmpty[0] + " " + strings.Join(nonEmpty[2:], " ") + "\n"
	}
	if len(nonEmpty) > 1 {
		name := strings.TrimSuffix(nonEmpty[0], ":")
		if plausibleName(name) && !strings.Contains(name, ":") {
			return name + ": " + strings.Join(nonEmpty[1:], " ") + "\n"
		}
	}
	return strings.Join(nonEmpty, " ") + "\n"
}

// headerCells are the column names of a transcript table's header row.
var headerCells = map[string]bool{
	"speaker": true, "name": true, "text": true, "time": true, "timestamp": true, "start": true,
	"end": true, "transcript": true, "speech": true, "utterance": true, "what was said": true,
}
