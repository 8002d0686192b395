package transcript

import (
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files (and the generated .docx fixtures) in testdata/ingest")

// ingestDir holds one folder per format of fixtures, each with a .golden
// text dump of the Document it gives.
const ingestDir = "../../testdata/ingest"

// docxFixtures are generated, not downloaded: go test -update rewrites them.
func docxFixtures(t *testing.T) map[string][]byte {
	circle := makeZip(t, docxBody(
		para("Eastside assembly, notes typed up by Rosa")+
			para("*MARISOL:", " Welcome back. ", "Tonight is about the ", "heating.")+
			para("*Gary Pennock:", " It's been off since ", "Tuesday. ", "(laughs) ", "Again.")+
			para("And the landlord won't answer the phone.")+
			`<w:p><w:r><w:t xml:space="preserve">Brenda Kowalczyk: We should all sign.</w:t><w:br/><w:t xml:space="preserve">Delphine Okafor-Reyes: A rent strike, then.</w:t></w:r>`+
			`<w:r><w:delText>deleted words</w:delText></w:r><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>`+
			para("[crosstalk]")+
			para("*Q:", " Who is the building manager?")+
			para("*A:", " Nobody knows any more."))...)
	table := makeZip(t, docxBody(
		para("Riverside circle, transcript table")+
			`<w:tbl>`+
			`<w:tr><w:tc>`+para("*Speaker")+`</w:tc><w:tc>`+para("*Text")+`</w:tc></w:tr>`+
			`<w:tr><w:tc>`+para("Marisol")+`</w:tc><w:tc>`+para("Go round once with names.")+`</w:tc></w:tr>`+
			`<w:tr><w:tc>`+para("Nadia Gorecki")+`</w:tc><w:tc>`+para("Third floor.")+para("The one with the twins.")+`</w:tc></w:tr>`+
			`<w:tr><w:tc>`+para("Walt Imbery:")+`</w:tc><w:tc>`+para("Only until March.")+`</w:tc></w:tr>`+
			`</w:tbl>`)...)
	return map[string][]byte{
		"docx/circle.docx":      circle,
		"docx/table.docx":       table,
		"docx/truncated.docx":   circle[:len(circle)/2],
		"docx/not-a-zip.docx":   []byte("Maria: this is a text file renamed to .docx\n"),
		"docx/no-document.docx": makeZip(t, docxPart{"mimetype", "application/epub+zip"}),
	}
}

func TestDocxFixtures(t *testing.T) {
	for rel, data := range docxFixtures(t) {
		p := filepath.Join(ingestDir, filepath.FromSlash(rel))
		if *update {
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s is missing; run go test ./pipeline/transcript -update", p)
		}
	}
}

// TestGolden reads every fixture under testdata/ingest as if it were in a
// cycle folder named for its format, and compares a text dump of the
// Document with the .golden file next to it.
func TestGolden(t *testing.T) {
	cfg, err := LoadConfig(ingestDir)
	if err != nil {
		t.Fatal(err)
	}
	r := testReader(t, cfg)
	n := 0
	err = filepath.WalkDir(ingestDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		relp, err := filepath.Rel(ingestDir, p)
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(relp)
		if d.IsDir() || !strings.Contains(rel, "/") || strings.HasSuffix(rel, ".golden") {
			return nil
		}
		n++
		t.Run(rel, func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			got := dumpDoc(readBytes(r, rel, data))
			checkNames(t, r, rel, data)
			golden := p + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./pipeline/transcript -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s:\n--- got\n%s\n--- want\n%s", rel, path.Base(golden), got, want)
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Errorf("found %d fixtures under %s, want at least 20", n, ingestDir)
	}
}
