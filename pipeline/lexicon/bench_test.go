package lexicon

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline/internal/cputime"
	"github.com/drift-project/drift/pipeline/segment"
)

// benchLexicon generates a lexicon of about 600 entries: words, stems and
// phrases, in two dimensions with exclusions, shaped like the defaults.
func benchLexicon() string {
	var b strings.Builder
	b.WriteString("name: bench\nversion: 1.0.0\ndimensions:\n")
	n := 0
	for d := 0; d < 2; d++ {
		fmt.Fprintf(&b, "  - name: dim%d\n    categories:\n", d)
		for c := 0; c < 2; c++ {
			fmt.Fprintf(&b, "      - name: cat%d%d\n        subcategories:\n          - name: sub\n            entries:\n", d, c)
			for i := 0; i < 150; i++ {
				w := benchWord(n)
				n++
				switch i % 3 {
				case 0:
					fmt.Fprintf(&b, "              - %s\n", w)
				case 1:
					fmt.Fprintf(&b, "              - %s*\n", w)
				default:
					fmt.Fprintf(&b, "              - %s %s\n", w, benchWord(n+7))
				}
			}
		}
		fmt.Fprintf(&b, "    exclusions:\n      - %s %s\n", benchWord(d*300), "zzexcl")
	}
	return b.String()
}

func benchWord(i int) string {
	const letters = "abcdefghijklmnoprstuvw"
	var b [6]byte
	for k := range b {
		b[k] = letters[(i*7+k*13+i/5)%len(letters)]
	}
	return string(b[:]) + fmt.Sprint(i%10)
}

// benchText generates about size bytes of sentences mixing filler words,
// lexicon words and phrases.
func benchText(size int) string {
	r := rand.New(rand.NewPCG(1, 2))
	filler := strings.Fields("the we and they said that it was our rent when my landlord came to us about money so I told him no because working people can't pay")
	var b strings.Builder
	for b.Len() < size {
		words := 8 + r.IntN(12)
		for i := 0; i < words; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			if r.IntN(10) == 0 {
				b.WriteString(benchWord(r.IntN(600)))
				if r.IntN(3) == 0 {
					b.WriteString("ing")
				}
			} else {
				b.WriteString(filler[r.IntN(len(filler))])
			}
		}
		b.WriteString(". ")
	}
	return b.String()
}

// BenchmarkScan measures Matcher.Scan alone over pre-tokenised sentences of
// about 1 MB of generated text; b.SetBytes makes the MB/s figure.
func BenchmarkScan(b *testing.B) {
	set, err := loadOne("bench.yaml", benchLexicon())
	if err != nil {
		b.Fatal(err)
	}
	benchScan(b, Compile(set))
}

// benchScan measures m.Scan alone over pre-tokenised sentences of about
// 1 MB of generated text; b.SetBytes makes the MB/s figure.
func benchScan(b *testing.B, m *Matcher) {
	text := benchText(1 << 20)
	sents := segment.Split(text)
	var spans []Span
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range sents {
			spans = m.Scan(s.Tokens, spans[:0])
		}
	}
}

// BenchmarkTokenizeScan measures splitting and scanning together.
func BenchmarkTokenizeScan(b *testing.B) {
	set, err := loadOne("bench.yaml", benchLexicon())
	if err != nil {
		b.Fatal(err)
	}
	m := Compile(set)
	text := benchText(1 << 20)
	var spans []Span
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range segment.Split(text) {
			spans = m.Scan(s.Tokens, spans[:0])
		}
	}
}

// BenchmarkScanDefaults measures Scan alone with the default lexicons of
// lexicons/ over real turns: "corpus" is testdata/corpus (the story
// circles), "shared" the 2000-2020 US debates and State of the Union
// addresses of shared/corpora (the 50 MB bench corpus's sources; skipped
// when absent). Turns are split into sentences before the timer starts.
func BenchmarkScanDefaults(b *testing.B) {
	set, err := Load(os.DirFS(filepath.Join("..", "..", "lexicons")))
	if err != nil {
		b.Fatal(err)
	}
	m := Compile(set)
	shared := filepath.Join("..", "..", "..", "shared", "corpora")
	if _, err := os.Stat(shared); err != nil {
		shared = filepath.Join("/work", "shared", "corpora")
	}
	for _, bc := range []struct {
		name string
		pats []string
	}{
		{"corpus", []string{"../../testdata/corpus/*/*.txt", "../../testdata/corpus/*/*.md"}},
		{"shared", []string{filepath.Join(shared, "us-debates/by_debate/20*.txt"), filepath.Join(shared, "sotu/addresses/20*.txt")}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			sents, size := benchTurns(b, bc.pats)
			if len(sents) == 0 {
				b.Skip("no files match", bc.pats)
			}
			var spans []Span
			b.SetBytes(size)
			b.ReportAllocs()
			b.ResetTimer()
			defer cputime.Timer(b)()
			for b.Loop() {
				for _, s := range sents {
					spans = m.Scan(s, spans[:0])
				}
			}
		})
	}
}

// benchTurns reads "Speaker: text" lines of the files matching pats and
// returns the tokens of each sentence of each turn, and the text's size.
func benchTurns(b *testing.B, pats []string) (sents [][]segment.Token, size int64) {
	for _, pat := range pats {
		files, _ := filepath.Glob(pat)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			for _, line := range strings.Split(string(data), "\n") {
				if _, text, ok := strings.Cut(line, ": "); ok {
					line = text
				}
				size += int64(len(line))
				for _, s := range segment.Split(line) {
					sents = append(sents, s.Tokens)
				}
			}
		}
	}
	return sents, size
}
