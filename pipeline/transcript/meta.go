package transcript

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// fileMeta is what a file says about itself (front matter).
type fileMeta struct {
	cycle, date, site string
	facilitators      []string
}

// fmKeyRE is the shape of a front matter key. Keys with capitals are speaker
// tags, so "---\nMaria: hello\n---" is speech, not front matter.
var fmKeyRE = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

// fmReadKeyRE finds, at the start of a line, a key that frontMatter reads.
// Only a block with one of these keys is front matter: a block of other
// lowercase labels ("interviewer: so what happened: tell me") is speech,
// whether or not it happens to be valid YAML. A block with one of these
// keys that is not valid YAML fails the file instead of being read as
// speech, which would lose its cycle, date or site.
var fmReadKeyRE = regexp.MustCompile(`(?m)^(cycle|date|site|facilitators|facilitator)[ \t]*:`)

// frontMatter splits YAML front matter ("---" lines around key: value
// pairs at the top of a file) from the body. first is the 1-based line
// where the body starts. Keys other than cycle, date, site and facilitators
// are ignored.
func frontMatter(text string) (meta fileMeta, body string, first int, err error) {
	if !strings.HasPrefix(text, "---\n") {
		return meta, text, 1, nil
	}
	rest := text[4:]
	end, n := -1, 1
	for off := 0; off < len(rest) && n < 200; n++ {
		i := strings.IndexByte(rest[off:], '\n')
		line := rest[off:]
		if i >= 0 {
			line = rest[off : off+i]
		}
		if t := strings.TrimRight(line, " \t"); t == "---" || t == "..." {
			end = off
			break
		}
		if i < 0 {
			break
		}
		off += i + 1
	}
	if end < 0 {
		return meta, text, 1, nil
	}
	if !fmReadKeyRE.MatchString(rest[:end]) {
		return meta, text, 1, nil // no key drift reads: parse it as speech
	}
	var doc yaml.Node
	if yerr := yaml.Unmarshal([]byte(rest[:end]), &doc); yerr != nil {
		// It has a key drift reads but is not YAML: reading it as speech
		// would turn it into an unknown speaker's turn and lose its
		// cycle, date or site.
		line, msg := 2, strings.TrimPrefix(yerr.Error(), "yaml: ")
		if m := yamlLineRE.FindStringSubmatch(yerr.Error()); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil {
				line = n + 1 // the opening "---" is line 1
			}
			msg = m[2]
		}
		return meta, "", 0, &ParseError{Line: line, Err: fmt.Errorf("front matter is not valid YAML: %s; fix it or remove the --- lines", msg)}
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return meta, text, 1, nil // not front matter: parse it as speech
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if !fmKeyRE.MatchString(m.Content[i].Value) {
			return meta, text, 1, nil
		}
	}
	body = rest[end:]
	if i := strings.IndexByte(body, '\n'); i >= 0 {
		body = body[i+1:]
	} else {
		body = ""
	}
	first = n + 2
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		line := v.Line + 1 // the opening "---" is line 1
		scalar := func() (string, error) {
			if v.Kind != yaml.ScalarNode {
				return "", &ParseError{Line: line, Err: fmt.Errorf("front matter %q must be a single value", k.Value)}
			}
			return strings.TrimSpace(v.Value), nil
		}
		switch k.Value {
		case "cycle":
			if meta.cycle, err = scalar(); err != nil {
				return meta, "", 0, err
			}
			if err := checkCycleID(meta.cycle); err != nil {
				return meta, "", 0, &ParseError{Line: line, Err: fmt.Errorf("front matter cycle: %v", err)}
			}
		case "date":
			if meta.date, err = scalar(); err != nil {
				return meta, "", 0, err
			}
			if !validDate(meta.date) {
				return meta, "", 0, &ParseError{Line: line, Err: fmt.Errorf("front matter date %q is not a date (want YYYY-MM-DD)", meta.date)}
			}
		case "site":
			if meta.site, err = scalar(); err != nil {
				return meta, "", 0, err
			}
		case "facilitators", "facilitator":
			switch v.Kind {
			case yaml.ScalarNode:
				meta.facilitators = append(meta.facilitators, v.Value)
			case yaml.SequenceNode:
				for _, e := range v.Content {
					if e.Kind != yaml.ScalarNode {
						return meta, "", 0, &ParseError{Line: e.Line + 1, Err: errors.New("front matter facilitators: want a list of names")}
					}
					meta.facilitators = append(meta.facilitators, e.Value)
				}
			default:
				return meta, "", 0, &ParseError{Line: line, Err: errors.New("front matter facilitators: want a name or a list of names")}
			}
		}
	}
	return meta, body, first, nil
}

func validDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// checkCycleID rejects cycle ids that cannot be a folder name or a Hive
// partition value.
func checkCycleID(s string) error {
	switch {
	case s == "":
		return errors.New("empty cycle")
	case len(s) > 64:
		return fmt.Errorf("cycle %q is longer than 64 characters", s)
	case strings.ContainsAny(s, "/\\=\x00\n") || s == "." || s == "..":
		return fmt.Errorf("cycle %q may not contain '/', '\\' or '='", s)
	}
	return nil
}

// Cycle sources for Config.CycleFrom.
const (
	CycleFromFolder    = "folder"     // the first folder level under the corpus (default)
	CycleFromName      = "name"       // the date in the file name, as written (2026-03-14 or 2026-03)
	CycleFromNameMonth = "name-month" // the year and month of the date in the file name (2026-03)
)

// nameDateRE finds a date in a file name: 2026-03-14, 2026_03_14,
// 2026.03.14, 20260314, or a month 2026-03.
var nameDateRE = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)\d{2})([-_.]?)(0[1-9]|1[0-2])(?:([-_.]?)(0[1-9]|[12]\d|3[01]))?(?:[^0-9]|$)`)

// dateInName returns the date in a file or folder name: day is
// YYYY-MM-DD when the name has a full date, month is YYYY-MM.
func dateInName(name string) (day, month string) {
	for _, m := range nameDateRE.FindAllStringSubmatch(name, -1) {
		if m[5] != "" && m[2] != m[4] {
			continue // 2026-0314: separators must agree
		}
		month = m[1] + "-" + m[3]
		if m[5] != "" {
			day = month + "-" + m[5]
			if !validDate(day) {
				day, month = "", ""
				continue
			}
		}
		return day, month
	}
	return "", ""
}

// cycleFromName returns the cycle and date for a file under --cycle-from
// name or name-month, and a reason when the name holds no date.
func cycleFromName(rel, mode string) (cycle, date, skip string) {
	day, month := dateInName(path.Base(rel))
	if month == "" {
		return "", "", fmt.Sprintf("no date in the file name (want YYYY-MM-DD, e.g. 2026-03-14_circle.txt) for --cycle-from %s; rename it or give its cycle in %s or front matter", mode, ManifestFile)
	}
	if mode == CycleFromNameMonth || day == "" {
		return month, day, ""
	}
	return day, day, ""
}

// ManifestEntry is one row of manifest.csv. Empty fields are not given.
type ManifestEntry struct {
	Line  int
	Cycle string
	Date  string
	Site  string
}

// ParseManifest parses manifest.csv: a header with path and any of cycle,
// date and site, then one row per file. Paths are relative to the corpus
// root. name is used in errors.
func ParseManifest(name string, data []byte) (map[string]ManifestEntry, error) {
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var errs []error // every problem, in line order, reported at once
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		switch h {
		case "path", "cycle", "date", "site":
		default:
			errs = append(errs, fmt.Errorf("%s:1:%d: unknown column %q; want path,cycle,date,site", name, i+1, h))
			continue
		}
		if _, dup := col[h]; dup {
			errs = append(errs, fmt.Errorf("%s:1:%d: column %q given twice", name, i+1, h))
			continue
		}
		col[h] = i
	}
	if _, ok := col["path"]; !ok {
		errs = append(errs, fmt.Errorf("%s:1: the header has no path column; want path,cycle,date,site", name))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	get := func(rec []string, k string) string {
		if i, ok := col[k]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	out := map[string]ManifestEntry{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, errors.Join(append(errs, fmt.Errorf("%s: %w", name, err))...)
		}
		line, _ := r.FieldPos(0)
		p := get(rec, "path")
		if p == "" {
			if len(strings.Join(rec, "")) == 0 {
				continue
			}
			errs = append(errs, fmt.Errorf("%s:%d: empty path", name, line))
			continue
		}
		clean := path.Clean(strings.ReplaceAll(p, "\\", "/"))
		if path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") {
			errs = append(errs, fmt.Errorf("%s:%d: path %q must be relative to the corpus folder", name, line, p))
			continue
		}
		if prev, dup := out[clean]; dup {
			errs = append(errs, fmt.Errorf("%s:%d: path %q is already listed on line %d", name, line, p, prev.Line))
			continue
		}
		e := ManifestEntry{Line: line, Cycle: get(rec, "cycle"), Date: get(rec, "date"), Site: get(rec, "site")}
		if e.Cycle != "" {
			if err := checkCycleID(e.Cycle); err != nil {
				errs = append(errs, fmt.Errorf("%s:%d: %v", name, line, err))
				continue
			}
		}
		if e.Date != "" && !validDate(e.Date) {
			errs = append(errs, fmt.Errorf("%s:%d: date %q is not a date (want YYYY-MM-DD)", name, line, e.Date))
			continue
		}
		out[clean] = e
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// loadManifest reads CORPUS/manifest.csv; a missing file gives nil. Every
// listed path must exist.
func loadManifest(corpus string) (map[string]ManifestEntry, error) {
	p := filepath.Join(corpus, ManifestFile)
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	m, err := ParseManifest(p, data)
	if err != nil {
		return nil, err
	}
	var missing []ManifestEntry
	var paths []string
	for rel, e := range m {
		if _, err := os.Lstat(filepath.Join(corpus, filepath.FromSlash(rel))); err != nil {
			missing = append(missing, e)
			paths = append(paths, rel)
		}
	}
	if len(missing) == 0 {
		return m, nil
	}
	// Every missing file at once, in line order.
	idx := make([]int, len(missing))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return missing[idx[a]].Line < missing[idx[b]].Line })
	errs := make([]error, len(idx))
	for i, j := range idx {
		errs[i] = fmt.Errorf("%s:%d: no file %q in the corpus; fix the path or remove the row", p, missing[j].Line, paths[j])
	}
	return nil, errors.Join(errs...)
}
