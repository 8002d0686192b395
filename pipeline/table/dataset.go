package table

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
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
)

// PartPath returns the relative path of part n of a cycle-partitioned
// table: "turns/cycle=2026-03/part-00000.parquet". The cycle is escaped
// like a URL path segment, so any cycle id gives one folder.
func PartPath(dir, cycle string, n int) string {
	return fmt.Sprintf("%s/cycle=%s/part-%05d.parquet", dir, url.PathEscape(cycle), n)
}

// Stage is a dataset being written. Files go to a hidden staging folder
// inside the output folder; Commit moves them into place, so a run that
// fails or is killed before Commit leaves the previous dataset as it was.
type Stage struct {
	Out string // the dataset folder
	Dir string // the staging folder
}

// NewStage creates a staging folder in out.
func NewStage(out string) (*Stage, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(out, ".staging-")
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
// Each entry changes by one rename; the replaced entries are removed after.
// Entries of the old dataset that the new one does not have are removed,
// except hidden ones (such as .cache) and files drift does not write.
func (s *Stage) Commit() error {
	entries, err := os.ReadDir(s.Dir)
	if err != nil {
		return err
	}
	old, err := os.MkdirTemp(s.Out, ".old-")
	if err != nil {
		return err
	}
	staged := map[string]bool{}
	for _, e := range entries {
		staged[e.Name()] = true
		dst := filepath.Join(s.Out, e.Name())
		if _, err := os.Lstat(dst); err == nil {
			if err := os.Rename(dst, filepath.Join(old, e.Name())); err != nil {
				return err
			}
		}
		if err := os.Rename(filepath.Join(s.Dir, e.Name()), dst); err != nil {
			return err
		}
	}
	for _, name := range Owned {
		if staged[name] {
			continue
		}
		dst := filepath.Join(s.Out, name)
		if _, err := os.Lstat(dst); err == nil {
			os.Rename(dst, filepath.Join(old, name))
		}
	}
	os.RemoveAll(old)
	os.RemoveAll(s.Dir)
	CleanStale(s.Out)
	return nil
}

// Owned lists the top-level names a drift run writes; a new run replaces
// them all.
var Owned = []string{
	DocumentsFile, FramesFile, DriftFile, TurnsDir, MatchesDir, RunFile, ReportMD, ReportHTML,
	KeynessFile, ParticipantsFile, DiffusionFile, ContinuityFile,
}

// CleanStale removes staging and old folders left by runs that were killed.
func CleanStale(out string) {
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, ".staging-") || strings.HasPrefix(n, ".old-") {
			if st, err := os.Stat(filepath.Join(out, n)); err == nil && st.IsDir() {
				_ = os.RemoveAll(filepath.Join(out, n))
			}
		}
	}
}
