package table_test

// Tests of the --text policy (full, masked, none) for turn text, read
// back from the Parquet files with arrow-go.

import (
	"bufio"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline"
	"github.com/drift-project/drift/pipeline/table"
	"github.com/drift-project/drift/pipeline/transcript"
)

const policyKey = "00112233445566778899aabbccddeeff"

// policyCorpus writes a one-file corpus with a facilitator and an alias.
func policyCorpus(t *testing.T) (corpus, keyFile string) {
	t.Helper()
	dir := t.TempDir()
	corpus = filepath.Join(dir, "corpus")
	write := func(rel, s string) {
		p := filepath.Join(corpus, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("drift.yaml", "facilitators:\n  - Marisol Oyelaran\naliases:\n  Jamal Reyes: [\"JR\"]\n")
	write("2026-01/circle.txt", strings.Join([]string{
		"Marisol Oyelaran: Welcome. Jamal, will you start?",
		"Jamal Reyes: Thanks Marisol. The landlord raised the rent again and the boss cut our hours.",
		"Priya Nair: Same here. Jamal Reyes told me about the rent strike, and Priya is tired of waiting.",
		"JR: Priya, the union meets on Thursday.",
		"",
	}, "\n"))
	keyFile = filepath.Join(dir, "key")
	if err := os.WriteFile(keyFile, []byte(policyKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return corpus, keyFile
}

// runPolicy runs the pipeline with a text policy and returns the turns'
// speakers and texts in order.
func runPolicy(t *testing.T, policy string) (speakers, texts []string) {
	t.Helper()
	corpus, key := policyCorpus(t)
	out := filepath.Join(t.TempDir(), "out")
	if _, err := pipeline.Run(context.Background(), pipeline.Config{Corpus: corpus, Out: out, KeyFile: key, Workers: 1, Text: policy}, nil); err != nil {
		t.Fatalf("Run with text %q: %v", policy, err)
	}
	tbl := readTable(t, filepath.Join(out, table.PartPath(table.TurnsDir, "2026-01", 0)))
	defer tbl.Release()
	return strCol(t, tbl, "speaker"), strCol(t, tbl, "text")
}

func pseudonym(t *testing.T, name string) string {
	t.Helper()
	ps, err := transcript.NewPseudonymizer([]byte(policyKey))
	if err != nil {
		t.Fatal(err)
	}
	return ps.Pseudonym(name)
}

func TestTextPolicyFull(t *testing.T) {
	_, texts := runPolicy(t, pipeline.TextFull)
	want := []string{
		"Welcome. Jamal, will you start?",
		"Thanks Marisol. The landlord raised the rent again and the boss cut our hours.",
		"Same here. Jamal Reyes told me about the rent strike, and Priya is tired of waiting.",
		"Priya, the union meets on Thursday.",
	}
	if len(texts) != len(want) {
		t.Fatalf("%d turns, want %d: %q", len(texts), len(want), texts)
	}
	for i := range want {
		if texts[i] != want[i] {
			t.Errorf("turn %d text = %q, want %q", i, texts[i], want[i])
		}
	}
}

func TestTextPolicyMasked(t *testing.T) {
	speakers, texts := runPolicy(t, pipeline.TextMasked)
	jamal, marisol, priya := pseudonym(t, "Jamal Reyes"), pseudonym(t, "Marisol Oyelaran"), pseudonym(t, "Priya Nair")
	want := []string{
		"Welcome. " + jamal + ", will you start?",
		"Thanks " + marisol + ". The landlord raised the rent again and the boss cut our hours.",
		"Same here. " + jamal + " told me about the rent strike, and " + priya + " is tired of waiting.",
		priya + ", the union meets on Thursday.",
	}
	if len(texts) != len(want) {
		t.Fatalf("%d turns, want %d: %q", len(texts), len(want), texts)
	}
	for i := range want {
		if texts[i] != want[i] {
			t.Errorf("turn %d text = %q, want %q", i, texts[i], want[i])
		}
	}
	wantSpk := []string{marisol, jamal, priya, jamal} // JR is an alias of Jamal Reyes
	for i := range wantSpk {
		if speakers[i] != wantSpk[i] {
			t.Errorf("turn %d speaker = %q, want %q", i, speakers[i], wantSpk[i])
		}
	}
}

func TestTextPolicyNone(t *testing.T) {
	speakers, texts := runPolicy(t, pipeline.TextNone)
	if len(texts) != 4 {
		t.Fatalf("%d turns, want 4", len(texts))
	}
	for i, s := range texts {
		if s != "" {
			t.Errorf("turn %d text = %q, want empty", i, s)
		}
		if speakers[i] == "" {
			t.Errorf("turn %d has no speaker", i)
		}
	}
}

func TestTextPolicyInvalid(t *testing.T) {
	corpus, key := policyCorpus(t)
	_, err := pipeline.Run(context.Background(), pipeline.Config{Corpus: corpus, Out: t.TempDir(), KeyFile: key, Text: "redacted"}, nil)
	if !errors.Is(err, pipeline.ErrInvalidInput) {
		t.Fatalf("Run with text \"redacted\": err = %v, want ErrInvalidInput", err)
	}
}

// TestTextPolicyMaskedSample checks the default dataset built from
// testdata: no speaker's name, as tagged in its file, appears as a whole
// word in that file's turn texts or as a speaker.
func TestTextPolicyMaskedSample(t *testing.T) { checkMaskedSample(t, false) }

// TestTextPolicyMaskedSampleCorpusWide checks that the name of a speaker
// who speaks anywhere in the corpus is masked in every document: "Amadou
// sends his apologies" is masked in a document where Amadou does not
// speak.
func TestTextPolicyMaskedSampleCorpusWide(t *testing.T) { checkMaskedSample(t, true) }

func checkMaskedSample(t *testing.T, corpusWide bool) {
	out := sampleDataset(t)
	tag := regexp.MustCompile(`^([A-Z][\p{L}'.-]*(?: [A-Z][\p{L}'.-]*)*):`)
	names := map[string][]string{} // doc path -> speaker names and their first names
	err := filepath.WalkDir(corpus, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".txt") || strings.HasSuffix(p, ".md")) {
			return err
		}
		rel, _ := filepath.Rel(corpus, p)
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		seen := map[string]bool{}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if m := tag.FindStringSubmatch(sc.Text()); m != nil {
				for _, n := range []string{m[1], strings.Fields(m[1])[0]} {
					if len(n) > 2 && !seen[n] {
						seen[n] = true
						names[filepath.ToSlash(rel)] = append(names[filepath.ToSlash(rel)], n)
					}
				}
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("found no speaker tags in the sample corpus")
	}
	if corpusWide {
		var all []string
		seen := map[string]bool{}
		for _, ns := range names {
			for _, n := range ns {
				if !seen[n] {
					seen[n] = true
					all = append(all, n)
				}
			}
		}
		for doc := range names {
			names[doc] = all
		}
	}
	for _, rel := range parquetFiles(t, filepath.Join(out, table.TurnsDir)) {
		tbl := readTable(t, filepath.Join(out, table.TurnsDir, rel))
		docs, texts, speakers := strCol(t, tbl, "doc_path"), strCol(t, tbl, "text"), strCol(t, tbl, "speaker")
		tbl.Release()
		for i := range texts {
			if !strings.HasPrefix(speakers[i], "spk-") && speakers[i] != "unknown" {
				t.Errorf("%s turn %d: speaker %q is not a pseudonym", docs[i], i, speakers[i])
			}
			for _, n := range names[docs[i]] {
				if regexp.MustCompile(`\b` + regexp.QuoteMeta(n) + `\b`).MatchString(texts[i]) {
					t.Errorf("%s: masked text still names speaker %q: %q", docs[i], n, texts[i])
				}
			}
		}
	}
}
