package pipeline

import (
	"bytes"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoBuildID checks the executable's fingerprint: the build ID "go
// tool buildid" prints for an ELF executable (the test binary), and
// nothing for a file that is not ELF or whose note is not the Go
// linker's, where exeHash hashes the whole file instead.
func TestGoBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	f, err := elf.Open(exe)
	if err != nil {
		t.Skipf("the test binary is not ELF (%v)", err)
	}
	sec, bo := f.Section(".note.go.buildid"), f.ByteOrder
	f.Close()
	if sec == nil {
		t.Fatal("the test binary has no .note.go.buildid")
	}
	got := goBuildID(exe)
	if goTool, err := exec.LookPath("go"); err == nil {
		out, err := exec.Command(goTool, "tool", "buildid", exe).Output()
		if err != nil {
			t.Fatalf("go tool buildid: %v", err)
		}
		if want := strings.TrimSpace(string(out)); got != want {
			t.Errorf("goBuildID = %q, go tool buildid says %q", got, want)
		}
	} else if strings.Count(got, "/") < 1 {
		t.Errorf("goBuildID = %q, not a build ID", got)
	}
	if h := exeHash(); h != "go-build-id:"+got {
		t.Errorf("exeHash = %q, want the build ID %q", h, got)
	}

	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	note := int(sec.Offset)
	if !bytes.Equal(data[note+12:note+16], []byte("Go\x00\x00")) {
		t.Fatalf("the note's name is %q", data[note+12:note+16])
	}
	renamed := bytes.Clone(data)
	copy(renamed[note+12:], "Gx")
	huge := bytes.Clone(data)
	bo.PutUint32(huge[note+4:], 1<<31)
	empty := bytes.Clone(data)
	bo.PutUint32(empty[note+4:], 0)
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"not an executable", []byte("speaker: text\n")},
		{"a note of another name", renamed},
		{"a description longer than the note", huge},
		{"an empty build ID", empty},
	} {
		if id := goBuildID(write(strings.ReplaceAll(tc.name, " ", "-"), tc.data)); id != "" {
			t.Errorf("%s: goBuildID = %q, want none", tc.name, id)
		}
	}
	if id := goBuildID(filepath.Join(dir, "missing")); id != "" {
		t.Errorf("a missing file: goBuildID = %q", id)
	}
}
