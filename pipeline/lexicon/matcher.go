package lexicon

import (
	"sync"

	"github.com/drift-project/drift/pipeline/segment"
)

// Label is what a hit is: the entry and where it sits in the lexicons.
type Label struct {
	Lexicon     string
	Version     string
	Dimension   string
	Category    string
	Subcategory string
	Entry       string // the entry as written in the lexicon
	Weight      float64
	Dim         int // index into Matcher.Dimensions
	Cat         int // 0 or 1: index of the category within its dimension
}

// DimInfo describes one compiled dimension.
type DimInfo struct {
	Name       string
	Lexicon    string
	Categories []string // exactly two; the first is the share numerator
}

// Span is one match: tokens [Start, End) carry Label.
type Span struct {
	Label  int // index into Matcher.Labels
	Start  int
	End    int
	Vetoed bool // inside an exclusion, or failing a context condition; only ScanAll returns vetoed spans
	// Context marks a vetoed span whose entry failed its context condition
	// (near, not_near) rather than lying inside an exclusion.
	Context bool
}

// Matcher finds lexicon entries in tokens. It is safe for concurrent use.
//
// Compilation turns every distinct entry word into a pattern (an exact word
// or a stem) held in one byte trie, so each token is looked up once for all
// dimensions; each dimension then walks a small trie over pattern ids. Scan
// reuses pooled scratch buffers and allocates nothing per token.
type Matcher struct {
	Dimensions []DimInfo
	Labels     []Label

	words   byteTrie
	npat    int
	dims    []patTrie
	spec    [][]uint16 // per label: specificity of each word, lower is more specific
	lwords  [][]wordPat
	patDims []uint64     // per pattern: bit d set when dimension d's trie starts with it (d < 64)
	cond    []*condition // per label: its context condition, or nil; nil when no entry has one
	scratch sync.Pool

	cueWords byteTrie  // the words of every cue list: word = 1 + cue word id, stem = 1 + index into cueStems
	cueStems [][]int32 // cue word ids of the stems ending at a cueWords node
	cueSets  []*cueSet
}

// byteTrie maps normalised words to exact-word and stem pattern ids.
//
// Children are one dense table over a compact alphabet: the few distinct
// bytes of the words (under 30 for the default lexicons) are numbered
// from 1, every other byte is class 0, which has no children. A step is
// then one load and no search, which makes Scan's per-token lookup about
// twice as fast as sorted edges with tables for wide nodes.
type byteTrie struct {
	root  [256]int32  // child of the root by byte, 1-based; 0 means none
	class [256]uint16 // byte -> alphabet class; 0 for bytes in no word
	k     int         // classes, including 0
	next  []int32     // child of node n by class c at n*k+c, 1-based; 0 means none
	nodes []btNode
}

type btNode struct {
	word int32 // 1 + pattern id of the exact word ending here
	stem int32 // 1 + pattern id of the stem ending here
}

// child returns the child of node n by byte b, or -1.
func (bt *byteTrie) child(n int32, b byte) int32 {
	return bt.next[int(n)*bt.k+int(bt.class[b])] - 1
}

// patTrie is one dimension's trie over pattern ids.
type patTrie struct {
	root  []int32 // child of the root by pattern id; 0 means none
	nodes []ptNode
}

type ptNode struct {
	edges []ptEdge
	label int32 // 1 + label index; 0 when no entry ends here
	excl  bool  // an exclusion ends here
}

type ptEdge struct {
	pat, child int32
}

type scratch struct {
	pats   []int32  // pattern ids of all tokens, flattened
	mask   []uint64 // per token: dimensions whose tries start with one of its patterns
	off    []int32  // token i has pats[off[i]:off[i+1]]
	cand   []int32  // tokens where something of the current dimension starts
	entEnd []int32  // per candidate: end of the best entry (or the candidate itself)
	entLab []int32  // per candidate: 1 + label of the best entry
	exEnd  []int32  // per candidate: end of the longest exclusion (or the candidate itself)
	stack  []frame

	// Context conditions (see condHolds); gen counts scans, and buffers
	// stamped with an older gen are stale.
	gen       uint64
	cueTokGen uint64
	cpats     []int32 // cue word ids of all tokens, flattened
	coff      []int32 // token i has cpats[coff[i]:coff[i+1]]
	cueGen    []uint64
	cueLens   [][]uint64 // per cue list: per token, the lengths of its cues starting there
	cstack    []frame
}

type frame struct{ node, j int32 }

// compiler builds a Matcher.
type compiler struct {
	m      *Matcher
	patID  map[wordPat]int32
	bt     trieBuilder
	ptMaps [][]map[int32]int32
	cues   cueCompiler
}

func (c *compiler) pattern(w wordPat) int32 {
	if id, ok := c.patID[w]; ok {
		return id
	}
	id := int32(len(c.patID))
	c.patID[w] = id
	c.mark(w.text, w.prefix, id)
	if w.alt != "" {
		// A British -is- stem is reached by both spellings ("capitaliz",
		// "capitalis"): one pattern, two paths.
		c.mark(w.alt, w.prefix, id)
	}
	return id
}

// mark makes the byte path of text end in pattern id, as a stem or a word.
func (c *compiler) mark(text string, prefix bool, id int32) {
	n := c.bt.path(text)
	if n < 0 {
		return // empty words never occur: compileTerm rejects them
	}
	if prefix {
		c.m.words.nodes[n].stem = id + 1
	} else {
		c.m.words.nodes[n].word = id + 1
	}
}

// trieBuilder grows a byteTrie with maps of children, until freeze.
type trieBuilder struct {
	bt    *byteTrie
	btMap []map[byte]int32 // children while building, per node
}

// path returns the node the byte path of text ends at, creating it; -1 for
// the empty text (the root).
func (c *trieBuilder) path(text string) int32 {
	bt := c.bt
	n := int32(-1) // -1 is the root
	for i := 0; i < len(text); i++ {
		b := text[i]
		var next int32
		if n < 0 {
			next = bt.root[b] - 1
		} else if ch, ok := c.btMap[n][b]; ok {
			next = ch
		} else {
			next = -1
		}
		if next < 0 {
			next = int32(len(bt.nodes))
			bt.nodes = append(bt.nodes, btNode{})
			c.btMap = append(c.btMap, map[byte]int32{})
			if n < 0 {
				bt.root[b] = next + 1
			} else {
				c.btMap[n][b] = next
			}
		}
		n = next
	}
	return n
}

// freeze numbers the bytes below the root and fills the table of children.
func (c *trieBuilder) freeze() {
	bt := c.bt
	var used [256]bool
	for _, ch := range c.btMap {
		for b := range ch {
			used[b] = true
		}
	}
	bt.k = 1
	for b, u := range used {
		if u {
			bt.class[b] = uint16(bt.k)
			bt.k++
		}
	}
	bt.next = make([]int32, len(bt.nodes)*bt.k)
	for i, ch := range c.btMap {
		for b, child := range ch {
			bt.next[i*bt.k+int(bt.class[b])] = child + 1
		}
	}
}

// add puts a pattern sequence into dimension d's trie and returns its node.
func (c *compiler) add(d int, words []wordPat) *ptNode {
	pt := &c.m.dims[d]
	node := int32(-1)
	for _, w := range words {
		p := c.pattern(w)
		var next int32 = -1
		if node < 0 {
			if int(p) < len(pt.root) {
				next = pt.root[p] - 1
			}
		} else if ch, ok := c.ptMaps[d][node][p]; ok {
			next = ch
		}
		if next < 0 {
			next = int32(len(pt.nodes))
			pt.nodes = append(pt.nodes, ptNode{})
			c.ptMaps[d] = append(c.ptMaps[d], map[int32]int32{})
			if node < 0 {
				for int(p) >= len(pt.root) {
					pt.root = append(pt.root, 0)
				}
				pt.root[p] = next + 1
			} else {
				c.ptMaps[d][node][p] = next
			}
		}
		node = next
	}
	return &pt.nodes[node]
}

// Compile builds the Matcher of a Set. Entries that appear twice in one
// dimension keep the first.
func Compile(s *Set) *Matcher {
	return compile(s).m
}

// compile is Compile, returning the compiler for tests to look into.
func compile(s *Set) *compiler {
	m := &Matcher{}
	c := &compiler{m: m, patID: map[wordPat]int32{}}
	c.bt.bt = &m.words
	c.cues.init(m)
	type pending struct {
		d     int
		words []wordPat
		label int32
		excl  bool
	}
	var all []pending
	for _, l := range s.Lexicons {
		for _, d := range l.Dimensions {
			di := len(m.Dimensions)
			info := DimInfo{Name: d.Name, Lexicon: l.Name}
			m.dims = append(m.dims, patTrie{})
			c.ptMaps = append(c.ptMaps, nil)
			cues := map[string]*cueSet{}
			for _, cl := range d.Cues {
				if _, ok := cues[cl.Name]; !ok {
					cues[cl.Name] = c.cues.compile(cl)
				}
			}
			for ci, cat := range d.Categories {
				info.Categories = append(info.Categories, cat.Name)
				for _, sc := range cat.Subcategories {
					for _, e := range sc.Entries {
						if len(e.words) == 0 {
							continue
						}
						m.Labels = append(m.Labels, Label{
							Lexicon: l.Name, Version: l.Version, Dimension: d.Name, Category: cat.Name,
							Subcategory: sc.Name, Entry: e.Term, Weight: e.Weight, Dim: di, Cat: ci,
						})
						m.spec = append(m.spec, specificity(e.words))
						if cond := compileCondition(e, cues); cond != nil {
							for len(m.cond) < len(m.Labels)-1 {
								m.cond = append(m.cond, nil)
							}
							m.cond = append(m.cond, cond)
						}
						m.lwords = append(m.lwords, e.words)
						all = append(all, pending{d: di, words: e.words, label: int32(len(m.Labels))})
					}
				}
			}
			for _, x := range d.Exclusions {
				if len(x.words) > 0 {
					all = append(all, pending{d: di, words: x.words, excl: true})
				}
			}
			m.Dimensions = append(m.Dimensions, info)
		}
	}
	// Node pointers are only stable once a dimension's trie stops growing,
	// so set labels by index after each insertion.
	for _, p := range all {
		n := c.add(p.d, p.words)
		if p.excl {
			n.excl = true
		} else if n.label == 0 {
			n.label = p.label
		}
	}
	if m.cond != nil {
		for len(m.cond) < len(m.Labels) {
			m.cond = append(m.cond, nil)
		}
	}
	m.npat = len(c.patID)
	c.bt.freeze()
	c.cues.freeze()
	m.patDims = make([]uint64, m.npat)
	for d := range m.dims {
		pt := &m.dims[d]
		for len(pt.root) < m.npat {
			pt.root = append(pt.root, 0)
		}
		for p, ch := range pt.root {
			if ch != 0 {
				m.patDims[p] |= dimBit(d)
			}
		}
		for i := range pt.nodes {
			for p, child := range c.ptMaps[d][i] {
				pt.nodes[i].edges = append(pt.nodes[i].edges, ptEdge{p, child})
			}
			sortEdges(pt.nodes[i].edges)
		}
	}
	m.scratch.New = func() any { return &scratch{} }
	return c
}

// dimBit is dimension d's bit in a mask; dimensions from 64 on share the
// top bit, which only costs them a walk that finds nothing.
func dimBit(d int) uint64 { return 1 << min(d, 63) }

func sortEdges(e []ptEdge) {
	for i := 1; i < len(e); i++ {
		for j := i; j > 0 && e[j].pat < e[j-1].pat; j-- {
			e[j], e[j-1] = e[j-1], e[j]
		}
	}
}

// EntryWords returns the normalised words of a label's entry; a stem is
// given without its '*' and with stem set.
func (m *Matcher) EntryWords(label int) (words []string, stem []bool) {
	for _, w := range m.lwords[label] {
		words = append(words, w.text)
		stem = append(stem, w.prefix)
	}
	return words, stem
}

// specificity ranks an entry's words: an exact word (0) is more specific
// than any stem, and a longer stem more than a shorter one.
func specificity(words []wordPat) []uint16 {
	out := make([]uint16, len(words))
	for i, w := range words {
		if w.prefix {
			out[i] = 1 + uint16(1000-min(len(w.text), 999))
		}
	}
	return out
}

// better reports whether label a (1-based) beats label b at the same span:
// the more specific entry wins, word by word from the left, then the one
// defined first.
func (m *Matcher) better(a, b int32) bool {
	if b == 0 {
		return true
	}
	sa, sb := m.spec[a-1], m.spec[b-1]
	for i := range sa {
		if i < len(sb) && sa[i] != sb[i] {
			return sa[i] < sb[i]
		}
	}
	return a < b
}

// patterns appends the pattern ids that the normalised word w matches: its
// exact word (or, for a possessive "landlord's", the bare word) and every
// stem that is a prefix of it.
func (m *Matcher) patterns(w string, dst []int32) []int32 {
	bt := &m.words
	if len(w) == 0 {
		return dst
	}
	bareAt := possessiveAt(w)
	n := bt.root[w[0]] - 1
	var bare int32 // word pattern at the end of the word minus "'s" or "'"
	for i := 1; n >= 0; i++ {
		nd := &bt.nodes[n]
		if nd.stem != 0 {
			dst = append(dst, nd.stem-1)
		}
		if i == len(w) {
			if nd.word != 0 {
				return append(dst, nd.word-1)
			}
			break
		}
		if i == bareAt {
			bare = nd.word
		}
		n = bt.child(n, w[i])
	}
	if bare != 0 {
		dst = append(dst, bare-1)
	}
	return dst
}

// possessiveAt returns the length of w without a possessive "'s" or "'",
// as possessive strips it, or -1 when w has none.
func possessiveAt(w string) int {
	if len(w) > 2 && w[len(w)-2:] == "'s" {
		return len(w) - 2
	}
	if len(w) > 1 && w[len(w)-1] == '\'' {
		return len(w) - 1
	}
	return -1
}

// Scan appends to dst every match in toks, dimension by dimension, each
// dimension left to right. Within a dimension the longest match at a
// position wins (ties go to the more specific entry: an exact word beats a
// stem, a longer stem a shorter one), a token counts at most once, and a
// match lying inside an exclusion's span is dropped. Matches never cross
// punctuation.
func (m *Matcher) Scan(toks []segment.Token, dst []Span) []Span {
	return m.scan(toks, dst, false)
}

// ScanAll is Scan that also returns the matches an exclusion vetoed, with
// Vetoed set. Vetoed matches do not consume their tokens.
func (m *Matcher) ScanAll(toks []segment.Token, dst []Span) []Span {
	return m.scan(toks, dst, true)
}

func (m *Matcher) scan(toks []segment.Token, dst []Span, keepVetoed bool) []Span {
	n := len(toks)
	if n == 0 || len(m.dims) == 0 {
		return dst
	}
	s := m.scratch.Get().(*scratch)
	defer m.scratch.Put(s)
	s.gen++
	s.pats = s.pats[:0]
	s.off = append(s.off[:0], 0)
	s.mask = s.mask[:0]
	var all uint64
	for i := range toks {
		var mask uint64
		if toks[i].Kind != segment.Punct {
			from := len(s.pats)
			s.pats = m.patterns(toks[i].Norm, s.pats)
			for _, p := range s.pats[from:] {
				mask |= m.patDims[p]
			}
		}
		s.off = append(s.off, int32(len(s.pats)))
		s.mask = append(s.mask, mask)
		all |= mask
	}
	if all == 0 {
		return dst
	}
	for d := range m.dims {
		bit := dimBit(d)
		if all&bit == 0 {
			continue
		}
		pt := &m.dims[d]
		// Pass 1: at each token where this dimension's trie can start, the
		// best entry and the longest exclusion starting there.
		s.cand, s.entEnd, s.entLab, s.exEnd = s.cand[:0], s.entEnd[:0], s.entLab[:0], s.exEnd[:0]
		found := false
		for i := 0; i < n; i++ {
			if s.mask[i]&bit == 0 {
				continue
			}
			end, lab, ex := m.walk(pt, s, i, n)
			if end > int32(i) || ex > int32(i) {
				s.cand = append(s.cand, int32(i))
				s.entEnd, s.entLab, s.exEnd = append(s.entEnd, end), append(s.entLab, lab), append(s.exEnd, ex)
				found = true
			}
		}
		if !found {
			continue
		}
		// Pass 2: left to right, take the best entry at each free position
		// unless an exclusion that started at or before it covers it.
		maxEx, free := int32(-1), int32(0)
		for c, i := range s.cand {
			if ex := s.exEnd[c]; ex > i && ex > maxEx {
				maxEx = ex
			}
			end := s.entEnd[c]
			if i < free || end <= i {
				continue
			}
			if maxEx >= end {
				if keepVetoed {
					dst = append(dst, Span{Label: int(s.entLab[c] - 1), Start: int(i), End: int(end), Vetoed: true})
				}
				continue
			}
			if m.cond != nil && !m.contextHolds(s, s.entLab[c]-1, toks, i, end) {
				if keepVetoed {
					dst = append(dst, Span{Label: int(s.entLab[c] - 1), Start: int(i), End: int(end), Vetoed: true, Context: true})
				}
				continue
			}
			dst = append(dst, Span{Label: int(s.entLab[c] - 1), Start: int(i), End: int(end)})
			free = end
		}
	}
	return dst
}

// contextHolds reports whether label's context condition, if it has one,
// holds for the match at tokens [start, end) (see context.go).
func (m *Matcher) contextHolds(s *scratch, label int32, toks []segment.Token, start, end int32) bool {
	c := m.cond[label]
	return c == nil || m.condHolds(s, c, toks, int(start), int(end))
}

// Conditional reports whether label's entry has a context condition.
func (m *Matcher) Conditional(label int) bool { return m.cond != nil && m.cond[label] != nil }

// walk finds the best entry (its end and 1-based label) and the end of the
// longest exclusion starting at token i of dimension pt, with an explicit
// stack (no closures, no allocation once the stack has grown). Ends equal
// to i mean nothing was found.
func (m *Matcher) walk(pt *patTrie, s *scratch, i, n int) (entEnd, entLab, exEnd int32) {
	entEnd, exEnd = int32(i), int32(i)
	st := s.stack[:0]
	for _, p := range s.pats[s.off[i]:s.off[i+1]] {
		if ch := pt.root[p]; ch != 0 {
			st = append(st, frame{ch - 1, int32(i + 1)})
		}
	}
	for len(st) > 0 {
		f := st[len(st)-1]
		st = st[:len(st)-1]
		nd := &pt.nodes[f.node]
		if nd.label != 0 && (f.j > entEnd || (f.j == entEnd && m.better(nd.label, entLab))) {
			entEnd, entLab = f.j, nd.label
		}
		if nd.excl && f.j > exEnd {
			exEnd = f.j
		}
		j := int(f.j)
		if j >= n || len(nd.edges) == 0 {
			continue
		}
		for _, p := range s.pats[s.off[j]:s.off[j+1]] {
			if k, ok := findEdge(nd.edges, p); ok {
				st = append(st, frame{nd.edges[k].child, f.j + 1})
			}
		}
	}
	s.stack = st
	return entEnd, entLab, exEnd
}

// findEdge finds pattern p among edges sorted by pattern.
func findEdge(e []ptEdge, p int32) (int, bool) {
	if len(e) <= 8 {
		for k := range e {
			if e[k].pat >= p {
				return k, e[k].pat == p
			}
		}
		return 0, false
	}
	lo, hi := 0, len(e)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if e[mid].pat < p {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, lo < len(e) && e[lo].pat == p
}
