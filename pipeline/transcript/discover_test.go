package transcript

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for rel, body := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDateInName(t *testing.T) {
	tests := []struct{ in, day, month string }{
		{"2026-03-14_circle.txt", "2026-03-14", "2026-03"},
		{"circle_2026_03_14.vtt", "2026-03-14", "2026-03"},
		{"20260314-east.srt", "2026-03-14", "2026-03"},
		{"2026.03.14.docx", "2026-03-14", "2026-03"},
		{"2026-03 riverside.md", "", "2026-03"},
		{"2026-02-30.txt", "", ""}, // no such day
		{"2026-0314.txt", "", ""},  // separators disagree
		{"notes-v12.txt", "", ""},
		{"meeting 12345678.txt", "", ""},
		{"room 3, 2026-03-14.txt", "2026-03-14", "2026-03"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			day, month := dateInName(tt.in)
			if day != tt.day || month != tt.month {
				t.Errorf("dateInName(%q) = %q, %q; want %q, %q", tt.in, day, month, tt.day, tt.month)
			}
		})
	}
}

func TestCycleFrom(t *testing.T) {
	tests := []struct {
		name, mode, rel           string
		cycle, date, noCycleMatch string
	}{
		{name: "folder", mode: "", rel: "2026-03/east.txt", cycle: "2026-03"},
		{name: "folder with a dated file", mode: "folder", rel: "spring/2026-03-14_east.txt", cycle: "spring", date: "2026-03-14"},
		{name: "folder that is a date", mode: "folder", rel: "2026-03-14/east.txt", cycle: "2026-03-14", date: "2026-03-14"},
		{name: "folder, file at the root", mode: "folder", rel: "east.txt", noCycleMatch: "not inside a cycle folder"},
		{name: "name", mode: "name", rel: "2026-03-14_circle.txt", cycle: "2026-03-14", date: "2026-03-14"},
		{name: "name ignores folders", mode: "name", rel: "east/2026-03-14_circle.txt", cycle: "2026-03-14", date: "2026-03-14"},
		{name: "name with a month only", mode: "name", rel: "2026-03_circle.txt", cycle: "2026-03"},
		{name: "name-month", mode: "name-month", rel: "2026-03-14_circle.txt", cycle: "2026-03", date: "2026-03-14"},
		{name: "name without a date", mode: "name", rel: "x/circle.txt", noCycleMatch: "no date in the file name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := &Config{}
			if err := cfg.SetCycleFrom(tt.mode); err != nil {
				t.Fatal(err)
			}
			f := fileMeta0(tt.rel, cfg)
			if f.Cycle != tt.cycle || f.Date != tt.date {
				t.Errorf("cycle, date = %q, %q; want %q, %q", f.Cycle, f.Date, tt.cycle, tt.date)
			}
			if !strings.Contains(f.noCycle, tt.noCycleMatch) || (tt.noCycleMatch == "") != (f.noCycle == "") {
				t.Errorf("noCycle %q, want %q", f.noCycle, tt.noCycleMatch)
			}
		})
	}
	if err := (&Config{}).SetCycleFrom("month"); err == nil || !strings.Contains(err.Error(), "want folder, name or name-month") {
		t.Errorf("SetCycleFrom(month) = %v", err)
	}
	if _, err := ParseConfig("drift.yaml", []byte("cycle_from: nam\n")); err == nil || !strings.Contains(err.Error(), `drift.yaml: cycle_from "nam": want folder`) {
		t.Errorf("ParseConfig: %v", err)
	}
}

func TestParseManifest(t *testing.T) {
	tests := []struct {
		name, in, err string
		want          map[string]ManifestEntry
	}{
		{name: "all columns", in: "path,cycle,date,site\n2026-03/a.txt,2026-03b,2026-03-14,east\n./b.vtt,,,\n",
			want: map[string]ManifestEntry{"2026-03/a.txt": {Line: 2, Cycle: "2026-03b", Date: "2026-03-14", Site: "east"}, "b.vtt": {Line: 3}}},
		{name: "columns in any order", in: "\xEF\xBB\xBFsite, path\neast, a.txt\n",
			want: map[string]ManifestEntry{"a.txt": {Line: 2, Site: "east"}}},
		{name: "empty", in: "", want: nil},
		{name: "unknown column", in: "path,cycle,room\n", err: `m.csv:1:3: unknown column "room"; want path,cycle,date,site`},
		{name: "no path column", in: "cycle,site\n", err: `m.csv:1: the header has no path column`},
		{name: "bad date", in: "path,date\na.txt,14/03/2026\n", err: `m.csv:2: date "14/03/2026" is not a date (want YYYY-MM-DD)`},
		{name: "duplicate", in: "path\na.txt\n./a.txt\n", err: `m.csv:3: path "./a.txt" is already listed on line 2`},
		{name: "outside", in: "path\n../a.txt\n", err: `m.csv:2: path "../a.txt" must be relative to the corpus folder`},
		{name: "bad cycle", in: "path,cycle\na.txt,x=y\n", err: `m.csv:2: cycle "x=y" may not contain`},
		{name: "every problem at once", in: "path,date\na.txt,14/03/2026\nb.txt,2026-03-01\n../c.txt,\nb.txt,\n",
			err: "m.csv:2: date \"14/03/2026\" is not a date (want YYYY-MM-DD)\nm.csv:4: path \"../c.txt\" must be relative to the corpus folder\nm.csv:5: path \"b.txt\" is already listed on line 3"},
		{name: "every header problem at once", in: "room,colour\n",
			err: "m.csv:1:1: unknown column \"room\"; want path,cycle,date,site\nm.csv:1:2: unknown column \"colour\"; want path,cycle,date,site\nm.csv:1: the header has no path column"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseManifest("m.csv", []byte(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s: got %+v, want %+v", k, got[k], v)
				}
			}
		})
	}
}

// TestDiscoverAndRead runs Discover and Read over a small corpus and
// checks the metadata precedence: manifest > front matter > drift.yaml
// sites > folder or file name.
func TestDiscoverAndRead(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	writeFiles(t, outside, map[string]string{"secret.txt": "Maria: outside\n"})
	writeFiles(t, root, map[string]string{
		"drift.yaml":          "sites:\n  east: ['*/east-*']\n",
		"manifest.csv":        "path,cycle,date,site\n2026-03/east-b.txt,2026-04,2026-04-02,north\n2026-03/east-c.txt,,,\n",
		"2026-03/east-a.txt":  "Ana: one\n",
		"2026-03/east-b.txt":  "---\ncycle: 2026-99\nsite: south\ndate: 2026-03-01\n---\nAna: two\n",
		"2026-03/east-c.txt":  "---\nsite: south\n---\nAna: three\n",
		"2026-03/.hidden.txt": "Ana: hidden\n",
		".drift/key":          "0123456789abcdef0123456789abcdef\n",
		".git/config":         "x",
		"loose.txt":           "Ana: loose\n",
	})
	if runtime.GOOS != "windows" {
		if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(root, "2026-03", "link-out.txt")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("east-a.txt", filepath.Join(root, "2026-03", "link-in.txt")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("missing.txt", filepath.Join(root, "2026-03", "link-broken.txt")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("../.drift/key", filepath.Join(root, "2026-03", "link-key.txt")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("../2026-03", filepath.Join(root, "2026-03", "link-dir")); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := LoadConfig(root)
	if err != nil {
		t.Fatal(err)
	}
	files, err := Discover(root, cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := testReader(t, cfg)
	var got bytes.Buffer
	for _, f := range files {
		d := r.Read(f)
		got.WriteString(d.Path + " " + string(d.Status) + " cycle=" + d.Cycle + " date=" + d.Date + " site=" + d.Site)
		if d.Reason != "" {
			got.WriteString(" reason=" + d.Reason)
		}
		got.WriteString("\n")
	}
	want := `2026-03/east-a.txt ok cycle=2026-03 date= site=east
2026-03/east-b.txt ok cycle=2026-04 date=2026-04-02 site=north
2026-03/east-c.txt ok cycle=2026-03 date= site=south
2026-03/link-broken.txt skipped cycle=2026-03 date= site= reason=broken symbolic link
2026-03/link-dir skipped cycle=2026-03 date= site= reason=symbolic link to a folder; drift does not follow linked folders, so move or copy the files in
2026-03/link-in.txt ok cycle=2026-03 date= site=
2026-03/link-key.txt skipped cycle=2026-03 date= site= reason=symbolic link points into a hidden file or folder, which drift never reads
2026-03/link-out.txt skipped cycle=2026-03 date= site= reason=symbolic link points outside the corpus; copy the file in instead
drift.yaml config cycle= date= site= reason=corpus configuration, not a transcript
loose.txt skipped cycle= date= site= reason=not inside a cycle folder; move it into a folder named for its cycle (e.g. 2026-03/), give its cycle in manifest.csv or front matter, or use --cycle-from name
manifest.csv config cycle= date= site= reason=corpus configuration, not a transcript
`
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	if got.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", got.String(), want)
	}
}

// TestDiscoverExcludesOutputs checks that a run's own outputs inside the
// corpus (the output folder, with its cache, and profile files) are not
// input: they are left out entirely, whether or not they exist yet.
func TestDiscoverExcludesOutputs(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"2026-03/a.txt":            "Ana: one\n",
		"out/report.md":            "# Narrative drift report\n",
		"out/documents.parquet":    "PAR1",
		"out/.cache/x":             "x",
		"outside-out/keep.txt":     "Ana: two\n",
		"2026-03/cpu.pprof":        "x",
		"2026-03/out-not-ours.txt": "Ana: three\n",
	})
	files, err := Discover(root, &Config{}, filepath.Join(root, "out"), filepath.Join(root, "2026-03", "cpu.pprof"),
		filepath.Join(root, "not-yet"), "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Rel)
	}
	want := "2026-03/a.txt 2026-03/out-not-ours.txt outside-out/keep.txt"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("Discover = %s; want %s", g, want)
	}
}

func TestManifestMissingFilesAllAtOnce(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"manifest.csv": "path,cycle\ngone-b.txt,2026-05\nhere.txt,2026-05\ngone-a.txt,2026-05\n",
		"here.txt":     "Ana: hi\n",
	})
	_, err := LoadConfig(root)
	p := filepath.Join(root, "manifest.csv")
	want := p + `:2: no file "gone-b.txt" in the corpus; fix the path or remove the row` + "\n" +
		p + `:4: no file "gone-a.txt" in the corpus; fix the path or remove the row`
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
}

func TestLoadConfigManifestPaths(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"manifest.csv": "path,cycle\n2026-03/gone.txt,2026-03\n"})
	_, err := LoadConfig(root)
	if err == nil || !strings.Contains(err.Error(), `manifest.csv:2: no file "2026-03/gone.txt" in the corpus`) {
		t.Fatalf("err = %v", err)
	}
}

func TestMaxFileSize(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"c/a.txt": "Ana: " + strings.Repeat("word ", 100)})
	files, err := Discover(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := testReader(t, nil)
	r.MaxFileSize = 100
	d := r.Read(files[0])
	if d.Status != StatusSkipped || !strings.Contains(d.Reason, "over --max-file-size 100") {
		t.Errorf("got %s %q", d.Status, d.Reason)
	}
}

func TestKeyCreation(t *testing.T) {
	root := t.TempDir()
	k1, err := LoadOrCreateKey(root, "")
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(root, ".drift", "key"))
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("key mode %v, want 0600", st.Mode().Perm())
	}
	k2, err := LoadOrCreateKey(root, "")
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatalf("second load: %v, same key %v", err, bytes.Equal(k1, k2))
	}
	kf := filepath.Join(t.TempDir(), "k")
	if err := os.WriteFile(kf, []byte("another key of enough length\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	k3, err := LoadOrCreateKey(root, kf)
	if err != nil || string(k3) != "another key of enough length" {
		t.Fatalf("key file: %q %v", k3, err)
	}
	p1, _ := NewPseudonymizer(k1)
	p3, _ := NewPseudonymizer(k3)
	if p1.Pseudonym("Maria Lopez") == p3.Pseudonym("Maria Lopez") {
		t.Error("different keys give the same pseudonym")
	}
	if p1.Pseudonym("Maria  LOPEZ") != p1.Pseudonym("maria lopez") {
		t.Error("pseudonyms depend on case or spacing")
	}
	if _, err := NewPseudonymizer([]byte("short")); err == nil {
		t.Error("short key accepted")
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"unknown key", "cycles: []\ncolour: red\n", `drift.yaml:2: unknown key "colour"; drift.yaml takes cycle_from, cycles, sites, facilitators and aliases (see docs/ingest.md)`},
		{"unknown key in a cycle entry", "cycles:\n  - id: 2026-03\n    lable: March\n", `drift.yaml:3: unknown key "lable" in a cycles entry; an entry takes id and label (see docs/ingest.md)`},
		{"syntax", "cycles: [\n", `drift.yaml:1: did not find expected node content`},
		{"bad type", "facilitators: {a: 1}\n", `drift.yaml:1: cannot unmarshal !!map into []string`},
		{"alias of two people", "aliases:\n  Ana: [A]\n  Bo: [a]\n", `alias "a" is given for both "Ana" and "Bo"`},
		{"sites not a mapping", "sites: [a]\n", `drift.yaml:1:8: sites must be a mapping`},
		{"bad glob", "sites:\n  east: ['[']\n", `bad glob "["`},
		{"cycle twice", "cycles: [{id: a}, {id: a}]\n", `cycle "a" is listed twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig("drift.yaml", []byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}
