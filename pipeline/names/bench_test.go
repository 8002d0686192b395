package names

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline/internal/cputime"
)

// BenchmarkReplace masks the sample corpus's transcripts with 40 names.
func BenchmarkReplace(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "corpus", "*", "*"))
	var sb strings.Builder
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		sb.Write(t)
	}
	text := sb.String()
	var entries []Entry
	for _, n := range []string{"Gary Pennock", "Dieter Halloran", "Marisol Oyelaran", "Kevin Tolliver", "Shonda Pruitt",
		"Delphine Okafor-Reyes", "Nadia Gorecki", "Farhiya Dualeh", "Brenda Kowalczyk", "Dariusz Mroczek", "Hector Quillan",
		"Amadou Trevane", "Rosa Lindqvist", "Lenka Voskuil", "Priya Ramdass", "Tuyet Abernathy", "Walt Imbery", "Marcus Ebbing"} {
		full, first := Forms(n)
		entries = append(entries, Entry{Name: full, Repl: "spk-00000000"}, Entry{Name: first, Repl: "spk-00000000"})
	}
	m := New(entries)
	b.SetBytes(int64(len(text)))
	defer cputime.Timer(b)()
	for b.Loop() {
		m.Replace(text)
	}
}
