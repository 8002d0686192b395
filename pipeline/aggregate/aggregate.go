package aggregate

import (
	"sort"
	"strings"
	"sync/atomic"

	"github.com/drift-project/drift/pipeline/lexicon"
	"github.com/drift-project/drift/pipeline/match"
	"github.com/drift-project/drift/pipeline/segment"
)

// Category is one top-level category of a dimension.
type Category struct {
	Dimension string
	Name      string
	Dim       int // index of the dimension
	Index     int // 0 or 1 within the dimension; 0 is the share numerator
}

// Key identifies a cell.
type Key struct {
	Cycle, Site, Speaker, Role string
}

// Cell holds the counts of one speaker in one role, cycle and site. The
// slices are indexed by category id (an index into Counts.Categories).
type Cell struct {
	Key
	Tokens, Turns, Sentences int64
	Hits                     []int64 // counted hits (negated hits excluded)
	HitsAll                  []int64 // all hits
	NarrativeHits            []int64 // counted hits in first-person narrative sentences
	FramedSentences          []int64 // sentences with a counted hit of the category
}

// EntryKey identifies an entry's use in one cycle and site.
type EntryKey struct {
	Cycle, Site string
	Label       int // index into the Matcher's Labels
}

// Counts is the additive summary of a corpus. The zero value is not usable;
// call New.
type Counts struct {
	Dims       []lexicon.DimInfo
	Labels     []lexicon.Label
	Categories []Category
	Cells      map[Key]*Cell
	// Words counts participant word tokens (normalised) per cycle.
	Words map[string]map[string]int64
	// Entries counts counted participant hits per entry, cycle and site.
	Entries map[EntryKey]int64
	catOf   []int // label -> category id
}

// New returns empty Counts for the matcher's lexicons.
func New(m *lexicon.Matcher) *Counts {
	c := &Counts{Dims: m.Dimensions, Labels: m.Labels, Cells: map[Key]*Cell{},
		Words: map[string]map[string]int64{}, Entries: map[EntryKey]int64{}}
	c.Categories, c.catOf = categories(m)
	return c
}

// catMemo is the categories of the last Matcher categories was asked
// about: a run makes a Counts per document, all from one Matcher, and
// building the label index each time was a map lookup per entry of every
// lexicon per document.
var catMemo atomic.Pointer[catIndex]

type catIndex struct {
	m             *lexicon.Matcher
	dims, nlabels int
	categories    []Category
	catOf         []int
}

// categories returns the categories of m's dimensions, in order, and the
// category id of each label. The slices are shared between the Counts of
// one Matcher and never modified.
func categories(m *lexicon.Matcher) ([]Category, []int) {
	if ci := catMemo.Load(); ci != nil && ci.m == m && ci.dims == len(m.Dimensions) && ci.nlabels == len(m.Labels) {
		return ci.categories, ci.catOf
	}
	var cats []Category
	ids := map[[2]int]int{}
	for di, d := range m.Dimensions {
		for ci, name := range d.Categories {
			ids[[2]int{di, ci}] = len(cats)
			cats = append(cats, Category{Dimension: d.Name, Name: name, Dim: di, Index: ci})
		}
	}
	catOf := make([]int, len(m.Labels))
	for i, l := range m.Labels {
		catOf[i] = ids[[2]int{l.Dim, l.Cat}]
	}
	// Full slices: an append to a shared one must copy.
	cats, catOf = cats[:len(cats):len(cats)], catOf[:len(catOf):len(catOf)]
	catMemo.Store(&catIndex{m, len(m.Dimensions), len(m.Labels), cats, catOf})
	return cats, catOf
}

// Less orders keys by cycle id, site, speaker and role.
func (k Key) Less(o Key) bool {
	if k.Cycle != o.Cycle {
		return k.Cycle < o.Cycle
	}
	if k.Site != o.Site {
		return k.Site < o.Site
	}
	if k.Speaker != o.Speaker {
		return k.Speaker < o.Speaker
	}
	return k.Role < o.Role
}

// CategoryOf returns the category id of a label.
func (c *Counts) CategoryOf(label int) int { return c.catOf[label] }

func (c *Counts) cell(k Key) *Cell {
	cl, ok := c.Cells[k]
	if !ok {
		n := len(c.Categories)
		cl = &Cell{Key: k, Hits: make([]int64, n), HitsAll: make([]int64, n), NarrativeHits: make([]int64, n), FramedSentences: make([]int64, n)}
		c.Cells[k] = cl
	}
	return cl
}

// AddTurn adds one matched turn.
func (c *Counts) AddTurn(k Key, t match.Turn) {
	cl := c.cell(k)
	cl.Turns++
	cl.Sentences += int64(len(t.Sentences))
	participant := k.Role == "participant"
	var words map[string]int64
	if participant {
		words = c.Words[k.Cycle]
		if words == nil {
			words = map[string]int64{}
			c.Words[k.Cycle] = words
		}
	}
	for _, s := range t.Sentences {
		for i := range s.Tokens {
			tk := &s.Tokens[i]
			if tk.Kind == segment.Punct {
				continue
			}
			cl.Tokens++
			if participant && tk.Kind == segment.Word {
				words[tk.Norm]++
			}
		}
	}
	lastSent := map[int]int{} // category -> last sentence counted
	for _, h := range t.Hits {
		cat := c.catOf[h.Label]
		cl.HitsAll[cat]++
		if !h.Counted() {
			continue
		}
		cl.Hits[cat]++
		if h.Narrative {
			cl.NarrativeHits[cat]++
		}
		if s, ok := lastSent[cat]; !ok || s != h.Sentence {
			cl.FramedSentences[cat]++
			lastSent[cat] = h.Sentence
		}
		if participant {
			c.Entries[EntryKey{Cycle: k.Cycle, Site: k.Site, Label: h.Label}]++
		}
	}
}

// Merge adds o into c. Both must come from the same Matcher.
func (c *Counts) Merge(o *Counts) {
	for k, oc := range o.Cells {
		cl := c.cell(k)
		cl.Tokens += oc.Tokens
		cl.Turns += oc.Turns
		cl.Sentences += oc.Sentences
		for i := range oc.Hits {
			cl.Hits[i] += oc.Hits[i]
			cl.HitsAll[i] += oc.HitsAll[i]
			cl.NarrativeHits[i] += oc.NarrativeHits[i]
			cl.FramedSentences[i] += oc.FramedSentences[i]
		}
	}
	for cy, ws := range o.Words {
		dst := c.Words[cy]
		if dst == nil {
			dst = map[string]int64{}
			c.Words[cy] = dst
		}
		for w, n := range ws {
			if _, ok := dst[w]; !ok {
				// o's words are usually substrings of a document's turn
				// text (Token.Norm); a copy keeps c from holding that
				// whole text for as long as c lives.
				w = strings.Clone(w)
			}
			dst[w] += n
		}
	}
	for k, n := range o.Entries {
		c.Entries[k] += n
	}
}

// Sorted returns the cells ordered by cycle (in the given order), site,
// speaker and role. Cycles not in order sort last, by id.
func (c *Counts) Sorted(order []string) []*Cell {
	rank := map[string]int{}
	for i, cy := range order {
		rank[cy] = i
	}
	out := make([]*Cell, 0, len(c.Cells))
	for _, cl := range c.Cells {
		out = append(out, cl)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Cycle != b.Cycle {
			ra, oka := rank[a.Cycle]
			rb, okb := rank[b.Cycle]
			if oka && okb {
				return ra < rb
			}
			if oka != okb {
				return oka
			}
			return a.Cycle < b.Cycle
		}
		return a.Key.Less(b.Key)
	})
	return out
}
