package match

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/drift-project/drift/pipeline/lexicon"
	"github.com/drift-project/drift/pipeline/segment"
)

// Hit is one lexicon match in a turn.
type Hit struct {
	Label     int // index into the Matcher's Labels
	Sentence  int // 0-based sentence index within the turn
	TokStart  int // token offsets within the sentence, [TokStart, TokEnd)
	TokEnd    int
	ByteStart int // byte offsets within the turn's text
	ByteEnd   int
	Surface   string // the text as written

	Negated     bool // a negation cue earlier in the same clause
	Question    bool // the sentence is a question
	Reported    bool // inside quotation marks or after a reporting verb ("the boss says ...")
	Facilitator bool // in a facilitator's turn
	Narrative   bool // in a first-person narrative sentence about the speaker's past (origin story); see isNarrative

	// Vetoed marks a match an exclusion vetoed ("race" in "arms race") or
	// whose entry failed its context condition (ContextVetoed). Only an
	// Engine with Options.KeepVetoed returns them; they never count.
	Vetoed bool
	// ContextVetoed marks a vetoed match whose entry's context condition
	// (near, not_near: "company" with no workplace cue nearby) failed.
	ContextVetoed bool

	countNegated bool // Options.CountNegated was set
}

// Counted reports whether a hit counts toward framing measures. By default
// negated hits are kept in the tables but not counted; Options.CountNegated
// counts them too.
func (h Hit) Counted() bool { return !h.Vetoed && (!h.Negated || h.countNegated) }

// Options set how context flags are computed.
type Options struct {
	// NegationWindow is how many words before a hit a negation cue may be,
	// within the same clause. Zero means DefaultNegationWindow.
	NegationWindow int
	// CountNegated counts negated hits in framing measures (they are always
	// kept and flagged).
	CountNegated bool
	// KeepVetoed also returns matches vetoed by an exclusion or by a
	// context condition, flagged Vetoed (for auditing and near-miss sampling).
	KeepVetoed bool
	// Tagger gives POS tags for the narrative flag; nil leaves Narrative false.
	Tagger *segment.Tagger
}

// DefaultNegationWindow is the default number of words a negation reaches.
const DefaultNegationWindow = 4

// Engine matches turns. It is safe for concurrent use.
type Engine struct {
	M    *lexicon.Matcher
	Opts Options
}

// Turn is a segmented turn and its hits.
type Turn struct {
	Sentences []segment.Sentence
	Hits      []Hit
}

// Match segments text and finds its hits. facilitator sets the Facilitator
// flag on every hit.
func (e *Engine) Match(text string, facilitator bool) Turn {
	return e.MatchWith(nil, text, facilitator)
}

// MatchWith is Match segmenting text with sp (nil: segment.Split), whose
// buffers it reuses: the Turn's Sentences are then valid only until sp's
// next use. Hits are the caller's to keep either way.
func (e *Engine) MatchWith(sp *segment.Splitter, text string, facilitator bool) Turn {
	var sents []segment.Sentence
	if sp != nil {
		sents = sp.Split(text)
	} else {
		sents = segment.Split(text)
	}
	var hits []Hit
	var spans []lexicon.Span
	for si, s := range sents {
		if e.Opts.KeepVetoed {
			spans = e.M.ScanAll(s.Tokens, spans[:0])
		} else {
			spans = e.M.Scan(s.Tokens, spans[:0])
		}
		if len(spans) == 0 {
			continue
		}
		q := isQuestion(s)
		narrative := e.narrative(text, s, q)
		negEnd := -1 // token end of the last negated hit in this sentence
		for _, sp := range spans {
			h := Hit{
				Label: sp.Label, Sentence: si, TokStart: sp.Start, TokEnd: sp.End,
				ByteStart: s.Tokens[sp.Start].Start, ByteEnd: s.Tokens[sp.End-1].End,
				Question: q, Facilitator: facilitator, Narrative: narrative,
				Vetoed: sp.Vetoed, ContextVetoed: sp.Context, countNegated: e.Opts.CountNegated,
			}
			h.Surface = text[h.ByteStart:h.ByteEnd]
			h.Negated = negated(s.Tokens, sp.Start, e.window(), negEnd)
			if h.Negated {
				negEnd = sp.End
			}
			h.Reported = reported(s.Tokens, sp.Start)
			hits = append(hits, h)
		}
	}
	sortHits(hits)
	return Turn{Sentences: sents, Hits: hits}
}

// narrative gives the Narrative flag of sentence s of text, q whether it is
// a question. Tagging is slow, so it runs only for a statement with a
// first-person word; a question is not a story.
func (e *Engine) narrative(text string, s segment.Sentence, q bool) bool {
	return e.Opts.Tagger != nil && !q && hasFirstPerson(s) && taggedNarrative(e.Opts.Tagger, text[s.Start:s.End])
}

func (e *Engine) window() int {
	if e.Opts.NegationWindow > 0 {
		return e.Opts.NegationWindow
	}
	return DefaultNegationWindow
}

// sortHits orders hits by position, then label, so output does not depend
// on the order dimensions were scanned.
func sortHits(h []Hit) {
	for i := 1; i < len(h); i++ {
		for j := i; j > 0 && less(h[j], h[j-1]); j-- {
			h[j], h[j-1] = h[j-1], h[j]
		}
	}
}

func less(a, b Hit) bool {
	if a.Sentence != b.Sentence {
		return a.Sentence < b.Sentence
	}
	if a.TokStart != b.TokStart {
		return a.TokStart < b.TokStart
	}
	return a.Label < b.Label
}

func isQuestion(s segment.Sentence) bool {
	for i := len(s.Tokens) - 1; i >= 0; i-- {
		t := s.Tokens[i]
		if t.Kind != segment.Punct {
			return false
		}
		if t.Text == "?" {
			return true
		}
	}
	return false
}

var negCues = map[string]bool{
	"not": true, "no": true, "never": true, "nobody": true, "nothing": true, "none": true, "neither": true,
	"nor": true, "without": true, "isn't": true, "wasn't": true, "aren't": true, "weren't": true, "don't": true,
	"doesn't": true, "didn't": true, "won't": true, "wouldn't": true, "can't": true, "cannot": true,
	"couldn't": true, "shouldn't": true, "ain't": true, "hardly": true, "nowhere": true, "haven't": true,
	"hasn't": true, "hadn't": true,
}

// clauseBreaks end the reach of a negation.
var clauseBreaks = map[string]bool{
	",": true, ";": true, ":": true, "—": true, "–": true, "(": true, ")": true,
	"but": true, "because": true, "and": false, "it's": false, "so": true, "though": true, "although": true, "while": true,
}

// negated reports whether the hit at token `at` is framing the speaker
// rejects ("this isn't about race", "it was never the immigrants", "no
// union here"): a negation cue no more than window words before it, in the
// same clause, with nothing between cue and hit but the glue of a rejected
// topic (about, because of, to do with, a, the, really ...). A negated
// predicate is not a rejected frame: in "we couldn't pay the rent", "I never
// got my wages" or "nobody paid us overtime" the cue negates the verb, and
// the sentence still tells the story through rent, wages and overtime, so a
// verb or other content word between cue and hit ends the cue's reach.
// "not only", "not just", "not merely" and "not least" add rather than
// reject ("not just the rich and powerful").
//
// negEnd is the token end of an earlier negated hit in the sentence, or -1:
// a hit that follows it across glue and "or", "and", "nor" is rejected with
// it ("this isn't about who's Polish or Romanian or English").
func negated(toks []segment.Token, at, window, negEnd int) bool {
	words := 0
	for i := at - 1; i >= 0 && words < window; i-- {
		if i == negEnd-1 {
			return true
		}
		t := toks[i]
		if t.Kind == segment.Punct {
			if clauseBreaks[t.Text] || t.Text == "-" && i > 0 && toks[i-1].End != t.Start {
				return false
			}
			continue
		}
		if clauseBreaks[t.Norm] {
			return false
		}
		if negCues[t.Norm] || strings.HasSuffix(t.Norm, "n't") {
			if i == at-1 && verbCue(t.Norm) {
				return false // "couldn't pay the rent": the cue negates the verb the hit starts with
			}
			return !additive(toks, i)
		}
		if !rejectGlue[t.Norm] {
			return false
		}
		words++
	}
	return false
}

// additive reports whether the cue at i opens "not only", "not just" and
// the like, which add to what follows rather than reject it.
func additive(toks []segment.Token, i int) bool {
	if toks[i].Norm != "not" || i+1 >= len(toks) {
		return false
	}
	switch toks[i+1].Norm {
	case "only", "just", "merely", "simply", "solely", "least":
		return true
	}
	return false
}

// verbCue reports whether a cue is a negated auxiliary or modal ("didn't",
// "can't", "cannot"), which is followed by a verb, not by a noun: a hit
// right after it starts with that verb.
func verbCue(norm string) bool {
	if norm == "cannot" {
		return true
	}
	stem, ok := strings.CutSuffix(norm, "n't")
	if !ok {
		return false
	}
	switch stem {
	case "is", "was", "are", "were", "ai":
		return false // "it isn't racism", "ain't the union"
	}
	return true
}

// rejectGlue are the words that may stand between a negation cue and the
// frame it rejects: prepositions, articles, determiners, pronouns, the
// copula and hedges ("not really about the", "nothing to do with", "isn't
// a matter of", "wasn't because of all those") and nouns for talk itself
// ("not all speeches about"). Any other word (a verb, a noun, an
// adjective) means the cue negates something else.
var rejectGlue = map[string]bool{
	"about": true, "because": false, "of": true, "to": true, "do": true, "with": true, "due": true,
	"over": true, "for": true, "from": true, "by": true, "in": true, "on": true, "at": true,
	"a": true, "an": true, "the": true, "any": true, "some": true, "all": true, "those": true,
	"these": true, "this": true, "that": true, "it": true, "its": true, "it's": true, "them": true,
	"their": true, "his": true, "her": true, "my": true, "our": true, "your": true,
	"is": true, "was": true, "are": true, "were": true, "be": true, "been": true, "being": true,
	"really": true, "even": true, "just": true, "only": true, "simply": true, "merely": true,
	"actually": true, "ever": true, "always": true, "much": true, "more": true, "so": false,
	"matter": true, "question": true, "thing": true, "issue": true, "case": true, "anything": true,
	"something": true, "whatever": true, "who": true, "who's": true, "what": true, "whether": true,
	"or": true, "nor": true, "and": true,
	// talk about talk: "not all speeches about racism", "no more talk of race"
	"talk": true, "talking": true, "speech": true, "speeches": true, "story": true, "stories": true,
	"debate": true, "argument": true, "conversation": true, "point": true,
}

var reportVerbs = map[string]bool{
	"says": true, "said": true, "say": true, "tells": true, "told": true, "claims": true, "claimed": true,
	"insists": true, "insisted": true, "reckons": true, "reckoned": true, "announced": true, "announces": true,
	"calls": true, "called": true, "according": true, "wrote": true, "writes": true, "posted": true,
	"keeps": false, "thinks": true, "thought": false, "blames": true, "blamed": false,
}

// firstPerson are the first-person words, lower case; isFirstPerson is
// the same test without a map lookup, for the tagging loop.
var firstPerson = map[string]bool{"i": true, "me": true, "my": true, "mine": true, "myself": true, "we": true, "us": true, "our": true, "ours": true, "i'm": true, "i've": true, "i'd": true, "we've": true, "we'd": true, "we're": false}

// isFirstPerson is firstPerson[low] as a switch, which costs a few
// comparisons instead of hashing the word (TestIsFirstPerson keeps the two
// the same).
func isFirstPerson(low string) bool {
	switch low {
	case "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "i'm", "i've", "i'd", "we've", "we'd":
		return true
	}
	return false
}

// isReportVerb is reportVerbs[w] as a switch (TestIsReportVerb keeps the
// two the same): reported looks up every word before every hit, and
// hashing them was most of its time.
func isReportVerb(w string) bool {
	switch w {
	case "says", "said", "say", "tells", "told", "claims", "claimed",
		"insists", "insisted", "reckons", "reckoned", "announced", "announces",
		"calls", "called", "according", "wrote", "writes", "posted",
		"thinks", "blames":
		return true
	}
	return false
}

// reported reports whether the token at `at` is inside quotation marks or
// after a reporting verb whose subject is not the speaker ("the boss says").
func reported(toks []segment.Token, at int) bool {
	quotes := 0
	for i := 0; i < at; i++ {
		switch toks[i].Text {
		case "\"", "“", "”":
			quotes++
		}
		if toks[i].Kind == segment.Word && isReportVerb(toks[i].Norm) {
			if i == 0 || !isFirstPerson(toks[i-1].Norm) {
				return true
			}
		}
	}
	return quotes%2 == 1
}

func hasFirstPerson(s segment.Sentence) bool {
	for _, t := range s.Tokens {
		if t.Kind == segment.Word && isFirstPerson(t.Norm) {
			return true
		}
	}
	return false
}

// isNarrative reports whether tagged tokens make a first-person narrative
// sentence: one of its clauses holds a first-person word and a verb that
// tells of the past. The rule, clause by clause (docs/lexicons.md, Flags):
//
//   - A clause ends at ; : or a dash, and at a comma followed by and, but,
//     so or or ("Back then it was local lads, and that's all I want back"
//     has no clause with both).
//   - Past: a verb tagged VBD ("we lost", "I used to think", "I had to"),
//     a past perfect ("I'd worked", "I'd been"), and a present perfect of
//     an event with a first-person subject ("I've lost two jobs", "we've
//     been evicted"; not "my opponent has spoken").
//   - Not past: "have got" possession ("I've got the paperwork", "my
//     cousin's got a heater"); the ongoing perfect ("I have been organising",
//     "I've been a nurse"); counterfactuals ("would have been", "he'd have
//     been"); anything in an if/unless/wish clause up to its comma ("If I had
//     known"); a past verb whose subject is "you" ("the first time you felt");
//     "as I said", "like I said" (talk about the meeting, not a story).
//   - Reported speech: a reporting verb (said, told, says ...) whose subject is
//     not first person is not the speaker's past, and nor is what it reports
//     ("she told me the boss says", "my cousin says their union sent", "she
//     said the landlord evicted us"; "I said we pay rent" is the speaker's own
//     past). The report is open again after a comma, "then", "because", or an
//     and/so/but/or once its content has a verb, and a past verb there whose
//     own subject is I/we/me ends it: "the manager told us the plant was
//     closing and we lost everything", "my boss said I was lazy, because I
//     took a sick day", "when the boss said no, we walked out". A comma opens
//     it only after a verb or a subordinate clause ("when ... said no,"), not
//     in direct speech ("he said to me, be yourself, that's why I chose you").
//     After "then", quit, shut, put ... (tagged VBP) are past once the
//     sentence is ("then I quit").
//   - A coordinated subject with I, me or we is first person ("me and you went").
//   - An imperative (the first word of a clause or after a comma, adverbs,
//     interjections and conjunctions aside, is a base-form verb: "Tell us
//     about the first time you felt ...") is a prompt, not a story, up to
//     the next comma.
//
// Questions are never narrative: the caller does not tag them.
func isNarrative(tags []segment.Tagged) bool {
	var n narrativeScan
	for _, t := range tags {
		if n.add(t) {
			return true
		}
	}
	return false
}

// taggedNarrative is isNarrative of the sentence's tags, tagging only as
// far as it must. A clause is narrative only once it holds a first-person
// word, and only a first-person word sets that (a new clause clears it), so
// the tags after the last first-person word cannot change the answer once
// the clause at that point has none; nor can those after a clause that
// holds one and a past-tense verb. A sentence whose words have no
// first-person word is not tagged at all.
func taggedNarrative(tg *segment.Tagger, sentence string) bool {
	buf := wordBufs.Get().(*[]string)
	words := tg.AppendWords((*buf)[:0], sentence)
	defer func() {
		clear(words) // keep no text alive in the pool
		*buf = words[:0]
		wordBufs.Put(buf)
	}()
	last := lastFirstPerson(words)
	if last < 0 {
		return false
	}
	var n narrativeScan
	found := false
	tg.TagWhile(words, func(i int, tag string) bool {
		found = n.add(segment.Tagged{Text: words[i], Tag: tag})
		return !found && (n.fp || i < last)
	})
	return found
}

// wordBufs holds taggedNarrative's word buffers: a new slice for each
// sentence tagged was 4% of the bytes a run allocated.
var wordBufs = sync.Pool{New: func() any { return new([]string) }}

// lastFirstPerson returns the index of the last of words that
// narrativeScan.add takes for a first-person word, or -1.
func lastFirstPerson(words []string) int {
	for i := len(words) - 1; i >= 0; i-- {
		if isFirstPersonWord(words[i]) {
			return i
		}
	}
	return -1
}

// isFirstPersonWord reports isFirstPerson(narrLower(w)) without lower-casing
// (which allocates) most words: ASCII lower-casing keeps the length, and
// no first-person word is longer than 6 bytes.
func isFirstPersonWord(w string) bool {
	var buf [6]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return isFirstPerson(narrLower(w))
		}
		if i >= len(buf) {
			continue // too long, unless a later byte is not ASCII
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return len(w) <= len(buf) && isFirstPerson(string(buf[:len(w)]))
}

// narrLower is the form of a word narrativeScan compares: lower case, with
// the curly apostrophe ’ made straight.
func narrLower(w string) string {
	low := strings.ToLower(w)
	if strings.Contains(low, "’") {
		low = strings.ReplaceAll(low, "’", "'")
	}
	return low
}

// auxiliaries before the next verb, for narrativeScan.aux
const (
	auxNone      = iota
	auxHave      // have, has, 've, I've: present perfect
	auxS         // 's (has or is), has, or have with a subject not first person
	auxD         // 'd, I'd: had or would
	auxModal     // would, could, will ...
	auxModalHave // would have, 'd have: counterfactual
	auxBeen      // have been: passive (past) or ongoing
)

// narrativeScan is isNarrative one token at a time. It keeps a few words of
// state per clause and allocates nothing but the lower-casing of capitalised
// words.
type narrativeScan struct {
	found      bool
	fp, past   bool // the clause has a first-person word, a past verb
	started    bool // a word other than an adverb or conjunction opened the clause
	imperative bool // the clause opens with a base-form verb
	hypo       bool // inside an if/unless/wish clause, up to its comma
	reportTail bool // after a reporting verb whose subject is not first person
	reportOpen bool // reportTail, and a comma or conjunction since: a first-person subject's past verb ends it
	reportVerb bool // reportTail, and a finite verb since the reporting verb: and/so/but/or join clauses
	reportSub  bool // the reporting verb is in a subordinate clause ("when the boss said no, ...")
	sub        bool // a subordinator (when, after, because ...) since the clause or comma began
	then       bool // "then" since the last comma or conjunction
	sentPast   bool // the sentence so far has a past verb (VBD) outside an if-clause, any clause
	verbs      bool // a verb since the clause, comma or conjunction began
	comma      bool // the previous token was a comma
	aux        uint8
	subj       string // the nearest pronoun or noun before, lower-cased: the likely subject
	prev       string // the previous word, lower-cased
	prev2      string // the word before that
}

func (n *narrativeScan) newClause() {
	found, sentPast := n.found, n.sentPast
	*n = narrativeScan{found: found, sentPast: sentPast}
}

// openReport marks a comma or conjunction after a reporting verb whose
// subject is not first person: what follows may be the speaker's own story
// again ("she told us the plant was closing and we lost everything"), once a
// past verb has a first-person subject of its own, so the subject starts afresh.
func (n *narrativeScan) openReport() {
	if n.reportTail {
		n.reportOpen = true
		n.subj = ""
	}
}

// add takes the next tagged token and reports whether the tokens so far
// make a narrative sentence.
func (n *narrativeScan) add(t segment.Tagged) bool {
	if n.found {
		return true
	}
	low := narrLower(t.Text)
	switch low {
	case ";", ":", "—", "–", "--":
		n.newClause()
		return false
	case ",":
		// a comma ends an if-clause and an imperative ("Yes, tell us",
		// "bring a dish, bring a kid"), not the clause: "My mother, who was
		// a cleaner, lost her job"
		n.comma, n.hypo, n.aux = true, false, auxNone
		n.started, n.imperative = false, false
		// a comma opens a report once its content has a verb ("my boss said
		// I was lazy, because ...") or it closes a subordinate clause ("when
		// the boss said no, we walked out"), not in direct speech without
		// quotation marks ("he said to me, be yourself, that's why I chose you")
		if n.reportVerb || n.reportSub {
			n.openReport()
		}
		n.then, n.verbs, n.sub = false, false, false
		return false
	case "and", "but", "so", "or":
		if n.comma {
			n.newClause()
			return false
		}
		// after a report, these join clauses only once its content has a
		// verb: not in "she told me the boss and the agent cut my hours"
		if n.reportVerb {
			n.openReport()
			n.then, n.verbs = false, false
		}
	case "then", "because":
		n.openReport()
		n.then, n.verbs = low == "then", false
	}
	n.comma = false
	if !n.started {
		switch t.Tag {
		case "RB", "UH", "CC", ".", ",", ":", "``", "''", "(", ")":
		default:
			n.started, n.imperative = true, t.Tag == "VB"
		}
	}
	if n.imperative {
		return false
	}
	switch low {
	case "if", "unless", "wish", "wished":
		n.hypo = true
	case "when", "after", "before", "once", "until", "till", "since", "while", "as", "because", "though", "although", "whenever":
		n.sub = true
	}
	if isFirstPerson(low) {
		n.fp = true
	}
	verb := strings.HasPrefix(t.Tag, "VB")
	switch {
	case verb && t.Tag != "VB" && t.Tag != "VBG" && narrReportVerbs[low] && !isFirstPerson(n.subj):
		if n.reportOpen || !n.reportTail {
			// a new report: its content starts here
			n.reportTail, n.reportOpen, n.reportVerb, n.reportSub = true, false, false, n.sub
		}
	case verb && (t.Tag == "VBD" || t.Tag == "VBN"):
		if n.pastVerb(low, t.Tag) && !n.hypo && n.subj != "you" && !n.asISaid(low) {
			if t.Tag == "VBD" {
				n.sentPast = true
			}
			if n.reportTail && n.reportOpen && fpSubject[n.subj] {
				// "..., because I took a sick day": the speaker's own past again
				n.reportTail, n.reportOpen = false, false
			}
			if !n.reportTail {
				n.past = true
			}
		}
	case t.Tag == "VBP" && n.then && n.sentPast && fpSubject[n.subj] && !n.hypo && sameFormPast[low]:
		// "my boss said I was lazy, then I quit": prose tags the past of
		// quit, shut, put ... VBP; after "then" in a sentence already in the
		// past it is the next event
		n.reportTail, n.reportOpen = false, false
		n.past = true
	}
	if verb || t.Tag == "MD" {
		if n.reportTail && !narrReportVerbs[low] && t.Tag != "VB" && t.Tag != "VBG" && t.Tag != "VBN" {
			n.reportVerb = true
		}
		n.verbs = true
	}
	n.setAux(low, t.Tag)
	switch t.Tag {
	case "PRP", "NN", "NNS", "NNP", "NNPS":
		// a coordinated subject with a first-person pronoun is first
		// person: "me and you went", "my wife and I" (the last word)
		if !(n.prev == "and" && !n.verbs && fpSubject[n.subj]) {
			n.subj = low
		}
	}
	n.prev2, n.prev = n.prev, low
	n.found = n.fp && n.past
	return n.found
}

// narrReportVerbs are the reporting verbs whose content, when their subject
// is not first person, is someone else's story ("she told me", "my cousin
// says"). Narrower than reportVerbs: "the landlord called us" is our story.
var narrReportVerbs = map[string]bool{
	"say": true, "says": true, "said": true, "tell": true, "tells": true, "told": true,
	"claim": true, "claims": true, "claimed": true, "insist": true, "insists": true, "insisted": true,
	"reckon": true, "reckons": true, "reckoned": true, "announce": true, "announces": true, "announced": true,
	"write": true, "writes": true, "wrote": true, "think": true, "thinks": true,
}

// fpSubject are the first-person words that can be the subject of the verb
// after them ("me" only as in "me and my wife went"); "us" and "my" are not
// ("to get you to join us, we'd be ...").
var fpSubject = map[string]bool{"i": true, "we": true, "me": true, "i've": true, "i'd": true, "we've": true, "we'd": true}

// sameFormPast are verbs whose past is their base form, which prose tags VBP
// after a pronoun ("then I quit").
var sameFormPast = map[string]bool{
	"quit": true, "shut": true, "put": true, "cut": true, "let": true, "set": true,
	"hit": true, "hurt": true, "split": true, "spread": true, "cost": true, "read": true,
}

// pastVerb reports whether a verb tagged VBD or VBN tells of the past,
// given the auxiliary before it.
func (n *narrativeScan) pastVerb(low, tag string) bool {
	switch n.aux {
	case auxHave:
		// present perfect: an event ("I've lost"), not "I've got" (possession)
		// nor "I have privilege" (a noun prose tags VBN); "been" waits for what follows
		return low != "got" && low != "gotten" && low != "been" && participle(low)
	case auxS:
		return false // "my cousin's got", "it's closed": has got or is
	case auxD:
		return participle(low) // "I'd worked", "I'd been": had
	case auxModal, auxModalHave:
		return false // "would have left", "he'd have been ashamed"
	case auxBeen:
		return tag == "VBN" // "we've been evicted"
	}
	return tag == "VBD"
}

// setAux records the auxiliary a token makes for the verb after it;
// adverbs keep it ("we've always been").
func (n *narrativeScan) setAux(low, tag string) {
	switch {
	case low == "have" && (n.aux == auxModal || n.aux == auxD):
		n.aux = auxModalHave
	case low == "been" && n.aux == auxModalHave:
	case low == "been" && n.aux == auxHave:
		n.aux = auxBeen
	case low == "have" || low == "'ve" || strings.HasSuffix(low, "'ve"):
		// the perfect tells the speaker's past only with a first-person
		// subject ("I've lost", "we have seen"); "my opponent has just
		// spoken", "a system that has not been reformed" do not
		if isFirstPerson(low) || isFirstPerson(n.subj) {
			n.aux = auxHave
		} else {
			n.aux = auxS
		}
	case low == "has":
		n.aux = auxS
	case low == "'s" || strings.HasSuffix(low, "'s"):
		n.aux = auxS
	case low == "'d" || strings.HasSuffix(low, "'d"):
		n.aux = auxD
	case tag == "MD":
		n.aux = auxModal
	case tag == "RB":
	default:
		n.aux = auxNone
	}
}

// asISaid reports whether the verb low is one of saying after "as I" or
// "like we" ("same as I said last time"): a pointer back into the meeting,
// not a story ("as I fought", "like I did in Utah" are stories).
func (n *narrativeScan) asISaid(low string) bool {
	switch low {
	case "said", "mentioned", "told", "explained", "noted", "stated", "argued":
		return (n.prev == "i" || n.prev == "we") && (n.prev2 == "as" || n.prev2 == "like")
	}
	return false
}

// participle reports whether a word tagged as a past form after "have"
// looks like a past participle (-ed, -en, -n, -t, -d, or a listed
// irregular form), which a noun after possessive "have" ("I have
// privilege") does not.
func participle(w string) bool {
	if w == "" {
		return false
	}
	switch w[len(w)-1] {
	case 'd', 'n', 't':
		return true
	}
	switch w {
	case "made", "come", "become", "run", "struck", "stuck", "hung", "swung", "sung", "drunk", "sunk", "shrunk", "dug", "brung":
		return true
	}
	return false
}
