package lexicon

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Dictionary is a dictionary read from another tool's format: categories in
// input order, each with subcategories of terms.
type Dictionary struct {
	File       string // the file it was read from
	Name       string // from the file name, lower case
	Source     string // the file name and format, for the lexicon's sources
	Categories []*DictCategory
	// Notes says what the import changed or dropped, with line numbers.
	Notes []string
}

// DictCategory is one top-level category of a Dictionary.
type DictCategory struct {
	Name string
	Subs []*DictSub
}

// DictSub is a named list of terms.
type DictSub struct {
	Name  string
	Terms []DictTerm
}

// DictTerm is a term and the line it was read from.
type DictTerm struct {
	Term string
	Line int
}

// ReadLIWC reads a LIWC 2007 or 2015 .dic file: a block between two "%"
// lines mapping category ids to names, then one "term<TAB>id id ..." line
// per term. Every category becomes a category with one subcategory named
// "general". Entries LIWC evaluates in context ("like (02 134)125/464") are
// dropped with a note. Problems are returned as an ErrorList.
func ReadLIWC(name string, data []byte) (*Dictionary, error) {
	d := &Dictionary{File: name, Name: dictName(name), Source: path.Base(name) + " (LIWC .dic)"}
	var errs ErrorList
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	cats := map[string]*DictCategory{}
	state := 0 // 0 before the header, 1 in it, 2 terms
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		trimmed := strings.TrimSpace(text)
		if trimmed == "" {
			continue
		}
		if trimmed == "%" {
			if state < 2 {
				state++
				continue
			}
			errs.Add(name, line, 1, "a third %% line; a .dic file has one header block")
			continue
		}
		switch state {
		case 0:
			errs.Add(name, line, 1, "want a %% line opening the category header, got %q", trimmed)
			return nil, errs
		case 1:
			f := strings.Fields(trimmed)
			if len(f) < 2 {
				errs.Add(name, line, 1, "header line %q: want a category id and a name", trimmed)
				continue
			}
			if _, ok := cats[f[0]]; ok {
				errs.Add(name, line, 1, "category id %s is defined twice", f[0])
				continue
			}
			c := &DictCategory{Name: safeName(f[1], fmt.Sprintf("category_%s", f[0])),
				Subs: []*DictSub{{Name: "general"}}}
			cats[f[0]] = c
			d.Categories = append(d.Categories, c)
		default:
			// rest is the text after the term, restAt its byte offset in text.
			term, rest, ok := strings.Cut(text, "\t")
			restAt := len(term) + 1
			if !ok {
				start := len(text) - len(strings.TrimLeft(text, " \f\v"))
				end := strings.IndexAny(text[start:], " \f\v")
				if end < 0 {
					end = len(text) - start
				}
				term, rest, restAt = text[start:start+end], text[start+end:], start+end
			}
			term = strings.TrimSpace(term)
			if strings.ContainsAny(rest, "()/<>") {
				d.Notes = append(d.Notes, fmt.Sprintf("%s:%d: dropped %q: LIWC evaluates it in context, which drift does not support", name, line, term))
				continue
			}
			ids := strings.Fields(rest)
			if len(ids) == 0 {
				errs.Add(name, line, 1, "term %q has no category ids", term)
				continue
			}
			at := 0 // where to look for the next id in rest
			for _, id := range ids {
				i := at + strings.Index(rest[at:], id)
				at = i + len(id)
				c, ok := cats[id]
				if !ok {
					col := utf8.RuneCountInString(text[:restAt+i]) + 1
					errs.Add(name, line, col, "term %q: category id %s is not in the header", term, id)
					continue
				}
				c.Subs[0].Terms = append(c.Subs[0].Terms, DictTerm{term, line})
			}
		}
	}
	if state < 2 && errs == nil {
		errs.Add(name, line+1, 1, "the category header is not closed by a second %% line")
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return d, nil
}

// ReadQuanteda reads a quanteda-style YAML dictionary: top-level keys are
// categories; a key holding a list of terms gets one subcategory named
// "general"; nested keys become subcategories, deeper levels are joined
// with '_' ("a: {b: {c: [...]}}" gives category a, subcategory b_c).
func ReadQuanteda(name string, data []byte) (*Dictionary, error) {
	d := &Dictionary{File: name, Name: dictName(name), Source: path.Base(name) + " (quanteda YAML dictionary)"}
	var errs ErrorList
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		line, col, msg := yamlSyntax(data, err)
		errs.Add(name, line, col, "YAML syntax: %s", msg)
		return nil, errs
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		errs.Add(name, 1, 1, "want a mapping of category names to lists of terms")
		return nil, errs
	}
	top := root.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		c := &DictCategory{Name: safeName(k.Value, fmt.Sprintf("category_%d", i/2+1))}
		var walk func(prefix string, n *yaml.Node)
		walk = func(prefix string, n *yaml.Node) {
			switch n.Kind {
			case yaml.SequenceNode:
				s := &DictSub{Name: prefix}
				if s.Name == "" {
					s.Name = "general"
				}
				for _, t := range n.Content {
					if t.Kind != yaml.ScalarNode {
						errs.Add(name, t.Line, t.Column, "want a term, not a list or mapping")
						continue
					}
					s.Terms = append(s.Terms, DictTerm{t.Value, t.Line})
				}
				c.Subs = append(c.Subs, s)
			case yaml.MappingNode:
				for j := 0; j+1 < len(n.Content); j += 2 {
					sub := safeName(n.Content[j].Value, "sub")
					if prefix != "" {
						sub = prefix + "_" + sub
					}
					walk(sub, n.Content[j+1])
				}
			case yaml.ScalarNode:
				// A single term.
				walk(prefix, &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{n}})
			default:
				errs.Add(name, n.Line, n.Column, "want a list of terms or a mapping")
			}
		}
		walk("", v)
		d.Categories = append(d.Categories, c)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return d, nil
}

func dictName(file string) string {
	b := path.Base(strings.ReplaceAll(file, "\\", "/"))
	b = strings.TrimSuffix(b, path.Ext(b))
	return safeName(b, "imported")
}

// safeName lowers s and turns every run of other characters than letters
// and digits into one '_'.
func safeName(s, fallback string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(s) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
			under = false
		} else if !under && b.Len() > 0 {
			b.WriteByte('_')
			under = true
		}
	}
	out := strings.TrimRight(b.String(), "_")
	if out == "" {
		return fallback
	}
	return out
}

// Lexicon turns the dictionary into a drift lexicon. A dimension needs
// exactly two competing categories, so categories are paired in input
// order: the first and second make dimension "first_vs_second", the third
// and fourth the next, and so on. With exactly two categories the one
// dimension is named after the dictionary. An odd category out is left
// alone in a dimension of its own, which drift lexicon check rejects until
// a person adds its competitor or removes it: pairing by meaning is a
// decision the import cannot make.
//
// Terms drift cannot read are dropped, and so are terms that would break
// the one-count-per-dimension rule: a term already in the dimension (in
// either category) and a term shadowed by a stem of the same subcategory
// ("abandon" beside "abandon*"). Each drop is listed in d.Notes.
func (d *Dictionary) Lexicon() *Lexicon {
	l := &Lexicon{Name: d.Name, Version: "0.1.0", File: d.Name + ".yaml",
		Description: "Imported from " + d.Source + " by drift lexicon import. Review the pairing of categories into dimensions.",
		Sources:     []string{d.Source}}
	for i := 0; i < len(d.Categories); i += 2 {
		pair := d.Categories[i:min(i+2, len(d.Categories))]
		dim := &Dimension{Lexicon: l}
		switch {
		case len(d.Categories) == 2:
			dim.Name = d.Name
		case len(pair) == 2:
			dim.Name = pair[0].Name + "_vs_" + pair[1].Name
		default:
			dim.Name = pair[0].Name
			d.Notes = append(d.Notes, fmt.Sprintf("category %q has no competing category: dimension %q has one category, which drift lexicon check rejects; add a competitor or remove it", pair[0].Name, dim.Name))
		}
		dim.Description = "Imported: " + pair[0].Name
		if len(pair) == 2 {
			dim.Description += " versus " + pair[1].Name
		}
		seen := map[string]string{}
		for _, dc := range pair {
			c := &Category{Name: dc.Name}
			for _, ds := range dc.Subs {
				s := &Subcategory{Name: ds.Name}
				for _, t := range ds.Terms {
					words, msg := compileTerm(t.Term)
					if msg != "" {
						d.Notes = append(d.Notes, fmt.Sprintf("%s:%d: dropped %q: %s", d.File, t.Line, t.Term, msg))
						continue
					}
					e := &Entry{Term: strings.TrimSpace(t.Term), Weight: 1, Line: t.Line, words: words}
					k := e.Key()
					if prev, ok := seen[k]; ok {
						d.Notes = append(d.Notes, fmt.Sprintf("%s:%d: dropped %q from %s/%s: already in %s (one count per dimension)", d.File, t.Line, t.Term, dc.Name, ds.Name, prev))
						continue
					}
					seen[k] = dc.Name + "/" + ds.Name
					s.Entries = append(s.Entries, e)
				}
				// Drop entries a stem of the same subcategory shadows.
				kept := s.Entries[:0]
				for _, e := range s.Entries {
					shadowed := false
					for _, o := range s.Entries {
						if o != e && len(o.words) == len(e.words) && covers(o.words, e.words) {
							d.Notes = append(d.Notes, fmt.Sprintf("%s:%d: dropped %q from %s/%s: %q (line %d) matches every word it matches", d.File, e.Line, e.Term, dc.Name, ds.Name, o.Term, o.Line))
							shadowed = true
							break
						}
					}
					if !shadowed {
						kept = append(kept, e)
					}
				}
				s.Entries = kept
				if len(s.Entries) > 0 {
					c.Subcategories = append(c.Subcategories, s)
				}
			}
			dim.Categories = append(dim.Categories, c)
		}
		l.Dimensions = append(l.Dimensions, dim)
	}
	return l
}

// yq quotes a scalar for YAML when it needs quoting.
func yq(s string) string {
	if s == "" {
		return `""`
	}
	b, err := yaml.Marshal(s)
	if err != nil {
		return strconv.Quote(s)
	}
	return strings.TrimSuffix(string(b), "\n")
}

// WriteYAML writes l in drift's lexicon format. Entries keep their order
// and spelling; comments in the original file are not kept.
func WriteYAML(w io.Writer, l *Lexicon) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "name: %s\nversion: %s\n", yq(l.Name), yq(l.Version))
	if l.Description != "" {
		fmt.Fprintf(&b, "description: %s\n", yq(l.Description))
	}
	if len(l.Sources) > 0 {
		b.WriteString("sources:\n")
		for _, s := range l.Sources {
			fmt.Fprintf(&b, "  - %s\n", yq(s))
		}
	}
	b.WriteString("dimensions:\n")
	for _, d := range l.Dimensions {
		fmt.Fprintf(&b, "  - name: %s\n", yq(d.Name))
		if d.Description != "" {
			fmt.Fprintf(&b, "    description: %s\n", yq(d.Description))
		}
		if len(d.Cues) > 0 {
			b.WriteString("    cues:\n")
			for _, c := range d.Cues {
				fmt.Fprintf(&b, "      - name: %s\n", yq(c.Name))
				if c.Description != "" {
					fmt.Fprintf(&b, "        description: %s\n", yq(c.Description))
				}
				b.WriteString("        terms:\n")
				for _, t := range c.Terms {
					writeEntry(&b, "          ", t)
				}
			}
		}
		b.WriteString("    categories:\n")
		for _, c := range d.Categories {
			fmt.Fprintf(&b, "      - name: %s\n", yq(c.Name))
			if c.Description != "" {
				fmt.Fprintf(&b, "        description: %s\n", yq(c.Description))
			}
			b.WriteString("        subcategories:\n")
			if len(c.Subcategories) == 0 {
				b.WriteString("          []\n")
			}
			for _, s := range c.Subcategories {
				fmt.Fprintf(&b, "          - name: %s\n", yq(s.Name))
				if s.Description != "" {
					fmt.Fprintf(&b, "            description: %s\n", yq(s.Description))
				}
				b.WriteString("            entries:\n")
				for _, e := range s.Entries {
					writeEntry(&b, "              ", e)
				}
			}
		}
		if len(d.Exclusions) > 0 {
			b.WriteString("    exclusions:\n")
			for _, x := range d.Exclusions {
				writeEntry(&b, "      ", x)
			}
		}
	}
	if len(l.Tests) > 0 {
		b.WriteString("tests:\n")
		for _, t := range l.Tests {
			fmt.Fprintf(&b, "  - text: %s\n", yq(t.Text))
			if len(t.Match) > 0 {
				fmt.Fprintf(&b, "    match: [%s]\n", strings.Join(t.Match, ", "))
			}
			if len(t.NoMatch) > 0 {
				fmt.Fprintf(&b, "    no_match: [%s]\n", strings.Join(t.NoMatch, ", "))
			}
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

func writeEntry(b *bytes.Buffer, indent string, e *Entry) {
	var extra []string
	if e.Weight != 1 && e.Weight != 0 {
		extra = append(extra, "weight: "+strconv.FormatFloat(e.Weight, 'g', -1, 64))
	}
	names := func(l []string) string {
		q := make([]string, len(l))
		for i, n := range l {
			q[i] = yq(n)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	if len(e.Near) > 0 {
		extra = append(extra, "near: "+names(e.Near))
	}
	if len(e.NotNear) > 0 {
		extra = append(extra, "not_near: "+names(e.NotNear))
	}
	if e.Window != 0 {
		extra = append(extra, "window: "+strconv.Itoa(e.Window))
	}
	if len(extra) > 0 {
		fmt.Fprintf(b, "%s- {term: %s, %s}\n", indent, yq(e.Term), strings.Join(extra, ", "))
		return
	}
	fmt.Fprintf(b, "%s- %s\n", indent, yq(e.Term))
}

// ContextNotes lists, for formats without context conditions (quanteda
// YAML, LIWC .dic), the entries whose near or not_near condition the export
// leaves out: another tool counts them everywhere.
func ContextNotes(s *Set) []string {
	var out []string
	for _, d := range s.Dimensions() {
		for _, c := range d.Categories {
			for _, sc := range c.Subcategories {
				for _, e := range sc.Entries {
					if e.Conditional() {
						out = append(out, fmt.Sprintf("%s:%d: %q in %s/%s is written without its context condition (%s): other tools count it everywhere",
							d.Lexicon.File, e.Line, e.Term, c.Name, sc.Name, e.Condition()))
					}
				}
			}
		}
	}
	return out
}

// WriteQuanteda writes the set as a quanteda-style YAML dictionary:
// top-level keys are categories, nested keys subcategories, then terms.
// Dimensions, exclusions, weights, context conditions and tests have no
// place in that format and are left out (ContextNotes lists the entries
// whose conditions are lost).
func WriteQuanteda(w io.Writer, s *Set) error {
	var b bytes.Buffer
	b.WriteString("# quanteda-style dictionary written by drift lexicon export; exclusions, weights, context conditions (near, not_near) and tests are not included\n")
	for _, d := range s.Dimensions() {
		for _, c := range d.Categories {
			fmt.Fprintf(&b, "%s:\n", yq(c.Name))
			for _, sc := range c.Subcategories {
				fmt.Fprintf(&b, "  %s:\n", yq(sc.Name))
				for _, e := range sc.Entries {
					fmt.Fprintf(&b, "    - %s\n", yq(e.Term))
				}
			}
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// WriteDic writes the set as a LIWC 2015 .dic file: one category id per
// top-level category (numbered from 1 in load order), then every term,
// sorted, with its category ids. Subcategories, exclusions, weights,
// context conditions and tests have no place in that format and are left
// out (ContextNotes lists the entries whose conditions are lost).
func WriteDic(w io.Writer, s *Set) error {
	var b bytes.Buffer
	b.WriteString("%\n")
	ids := map[string][]int{}
	var terms []string
	id := 0
	for _, d := range s.Dimensions() {
		for _, c := range d.Categories {
			id++
			fmt.Fprintf(&b, "%d\t%s\n", id, c.Name)
			for _, sc := range c.Subcategories {
				for _, e := range sc.Entries {
					t := strings.Join(strings.Fields(e.Term), " ")
					if _, ok := ids[t]; !ok {
						terms = append(terms, t)
					}
					if l := ids[t]; len(l) == 0 || l[len(l)-1] != id {
						ids[t] = append(ids[t], id)
					}
				}
			}
		}
	}
	b.WriteString("%\n")
	sort.Strings(terms)
	for _, t := range terms {
		b.WriteString(t)
		for _, i := range ids[t] {
			fmt.Fprintf(&b, "\t%d", i)
		}
		b.WriteByte('\n')
	}
	_, err := w.Write(b.Bytes())
	return err
}
