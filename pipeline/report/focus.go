package report

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/drift-project/drift/pipeline/table"
)

// focusCycle is what a report keeps of the turns and hits of the cycle it
// is about: the counts behind the coverage caveat and the meta line, and,
// for each quote group, the candidates that may still be chosen. It is
// built as the cycle's turns stream past with their hits (see readFocus),
// and its size does not grow with the cycle: whole rows of a cycle of
// 249,271 quotable hits held 212 MB, and each quotable sentence kept once
// still 123 MB for a cycle of 250 MB.
type focusCycle struct {
	cycle string
	specs []quoteSpec
	// turns counts the cycle's turns, participantTurns those of
	// participants and framedTurns those of them with a counted hit;
	// speakers counts the participants who spoke.
	turns, participantTurns, framedTurns, speakers int
	// groups holds, for each of specs, the candidates pickQuotes may
	// choose, in its order (see candCmp), with the ones it would never
	// choose dropped (see prune).
	groups [][]quoteCand
}

// quoteSpec is one quote group: a headline's measure, the hits it quotes
// (a category, within a dimension) and how many quotes it shows.
type quoteSpec struct {
	measure, title, category, dimension string
	limit                               int
	// noStory leaves the origin-story tag (and its score) off every
	// candidate, as a suppressed story cell does at its site. quoteSpecs
	// never sets it; FocusRows's lanes do (see laneSpecs).
	noStory bool
}

// quoteSpecs returns the quote groups of the headlines heads, in order: a
// suppressed headline or one without a figure has none.
func quoteSpecs(heads []table.Drift) []quoteSpec {
	var out []quoteSpec
	for _, r := range heads {
		if r.Suppressed || r.Estimate == nil {
			continue
		}
		mi := info(r.Measure)
		cat, about := mi.A, mi.AWords
		if r.Verdict == verdictFell && mi.B != "" {
			cat, about = mi.B, mi.BWords
		}
		out = append(out, quoteSpec{measure: r.Measure, title: capital(about), category: cat, dimension: mi.Dim, limit: quoteLimit(r.Measure)})
	}
	return out
}

// quoteLimit is how many quotes the group of a measure's headline shows.
func quoteLimit(measure string) int {
	if measure == "class_share" {
		return 3
	}
	return 2
}

// quoteCand is a sentence a quote group may show: the sentence of a turn's
// text (see sentences) that one or more of its hits would show, scored.
type quoteCand struct {
	doc                 string
	turn, si            int32 // the turn, and the sentence's index among its sentences
	score               int32
	story               bool
	speaker, site, text string
}

// candCmp is the order quotes are chosen in: score, highest first, then
// document, turn and sentence. No two candidates of a group are equal.
func candCmp(a, b quoteCand) int {
	if a.score != b.score {
		return cmp.Compare(b.score, a.score)
	}
	if a.doc != b.doc {
		return strings.Compare(a.doc, b.doc)
	}
	if a.turn != b.turn {
		return cmp.Compare(a.turn, b.turn)
	}
	return cmp.Compare(a.si, b.si)
}

// prune sorts a group's candidates by candCmp and drops those pickQuotes
// can be shown never to choose. pickQuotes walks a group in order and takes
// a candidate when the group has fewer than limit quotes, no quote of it
// is by the same speaker, and its text was not shown before (earlier
// groups show at most used texts). A candidate is never taken when there
// are, before it:
//
//   - a candidate of the same speaker and text: that one is taken, or it
//     was passed over for a reason that holds for this one too;
//   - used+limit candidates of its speaker with different texts: at most
//     used+limit-1 texts are shown before the group is full, so one of
//     them is taken (and then the speaker has a quote) or was passed over
//     because the speaker had one already;
//   - limit candidates of its text with different speakers: fewer than
//     limit speakers have a quote before the group is full, so one of them
//     is taken (and then the text is shown) or the text was shown already;
//   - k = 3(limit-1)+used+1 candidates with different speakers and
//     different texts: while the group is not full, each of them is
//     taken, or passed over for the speaker or the text of one of at most
//     limit-1 quotes (two each at most) or for one of the used texts, which
//     accounts for at most 3(limit-1)+used of them.
//
// Counting only candidates kept is enough: they are candidates. What is
// kept is at most k(used+2*limit-1): each kept candidate either starts a
// new speaker and text of the fourth rule or shares one with a candidate
// that did, and each of those has at most used+limit-1 more of its speaker
// and limit-1 more of its text.
func prune(cands []quoteCand, limit, used int) []quoteCand {
	return new(pruneMaps).prune(cands, limit, used)
}

// pruneMaps are the maps prune counts in, kept by a builder from one
// pruning to the next (a lane is pruned every few hundred candidates):
// made afresh each time, they were a fifth of collecting candidates.
type pruneMaps struct {
	said     map[[2]string]bool // speaker, text
	speakers map[string]pruneCount
	texts    map[string]pruneCount
}

// pruneCount counts the candidates kept of a speaker or a text, and says
// whether one of them started a speaker and text of the fourth rule.
type pruneCount struct {
	n   int
	ind bool
}

func (pm *pruneMaps) prune(cands []quoteCand, limit, used int) []quoteCand {
	slices.SortFunc(cands, candCmp)
	if pm.said == nil {
		pm.said, pm.speakers, pm.texts = map[[2]string]bool{}, map[string]pruneCount{}, map[string]pruneCount{}
	} else {
		clear(pm.said)
		clear(pm.speakers)
		clear(pm.texts)
	}
	k, n := 3*(limit-1)+used+1, 0
	out := cands[:0]
	for _, c := range cands {
		if n == k {
			break
		}
		st := [2]string{c.speaker, c.text}
		if pm.said[st] {
			continue
		}
		sp, tx := pm.speakers[c.speaker], pm.texts[c.text]
		if sp.n >= used+limit || tx.n >= limit {
			continue
		}
		pm.said[st] = true
		sp.n++
		tx.n++
		out = append(out, c)
		if !sp.ind && !tx.ind {
			sp.ind, tx.ind = true, true
			n++
		}
		pm.speakers[c.speaker], pm.texts[c.text] = sp, tx
	}
	clear(cands[len(out):]) // let the dropped texts go
	return out
}

// pruneAt is how many candidates a group collects before it is pruned;
// tests make it small.
var pruneAt = 1024

// hitAttr is what a quote group selects and suppresses hits by.
type hitAttr struct {
	category, dimension, site string
}

// What a kind of hit may give a quote group: nothing, a candidate, or a
// candidate that may be tagged an origin story.
const (
	skip uint8 = iota
	take
	takeStory
)

// focusBuilder builds a focusCycle from the cycle's turns, each with its
// counted participant hits (addTurn).
type focusBuilder struct {
	f          focusCycle
	used       int                // how many quotes all groups show at most
	at         int                // how many candidates a group collects before its first pruning
	next       []int              // when each group is pruned next
	suppressed map[[2]string]bool // (site, measure) suppressed in the cycle
	intern     map[string]string
	attrs      map[hitAttr]int
	kinds      [][]uint8 // per attr, per group
	speakers   map[string]struct{}
	acc        map[[2]int32]int // (group, sentence) -> index into cands, per turn
	pm         pruneMaps
}

// pendingHit is a quotable hit, ready for its turn's text.
type pendingHit struct {
	surface    string
	start, end int32 // the hit's bytes in its turn's text (table.Match.TextStart, TextEnd)
	sent       int32 // the tagger's sentence index
	attr       int
	narrative  bool
}

// newFocusBuilder returns a builder for cycle, whose quote groups are
// specs and whose drift rows (for the suppressed cells) are drift.
func newFocusBuilder(cycle string, specs []quoteSpec, drift []table.Drift) *focusBuilder {
	b := &focusBuilder{
		f:        focusCycle{cycle: cycle, specs: specs, groups: make([][]quoteCand, len(specs))},
		next:     make([]int, len(specs)),
		intern:   map[string]string{},
		attrs:    map[hitAttr]int{},
		speakers: map[string]struct{}{},
		acc:      map[[2]int32]int{},
	}
	for _, s := range specs {
		b.used += s.limit
	}
	b.pruneFrom(pruneAt)
	b.suppressed = suppressedCells(cycle, drift)
	return b
}

// pruneFrom has every group pruned first when it holds n candidates, and
// then when it holds twice as many as were kept (or n).
func (b *focusBuilder) pruneFrom(n int) {
	b.at = n
	for i := range b.next {
		b.next[i] = n
	}
}

// suppressedCells returns the (site, measure) cells of drift suppressed in
// cycle. A cell suppressed in the focus cycle (too few speakers at a site,
// or among origin stories) must not be quoted from: its two speakers'
// words would be on the page.
func suppressedCells(cycle string, drift []table.Drift) map[[2]string]bool {
	cells := map[[2]string]bool{}
	for _, r := range drift {
		if r.Scope == "cycle" && r.Cycle == cycle && r.Suppressed {
			cells[[2]string{r.Site, r.Measure}] = true
		}
	}
	return cells
}

// in returns s kept once, as a copy: the strings of decoded rows may
// share their memory with a batch the builder does not keep.
func (b *focusBuilder) in(s string) string {
	if v, ok := b.intern[s]; ok {
		return v
	}
	s = strings.Clone(s)
	b.intern[s] = s
	return s
}

// pending returns a quotable hit ready for its turn's text.
func (b *focusBuilder) pending(m *table.Match) pendingHit {
	a := hitAttr{m.Category, m.Dimension, m.Site}
	ai, ok := b.attrs[a]
	if !ok {
		ai = len(b.kinds)
		b.attrs[hitAttr{b.in(a.category), b.in(a.dimension), b.in(a.site)}] = ai
		// Which groups the hit counts for: the site's cells are checked,
		// and the story cells of the site and of all sites for the
		// origin-story tag.
		kinds := make([]uint8, len(b.f.specs))
		for g, s := range b.f.specs {
			switch {
			case a.category != s.category || (s.dimension != "" && a.dimension != s.dimension) || b.suppressed[[2]string{a.site, s.measure}]:
				kinds[g] = skip
			case s.noStory || b.suppressed[[2]string{a.site, "story_" + s.measure}] || b.suppressed[[2]string{"all", "story_" + s.measure}]:
				kinds[g] = take
			default:
				kinds[g] = takeStory
			}
		}
		b.kinds = append(b.kinds, kinds)
	}
	return pendingHit{surface: m.Surface, start: m.TextStart, end: m.TextEnd, sent: m.Sentence, attr: ai, narrative: m.Narrative}
}

// addTurn takes one turn of the cycle, once, with whether it has a counted
// participant hit (framed) and its quotable hits: it is counted, and each
// hit gives the quote groups it counts for the sentence of the turn's text
// a quote of it would show (see split.sentenceOf): the one its bytes are
// in, or, for a hit without bytes in the text, the one its words are in. A
// hit whose bytes are not its words (a name masked over them) or run over
// a sentence's end gives none.
func (b *focusBuilder) addTurn(t *table.Turn, framed bool, hs []pendingHit) {
	b.count(t, framed)
	b.candidates(t, hs)
}

// count counts a turn of the cycle, with whether it has a counted
// participant hit (framed).
func (b *focusBuilder) count(t *table.Turn, framed bool) {
	b.f.turns++
	if t.Role == "participant" {
		b.f.participantTurns++
		if framed {
			b.f.framedTurns++
		}
		if _, ok := b.speakers[t.Speaker]; !ok {
			b.speakers[b.in(t.Speaker)] = struct{}{}
		}
	}
}

// candidates gives the quote groups the candidates of a turn's quotable
// hits hs.
func (b *focusBuilder) candidates(t *table.Turn, hs []pendingHit) {
	if len(hs) == 0 || t.Text == "" || len(b.f.specs) == 0 {
		return
	}
	sp := newSplit(t.Text)
	type acc struct {
		g, si int32
		hits  int32
		story bool
	}
	var accs []acc
	clear(b.acc)
	for _, h := range hs {
		si, byBytes := sp.sentenceOf(int(h.start), int(h.end), int(h.sent), h.surface)
		if si < 0 {
			continue
		}
		for g, k := range b.kinds[h.attr] {
			if k == skip {
				continue
			}
			key := [2]int32{int32(g), int32(si)}
			i, ok := b.acc[key]
			if !ok {
				i = len(accs)
				b.acc[key] = i
				accs = append(accs, acc{g: int32(g), si: int32(si)})
			}
			a := &accs[i]
			a.hits++
			// The narrative flag belongs to the tagger's sentence, which
			// holds the hit: so does the quoted sentence when the hit's
			// bytes found it. A hit found by its words is trusted only in
			// the sentence of the tagger's index.
			a.story = a.story || (h.narrative && (byBytes || si == int(h.sent)) && k == takeStory)
		}
	}
	if len(accs) == 0 {
		return
	}
	doc, speaker, site := b.in(t.DocPath), b.in(t.Speaker), b.in(t.Site)
	texts := map[int32]string{}
	words := map[int32]int{}
	for _, a := range accs {
		text, ok := texts[a.si]
		if !ok {
			text = strings.Clone(sp.ss[a.si])
			texts[a.si], words[a.si] = text, countFields(text)
		}
		score := min(a.hits, 3)
		if a.story {
			score += 3
		}
		switch n := words[a.si]; {
		case n >= 8 && n <= 40:
			score += 2
		case n < 5 || n > 70:
			score -= 3
		}
		g := a.g
		b.f.groups[g] = append(b.f.groups[g], quoteCand{doc: doc, turn: t.Turn, si: a.si, score: score, story: a.story, speaker: speaker, site: site, text: text})
		if len(b.f.groups[g]) >= b.next[g] {
			b.f.groups[g] = b.pm.prune(b.f.groups[g], b.f.specs[g].limit, b.used)
			b.next[g] = max(b.at, 2*len(b.f.groups[g]))
		}
	}
}

func (b *focusBuilder) done() *focusCycle {
	for g, cands := range b.f.groups {
		b.f.groups[g] = b.pm.prune(cands, b.f.specs[g].limit, b.used)
	}
	b.f.speakers = len(b.speakers)
	f := b.f
	return &f
}

// focusFor returns what the report keeps of cycle focus for the headlines
// heads: what LoadFor built while reading, or else built from the rows in
// Turns and Matches.
func (in Input) focusFor(focus string, heads []table.Drift) *focusCycle {
	specs := quoteSpecs(heads)
	if in.focus != nil && in.focus.cycle == focus && slices.Equal(in.focus.specs, specs) {
		return in.focus
	}
	b := newFocusBuilder(focus, specs, in.Drift)
	hits := map[turnKey][]pendingHit{}
	framed := map[turnKey]bool{}
	for i := range in.Matches[focus] {
		m := &in.Matches[focus][i]
		if !m.Counted || m.Role != "participant" {
			continue
		}
		tk := turnKey{m.DocPath, m.Turn}
		framed[tk] = true
		if quotable(*m) {
			hits[tk] = append(hits[tk], b.pending(m))
		}
	}
	for i := range in.Turns[focus] {
		t := &in.Turns[focus][i]
		tk := turnKey{t.DocPath, t.Turn}
		b.addTurn(t, framed[tk], hits[tk])
		delete(hits, tk) // each turn's hits once
		delete(framed, tk)
	}
	return b.done()
}

// focusOf is focusFor when only the counts are wanted.
func (in Input) focusOf(focus string) *focusCycle {
	if in.focus != nil && in.focus.cycle == focus {
		return in.focus
	}
	return in.focusFor(focus, nil)
}

// readFocus reads the turns and hits of the report's cycle into what the
// report keeps of them (see focusCycle), for the headlines heads. The two
// tables are read side by side: drift run writes both a document at a
// time, in the same order, so the hits of a document are read when its
// first turn is, and only one document's hits are held at a time.
func readFocus(dir, cycle string, heads, drift []table.Drift) (*focusCycle, error) {
	b := newFocusBuilder(cycle, quoteSpecs(heads), drift)
	next, stop := iter.Pull2(partRows[focusMatch](filepath.Join(dir, table.MatchesDir), cycle, readBatch))
	defer stop()
	var (
		batch []focusMatch
		bi    int
		merr  error
		ended bool
	)
	head := func() *focusMatch { // the next hit, or nil
		for bi >= len(batch) && !ended {
			rows, err, ok := next()
			switch {
			case !ok:
				ended = true
			case err != nil:
				merr, ended = err, true
			default:
				batch, bi = rows, 0
			}
		}
		if bi < len(batch) {
			return &batch[bi]
		}
		return nil
	}
	var doc string
	started := false
	hits := map[int32][]pendingHit{}
	framed := map[int32]bool{}
	err := eachPart(filepath.Join(dir, table.TurnsDir), cycle, turnBatch, func(rows []table.Turn) error {
		for i := range rows {
			t := &rows[i]
			if !started || t.DocPath != doc {
				started, doc = true, t.DocPath
				clear(hits)
				clear(framed)
				for m := head(); m != nil && m.DocPath == doc; m = head() {
					if m.Counted && m.Role == "participant" {
						framed[m.Turn] = true
						if h := m.match(); quotable(h) {
							hits[m.Turn] = append(hits[m.Turn], b.pending(&h))
						}
					}
					bi++
				}
				if merr != nil {
					return merr
				}
			}
			b.addTurn(t, framed[t.Turn], hits[t.Turn])
			delete(hits, t.Turn) // each turn's hits once
			delete(framed, t.Turn)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if m := head(); m != nil {
		return nil, fmt.Errorf("%s: the hits of %s (turn %d) are not beside its turns in %s: the tables were not written together; run drift run again",
			filepath.Join(dir, table.MatchesDir, "cycle="+url.PathEscape(cycle)), m.DocPath, m.Turn, filepath.Join(dir, table.TurnsDir, "cycle="+url.PathEscape(cycle)))
	}
	if merr != nil {
		return nil, merr
	}
	return b.done(), nil
}

// focusMatch is the part of a matches row the report reads. Decoding the
// rest (lexicon, entry, offsets, weight...) was most of the cost of reading
// a cycle's hits.
type focusMatch struct {
	DocPath   string `parquet:"doc_path"`
	Turn      int32  `parquet:"turn"`
	Sentence  int32  `parquet:"sentence"`
	TextStart int32  `parquet:"text_start"`
	TextEnd   int32  `parquet:"text_end"`
	Site      string `parquet:"site"`
	Role      string `parquet:"role"`
	Dimension string `parquet:"dimension"`
	Category  string `parquet:"category"`
	Surface   string `parquet:"surface"`
	Negated   bool   `parquet:"negated"`
	Question  bool   `parquet:"question"`
	Reported  bool   `parquet:"reported"`
	Narrative bool   `parquet:"narrative"`
	Counted   bool   `parquet:"counted"`
}

func (m *focusMatch) match() table.Match {
	return table.Match{DocPath: m.DocPath, Turn: m.Turn, Sentence: m.Sentence, TextStart: m.TextStart, TextEnd: m.TextEnd, Site: m.Site, Role: m.Role,
		Dimension: m.Dimension, Category: m.Category, Surface: m.Surface, Negated: m.Negated, Question: m.Question,
		Reported: m.Reported, Narrative: m.Narrative, Counted: m.Counted}
}

// errStopped ends a read its consumer stopped.
var errStopped = errors.New("stopped")

// partRows yields the rows of one cycle's partition of a table, batch rows
// at a time (see eachPart); a batch is valid until the next is asked for.
func partRows[T any](dir, cycle string, batch int) iter.Seq2[[]T, error] {
	return func(yield func([]T, error) bool) {
		err := eachPart(dir, cycle, batch, func(rows []T) error {
			if !yield(rows, nil) {
				return errStopped
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStopped) {
			yield(nil, err)
		}
	}
}
