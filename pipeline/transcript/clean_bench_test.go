package transcript

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline/internal/cputime"
)

// cleanBenchTurns returns the lines of a few US presidential debates and
// addresses from shared/corpora beside the repository (skipping when that
// is absent): lines of speech as turns arrive at Clean, with their stage
// notes ("(Applause.)", "[crosstalk]") and colons.
func cleanBenchTurns(b *testing.B) []string {
	b.Helper()
	var files []string
	for _, pat := range []string{"us-debates/by_debate/20*.txt", "sotu/addresses/20*.txt"} {
		m, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpora", pat))
		if len(m) == 0 {
			m, _ = filepath.Glob(filepath.Join("/work", "shared", "corpora", pat))
		}
		if len(m) > 8 {
			m = m[:8]
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		b.Skip("shared/corpora not found")
	}
	var turns []string
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		for _, l := range strings.Split(string(t), "\n") {
			if strings.TrimSpace(l) != "" {
				turns = append(turns, l)
			}
		}
	}
	return turns
}

// BenchmarkClean cleans the lines of 16 debates and addresses.
func BenchmarkClean(b *testing.B) {
	turns := cleanBenchTurns(b)
	n := 0
	for _, t := range turns {
		n += len(t)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	defer cputime.Timer(b)()
	for b.Loop() {
		for _, t := range turns {
			Clean(t)
		}
	}
}
