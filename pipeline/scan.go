package pipeline

import (
	"context"
	"fmt"
	"hash/fnv"
	"runtime"
	"sort"
	"strings"

	"github.com/drift-project/drift/pipeline/lexicon"
	"github.com/drift-project/drift/pipeline/match"
	"github.com/drift-project/drift/pipeline/names"
	"github.com/drift-project/drift/pipeline/segment"
	"github.com/drift-project/drift/pipeline/transcript"
)

// ScannedTurn is one matched turn of a corpus, as Scan delivers it. It
// carries no speaker names: Speaker is the pseudonym, and the only way to
// the text is Text, which masks names the way --text masked does.
type ScannedTurn struct {
	Doc     string // path relative to the corpus root, '/'-separated
	Cycle   string
	Site    string
	Turn    int // 0-based position in the document
	Line    int // 1-based line where the turn starts
	Speaker string
	Role    string
	// Match holds the turn's sentences and hits. Byte offsets index the
	// turn's analysed text; token Text fields are raw text, so show text
	// only through ScannedTurn.Text.
	Match match.Turn
	// Matcher is the compiled lexicons; Matcher.Labels[h.Label] says what a
	// hit is.
	Matcher *lexicon.Matcher

	text    string
	mask    *names.Masker
	present func(string) bool // the pseudonyms of the document's speakers
}

// Text returns the turn's analysed text between byte offsets start and end
// with the names of the corpus's speakers and known names replaced by
// pseudonyms, as --text masked replaces them (under Config.MaskScope
// to-date, the speakers of the cycles up to the turn's).
func (t *ScannedTurn) Text(start, end int) string {
	start = max(0, min(start, len(t.text)))
	end = max(start, min(end, len(t.text)))
	return t.mask.ReplaceAmong(t.text[start:end], t.present)
}

// ScanOptions changes what Scan reports.
type ScanOptions struct {
	// KeepVetoed also reports hits an exclusion vetoed, with Hit.Vetoed set
	// (for finding near misses).
	KeepVetoed bool
}

// ScanSummary says what Scan read.
type ScanSummary struct {
	Files   int
	OK      int
	Skipped []FileIssue
	Failed  []FileIssue
	Turns   int
	// Transcripts counts the files that are not corpus configuration
	// (drift.yaml, manifest.csv); 0 means the folder holds none.
	Transcripts int
	// TempKey is set when the corpus has no pseudonym key (and no
	// --key-file was given): Scan never creates one, so it used a
	// temporary key, and its pseudonyms differ from those of the dataset
	// drift run will write.
	TempKey bool
}

// Scan reads and matches every file of cfg.Corpus exactly as Run does
// (same lexicons, flags and negation policy), without writing anything (not
// even a pseudonym key: see ScanSummary.TempKey), and
// calls fn with every turn of every readable file, in path order then turn
// order, from one goroutine. Documents are read by cfg.Workers goroutines.
// An error from fn stops the scan and is returned.
func Scan(ctx context.Context, cfg Config, opts ScanOptions, fn func(*ScannedTurn) error) (ScanSummary, error) {
	var sum ScanSummary
	sess, err := newSession(cfg, false)
	if err != nil {
		return sum, err
	}
	sum.TempKey = sess.tempKey
	sess.engine.Opts.KeepVetoed = opts.KeepVetoed
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	if err := sess.loadMasker(ctx, workers, nil); err != nil {
		return sum, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type docTurns struct {
		doc   transcript.Document
		turns []*ScannedTurn
	}
	// Each file gets a channel of capacity one; workers fill them in any
	// order and the loop below drains them in path order. The semaphore
	// bounds how far ahead of the consumer the workers run.
	outs := make([]chan docTurns, len(sess.files))
	for i := range outs {
		outs[i] = make(chan docTurns, 1)
	}
	sem := make(chan struct{}, 2*workers)
	go func() {
		for i, f := range sess.files {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			go func() {
				var dt docTurns
				var present func(string) bool
				var mask *names.Masker
				dt.doc = sess.matchDoc(f, nil, func(d *transcript.Document, t *transcript.Turn, mt match.Turn) {
					if present == nil {
						present, mask = speakersOf(d), sess.maskerOf(d.Cycle)
					}
					dt.turns = append(dt.turns, &ScannedTurn{
						Doc: d.Path, Cycle: d.Cycle, Site: d.Site, Turn: t.Index, Line: t.Line,
						Speaker: t.Speaker, Role: string(t.Role), Match: mt, Matcher: sess.engine.M,
						text: t.Text, mask: mask, present: present,
					})
				})
				dt.doc.Turns = nil // names stay inside this function
				outs[i] <- dt
			}()
		}
	}()
	for i := range outs {
		var dt docTurns
		select {
		case dt = <-outs[i]:
		case <-ctx.Done():
			return sum, ctx.Err()
		}
		<-sem
		sum.Files++
		if dt.doc.Status != transcript.StatusConfig {
			sum.Transcripts++
		}
		switch dt.doc.Status {
		case transcript.StatusOK:
			sum.OK++
		case transcript.StatusSkipped:
			sum.Skipped = append(sum.Skipped, FileIssue{dt.doc.Path, dt.doc.Reason})
		case transcript.StatusFailed:
			sum.Failed = append(sum.Failed, FileIssue{dt.doc.Path, dt.doc.Reason})
		}
		for _, t := range dt.turns {
			sum.Turns++
			if err := fn(t); err != nil {
				return sum, err
			}
		}
	}
	return sum, nil
}

// Concordance is one line of a keyword-in-context listing: a hit with the
// words around it in its sentence, masked like --text masked.
type Concordance struct {
	Doc         string `parquet:"doc_path"`
	Cycle       string `parquet:"cycle"`
	Site        string `parquet:"site"`
	Turn        int32  `parquet:"turn"`
	Line        int32  `parquet:"line"`
	Sentence    int32  `parquet:"sentence"`
	Speaker     string `parquet:"speaker"`
	Role        string `parquet:"role"`
	Dimension   string `parquet:"dimension"`
	Category    string `parquet:"category"`
	Subcategory string `parquet:"subcategory"`
	Entry       string `parquet:"entry"`
	Left        string `parquet:"left"`
	Hit         string `parquet:"hit"`
	Right       string `parquet:"right"`
	Negated     bool   `parquet:"negated"`
	Question    bool   `parquet:"question"`
	Reported    bool   `parquet:"reported"`
	Facilitator bool   `parquet:"facilitator"`
	Narrative   bool   `parquet:"narrative"`
	Counted     bool   `parquet:"counted"`
}

// Flags lists the hit's flags, comma-separated ("negated,question").
func (c Concordance) Flags() string {
	var f []string
	for _, x := range []struct {
		on   bool
		name string
	}{{c.Negated, "negated"}, {c.Question, "question"}, {c.Reported, "reported"}, {c.Facilitator, "facilitator"}, {c.Narrative, "narrative"}} {
		if x.on {
			f = append(f, x.name)
		}
	}
	return strings.Join(f, ",")
}

// Concord returns the concordance line of hit h of turn t with up to window
// words of context on each side, never crossing the sentence's bounds.
func (t *ScannedTurn) Concord(h match.Hit, window int) Concordance {
	s := t.Match.Sentences[h.Sentence]
	l := t.Matcher.Labels[h.Label]
	from := h.TokStart
	for words := 0; from > 0 && words < window; {
		from--
		if s.Tokens[from].Kind != segment.Punct {
			words++
		}
	}
	to := h.TokEnd
	for words := 0; to < len(s.Tokens) && words < window; to++ {
		if s.Tokens[to].Kind != segment.Punct {
			words++
		}
	}
	// Keep trailing punctuation that ends the sentence or clause.
	for to < len(s.Tokens) && s.Tokens[to].Kind == segment.Punct && to == len(s.Tokens)-1 {
		to++
	}
	left, right := h.ByteStart, h.ByteEnd
	if from < h.TokStart {
		left = s.Tokens[from].Start
	}
	if to > h.TokEnd {
		right = s.Tokens[to-1].End
	}
	return Concordance{
		Doc: t.Doc, Cycle: t.Cycle, Site: t.Site, Turn: int32(t.Turn), Line: int32(t.Line), Sentence: int32(h.Sentence),
		Speaker: t.Speaker, Role: t.Role, Dimension: l.Dimension, Category: l.Category, Subcategory: l.Subcategory,
		Entry: l.Entry, Left: strings.TrimSpace(t.Text(left, h.ByteStart)), Hit: t.Text(h.ByteStart, h.ByteEnd),
		Right:   strings.TrimSpace(t.Text(h.ByteEnd, right)),
		Negated: h.Negated, Question: h.Question, Reported: h.Reported, Facilitator: h.Facilitator,
		Narrative: h.Narrative, Counted: h.Counted(),
	}
}

// SampleRow is one sentence drawn for hand coding.
type SampleRow struct {
	ID     string // s001, s002, ... in the (random) output order
	Source string // doc:line:sN, the turn's first line and the sentence within the turn
	Text   string // the sentence, masked
	Strata []string
	key    uint64
}

// Sampler draws a stratified random sample of participant sentences for
// coding with the codebook. For every top-level category there are two
// strata: "hit" (a sentence with a counted hit of the category) and "near"
// (no counted hit, but a negated or vetoed hit of it, or a word that shares
// its first five letters with one of the category's entry words without
// matching: "racer" near "racism", "unionist" near "union"); one more
// stratum, "none", holds sentences with neither a hit nor a near miss of any
// category, so that recall can be estimated. Strata are filled round-robin
// with the sentences of lowest seeded hash, so each gets an equal share and
// a short stratum's share goes to the others; the same corpus and seed give
// the same sample. Facilitator turns and sentences of fewer than three
// words are left out. A Sampler is not safe for concurrent use.
type Sampler struct {
	N    int
	Seed uint64

	cats     []string // category names in order; index = category id
	catOf    []int    // label -> category id
	prefixes map[string][]int
	strata   [][]*SampleRow // 2*len(cats) + 1: hit c, near c, ..., none
}

// NearPrefix is how many leading bytes of a word make a near miss.
const NearPrefix = 5

func (s *Sampler) init(m *lexicon.Matcher) {
	ids := map[[2]int]int{}
	for di, d := range m.Dimensions {
		for ci, c := range d.Categories {
			ids[[2]int{di, ci}] = len(s.cats)
			s.cats = append(s.cats, c)
		}
	}
	s.prefixes = map[string][]int{}
	for i, l := range m.Labels {
		c := ids[[2]int{l.Dim, l.Cat}]
		s.catOf = append(s.catOf, c)
		words, _ := m.EntryWords(i)
		for _, w := range words {
			if len(w) >= NearPrefix {
				p := w[:NearPrefix]
				if ps := s.prefixes[p]; len(ps) == 0 || ps[len(ps)-1] != c {
					s.prefixes[p] = append(ps, c)
				}
			}
		}
	}
	s.strata = make([][]*SampleRow, 2*len(s.cats)+1)
}

// Categories returns the top-level category names, once Add has been called.
func (s *Sampler) Categories() []string { return s.cats }

// Add considers every sentence of a turn scanned with KeepVetoed.
func (s *Sampler) Add(t *ScannedTurn) {
	if s.cats == nil {
		s.init(t.Matcher)
	}
	if t.Role == string(transcript.RoleFacilitator) {
		return
	}
	nc := len(s.cats)
	hit := make([]bool, nc)
	near := make([]bool, nc)
	covered := map[int]bool{}
	hi := 0
	for si, sent := range t.Match.Sentences {
		if sent.Words() < 3 {
			for hi < len(t.Match.Hits) && t.Match.Hits[hi].Sentence == si {
				hi++
			}
			continue
		}
		clear(hit)
		clear(near)
		clear(covered)
		for ; hi < len(t.Match.Hits) && t.Match.Hits[hi].Sentence == si; hi++ {
			h := t.Match.Hits[hi]
			c := s.catOf[h.Label]
			if h.Counted() {
				hit[c] = true
			} else {
				near[c] = true
			}
			for k := h.TokStart; k < h.TokEnd; k++ {
				covered[k] = true
			}
		}
		for k, tok := range sent.Tokens {
			if tok.Kind != segment.Word || len(tok.Norm) < NearPrefix || covered[k] {
				continue
			}
			for _, c := range s.prefixes[tok.Norm[:NearPrefix]] {
				near[c] = true
			}
		}
		row := &SampleRow{
			Source: fmt.Sprintf("%s:%d:s%d", t.Doc, t.Line, si),
			Text:   strings.Join(strings.Fields(t.Text(sent.Start, sent.End)), " "),
			key:    sampleKey(s.Seed, t.Doc, t.Turn, si),
		}
		any := false
		for c := 0; c < nc; c++ {
			if hit[c] {
				s.put(2*c, row, s.cats[c]+":hit")
				any = true
			} else if near[c] {
				s.put(2*c+1, row, s.cats[c]+":near")
				any = true
			}
		}
		if !any {
			s.put(2*nc, row, "none")
		}
	}
}

func (s *Sampler) put(stratum int, row *SampleRow, name string) {
	row.Strata = append(row.Strata, name)
	st := append(s.strata[stratum], row)
	if len(st) > 2*s.N+16 {
		sortRows(st)
		st = st[:s.N]
	}
	s.strata[stratum] = st
}

func sortRows(r []*SampleRow) {
	sort.Slice(r, func(i, j int) bool { return r[i].key < r[j].key })
}

func sampleKey(seed uint64, doc string, turn, sent int) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d\x00%s\x00%d\x00%d", seed, doc, turn, sent)
	return h.Sum64()
}

// Sample returns up to N distinct sentences in random (hash) order, with
// ids assigned in that order.
func (s *Sampler) Sample() []*SampleRow {
	for _, st := range s.strata {
		sortRows(st)
	}
	picked := map[*SampleRow]bool{}
	var out []*SampleRow
	next := make([]int, len(s.strata))
	for len(out) < s.N {
		progress := false
		for k, st := range s.strata {
			for next[k] < len(st) && picked[st[next[k]]] {
				next[k]++
			}
			if next[k] < len(st) && len(out) < s.N {
				picked[st[next[k]]] = true
				out = append(out, st[next[k]])
				progress = true
			}
		}
		if !progress {
			break
		}
	}
	sortRows(out)
	width := len(fmt.Sprint(len(out)))
	for i, r := range out {
		r.ID = fmt.Sprintf("s%0*d", width, i+1)
	}
	return out
}
