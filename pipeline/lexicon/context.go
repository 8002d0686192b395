package lexicon

import (
	"strings"

	"github.com/drift-project/drift/pipeline/segment"
)

// Context conditions (the sense of an ambiguous entry).
//
// An entry may name cue lists of its dimension under near and not_near:
//
//	cues:
//	  - name: workplace
//	    terms: [workers, wage*, laid off, my, our]
//	...
//	entries:
//	  - {term: company, near: [workplace], window: 6}
//	  - {term: debt, not_near: [fiscal]}
//
// After the scan has chosen an entry at a position (longest match, then the
// most specific entry) and no exclusion has vetoed it, a conditional entry
// counts only when a term of at least one near list lies within Window words
// of it and no term of a not_near list does, in the same sentence (Window 0:
// anywhere in the sentence). A cue must not overlap the hit. A hit that fails
// its condition is vetoed by context: like a match an exclusion vetoed, it
// does not consume its tokens, never counts, and ScanAll returns it with
// Vetoed and Context set. Conditions are checked only for the entries that
// have them, and only after they hit.

// checkCues reports problems with cue lists and with the cue lists that
// entries name: names that are not [a-z0-9_] or given twice, unknown names,
// a list named both under near and not_near of one entry, and (lint) cue
// lists no entry uses and a cue term listed twice in one list.
func (p *parser) checkCues(l *Lexicon) {
	for _, d := range l.Dimensions {
		lists := map[string]*CueList{}
		used := map[string]bool{}
		for _, c := range d.Cues {
			if c.Name != "" && !validName(c.Name) {
				p.errs.Add(p.file, c.Line, c.Col, "cue list name %q: use lower-case letters, digits and '_' only", c.Name)
			}
			if prev, ok := lists[c.Name]; ok && c.Name != "" {
				p.errs.Add(p.file, c.Line, c.Col, "dimension %q has cue list %q twice (first at line %d)", d.Name, c.Name, prev.Line)
				continue
			}
			lists[c.Name] = c
			seen := map[string]int{}
			for _, t := range c.Terms {
				if t.words == nil {
					continue
				}
				if line, ok := seen[t.Key()]; ok {
					p.errs.AddLint(p.file, t.Line, t.Col, "cue %q is listed twice in cue list %q (first at line %d); remove one", t.Term, c.Name, line)
					continue
				}
				seen[t.Key()] = t.Line
			}
		}
		for _, c := range d.Categories {
			for _, s := range c.Subcategories {
				for _, e := range s.Entries {
					inNear := map[string]bool{}
					for i, r := range e.cueRefs {
						if _, ok := lists[r.name]; !ok {
							p.errs.Add(p.file, r.line, r.col, "entry %q names unknown cue list %q; want one of dimension %q's cues (%s)", e.Term, r.name, d.Name, cueNames(d))
							continue
						}
						used[r.name] = true
						if i < len(e.Near) {
							inNear[r.name] = true
						} else if inNear[r.name] {
							p.errs.Add(p.file, r.line, r.col, "entry %q names cue list %q both under near and not_near", e.Term, r.name)
						}
					}
				}
			}
		}
		for _, c := range d.Cues {
			if !used[c.Name] && lists[c.Name] == c && c.Name != "" {
				p.errs.AddLint(p.file, c.Line, c.Col, "cue list %q is named by no entry's near or not_near, so it changes no count", c.Name)
			}
		}
	}
}

func cueNames(d *Dimension) string {
	if len(d.Cues) == 0 {
		return "none defined: add a cues list to the dimension"
	}
	names := make([]string, len(d.Cues))
	for i, c := range d.Cues {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

// condition is a compiled context condition of one label.
type condition struct {
	near, notNear []*cueSet
	window        int
}

// cueSet is one compiled cue list: exact first words indexed, stems listed.
type cueSet struct {
	name   string
	byWord map[string][][]wordPat // cue terms by their exact first word
	stems  [][]wordPat            // cue terms whose first word is a stem
	maxLen int                    // longest cue in words
}

func compileCues(c *CueList) *cueSet {
	cs := &cueSet{name: c.Name, byWord: map[string][][]wordPat{}}
	for _, t := range c.Terms {
		if len(t.words) == 0 {
			continue
		}
		if w := t.words[0]; w.prefix {
			cs.stems = append(cs.stems, t.words)
		} else {
			cs.byWord[w.text] = append(cs.byWord[w.text], t.words)
		}
		cs.maxLen = max(cs.maxLen, len(t.words))
	}
	return cs
}

// compileCondition compiles e's condition against its dimension's cue
// lists; nil when e has none. Unknown names were reported by the loader.
func compileCondition(e *Entry, sets map[string]*cueSet) *condition {
	if !e.Conditional() {
		return nil
	}
	c := &condition{window: e.Window}
	for _, n := range e.Near {
		if s := sets[n]; s != nil {
			c.near = append(c.near, s)
		}
	}
	for _, n := range e.NotNear {
		if s := sets[n]; s != nil {
			c.notNear = append(c.notNear, s)
		}
	}
	return c
}

// holds reports whether the hit at tokens [start, end) satisfies c.
func (c *condition) holds(toks []segment.Token, start, end int) bool {
	lo, hi := c.reach(toks, start, end)
	for _, s := range c.notNear {
		if s.occurs(toks, start, end, lo, hi) {
			return false
		}
	}
	if len(c.near) == 0 {
		return true
	}
	for _, s := range c.near {
		if s.occurs(toks, start, end, lo, hi) {
			return true
		}
	}
	return false
}

// reach returns the tokens [lo, hi) within the window of the hit: window
// words on either side (punctuation is not counted), or the sentence.
func (c *condition) reach(toks []segment.Token, start, end int) (lo, hi int) {
	if c.window <= 0 {
		return 0, len(toks)
	}
	lo, words := start, 0
	for lo > 0 && words < c.window {
		lo--
		if toks[lo].Kind != segment.Punct {
			words++
		}
	}
	hi, words = end, 0
	for hi < len(toks) && words < c.window {
		if toks[hi].Kind != segment.Punct {
			words++
		}
		hi++
	}
	return lo, hi
}

// occurs reports whether a cue of s overlaps [lo, hi) without overlapping
// the hit [start, end).
func (s *cueSet) occurs(toks []segment.Token, start, end, lo, hi int) bool {
	for j := max(0, lo-s.maxLen+1); j < hi; j++ {
		if j >= start && j < end || toks[j].Kind == segment.Punct {
			continue
		}
		for _, cue := range s.byWord[toks[j].Norm] {
			if s.fits(toks, cue, j, start, end, lo) {
				return true
			}
		}
		if bare, ok := possessive(toks[j].Norm); ok {
			for _, cue := range s.byWord[bare] {
				if s.fits(toks, cue, j, start, end, lo) {
					return true
				}
			}
		}
		for _, cue := range s.stems {
			if s.fits(toks, cue, j, start, end, lo) {
				return true
			}
		}
	}
	return false
}

// fits reports whether cue matches the tokens from j, ends inside the
// window (after lo) and leaves the hit [start, end) alone.
func (s *cueSet) fits(toks []segment.Token, cue []wordPat, j, start, end, lo int) bool {
	k := j
	for _, w := range cue {
		if k >= len(toks) || toks[k].Kind == segment.Punct || k >= start && k < end {
			return false
		}
		t := toks[k].Norm
		if !w.matches(t) {
			bare, ok := possessive(t)
			if w.prefix || !ok || bare != w.text {
				return false
			}
		}
		k++
	}
	return k > lo
}

// possessive strips "'s" or "'" from a word ("company's" -> "company").
func possessive(w string) (string, bool) {
	if b, ok := strings.CutSuffix(w, "'s"); ok && b != "" {
		return b, true
	}
	if b, ok := strings.CutSuffix(w, "'"); ok && b != "" {
		return b, true
	}
	return "", false
}
