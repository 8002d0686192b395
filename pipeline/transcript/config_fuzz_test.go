package transcript

import (
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

func FuzzParseConfig(f *testing.F) {
	for _, p := range []string{filepath.Join("..", "..", "testdata", "corpus", "drift.yaml"), filepath.Join(ingestDir, "drift.yaml")} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("cycle_from: name-month\nsites:\n  east: [\"east*\", \"*/east-*\"]\n")
	f.Add("sites: [a]\n")
	f.Add("sites:\n  x: \"[\"\n")
	f.Add("aliases:\n  Rosa Diaz: [Rosa, R.D.]\n  Ro Diaz: [Rosa]\n")
	f.Add("cycles:\n  - id: a\n  - id: a\n")
	f.Add("facilitators: [Sam]\naliases: {Sam Lee: [Sam]}\n")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseConfig("drift.yaml", []byte(s))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "drift.yaml") {
				t.Fatalf("error does not name the file: %q", err)
			}
			return
		}
		// Every alias resolves to its canonical name, and resolving is
		// idempotent, so a speaker gets one pseudonym however written.
		for canon, aliases := range c.Aliases {
			for _, a := range append([]string{canon}, aliases...) {
				got := c.Canonical(a)
				if c.Canonical(got) != got {
					t.Fatalf("Canonical(%q) = %q is not a fixed point", a, got)
				}
			}
		}
		for _, sp := range c.Sites {
			for _, g := range sp.Globs {
				if _, err := path.Match(g, ""); err != nil {
					t.Fatalf("accepted bad glob %q", g)
				}
			}
		}
	})
}

func FuzzParseManifest(f *testing.F) {
	f.Add("path,cycle,date,site\n2026-01/a.txt,2026-01,2026-01-14,east\n2026-02/b.vtt,,,\n")
	f.Add("\xef\xbb\xbfpath\r\na.txt\r\n")
	f.Add("path,cycle\n../a.txt,x\n")
	f.Add("path,cycle\n/etc/passwd,x\n")
	f.Add("path,date\na.txt,2026-02-30\n")
	f.Add("path,path\n")
	f.Add("path\n\"a\nb\"\n")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseManifest("manifest.csv", []byte(s))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "manifest.csv") {
				t.Fatalf("error does not name the file: %q", err)
			}
			return
		}
		for p, e := range m {
			if path.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../") || path.Clean(p) != p {
				t.Fatalf("accepted path %q, which is not clean and inside the corpus", p)
			}
			if e.Line < 2 {
				t.Fatalf("row for %q has line %d", p, e.Line)
			}
			if e.Date != "" && !validDate(e.Date) {
				t.Fatalf("accepted date %q", e.Date)
			}
		}
	})
}
