package table

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestReadFileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	est := 0.0 // a zero estimate must read back as 0, not NULL
	rows := []Drift{
		{Scope: "cycle", Cycle: "2026-01", Site: "all", Measure: "class_share", Estimate: &est, Verdict: "insufficient_data", NSpeakers: 3},
		{Scope: "trend", Site: "all", Measure: "class_share", Verdict: "rose"},
	}
	p := filepath.Join(dir, DriftFile)
	if err := WriteFile(p, rows, Meta{"schema_version": SchemaVersion}); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile[Drift](p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, rows) {
		t.Errorf("got %+v, want %+v", got, rows)
	}
	// An empty table reads as no rows.
	if err := WriteFile(filepath.Join(dir, "empty.parquet"), []Keyness(nil), nil); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadFile[Keyness](filepath.Join(dir, "empty.parquet")); err != nil || len(got) != 0 {
		t.Errorf("empty table: %v, %v", got, err)
	}
}

func TestReadOptional(t *testing.T) {
	dir := t.TempDir()
	got, err := ReadOptional[Keyness](filepath.Join(dir, "keyness.parquet"))
	if err != nil || got != nil {
		t.Errorf("missing table: got %v, %v; want no rows and no error", got, err)
	}
	if _, err := ReadFile[Keyness](filepath.Join(dir, "keyness.parquet")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile of a missing file: %v, want fs.ErrNotExist", err)
	}
	bad := filepath.Join(dir, "bad.parquet")
	if err := os.WriteFile(bad, []byte("not parquet at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadOptional[Keyness](bad); err == nil {
		t.Error("a file that is not Parquet must give an error")
	}
}

func TestReadPartitions(t *testing.T) {
	dir := t.TempDir()
	write := func(cycle string, n int, rows []Turn) {
		if err := WriteFile(filepath.Join(dir, filepath.FromSlash(PartPath(TurnsDir, cycle, n))), rows, nil); err != nil {
			t.Fatal(err)
		}
	}
	write("2026-02", 0, []Turn{{DocPath: "b", Turn: 1}})
	write("2026-01", 1, []Turn{{DocPath: "a", Turn: 2}})
	write("2026-01", 0, []Turn{{DocPath: "a", Turn: 1}})
	write("spring 2026/a", 0, []Turn{{DocPath: "c"}})
	if err := os.WriteFile(filepath.Join(dir, TurnsDir, "README"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	parts, err := ReadPartitions[Turn](filepath.Join(dir, TurnsDir))
	if err != nil {
		t.Fatal(err)
	}
	var cycles []string
	for _, p := range parts {
		cycles = append(cycles, p.Cycle)
	}
	if want := []string{"2026-01", "2026-02", "spring 2026/a"}; !reflect.DeepEqual(cycles, want) {
		t.Fatalf("cycles %q, want %q", cycles, want)
	}
	if got := parts[0].Rows; len(got) != 2 || got[0].Turn != 1 || got[1].Turn != 2 {
		t.Errorf("2026-01 rows %+v, want part 0 then part 1", got)
	}
	none, err := ReadPartitions[Turn](filepath.Join(dir, "matches"))
	if err != nil || none != nil {
		t.Errorf("missing table: %v, %v", none, err)
	}
}

// TestReadOlderFile reads a file written before columns were added to the
// row type: the new columns read as zero values (NULL for pointers).
func TestReadOlderFile(t *testing.T) {
	type older struct {
		Scope   string `parquet:"scope"`
		Measure string `parquet:"measure"`
	}
	p := filepath.Join(t.TempDir(), DriftFile)
	if err := WriteFile(p, []older{{"cycle", "class_share"}}, nil); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile[Drift](p)
	if err != nil || len(got) != 1 || got[0].Measure != "class_share" || got[0].Estimate != nil {
		t.Fatalf("got %+v, %v", got, err)
	}
}
