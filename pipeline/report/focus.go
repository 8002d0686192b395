package report

import (
	"strings"

	"github.com/drift-project/drift/pipeline/table"
)

// focusCycle is what a report keeps of the turns and hits of the cycle it
// is about: the counts behind the coverage caveat and the meta line, and
// the quote candidates, each sentence once. It is built as the cycle's
// hits and then its turns stream past (see focusBuilder), so its size is
// that of the sentences quotes could show, not of the cycle's rows: whole
// rows of a cycle of 249,271 quotable hits held 212 MB.
type focusCycle struct {
	cycle string
	// turns counts the cycle's turns, participantTurns those of
	// participants and framedTurns those of them with a counted hit;
	// speakers counts the participants who spoke.
	turns, participantTurns, framedTurns, speakers int
	qturns                                         []quoteTurn // the turns with a quotable sentence
	sents                                          []quoteSent // the sentences quotable hits would show
	hits                                           []quoteHit  // the quotable hits found in their turn's text
	attrs                                          []hitAttr   // what the hits are about, each once
}

// quoteTurn is a turn with a quotable sentence.
type quoteTurn struct {
	doc, speaker, site string
	turn               int32
}

// quoteSent is the sentence of a turn's text (see sentences) that one or
// more quotable hits would show.
type quoteSent struct {
	turn  int32 // index into focusCycle.qturns
	si    int32 // index among the turn's sentences
	words int32 // countFields(text)
	text  string
}

// quoteHit is one quotable hit: its sentence, what it is about, and
// whether it is narrative in the tagger's sentence which is also the
// quoted one (the narrative flag belongs to the tagger's sentence, so it is
// trusted only then).
type quoteHit struct {
	sent  int32  // index into focusCycle.sents
	attr  uint32 // index into focusCycle.attrs
	story bool
}

// hitAttr is what a quote group selects and suppresses hits by.
type hitAttr struct {
	category, dimension, site string
}

// focusBuilder builds a focusCycle from the cycle's hits, all of which
// come first (addMatch), then its turns (addTurn).
type focusBuilder struct {
	f        focusCycle
	intern   map[string]string
	attrs    map[hitAttr]uint32
	speakers map[string]struct{}
	// byTurn has a key for every turn with a counted participant hit,
	// and holds its quotable hits until the turn's text is read.
	byTurn map[turnKey][]pendingHit
}

// pendingHit is a quotable hit whose turn has not been read yet.
type pendingHit struct {
	surface   string
	sent      int32 // the tagger's sentence index
	attr      uint32
	narrative bool
}

func newFocusBuilder(cycle string) *focusBuilder {
	return &focusBuilder{
		f:        focusCycle{cycle: cycle},
		intern:   map[string]string{},
		attrs:    map[hitAttr]uint32{},
		speakers: map[string]struct{}{},
		byTurn:   map[turnKey][]pendingHit{},
	}
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

// addMatch takes one hit of the cycle. Only counted participant hits
// matter: the coverage caveat counts their turns, and the quotable ones
// among them are quote candidates.
func (b *focusBuilder) addMatch(m *table.Match) {
	if !m.Counted || m.Role != "participant" {
		return
	}
	tk := turnKey{m.DocPath, m.Turn}
	hs, ok := b.byTurn[tk]
	if !ok {
		tk.doc = b.in(tk.doc)
	}
	if quotable(*m) {
		a := hitAttr{m.Category, m.Dimension, m.Site}
		ai, ok := b.attrs[a]
		if !ok {
			a = hitAttr{b.in(a.category), b.in(a.dimension), b.in(a.site)}
			ai = uint32(len(b.f.attrs))
			b.attrs[a] = ai
			b.f.attrs = append(b.f.attrs, a)
		}
		hs = append(hs, pendingHit{surface: b.in(m.Surface), sent: m.Sentence, attr: ai, narrative: m.Narrative})
	}
	b.byTurn[tk] = hs
}

// addTurn takes one turn of the cycle, after all its hits: it is counted,
// and each quotable hit in it gets the sentence of its text a quote would
// show (see split.find); a hit whose words are not found there (its text
// masked or cut) is no candidate.
func (b *focusBuilder) addTurn(t *table.Turn) {
	tk := turnKey{t.DocPath, t.Turn}
	hs, framed := b.byTurn[tk]
	delete(b.byTurn, tk) // each turn once: its hits are done with it
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
	if len(hs) == 0 || t.Text == "" {
		return
	}
	sp := &split{ss: sentences(t.Text)}
	ti := int32(-1)
	var seen []int32 // sents index by sentence index, made when needed
	for _, h := range hs {
		si := sp.find(int(h.sent), h.surface)
		if si < 0 {
			continue
		}
		if ti < 0 {
			ti = int32(len(b.f.qturns))
			b.f.qturns = append(b.f.qturns, quoteTurn{doc: b.in(t.DocPath), speaker: b.in(t.Speaker), site: b.in(t.Site), turn: t.Turn})
			seen = make([]int32, len(sp.ss))
			for i := range seen {
				seen[i] = -1
			}
		}
		if seen[si] < 0 {
			seen[si] = int32(len(b.f.sents))
			text := sp.ss[si]
			b.f.sents = append(b.f.sents, quoteSent{turn: ti, si: int32(si), words: int32(countFields(text)), text: strings.Clone(text)})
		}
		b.f.hits = append(b.f.hits, quoteHit{sent: seen[si], attr: h.attr, story: h.narrative && si == int(h.sent)})
	}
}

func (b *focusBuilder) done() *focusCycle {
	b.f.speakers = len(b.speakers)
	f := b.f
	return &f
}

// focusOf returns what the report keeps of cycle focus: what LoadFor
// built while reading, or else built from the rows in Turns and Matches.
func (in Input) focusOf(focus string) *focusCycle {
	if in.focus != nil && in.focus.cycle == focus {
		return in.focus
	}
	b := newFocusBuilder(focus)
	for i := range in.Matches[focus] {
		b.addMatch(&in.Matches[focus][i])
	}
	for i := range in.Turns[focus] {
		b.addTurn(&in.Turns[focus][i])
	}
	return b.done()
}
