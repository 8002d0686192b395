package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/drift-project/drift/pipeline/report"
	"github.com/drift-project/drift/pipeline/table"
	"github.com/drift-project/drift/pipeline/transcript"
)

// partSink writes turn and match rows to one part file per cycle and
// table, in the order it gets them. When the stream moves to another
// cycle, the previous cycle's files are closed (a Parquet writer keeps
// buffers of the size of a row group even when idle), so a corpus whose
// cycles are folders has one open writer per table. Should a cycle come
// back (its files are not contiguous in path order), its rows go to a new
// segment file, and the segments are merged into the cycle's part file at
// the end, with a row group ending at each switch: the same bytes one
// writer would give with a Flush at each switch.
//
// With a cache, a cycle's part files are reused when nothing in the cycle
// changed: the rows of cached documents are not decoded at first; if the
// cycle turns out to hold exactly the documents (by cache key, in the same
// order, with row groups ended at the same places) that made the part
// files of the previous run, and those files are still in OUT with the
// recorded SHA-256, they are hard-linked (or copied) into the stage
// instead of being written again. As soon as the cycle differs, the
// deferred documents are written after all, so the bytes are the same
// either way. The record of which documents made which part file (the
// parts manifest) lives in the cache folder.
type partSink struct {
	stage   *table.Stage
	meta    table.Meta
	part    int
	dir     string // folder of the part files within OUT: "" or a shard's folder under partial/
	cache   *docCache
	prev    map[string]partRecord // manifest of the previous run; nil without cache
	next    map[string]partRecord // this run's
	cycles  map[string]*cyclePart
	last    string
	written []string // OUT-relative paths of the part files
	reused  int      // cycles whose part files were reused
	// fill gives a result reloaded from the cache its turn texts (see
	// fillText); nil leaves them as the cache has them (empty).
	fill func(transcript.File, *docResult) error
	// retag tags a file again and stores its result in the cache, for a
	// document whose entry cannot be read when its rows are needed (see
	// reloadDoc); nil makes that an error.
	retag func(transcript.File) *docResult
	// text is the text policy, by which the match rows of a result filled
	// get their text offsets (see setTextOffsets).
	text string
	// masker is this run's maskerSum. When it is the previous run's, sums
	// holds the textSum of each document of the previous run's part files,
	// by cache key: the same file masked the same way has the same text.
	masker string
	sums   map[string]string
	// cycleMasker, under --mask-scope to-date, gives a cycle's
	// cycleMaskerSum, and masker is "": the masking is per cycle, and
	// sums holds the documents of the part files whose cycle is masked as
	// when they were written. nil under corpus scope.
	cycleMasker func(string) string
	// stamp is the modification time of the previous run's stamp file
	// (see saveManifest), or 0.
	stamp int64
	// focus, when not nil, gets the rows of its cycle as they are
	// written, for the report (see report.FocusRows): the run starts it
	// with the last cycle its files' paths give. focusLess, when not nil,
	// is the cycle order: should a later cycle come (from a file's front
	// matter), focus starts again with it, so that it sees every row of
	// the cycle the report is about, if any. close sets focus to nil when
	// that cycle's rows were not all written (its part files were
	// reused).
	focusLess func(a, b string) bool
	focus     *report.FocusRows
}

// partRecord says which documents made a part file and what it holds.
type partRecord struct {
	Docs    []string `json:"docs"`    // cache keys in order, each with "." and the document's textSum when the tables hold text; "+" prefixed when a row group ended before the document
	Turns   string   `json:"turns"`   // SHA-256 of the turns part file
	Matches string   `json:"matches"` // SHA-256 of the matches part file
	// TurnsStat and MatchesStat are the part files' stat when the
	// manifest was saved: a part file with the same stat, not racy, is
	// not hashed again (see partSink.unchanged).
	TurnsStat   *partStat `json:"turns_stat,omitempty"`
	MatchesStat *partStat `json:"matches_stat,omitempty"`
	// Cycle and Masker, under --mask-scope to-date only, are the part
	// file's cycle and the cycleMaskerSum its texts were masked with.
	Cycle  string `json:"cycle,omitempty"`
	Masker string `json:"masker,omitempty"`
}

// partStat is a fileStat in parts.json.
type partStat struct {
	Size  int64  `json:"size"`
	Mtime int64  `json:"mtime_ns"`
	Ctime int64  `json:"ctime_ns"`
	Ino   uint64 `json:"ino"`
	Dev   uint64 `json:"dev"`
}

func (p *partStat) fileStat() fileStat {
	return fileStat{size: p.Size, mtime: p.Mtime, ctime: p.Ctime, ino: p.Ino, dev: p.Dev}
}

type cyclePart struct {
	cycle     string
	turnsPath string // dataset-relative
	matchPath string
	tw        *table.PartWriter[table.Turn] // the open segment, or nil
	mw        *table.PartWriter[table.Match]
	segs      []segmentFiles
	docs      []string          // the partRecord.Docs of this run so far
	files     []transcript.File // the file of each of docs, to reload its text
	prev      *partRecord
	deferring bool // rows not written yet: the cycle may reuse prev
	ended     bool // the row group was ended after the last document
	broken    bool // a document had no cache key: no record
}

// segmentFiles is a closed segment: a turns file and a matches file.
type segmentFiles struct {
	turns, matches       string // paths in the stage
	turnsSum, matchesSum string
}

// partsManifest is the file in the cache folder that holds the records.
const partsManifest = "parts.json"

// partsStamp is an empty file in the cache folder, written just before the
// part files' stat is taken: its modification time is the file system's
// clock then (see partSink.unchanged).
const partsStamp = "parts.stamp"

// manifestVersion changes whenever the bytes of a part file could change
// for the same rows (writer options, row-group size).
func manifestVersion() string {
	return table.SchemaVersion + "/" + Version + "/" + exeHash() + "/" + itoa(groupRows())
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func groupRows() int {
	if partGroupRows > 0 {
		return partGroupRows
	}
	return table.DefaultGroupRows
}

// partGroupRows is the row-group size of part files; 0 means
// table.DefaultGroupRows. Tests make it small.
var partGroupRows = 0

type manifestFile struct {
	Version  string                `json:"version"`
	Settings string                `json:"settings"`
	Masker   string                `json:"masker,omitempty"` // maskerSum of the run
	Parts    map[string]partRecord `json:"parts"`
	// Stamp is the modification time of partsStamp, written just before
	// the part files' stat was taken, in Unix nanoseconds; 0 when none.
	Stamp int64 `json:"stamp,omitempty"`
	// Scope is "to-date" for part files written under --mask-scope
	// to-date, "" under corpus scope: files of one scope are never reused
	// under the other (their key-value metadata differ).
	Scope string `json:"scope,omitempty"`
}

func newPartSink(st *table.Stage, meta table.Meta, part int, cache *docCache, masker string, cycleMasker func(string) string) *partSink {
	s := &partSink{stage: st, meta: meta, part: part, cache: cache, cycles: map[string]*cyclePart{}, masker: masker, cycleMasker: cycleMasker}
	if cache == nil {
		return s
	}
	s.next = map[string]partRecord{}
	var m manifestFile
	if b, err := os.ReadFile(filepath.Join(cache.dir, partsManifest)); err == nil &&
		json.Unmarshal(b, &m) == nil && m.Version == manifestVersion() && m.Settings == cache.settings && m.Scope == s.scope() {
		s.prev, s.stamp = m.Parts, m.Stamp
		if m.Masker == masker {
			s.sums = map[string]string{}
			for _, rec := range m.Parts {
				if cycleMasker != nil && (rec.Masker == "" || rec.Masker != cycleMasker(rec.Cycle)) {
					continue
				}
				for _, d := range rec.Docs {
					if k, sum, ok := strings.Cut(strings.TrimPrefix(d, "+"), "."); ok {
						s.sums[k] = sum
					}
				}
			}
		}
	}
	return s
}

// scope is the manifest's Scope of this run.
func (s *partSink) scope() string {
	if s.cycleMasker != nil {
		return MaskToDate
	}
	return ""
}

// record returns rec, for cp's part files, with the cycle's masking under
// --mask-scope to-date.
func (s *partSink) record(cp *cyclePart, rec partRecord) partRecord {
	if s.cycleMasker != nil {
		rec.Cycle, rec.Masker = cp.cycle, s.cycleMasker(cp.cycle)
	}
	return rec
}

func (s *partSink) add(cycle string, r *docResult) error {
	cp := s.cycles[cycle]
	if cp == nil {
		cp = &cyclePart{cycle: cycle,
			turnsPath: path.Join(s.dir, table.PartPath(table.TurnsDir, cycle, s.part)),
			matchPath: path.Join(s.dir, table.PartPath(table.MatchesDir, cycle, s.part))}
		if rec, ok := s.prev[cp.turnsPath]; ok {
			cp.prev, cp.deferring = &rec, true
		}
		s.cycles[cycle] = cp
		s.written = append(s.written, cp.turnsPath, cp.matchPath)
	}
	if s.focusLess != nil && (s.focus == nil || s.focusLess(s.focus.Cycle(), cycle)) {
		s.focus = report.NewFocusRows(cycle)
	}
	if s.last != "" && s.last != cycle {
		lp := s.cycles[s.last]
		if err := lp.endGroup(); err != nil {
			return err
		}
	}
	s.last = cycle
	doc := r.cacheKey
	if doc == "" {
		cp.broken = true
	} else if r.textSum != "" {
		// The same entry with other names to mask gives other bytes.
		doc += "." + r.textSum
	}
	if cp.ended {
		doc = "+" + doc
	}
	cp.ended = false
	cp.docs = append(cp.docs, doc)
	cp.files = append(cp.files, r.file)
	if cp.deferring {
		n := len(cp.docs)
		if r.cacheKey != "" && r.cached && n <= len(cp.prev.Docs) && cp.prev.Docs[n-1] == doc {
			return nil // may reuse; rows stay encoded
		}
		if err := s.materialize(cp, n-1); err != nil {
			return err
		}
	}
	if r.record {
		// Taken from its cycle's record: the rows are in the entry.
		x, err := s.reloadDoc(r.cacheKey, r.textSum, r.file)
		if err != nil {
			return err
		}
		if x.cached {
			x.textSum, x.needText = r.textSum, r.needText
		}
		r = x
	}
	if err := r.decodeRows(); err != nil {
		return err
	}
	return s.write(cp, r)
}

// write appends a document's rows to the cycle's open segment, opening one
// when needed.
func (s *partSink) write(cp *cyclePart, r *docResult) error {
	if cp.tw == nil {
		k := len(cp.segs)
		seg := func(rel string) string {
			dir, base := filepath.Split(s.stage.Path(rel))
			return filepath.Join(dir, fmt.Sprintf(".segment-%05d-%s", k, base))
		}
		var err error
		if cp.tw, err = table.NewPartWriter[table.Turn](seg(cp.turnsPath), s.meta, partGroupRows); err != nil {
			return err
		}
		if cp.mw, err = table.NewPartWriter[table.Match](seg(cp.matchPath), s.meta, partGroupRows); err != nil {
			return err
		}
	}
	if r.needText && s.fill != nil {
		if err := s.fill(r.file, r); err != nil {
			return err
		}
	}
	if r.texts != nil {
		if len(r.texts) != len(r.turns) {
			return fmt.Errorf("%s: %d turn texts for %d turns", r.doc.Path, len(r.texts), len(r.turns))
		}
		for i := range r.turns {
			r.turns[i].Text = r.texts[i]
		}
		r.texts = nil
		if r.cached {
			if err := r.setTextOffsets(s.text); err != nil {
				return err
			}
		}
	}
	if s.focus != nil && cp.cycle == s.focus.Cycle() {
		s.focus.Add(r.turns, r.matches)
	}
	if err := cp.tw.Write(r.turns); err != nil {
		return err
	}
	return cp.mw.Write(r.matches)
}

// endGroup ends the cycle's open segment (the stream moved to another cycle).
func (cp *cyclePart) endGroup() error {
	cp.ended = true
	return cp.endSegment()
}

func (cp *cyclePart) endSegment() error {
	if cp.tw == nil {
		return nil
	}
	err := cp.tw.Close()
	if cerr := cp.mw.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	cp.segs = append(cp.segs, segmentFiles{cp.tw.Path(), cp.mw.Path(), cp.tw.SHA256(), cp.mw.SHA256()})
	cp.tw, cp.mw = nil, nil
	return nil
}

// materialize writes the cycle's first n documents, which were deferred,
// from the cache.
func (s *partSink) materialize(cp *cyclePart, n int) error {
	cp.deferring = false
	for i, doc := range cp.docs[:n] {
		key := doc
		if key[0] == '+' {
			key = key[1:]
			if err := cp.endSegment(); err != nil {
				return err
			}
		}
		key, sum, _ := strings.Cut(key, ".")
		r, err := s.reloadDoc(key, sum, cp.files[i])
		if err == nil && r.cached && s.fill != nil {
			err = s.fill(cp.files[i], r)
		}
		if err == nil {
			err = r.decodeRows()
		}
		if err == nil {
			err = s.write(cp, r)
		}
		if err != nil {
			return err
		}
	}
	if len(cp.docs) > n && cp.docs[n][0] == '+' {
		return cp.endSegment()
	}
	return nil
}

// reloadDoc returns the result of f, whose cache key is key and whose
// texts hash to textSum ("" when unknown), with its rows: from its cache
// entry, still encoded (cached set), or, when the entry cannot be read,
// by tagging f again. An entry read earlier in the run can only be gone
// through outside interference, but a document taken from its cycle's
// record (see cycleRecord) had its entry trusted unread. Tagging must give
// the same content; a file that changed since is an error, as it is in
// fillText.
func (s *partSink) reloadDoc(key, textSum string, f transcript.File) (*docResult, error) {
	r, err := s.cache.reload(key)
	if err == nil || s.retag == nil {
		return r, err
	}
	r = s.retag(f)
	if r.doc.Status != transcript.StatusOK || s.cache.key(f, r.doc.SHA256) != key || textSum != "" && r.textSum != textSum {
		return nil, fmt.Errorf("%s changed while drift was reading it", f.Rel)
	}
	return r, nil
}

// finish turns the cycle's segments into its part files and returns
// their SHA-256.
func (s *partSink) finish(cp *cyclePart) (turnsSum, matchesSum string, err error) {
	if err := cp.endSegment(); err != nil {
		return "", "", err
	}
	tdst, mdst := s.stage.Path(cp.turnsPath), s.stage.Path(cp.matchPath)
	if len(cp.segs) == 1 {
		sg := cp.segs[0]
		if err := os.Rename(sg.turns, tdst); err != nil {
			return "", "", err
		}
		return sg.turnsSum, sg.matchesSum, os.Rename(sg.matches, mdst)
	}
	var ts, ms []string
	for _, sg := range cp.segs {
		ts, ms = append(ts, sg.turns), append(ms, sg.matches)
	}
	tw, err := table.MergeParts[table.Turn](tdst, ts, s.meta, partGroupRows)
	if err != nil {
		return "", "", err
	}
	mw, err := table.MergeParts[table.Match](mdst, ms, s.meta, partGroupRows)
	if err != nil {
		return "", "", err
	}
	for _, p := range append(ts, ms...) {
		os.Remove(p)
	}
	return tw.SHA256(), mw.SHA256(), nil
}

// close finishes every part file: a cycle still deferring either reuses
// the previous run's files or is written now.
func (s *partSink) close() error {
	cycles := slices.Sorted(maps.Keys(s.cycles))
	for _, c := range cycles {
		cp := s.cycles[c]
		if cp.deferring && len(cp.docs) == len(cp.prev.Docs) && s.reuse(cp) {
			if s.focus != nil && c == s.focus.Cycle() {
				s.focus = nil // the report reads the rows reused
			}
			cp.deferring = false
			// The documents' textSums are this run's, so the
			// files hold this run's masking.
			s.next[cp.turnsPath] = s.record(cp, *cp.prev)
			s.reused++
			continue
		}
		if cp.deferring {
			if err := s.materialize(cp, len(cp.docs)); err != nil {
				return err
			}
		}
		ts, ms, err := s.finish(cp)
		if err != nil {
			return err
		}
		if s.next != nil && !cp.broken {
			s.next[cp.turnsPath] = s.record(cp, partRecord{Docs: cp.docs, Turns: ts, Matches: ms})
		}
	}
	sort.Strings(s.written)
	return nil
}

// reuse links the previous run's part files of cp into the stage, after
// checking they are still in OUT, unchanged.
func (s *partSink) reuse(cp *cyclePart) bool {
	if !s.unchanged(cp.turnsPath, cp.prev.Turns, cp.prev.TurnsStat) || !s.unchanged(cp.matchPath, cp.prev.Matches, cp.prev.MatchesStat) {
		return false
	}
	pairs := [][2]string{{cp.turnsPath, cp.prev.Turns}, {cp.matchPath, cp.prev.Matches}}
	for _, pr := range pairs {
		src, dst := filepath.Join(s.stage.Out, filepath.FromSlash(pr[0])), s.stage.Path(pr[0])
		if err := linkOrCopy(src, dst); err != nil {
			os.Remove(s.stage.Path(pairs[0][0]))
			return false
		}
	}
	return true
}

func (s *partSink) abort() {
	for _, cp := range s.cycles {
		if cp.tw != nil {
			cp.tw.Abort()
			cp.mw.Abort()
		}
	}
}

// unchanged reports whether the part file rel of OUT still holds the
// bytes whose SHA-256 is sum. A file whose stat is st, as the previous run
// saw it after its commit, is not read: as for transcripts (see
// fileIndex), but the clock racy times are compared with is the file
// system's own, the modification time of a stamp file written just
// before st was taken, so no margin is needed: a part file changed since
// then has a time at least the stamp's, and one whose time is not older
// than the stamp's is hashed.
func (s *partSink) unchanged(rel, sum string, st *partStat) bool {
	p := filepath.Join(s.stage.Out, filepath.FromSlash(rel))
	if st != nil && s.stamp != 0 {
		if cur, ok := statFile(p); ok && cur == st.fileStat() && cur.mtime < s.stamp && cur.ctime < s.stamp {
			return true
		}
	}
	if readHook != nil {
		readHook("part", rel)
	}
	return fileSHA256(p) == sum
}

// saveManifest records which documents made each part file, for the next
// run, and the part files' stat. It is called after the commit; failing
// only costs reuse.
func (s *partSink) saveManifest() {
	if s.cache == nil {
		return
	}
	m := manifestFile{Version: manifestVersion(), Settings: s.cache.settings, Masker: s.masker, Scope: s.scope(), Parts: s.next}
	// The commit has just changed the part files' change times (the old
	// links of reused files were removed): when the stamp falls in the
	// same tick of the file system's clock, wait for the next tick and
	// take the stamp and the stats again, a few times at most.
	for try := 0; try < 3; try++ {
		if try > 0 {
			time.Sleep(5 * time.Millisecond)
		}
		if m.Stamp = s.statParts(); m.Stamp != 0 && !s.racyParts(m.Stamp) {
			break
		}
	}
	b, err := json.Marshal(m)
	if err == nil {
		_ = writeFileNoSync(filepath.Join(s.cache.dir, partsManifest), b)
	}
}

// statParts writes the stamp file, then records the stat of every part
// file of this run in s.next, and returns the stamp's modification time;
// 0, and no stat, when the stamp cannot be written.
func (s *partSink) statParts() int64 {
	stamp := filepath.Join(s.cache.dir, partsStamp)
	if writeFileNoSync(stamp, nil) != nil {
		return 0
	}
	st, ok := statFile(stamp)
	if !ok {
		return 0
	}
	statOfPart := func(rel string) *partStat {
		st, ok := statFile(filepath.Join(s.stage.Out, filepath.FromSlash(rel)))
		if !ok {
			return nil
		}
		return &partStat{Size: st.size, Mtime: st.mtime, Ctime: st.ctime, Ino: st.ino, Dev: st.dev}
	}
	for _, cp := range s.cycles {
		if rec, ok := s.next[cp.turnsPath]; ok {
			rec.TurnsStat, rec.MatchesStat = statOfPart(cp.turnsPath), statOfPart(cp.matchPath)
			s.next[cp.turnsPath] = rec
		}
	}
	return st.mtime
}

// racyParts reports whether a part file's stat in s.next is not older
// than stamp.
func (s *partSink) racyParts(stamp int64) bool {
	for _, rec := range s.next {
		for _, st := range []*partStat{rec.TurnsStat, rec.MatchesStat} {
			if st != nil && (st.Mtime >= stamp || st.Ctime >= stamp) {
				return true
			}
		}
	}
	return false
}

func fileSHA256(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// linkOrCopy makes dst hold src's bytes: a hard link where the file system
// allows (files in a dataset are never changed in place, only replaced),
// otherwise a copy.
func linkOrCopy(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return errors.Join(err, os.Remove(dst))
	}
	return nil
}
