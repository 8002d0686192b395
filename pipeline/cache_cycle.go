package pipeline

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/table"
	"github.com/drift-project/drift/pipeline/transcript"
	"github.com/klauspost/compress/s2"
)

// A cycle record spares a rerun from reading, one by one, the cache
// entries of a cycle in which nothing changed. After a run, each cycle
// whose documents all have cache entries gets a record
// (OUT/.cache/<scope>/cycles/<name>.sealed) holding what the run needs of
// those entries downstream of tagging when their part files are reused:
// the cache keys of the cycle's files, in path order, their documents
// rows, the cycle's counts (merged) and the keyed hashes of its speakers'
// name words. A rerun that finds every file of the cycle under the cache
// key the record lists (known from the file index without reading the
// files, see fileIndex) takes all of that from the one record instead of
// opening, decoding and merging each entry; the entries stay in the cache
// (their rows are read only when the cycle's part files must be written
// after all, see partSink.reloadDoc).
//
// A record is trusted only as far as the entries it stands for: the cache
// key covers the settings, the lexicons, the tool and the file's path,
// cycle, site and content, so the same keys mean the same documents, rows
// and counts. Nothing in a record depends on the masking; the texts' hashes
// come from the parts manifest, as for entries (see plan.process), and a
// cycle with a document whose text hash is not known there is read entry by
// entry. The counts of a cycle are the run's counts of that cycle, so a
// record is written only when every document that counts in the cycle is
// one of its files and the reverse (front matter can give a file another
// cycle than its folder's), and every file of the cycle has an entry; a
// file the cache does not keep (skipped, or over --max-file-size) may be in
// the cycle when it counts nothing. Anything else, or any doubt (another
// key, a damaged record, another format, another list of keys) is a miss,
// never an error: the cycle is read entry by entry, as without records.
//
// Like entries, a record holds word counts with names in them, and the
// file name stands for the cycle's: it is sealed with the cache's key,
// bound to its name, and named by a keyed hash of the settings and the
// cycle (sealer.fileName).

// cycleDir is the folder of the records in a cache scope.
const cycleDir = "cycles"

// cycleExt ends the name of a record.
const cycleExt = ".sealed"

// cycleFormat is the first string of a record; another format is a miss.
const cycleFormat = "drift-cycle-1"

// cycleRecord is what a record holds (see encodeCycle).
type cycleRecord struct {
	Cycle  string
	Keys   []string         // cache keys of the cycle's files the cache keeps, in path order
	Docs   []table.Document // the documents row of each
	Names  []string         // keyed hashes of the speakers' name words (see nameKey), sorted
	Counts *aggregate.Counts
}

// cyclePath returns the path of cycle's record and the context it is
// sealed in.
func (c *docCache) cyclePath(cycle string) (path, ctx string) {
	name := c.seal.fileName("cycle\x00" + cacheFormat + "\x00" + c.settings + "\x00" + cycle)
	return filepath.Join(c.dir, cycleDir, name+cycleExt), "cycle\x00" + c.scope + "\x00" + name
}

// readCycle returns the record of cycle, or nil.
func (c *docCache) readCycle(cycle string) *cycleRecord {
	path, ctx := c.cyclePath(cycle)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	if readHook != nil {
		readHook("cycle", cycle)
	}
	plain, err := c.seal.open(b, ctx)
	if err != nil {
		return nil
	}
	if plain, err = s2.Decode(nil, plain); err != nil {
		return nil
	}
	rec, err := decodeCycle(plain)
	if err != nil || rec.Cycle != cycle {
		return nil
	}
	return rec
}

// writeCycle saves rec. Failing costs the next run only time.
func (c *docCache) writeCycle(rec *cycleRecord) {
	path, ctx := c.cyclePath(rec.Cycle)
	if writeFileNoSync(path, c.seal.seal(s2.Encode(nil, encodeCycle(rec)), ctx)) == nil {
		c.useCycle(path)
	}
}

func (c *docCache) useCycle(path string) {
	c.mu.Lock()
	c.usedCycles[filepath.Base(path)] = true
	c.mu.Unlock()
}

// encodeCycle returns the bytes of rec:
//
//	str    cycleFormat
//	str    cycle
//	uint   number of documents, then each: str cache key, the row (writeDocRow)
//	uint   number of name hashes, str each
//	counts (writeCounts)
func encodeCycle(rec *cycleRecord) []byte {
	w := rowWriter{b: make([]byte, 0, 4096+200*len(rec.Keys))}
	w.str(cycleFormat)
	w.str(rec.Cycle)
	w.uint(uint64(len(rec.Keys)))
	for i, k := range rec.Keys {
		w.str(k)
		writeDocRow(&w, &rec.Docs[i])
	}
	w.uint(uint64(len(rec.Names)))
	for _, n := range rec.Names {
		w.str(n)
	}
	c := rec.Counts
	if c == nil {
		c = &aggregate.Counts{}
	}
	writeCounts(&w, c, &wordBufs{})
	return w.b
}

// decodeCycle decodes what encodeCycle wrote, or fails.
func decodeCycle(b []byte) (*cycleRecord, error) {
	r := rowReader{s: string(b)}
	if r.str() != cycleFormat {
		return nil, errCacheRows
	}
	seen := map[string]string{}
	rec := &cycleRecord{Cycle: r.str()}
	n := r.count(18) // a key and a row take at least 18 bytes
	rec.Keys, rec.Docs = make([]string, n), make([]table.Document, n)
	for i := 0; i < n && r.err == nil; i++ {
		rec.Keys[i] = r.str()
		readDocRow(&r, seen, &rec.Docs[i])
	}
	if n := r.count(1); n > 0 {
		rec.Names = make([]string, n)
		for i := range rec.Names {
			rec.Names[i] = r.str()
		}
	}
	rec.Counts = readCounts(&r, seen)
	if r.err == nil && r.s != "" {
		r.fail()
	}
	if r.err != nil {
		return nil, r.err
	}
	return rec, nil
}

// writeDocRow writes a documents row, its fields in the order of
// table.Document (TestCycleDocFields).
func writeDocRow(w *rowWriter, d *table.Document) {
	w.str(d.Path)
	w.str(d.Cycle)
	w.str(d.Site)
	w.bool(d.Date != nil)
	if d.Date != nil {
		w.int(*d.Date)
	}
	for _, s := range []string{d.Format, d.Encoding, d.Status, d.Reason} {
		w.str(s)
	}
	for _, n := range []int64{d.SizeBytes, d.NTurns, d.NSentences, d.NTokens, d.NNoise, d.NHits} {
		w.long(n)
	}
	w.str(d.SHA256)
}

func readDocRow(r *rowReader, seen map[string]string, d *table.Document) {
	d.Path, d.Cycle, d.Site = r.strCopy(seen), r.strCopy(seen), r.strCopy(seen)
	if r.bool() {
		v := r.int()
		d.Date = &v
	}
	d.Format, d.Encoding, d.Status, d.Reason = r.strCopy(seen), r.strCopy(seen), r.strCopy(seen), r.strCopy(seen)
	d.SizeBytes, d.NTurns, d.NSentences, d.NTokens, d.NNoise, d.NHits = r.long(), r.long(), r.long(), r.long(), r.long(), r.long()
	d.SHA256 = r.strCopy(seen)
}

// recordSet holds the cycle records a run uses: by the index of the file
// in the run's files, the result of each file they cover, without counts,
// names or rows (see docResult.record).
//
// A result is handed out once (stub) and forgotten, and the records once
// merged (take), so that what a rerun's old cycles hold is garbage by the
// time the new cycle is tagged: kept to the end, results, records and
// rows were 20 of the 106 MB a rerun of the 1 GB bench kept live while it
// tagged its new cycle, and under the run's soft memory limit every
// megabyte held is collected over and over (see docs/performance-history.md).
type recordSet struct {
	stubs   []*docResult // by file index; nil where no record covers the file
	records []*cycleRecord
}

// stub returns the result of files[i] from a record, or nil. Each index
// is asked for once, by one worker: the result is the caller's, and the
// set forgets it.
func (rs *recordSet) stub(i int) *docResult {
	if rs == nil || i >= len(rs.stubs) {
		return nil
	}
	r := rs.stubs[i]
	rs.stubs[i] = nil
	return r
}

// take returns the records, for their counts and names to be merged, and
// forgets them.
func (rs *recordSet) take() []*cycleRecord {
	if rs == nil {
		return nil
	}
	recs := rs.records
	rs.records = nil
	return recs
}

// cycleRecords finds, among files (the run's or the shard's), the cycles
// whose record holds (see cycleRecord): every file of the cycle that the
// cache keeps has the cache key the record lists, in the same order, and
// every document of it whose text the tables hold has its text's hash in
// sums (the previous run's, when the masking is the same; see
// partSink.sums). Files are hashed only where the file index does not
// trust their stat, as loading their entries would, and not once ctx is
// done. nil when no record holds.
func (p *plan) cycleRecords(ctx context.Context, files []transcript.File, cache *docCache, sums map[string]string) *recordSet {
	if cache == nil || cache.index == nil {
		return nil
	}
	if p.cfg.Text != TextNone && len(sums) == 0 {
		// No text hash is known (a first run, or the masking changed): a
		// cycle with a document to write cannot hold, so hash nothing.
		return nil
	}
	ix := cache.index
	byCycle := map[string][]int{} // indices in files
	var cycles []string
	for i, f := range files {
		if f.Cycle == "" || !ix.covers(f) {
			continue
		}
		if byCycle[f.Cycle] == nil {
			cycles = append(cycles, f.Cycle)
		}
		byCycle[f.Cycle] = append(byCycle[f.Cycle], i)
	}
	var cands []*cycleRecord
	var todo []transcript.File
	for _, cy := range cycles {
		rec := cache.readCycle(cy)
		if rec == nil || len(rec.Keys) != len(byCycle[cy]) {
			continue
		}
		cands = append(cands, rec)
		for _, i := range byCycle[cy] {
			todo = append(todo, files[i])
		}
	}
	if len(cands) == 0 {
		return nil
	}
	// The content hashes: from the index, or read (as load would) by the
	// workers.
	keys := make(map[string]string, len(todo))
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan transcript.File)
	for w := 0; w < p.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range next {
				if sum, err := ix.sum(f); err == nil {
					k := cache.key(f, sum)
					mu.Lock()
					keys[f.Rel] = k
					mu.Unlock()
				}
			}
		}()
	}
feed:
	for _, f := range todo {
		select {
		case next <- f:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if ctx.Err() != nil {
		return nil // the run stops; stream reports why
	}

	shape := aggregate.New(p.matcher)
	rs := &recordSet{stubs: make([]*docResult, len(files))}
	for _, rec := range cands {
		idx := byCycle[rec.Cycle]
		fs := make([]transcript.File, len(idx))
		for k, i := range idx {
			fs[k] = files[i]
		}
		if !p.recordHolds(rec, fs, keys, sums, shape) {
			continue
		}
		path, _ := cache.cyclePath(rec.Cycle)
		cache.useCycle(path)
		for i, f := range fs {
			d := &rec.Docs[i]
			r := &docResult{record: true, cached: true, cacheKey: rec.Keys[i], file: f, row: d,
				doc: transcript.Document{Path: d.Path, Cycle: d.Cycle, Site: d.Site, Status: transcript.Status(d.Status),
					Reason: d.Reason, Size: d.SizeBytes, SHA256: d.SHA256}}
			if sum, ok := sums[r.cacheKey]; ok && r.doc.Status == transcript.StatusOK {
				r.textSum, r.needText = sum, true
			}
			rs.stubs[idx[i]] = r
			cache.use(r.cacheKey)
			ix.kept(f, r.cacheKey)
		}
		rs.records = append(rs.records, rec)
	}
	if len(rs.records) == 0 {
		return nil
	}
	return rs
}

// recordHolds reports whether rec stands for the files fs of its cycle,
// whose cache keys are in keys (by path): see cycleRecords. shape gives
// the number of categories and labels the counts must have.
func (p *plan) recordHolds(rec *cycleRecord, fs []transcript.File, keys, sums map[string]string, shape *aggregate.Counts) bool {
	for i, f := range fs {
		d := &rec.Docs[i]
		if keys[f.Rel] != rec.Keys[i] || d.Path != f.Rel || d.Cycle != rec.Cycle {
			return false
		}
		if p.cfg.Text != TextNone && d.Status == string(transcript.StatusOK) {
			if _, ok := sums[rec.Keys[i]]; !ok {
				return false // its text must be parsed to know its hash
			}
		}
	}
	c := rec.Counts
	for k, cl := range c.Cells {
		n := len(shape.Categories)
		if cl == nil || k.Cycle != rec.Cycle || cl.Key != k || len(cl.Hits) != n || len(cl.HitsAll) != n ||
			len(cl.NarrativeHits) != n || len(cl.FramedSentences) != n {
			return false
		}
	}
	for cy := range c.Words {
		if cy != rec.Cycle {
			return false
		}
	}
	for k := range c.Entries {
		if k.Cycle != rec.Cycle || k.Label < 0 || k.Label >= len(shape.Labels) {
			return false
		}
	}
	return true
}

// cycleDocs collects, while documents stream in, what a record of their
// cycle (by their file's cycle) needs.
type cycleDocs struct {
	keys  []string
	rows  []int    // indexes into gathered.docs
	names []string // name hashes, with repeats
	// no is set when the cycle gets no record: a document without a
	// cache entry that counts something, or one whose cycle is not its
	// file's; or the cycle came from its record.
	no bool
}

// collect notes r, just added as row i of g.docs, for its cycle's record.
func (g *gathered) collect(r *docResult, i int) {
	fc := r.file.Cycle
	cd := g.byCycle[fc]
	if cd == nil {
		cd = &cycleDocs{}
		g.byCycle[fc] = cd
	}
	if r.doc.Cycle != fc {
		cd.no = true
		if o := g.byCycle[r.doc.Cycle]; o != nil {
			o.no = true
		} else {
			g.byCycle[r.doc.Cycle] = &cycleDocs{no: true}
		}
	}
	if r.record {
		cd.no = true // unchanged: its record stays as it is
		return
	}
	if r.cacheKey == "" {
		if len(r.names) > 0 || !emptyCounts(r.counts) {
			cd.no = true
		}
		return
	}
	cd.keys = append(cd.keys, r.cacheKey)
	cd.rows = append(cd.rows, i)
	cd.names = append(cd.names, r.names...)
}

func emptyCounts(c *aggregate.Counts) bool {
	return c == nil || len(c.Cells) == 0 && len(c.Words) == 0 && len(c.Entries) == 0
}

// saveCycles writes the record of every cycle of g that can have one (see
// cycleRecord) and did not come from its record. It is called after the
// commit, with the counts the tables were computed from.
func (g *gathered) saveCycles(cache *docCache) {
	if cache == nil {
		return
	}
	cycles := slices.Sorted(maps.Keys(g.byCycle))
	for _, cy := range cycles {
		cd := g.byCycle[cy]
		if cy == "" || cd.no || len(cd.keys) == 0 {
			continue
		}
		rec := &cycleRecord{Cycle: cy, Keys: cd.keys, Docs: make([]table.Document, len(cd.rows)), Counts: cycleCounts(g.counts, cy)}
		for i, j := range cd.rows {
			rec.Docs[i] = g.docs[j]
		}
		rec.Names = slices.Compact(slices.Sorted(slices.Values(cd.names)))
		cache.writeCycle(rec)
	}
}

// cycleCounts returns the part of c that is of cycle cy, sharing c's
// cells and word map.
func cycleCounts(c *aggregate.Counts, cy string) *aggregate.Counts {
	out := &aggregate.Counts{Cells: map[aggregate.Key]*aggregate.Cell{}, Entries: map[aggregate.EntryKey]int64{}}
	for k, cl := range c.Cells {
		if k.Cycle == cy {
			out.Cells[k] = cl
		}
	}
	if ws, ok := c.Words[cy]; ok {
		out.Words = map[string]map[string]int64{cy: ws}
	}
	for k, n := range c.Entries {
		if k.Cycle == cy {
			out.Entries[k] = n
		}
	}
	return out
}

// pruneCycle reports whether the file at p, in the cache folder, is a
// record this run neither used nor wrote.
func (c *docCache) pruneCycle(p string) bool {
	return filepath.Base(filepath.Dir(p)) == cycleDir && strings.HasSuffix(p, cycleExt) && !c.usedCycles[filepath.Base(p)]
}
