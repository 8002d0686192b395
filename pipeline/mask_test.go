package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline/table"
	"github.com/drift-project/drift/pipeline/transcript"
)

const maskKey = "00112233445566778899aabbccddeeff"

func testPseudonym(t *testing.T, name string) string {
	t.Helper()
	ps, err := transcript.NewPseudonymizer([]byte(maskKey))
	if err != nil {
		t.Fatal(err)
	}
	return ps.Pseudonym(name)
}

func TestBuildMasker(t *testing.T) {
	ccfg := &transcript.Config{Facilitators: []string{"Marisol Oyelaran"}, Aliases: map[string][]string{"Jamal Reyes": {"JR", "Jay Reyes"}}}
	ps, _ := transcript.NewPseudonymizer([]byte(maskKey))
	speakers := []string{"Walt Imbery", "Maria Lopez", "Maria Chen", "Ana", "Ana Duarte", "Mr Okafor", "Q", "Jamal Reyes"}
	m, _ := buildMasker(speakers, ccfg, ps)
	p := func(n string) string { return testPseudonym(t, n) }
	tests := []struct{ name, in, want string }{
		{"full name", "Walt Imbery spoke", p("Walt Imbery") + " spoke"},
		{"first name", "thank you Walt", "thank you " + p("Walt Imbery")},
		{"not inside words", "Walter in Waltham on asphalt", "Walter in Waltham on asphalt"},
		{"alias is the canonical pseudonym", "JR and Jay Reyes and Jay", p("Jamal Reyes") + " and " + p("Jamal Reyes") + " and " + p("Jamal Reyes")},
		{"facilitator", "Marisol said", p("Marisol Oyelaran") + " said"},
		{"shared first name", "Maria Lopez, Maria Chen and Maria", p("Maria Lopez") + ", " + p("Maria Chen") + " and " + p("Maria")},
		{"a whole name beats a first name", "Ana and Ana Duarte", p("Ana") + " and " + p("Ana Duarte")},
		{"titles are not first names", "Mr Okafor and Mr Lee", p("Mr Okafor") + " and Mr Lee"},
		{"single letters are not masked", "Q: a question", "Q: a question"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := m.Replace(tt.in); got != tt.want {
				t.Errorf("Replace(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	// In a document where one Maria speaks, Maria is her.
	chen := p("Maria Chen")
	if got, want := m.ReplaceAmong("thanks Maria", func(s string) bool { return s == chen }), "thanks "+chen; got != want {
		t.Errorf("with Maria Chen present: %q, want %q", got, want)
	}
	// The masker depends on the set of names, not on their order.
	rev := append([]string(nil), speakers...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	m2, _ := buildMasker(rev, ccfg, ps)
	for _, tt := range tests {
		if a, b := m.Replace(tt.in), m2.Replace(tt.in); a != b {
			t.Errorf("order of names changes %q: %q vs %q", tt.in, a, b)
		}
	}
}

// laterSpeakerCorpus writes a corpus whose first cycle mentions Ottoline,
// who speaks only in the second cycle (when withSecond), and returns the
// corpus folder and key file. All names are invented.
func laterSpeakerCorpus(t *testing.T, withSecond bool) (corpus, keyFile string) {
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
	write("drift.yaml", "facilitators:\n  - Marisol Oyelaran\n")
	write("2026-01/eastside.txt", "Marisol Oyelaran: Welcome. Ottoline sends her apologies.\n"+
		"Gary Pennock: Thank you Marisol. Tell OTTOLINE the landlord raised the rent, and Ottoline's sister too.\n"+
		"Rosa Lindqvist: The boss cut our wages. Ottolinez and Walter are not names we know. Gary knows.\n")
	write("2026-01/riverside.txt", "Farhiya Dualeh: The rent strike starts Monday, says Gary.\n")
	if withSecond {
		addLaterCycle(t, corpus)
	}
	keyFile = filepath.Join(dir, "key")
	if err := os.WriteFile(keyFile, []byte(maskKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return corpus, keyFile
}

func addLaterCycle(t *testing.T, corpus string) {
	t.Helper()
	p := filepath.Join(corpus, "2026-02", "eastside.txt")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("Ottoline Brask: The landlord wants the rent doubled. Rosa knows.\nGary Holm: I am new here.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// cycleTexts returns the turn texts of a cycle, in order, from every part
// file of the cycle.
func cycleTexts(t *testing.T, out, cycle string) []string {
	t.Helper()
	parts, _ := filepath.Glob(filepath.Join(out, table.TurnsDir, "cycle="+cycle, "part-*.parquet"))
	var texts []string
	for _, p := range parts {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := table.Decode[table.Turn](b)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			texts = append(texts, r.DocPath+": "+r.Text)
		}
	}
	return texts
}

// TestMaskLaterSpeaker checks that a name spoken only in a later cycle is
// masked in an earlier cycle's text, in a full run and in a cached run
// after the cycle is added (the earlier cycle is not tagged again, its
// part files are rewritten, and the dataset equals the full run's byte for
// byte), and the same way by shards and reduce.
func TestMaskLaterSpeaker(t *testing.T) {
	ottoline := testPseudonym(t, "Ottoline Brask")
	want := []string{
		"2026-01/eastside.txt: Welcome. " + ottoline + " sends her apologies.",
		"2026-01/eastside.txt: Thank you " + testPseudonym(t, "Marisol Oyelaran") + ". Tell " + ottoline +
			" the landlord raised the rent, and " + ottoline + "'s sister too.",
		// Two Garys speak in the corpus: Gary Pennock speaks here, so
		// "Gary" is him; in riverside.txt neither does.
		"2026-01/eastside.txt: The boss cut our wages. Ottolinez and Walter are not names we know. " + testPseudonym(t, "Gary Pennock") + " knows.",
		"2026-01/riverside.txt: The rent strike starts Monday, says " + testPseudonym(t, "Gary") + ".",
	}

	corpus, key := laterSpeakerCorpus(t, true)
	full := filepath.Join(t.TempDir(), "full")
	run(t, Config{Corpus: corpus, Out: full, KeyFile: key, Workers: 2, NoCache: true})
	if got := cycleTexts(t, full, "2026-01"); !reflect.DeepEqual(got, want) {
		t.Errorf("full run, cycle 2026-01:\n got %q\nwant %q", got, want)
	}
	if got := cycleTexts(t, full, "2026-02"); len(got) != 2 || !strings.Contains(got[0], testPseudonym(t, "Rosa Lindqvist")+" knows") {
		t.Errorf("full run, cycle 2026-02: %q", got)
	}

	// Incremental: cycle 1 alone, then cycle 2 added.
	inc, key1 := laterSpeakerCorpus(t, false)
	out := filepath.Join(t.TempDir(), "out")
	run(t, Config{Corpus: inc, Out: out, KeyFile: key1, Workers: 2})
	if got := cycleTexts(t, out, "2026-01"); reflect.DeepEqual(got, want) || !strings.Contains(strings.Join(got, "\n"), "Ottoline sends") {
		t.Errorf("before Ottoline speaks, her name is not a speaker's and stays: %q", got)
	}
	checkTextOffsets(t, out, TextMasked)
	before := partRows[table.Match](t, out, table.MatchesDir)["cycle=2026-01"]
	addLaterCycle(t, inc)
	res := run(t, Config{Corpus: inc, Out: out, KeyFile: key1, Workers: 2})
	if res.CacheHits != 2 || res.CacheMisses != 1 {
		t.Errorf("after adding a cycle: %d hits, %d misses; want 2, 1", res.CacheHits, res.CacheMisses)
	}
	if res.PartsReused != 0 {
		t.Errorf("after adding a cycle: %d part files reused, want 0 (the texts of 2026-01 changed)", res.PartsReused)
	}
	if got := cycleTexts(t, out, "2026-01"); !reflect.DeepEqual(got, want) {
		t.Errorf("cached run, cycle 2026-01:\n got %q\nwant %q", got, want)
	}
	sameFiles(t, datasetFiles(t, full), datasetFiles(t, out), "full vs incremental")
	// The cached rows of 2026-01 were not tagged again, but their text
	// offsets follow the new masking: "Tell OTTOLINE the landlord" moved.
	checkTextOffsets(t, out, TextMasked)
	after := partRows[table.Match](t, out, table.MatchesDir)["cycle=2026-01"]
	moved := 0
	for i := range after {
		if i < len(before) && after[i].ByteStart == before[i].ByteStart && after[i].TextStart != before[i].TextStart {
			moved++
		}
	}
	if len(after) != len(before) || moved == 0 {
		t.Errorf("after adding a cycle: %d of %d hits of 2026-01 (%d before) have new text offsets; want some", moved, len(after), len(before))
	}
	// Once more: nothing changed, so the part files are reused.
	if res := run(t, Config{Corpus: inc, Out: out, KeyFile: key1, Workers: 2}); res.PartsReused != 4 || res.CacheMisses != 0 {
		t.Errorf("rerun: %d parts reused, %d misses; want 4, 0", res.PartsReused, res.CacheMisses)
	}
	sameFiles(t, datasetFiles(t, full), datasetFiles(t, out), "full vs rerun")
	// A changed file with no new name: the masking is the previous run's,
	// so the file after it in its cycle is not parsed again until its rows
	// are written, and the result still equals a full run's.
	for _, c := range []string{corpus, inc} {
		f := filepath.Join(c, "2026-01", "eastside.txt")
		b, _ := os.ReadFile(f)
		if err := os.WriteFile(f, append(b, "Farhiya Dualeh: Gary and Ottoline will bring the banner.\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if res := run(t, Config{Corpus: inc, Out: out, KeyFile: key1, Workers: 2}); res.PartsReused != 2 || res.CacheMisses != 1 {
		t.Errorf("after a change: %d parts reused, %d misses; want 2, 1", res.PartsReused, res.CacheMisses)
	}
	full = filepath.Join(t.TempDir(), "full2")
	run(t, Config{Corpus: corpus, Out: full, KeyFile: key, Workers: 2, NoCache: true})
	sameFiles(t, datasetFiles(t, full), datasetFiles(t, out), "full vs rerun after a change")
	checkTextOffsets(t, out, TextMasked)
	want = append(want[:3:3], "2026-01/eastside.txt: "+testPseudonym(t, "Gary Pennock")+" and "+ottoline+" will bring the banner.", want[3])
	if got := cycleTexts(t, out, "2026-01"); !reflect.DeepEqual(got, want) {
		t.Errorf("cached run after a change, cycle 2026-01:\n got %q\nwant %q", got, want)
	}

	// Shards: pick a shard count where the files of 2026-01 and the file
	// where Ottoline speaks belong to different shards.
	n := 0
	for c := 2; c <= 16 && n == 0; c++ {
		owner := func(rel string) int {
			for i := 0; i < c; i++ {
				if (Shard{i, c}).Owns(rel) {
					return i
				}
			}
			return -1
		}
		if o := owner("2026-02/eastside.txt"); o != owner("2026-01/eastside.txt") {
			n = c
		}
	}
	if n == 0 {
		t.Fatal("no shard count splits the files")
	}
	// A shard run needs the key in place: give it with KeyFile.
	sh := filepath.Join(t.TempDir(), "shards")
	for i := 0; i < n; i++ {
		run(t, Config{Corpus: corpus, Out: sh, KeyFile: key, Workers: 2, Shard: Shard{i, n}})
	}
	if _, err := Reduce(context.Background(), ReduceConfig{Out: sh, KeyFile: key}); err != nil {
		t.Fatal(err)
	}
	if got := cycleTexts(t, sh, "2026-01"); !reflect.DeepEqual(got, want) {
		t.Errorf("%d shards, cycle 2026-01:\n got %q\nwant %q", n, got, want)
	}
	sameFiles(t, summaryFiles(datasetFiles(t, full)), summaryFiles(datasetFiles(t, sh)), "one run vs shards")
	checkTextOffsets(t, sh, TextMasked)
	sameShardRows(t, full, sh, fmt.Sprintf("one run and %d shards", n))
}

// TestScanMasksCorpusWide checks kwic and sample (Scan) mask as the
// tables do: Ottoline, who speaks only in 2026-02, is masked in 2026-01.
func TestScanMasksCorpusWide(t *testing.T) {
	corpus, key := laterSpeakerCorpus(t, true)
	var first string
	_, err := Scan(context.Background(), Config{Corpus: corpus, KeyFile: key, Workers: 2, Tagger: sharedTagger}, ScanOptions{}, func(st *ScannedTurn) error {
		if first == "" {
			first = st.Text(0, 1<<20)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Welcome. " + testPseudonym(t, "Ottoline Brask") + " sends her apologies."; first != want {
		t.Errorf("first turn = %q, want %q", first, want)
	}
}

// textSumRef is textSum before it wrote through a buffer: its sums are
// stored in the cache manifest, so they must not change.
func textSumRef(texts []string) string {
	h := sha256.New()
	for _, t := range texts {
		fmt.Fprintf(h, "%d:", len(t))
		h.Write([]byte(t))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func TestTextSumUnchanged(t *testing.T) {
	long := strings.Repeat("We organised the tenants. ", 400) // longer than the buffer
	for _, texts := range [][]string{
		nil, {""}, {"", ""}, {"a"}, {"12:", "x"}, {"Ana said no.", "Bo: yes"}, {long}, {long, "", long[:4097], "é"},
	} {
		if got, want := textSum(texts), textSumRef(texts); got != want {
			t.Errorf("textSum(%d texts) = %s, want %s", len(texts), got, want)
		}
	}
}
