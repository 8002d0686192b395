package lexicon

import (
	"strings"

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
	Label int // index into Matcher.Labels
	Start int
	End   int
}

// Matcher finds lexicon entries in tokens. It is safe for concurrent use.
type Matcher struct {
	Dimensions []DimInfo
	Labels     []Label
	tries      []*node // one per dimension
}

type node struct {
	exact map[string]*node
	stems []stemEdge
	label int  // 1 + index into Labels; 0 when no entry ends here
	excl  bool // an exclusion ends here
}

type stemEdge struct {
	prefix string
	next   *node
}

func (n *node) step(w wordPat) *node {
	if w.prefix {
		for _, s := range n.stems {
			if s.prefix == w.text {
				return s.next
			}
		}
		nn := &node{}
		n.stems = append(n.stems, stemEdge{w.text, nn})
		return nn
	}
	if n.exact == nil {
		n.exact = map[string]*node{}
	}
	nn, ok := n.exact[w.text]
	if !ok {
		nn = &node{}
		n.exact[w.text] = nn
	}
	return nn
}

// Compile builds the Matcher of a Set. Entries that appear twice in one
// dimension keep the first.
func Compile(s *Set) *Matcher {
	m := &Matcher{}
	for _, l := range s.Lexicons {
		for _, d := range l.Dimensions {
			di := len(m.Dimensions)
			info := DimInfo{Name: d.Name, Lexicon: l.Name}
			root := &node{}
			for ci, c := range d.Categories {
				info.Categories = append(info.Categories, c.Name)
				for _, sc := range c.Subcategories {
					for _, e := range sc.Entries {
						if len(e.words) == 0 {
							continue
						}
						n := root
						for _, w := range e.words {
							n = n.step(w)
						}
						if n.label != 0 {
							continue
						}
						m.Labels = append(m.Labels, Label{
							Lexicon: l.Name, Version: l.Version, Dimension: d.Name, Category: c.Name,
							Subcategory: sc.Name, Entry: e.Term, Weight: e.Weight, Dim: di, Cat: ci,
						})
						n.label = len(m.Labels)
					}
				}
			}
			for _, x := range d.Exclusions {
				if len(x.words) == 0 {
					continue
				}
				n := root
				for _, w := range x.words {
					n = n.step(w)
				}
				n.excl = true
			}
			m.Dimensions = append(m.Dimensions, info)
			m.tries = append(m.tries, root)
		}
	}
	return m
}

// Scan appends to dst every match in toks, dimension by dimension, each
// dimension left to right. Within a dimension the longest match at a
// position wins, a token counts at most once, and a match lying inside an
// exclusion's span is dropped. Matches never cross punctuation.
func (m *Matcher) Scan(toks []segment.Token, dst []Span) []Span {
	var vetoes [][2]int
	for _, root := range m.tries {
		vetoes = vetoes[:0]
		for i := range toks {
			if toks[i].Kind == segment.Punct {
				continue
			}
			if end := longest(root, toks, i, true); end > i {
				vetoes = append(vetoes, [2]int{i, end})
			}
		}
		for i := 0; i < len(toks); {
			if toks[i].Kind == segment.Punct {
				i++
				continue
			}
			end, label := longestEntry(root, toks, i)
			if end <= i {
				i++
				continue
			}
			vetoed := false
			for _, v := range vetoes {
				if v[0] <= i && end <= v[1] {
					vetoed = true
					break
				}
			}
			if vetoed {
				i++
				continue
			}
			dst = append(dst, Span{Label: label - 1, Start: i, End: end})
			i = end
		}
	}
	return dst
}

// forms returns the token's matching forms: its normalised form and, for
// possessives, the form without "'s" or "'".
func forms(t *segment.Token) (string, string) {
	n := t.Norm
	if strings.HasSuffix(n, "'s") {
		return n, n[:len(n)-2]
	}
	if strings.HasSuffix(n, "'") {
		return n, n[:len(n)-1]
	}
	return n, ""
}

// longest returns the end of the longest exclusion (excl) starting at i, or i.
func longest(root *node, toks []segment.Token, i int, excl bool) int {
	best := i
	var walk func(n *node, j int)
	walk = func(n *node, j int) {
		if n != root && n.excl && j > best {
			best = j
		}
		if j >= len(toks) || toks[j].Kind == segment.Punct {
			return
		}
		eachNext(n, &toks[j], func(nn *node) { walk(nn, j+1) })
	}
	walk(root, i)
	return best
}

// longestEntry returns the end and 1-based label of the longest entry at i.
func longestEntry(root *node, toks []segment.Token, i int) (int, int) {
	best, label := i, 0
	var walk func(n *node, j int)
	walk = func(n *node, j int) {
		if n.label != 0 && (j > best || (j == best && n.label < label)) {
			best, label = j, n.label
		}
		if j >= len(toks) || toks[j].Kind == segment.Punct {
			return
		}
		eachNext(n, &toks[j], func(nn *node) { walk(nn, j+1) })
	}
	walk(root, i)
	return best, label
}

func eachNext(n *node, t *segment.Token, f func(*node)) {
	a, b := forms(t)
	if n.exact != nil {
		if nn, ok := n.exact[a]; ok {
			f(nn)
		} else if b != "" {
			if nn, ok := n.exact[b]; ok {
				f(nn)
			}
		}
	}
	for _, s := range n.stems {
		if strings.HasPrefix(a, s.prefix) {
			f(s.next)
		}
	}
}
