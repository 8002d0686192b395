package transcript

import (
	"bytes"
	"os"
	"path/filepath"
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
			got, err := readCapped(p, tt.size, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want || !bytes.Equal(got, tt.data[:tt.want]) {
				t.Errorf("read %d bytes, want the first %d", len(got), tt.want)
			}
		})
	}
	if _, err := readCapped(filepath.Join(t.TempDir(), "missing"), 0, 10); err == nil {
		t.Error("missing file: no error")
	}
}
