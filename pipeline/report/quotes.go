package report

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/drift-project/drift/pipeline/table"
)

// pickQuotes chooses a few sentences that illustrate each headline: counted
// participant uses (not negated, not questions, not reported speech) of the
// category the headline is about, in the focus cycle. Origin stories and
// sentences of a readable length come first; each group has a different
// speaker per quote, and no sentence is shown twice. The choice depends
// only on the rows, so it is the same on every run.
func pickQuotes(in Input, focus string, heads []table.Drift, opt Options) []quoteGroup {
	turns := map[turnKey]table.Turn{}
	for _, t := range in.Turns[focus] {
		turns[turnKey{t.DocPath, t.Turn}] = t
	}
	splits := map[turnKey][]string{}
	used := map[string]bool{}
	masker := newMasker(opt)
	var out []quoteGroup
	for _, r := range heads {
		if r.Suppressed || r.Estimate == nil {
			continue
		}
		mi := info(r.Measure)
		cat, about := mi.A, mi.AWords
		if r.Verdict == verdictFell && mi.B != "" {
			cat, about = mi.B, mi.BWords
		}
		type cand struct {
			k     turnKey
			sent  int
			text  string
			hits  int
			story bool
		}
		byKey := map[sentKey]*cand{}
		var cands []*cand
		for _, h := range in.Matches[focus] {
			if h.Category != cat || (mi.Dim != "" && h.Dimension != mi.Dim) || !h.Counted || h.Role != "participant" || h.Negated || h.Question || h.Reported {
				continue
			}
			tk := turnKey{h.DocPath, h.Turn}
			t, ok := turns[tk]
			if !ok || t.Text == "" {
				continue
			}
			ss, ok := splits[tk]
			if !ok {
				ss = sentences(t.Text)
				splits[tk] = ss
			}
			si := findSentence(ss, int(h.Sentence), h.Surface)
			if si < 0 {
				continue
			}
			sk := sentKey{tk, si}
			c := byKey[sk]
			if c == nil {
				c = &cand{k: tk, sent: si, text: ss[si]}
				byKey[sk] = c
				cands = append(cands, c)
			}
			c.hits++
			// The narrative flag belongs to the tagger's sentence; trust it
			// only when the quoted sentence is that one.
			c.story = c.story || (h.Narrative && si == int(h.Sentence))
		}
		score := func(c *cand) int {
			s := min(c.hits, 3)
			if c.story {
				s += 3
			}
			switch n := len(strings.Fields(c.text)); {
			case n >= 8 && n <= 40:
				s += 2
			case n < 5 || n > 70:
				s -= 3
			}
			return s
		}
		sort.SliceStable(cands, func(i, j int) bool {
			a, b := cands[i], cands[j]
			if sa, sb := score(a), score(b); sa != sb {
				return sa > sb
			}
			if a.k.doc != b.k.doc {
				return a.k.doc < b.k.doc
			}
			if a.k.turn != b.k.turn {
				return a.k.turn < b.k.turn
			}
			return a.sent < b.sent
		})
		limit := 2
		if r.Measure == "class_share" {
			limit = 3
		}
		g := quoteGroup{Title: capital(about)}
		speakers := map[string]bool{}
		for _, c := range cands {
			if len(g.Quotes) == limit {
				break
			}
			t := turns[c.k]
			if speakers[t.Speaker] || used[c.text] {
				continue
			}
			speakers[t.Speaker] = true
			used[c.text] = true
			g.Quotes = append(g.Quotes, quote{Text: masker.mask(c.text), Speaker: t.Speaker, Site: t.Site, Cycle: in.label(focus), Story: c.story})
		}
		if len(g.Quotes) > 0 {
			out = append(out, g)
		}
	}
	return out
}

type turnKey struct {
	doc  string
	turn int32
}

type sentKey struct {
	k    turnKey
	sent int
}

// sentences splits a turn's text at '.', '!' or '?' (with any closing
// quotes or brackets) followed by a space. It is a simple splitter: the
// quoted sentence only has to read well, and findSentence checks that it
// holds the hit.
func sentences(text string) []string {
	var out []string
	start := 0
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '.' && rs[i] != '!' && rs[i] != '?' {
			continue
		}
		j := i + 1
		for j < len(rs) && strings.ContainsRune(`"'”’)]`, rs[j]) {
			j++
		}
		if j < len(rs) && !unicode.IsSpace(rs[j]) {
			continue
		}
		k := j
		for k < len(rs) && unicode.IsSpace(rs[k]) {
			k++
		}
		if k < len(rs) && unicode.IsLower(rs[k]) {
			continue // "Stop!" she said.
		}
		if s := strings.TrimSpace(string(rs[start:j])); s != "" {
			out = append(out, s)
		}
		start = j
		i = j - 1
	}
	if s := strings.TrimSpace(string(rs[start:])); s != "" {
		out = append(out, s)
	}
	return out
}

// findSentence returns the index of the sentence holding surface: the
// hit's own sentence index when that sentence holds it, else the first one
// that does, else -1.
func findSentence(ss []string, idx int, surface string) int {
	s := strings.ToLower(surface)
	if idx >= 0 && idx < len(ss) && strings.Contains(strings.ToLower(ss[idx]), s) {
		return idx
	}
	for i, t := range ss {
		if strings.Contains(strings.ToLower(t), s) {
			return i
		}
	}
	return -1
}

// masker replaces person names in quotes with [name].
type masker struct {
	people func(string) []string
	known  []string
}

func newMasker(opt Options) *masker {
	m := &masker{people: opt.People}
	set := map[string]bool{}
	for _, n := range opt.KnownNames {
		n = strings.TrimSpace(n)
		if len(n) >= 2 {
			set[n] = true
		}
		if f := strings.Fields(n); len(f) > 1 && len(f[0]) > 2 {
			set[f[0]] = true
		}
	}
	for n := range set {
		m.known = append(m.known, n)
	}
	return m
}

func (m *masker) mask(s string) string {
	names := append([]string{}, m.known...)
	if m.people != nil {
		for _, n := range m.people(s) {
			n = strings.TrimSpace(n)
			if len(n) >= 2 && !strings.HasPrefix(n, "spk-") {
				names = append(names, n)
			}
		}
	}
	sort.Slice(names, func(i, j int) bool {
		if len(names[i]) != len(names[j]) {
			return len(names[i]) > len(names[j])
		}
		return names[i] < names[j]
	})
	for _, n := range names {
		s = replaceWord(s, n, "[name]")
	}
	return s
}

// replaceWord replaces whole-word occurrences of old (case-sensitive).
func replaceWord(s, old, repl string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(old):])
		if (i > 0 && isWord(before)) || (i+len(old) < len(s) && isWord(after)) {
			b.WriteString(s[:i+len(old)])
			s = s[i+len(old):]
			continue
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s = s[i+len(old):]
	}
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' }
