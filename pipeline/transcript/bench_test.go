package transcript

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkReadText reads a 2.6 MB text transcript with tags, continuation
// lines and stage notes in every turn.
func BenchmarkReadText(b *testing.B) {
	var txt strings.Builder
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&txt, "Speaker %d: the rent went up again and the heating is off (laughs) [crosstalk]\nand it goes on, we said no more of this, line %d\n", i%7, i)
	}
	s := txt.String()
	r := testReader(b, nil)
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		readBytes(r, "c/x.txt", []byte(s))
	}
}

// BenchmarkReadNames reads the debates and addresses of shared/corpora
// (skipped when absent) with Read and with ReadNames, which the first
// pass of a run (the speakers' names) uses.
func BenchmarkReadNames(b *testing.B) {
	root := filepath.Join("..", "..", "..", "shared", "corpora")
	if _, err := os.Stat(root); err != nil {
		b.Skip("shared/corpora is not beside the repository")
	}
	var files []File
	var size int64
	var cfg *Config
	for _, dir := range []string{filepath.Join(root, "us-debates", "by_debate"), filepath.Join(root, "sotu", "addresses")} {
		c, err := LoadConfig(dir)
		if err != nil {
			b.Fatal(err)
		}
		fs, err := Discover(dir, c)
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range fs {
			files = append(files, f)
			size += f.Size
		}
		cfg = c
	}
	r := testReader(b, cfg)
	for _, bc := range []struct {
		name string
		read func(File) Document
	}{{"Read", r.Read}, {"ReadNames", r.ReadNames}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(size)
			for i := 0; i < b.N; i++ {
				for _, f := range files {
					bc.read(f)
				}
			}
		})
	}
}
