package segment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jdkato/prose/v2"

	"github.com/drift-project/drift/pipeline/internal/cputime"
)

// benchText returns the sample corpus of the repository as one text, or,
// with shared=true, a few US presidential debates and addresses from
// shared/corpora beside the repository (skipping when that is absent).
func benchText(b *testing.B, shared bool) string {
	b.Helper()
	var files []string
	if shared {
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
	} else {
		files, _ = filepath.Glob(filepath.Join("..", "..", "testdata", "corpus", "*", "*"))
	}
	var sb strings.Builder
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		sb.Write(t)
		sb.WriteByte('\n')
	}
	return sb.String()
}

// paragraphs splits text at newlines, as turns arrive from transcripts.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(text, "\n") {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

func benchSplit(b *testing.B, shared bool) {
	paras := paragraphs(benchText(b, shared))
	n := 0
	for _, p := range paras {
		n += len(p)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	defer cputime.Timer(b)()
	for b.Loop() {
		for _, p := range paras {
			Split(p)
		}
	}
}

// BenchmarkSplit tokenises and splits the sample corpus, turn by turn.
func BenchmarkSplit(b *testing.B) { benchSplit(b, false) }

// BenchmarkSplitShared does the same on debates and addresses.
func BenchmarkSplitShared(b *testing.B) { benchSplit(b, true) }

func BenchmarkNormalize(b *testing.B) {
	words := strings.Fields("The Organisation's Labour NEIGHBOURHOOD rent strike wages don’t we were evicted")
	b.ReportAllocs()
	defer cputime.Timer(b)()
	for b.Loop() {
		for _, w := range words {
			Normalize(w)
		}
	}
}

// tagSentences returns sentences with a first-person pronoun, the ones
// drift tags.
func tagSentences(b *testing.B) ([]string, int) {
	text := benchText(b, true)
	var out []string
	n := 0
	for _, p := range paragraphs(text) {
		for _, s := range Split(p) {
			for _, t := range s.Tokens {
				if t.Norm == "i" || t.Norm == "we" || t.Norm == "my" || t.Norm == "our" {
					out = append(out, p[s.Start:s.End])
					n += s.End - s.Start
					break
				}
			}
		}
		if len(out) >= 2000 {
			break
		}
	}
	return out, n
}

// BenchmarkTags is drift's POS tagging of first-person sentences.
func BenchmarkTags(b *testing.B) {
	sents, n := tagSentences(b)
	var tg Tagger
	tg.Tags("warm up")
	b.SetBytes(int64(n))
	b.ReportAllocs()
	defer cputime.Timer(b)()
	for b.Loop() {
		for _, s := range sents {
			tg.Tags(s)
		}
	}
}

// BenchmarkTagsProse is the same sentences through prose's own tagger,
// with one model reused, as Tags did before it had its own perceptron.
func BenchmarkTagsProse(b *testing.B) {
	sents, n := tagSentences(b)
	d, err := prose.NewDocument("", prose.WithSegmentation(false))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	defer cputime.Timer(b)()
	for b.Loop() {
		for _, s := range sents {
			if _, err := prose.NewDocument(s, prose.WithSegmentation(false), prose.WithExtraction(false), prose.UsingModel(d.Model)); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkLoadPerceptron: reading prose's tagger model, once per run.
func BenchmarkLoadPerceptron(b *testing.B) {
	b.ReportAllocs()
	defer cputime.Timer(b)()
	for range b.N {
		if _, err := loadPerceptron(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProseTokenize is the tokenizing Tags does for the tagger, on
// first-person sentences.
func BenchmarkProseTokenize(b *testing.B) {
	sents, n := tagSentences(b)
	var toks []string
	b.SetBytes(int64(n))
	b.ReportAllocs()
	defer cputime.Timer(b)()
	for b.Loop() {
		for _, s := range sents {
			toks = proseTokenize(s, toks[:0])
		}
	}
}
