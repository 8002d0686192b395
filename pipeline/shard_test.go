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
