package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"sync"

	"github.com/drift-project/drift/pipeline/names"
	"github.com/drift-project/drift/pipeline/transcript"
)

// Masking names in turn text (--text masked) is corpus-wide by default
// (--mask-scope corpus): the name of every speaker who speaks anywhere in
// the corpus, and every name drift.yaml gives, is replaced in every
// document, so "thank you Walt" is masked in a meeting Walt did not
// attend. Before tagging, Run (and each shard, and Scan) makes a cheap
// first pass over the whole corpus listing that only parses the
// transcripts (no segmentation, no tagging) to learn the speakers' names
// (corpusNames; a run with a cache parses only the files its file index
// does not know, see fileIndex); the masker built from them (buildMasker)
// is then applied to every turn as rows are made.
//
// With --mask-scope to-date, a document of cycle C is masked with the
// names known up to C: the speakers of the cycles that are not after C in
// drift's cycle order (transcript.Config.CycleLess), and every name
// drift.yaml gives. The first pass then also learns each file's cycle,
// and each cycle gets its own masker (toDateMasks), built from that set
// of names alone, ambiguity rules included, so a cycle's texts depend only
// on the cycles up to it: adding a later cycle changes no earlier text,
// and each cycle's masking has its own sum (cycleMaskerSum) by which its
// part files are reused without parsing its documents again.
//
// The cache never stores turn text (see docCache.store): a cached
// document's text is parsed again from its file and masked with the
// current names (fillText), so adding a cycle whose new speaker is named
// in an old meeting changes that meeting's text exactly as a full run
// would, without tagging it again; the cache holds no text offsets of
// match rows either, which are mapped through the same masking when the
// rows are written (setTextOffsets). The part files of a cycle are reused
// only when the texts of its documents hash the same as when they were
// written (docResult.textSum). When the masking is that of the previous
// run (the same maskerSum), a cached document's text is what it was, so
// its textSum is taken from the previous run's record and the file is
// parsed again only if its rows must be written (needText).

// corpusNames parses every file (no cleaning, segmentation or tagging:
// see transcript.Reader.Names) with a pool
// of workers and returns the canonical name of every speaker, sorted.
// With a file index (ix not nil), a file the index knows is not parsed:
// its names are the previous run's (see fileIndex). The names are written
// only there and in cache entries, both sealed.
func (s *session) corpusNames(ctx context.Context, files []transcript.File, workers int, ix *fileIndex) ([]string, error) {
	names, _, err := s.namesPass(ctx, files, workers, ix, false)
	return names, err
}

// namesPass is corpusNames; with byCycle it also returns the names of
// each cycle's speakers (unsorted, distinct), by the cycle of their
// documents, and trusts only index entries that know their file's cycle.
func (s *session) namesPass(ctx context.Context, files []transcript.File, workers int, ix *fileIndex, byCycle bool) ([]string, map[string][]string, error) {
	if workers < 1 {
		workers = 1
	}
	jobs := make(chan transcript.File)
	var mu sync.Mutex
	set := map[string]bool{}
	cycles := map[string]map[string]bool{}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := map[string]bool{}
			localCycles := map[string]map[string]bool{}
			for f := range jobs {
				cycle, names, ok := ix.lookup(f, byCycle)
				if !ok {
					if readHook != nil && !f.Config {
						readHook("names", f.Rel)
					}
					cycle, names = s.reader.CycleNames(f)
					// No names is also what a file that could not be
					// read gives (a network or sync folder's passing
					// error while its stat works): recorded, the next
					// run would trust it and leave the file's speakers
					// out of the masker. A file without named speakers
					// is parsed again instead, which costs little.
					if len(names) > 0 {
						ix.parsed(f, cycle, names)
					}
				}
				var in map[string]bool
				if byCycle && len(names) > 0 {
					if in = localCycles[cycle]; in == nil {
						in = map[string]bool{}
						localCycles[cycle] = in
					}
				}
				for _, n := range names {
					if n != "" {
						local[n] = true
						if in != nil {
							in[n] = true
						}
					}
				}
			}
			mu.Lock()
			for n := range local {
				set[n] = true
			}
			for c, ns := range localCycles {
				if cycles[c] == nil {
					cycles[c] = map[string]bool{}
				}
				for n := range ns {
					cycles[c][n] = true
				}
			}
			mu.Unlock()
		}()
	}
	var err error
feed:
	for _, f := range files {
		if f.Skip != "" {
			continue
		}
		select {
		case jobs <- f:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err != nil {
		return nil, nil, err
	}
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	if !byCycle {
		return out, nil, nil
	}
	byC := make(map[string][]string, len(cycles))
	for c, ns := range cycles {
		for n := range ns {
			byC[c] = append(byC[c], n)
		}
	}
	return out, byC, nil
}

// loadMasker makes the corpus-wide first pass and builds the masker (under
// --mask-scope to-date, gets ready to build one per cycle: see
// toDateMasks). ix is the cache's file index, or nil.
func (s *session) loadMasker(ctx context.Context, workers int, ix *fileIndex) error {
	toDate := s.scope == MaskToDate
	sp, byCycle, err := s.namesPass(ctx, s.files, workers, ix, toDate)
	if err != nil {
		return fmt.Errorf("reading speaker names: %w", err)
	}
	s.speakers = sp
	if toDate {
		s.toDate = &toDateMasks{ccfg: s.ccfg, ps: s.ps, names: byCycle, built: map[string]*cycleMask{}}
		return nil
	}
	s.masker, s.maskEntries = buildMasker(sp, s.ccfg, s.ps)
	return nil
}

// maskerOf returns the masker of the documents of cycle: the corpus's
// masker, or under --mask-scope to-date the cycle's. nil before
// loadMasker (--text full or none).
func (s *session) maskerOf(cycle string) *names.Masker {
	if s.toDate == nil {
		return s.masker
	}
	return s.toDate.of(cycle).m
}

// toDateMasks holds the maskers of --mask-scope to-date, one per cycle,
// each built when a document of its cycle first needs it. It is safe for
// concurrent use.
type toDateMasks struct {
	ccfg  *transcript.Config
	ps    *transcript.Pseudonymizer
	names map[string][]string // by cycle: the names of its speakers
	mu    sync.Mutex
	built map[string]*cycleMask
}

// cycleMask is the masking of one cycle under --mask-scope to-date.
type cycleMask struct {
	m       *names.Masker
	entries []names.Entry
	sum     string // cycleMaskerSum, once asked for
}

// of returns the masking of cycle: buildMasker of the names of the
// speakers of every cycle not after it (the cycle itself included).
func (t *toDateMasks) of(cycle string) *cycleMask {
	t.mu.Lock()
	defer t.mu.Unlock()
	if cm := t.built[cycle]; cm != nil {
		return cm
	}
	set := map[string]bool{}
	for c, ns := range t.names {
		if !t.ccfg.CycleLess(cycle, c) {
			for _, n := range ns {
				set[n] = true
			}
		}
	}
	sp := make([]string, 0, len(set))
	for n := range set {
		sp = append(sp, n)
	}
	sort.Strings(sp)
	cm := &cycleMask{}
	cm.m, cm.entries = buildMasker(sp, t.ccfg, t.ps)
	t.built[cycle] = cm
	return cm
}

// maskerSum identifies the masking of a run: the same sum means the same
// texts for the same files. It is keyed with the pseudonym key, like the
// name hashes, so that it gives nothing away about the names; "" when the
// text is not masked or the masking is per cycle (see cycleMaskerSum).
func (p *plan) maskerSum() string {
	if p.cfg.Text != TextMasked || p.toDate != nil {
		return ""
	}
	return nameKey(p.key, "masker\x00"+string(entriesBytes(p.maskEntries)))
}

// cycleMaskerSum is maskerSum for the documents of one cycle under
// --mask-scope to-date: the same sum means the same texts for the same
// files of the cycle. It never equals a maskerSum of corpus scope.
func (p *plan) cycleMaskerSum(cycle string) string {
	cm := p.toDate.of(cycle)
	p.toDate.mu.Lock()
	defer p.toDate.mu.Unlock()
	if cm.sum == "" {
		cm.sum = nameKey(p.key, "masker to-date\x00"+string(entriesBytes(cm.entries)))
	}
	return cm.sum
}

// entriesBytes serialises a masker's entries for its sum.
func entriesBytes(entries []names.Entry) []byte {
	var b []byte
	for _, e := range entries {
		b = append(append(append(append(b, e.Name...), 0), e.Repl...), 0)
		for _, a := range e.Alts {
			b = append(append(b, a...), 1)
		}
	}
	return b
}

// buildMasker returns the masker of a corpus: every form (see names.Forms)
// of every speaker's name, of every alias drift.yaml gives and of every
// facilitator it names is replaced by the pseudonym of the person
// (aliases by the pseudonym of the name they stand for, as in the speaker
// column). Full names and aliases come before first words, so a word that
// is one speaker's whole name and another's first name is the first
// speaker's. A first name shared by people with different pseudonyms
// ("Maria" of Maria Lopez and Maria Chen) is replaced, in a document
// where exactly one of them speaks, by that one's pseudonym, and
// elsewhere by the pseudonym the name "Maria" itself has, which is no
// one's in particular (see turnText). The
// result depends only on the set of names, never on the order documents
// were read, so every shard builds the same masker.
func buildMasker(speakers []string, ccfg *transcript.Config, ps *transcript.Pseudonymizer) (*names.Masker, []names.Entry) {
	type form struct{ name, pseud string }
	var full []form
	firsts := map[string]map[string]bool{} // folded first word -> pseudonyms
	spell := map[string]string{}           // folded first word -> its smallest spelling
	add := func(n, canonical string) {
		f, first := names.Forms(n)
		if f == "" {
			return
		}
		p := ps.Pseudonym(canonical)
		full = append(full, form{f, p})
		if first != "" {
			k := names.Fold(first)
			if firsts[k] == nil {
				firsts[k] = map[string]bool{}
			}
			firsts[k][p] = true
			if s, ok := spell[k]; !ok || first < s {
				spell[k] = first
			}
		}
	}
	for _, n := range speakers {
		add(n, n)
	}
	if ccfg != nil {
		for k, vs := range ccfg.Aliases {
			add(k, k)
			for _, v := range vs {
				add(v, k)
			}
		}
		for _, f := range ccfg.Facilitators {
			add(f, ccfg.Canonical(f))
		}
	}
	sort.Slice(full, func(i, j int) bool {
		if full[i].name != full[j].name {
			return full[i].name < full[j].name
		}
		return full[i].pseud < full[j].pseud
	})
	entries := make([]names.Entry, 0, len(full)+len(firsts))
	for _, f := range full {
		entries = append(entries, names.Entry{Name: f.name, Repl: f.pseud})
	}
	keys := make([]string, 0, len(firsts))
	for k := range firsts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		e := names.Entry{Name: spell[k]}
		for q := range firsts[k] {
			e.Repl = q
			e.Alts = append(e.Alts, q)
		}
		if len(e.Alts) > 1 {
			e.Repl = ps.Pseudonym(spell[k])
			sort.Strings(e.Alts)
		} else {
			e.Alts = nil
		}
		entries = append(entries, e)
	}
	return names.New(entries), entries
}

// turnText is a turn's text as the tables hold it under the text policy,
// and the replacements masking made in it with m, the masker of the
// turn's cycle (see session.maskerOf), appended to edits (see
// textOffsets). present says which pseudonyms speak in the turn's
// document: a first name several people share is masked as the one of
// them who does, if only one does.
func turnText(m *names.Masker, policy, text string, present func(string) bool, edits []names.Edit) (string, []names.Edit) {
	switch policy {
	case TextFull:
		return text, edits
	case TextMasked:
		return m.ReplaceEdits(text, present, edits)
	}
	return "", edits
}

// textOffsets gives a hit's byte offsets in its turn's analysed text
// (match.Hit.ByteStart, ByteEnd) in the turn's text as the tables hold it
// (table.Match.TextStart, TextEnd): the same under full, mapped through
// the replacements of masking under masked (a hit that overlaps a name
// covers its whole pseudonym), and 0, 0 under none.
func textOffsets(policy string, edits []names.Edit, start, end int) (int32, int32) {
	if policy != TextFull && policy != TextMasked {
		return 0, 0
	}
	s, e := names.MapRange(edits, start, end)
	return int32(s), int32(e)
}

// setTextOffsets sets the text offsets of a cached result's match rows
// (the cache holds none, as it holds no text) from the replacements
// fillText found in each turn.
func (r *docResult) setTextOffsets(policy string) error {
	for i := range r.matches {
		m := &r.matches[i]
		var edits []names.Edit
		if r.edits != nil {
			if m.Turn < 0 || int(m.Turn) >= len(r.edits) {
				return fmt.Errorf("%s: a match of turn %d of %d", r.doc.Path, m.Turn, len(r.edits))
			}
			edits = r.edits[m.Turn]
		}
		m.TextStart, m.TextEnd = textOffsets(policy, edits, int(m.ByteStart), int(m.ByteEnd))
	}
	r.edits = nil
	return nil
}

// speakersOf returns a test for the pseudonyms of d's speakers.
func speakersOf(d *transcript.Document) func(string) bool {
	set := map[string]bool{}
	for _, t := range d.Turns {
		set[t.Speaker] = true
	}
	return func(p string) bool { return set[p] }
}

// textSum hashes a document's turn texts, as written to the tables.
func textSum(texts []string) string {
	h := sha256.New()
	// The bytes of fmt.Fprintf(h, "%d:", len(t)) and h.Write([]byte(t)),
	// through one buffer: the conversion copied every turn's text (54 MB
	// allocated in a 50 MB run).
	buf := make([]byte, 4096)
	for _, t := range texts {
		h.Write(append(strconv.AppendInt(buf[:0], int64(len(t)), 10), ':'))
		for len(t) > 0 {
			n := copy(buf, t)
			h.Write(buf[:n])
			t = t[n:]
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// fillText gives a result loaded from the cache its turn texts: the file
// is parsed again (not tagged) and each turn's text made as processDoc
// makes it, with the replacements masking made (r.edits), from which the
// match rows get their text offsets when they are written. It fails when the file no longer reads as the entry says.
func (p *plan) fillText(f transcript.File, r *docResult) error {
	if p.cfg.Text == TextNone || r.doc.Status != transcript.StatusOK {
		return nil
	}
	if readHook != nil {
		readHook("text", f.Rel)
	}
	d := p.reader.Read(f)
	if d.Status != transcript.StatusOK || d.SHA256 != r.doc.SHA256 || len(d.Turns) != len(r.doc.Turns) {
		return fmt.Errorf("%s changed while drift was reading it", f.Rel)
	}
	r.texts = make([]string, len(d.Turns))
	r.edits = nil
	present, mask := speakersOf(&d), p.maskerOf(d.Cycle)
	for i, t := range d.Turns {
		var edits []names.Edit
		r.texts[i], edits = turnText(mask, p.cfg.Text, t.Text, present, nil)
		if edits != nil {
			if r.edits == nil {
				r.edits = make([][]names.Edit, len(d.Turns))
			}
			r.edits[i] = edits
		}
	}
	sum := textSum(r.texts)
	if r.needText && sum != r.textSum {
		return fmt.Errorf("%s: turn texts differ from the previous run's with the same names", f.Rel)
	}
	r.textSum, r.needText = sum, false
	return nil
}
