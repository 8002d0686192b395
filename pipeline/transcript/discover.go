package transcript

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// File is one file found under the corpus root.
type File struct {
	Rel   string // relative to the corpus root, '/'-separated
	Abs   string // path to open
	Size  int64
	Cycle string // from the folder or the file name (Config.CycleFrom); "" when unknown
	Date  string // YYYY-MM-DD from the file name or folder name, when it holds a full date
	Site  string // from the drift.yaml sites
	Skip  string // when non-empty the file is not parsed and this is the reason
	// Config is set on the corpus configuration files (drift.yaml,
	// manifest.csv): they are read as configuration, not as transcripts,
	// and get StatusConfig.
	Config bool
	// Manifest is the file's row in manifest.csv, or nil. Its fields
	// override front matter, which overrides Cycle, Date and Site.
	Manifest *ManifestEntry

	noCycle string // why Cycle is empty; used when neither manifest nor front matter gives one
}

// Discover walks corpus and returns every file that is not hidden, sorted by
// path. Hidden files and folders (names starting with ".") are ignored.
// Symbolic links are followed only when they point inside the corpus.
//
// exclude names files and folders that are not input however they are
// named: the run's own outputs (the output folder, with its cache and
// staging folders, and profile files) when they lie inside the corpus.
// They are left out entirely, as hidden files are, so that a second run
// never reads the first run's report or tables as transcripts.
func Discover(corpus string, cfg *Config, exclude ...string) ([]File, error) {
	root, err := filepath.Abs(corpus)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("corpus %s: %w", corpus, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("corpus %s is not a folder: give the folder that holds one folder per cycle", corpus)
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, err
	}
	skip := excluded(root, realRoot, exclude)
	var files []File
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			rel := relSlash(root, p)
			files = append(files, File{Rel: rel, Abs: p, Skip: "cannot read: " + err.Error()})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p == root {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") || skip[relSlash(root, p)] {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel := relSlash(root, p)
		f := fileMeta0(rel, cfg)
		f.Abs = p
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(p)
			switch {
			case err != nil:
				f.Skip = "broken symbolic link"
			case !within(realRoot, target):
				f.Skip = "symbolic link points outside the corpus; copy the file in instead"
			case hiddenPath(relSlash(realRoot, target)):
				f.Skip = "symbolic link points into a hidden file or folder, which drift never reads"
			default:
				ti, err := os.Stat(target)
				switch {
				case err == nil && ti.IsDir():
					f.Skip = "symbolic link to a folder; drift does not follow linked folders, so move or copy the files in"
				case err != nil || !ti.Mode().IsRegular():
					f.Skip = "symbolic link to something that is not a regular file"
				default:
					f.Size = ti.Size()
				}
			}
			files = append(files, f)
			return nil
		}
		if !d.Type().IsRegular() {
			f.Skip = "not a regular file"
			files = append(files, f)
			return nil
		}
		if info, err := d.Info(); err == nil {
			f.Size = info.Size()
		}
		if rel == ConfigFile || rel == ManifestFile {
			f.Config = true
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Rel < files[j].Rel })
	return files, nil
}

// excluded returns the corpus-relative paths of those of paths that lie
// inside the corpus (root, or its real path realRoot).
func excluded(root, realRoot string, paths []string) map[string]bool {
	skip := map[string]bool{}
	for _, p := range paths {
		if p == "" {
			continue
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		for _, base := range []string{root, realRoot} {
			cand := abs
			if base == realRoot {
				// The path may not exist yet (a first run's output
				// folder): resolve the links of its parent instead.
				if r, err := filepath.EvalSymlinks(abs); err == nil {
					cand = r
				} else if r, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
					cand = filepath.Join(r, filepath.Base(abs))
				}
			}
			if within(base, cand) {
				if rel := relSlash(base, cand); rel != "." {
					skip[rel] = true
				}
			}
		}
	}
	return skip
}

// ManifestFile is the name of the optional per-file manifest at the corpus root.
const ManifestFile = "manifest.csv"

// fileMeta0 returns the File for rel with the cycle, date and site that the
// path, drift.yaml and manifest.csv give it.
func fileMeta0(rel string, cfg *Config) File {
	f := File{Rel: rel}
	mode := CycleFromFolder
	if cfg != nil && cfg.CycleFrom != "" {
		mode = cfg.CycleFrom
	}
	folder := cycleOf(rel)
	day, _ := dateInName(path.Base(rel))
	if day == "" && folder != "" {
		if d, _ := dateInName(folder); d == folder {
			day = d
		}
	}
	switch mode {
	case CycleFromName, CycleFromNameMonth:
		f.Cycle, f.Date, f.noCycle = cycleFromName(rel, mode)
	default:
		f.Cycle, f.Date = folder, day
		if folder == "" {
			f.noCycle = "not inside a cycle folder; move it into a folder named for its cycle (e.g. 2026-03/), give its cycle in " + ManifestFile + " or front matter, or use --cycle-from name"
		}
	}
	f.Site = cfg.SiteOf(rel)
	if cfg != nil {
		if e, ok := cfg.Manifest[rel]; ok {
			f.Manifest = &e
		}
	}
	return f
}

func cycleOf(rel string) string {
	if i := strings.IndexByte(rel, '/'); i > 0 {
		return rel[:i]
	}
	return ""
}

func relSlash(root, p string) string {
	r, err := filepath.Rel(root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}

func within(root, p string) bool {
	r, err := filepath.Rel(root, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator))
}

// hiddenPath says whether any element of a '/'-separated path starts with ".".
func hiddenPath(rel string) bool {
	for _, e := range strings.Split(rel, "/") {
		if strings.HasPrefix(e, ".") && e != "." {
			return true
		}
	}
	return false
}
