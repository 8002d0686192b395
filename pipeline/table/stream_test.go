package table

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPartWriterPagesOnDisk checks that a PartWriter keeps the pages of its
// open row group in temporary files beside the part, not in memory, that
// the bytes are those Encode gives for the same rows in one row group,
// and that neither Close nor Abort leaves a temporary file behind.
func TestPartWriterPagesOnDisk(t *testing.T) {
	rows := make([]Turn, 600)
	for i := range rows {
		// Long, barely compressible texts fill several 256 KiB pages.
		rows[i] = Turn{DocPath: "2026-01/a.md", Turn: int32(i), Speaker: "spk-1", Role: "participant",
			Text: strings.Repeat(fmt.Sprintf("turn %d says %x. ", i, i*7919), 60)}
	}
	meta := Meta{"schema_version": SchemaVersion}
	want, err := Encode(rows, meta)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		abort bool
	}{{"close", false}, {"abort", true}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "part-00000.parquet")
			w, err := NewPartWriter[Turn](path, meta, len(rows)+1)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Write(rows); err != nil {
				t.Fatal(err)
			}
			if pages, _ := filepath.Glob(filepath.Join(dir, ".pages-*")); len(pages) == 0 {
				t.Error("no temporary page file while the row group is open: pages are held in memory")
			}
			if tt.abort {
				if err := w.Abort(); err != nil {
					t.Fatal(err)
				}
			} else if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			left, _ := os.ReadDir(dir)
			var names []string
			for _, e := range left {
				names = append(names, e.Name())
			}
			wantNames := "part-00000.parquet"
			if tt.abort {
				wantNames = ""
			}
			if got := strings.Join(names, ","); got != wantNames {
				t.Errorf("files left: %q, want %q", got, wantNames)
			}
			if tt.abort {
				return
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("part file (%d bytes) differs from Encode's (%d bytes)", len(got), len(want))
			}
		})
	}
}
