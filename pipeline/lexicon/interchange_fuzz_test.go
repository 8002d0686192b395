package lexicon

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// checkPositioned fails unless err is an ErrorList whose every problem
// names file and a line and column from 1.
func checkPositioned(t *testing.T, err error, file string) {
	t.Helper()
	var list ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("error %T %q is not a non-empty ErrorList", err, err)
	}
	for _, e := range list {
		if e.File != file || e.Line < 1 || e.Col < 1 || e.Msg == "" {
			t.Fatalf("problem without a position in %s: %q", file, e.Error())
		}
	}
}

// checkImported writes what an import read as a drift lexicon and reads it
// back: whatever the input, the YAML that drift lexicon import writes must
// parse (problems such as a dimension with one category are allowed, since
// the import reports them for the user to fix; broken YAML is not).
func checkImported(t *testing.T, d *Dictionary) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteYAML(&buf, d.Lexicon()); err != nil {
		t.Fatalf("WriteYAML: %v", err)
	}
	_, problems := Check([]File{{Name: "imported.yaml", Data: buf.Bytes()}})
	for _, p := range problems {
		if strings.Contains(p.Msg, "YAML syntax") || strings.Contains(p.Msg, "unknown key") {
			t.Fatalf("import wrote a lexicon drift cannot read: %s\n%s", p, buf.Bytes())
		}
	}
}

func FuzzReadLIWC(f *testing.F) {
	f.Add("%\n1\tclass\n2\tidentity\n%\nrent\t1\nrac*\t2\n")
	f.Add("%\n1 class\n%\nlike (02 134)125/464\nboss\t1 1\n")
	f.Add("\xef\xbb\xbf%\r\n01\tposemo\r\n%\r\nhappy*\t01\r\n")
	f.Add("%\n1\ta\n%\nx\t9\n%\n")
	f.Add("rent\t1\n")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ReadLIWC("in.dic", []byte(s))
		if err != nil {
			checkPositioned(t, err, "in.dic")
			return
		}
		checkImported(t, d)
	})
}

func FuzzReadQuanteda(f *testing.F) {
	f.Add("class:\n  - rent\n  - wage*\nidentity:\n  - race\n")
	f.Add("class:\n  conditions: [rent, bills]\n  action:\n    strike: [strike, picket]\nidentity: [race]\n")
	f.Add("a: b\n")
	f.Add("- x\n")
	f.Add("class: [\"it's\", 'a \"b\"', ': x', '#y']\nidentity: [z]\n")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ReadQuanteda("in.yaml", []byte(s))
		if err != nil {
			checkPositioned(t, err, "in.yaml")
			return
		}
		checkImported(t, d)
	})
}

// TestReadLIWCColumns checks the column of an unknown category id on lines
// separated by tabs and by spaces (the space form used to give column 0).
func TestReadLIWCColumns(t *testing.T) {
	tests := []struct{ name, line, want string }{
		{"tab", "rent\t1 9", "in.dic:4:8: term \"rent\": category id 9 is not in the header"},
		{"spaces", "rent  1 9", "in.dic:4:9: term \"rent\": category id 9 is not in the header"},
		{"id repeats the term", "0 00  0", "in.dic:4:3: term \"0\": category id 00 is not in the header\nin.dic:4:7: term \"0\": category id 0 is not in the header"},
		{"indented", "  boss 9", "in.dic:4:8: term \"boss\": category id 9 is not in the header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadLIWC("in.dic", []byte("%\n1\tclass\n%\n"+tt.line+"\n"))
			if err == nil || err.Error() != tt.want {
				t.Errorf("ReadLIWC error = %v, want %q", err, tt.want)
			}
		})
	}
}
