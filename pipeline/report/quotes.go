package report

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/drift-project/drift/pipeline/names"
	"github.com/drift-project/drift/pipeline/table"
)

// pickQuotes chooses a few sentences that illustrate each headline: counted
// participant uses (not negated, not questions, not reported speech) of the
// category the headline is about, in the focus cycle. Origin stories and
// sentences of a readable length come first; each group has a different
// speaker per quote, and no sentence is shown twice. The choice depends
// only on the rows, so it is the same on every run.
func pickQuotes(in Input, focus string, heads []table.Drift, opt Options) []quoteGroup {
	fc := in.focusFor(focus, heads)
	used := map[string]bool{}
	masker := newMasker(opt)
	labels := map[string]string{} // pseudonym -> "Speaker A", in order of first quote
	var out []quoteGroup
	for g, spec := range fc.specs {
		// The candidates are in order already (see prune); a group never
		// holds two of one speaker and text, or more than a few.
		cands := slices.SortedFunc(slices.Values(fc.groups[g]), candCmp)
		q := quoteGroup{Title: spec.title}
		speakers := map[string]bool{}
		for _, c := range cands {
			if len(q.Quotes) == spec.limit {
				break
			}
			if speakers[c.speaker] || used[c.text] {
				continue
			}
			speakers[c.speaker] = true
			used[c.text] = true
			label, ok := labels[c.speaker]
			if !ok {
				label = "Speaker " + speakerLetter(len(labels))
				labels[c.speaker] = label
			}
			q.Quotes = append(q.Quotes, quote{Text: masker.mask(c.text), Speaker: label, Site: siteLabel(c.site), Cycle: in.label(focus), Story: c.story})
		}
		if len(q.Quotes) > 0 {
			out = append(out, q)
		}
	}
	return out
}

// speakerLetter names the i-th person quoted in a report: A ... Z, then
// AA, AB ... The letters hold within one report only. Quotes are not
// labelled with the pseudonym, which is the same in every report: one
// quote recognised would otherwise name every other quote of the same
// person, across cycles and sites.
func speakerLetter(i int) string {
	s := string(rune('A' + i%26))
	for i /= 26; i > 0; i /= 26 {
		i--
		s = string(rune('A'+i%26)) + s
	}
	return s
}

// quotable says whether a hit may be quoted: a counted participant use,
// not negated, not a question, not reported speech.
func quotable(h table.Match) bool {
	return h.Counted && h.Role == "participant" && !h.Negated && !h.Question && !h.Reported
}

type turnKey struct {
	doc  string
	turn int32
}

// sentences splits a turn's text at '.', '!' or '?' (with any closing
// quotes or brackets) followed by a space. It is a simple splitter: the
// quoted sentence only has to read well, and it is the one that holds the
// hit's bytes (see split.sentenceOf). The sentences of valid UTF-8 text
// are substrings of it, so keeping them costs no copy of the text.
func sentences(text string) []string {
	ss, _ := sentenceSpans(text)
	return ss
}

// sentenceSpans is sentences that also gives where each sentence starts in
// text, in bytes; no starts when text is not valid UTF-8, whose sentences
// are split from a copy (see below) and so are not substrings of it.
func sentenceSpans(text string) (out []string, starts []int) {
	valid := utf8.ValidString(text)
	if !valid {
		// Decoding replaces each invalid byte by U+FFFD; so does the
		// conversion to runes this splitter was written with.
		text = string([]rune(text))
	}
	add := func(from, to int) {
		seg := text[from:to]
		s := strings.TrimSpace(seg)
		if s == "" {
			return
		}
		out = append(out, s)
		if valid {
			starts = append(starts, from+len(seg)-len(strings.TrimLeftFunc(seg, unicode.IsSpace)))
		}
	}
	start := 0
	for i := 0; i < len(text); {
		// The next '.', '!' or '?'. text is UTF-8 here, whose multi-byte
		// runes hold no byte below 0x80, so the bytes can be searched: a
		// rune at a time was a third of collecting quote candidates.
		n := strings.IndexAny(text[i:], ".!?")
		if n < 0 {
			break
		}
		i += n
		const size = 1
		j := i + size
		for j < len(text) {
			c, n := utf8.DecodeRuneInString(text[j:])
			if !strings.ContainsRune(`"'”’)]`, c) {
				break
			}
			j += n
		}
		if c, _ := utf8.DecodeRuneInString(text[j:]); j < len(text) && !unicode.IsSpace(c) {
			i += size
			continue
		}
		k := j
		for k < len(text) {
			c, n := utf8.DecodeRuneInString(text[k:])
			if !unicode.IsSpace(c) {
				break
			}
			k += n
		}
		if c, _ := utf8.DecodeRuneInString(text[k:]); k < len(text) && unicode.IsLower(c) {
			i += size
			continue // "Stop!" she said.
		}
		add(start, j)
		start = j
		i = j
	}
	add(start, len(text))
	return out, starts
}

// countFields returns len(strings.Fields(s)) without building the slice.
func countFields(s string) int {
	n := 0
	inField := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			// Not ASCII: count the rest rune by rune.
			return n + countFieldsRunes(s[i:], inField)
		}
		sp := asciiSpace[c]
		if !sp && !inField {
			n++
		}
		inField = !sp
	}
	return n
}

// asciiSpace marks the ASCII bytes unicode.IsSpace takes for spaces.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// countFieldsRunes is countFields from inside s's text, where the byte
// before s ended a field (inField false) or not.
func countFieldsRunes(s string, inField bool) int {
	n := 0
	for _, r := range s {
		// range gives U+FFFD for an invalid byte, which is not a space,
		// as strings.Fields decodes it.
		sp := unicode.IsSpace(r)
		if !sp && !inField {
			n++
		}
		inField = !sp
	}
	return n
}

// split is a turn's sentences, where they start in its text, and their
// lower-case forms, made on first use by find.
type split struct {
	text   string
	ss     []string
	starts []int // of ss in text; nil when text is not valid UTF-8
	lower  []string
	done   []bool
	// first holds, by lower-case surface, the first sentence holding it
	// (or -1): a speech of hundreds of sentences has hundreds of hits, many
	// of the same words, most not found where the tagger's sentences put
	// them, and each was a search from the first sentence.
	first map[string]int
}

// newSplit splits text into sentences.
func newSplit(text string) *split {
	ss, starts := sentenceSpans(text)
	return &split{text: text, ss: ss, starts: starts}
}

// sentenceOf returns the index of the sentence a quote of a hit shows,
// and whether the hit's bytes located it. Those bytes, text[start:end]
// (table.Match.TextStart and TextEnd), are the hit itself, so its sentence
// is the one that holds them: -1 when they are not the hit's surface (a
// name was masked over it) or run over the end of a sentence. The tagger's
// sentence index is no guide: its sentences are not these, and a word a
// turn says twice would be quoted from the wrong sentence. A hit whose
// bytes are not in text (a dataset without them: both 0) is looked for by
// its words (find).
func (sp *split) sentenceOf(start, end, sent int, surface string) (int, bool) {
	if sp.starts == nil || start < 0 || start >= end || end > len(sp.text) {
		return sp.find(sent, surface), false
	}
	if sp.text[start:end] != surface {
		return -1, true
	}
	// The last sentence starting at or before the hit.
	i := sort.SearchInts(sp.starts, start+1) - 1
	if i < 0 || end > sp.starts[i]+len(sp.ss[i]) {
		return -1, true
	}
	return i, true
}

// find returns the index of the sentence holding surface: the hit's own
// sentence index when that sentence holds it, else the first one that
// does, else -1. The comparison is of lower-case forms.
func (sp *split) find(idx int, surface string) int {
	if sp.lower == nil {
		sp.lower = make([]string, len(sp.ss))
		sp.done = make([]bool, len(sp.ss))
	}
	s := strings.ToLower(surface)
	if idx >= 0 && idx < len(sp.ss) && strings.Contains(sp.lowered(idx), s) {
		return idx
	}
	if i, ok := sp.first[s]; ok {
		return i
	}
	if sp.first == nil {
		sp.first = map[string]int{}
	}
	for i := range sp.ss {
		if strings.Contains(sp.lowered(i), s) {
			sp.first[s] = i
			return i
		}
	}
	sp.first[s] = -1
	return -1
}

func (sp *split) lowered(i int) string {
	if !sp.done[i] {
		sp.lower[i], sp.done[i] = strings.ToLower(sp.ss[i]), true
	}
	return sp.lower[i]
}

// masker replaces person names in quotes with [name]: the known names
// (see Options.KnownNames) in every form --text masked masks (the name and
// its first word, see names.Forms), the names the recogniser finds in
// the quote, by the same whole-word rule, and the pseudonyms --text masked
// put in place of names (see maskPseudonyms).
type masker struct {
	people func(string) []string
	known  []names.Entry
	all    *names.Masker // known names only
}

func newMasker(opt Options) *masker {
	m := &masker{people: opt.People}
	var full, single []names.Entry
	for _, n := range opt.KnownNames {
		f, fw := names.Forms(n)
		if f != "" {
			full = append(full, names.Entry{Name: f, Repl: "[name]"})
		}
		if fw != "" {
			single = append(single, names.Entry{Name: fw, Repl: "[name]"})
		}
		if lw := lastName(f); lw != "" {
			single = append(single, names.Entry{Name: lw, Repl: "[name]"})
		}
	}
	m.known = append(full, single...)
	m.all = names.New(m.known)
	return m
}

// lastName returns the last word of a name of several words when it has
// at least three letters ("Solo" of "Han Solo"), or "". Quotes mask it on
// its own ("Mr Solo knows"), which the tables' masking does not: there a
// surname that is also a common word would be masked throughout the text,
// but a quote is a sentence or two that must not name anyone.
func lastName(full string) string {
	ws := strings.Fields(full)
	if len(ws) < 2 {
		return ""
	}
	w := strings.TrimFunc(ws[len(ws)-1], func(r rune) bool { return !unicode.IsLetter(r) })
	if utf8.RuneCountInString(w) < 3 || strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' && r != '\'' && r != '’' }) {
		return ""
	}
	return w
}

func (m *masker) mask(s string) string {
	return maskPseudonyms(m.names(s))
}

func (m *masker) names(s string) string {
	if m.people == nil {
		return m.all.Replace(s)
	}
	var found []names.Entry
	for _, n := range m.people(s) {
		n = strings.TrimSpace(n)
		if len(n) >= 2 && !strings.HasPrefix(n, "spk-") {
			found = append(found, names.Entry{Name: n, Repl: "[name]"})
		}
	}
	if len(found) == 0 {
		return m.all.Replace(s)
	}
	return names.New(append(append([]names.Entry{}, m.known...), found...)).Replace(s)
}

// maskPseudonyms replaces every pseudonym in s ("spk-" and 8 hex digits, a
// whole word) with [name]; a possessive "spk-…'s" becomes "[name]'s". With
// --text masked the stored text already has pseudonyms in place of the
// names of people spoken to or about, and a quote must not tie a stable
// code to what was said about that person: the footer's pseudonym names
// the speaker, nobody else.
func maskPseudonyms(s string) string {
	const prefix, digits = "spk-", 8
	if !strings.Contains(strings.ToLower(s), prefix) {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i+len(prefix)+digits <= len(s); {
		j := i + len(prefix) + digits
		if !strings.EqualFold(s[i:i+len(prefix)], prefix) || !isHex(s[i+len(prefix):j]) ||
			(i > 0 && wordByte(s[:i], true)) || (j < len(s) && wordByte(s[j:], false)) {
			_, n := utf8.DecodeRuneInString(s[i:])
			i += n
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString("[name]")
		last, i = j, j
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// wordByte reports whether the rune next to a candidate pseudonym (the last
// rune of s when before, else the first) joins it into a longer word: a
// letter, a digit or an underscore, or a hyphen with a letter or digit
// beyond it (the rule of package names, which never masks part of
// "Jean-Walt" but does mask "Walt" in "Walt--" and the false start
// "Walt- sorry"). An apostrophe does not join, so a possessive keeps its "'s".
func wordByte(s string, before bool) bool {
	next := func(s string) (rune, string) {
		if before {
			r, n := utf8.DecodeLastRuneInString(s)
			return r, s[:len(s)-n]
		}
		r, n := utf8.DecodeRuneInString(s)
		return r, s[n:]
	}
	r, rest := next(s)
	if r == '-' {
		if rest == "" {
			return false
		}
		r, _ = next(rest)
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_'
}
