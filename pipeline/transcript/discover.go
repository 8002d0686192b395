package transcript

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// File is one file found under the corpus root.
type File struct {
	Rel   string // relative to the corpus root, '/'-separated
	Abs   string // path to open
	Size  int64
	Cycle string // first folder level; "" for files at the root
	Site  string
	Skip  string // when non-empty the file is not parsed and this is the reason
}

// Discover walks corpus and returns every file that is not hidden, sorted by
// path. Hidden files and folders (names starting with ".") are ignored.
// Symbolic links are followed only when they point inside the corpus.
func Discover(corpus string, cfg *Config) ([]File, error) {
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
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel := relSlash(root, p)
		f := File{Rel: rel, Abs: p, Cycle: cycleOf(rel)}
		f.Site = cfg.SiteOf(rel)
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(p)
			switch {
			case err != nil:
				f.Skip = "broken symbolic link"
			case !within(realRoot, target):
				f.Skip = "symbolic link points outside the corpus; copy the file in instead"
			default:
				if ti, err := os.Stat(target); err != nil || !ti.Mode().IsRegular() {
					f.Skip = "symbolic link to something that is not a regular file"
				} else {
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
		switch {
		case f.Cycle == "" && (rel == ConfigFile || rel == ManifestFile):
			f.Skip = "corpus configuration, not a transcript"
		case f.Cycle == "":
			f.Skip = "not inside a cycle folder; move it into a folder named for its cycle (e.g. 2026-03/)"
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

// ManifestFile is the name of the optional per-file manifest at the corpus root.
const ManifestFile = "manifest.csv"

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
