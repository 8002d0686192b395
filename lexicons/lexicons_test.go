package lexicons_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-project/drift/lexicons"
	"github.com/drift-project/drift/pipeline/lexicon"
	"github.com/drift-project/drift/pipeline/match"
	"github.com/drift-project/drift/pipeline/segment"
)

// TestLexicons loads the embedded lexicons (every problem is reported with
// file:line:col) and runs every entry of their tests: lists, as drift
// lexicon test does.
func TestLexicons(t *testing.T) {
	set, err := lexicon.Load(lexicons.FS)
	if err != nil {
		t.Fatalf("loading the embedded lexicons:\n%v", err)
	}
	for _, p := range set.Lint {
		t.Logf("lint: %v", p)
	}
	res := match.RunTests(set, match.Options{})
	if res.Run == 0 {
		t.Fatal("the embedded lexicons have no tests")
	}
	for _, f := range res.Failures {
		t.Errorf("%v", f)
	}
	t.Logf("%d lexicon tests, %d failures", res.Run, len(res.Failures))
}

// corpusText is the sample corpus's transcripts, repeated to about 1 MB.
func corpusText(b *testing.B) string {
	files, err := filepath.Glob("../testdata/corpus/*/*")
	if err != nil || len(files) == 0 {
		b.Skip("no sample corpus")
	}
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			sb.Write(data)
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

// BenchmarkScanDefaults measures the embedded lexicons' matcher alone over
// pre-split sentences of the sample corpus.
// BenchmarkLoadDefaults loads and checks the embedded lexicons, as every
// drift run does before it reads a file.
func BenchmarkLoadDefaults(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := lexicon.Load(lexicons.FS); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScanDefaults(b *testing.B) {
	set, err := lexicon.Load(lexicons.FS)
	if err != nil {
		b.Fatal(err)
	}
	m := lexicon.Compile(set)
	text := corpusText(b)
	sents := segment.Split(text)
	var spans []lexicon.Span
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range sents {
			spans = m.Scan(s.Tokens, spans[:0])
		}
	}
}

// BenchmarkMatchDefaults measures the whole hot path without POS tags
// (splitting, tokenising, normalising, matching, flags) per line of text.
func BenchmarkMatchDefaults(b *testing.B) {
	set, err := lexicon.Load(lexicons.FS)
	if err != nil {
		b.Fatal(err)
	}
	e := &match.Engine{M: lexicon.Compile(set)}
	text := corpusText(b)
	lines := strings.Split(text, "\n")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, l := range lines {
			e.Match(l, false)
		}
	}
}
