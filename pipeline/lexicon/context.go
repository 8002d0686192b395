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

// cueSet is one compiled cue list: exact first words indexed, stems listed
// (for holds and occurs, the reference), and a trie over cue word ids (for
// Matcher.condHolds, which Scan uses).
type cueSet struct {
	name   string
	byWord map[string][][]wordPat // cue terms by their exact first word
	stems  [][]wordPat            // cue terms whose first word is a stem
	maxLen int                    // longest cue in words

	idx  int     // index into Matcher.cueSets and the scratch's cue buffers
	trie patTrie // the cues as sequences of cue word ids; label 1 where a cue ends
	// fast is false when the trie cannot stand in for occurs: a cue longer
	// than 64 words (lengths are kept in a uint64) or an empty cue word.
	fast bool
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

// The fast path of context conditions. Scan checks a condition only after
// its entry hits, but then often for several hits per sentence and over
// the whole sentence (window 0), and occurs tries every stem cue at every
// token of the window. Instead, the first check in a sentence finds the
// cue words of each token once, with one byte trie over the words of every
// cue list (cueWords); the first check that names a cue list then walks
// that list's trie from each token once, keeping a bitmask of the lengths
// of the cues that start there. A check is then a few bit tests per token
// of its window. condHolds gives exactly what condition.holds gives.

// cueCompiler builds the cue word trie and the cue lists' tries.
type cueCompiler struct {
	m      *Matcher
	bt     trieBuilder
	ids    map[wordPat]int32
	groups map[int32]int32 // byte-trie node -> index into Matcher.cueStems
	ptMaps [][]map[int32]int32
}

func (c *cueCompiler) init(m *Matcher) {
	c.m = m
	c.bt.bt = &m.cueWords
	c.ids = map[wordPat]int32{}
	c.groups = map[int32]int32{}
}

// compile compiles a cue list for both paths.
func (c *cueCompiler) compile(cl *CueList) *cueSet {
	cs := compileCues(cl)
	cs.idx = len(c.m.cueSets)
	cs.fast = cs.maxLen <= 64
	c.m.cueSets = append(c.m.cueSets, cs)
	c.ptMaps = append(c.ptMaps, nil)
	pt := &cs.trie
	for _, t := range cl.Terms {
		if len(t.words) == 0 {
			continue
		}
		node := int32(-1)
		for _, w := range t.words {
			if w.text == "" {
				cs.fast = false
			}
			p := c.id(w)
			next := int32(-1)
			if node < 0 {
				if int(p) < len(pt.root) {
					next = pt.root[p] - 1
				}
			} else if ch, ok := c.ptMaps[cs.idx][node][p]; ok {
				next = ch
			}
			if next < 0 {
				next = int32(len(pt.nodes))
				pt.nodes = append(pt.nodes, ptNode{})
				c.ptMaps[cs.idx] = append(c.ptMaps[cs.idx], map[int32]int32{})
				if node < 0 {
					for int(p) >= len(pt.root) {
						pt.root = append(pt.root, 0)
					}
					pt.root[p] = next + 1
				} else {
					c.ptMaps[cs.idx][node][p] = next
				}
			}
			node = next
		}
		pt.nodes[node].label = 1
	}
	return cs
}

// id returns the cue word id of w, marking its byte paths when it is new.
func (c *cueCompiler) id(w wordPat) int32 {
	if id, ok := c.ids[w]; ok {
		return id
	}
	id := int32(len(c.ids))
	c.ids[w] = id
	c.mark(w.text, w.prefix, id)
	if w.alt != "" {
		c.mark(w.alt, w.prefix, id)
	}
	return id
}

// mark makes the byte path of text end in cue word id. Several stems may
// end at one node (a British stem's alt is another stem's text), so a
// node's stems are a group of ids; an exact word has one id per text.
func (c *cueCompiler) mark(text string, prefix bool, id int32) {
	n := c.bt.path(text)
	if n < 0 {
		return // the empty word: its cue list is not fast
	}
	nd := &c.m.cueWords.nodes[n]
	if !prefix {
		nd.word = id + 1
		return
	}
	g, ok := c.groups[n]
	if !ok {
		g = int32(len(c.m.cueStems))
		c.groups[n] = g
		c.m.cueStems = append(c.m.cueStems, nil)
		nd.stem = g + 1
	}
	for _, x := range c.m.cueStems[g] {
		if x == id {
			return
		}
	}
	c.m.cueStems[g] = append(c.m.cueStems[g], id)
}

func (c *cueCompiler) freeze() {
	c.bt.freeze()
	n := len(c.ids)
	for _, cs := range c.m.cueSets {
		pt := &cs.trie
		for len(pt.root) < n {
			pt.root = append(pt.root, 0)
		}
		for i := range pt.nodes {
			for p, child := range c.ptMaps[cs.idx][i] {
				pt.nodes[i].edges = append(pt.nodes[i].edges, ptEdge{p, child})
			}
			sortEdges(pt.nodes[i].edges)
		}
	}
}

// cuePatterns appends the ids of the cue words that the normalised word w
// matches (wordPat.matches, or an exact word equal to w without a
// possessive "'s" or "'"): its exact word, its bare word, and every stem
// that is a prefix of it.
func (m *Matcher) cuePatterns(w string, dst []int32) []int32 {
	bt := &m.cueWords
	if len(w) == 0 {
		return dst
	}
	bareAt := possessiveAt(w)
	n := bt.root[w[0]] - 1
	for i := 1; n >= 0; i++ {
		nd := &bt.nodes[n]
		if nd.stem != 0 {
			dst = append(dst, m.cueStems[nd.stem-1]...)
		}
		if nd.word != 0 && (i == len(w) || i == bareAt) {
			dst = append(dst, nd.word-1)
		}
		if i == len(w) {
			break
		}
		n = bt.child(n, w[i])
	}
	return dst
}

// condHolds is c.holds(toks, start, end) through the cue bitmasks of the
// scan's sentence.
func (m *Matcher) condHolds(s *scratch, c *condition, toks []segment.Token, start, end int) bool {
	lo, hi := c.reach(toks, start, end)
	for _, cs := range c.notNear {
		if m.occurs(s, cs, toks, start, end, lo, hi) {
			return false
		}
	}
	if len(c.near) == 0 {
		return true
	}
	for _, cs := range c.near {
		if m.occurs(s, cs, toks, start, end, lo, hi) {
			return true
		}
	}
	return false
}

// occurs is cs.occurs(toks, start, end, lo, hi): a cue of length l starting
// at token j counts when it starts before hi, ends after lo (j+l > lo) and
// lies wholly before the hit (j+l <= start) or after it (j >= end).
func (m *Matcher) occurs(s *scratch, cs *cueSet, toks []segment.Token, start, end, lo, hi int) bool {
	if !cs.fast {
		return cs.occurs(toks, start, end, lo, hi)
	}
	lens := m.cueLens(s, cs, toks)
	for j := max(0, lo-cs.maxLen+1); j < hi; j++ {
		l := lens[j]
		if l == 0 {
			continue
		}
		if j >= end {
			return true // end > lo, so every cue here ends after lo
		}
		if j >= start {
			continue
		}
		// lengths lo-j+1 .. start-j (bit l-1 is length l)
		want := ^uint64(0)
		if n := start - j; n < 64 {
			want = 1<<n - 1
		}
		if k := lo - j; k > 0 {
			want &^= 1<<k - 1
		}
		if l&want != 0 {
			return true
		}
	}
	return false
}

// cueLens returns, per token of the scan's sentence, the lengths of the
// cues of cs that start there (bit l-1 for length l), computing them on the
// first call in the scan.
func (m *Matcher) cueLens(s *scratch, cs *cueSet, toks []segment.Token) []uint64 {
	if len(s.cueGen) < len(m.cueSets) {
		s.cueGen = append(s.cueGen, make([]uint64, len(m.cueSets)-len(s.cueGen))...)
		s.cueLens = append(s.cueLens, make([][]uint64, len(m.cueSets)-len(s.cueLens))...)
	}
	if s.cueGen[cs.idx] == s.gen {
		return s.cueLens[cs.idx]
	}
	n := len(toks)
	if s.cueTokGen != s.gen {
		s.cpats = s.cpats[:0]
		s.coff = append(s.coff[:0], 0)
		for i := range toks {
			if toks[i].Kind != segment.Punct {
				s.cpats = m.cuePatterns(toks[i].Norm, s.cpats)
			}
			s.coff = append(s.coff, int32(len(s.cpats)))
		}
		s.cueTokGen = s.gen
	}
	lens := s.cueLens[cs.idx][:0]
	pt := &cs.trie
	st := s.cstack[:0]
	for j := 0; j < n; j++ {
		var l uint64
		for _, p := range s.cpats[s.coff[j]:s.coff[j+1]] {
			if ch := pt.root[p]; ch != 0 {
				st = append(st, frame{ch - 1, int32(j + 1)})
			}
		}
		for len(st) > 0 {
			f := st[len(st)-1]
			st = st[:len(st)-1]
			nd := &pt.nodes[f.node]
			if nd.label != 0 {
				l |= 1 << (int(f.j) - j - 1)
			}
			k := int(f.j)
			if k >= n || len(nd.edges) == 0 {
				continue
			}
			for _, p := range s.cpats[s.coff[k]:s.coff[k+1]] {
				if e, ok := findEdge(nd.edges, p); ok {
					st = append(st, frame{nd.edges[e].child, f.j + 1})
				}
			}
		}
		lens = append(lens, l)
	}
	s.cstack = st
	s.cueLens[cs.idx] = lens
	s.cueGen[cs.idx] = s.gen
	return lens
}
