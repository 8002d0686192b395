package names

import (
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Entry is a name and what replaces it.
type Entry struct {
	Name string // as written: "Marisol Oyelaran", "M.O.", "Walt"
	Repl string // the replacement, e.g. a pseudonym or "[name]"
	// Alts, for a name several people share (a first name), are the
	// replacements of each of them: ReplaceAmong uses the one that is
	// present, when exactly one is. Replace always uses Repl.
	Alts []string
}

// Masker replaces the names it was built with. It is safe for concurrent
// use.
type Masker struct {
	first map[string][]*compiled // folded first word -> names, most words first
	// lowerFirst holds the first words of names whose first word does not
	// start with a capital letter; only those can match a word of the text
	// that does not either.
	lowerFirst map[string]bool
}

type compiled struct {
	words []string // as written
	folds []string
	seps  []string // seps[i] separates words[i] and words[i+1]: " " for white space, else as written
	repl  string
	alts  []string
	order int
}

// New compiles entries. An entry without a word (no letter or digit) is
// ignored. When two entries have the same words after folding, the first
// one given wins.
func New(entries []Entry) *Masker {
	m := &Masker{first: map[string][]*compiled{}, lowerFirst: map[string]bool{}}
	seen := map[string]bool{}
	for i, e := range entries {
		c := compile(e.Name)
		if c == nil {
			continue
		}
		key := strings.Join(c.folds, "\x00") + "\x01" + strings.Join(c.seps, "\x00")
		if seen[key] {
			continue
		}
		seen[key] = true
		c.repl, c.alts, c.order = e.Repl, e.Alts, i
		m.first[c.folds[0]] = append(m.first[c.folds[0]], c)
		if r, _ := utf8.DecodeRuneInString(c.words[0]); !isUpper(r) {
			m.lowerFirst[c.words[0]] = true
		}
	}
	for _, cs := range m.first {
		sort.SliceStable(cs, func(i, j int) bool {
			if len(cs[i].words) != len(cs[j].words) {
				return len(cs[i].words) > len(cs[j].words)
			}
			return cs[i].order < cs[j].order
		})
	}
	return m
}

func compile(name string) *compiled {
	c := &compiled{}
	prevEnd := -1
	for _, t := range tokens(name, nil) {
		if prevEnd >= 0 {
			c.seps = append(c.seps, normGap(name[prevEnd:t.start]))
		}
		w := name[t.start:t.end]
		c.words = append(c.words, w)
		c.folds = append(c.folds, fold(w))
		prevEnd = t.end
	}
	if len(c.words) == 0 {
		return nil
	}
	return c
}

// Len returns the number of distinct names.
func (m *Masker) Len() int {
	n := 0
	for _, cs := range m.first {
		n += len(cs)
	}
	return n
}

// Replace returns s with every name replaced.
func (m *Masker) Replace(s string) string { return m.ReplaceAmong(s, nil) }

// ReplaceAmong is Replace, except that a name with Alts is replaced by the
// one alternative for which present is true, when there is exactly one
// (say, the one person of that first name who speaks in the document).
// A nil present is Replace.
func (m *Masker) ReplaceAmong(s string, present func(string) bool) string {
	out, _ := m.replace(s, present, nil, false)
	return out
}

// Edit is one replacement made in a text: the bytes [Start, End) of the
// text became the bytes [NewStart, NewEnd) of the result.
type Edit struct{ Start, End, NewStart, NewEnd int }

// ReplaceEdits is ReplaceAmong, and also appends to edits the replacements
// it made, in order (see MapRange). When s holds no name, s and edits are
// returned as they were: nothing is allocated.
func (m *Masker) ReplaceEdits(s string, present func(string) bool, edits []Edit) (string, []Edit) {
	return m.replace(s, present, edits, true)
}

func (m *Masker) replace(s string, present func(string) bool, edits []Edit, record bool) (string, []Edit) {
	if m == nil || len(m.first) == 0 {
		return s, edits
	}
	var b strings.Builder
	last := 0
	m.scan(s, func(start, end int, c *compiled) {
		repl := c.repl
		if present != nil && len(c.alts) > 0 {
			n := 0
			for _, a := range c.alts {
				if present(a) {
					repl = a
					n++
				}
			}
			if n != 1 {
				repl = c.repl
			}
		}
		if last == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:start])
		if record {
			edits = append(edits, Edit{Start: start, End: end, NewStart: b.Len(), NewEnd: b.Len() + len(repl)})
		}
		b.WriteString(repl)
		last = end
	})
	if last == 0 {
		return s, edits
	}
	b.WriteString(s[last:])
	return b.String(), edits
}

// MapRange maps the byte range [start, end) of a text to the range of the
// same bytes in the text edits made of it (see ReplaceEdits). A bound that
// falls inside a replaced name moves out to the edge of its replacement,
// so a range that overlaps a replacement maps to a range that holds the
// whole replacement. Offsets before, after or between edits shift by the
// difference in length of the edits before them; with no edits, the range
// is unchanged. For start <= end, the result is in order, within the
// edited text when the range is within the text, and non-decreasing in
// start and in end.
func MapRange(edits []Edit, start, end int) (int, int) {
	return mapOffset(edits, start, false), mapOffset(edits, end, true)
}

// mapOffset maps offset x. The edit that decides is the last one starting
// before x (at or before x for a start): x inside it maps to the edge of
// the replacement, x after it shifts by that edit's NewEnd-End, which is
// the difference in length of every edit up to it.
func mapOffset(edits []Edit, x int, isEnd bool) int {
	if len(edits) == 0 {
		return x
	}
	// i is the number of edits that start before x (at or before, for a start).
	i := sort.Search(len(edits), func(k int) bool {
		if isEnd {
			return edits[k].Start >= x
		}
		return edits[k].Start > x
	})
	if i == 0 {
		return x
	}
	e := edits[i-1]
	if x < e.End {
		if isEnd {
			return e.NewEnd
		}
		return e.NewStart
	}
	return x + e.NewEnd - e.End
}

// Find returns the byte ranges [start, end) of the names in s, in order.
// A possessive 's is not part of the range.
func (m *Masker) Find(s string) [][2]int {
	var out [][2]int
	if m == nil {
		return nil
	}
	m.scan(s, func(start, end int, _ *compiled) { out = append(out, [2]int{start, end}) })
	return out
}

// scan calls fn with every name found in s, in order, without overlaps.
// Only a word that starts with a capital letter can start a name, unless
// a name starts with a word that does not (lowerFirst): without those,
// scan skips from capital to capital (upperStart) and splits into words
// only the few words from each capital that starts a word, which costs
// less than splitting the whole text (scanAll). A capital word that no
// name starts with is one word; the words after it are split only for
// the names it may start.
func (m *Masker) scan(s string, fn func(start, end int, c *compiled)) {
	if len(m.first) == 0 {
		return
	}
	if len(m.lowerFirst) > 0 {
		m.scanAll(s, fn)
		return
	}
	var tb [8]token
	for pos := 0; ; {
		i := upperStart(s, pos)
		if i < 0 {
			return
		}
		toks := tokensFrom(s, i, 1, tb[:0])
		pos = toks[0].end
		cands := m.candidates(s[i:pos])
		if len(cands) == 0 {
			continue
		}
		if n := len(cands[0].words); n > 1 { // the most words of the candidates
			toks = tokensFrom(s, i, n, tb[:0])
		}
		if c, end := matchFirst(cands, s, toks, 0); c != nil {
			fn(toks[0].start, end, c)
			pos = toks[len(c.words)-1].end
		}
	}
}

// scanAll is scan over every word of s.
func (m *Masker) scanAll(s string, fn func(start, end int, c *compiled)) {
	tp := tokPool.Get().(*[]token)
	toks := tokens(s, (*tp)[:0])
	defer func() { *tp = toks[:0]; tokPool.Put(tp) }()
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		w := s[t.start:t.end]
		r, _ := utf8.DecodeRuneInString(w)
		if !isUpper(r) && (len(m.lowerFirst) == 0 || !m.lowerFirst[w] && !m.lowerFirst[stripPossessive(w)]) {
			continue
		}
		if c, end := m.nameAt(s, toks, i); c != nil {
			fn(t.start, end, c)
			i += len(c.words) - 1
		}
	}
}

// nameAt returns the name that starts at toks[i], and where it ends, or
// nil: of the names whose first word is toks[i]'s (or its stem before a
// possessive 's), the one with the most words that matches.
func (m *Masker) nameAt(s string, toks []token, i int) (*compiled, int) {
	return matchFirst(m.candidates(s[toks[i].start:toks[i].end]), s, toks, i)
}

// candidates returns the names whose first word is the word w (or its
// stem before a possessive 's), most words first.
func (m *Masker) candidates(w string) []*compiled {
	var buf [64]byte
	cands := m.first[string(foldAppend(buf[:0], w))]
	if stem := stripPossessive(w); stem != w {
		cands = append(cands[:len(cands):len(cands)], m.first[string(foldAppend(buf[:0], stem))]...)
		sort.SliceStable(cands, func(a, b int) bool { return len(cands[a].words) > len(cands[b].words) })
	}
	return cands
}

// matchFirst returns the first of cands that matches at toks[i], and
// where it ends, or nil.
func matchFirst(cands []*compiled, s string, toks []token, i int) (*compiled, int) {
	for _, c := range cands {
		if end, ok := c.match(s, toks, i); ok {
			return c, end
		}
	}
	return nil, 0
}

// upperStart returns the offset of the first word of s at or after pos
// (a word boundary or a capital letter inside a word) that starts with a
// capital letter, or -1. A capital starts a word unless the rune before it
// is a word rune, or a joiner after a word rune (see tokens).
func upperStart(s string, pos int) int {
	for i := pos; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 'A' || c > 'Z' {
				i++
				continue
			}
			if wordStart(s, i) {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isUpper(r) && wordStart(s, i) {
			return i
		}
		i += size
	}
	return -1
}

// wordStart reports whether the word rune at s[i] starts a word.
func wordStart(s string, i int) bool {
	p, size := lastRune(s[:i])
	if size == 0 {
		return true
	}
	if wordRune(p) {
		return false
	}
	if !isJoiner(p) {
		return true
	}
	pp, size := lastRune(s[:i-size])
	return size == 0 || !wordRune(pp)
}

func lastRune(s string) (rune, int) {
	if n := len(s); n > 0 && s[n-1] < utf8.RuneSelf {
		return rune(s[n-1]), 1
	}
	return utf8.DecodeLastRuneInString(s)
}

// wordRune is isWordRune, by table for ASCII.
func wordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 0 && asciiWord[r]
	}
	return isWordRune(r)
}

// tokensFrom appends to dst at most n words of s from offset i, the start
// of a word, as tokens would find them.
func tokensFrom(s string, i, n int, dst []token) []token {
	start := -1
	for i < len(s) {
		var r rune
		size := 1
		if c := s[i]; c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if wordRune(r) {
			if start < 0 {
				start = i
			}
			i += size
			continue
		}
		if start >= 0 && isJoiner(r) && i+size < len(s) {
			if next, _ := utf8.DecodeRuneInString(s[i+size:]); wordRune(next) {
				i += size
				continue
			}
		}
		if start >= 0 {
			if dst = append(dst, token{start, i}); len(dst) == n {
				return dst
			}
			start = -1
		}
		i += size
	}
	if start >= 0 {
		dst = append(dst, token{start, len(s)})
	}
	return dst
}

// match reports whether c's words start at toks[i], and where the match
// ends (before a possessive 's).
func (c *compiled) match(s string, toks []token, i int) (int, bool) {
	n := len(c.words)
	if i+n > len(toks) {
		return 0, false
	}
	end := 0
	for j := 0; j < n; j++ {
		t := toks[i+j]
		w := s[t.start:t.end]
		if j > 0 && !gapEqual(s[toks[i+j-1].end:t.start], c.seps[j-1]) {
			return 0, false
		}
		ok := wordMatch(w, c.words[j], c.folds[j])
		end = t.end
		if !ok && j == n-1 {
			if stem := stripPossessive(w); stem != w && wordMatch(stem, c.words[j], c.folds[j]) {
				ok, end = true, t.start+len(stem)
			}
		}
		if !ok {
			return 0, false
		}
	}
	return end, true
}

// wordMatch reports whether the text word w is the name word written
// name, folded f: spelled the same, or the same after folding and w starts
// with a capital letter.
func wordMatch(w, name, f string) bool {
	if w == name {
		return true
	}
	r, _ := utf8.DecodeRuneInString(w)
	return isUpper(r) && foldEqual(w, f)
}

func isUpper(r rune) bool { return unicode.IsUpper(r) || unicode.IsTitle(r) }

// stripPossessive returns w without a final 's (any apostrophe, any case),
// or w.
func stripPossessive(w string) string {
	for _, suf := range []string{"'s", "'S", "’s", "’S"} {
		if len(w) > len(suf) && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

type token struct{ start, end int }

var tokPool = sync.Pool{New: func() any { t := make([]token, 0, 256); return &t }}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = isWordRune(rune(c))
	}
	return t
}()

func isJoiner(r rune) bool {
	switch r {
	case '\'', '’', '-', '‐', '‑':
		return true
	}
	return false
}

// tokens appends the words of s to dst: runs of word runes, joined by a
// single apostrophe or hyphen between word runes.
func tokens(s string, dst []token) []token {
	if dst == nil {
		dst = []token{}
	}
	start := -1
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf && asciiWord[c] {
			// A run of ASCII word bytes, most of any text, in one loop.
			if start < 0 {
				start = i
			}
			for i++; i < len(s) && s[i] < utf8.RuneSelf && asciiWord[s[i]]; i++ {
			}
			continue
		} else if start < 0 && c < utf8.RuneSelf {
			i++ // ASCII between words: a joiner joins only inside a word
			continue
		}
		var r rune
		var size int
		var word bool
		if c := s[i]; c < utf8.RuneSelf {
			r, size, word = rune(c), 1, asciiWord[c]
		} else {
			r, size = utf8.DecodeRuneInString(s[i:])
			word = isWordRune(r)
		}
		if word {
			if start < 0 {
				start = i
			}
			i += size
			continue
		}
		if start >= 0 && isJoiner(r) && i+size < len(s) {
			if next, _ := utf8.DecodeRuneInString(s[i+size:]); isWordRune(next) {
				i += size
				continue
			}
		}
		if start >= 0 {
			dst = append(dst, token{start, i})
			start = -1
		}
		i += size
	}
	if start >= 0 {
		dst = append(dst, token{start, len(s)})
	}
	return dst
}

// normGap is a separator between two words of a name: " " when it is all
// white space, else the separator with white space runs made one space.
func normGap(g string) string {
	var b strings.Builder
	space := false
	for _, r := range g {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	if b.Len() == 0 {
		return " "
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

func gapEqual(g, want string) bool {
	if want == " " {
		if g == " " {
			return true
		}
		for _, r := range g {
			if !unicode.IsSpace(r) {
				return false
			}
		}
		return g != ""
	}
	return normGap(g) == want
}

// fold returns w folded: lower case, without accents, with straight
// apostrophes and ASCII hyphens.
func fold(w string) string { return string(foldAppend(nil, w)) }

func foldEqual(w, f string) bool {
	var buf [64]byte
	return string(foldAppend(buf[:0], w)) == f
}

func foldAppend(dst []byte, w string) []byte {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		for i := 0; i < len(w); i++ {
			c := w[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
		}
		return dst
	}
	for _, r := range norm.NFD.String(w) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == '’':
			r = '\''
		case r == '‐' || r == '‑':
			r = '-'
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

// titles are words that start names without being a name: "Mr Okafor"
// does not make every "Mr" a name.
var titles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "mx": true, "miss": true, "dr": true, "prof": true,
	"sir": true, "dame": true, "rev": true, "fr": true, "sr": true, "br": true, "sister": true,
	"brother": true, "father": true, "mother": true, "aunt": true, "uncle": true, "speaker": true,
}

// Forms returns the forms of a person's name that drift masks: the name
// itself (white space made single spaces) and, when the name has more
// than one word, its first word, if that has at least three letters and
// is not a title ("Mr", "Dr", "Sister"); first is "" otherwise. A name
// with fewer than two letters or digits gives "", "": single letters
// such as the "Q" and "A" of interview transcripts are not masked.
func Forms(name string) (full, first string) {
	full = strings.Join(strings.Fields(name), " ")
	toks := tokens(full, nil)
	letters := 0
	for _, r := range full {
		if isWordRune(r) && !unicode.IsMark(r) {
			letters++
		}
	}
	if letters < 2 {
		return "", ""
	}
	if len(toks) > 1 {
		w := full[toks[0].start:toks[0].end]
		if utf8.RuneCountInString(w) >= 3 && !titles[fold(w)] && strings.IndexFunc(full[toks[0].end:toks[1].start], func(r rune) bool { return !unicode.IsSpace(r) }) < 0 {
			first = w
		}
	}
	return full, first
}

// Fold returns a word folded as names compares words: lower case,
// without accents, with straight apostrophes and ASCII hyphens.
func Fold(w string) string { return fold(w) }
