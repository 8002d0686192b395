package transcript

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline/internal/cputime"
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
	defer cputime.Timer(b)()
	for b.Loop() {
		readBytes(r, "c/x.txt", []byte(s))
	}
}

// BenchmarkReadNames reads the debates and addresses of shared/corpora
// (skipped when absent) with Read and with Names, which the first pass of
// a run (the speakers' names) uses.
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
		read func(File)
	}{{"Read", func(f File) { r.Read(f) }}, {"Names", func(f File) { r.Names(f) }}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(size)
			defer cputime.Timer(b)()
			for b.Loop() {
				for _, f := range files {
					bc.read(f)
				}
			}
		})
	}
}

// BenchmarkReadShared reads eight US presidential debates and eight State
// of the Union addresses from shared/corpora beside the repository (the
// bench corpus's sources; skipped when absent), as Read does after the
// file is in memory.
func BenchmarkReadShared(b *testing.B) {
	type file struct {
		rel  string
		data []byte
	}
	var files []file
	size := 0
	for _, pat := range []string{"us-debates/by_debate/20*.txt", "sotu/addresses/20*.txt"} {
		m, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpora", pat))
		if len(m) == 0 {
			m, _ = filepath.Glob(filepath.Join("/work", "shared", "corpora", pat))
		}
		for _, p := range m[:min(len(m), 8)] {
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			files = append(files, file{"c/" + filepath.Base(p), data})
			size += len(data)
		}
	}
	if len(files) == 0 {
		b.Skip("shared/corpora not found")
	}
	r := testReader(b, nil)
	b.SetBytes(int64(size))
	defer cputime.Timer(b)()
	for b.Loop() {
		for _, f := range files {
			readBytes(r, f.rel, f.data)
		}
	}
}
