package lexicon

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/drift-project/drift/pipeline/segment"
	"gopkg.in/yaml.v3"
)

// Lexicon is one YAML lexicon file.
type Lexicon struct {
	Name        string
	Version     string
	Description string
	Sources     []string
	Dimensions  []*Dimension
	Tests       []Test
	File        string // name of the file it came from
	Hash        string // "sha256:" and the hex digest of the file's bytes
}

// Dimension is a set of competing categories; the first category is the
// numerator of the dimension's share measure.
type Dimension struct {
	Name        string
	Description string
	Categories  []*Category
	Exclusions  []*Entry
	// Cues are the named cue lists that entries' context conditions (near,
	// not_near) refer to; see Entry.Near.
	Cues    []*CueList
	Lexicon *Lexicon
}

// CueList is a named list of cue terms (words, stems, phrases, written like
// entries) that context conditions refer to. Cues are not entries: they
// never count, never consume tokens and are never vetoed.
type CueList struct {
	Name        string
	Description string
	Terms       []*Entry
	Line, Col   int
}

// Category is a top-level category (class, identity, ...).
type Category struct {
	line, col     int
	Name          string
	Description   string
	Subcategories []*Subcategory
}

// Subcategory groups entries of a category.
type Subcategory struct {
	line, col   int
	Name        string
	Description string
	Entries     []*Entry
}

// Entry is one lexicon term: a word, a glob stem ("evict*") or a phrase
// whose words may be stems ("rent strik*"). Hyphens separate words, so
// "rent-strike" and "rent strike" are the same entry.
type Entry struct {
	Term   string
	Weight float64
	Line   int
	Col    int
	// Near names cue lists of the dimension: the entry counts only when a
	// term of one of them occurs within Window words of it in the same
	// sentence. NotNear names cue lists that veto it in the same way. Window
	// 0 means anywhere in the sentence. An entry with neither always counts
	// (subject to exclusions and negation).
	Near    []string
	NotNear []string
	Window  int
	words   []wordPat
	cueRefs []catRef // every cue list named, with its position
}

// Conditional reports whether the entry has a context condition.
func (e *Entry) Conditional() bool { return len(e.Near) > 0 || len(e.NotNear) > 0 }

// Condition describes the entry's context condition as it is shown and
// documented: "near work, first_person within 6 words; not near fiscal".
// It is "" for an entry without one.
func (e *Entry) Condition() string {
	var parts []string
	if len(e.Near) > 0 {
		parts = append(parts, "near "+strings.Join(e.Near, ", "))
	}
	if len(e.NotNear) > 0 {
		parts = append(parts, "not near "+strings.Join(e.NotNear, ", "))
	}
	if len(parts) == 0 {
		return ""
	}
	s := strings.Join(parts, "; ")
	if e.Window > 0 {
		return fmt.Sprintf("%s within %d words", s, e.Window)
	}
	return s + " in the sentence"
}

type wordPat struct {
	text   string // normalised word, or stem without the '*'
	alt    string // a stem's second form ("capitalis" for text "capitaliz"), or ""
	prefix bool
}

// Test is an example sentence with the categories it must and must not get.
// Categories are written "class" or "class/antagonist".
type Test struct {
	Text    string
	Match   []string
	NoMatch []string
	Line    int
	Col     int
	refs    []catRef // every category named, with its position
}

type catRef struct {
	name      string
	line, col int
}

// Key returns the normalised form of the entry ("rent strik*").
func (e *Entry) Key() string {
	parts := make([]string, len(e.words))
	for i, w := range e.words {
		parts[i] = w.text
		if w.prefix {
			parts[i] += "*"
		}
	}
	return strings.Join(parts, " ")
}

// Words returns how many words the entry spans.
func (e *Entry) Words() int { return len(e.words) }

// Set is the lexicons used together in one run.
type Set struct {
	Lexicons []*Lexicon
	Lint     ErrorList // problems that change no count, found while loading
}

// Dimensions returns every dimension of every lexicon, in load order.
func (s *Set) Dimensions() []*Dimension {
	var out []*Dimension
	for _, l := range s.Lexicons {
		out = append(out, l.Dimensions...)
	}
	return out
}

// File is one lexicon file: the name used in error positions, and its bytes.
type File struct {
	Name string
	Data []byte
}

// Load reads every *.yaml and *.yml file at the root of fsys, sorted by name.
// It returns all problems in all files as an ErrorList.
func Load(fsys fs.FS) (*Set, error) {
	names, err := fs.Glob(fsys, "*.y*ml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var files []File
	for _, n := range names {
		if ext := path.Ext(n); ext != ".yaml" && ext != ".yml" {
			continue
		}
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		files = append(files, File{n, data})
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no lexicon files (*.yaml) found")
	}
	return LoadFiles(files)
}

// LoadFiles parses and validates lexicon files that are used together. It
// returns all problems in all files as an ErrorList, sorted by position.
// Lint problems (redundant entries) do not stop loading; they are kept in
// Set.Lint.
func LoadFiles(files []File) (*Set, error) {
	set, all := Check(files)
	errs, lint := all.Split()
	if err := errs.Err(); err != nil {
		return nil, err
	}
	lint.Sort()
	set.Lint = lint
	return set, nil
}

// Check parses and validates lexicon files that are used together and
// returns every problem, lint included, sorted by position. The Set holds
// the lexicons that parsed; it is usable only when there are no problems
// other than lint.
func Check(files []File) (*Set, ErrorList) {
	var errs ErrorList
	set := &Set{}
	for _, f := range files {
		l, perrs := parse(f.Name, f.Data)
		errs = append(errs, perrs...)
		if l != nil {
			set.Lexicons = append(set.Lexicons, l)
		}
	}
	errs = append(errs, set.crossCheck()...)
	errs.Sort()
	return set, errs
}

// Parse parses one lexicon file. name is used in error positions.
func Parse(name string, data []byte) (*Lexicon, error) {
	l, all := parse(name, data)
	errs, _ := all.Split()
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return l, nil
}

func parse(name string, data []byte) (*Lexicon, ErrorList) {
	var errs ErrorList
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		line, col, msg := yamlSyntax(data, err)
		errs.Add(name, line, col, "YAML syntax: %s", msg)
		return nil, errs
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		errs.Add(name, 1, 1, "empty lexicon file; want name, version, dimensions")
		return nil, errs
	}
	sum := sha256.Sum256(data)
	l := &Lexicon{File: name, Hash: "sha256:" + hex.EncodeToString(sum[:])}
	p := &parser{file: name, errs: &errs}
	doc := root.Content[0]
	p.mapping(doc, "lexicon", map[string]func(k, v *yaml.Node){
		"name":        func(k, v *yaml.Node) { l.Name = p.str(v) },
		"version":     func(k, v *yaml.Node) { l.Version = p.str(v) },
		"description": func(k, v *yaml.Node) { l.Description = p.str(v) },
		"sources":     func(k, v *yaml.Node) { l.Sources = p.strs(v) },
		"dimensions": func(k, v *yaml.Node) {
			p.seq(v, func(n *yaml.Node) { l.Dimensions = append(l.Dimensions, p.dimension(n, l)) })
		},
		"tests": func(k, v *yaml.Node) { p.seq(v, func(n *yaml.Node) { l.Tests = append(l.Tests, p.test(n)) }) },
	}, "name", "version", "dimensions")
	if l.Name != "" && strings.ToLower(l.Name) != l.Name {
		p.add(doc, "lexicon name %q must be lower case", l.Name)
	}
	p.checkNames(l, doc)
	p.checkEntries(l)
	p.checkCues(l)
	p.checkTests(l)
	return l, errs
}

type parser struct {
	file string
	errs *ErrorList
}

func (p *parser) add(n *yaml.Node, format string, args ...any) {
	p.errs.Add(p.file, n.Line, n.Column, format, args...)
}

// mapping walks a mapping node, calling fields[key] for each key, reporting
// unknown keys, duplicate keys and missing required keys.
func (p *parser) mapping(n *yaml.Node, what string, fields map[string]func(k, v *yaml.Node), required ...string) {
	if n.Kind != yaml.MappingNode {
		p.add(n, "%s must be a mapping of keys to values", what)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			p.add(k, "%s has key %q twice", what, k.Value)
			continue
		}
		seen[k.Value] = true
		f, ok := fields[k.Value]
		if !ok {
			p.add(k, "unknown key %q in %s; want one of %s", k.Value, what, keyList(fields))
			continue
		}
		f(k, v)
	}
	for _, r := range required {
		if !seen[r] {
			p.add(n, "%s has no %q", what, r)
		}
	}
}

func keyList(m map[string]func(k, v *yaml.Node)) string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ", ")
}

func (p *parser) str(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		p.add(n, "want a single value, not a list or mapping")
		return ""
	}
	return n.Value
}

func (p *parser) strs(n *yaml.Node) []string {
	var out []string
	p.seq(n, func(c *yaml.Node) { out = append(out, p.str(c)) })
	return out
}

func (p *parser) seq(n *yaml.Node, f func(*yaml.Node)) {
	if n.Kind != yaml.SequenceNode {
		p.add(n, "want a list")
		return
	}
	for _, c := range n.Content {
		f(c)
	}
}

func (p *parser) dimension(n *yaml.Node, l *Lexicon) *Dimension {
	d := &Dimension{Lexicon: l}
	p.mapping(n, "dimension", map[string]func(k, v *yaml.Node){
		"name":        func(k, v *yaml.Node) { d.Name = p.str(v) },
		"description": func(k, v *yaml.Node) { d.Description = p.str(v) },
		"categories": func(k, v *yaml.Node) {
			p.seq(v, func(c *yaml.Node) { d.Categories = append(d.Categories, p.category(c)) })
			if len(d.Categories) != 2 && v.Kind == yaml.SequenceNode {
				p.add(v, "dimension %q has %d categories; want exactly two competing categories (the first is the share numerator): add the competing category, or split the categories into pairs, one dimension per pair (drift lexicon import pairs an imported dictionary's categories in file order and leaves an odd one out alone)", d.Name, len(d.Categories))
			}
		},
		"exclusions": func(k, v *yaml.Node) {
			p.seq(v, func(c *yaml.Node) {
				x := p.entry(c)
				if x.Conditional() || x.Window != 0 {
					p.add(c, "exclusion %q has a context condition; only entries take near, not_near and window", x.Term)
				}
				d.Exclusions = append(d.Exclusions, x)
			})
		},
		"cues": func(k, v *yaml.Node) {
			p.seq(v, func(c *yaml.Node) { d.Cues = append(d.Cues, p.cueList(c)) })
		},
	}, "name", "categories")
	return d
}

func (p *parser) cueList(n *yaml.Node) *CueList {
	c := &CueList{Line: n.Line, Col: n.Column}
	p.mapping(n, "cue list", map[string]func(k, v *yaml.Node){
		"name":        func(k, v *yaml.Node) { c.Name = p.str(v) },
		"description": func(k, v *yaml.Node) { c.Description = p.str(v) },
		"terms": func(k, v *yaml.Node) {
			p.seq(v, func(t *yaml.Node) {
				e := p.entry(t)
				if e.Conditional() || e.Window != 0 || e.Weight != 1 {
					p.add(t, "cue %q: cue terms are plain words, stems or phrases (no weight, near, not_near or window)", e.Term)
				}
				c.Terms = append(c.Terms, e)
			})
			if v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
				p.add(v, "cue list %q has no terms", c.Name)
			}
		},
	}, "name", "terms")
	return c
}

func (p *parser) category(n *yaml.Node) *Category {
	c := &Category{line: n.Line, col: n.Column}
	p.mapping(n, "category", map[string]func(k, v *yaml.Node){
		"name":        func(k, v *yaml.Node) { c.Name = p.str(v) },
		"description": func(k, v *yaml.Node) { c.Description = p.str(v) },
		"subcategories": func(k, v *yaml.Node) {
			p.seq(v, func(s *yaml.Node) { c.Subcategories = append(c.Subcategories, p.subcategory(s)) })
		},
	}, "name", "subcategories")
	return c
}

func (p *parser) subcategory(n *yaml.Node) *Subcategory {
	s := &Subcategory{line: n.Line, col: n.Column}
	p.mapping(n, "subcategory", map[string]func(k, v *yaml.Node){
		"name":        func(k, v *yaml.Node) { s.Name = p.str(v) },
		"description": func(k, v *yaml.Node) { s.Description = p.str(v) },
		"entries":     func(k, v *yaml.Node) { p.seq(v, func(e *yaml.Node) { s.Entries = append(s.Entries, p.entry(e)) }) },
	}, "name", "entries")
	return s
}

func (p *parser) entry(n *yaml.Node) *Entry {
	e := &Entry{Weight: 1, Line: n.Line, Col: n.Column}
	switch n.Kind {
	case yaml.ScalarNode:
		e.Term = n.Value
	case yaml.MappingNode:
		p.mapping(n, "entry", map[string]func(k, v *yaml.Node){
			"term": func(k, v *yaml.Node) { e.Term = p.str(v) },
			"weight": func(k, v *yaml.Node) {
				w, err := strconv.ParseFloat(p.str(v), 64)
				if err != nil || w <= 0 {
					p.add(v, "weight %q must be a positive number", v.Value)
					return
				}
				e.Weight = w
			},
			"near":     func(k, v *yaml.Node) { e.Near = p.cueNames(v, e) },
			"not_near": func(k, v *yaml.Node) { e.NotNear = p.cueNames(v, e) },
			"window": func(k, v *yaml.Node) {
				w, err := strconv.Atoi(p.str(v))
				if err != nil || w < 0 {
					p.add(v, "window %q must be a whole number of words (0: the whole sentence)", v.Value)
					return
				}
				e.Window = w
			},
		}, "term")
		if e.Window != 0 && !e.Conditional() {
			p.add(n, "entry %q has a window but no near or not_near", e.Term)
		}
	default:
		p.add(n, "entry must be a term or a mapping with term and weight, near, not_near, window")
		return e
	}
	words, msg := compileTerm(e.Term)
	if msg != "" {
		p.add(n, "entry %q: %s", e.Term, msg)
	}
	e.words = words
	return e
}

// compileTerm splits a term into normalised word patterns.
func compileTerm(term string) ([]wordPat, string) {
	var out []wordPat
	toks := segment.Tokenize(term)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.Kind != segment.Punct:
			out = append(out, wordPat{text: t.Norm})
		case t.Text == "*":
			if len(out) == 0 || out[len(out)-1].prefix || t.Start == 0 || toks[i-1].End != t.Start ||
				(i+1 < len(toks) && toks[i+1].Start == t.End && toks[i+1].Kind != segment.Punct) {
				return nil, "'*' may only end a word (\"evict*\")"
			}
			out[len(out)-1].prefix = true
			out[len(out)-1].text, out[len(out)-1].alt = segment.NormalizeStem(toks[i-1].Text)
		case t.Text == "-" || t.Text == "‐":
			// hyphens separate words, as in text
		default:
			return nil, fmt.Sprintf("has %q; entries are words, stems ending in '*', and phrases", t.Text)
		}
	}
	if len(out) == 0 {
		return nil, "is empty"
	}
	return out, ""
}

// cueNames reads a list of cue list names (a single name is accepted too).
func (p *parser) cueNames(v *yaml.Node, e *Entry) []string {
	var out []string
	add := func(c *yaml.Node) {
		name := p.str(c)
		out = append(out, name)
		e.cueRefs = append(e.cueRefs, catRef{name, c.Line, c.Column})
	}
	if v.Kind == yaml.ScalarNode {
		add(v)
	} else {
		p.seq(v, add)
	}
	if v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
		p.add(v, "empty list of cue lists")
	}
	return out
}

func (p *parser) test(n *yaml.Node) Test {
	t := Test{Line: n.Line, Col: n.Column}
	cats := func(v *yaml.Node) []string {
		var out []string
		p.seq(v, func(c *yaml.Node) {
			name := p.str(c)
			out = append(out, name)
			t.refs = append(t.refs, catRef{name, c.Line, c.Column})
		})
		return out
	}
	p.mapping(n, "test", map[string]func(k, v *yaml.Node){
		"text":     func(k, v *yaml.Node) { t.Text = p.str(v) },
		"match":    func(k, v *yaml.Node) { t.Match = cats(v) },
		"no_match": func(k, v *yaml.Node) { t.NoMatch = cats(v) },
	}, "text")
	if n.Kind == yaml.MappingNode && len(t.Match) == 0 && len(t.NoMatch) == 0 {
		p.add(n, "test has neither match nor no_match")
	}
	return t
}

// checkNames reports empty and repeated names of dimensions, categories and
// subcategories within a lexicon.
func (p *parser) checkNames(l *Lexicon, doc *yaml.Node) {
	_ = doc
	for _, d := range l.Dimensions {
		seenCat := map[string]bool{}
		for _, c := range d.Categories {
			if c.Name != "" && !validName(c.Name) {
				p.errs.Add(p.file, c.line, c.col, "category name %q: use lower-case letters, digits and '_' only", c.Name)
			}
			if seenCat[c.Name] && c.Name != "" {
				p.errs.Add(p.file, c.line, c.col, "dimension %q has category %q twice", d.Name, c.Name)
			}
			seenCat[c.Name] = true
			seenSub := map[string]bool{}
			for _, sc := range c.Subcategories {
				if sc.Name != "" && !validName(sc.Name) {
					p.errs.Add(p.file, sc.line, sc.col, "subcategory name %q: use lower-case letters, digits and '_' only", sc.Name)
				}
				if seenSub[sc.Name] && sc.Name != "" {
					p.errs.Add(p.file, sc.line, sc.col, "category %q has subcategory %q twice", c.Name, sc.Name)
				}
				seenSub[sc.Name] = true
			}
		}
	}
}

func validName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return s != ""
}

// checkTests reports test categories that the lexicon does not define, and
// categories named both in match and no_match.
func (p *parser) checkTests(l *Lexicon) {
	known := map[string]bool{}
	for _, d := range l.Dimensions {
		for _, c := range d.Categories {
			known[c.Name] = true
			for _, sc := range c.Subcategories {
				known[c.Name+"/"+sc.Name] = true
			}
		}
	}
	for _, t := range l.Tests {
		in := map[string]bool{}
		for _, m := range t.Match {
			in[m] = true
		}
		for i, r := range t.refs {
			if !known[r.name] {
				p.errs.Add(p.file, r.line, r.col, "test names unknown category %q; want one of this lexicon's categories (%s) or category/subcategory", r.name, knownCats(l))
				continue
			}
			if i >= len(t.Match) && in[r.name] {
				p.errs.Add(p.file, r.line, r.col, "test wants %q both matched and not matched", r.name)
			}
		}
	}
}

func knownCats(l *Lexicon) string {
	var names []string
	for _, d := range l.Dimensions {
		for _, c := range d.Categories {
			names = append(names, c.Name)
		}
	}
	return strings.Join(names, ", ")
}

// checkEntries reports entries that can never change a count, and
// exclusions that contain no entry of their dimension. Within a dimension:
//
//   - a duplicate (the same normalised entry twice, in the same or the
//     competing category) never matches: the first one always wins;
//   - an entry shadowed by a less specific entry of the same subcategory
//     with as many words ("evict" beside "evict*", "organiz*" beside
//     "organ*") adds nothing: the other entry already matches every text it
//     matches, with the same category and subcategory;
//   - an entry that an exclusion of the same length covers ("rent a car"
//     with the exclusion "rent a*") is vetoed wherever it matches.
//
// A more specific entry in a different subcategory or category is not
// reported: it is a deliberate exception (see Matcher.Scan for tie-breaks).
func (p *parser) checkEntries(l *Lexicon) {
	for _, d := range l.Dimensions {
		seen := map[string]ownedEntry{}
		var list []ownedEntry
		for _, o := range ownedEntries(d) {
			e := o.e
			if prev, ok := seen[o.key]; ok {
				switch {
				case prev.cat != o.cat:
					p.errs.Add(p.file, e.Line, e.Col, "entry %q is also in category %q (line %d); a token counts once per dimension, so this one never matches", e.Term, prev.cat, prev.e.Line)
				case prev.sub != o.sub:
					p.errs.Add(p.file, e.Line, e.Col, "entry %q is also in subcategory %s/%s (line %d), which wins; this one never matches", e.Term, prev.cat, prev.sub, prev.e.Line)
				default:
					p.errs.Add(p.file, e.Line, e.Col, "duplicate entry %q (first at line %d)", e.Term, prev.e.Line)
				}
				continue
			}
			seen[o.key] = o
			list = append(list, o)
		}
		// Shadowing within a subcategory: compare entries of equal length
		// (each with the others of its subcategory and length, in order).
		type group struct {
			cat, sub string
			n        int
		}
		groups := map[group][]int{}
		for i, a := range list {
			g := group{a.cat, a.sub, len(a.e.words)}
			groups[g] = append(groups[g], i)
		}
		for i, a := range list {
			for _, j := range groups[group{a.cat, a.sub, len(a.e.words)}] {
				b := list[j]
				if i == j {
					continue
				}
				if covers(b.e.words, a.e.words) {
					p.errs.AddLint(p.file, a.e.Line, a.e.Col, "entry %q is shadowed by %q (line %d) in the same subcategory %s/%s: %q matches every word it matches, so it changes no count; remove %q",
						a.e.Term, b.e.Term, b.e.Line, a.cat, a.sub, b.e.Term, a.e.Term)
					break
				}
			}
		}
		var fw *firstWords
		for _, x := range d.Exclusions {
			if x.words == nil {
				continue
			}
			if fw == nil {
				fw = newFirstWords(list)
			}
			xk := x.Key()
			for _, o := range list {
				if len(o.e.words) == len(x.words) && (covers(x.words, o.e.words) || o.key == xk) {
					p.errs.Add(p.file, o.e.Line, o.e.Col, "entry %q can never count: exclusion %q (line %d) vetoes every text it matches", o.e.Term, x.Term, x.Line)
				}
			}
			if !fw.containsEntry(x) {
				p.errs.Add(p.file, x.Line, x.Col, "exclusion %q contains no entry of dimension %q, so it vetoes nothing", x.Term, d.Name)
			}
		}
	}
}

// ownedEntries returns the entries of d that parsed, in file order, each
// with its category, subcategory and key.
func ownedEntries(d *Dimension) []ownedEntry {
	var out []ownedEntry
	for _, c := range d.Categories {
		for _, s := range c.Subcategories {
			for _, e := range s.Entries {
				if e.words != nil {
					out = append(out, ownedEntry{e, c.Name, s.Name, e.Key()})
				}
			}
		}
	}
	return out
}

// ownedEntry is an entry with the category and subcategory it sits in.
type ownedEntry struct {
	e        *Entry
	cat, sub string
	key      string // e.Key()
}

// covers reports whether pattern a matches every text that pattern b
// matches (same number of words, a != b).
func covers(a, b []wordPat) bool {
	same := true
	for i := range a {
		x, y := a[i], b[i]
		switch {
		case x == y:
		case x.prefix && x.matches(y.text) && (y.alt == "" || x.matches(y.alt)):
			same = false
		default:
			return false
		}
	}
	return !same
}

// firstWords indexes entries by their first word, so that an exclusion
// is checked against the entries its words can start, not against every
// entry of the dimension at every word (a third of loading the default
// lexicons).
type firstWords struct {
	exact   map[string][]*Entry // by the word
	stems   map[string][]*Entry // by the stem, and by its second form
	maxStem int
}

func newFirstWords(entries []ownedEntry) *firstWords {
	fw := &firstWords{exact: map[string][]*Entry{}, stems: map[string][]*Entry{}}
	for _, o := range entries {
		w := o.e.words[0]
		if !w.prefix {
			fw.exact[w.text] = append(fw.exact[w.text], o.e)
			continue
		}
		fw.stem(w.text, o.e)
		if w.alt != "" {
			fw.stem(w.alt, o.e)
		}
	}
	return fw
}

func (fw *firstWords) stem(s string, e *Entry) {
	fw.stems[s] = append(fw.stems[s], e)
	fw.maxStem = max(fw.maxStem, len(s))
}

// containsEntry reports whether some entry matches a contiguous run of the
// exclusion's words.
func (fw *firstWords) containsEntry(x *Entry) bool {
	at := func(i int, e *Entry) bool {
		if i+len(e.words) > len(x.words) {
			return false
		}
		for j, w := range e.words {
			if !w.matches(x.words[i+j].text) {
				return false
			}
		}
		return true
	}
	for i, xw := range x.words {
		for _, e := range fw.exact[xw.text] {
			if at(i, e) {
				return true
			}
		}
		// Every stem the word starts with.
		for l := 0; l <= min(len(xw.text), fw.maxStem); l++ {
			for _, e := range fw.stems[xw.text[:l]] {
				if at(i, e) {
					return true
				}
			}
		}
	}
	return false
}

func (w wordPat) matches(tok string) bool {
	if w.prefix {
		return strings.HasPrefix(tok, w.text) || w.alt != "" && strings.HasPrefix(tok, w.alt)
	}
	return tok == w.text
}

// crossCheck reports names that must be unique across lexicons.
func (s *Set) crossCheck() ErrorList {
	var errs ErrorList
	lex := map[string]*Lexicon{}
	dims := map[string]*Dimension{}
	cats := map[string]string{}
	for _, l := range s.Lexicons {
		if prev, ok := lex[l.Name]; ok && l.Name != "" {
			errs.Add(l.File, 1, 1, "lexicon name %q is also used by %s", l.Name, prev.File)
		}
		lex[l.Name] = l
		for _, d := range l.Dimensions {
			if prev, ok := dims[d.Name]; ok && d.Name != "" {
				errs.Add(l.File, 1, 1, "dimension %q is also defined in %s", d.Name, prev.Lexicon.File)
			}
			dims[d.Name] = d
			for _, c := range d.Categories {
				if prev, ok := cats[c.Name]; ok && c.Name != "" {
					errs.Add(l.File, 1, 1, "category %q is also defined in dimension %q; category names must be unique", c.Name, prev)
				}
				cats[c.Name] = d.Name
			}
		}
	}
	return errs
}
