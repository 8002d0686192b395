package transcript

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// decodeTextRef is decodeText as it was before it skipped the scans it
// did not need (a second NUL check, two ReplaceAll counts); decodeText
// must give what it gives.
func decodeTextRef(data []byte) (string, string, error) {
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
	if strings.IndexByte(s, 0) >= 0 {
		return "", "", errBinary
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return s, enc, nil
}

func FuzzDecodeText(f *testing.F) {
	for _, s := range []string{
		"", "a\r\nb\rc\n", "\xEF\xBB\xBFbom\r\n", "\xFF\xFEa\x00\r\x00\n\x00", "\xFE\xFF\x00a\x00\x00", "\xFF\xFE\x00\x00",
		"caf\xe9 \xe2\x80\x99", "\x81\x8d\x8f\x90\x9d", "nul\x00byte", "\xFF\xFE", "\xEF\xBB\xBF",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, genc, gerr := decodeText(bytes.Clone(data))
		want, wenc, werr := decodeTextRef(bytes.Clone(data))
		if got != want || genc != wenc || fmt.Sprint(gerr) != fmt.Sprint(werr) {
			t.Errorf("decodeText(%q) = %q, %q, %v; want %q, %q, %v", data, got, genc, gerr, want, wenc, werr)
		}
	})
}
