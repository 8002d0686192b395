package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/drift-project/drift/pipeline/table"
	"github.com/drift-project/drift/pipeline/transcript"
	"github.com/parquet-go/parquet-go"
)

// TestToDateMasker checks the maskers of --mask-scope to-date: a cycle is
// masked with the names of the speakers of the cycles up to it, in drift's
// cycle order (drift.yaml's list first), and with drift.yaml's names in
// every cycle; a first name is ambiguous in a cycle only once two people
// with it have spoken.
func TestToDateMasker(t *testing.T) {
	ccfg := &transcript.Config{
		Facilitators: []string{"Marisol Oyelaran"},
		Aliases:      map[string][]string{"Jamal Reyes": {"JR"}},
		// "spring" is listed before "autumn", which sorts first by id.
		Cycles: []transcript.CycleSpec{{ID: "spring"}, {ID: "autumn"}},
	}
	ps, _ := transcript.NewPseudonymizer([]byte(maskKey))
	tm := &toDateMasks{ccfg: ccfg, ps: ps, built: map[string]*cycleMask{}, names: map[string][]string{
		"spring":  {"Walt Imbery", "Maria Lopez"},
		"autumn":  {"Rosa Lindqvist"},
		"2026-03": {"Ottoline Brask", "Maria Chen"},
		"2026-04": {"Jamal Reyes"},
	}}
	p := func(n string) string { return testPseudonym(t, n) }
	const text = "Ottoline, Walt, Rosa, Maria, JR and Marisol"
	tests := []struct{ cycle, want string }{
		{"spring", "Ottoline, " + p("Walt Imbery") + ", Rosa, " + p("Maria Lopez") + ", " + p("Jamal Reyes") + " and " + p("Marisol Oyelaran")},
		{"autumn", "Ottoline, " + p("Walt Imbery") + ", " + p("Rosa Lindqvist") + ", " + p("Maria Lopez") + ", " + p("Jamal Reyes") + " and " + p("Marisol Oyelaran")},
		// A cycle no speaker of the first pass is in (it comes after
		// autumn and before 2026-03 by id) has the names up to it.
		{"2026-02", "Ottoline, " + p("Walt Imbery") + ", " + p("Rosa Lindqvist") + ", " + p("Maria Lopez") + ", " + p("Jamal Reyes") + " and " + p("Marisol Oyelaran")},
		// Ottoline first speaks in 2026-03, as does a second Maria: from
		// then on "Maria" is no one's in particular.
		{"2026-03", p("Ottoline Brask") + ", " + p("Walt Imbery") + ", " + p("Rosa Lindqvist") + ", " + p("Maria") + ", " + p("Jamal Reyes") + " and " + p("Marisol Oyelaran")},
		{"2026-04", p("Ottoline Brask") + ", " + p("Walt Imbery") + ", " + p("Rosa Lindqvist") + ", " + p("Maria") + ", " + p("Jamal Reyes") + " and " + p("Marisol Oyelaran")},
	}
	for _, tt := range tests {
		t.Run(tt.cycle, func(t *testing.T) {
			if got := tm.of(tt.cycle).m.Replace(text); got != tt.want {
				t.Errorf("cycle %s: Replace(%q)\n got %q\nwant %q", tt.cycle, text, got, tt.want)
			}
		})
	}
	// In 2026-03 the Maria who speaks in a document is the one meant.
	chen := p("Maria Chen")
	if got, want := tm.of("2026-03").m.ReplaceAmong("thanks Maria", func(s string) bool { return s == chen }), "thanks "+chen; got != want {
		t.Errorf("2026-03 with Maria Chen present: %q, want %q", got, want)
	}
	// The last cycle's masker is the corpus-wide one.
	var all []string
	for _, ns := range tm.names {
		all = append(all, ns...)
	}
	_, corpus := buildMasker(all, ccfg, ps)
	if got := tm.of("2026-04").entries; !reflect.DeepEqual(got, corpus) {
		t.Errorf("the last cycle's masking differs from the corpus-wide one:\n got %v\nwant %v", got, corpus)
	}
	if !reflect.DeepEqual(tm.of("2026-02").entries, tm.of("autumn").entries) {
		t.Errorf("2026-02 (no speakers) is not masked as autumn, the cycle before it")
	}
}

// TestCycleLess checks the cycle order --mask-scope to-date masks by is
// CycleOrder's.
func TestCycleLess(t *testing.T) {
	ccfg := &transcript.Config{Cycles: []transcript.CycleSpec{{ID: "spring"}, {ID: "autumn"}}}
	ids := []string{"2026-02", "autumn", "2026-01", "spring", "zz"}
	order := ccfg.CycleOrder(ids)
	if want := []string{"spring", "autumn", "2026-01", "2026-02", "zz"}; !reflect.DeepEqual(order, want) {
		t.Fatalf("CycleOrder = %q, want %q", order, want)
	}
	for i, a := range order {
		for j, b := range order {
			if got := ccfg.CycleLess(a, b); got != (i < j) {
				t.Errorf("CycleLess(%s, %s) = %v, want %v", a, b, got, i < j)
			}
		}
	}
}

// textReads returns the transcripts parsed again for their text since the
// last take (see fillText), sorted.
func (r *reads) textReads() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := append([]string(nil), r.n["text"]...)
	sort.Strings(out)
	return out
}

// partMeta returns the key-value metadata of a Parquet file.
func partMeta(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, kv := range pf.Metadata().KeyValueMetadata {
		m[kv.Key] = kv.Value
	}
	return m
}

// runJSONScope returns config.mask_scope of OUT/run.json ("" when absent).
func runJSONScope(t *testing.T, out string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, table.RunFile))
	if err != nil {
		t.Fatal(err)
	}
	var rj struct {
		Config map[string]any `json:"config"`
	}
	if err := json.Unmarshal(b, &rj); err != nil {
		t.Fatal(err)
	}
	s, _ := rj.Config["mask_scope"].(string)
	return s
}

// TestMaskLaterSpeakerToDate is TestMaskLaterSpeaker under --mask-scope
// to-date: Ottoline, named in 2026-01 but speaking only in 2026-02, stays
// as written in 2026-01, so adding 2026-02 to a cached dataset reads,
// parses and writes nothing of 2026-01 (its part files are reused), and
// the dataset equals a from-scratch to-date run's byte for byte, as do
// shards and reduce. "Gary" is resolved per cycle: one Gary has spoken up
// to 2026-01, two by 2026-02.
func TestMaskLaterSpeakerToDate(t *testing.T) {
	p := func(n string) string { return testPseudonym(t, n) }
	want1 := []string{
		"2026-01/eastside.txt: Welcome. Ottoline sends her apologies.",
		"2026-01/eastside.txt: Thank you " + p("Marisol Oyelaran") + ". Tell OTTOLINE the landlord raised the rent, and Ottoline's sister too.",
		"2026-01/eastside.txt: The boss cut our wages. Ottolinez and Walter are not names we know. " + p("Gary Pennock") + " knows.",
		// Gary Holm speaks only in 2026-02: here Gary is still Gary Pennock.
		"2026-01/riverside.txt: The rent strike starts Monday, says " + p("Gary Pennock") + ".",
	}
	want2 := []string{
		"2026-02/eastside.txt: The landlord wants the rent doubled. " + p("Rosa Lindqvist") + " knows.",
		"2026-02/eastside.txt: I am new here.",
	}
	toDate := func(c Config) Config { c.MaskScope = MaskToDate; c.Workers = 2; return c }

	corpus, key := laterSpeakerCorpus(t, true)
	full := filepath.Join(t.TempDir(), "full")
	run(t, toDate(Config{Corpus: corpus, Out: full, KeyFile: key, NoCache: true}))
	if got := cycleTexts(t, full, "2026-01"); !reflect.DeepEqual(got, want1) {
		t.Errorf("to-date run, cycle 2026-01:\n got %q\nwant %q", got, want1)
	}
	if got := cycleTexts(t, full, "2026-02"); !reflect.DeepEqual(got, want2) {
		t.Errorf("to-date run, cycle 2026-02:\n got %q\nwant %q", got, want2)
	}
	checkTextOffsets(t, full, TextMasked)
	if got := runJSONScope(t, full); got != MaskToDate {
		t.Errorf("run.json config.mask_scope = %q, want %q", got, MaskToDate)
	}
	for _, f := range []string{"turns/cycle=2026-01/part-00000.parquet", "matches/cycle=2026-02/part-00000.parquet", "documents.parquet"} {
		if got := partMeta(t, filepath.Join(full, filepath.FromSlash(f)))["mask_scope"]; got != MaskToDate {
			t.Errorf("%s: key-value metadata mask_scope = %q, want %q", f, got, MaskToDate)
		}
	}

	// Incremental: cycle 1 alone, then cycle 2 added.
	rd := watchReads(t, time.Hour)
	inc, key1 := laterSpeakerCorpus(t, false)
	out := filepath.Join(t.TempDir(), "out")
	run(t, toDate(Config{Corpus: inc, Out: out, KeyFile: key1}))
	before := datasetFiles(t, out)
	if got := cycleTexts(t, out, "2026-01"); !reflect.DeepEqual(got, want1) {
		t.Errorf("cycle 1 alone, to-date:\n got %q\nwant %q", got, want1)
	}
	rd.take()
	addLaterCycle(t, inc)
	res := run(t, toDate(Config{Corpus: inc, Out: out, KeyFile: key1}))
	texts := rd.textReads()
	rd.mu.Lock()
	entryReads := &reads{n: map[string][]string{"entry": rd.n["entry"]}}
	rd.mu.Unlock()
	// 2026-01's masking is unchanged, so its cycle record stands for its
	// entries: none of them is read (see cycleRecord).
	if got := entryCycles(t, entryReads, toDate(Config{Corpus: inc, Out: out, KeyFile: key1})); len(got) > 0 {
		t.Errorf("after adding a cycle, the rerun read the cache entries of cycles %q, want none", got)
	}
	sums, parsed := rd.take()
	var old []string
	for _, f := range append(append(sums, parsed...), texts...) {
		if strings.HasPrefix(f, "2026-01/") {
			old = append(old, f)
		}
	}
	if len(old) > 0 {
		t.Errorf("after adding a cycle, the rerun read files of 2026-01: %q", old)
	}
	if res.CacheHits != 2 || res.CacheMisses != 1 || res.PartsReused != 2 {
		t.Errorf("after adding a cycle: %d hits, %d misses, %d parts reused; want 2, 1, 2", res.CacheHits, res.CacheMisses, res.PartsReused)
	}
	after := datasetFiles(t, out)
	for _, f := range []string{"turns/cycle=2026-01/part-00000.parquet", "matches/cycle=2026-01/part-00000.parquet"} {
		if !reflect.DeepEqual(before[f], after[f]) {
			t.Errorf("%s changed when a later cycle was added", f)
		}
	}
	sameFiles(t, datasetFiles(t, full), after, "to-date: full vs incremental")
	checkTextOffsets(t, out, TextMasked)

	// Switching scope reuses no part file, both ways, and each run equals
	// its scope's from-scratch run.
	corpusFull := filepath.Join(t.TempDir(), "corpus-full")
	run(t, Config{Corpus: corpus, Out: corpusFull, KeyFile: key, Workers: 2, NoCache: true})
	if res := run(t, Config{Corpus: inc, Out: out, KeyFile: key1, Workers: 2}); res.PartsReused != 0 || res.CacheMisses != 0 {
		t.Errorf("corpus scope after to-date: %d parts reused, %d misses; want 0, 0", res.PartsReused, res.CacheMisses)
	}
	sameFiles(t, datasetFiles(t, corpusFull), datasetFiles(t, out), "corpus scope after to-date vs from scratch")
	if got := runJSONScope(t, out); got != "" {
		t.Errorf("corpus scope: run.json config.mask_scope = %q, want none", got)
	}
	if res := run(t, toDate(Config{Corpus: inc, Out: out, KeyFile: key1})); res.PartsReused != 0 {
		t.Errorf("to-date after corpus scope: %d parts reused, want 0", res.PartsReused)
	}
	sameFiles(t, datasetFiles(t, full), datasetFiles(t, out), "to-date after corpus scope vs from scratch")
	if res := run(t, toDate(Config{Corpus: inc, Out: out, KeyFile: key1})); res.PartsReused != 4 {
		t.Errorf("to-date rerun: %d parts reused, want 4", res.PartsReused)
	}

	// Shards: every shard masks each cycle alike, whichever files it owns.
	for _, n := range []int{2, 3} {
		sh := filepath.Join(t.TempDir(), "shards")
		for i := 0; i < n; i++ {
			run(t, toDate(Config{Corpus: corpus, Out: sh, KeyFile: key, Shard: Shard{i, n}}))
		}
		if _, err := Reduce(context.Background(), ReduceConfig{Out: sh, KeyFile: key}); err != nil {
			t.Fatal(err)
		}
		if got := cycleTexts(t, sh, "2026-01"); !reflect.DeepEqual(got, want1) {
			t.Errorf("%d shards, cycle 2026-01:\n got %q\nwant %q", n, got, want1)
		}
		sameFiles(t, summaryFiles(datasetFiles(t, full)), summaryFiles(datasetFiles(t, sh)), "to-date: one run vs shards")
		if got := runJSONScope(t, sh); got != MaskToDate {
			t.Errorf("reduce: run.json config.mask_scope = %q, want %q", got, MaskToDate)
		}
		sameShardRows(t, full, sh, fmt.Sprintf("to-date: one run and %d shards", n))
	}
}

// TestMaskScopeShardsMustAgree checks reduce refuses shards run with
// different mask scopes.
func TestMaskScopeShardsMustAgree(t *testing.T) {
	corpus, key := laterSpeakerCorpus(t, true)
	out := filepath.Join(t.TempDir(), "out")
	run(t, Config{Corpus: corpus, Out: out, KeyFile: key, Workers: 2, Shard: Shard{0, 2}})
	run(t, Config{Corpus: corpus, Out: out, KeyFile: key, Workers: 2, Shard: Shard{1, 2}, MaskScope: MaskToDate})
	_, err := Reduce(context.Background(), ReduceConfig{Out: out, KeyFile: key})
	if err == nil || !strings.Contains(err.Error(), "--mask-scope corpus, not to-date") {
		t.Errorf("reduce of shards of both scopes: %v, want an error naming --mask-scope", err)
	}
}

// TestMaskScopeFlag checks a bad scope is refused, and that under --text
// full the scope changes nothing and is not recorded.
func TestMaskScopeFlag(t *testing.T) {
	corpus, key := laterSpeakerCorpus(t, true)
	_, err := Run(context.Background(), Config{Corpus: corpus, Out: filepath.Join(t.TempDir(), "x"), KeyFile: key, MaskScope: "cycle"}, nil)
	if err == nil || !strings.Contains(err.Error(), `--mask-scope "cycle": want corpus or to-date`) {
		t.Errorf("MaskScope cycle: %v", err)
	}
	_, err = Scan(context.Background(), Config{Corpus: corpus, KeyFile: key, MaskScope: "all"}, ScanOptions{}, func(*ScannedTurn) error { return nil })
	if err == nil || !strings.Contains(err.Error(), `--mask-scope "all"`) {
		t.Errorf("Scan with MaskScope all: %v", err)
	}
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	run(t, Config{Corpus: corpus, Out: a, KeyFile: key, Workers: 2, Text: TextFull, NoCache: true})
	run(t, Config{Corpus: corpus, Out: b, KeyFile: key, Workers: 2, Text: TextFull, NoCache: true, MaskScope: MaskToDate})
	sameFiles(t, datasetFiles(t, a), datasetFiles(t, b), "--text full, corpus vs to-date")
	if got := runJSONScope(t, b); got != "" {
		t.Errorf("--text full --mask-scope to-date: run.json config.mask_scope = %q, want none", got)
	}
}

// TestScanMasksToDate checks kwic and sample (Scan) mask as the tables do
// under --mask-scope to-date.
func TestScanMasksToDate(t *testing.T) {
	corpus, key := laterSpeakerCorpus(t, true)
	var got []string
	_, err := Scan(context.Background(), Config{Corpus: corpus, KeyFile: key, Workers: 2, Tagger: sharedTagger, MaskScope: MaskToDate}, ScanOptions{},
		func(st *ScannedTurn) error {
			got = append(got, st.Doc+": "+st.Text(0, 1<<20))
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(t.TempDir(), "full")
	run(t, Config{Corpus: corpus, Out: full, KeyFile: key, Workers: 2, NoCache: true, MaskScope: MaskToDate})
	want := append(cycleTexts(t, full, "2026-01"), cycleTexts(t, full, "2026-02")...)
	// Scan gives every turn, the facilitator's too, as the tables do.
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Scan under to-date:\n got %q\nwant %q", got, want)
	}
}
