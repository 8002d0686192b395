package pipeline

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
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

// TestBuildIDNote reads build IDs from notes made by hand: either byte
// order, and each way a note can fail to be the Go linker's.
func TestBuildIDNote(t *testing.T) {
	const id = "mQXjYSICoXbzm6C7OqwP/LRGFaVgbcNLwjKyQIyOO/GL03gMWMOZMjFS_GFiVU/DufPqQR2O7aq6nx_2Hef"
	note := func(bo binary.ByteOrder, namesz, descsz, typ uint32, name, desc string) []byte {
		b := make([]byte, 12, 12+len(name)+len(desc))
		bo.PutUint32(b, namesz)
		bo.PutUint32(b[4:], descsz)
		bo.PutUint32(b[8:], typ)
		return append(append(b, name...), desc...)
	}
	le, be := binary.LittleEndian, binary.BigEndian
	good := note(le, 4, uint32(len(id)), 4, "Go\x00\x00", id)
	cases := []struct {
		name string
		b    []byte
		bo   binary.ByteOrder
		want string
	}{
		{"little-endian", good, le, id},
		{"big-endian", note(be, 4, uint32(len(id)), 4, "Go\x00\x00", id), be, id},
		{"padded after the ID", append(bytes.Clone(good), 0, 0, 0), le, id},
		{"read in the other byte order", good, be, ""},
		{"another type", note(le, 4, uint32(len(id)), 3, "Go\x00\x00", id), le, ""},
		{"another name size", note(le, 3, uint32(len(id)), 4, "Go\x00\x00", id), le, ""},
		{"another name", note(le, 4, uint32(len(id)), 4, "GNU\x00", id), le, ""},
		{"a description one byte past the end", note(le, 4, uint32(len(id))+1, 4, "Go\x00\x00", id), le, ""},
		{"a description of 2^32-1 bytes", note(le, 4, 1<<32-1, 4, "Go\x00\x00", id), le, ""},
		{"a header only", good[:12], le, ""},
		{"15 bytes", good[:15], le, ""},
		{"empty", nil, le, ""},
		{"an empty ID", note(le, 4, 0, 4, "Go\x00\x00", ""), le, ""},
		{"an ID set by hand", note(le, 4, 5, 4, "Go\x00\x00", "fixed"), le, ""},
		{"one part", note(le, 4, 20, 4, "Go\x00\x00", id[:20]), le, ""},
		{"a short part", note(le, 4, 40, 4, "Go\x00\x00", id[:20]+"/"+id[21:40]), le, ""},
		{"a part not base64", note(le, 4, 41, 4, "Go\x00\x00", strings.Replace(id[:41], "Y", "+", 1)), le, ""},
	}
	for _, tc := range cases {
		if got := buildIDNote(tc.b, tc.bo); got != tc.want {
			t.Errorf("%s: buildIDNote = %q, want %q", tc.name, got, tc.want)
		}
	}
}
