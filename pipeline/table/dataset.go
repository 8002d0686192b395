package table

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// The files and folders of a dataset, relative to its root.
const (
	DocumentsFile = "documents.parquet"
	FramesFile    = "frames.parquet"
	DriftFile     = "drift.parquet"
	// Written by the statistics stage (issue 6).
	KeynessFile      = "keyness.parquet"
	ParticipantsFile = "participants.parquet"
	ContinuityFile   = "continuity.parquet"
	DiffusionFile    = "diffusion.parquet"
	TurnsDir         = "turns"
	MatchesDir       = "matches"
	RunFile          = "run.json"
	ReportMD         = "report.md"
	ReportHTML       = "report.html"
	// PartialDir holds what the shards of a sharded run leave for drift
	// reduce: partial counts and part files.
	PartialDir = "partial"
	// CacheDir holds per-document results for incremental runs.
	CacheDir = ".cache"
)

// PartPath returns the relative path of part n of a cycle-partitioned
// table: "turns/cycle=2026-03/part-00000.parquet". The cycle is escaped
// like a URL path segment, so any cycle id gives one folder.
func PartPath(dir, cycle string, n int) string {
	return fmt.Sprintf("%s/cycle=%s/part-%05d.parquet", dir, url.PathEscape(cycle), n)
}

// Stage is a dataset being written. Files go to a hidden staging folder
// inside the output folder, where readers do not look; Commit moves them
// into place, so a run that fails or is killed before Commit leaves the
// previous dataset as it was. The staging folder is on the same file
// system as the dataset, so every move is a rename.
type Stage struct {
	Out string // the dataset folder
	Dir string // the staging folder
	// Keep lists top-level entries of the dataset that Commit leaves alone
	// when the stage has none (drift reduce keeps turns/ and matches/).
	Keep []string
}

// stagePrefix starts the name of every staging folder.
const stagePrefix = ".staging-"

// NewStage creates a staging folder in out. Staging folders left by killed
// runs are removed first; only one run may write to out at a time.
func NewStage(out string) (*Stage, error) {
	return newStage(out, "", true)
}

// NewShardStage creates a staging folder for shard i in out. It removes
// only the stale staging folders of the same shard, since other shards may
// be writing to out at the same time.
func NewShardStage(out string, i int) (*Stage, error) {
	return newStage(out, fmt.Sprintf("shard-%05d-", i), false)
}

func newStage(out, tag string, cleanAll bool) (*Stage, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	if cleanAll {
		CleanStale(out)
	} else {
		cleanPrefix(out, stagePrefix+tag)
	}
	dir, err := os.MkdirTemp(out, stagePrefix+tag)
	if err != nil {
		return nil, err
	}
	return &Stage{Out: out, Dir: dir}, nil
}

// Path returns where a relative dataset path is written while staging.
func (s *Stage) Path(rel string) string { return filepath.Join(s.Dir, filepath.FromSlash(rel)) }

// Abort removes the staging folder.
func (s *Stage) Abort() { os.RemoveAll(s.Dir) }

// Commit replaces each top-level entry of the dataset with the staged one.
//
// Each entry changes by one atomic rename: a file replaces the old file
// in place, and a folder (turns/, matches/) is swapped with the old one by
// renameat2(RENAME_EXCHANGE) on Linux. So a reader never finds an entry
// missing or half-written: it sees the whole old or the whole new entry.
// Between the first and the last rename (a dozen renames, typically well
// under a millisecond) a reader that opens several entries may combine old
// and new ones. Entries are committed in a fixed order: partitioned
// folders, then the tables computed from them, then the report, and
// run.json last, so a new run.json means every entry is new. On file
// systems without RENAME_EXCHANGE, a folder is moved aside and the new one
// renamed in, so for a moment between those two renames it is missing.
//
// Entries of the old dataset that the new one does not have are removed
// afterwards, except hidden ones (such as .cache), those in Keep, and
// files drift does not write.
func (s *Stage) Commit() error {
	if err := s.Sync(); err != nil {
		return err
	}
	entries, err := os.ReadDir(s.Dir)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.SliceStable(names, func(i, j int) bool { return commitRank(names[i]) < commitRank(names[j]) })
	old := filepath.Join(s.Dir, ".replaced")
	if err := os.Mkdir(old, 0o755); err != nil {
		return err
	}
	staged := map[string]bool{}
	for _, name := range names {
		staged[name] = true
		if err := replace(filepath.Join(s.Dir, name), filepath.Join(s.Out, name), filepath.Join(old, name)); err != nil {
			return err
		}
	}
	keep := map[string]bool{}
	for _, k := range s.Keep {
		keep[k] = true
	}
	for _, name := range Owned {
		if staged[name] || keep[name] {
			continue
		}
		dst := filepath.Join(s.Out, name)
		if _, err := os.Lstat(dst); err == nil {
			if err := os.Rename(dst, filepath.Join(old, name)); err != nil {
				return err
			}
		}
	}
	_ = syncDir(s.Out) // best effort: the renames are done
	return os.RemoveAll(s.Dir)
}

// commitRank orders the entries of a commit: partitioned tables first,
// run.json last.
func commitRank(name string) int {
	switch {
	case name == RunFile:
		return 4
	case name == ReportMD || name == ReportHTML:
		return 3
	case strings.HasSuffix(name, ".parquet"):
		return 2
	}
	return 1
}

// replace puts src at dst by one rename. When dst is a folder, it is
// exchanged atomically with src where the system can, and the old one ends
// up at src; otherwise it is first moved to aside.
func replace(src, dst, aside string) error {
	st, err := os.Lstat(dst)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && !st.IsDir()) {
		return os.Rename(src, dst)
	}
	if err != nil {
		return err
	}
	if err := exchange(src, dst); err == nil {
		return nil
	}
	if err := os.Rename(dst, aside); err != nil {
		return err
	}
	return os.Rename(src, dst)
}

// CommitFiles moves every file of the stage to the same relative path in
// the dataset, one atomic rename per file, creating folders as needed, and
// removes the stage. A sharded run commits this way: its part files sit
// beside the other shards' files in the same folders.
func (s *Stage) CommitFiles() error {
	if err := s.Sync(); err != nil {
		return err
	}
	var files []string
	err := filepath.WalkDir(s.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(s.Dir, p)
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.SliceStable(files, func(i, j int) bool { return commitRank(files[i]) < commitRank(files[j]) })
	for _, rel := range files {
		dst := filepath.Join(s.Out, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(s.Dir, rel), dst); err != nil {
			return err
		}
	}
	return os.RemoveAll(s.Dir)
}

// Sync makes every staged file durable before Commit renames it, so that
// after a power failure the dataset holds either the old entry or the
// complete new one. Files written into a stage (by WriteAtomic or a
// PartWriter) are not synced one by one: one sync here is much cheaper.
// On Linux it is syncfs(2) on the stage's file system; elsewhere each file
// is synced.
func (s *Stage) Sync() error {
	if err := syncFS(s.Dir); err == nil {
		return nil
	}
	return filepath.WalkDir(s.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		err = f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	})
}

// syncDir syncs a folder, so renames in it survive a power failure. It is
// best effort.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// inStage reports whether path is inside a staging folder.
func inStage(path string) bool {
	for _, part := range strings.Split(filepath.ToSlash(path), "/") {
		if strings.HasPrefix(part, stagePrefix) {
			return true
		}
	}
	return false
}

// Owned lists the top-level names a drift run writes; a new run replaces
// them all.
var Owned = []string{
	DocumentsFile, FramesFile, DriftFile, TurnsDir, MatchesDir, RunFile, ReportMD, ReportHTML, PartialDir,
	KeynessFile, ParticipantsFile, DiffusionFile, ContinuityFile,
}

// CleanStale removes the staging folders (and the ".old-" folders of
// earlier versions) left by runs that were killed.
func CleanStale(out string) {
	cleanPrefix(out, stagePrefix)
	cleanPrefix(out, ".old-")
}

func cleanPrefix(out, prefix string) {
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, prefix) && e.IsDir() {
			_ = os.RemoveAll(filepath.Join(out, n))
		}
	}
}
