package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"

	"github.com/drift-project/drift/pipeline/table"
)

// Input is everything a report needs, read from the dataset's tables and
// run.json. Tables a dataset does not have are empty, and the sections
// built from them are left out.
type Input struct {
	Drift        []table.Drift
	Documents    []table.Document
	Keyness      []table.Keyness
	Participants []table.Participant
	Continuity   []table.Continuity
	Turns        map[string][]table.Turn  // cycle id -> the cycle's turns
	Matches      map[string][]table.Match // cycle id -> the cycle's hits
	Cycles       []string                 // in order
	CycleLabels  map[string]string        // cycle id -> label
	// Lexicons are the lexicons of this run; PreviousLexicons those of the
	// run that wrote the previous report in the same folder (nil when there
	// was none). A difference is a caveat.
	Lexicons         []Lexicon
	PreviousLexicons []Lexicon
	// TextPolicy is how turn text was stored: full, masked or none.
	TextPolicy string
	// Corpus is the corpus folder the dataset was made from, as given to
	// drift run.
	Corpus string
	// CycleFrom is the run's --cycle-from ("" when not given).
	CycleFrom string
	// focus, set by LoadFor, is what the report keeps of its cycle's
	// turns and hits, built as they were read; LoadFor keeps no rows of
	// them. When nil, the report builds it from Turns and Matches.
	focus *focusCycle
	// collected says focus came from rows collected as they were written
	// (see LoadWith), not from reading them back.
	collected bool
}

// Collected reports whether the report's cycle came from the rows a run
// collected as it wrote them (see LoadWith and FocusRows) rather than
// from reading its turns and matches back.
func (in Input) Collected() bool { return in.collected }

// Lexicon identifies one lexicon by name, version and content hash.
type Lexicon struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Hash    string `json:"hash"`
}

// Cycle is a cycle id and its label, as stored in run.json.
type Cycle struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// RunInfo is the part of run.json a report reads.
type RunInfo struct {
	Config struct {
		Corpus    string `json:"corpus"`
		Text      string `json:"text"`
		CycleFrom string `json:"cycle_from"`
	} `json:"config"`
	Cycles           []Cycle   `json:"cycles"`
	Lexicons         []Lexicon `json:"lexicons"`
	PreviousLexicons []Lexicon `json:"previous_lexicons"`
}

// ReadRunInfo reads run.json from a dataset folder. A missing file gives
// an error matching fs.ErrNotExist.
func ReadRunInfo(dir string) (*RunInfo, error) {
	b, err := os.ReadFile(filepath.Join(dir, table.RunFile))
	if err != nil {
		return nil, err
	}
	var ri RunInfo
	if err := json.Unmarshal(b, &ri); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, table.RunFile), err)
	}
	return &ri, nil
}

// Load reads a report Input from a dataset folder written by drift run.
// The cycle order and labels come from run.json; a dataset without them
// falls back to the order of drift.parquet's rows and the cycle ids.
func Load(dir string) (Input, error) { return load(dir, "", true, nil) }

// LoadFor is Load for a report about one cycle ("" means the last): of
// the per-document tables it reads only that cycle's turns and matches,
// which are all the report uses, so memory does not grow with the number
// of cycles.
func LoadFor(dir, cycle string) (Input, error) { return load(dir, cycle, false, nil) }

// LoadWith is LoadFor with the rows of the report's cycle collected as
// they were written (see FocusRows): when rows collected that cycle, the
// cycle's turns and matches are not read at all. nil rows, or rows of
// another cycle, read them as LoadFor does.
func LoadWith(dir, cycle string, rows *FocusRows) (Input, error) {
	return load(dir, cycle, false, rows)
}

func load(dir, cycle string, all bool, rows *FocusRows) (Input, error) {
	var in Input
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return in, fmt.Errorf("%s is not a drift dataset folder (run 'drift run CORPUS -o %s' first)", dir, dir)
	}
	ri, err := ReadRunInfo(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return in, err
	}
	p := func(name string) string { return filepath.Join(dir, name) }
	if in.Drift, err = table.ReadFile[table.Drift](p(table.DriftFile)); errors.Is(err, fs.ErrNotExist) {
		return in, fmt.Errorf("%s has no %s, so it is not a drift dataset folder (run 'drift run CORPUS -o %s' first)", dir, table.DriftFile, dir)
	} else if err != nil {
		return in, err
	}
	if in.Documents, err = table.ReadOptional[table.Document](p(table.DocumentsFile)); err != nil {
		return in, err
	}
	if in.Keyness, err = table.ReadOptional[table.Keyness](p(KeynessFile)); err != nil {
		return in, err
	}
	if in.Participants, err = table.ReadOptional[table.Participant](p(ParticipantsFile)); err != nil {
		return in, err
	}
	if in.Continuity, err = table.ReadOptional[table.Continuity](p(ContinuityFile)); err != nil {
		return in, err
	}
	in.CycleLabels = map[string]string{}
	if ri != nil {
		in.Lexicons, in.PreviousLexicons = ri.Lexicons, ri.PreviousLexicons
		in.TextPolicy, in.Corpus, in.CycleFrom = ri.Config.Text, ri.Config.Corpus, ri.Config.CycleFrom
		for _, c := range ri.Cycles {
			in.Cycles = append(in.Cycles, c.ID)
			in.CycleLabels[c.ID] = c.Label
		}
	}
	if len(in.Cycles) == 0 {
		seen := map[string]bool{}
		for _, r := range in.Drift {
			if r.Scope == "cycle" && r.Cycle != "" && !seen[r.Cycle] {
				seen[r.Cycle] = true
				in.Cycles = append(in.Cycles, r.Cycle)
			}
		}
	}
	focus := cycle
	if focus == "" && len(in.Cycles) > 0 {
		focus = in.Cycles[len(in.Cycles)-1]
	}
	in.Turns = map[string][]table.Turn{}
	in.Matches = map[string][]table.Match{}
	if all {
		turns, err := table.ReadPartitions[table.Turn](p(table.TurnsDir))
		if err != nil {
			return in, err
		}
		for _, t := range turns {
			in.Turns[t.Cycle] = t.Rows
		}
		matches, err := table.ReadPartitions[table.Match](p(table.MatchesDir))
		if err != nil {
			return in, err
		}
		for _, m := range matches {
			in.Matches[m.Cycle] = m.Rows
		}
	} else if focus != "" {
		heads := headRows(rowIndex(in.Drift), focus)
		if in.focus = rows.focus(focus, heads, in.Drift); in.focus != nil {
			in.collected = true
			return in, nil
		}
		if in.focus, err = readFocus(dir, focus, heads, in.Drift); err != nil {
			return in, err
		}
	}
	return in, nil
}

// readBatch is how many hits readFocus decodes at a time, and
// turnBatch how many turns: a turn can be a whole speech (an address of
// 50 KB is one turn), and 4096 of those decoded at once were 200 MB, the
// largest part of a report's memory on a cycle of long turns.
const (
	readBatch = 4096
	turnBatch = 64
)

// eachPart calls fn with the rows of every part file of one cycle's
// partition of a table, in name order, batch rows at a time.
func eachPart[T any](dir, cycle string, batch int, fn func([]T) error) error {
	parts, err := filepath.Glob(filepath.Join(dir, "cycle="+url.PathEscape(cycle), "part-*.parquet"))
	if err != nil {
		return err
	}
	sort.Strings(parts)
	for _, f := range parts {
		if err := table.ReadEach(f, batch, fn); err != nil {
			return err
		}
	}
	return nil
}

// The tables written by the statistics stage that the report reads when
// they exist.
const (
	KeynessFile      = "keyness.parquet"
	ParticipantsFile = "participants.parquet"
	ContinuityFile   = "continuity.parquet"
)
