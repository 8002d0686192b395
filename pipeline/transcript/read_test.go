package transcript

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestReadCapped: the file's bytes, at most limit+1 of them, whatever size
// discovery saw (the file may have grown or shrunk since).
func TestReadCapped(t *testing.T) {
	big := bytes.Repeat([]byte("Ana: rent went up.\n"), 1000)
	tests := []struct {
		name        string
		data        []byte
		size, limit int64
		want        int
	}{
		{"same size", big, int64(len(big)), 1 << 20, len(big)},
		{"grew", big, 10, 1 << 20, len(big)},
		{"shrank", big, 1 << 19, 1 << 20, len(big)},
		{"empty", nil, 0, 1 << 20, 0},
		{"over the limit", big, int64(len(big)), 100, 101},
		{"over the limit, seen small", big, 10, 100, 101},
		{"unknown size", big, -1, 1 << 20, len(big)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "f.txt")
			if err := os.WriteFile(p, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			// Into a new buffer, and into used ones too small and large
			// enough, full of other bytes.
			for _, buf := range [][]byte{nil, bytes.Repeat([]byte{'x'}, 3), bytes.Repeat([]byte{'y'}, 3<<20)} {
				got, err := readCapped(p, tt.size, tt.limit, buf[:0])
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != tt.want || !bytes.Equal(got, tt.data[:tt.want]) {
					t.Errorf("buffer of %d: read %d bytes, want the first %d", len(buf), len(got), tt.want)
				}
			}
		})
	}
	if _, err := readCapped(filepath.Join(t.TempDir(), "missing"), 0, 10, nil); err == nil {
		t.Error("missing file: no error")
	}
}

// TestReadReusesBuffers reads every ingest fixture, then reads each again:
// the buffers a read reuses (bufs) never change a Document read before.
func TestReadReusesBuffers(t *testing.T) {
	cfg, err := LoadConfig(ingestDir)
	if err != nil {
		t.Fatal(err)
	}
	files, err := Discover(ingestDir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := testReader(t, cfg)
	docs := make([]Document, len(files))
	for i, f := range files {
		docs[i] = r.Read(f)
		r.Names(f)
	}
	ok := 0
	for i, f := range files {
		if again := r.Read(f); !reflect.DeepEqual(again, docs[i]) {
			t.Errorf("%s: read again, it differs from the first read", f.Rel)
		}
		if docs[i].Status == StatusOK {
			ok++
		}
	}
	if ok < 10 {
		t.Errorf("only %d fixtures read", ok)
	}
}
