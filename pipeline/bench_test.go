package pipeline

import (
	"path/filepath"
	"testing"

	"github.com/drift-project/drift/pipeline/transcript"

	"github.com/drift-project/drift/pipeline/internal/cputime"
)

// benchCorpus makes a corpus of one cycle from 16 US presidential debates
// and addresses in shared/corpora beside the repository, or from the
// sample corpus when that is absent.
func benchCorpus(b *testing.B) string {
	b.Helper()
	var files []string
	for _, pat := range []string{"us-debates/by_debate/20*.txt", "sotu/addresses/20*.txt"} {
		m, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpora", pat))
		if len(m) == 0 {
			m, _ = filepath.Glob(filepath.Join("/work", "shared", "corpora", pat))
		}
		if len(m) > 8 {
			m = m[:8]
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		return makeCorpus(b, 1, "2026-01", "2026-02", "2026-03", "2026-04")
	}
	dst := b.TempDir()
	for _, f := range files {
		copyFile(b, f, filepath.Join(dst, "2000s", filepath.Base(f)))
	}
	return dst
}

// benchDocs prepares a run over benchCorpus, tags every file once, and
// sets the benchmark's bytes per op to the files' total size.
func benchDocs(b *testing.B) (*plan, []transcript.File, []*docResult) {
	b.Helper()
	p, err := prepare(Config{Corpus: benchCorpus(b), Out: b.TempDir(), Tagger: sharedTagger})
	if err != nil {
		b.Fatal(err)
	}
	var rs []*docResult
	var size int64
	for _, f := range p.files {
		rs = append(rs, p.tag(f))
		size += f.Size
	}
	b.SetBytes(size)
	return p, p.files, rs
}

// BenchmarkTag reads, segments, matches and tags 16 debates and addresses
// one after the other, as a worker does (tag: everything but the cache).
func BenchmarkTag(b *testing.B) {
	p, files, _ := benchDocs(b)
	b.ReportAllocs()
	defer cputime.Timer(b)()
	for b.Loop() {
		for _, f := range files {
			p.tag(f)
		}
	}
}

// BenchmarkCacheStore stores the results of 16 debates and addresses in
// the cache: their rows encoded, the entry compressed and written.
func BenchmarkCacheStore(b *testing.B) {
	p, files, rs := benchDocs(b)
	c := openCache(b.TempDir(), Shard{}, p.settings, p.key)
	b.ReportAllocs()
	defer cputime.Timer(b)()
	for b.Loop() {
		for i, f := range files {
			c.store(f, rs[i])
		}
	}
}

// BenchmarkCacheLoad loads the cached results of 16 debates and addresses
// and decodes their rows, as a rerun does for a changed cycle.
func BenchmarkCacheLoad(b *testing.B) {
	p, files, rs := benchDocs(b)
	c := openCache(b.TempDir(), Shard{}, p.settings, p.key)
	for i, f := range files {
		c.store(f, rs[i])
	}
	b.ReportAllocs()
	defer cputime.Timer(b)()
	for b.Loop() {
		for _, f := range files {
			r := c.load(f)
			if r == nil {
				b.Fatal("cache miss")
			}
			if err := r.decodeRows(); err != nil {
				b.Fatal(err)
			}
		}
	}
}
