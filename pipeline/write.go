package pipeline

import (
	"encoding/json"
	"sort"
	"strings"
	"time"

	"github.com/drift-project/drift/pipeline/aggregate"
	"github.com/drift-project/drift/pipeline/lexicon"
	"github.com/drift-project/drift/pipeline/stats"
	"github.com/drift-project/drift/pipeline/table"
	"github.com/drift-project/drift/pipeline/transcript"
)

func docRows(results []*docResult) []table.Document {
	rows := make([]table.Document, 0, len(results))
	for _, r := range results {
		d := r.doc
		row := table.Document{
			Path: d.Path, Cycle: d.Cycle, Site: d.Site, Format: d.Format, Encoding: d.Encoding,
			Status: string(d.Status), Reason: d.Reason, SizeBytes: d.Size, NTurns: int64(len(d.Turns)),
			NSentences: r.sents, NTokens: r.tokens, NHits: r.hits, SHA256: d.SHA256,
		}
		for _, t := range d.Turns {
			row.NNoise += int64(t.Noise)
		}
		if d.Date != "" {
			if t, err := time.Parse("2006-01-02", d.Date); err == nil {
				days := int32(t.Unix() / 86400)
				row.Date = &days
			}
		}
		rows = append(rows, row)
	}
	return rows
}

func frameRows(c *aggregate.Counts, cycles []string) []table.Frame {
	var rows []table.Frame
	for _, cl := range c.Sorted(cycles) {
		for ci, cat := range c.Categories {
			rows = append(rows, table.Frame{
				Cycle: cl.Cycle, Site: cl.Site, Speaker: cl.Speaker, Role: cl.Role,
				Dimension: cat.Dimension, Category: cat.Name,
				Hits: cl.Hits[ci], HitsAll: cl.HitsAll[ci], NarrativeHits: cl.NarrativeHits[ci],
				Tokens: cl.Tokens, Turns: cl.Turns, Sentences: cl.Sentences, FramedSentence: cl.FramedSentences[ci],
			})
		}
	}
	return rows
}

// writeDataset writes every table into the stage. Turns and matches are
// partitioned by cycle; within a partition rows keep document path order.
func writeDataset(st *table.Stage, results []*docResult, counts *aggregate.Counts, cycles []string, an analysis, meta table.Meta) error {
	if err := table.WriteFile(st.Path(table.DocumentsFile), docRows(results), meta); err != nil {
		return err
	}
	turns := map[string][]table.Turn{}
	matches := map[string][]table.Match{}
	for _, r := range results {
		if r.doc.Status != transcript.StatusOK {
			continue
		}
		turns[r.doc.Cycle] = append(turns[r.doc.Cycle], r.turns...)
		matches[r.doc.Cycle] = append(matches[r.doc.Cycle], r.matches...)
	}
	for _, cy := range cycles {
		if err := table.WriteFile(st.Path(table.PartPath(table.TurnsDir, cy, 0)), turns[cy], meta); err != nil {
			return err
		}
		if err := table.WriteFile(st.Path(table.PartPath(table.MatchesDir, cy, 0)), matches[cy], meta); err != nil {
			return err
		}
	}
	if err := table.WriteFile(st.Path(table.FramesFile), frameRows(counts, cycles), meta); err != nil {
		return err
	}
	if err := table.WriteFile(st.Path(table.DriftFile), an.drift, meta); err != nil {
		return err
	}
	if err := table.WriteFile(st.Path(table.KeynessFile), an.keyness, meta); err != nil {
		return err
	}
	if err := table.WriteFile(st.Path(table.ParticipantsFile), an.participants, meta); err != nil {
		return err
	}
	if err := table.WriteFile(st.Path(table.ContinuityFile), an.continuity, meta); err != nil {
		return err
	}
	return table.WriteFile(st.Path(table.DiffusionFile), an.diffusion, meta)
}

// analysis holds the statistics tables computed from the counts.
type analysis struct {
	drift        []table.Drift
	keyness      []table.Keyness
	participants []table.Participant
	continuity   []table.Continuity
	diffusion    []table.Diffusion
}

// analyse computes every statistics table. Speaker names (lower-cased
// words of the names in the documents and the corpus configuration) are
// left out of the keyness word list, and with the text policy "none" the
// word list is left out altogether (lexicon entries stay). Nothing depends
// on the number of workers.
func analyse(counts *aggregate.Counts, cycles []string, results []*docResult, known []string, text string, seed uint64, workers int) analysis {
	names := map[string]bool{}
	addName := func(n string) {
		for _, f := range strings.Fields(strings.ToLower(n)) {
			names[strings.Trim(f, ".,'\"()")] = true
		}
	}
	for _, r := range results {
		for _, t := range r.doc.Turns {
			addName(t.Name)
		}
	}
	for _, n := range known {
		addName(n)
	}
	exclude := func(w string) bool { return names[w] }
	if text == TextNone {
		exclude = func(string) bool { return true }
	}
	return analysis{
		drift:        stats.Drift(counts, cycles, stats.Options{Seed: seed, Workers: workers}),
		keyness:      stats.Keyness(counts, cycles, stats.KeynessOptions{Exclude: exclude}),
		participants: stats.Participants(counts, cycles),
		continuity:   stats.Continuity(counts, cycles),
		diffusion:    stats.Diffusion(counts, cycles),
	}
}

type runJSON struct {
	Tool     string       `json:"tool"`
	Version  string       `json:"version"`
	Schema   string       `json:"schema_version"`
	Started  string       `json:"started"`
	Seconds  float64      `json:"seconds"`
	Config   runConfig    `json:"config"`
	Lexicons []runLexicon `json:"lexicons"`
	Inputs   []runInput   `json:"inputs"`
	Totals   runTotals    `json:"totals"`
	Issues   []FileIssue  `json:"issues"`
}

type runConfig struct {
	Corpus      string `json:"corpus"`
	Workers     int    `json:"workers"`
	Text        string `json:"text"`
	Seed        uint64 `json:"seed"`
	MaxFileSize int64  `json:"max_file_size"`
	Lexicons    string `json:"lexicons"`
}

type runLexicon struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	File    string `json:"file"`
	Hash    string `json:"hash"`
}

type runInput struct {
	Path   string `json:"path"`
	Status string `json:"status"`
	SHA256 string `json:"sha256,omitempty"`
}

type runTotals struct {
	Files   int   `json:"files"`
	OK      int   `json:"ok"`
	Skipped int   `json:"skipped"`
	Failed  int   `json:"failed"`
	Turns   int   `json:"turns"`
	Tokens  int64 `json:"tokens"`
	Hits    int   `json:"hits"`
}

func writeRunJSON(st *table.Stage, cfg Config, set *lexicon.Set, results []*docResult, res Result, workers int) error {
	rj := runJSON{
		Tool: "drift", Version: Version, Schema: table.SchemaVersion,
		Started: time.Now().Add(-res.Duration).UTC().Format(time.RFC3339), Seconds: res.Duration.Seconds(),
		Config: runConfig{Corpus: cfg.Corpus, Workers: workers, Text: cfg.Text, Seed: cfg.Seed, MaxFileSize: cfg.MaxFileSize, Lexicons: "embedded"},
		Totals: runTotals{Files: res.Files, OK: res.OK, Skipped: len(res.Skipped), Failed: len(res.Failed), Turns: res.Turns, Tokens: res.Tokens, Hits: res.Hits},
	}
	if cfg.Lexicons != nil {
		rj.Config.Lexicons = "custom"
	}
	for _, l := range set.Lexicons {
		rj.Lexicons = append(rj.Lexicons, runLexicon{l.Name, l.Version, l.File, l.Hash})
	}
	for _, r := range results {
		rj.Inputs = append(rj.Inputs, runInput{r.doc.Path, string(r.doc.Status), r.doc.SHA256})
	}
	rj.Issues = append(append([]FileIssue{}, res.Failed...), res.Skipped...)
	sort.Slice(rj.Issues, func(i, j int) bool { return rj.Issues[i].Path < rj.Issues[j].Path })
	b, err := json.MarshalIndent(rj, "", "  ")
	if err != nil {
		return err
	}
	return table.WriteAtomic(st.Path(table.RunFile), append(b, '\n'))
}
