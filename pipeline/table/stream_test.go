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

// TestPartWriterBufferReuse checks that the pooled write buffer of a
// closed PartWriter is out of its reach: a second Close fails without
// touching the file of the writer that got the buffer next, and both
// files have Encode's bytes.
func TestPartWriterBufferReuse(t *testing.T) {
	meta := Meta{"schema_version": SchemaVersion}
	rows := []Turn{{DocPath: "2026-01/a.md", Turn: 1, Speaker: "spk-1", Role: "participant", Text: "We decided."}}
	want, err := Encode(rows, meta)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	paths := []string{filepath.Join(dir, "a.parquet"), filepath.Join(dir, "b.parquet")}
	a, err := NewPartWriter[Turn](paths[0], meta, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := NewPartWriter[Turn](paths[1], meta, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Write(rows); err != nil {
		t.Fatal(err)
	}
	a.Close() // again: an error or nothing, but nothing written anywhere
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s (%d bytes) differs from Encode's (%d bytes)", filepath.Base(p), len(got), len(want))
		}
	}
}
