package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/drift-project/drift/pipeline/table"
)

// rowSet reads every part file of a partitioned table and returns, per
// cycle folder, its rows as sorted JSON lines.
func rowSet[T any](t *testing.T, out, dir string) map[string][]string {
	t.Helper()
	sets := map[string][]string{}
	parts, err := filepath.Glob(filepath.Join(out, dir, "cycle=*", "part-*.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := table.Decode[T](b)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		cy := filepath.Base(filepath.Dir(p))
		for _, r := range rows {
			j, _ := json.Marshal(r)
			sets[cy] = append(sets[cy], string(j))
		}
	}
	for _, s := range sets {
		sort.Strings(s)
	}
	return sets
}

// sameShardRows checks that the matches and turns partitions of two
// datasets (a run's and its shards' reduce) hold the same rows.
func sameShardRows(t *testing.T, full, sh, what string) {
	t.Helper()
	if a, b := rowSet[table.Match](t, full, table.MatchesDir), rowSet[table.Match](t, sh, table.MatchesDir); !reflect.DeepEqual(a, b) {
		t.Errorf("matches differ between %s", what)
	}
	if a, b := rowSet[table.Turn](t, full, table.TurnsDir), rowSet[table.Turn](t, sh, table.TurnsDir); !reflect.DeepEqual(a, b) {
		t.Errorf("turns differ between %s", what)
	}
}

// summaryFiles keeps the files that are not under turns/ or matches/.
func summaryFiles(files map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for n, b := range files {
		if !strings.HasPrefix(n, table.TurnsDir+"/") && !strings.HasPrefix(n, table.MatchesDir+"/") && !strings.HasPrefix(n, table.PartialDir+"/") {
			out[n] = b
		}
	}
	return out
}

// TestShardsEqualOneRun runs a corpus as N shards and a reduce, and checks
// the summary tables and report equal one run's byte for byte and the
// per-document tables hold the same rows.
func TestShardsEqualOneRun(t *testing.T) {
	corpus := makeCorpus(t, 3, "2026-01", "2026-02", "2026-03", "2026-04")
	one := filepath.Join(t.TempDir(), "one")
	run(t, Config{Corpus: corpus, Out: one, Workers: 2})
	for _, n := range []int{1, 3, 5} {
		t.Run(fmt.Sprintf("N=%d", n), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			// A previous single run in the same folder leaves part files
			// that reduce must remove.
			run(t, Config{Corpus: corpus, Out: out, Workers: 2, NoCache: true})
			before := datasetFiles(t, out)
			files := 0
			for i := n - 1; i >= 0; i-- {
				res := run(t, Config{Corpus: corpus, Out: out, Workers: 2, Shard: Shard{i, n}})
				files += res.Files
			}
			// Until reduce, readers see the previous dataset unchanged.
			after := datasetFiles(t, out)
			for name := range after {
				if strings.HasPrefix(name, table.PartialDir+"/") {
					delete(after, name)
				}
			}
			sameFiles(t, before, after, "before reduce")
			if files != 25 {
				t.Errorf("shards processed %d files in all, want 25", files)
			}
			res, err := Reduce(context.Background(), ReduceConfig{Out: out})
			if err != nil {
				t.Fatal(err)
			}
			if res.Files != 25 || res.OK != 24 || res.Shards != n {
				t.Errorf("reduce: %d files, %d ok, %d shards; want 25, 24, %d", res.Files, res.OK, res.Shards, n)
			}
			sameFiles(t, summaryFiles(datasetFiles(t, one)), summaryFiles(datasetFiles(t, out)), "one run vs shards")
			if a, b := runNotes(t, one), runNotes(t, out); !reflect.DeepEqual(a, b) {
				t.Errorf("run.json notes: one run %q, %d shards %q", a, n, b)
			}
			if a, b := rowSet[table.Turn](t, one, table.TurnsDir), rowSet[table.Turn](t, out, table.TurnsDir); !reflect.DeepEqual(a, b) {
				t.Errorf("turns differ between one run and %d shards", n)
			}
			if a, b := rowSet[table.Match](t, one, table.MatchesDir), rowSet[table.Match](t, out, table.MatchesDir); !reflect.DeepEqual(a, b) {
				t.Errorf("matches differ between one run and %d shards", n)
			}
			parts, _ := filepath.Glob(filepath.Join(out, table.TurnsDir, "cycle=*", "part-*.parquet"))
			for _, p := range parts {
				var i int
				fmt.Sscanf(filepath.Base(p), "part-%05d.parquet", &i)
				if i >= n {
					t.Errorf("stale part file %s after reduce", p)
				}
			}
		})
	}
}

// TestShardOwnsEachFileOnce checks every path belongs to exactly one shard.
func TestShardOwnsEachFileOnce(t *testing.T) {
	for _, n := range []int{1, 2, 7} {
		for k := 0; k < 200; k++ {
			rel := fmt.Sprintf("2026-%02d/site-%d.txt", k%12, k)
			owners := 0
			for i := 0; i < n; i++ {
				if (Shard{i, n}).Owns(rel) {
					owners++
				}
			}
			if owners != 1 {
				t.Fatalf("%s has %d owners among %d shards", rel, owners, n)
			}
		}
	}
}

func TestParseShard(t *testing.T) {
	tests := []struct {
		in      string
		want    Shard
		wantErr bool
	}{
		{"0/4", Shard{0, 4}, false},
		{"3/4", Shard{3, 4}, false},
		{"4/4", Shard{}, true},
		{"-1/4", Shard{}, true},
		{"1", Shard{}, true},
		{"a/b", Shard{}, true},
		{"0/0", Shard{}, true},
	}
	for _, tt := range tests {
		got, err := ParseShard(tt.in)
		if (err != nil) != tt.wantErr || (!tt.wantErr && got != tt.want) {
			t.Errorf("ParseShard(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

// TestReduceIncomplete checks reduce refuses to run with a shard missing.
func TestReduceIncomplete(t *testing.T) {
	corpus := makeCorpus(t, 1, "2026-01", "2026-02")
	out := filepath.Join(t.TempDir(), "out")
	run(t, Config{Corpus: corpus, Out: out, Shard: Shard{0, 2}})
	_, err := Reduce(context.Background(), ReduceConfig{Out: out})
	if !errors.Is(err, ErrIncomplete) || !strings.Contains(err.Error(), "shard 1/2") {
		t.Errorf("reduce with shard 1/2 missing: %v; want ErrIncomplete naming 1/2", err)
	}
	if _, err := Reduce(context.Background(), ReduceConfig{Out: t.TempDir()}); !errors.Is(err, ErrIncomplete) {
		t.Errorf("reduce of an empty folder: %v; want ErrIncomplete", err)
	}
}

// runNotes returns the notes of out/run.json.
func runNotes(t *testing.T, out string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, table.RunFile))
	if err != nil {
		t.Fatal(err)
	}
	var rj struct {
		Notes []string `json:"notes"`
	}
	if err := json.Unmarshal(b, &rj); err != nil {
		t.Fatal(err)
	}
	return rj.Notes
}

// TestShardsWarnAsOneRun checks shards and reduce give the warnings,
// run.json notes and --strict error of one run over the same corpus: the
// shards warn about nothing (each sees only its share), reduce warns about
// the merged documents.
func TestShardsWarnAsOneRun(t *testing.T) {
	tests := []struct {
		name    string
		corpus  func(t *testing.T) string
		warning string // a warning must contain it
		err     error  // with Strict
	}{
		{name: "a file matching no site", warning: "1 of 5 analysed files match no site in drift.yaml (e.g. 2026-02/kitchen-table.txt)",
			corpus: func(t *testing.T) string {
				c := makeCorpus(t, 1, "2026-01", "2026-02")
				copyFile(t, filepath.Join("..", "testdata", "corpus", "2026-01", "eastside-assembly.txt"), filepath.Join(c, "2026-02", "kitchen-table.txt"))
				return c
			}},
		{name: "no transcripts", warning: "no transcripts found in ", err: ErrNoTranscripts,
			corpus: func(t *testing.T) string { return makeCorpus(t, 1) }},
		{name: "none analysed", warning: "none of the 2 files in ", err: ErrFilesFailed,
			corpus: func(t *testing.T) string {
				c := makeCorpus(t, 1)
				for _, f := range []string{"2026-01/a.vtt", "2026-02/b.vtt"} {
					if err := os.MkdirAll(filepath.Dir(filepath.Join(c, f)), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(c, f), []byte("not a vtt\n"), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return c
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			corpus := tt.corpus(t)
			one := filepath.Join(t.TempDir(), "one")
			want, err := Run(context.Background(), Config{Corpus: corpus, Out: one, Workers: 2, Strict: true, Tagger: sharedTagger}, nil)
			if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Fatalf("one run: %v, want %v", err, tt.err)
			}
			if !strings.Contains(strings.Join(want.Warnings, "\n"), tt.warning) {
				t.Fatalf("one run warns %q, want %q", want.Warnings, tt.warning)
			}
			out := filepath.Join(t.TempDir(), "out")
			for i := 0; i < 3; i++ {
				res := run(t, Config{Corpus: corpus, Out: out, Workers: 2, Shard: Shard{i, 3}})
				if len(res.Warnings) > 0 {
					t.Errorf("shard %d/3 warns %q; want no warnings (reduce warns)", i, res.Warnings)
				}
			}
			got, err := Reduce(context.Background(), ReduceConfig{Out: out, Strict: true})
			if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Errorf("reduce: %v, want %v as one run", err, tt.err)
			}
			if !reflect.DeepEqual(got.Warnings, want.Warnings) {
				t.Errorf("reduce warns %q, one run %q", got.Warnings, want.Warnings)
			}
			if a, b := runNotes(t, one), runNotes(t, out); !reflect.DeepEqual(a, b) || len(a) == 0 {
				t.Errorf("run.json notes: one run %q, reduce %q", a, b)
			}
		})
	}
}

// TestReduceNamesStaleShards checks that when shards do not belong
// together, reduce names every shard that differs from the one run last,
// and what differs.
func TestReduceNamesStaleShards(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, corpus, out string, cfg *Config) // before shard 0/3 is rerun
		want   []string
		not    []string
	}{
		{name: "a file added", want: []string{"shards 1/3 and 2/3", "corpus listing"}, not: []string{"tool version", "shard 0/3 ("},
			change: func(t *testing.T, corpus, out string, cfg *Config) {
				copyFile(t, filepath.Join("..", "testdata", "corpus", "2026-01", "eastside-assembly.txt"), filepath.Join(corpus, "2026-02", "new.txt"))
			}},
		{name: "another seed", want: []string{"shards 1/3 and 2/3", "--seed 0, not 7"}, not: []string{"corpus listing"},
			change: func(t *testing.T, corpus, out string, cfg *Config) { cfg.Seed = 7 }},
		{name: "shards differing in different ways",
			want: []string{"shards 1/3 and 2/3 differ from shard 0/3", "shard 1/3: another corpus listing (files were added, removed or renamed since); --seed 7, not 0; shard 2/3: another corpus listing"},
			change: func(t *testing.T, corpus, out string, cfg *Config) {
				run(t, Config{Corpus: corpus, Out: out, Workers: 1, Shard: Shard{1, 3}, Seed: 7})
				copyFile(t, filepath.Join("..", "testdata", "corpus", "2026-01", "eastside-assembly.txt"), filepath.Join(corpus, "2026-02", "new.txt"))
			}},
		{name: "another version", want: []string{"shards 1/3 and 2/3", "tool version " + Version + ", not x-test"}, not: []string{"corpus listing"},
			change: func(t *testing.T, corpus, out string, cfg *Config) {
				v := Version
				Version = "x-test"
				t.Cleanup(func() { Version = v })
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			corpus := makeCorpus(t, 1, "2026-01", "2026-02")
			out := filepath.Join(t.TempDir(), "out")
			for i := 0; i < 3; i++ {
				run(t, Config{Corpus: corpus, Out: out, Workers: 1, Shard: Shard{i, 3}})
			}
			cfg := Config{Corpus: corpus, Out: out, Workers: 1, Shard: Shard{0, 3}}
			tt.change(t, corpus, out, &cfg)
			run(t, cfg)
			// Make shard 0/3 the last one run, whatever the clock's resolution.
			old := time.Now().Add(-time.Hour)
			for i := 1; i < 3; i++ {
				os.Chtimes(filepath.Join(out, table.PartialDir, partialName(Shard{i, 3})), old, old)
			}
			_, err := Reduce(context.Background(), ReduceConfig{Out: out})
			if !errors.Is(err, ErrIncomplete) {
				t.Fatalf("reduce: %v, want ErrIncomplete", err)
			}
			if testing.Verbose() {
				t.Log(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("reduce: %v\nwant it to say %q", err, w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(err.Error(), w) {
					t.Errorf("reduce: %v\nwant it not to say %q", err, w)
				}
			}
		})
	}
}
