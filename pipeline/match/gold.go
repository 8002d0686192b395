package match

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
)

// GoldError is a problem at a position in a gold file.
type GoldError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *GoldError) Error() string { return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg) }

// ErrGold is matched by errors.Is for every problem in a gold file.
var ErrGold = errors.New("invalid gold file")

// Is makes errors.Is(err, ErrGold) true.
func (e *GoldError) Is(target error) bool { return target == ErrGold }

// GoldErrors is every problem in a gold file.
type GoldErrors []*GoldError

func (l GoldErrors) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Is makes errors.Is(list, ErrGold) true.
func (l GoldErrors) Is(target error) bool { return target == ErrGold }

// Gold is a hand-coded file: sentences and, per category, 0 or 1.
type Gold struct {
	Categories []string // category columns, in file order
	Rows       []GoldRow
	HasSplit   bool // the file has a "split" column
	HasRole    bool // the file has a "role" column
}

// Only keeps the rows of one split ("test") and reports how many are left.
func (g *Gold) Only(split string) int {
	kept := g.Rows[:0]
	for _, r := range g.Rows {
		if r.Split == split {
			kept = append(kept, r)
		}
	}
	g.Rows = kept
	return len(kept)
}

// GoldRow is one coded sentence.
type GoldRow struct {
	Line  int
	ID    string // the "id" column, when the file has one
	Text  string
	Split string // the "split" column (dev, test, ...), when the file has one
	Role  string // the "role" column (participant, facilitator, unknown); "" when the file has none
	Codes []bool // per Gold.Categories
}

// The values of a gold file's role column, as in the turns table.
const (
	RoleParticipant = "participant"
	RoleFacilitator = "facilitator"
	RoleUnknown     = "unknown"
)

// Participant reports whether the row is participant talk: its role is
// participant, or the file has no role column. drift run counts only
// participant turns in framing measures.
func (r GoldRow) Participant() bool { return r.Role == "" || r.Role == RoleParticipant }

// ReadGold reads a CSV or TSV gold file (TSV when the header line has more
// tabs than commas).
// The file needs a "text" column and a column for at least one of the
// category names in cats; an optional "split" column (dev, test) lets
// Gold.Only keep one split; an optional "role" column holds the speaker's
// role (participant, facilitator or unknown, as in the turns table; see
// Validate); other columns are ignored. Every cell of a category column
// must be 0 or 1. All problems are returned at once as
// GoldErrors with file:line:col.
func ReadGold(name string, data []byte, cats []string) (*Gold, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")) {
		r.Comma = '\t'
		r.LazyQuotes = true
	}
	r.FieldsPerRecord = -1
	var errs GoldErrors
	add := func(line, col int, format string, args ...any) {
		errs = append(errs, &GoldError{name, line, col, fmt.Sprintf(format, args...)})
	}
	header, err := r.Read()
	if err != nil {
		if err == io.EOF {
			add(1, 1, "empty file; want a header with a text column and category columns")
		} else {
			add(1, 1, "%v", err)
		}
		return nil, errs
	}
	known := map[string]bool{}
	for _, c := range cats {
		known[c] = true
	}
	g := &Gold{}
	textCol, splitCol, roleCol, idCol := -1, -1, -1, -1
	var catCols []int
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		_, col := r.FieldPos(i)
		switch {
		case h == "text":
			textCol = i
		case h == "id":
			idCol = i
		case h == "split":
			splitCol = i
			g.HasSplit = true
		case h == "role":
			roleCol = i
			g.HasRole = true
		case known[h]:
			if seen[h] {
				add(1, col, "column %q appears twice", h)
				continue
			}
			seen[h] = true
			g.Categories = append(g.Categories, h)
			catCols = append(catCols, i)
		}
	}
	if textCol < 0 {
		add(1, 1, "no \"text\" column")
	}
	if len(catCols) == 0 {
		add(1, 1, "no column named after a category; want one or more of %s", strings.Join(cats, ", "))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				add(pe.Line, pe.Column, "%v", pe.Err)
				break
			}
			return nil, err
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		row := GoldRow{Line: line, Codes: make([]bool, len(catCols))}
		if textCol >= len(rec) {
			add(line, 1, "row has %d fields; the text column is field %d", len(rec), textCol+1)
			continue
		}
		row.Text = rec[textCol]
		if idCol >= 0 && idCol < len(rec) {
			row.ID = strings.TrimSpace(rec[idCol])
		}
		if splitCol >= 0 && splitCol < len(rec) {
			row.Split = strings.TrimSpace(rec[splitCol])
		}
		if roleCol >= 0 {
			_, col := r.FieldPos(min(roleCol, len(rec)-1))
			if roleCol < len(rec) {
				row.Role = strings.TrimSpace(rec[roleCol])
			}
			switch row.Role {
			case RoleParticipant, RoleFacilitator, RoleUnknown:
			case "":
				add(line, col, "role is empty; want participant, facilitator or unknown")
			default:
				add(line, col, "role is %q; want participant, facilitator or unknown", row.Role)
			}
		}
		if strings.TrimSpace(row.Text) == "" {
			_, col := r.FieldPos(textCol)
			add(line, col, "empty text")
		}
		for k, ci := range catCols {
			if ci >= len(rec) {
				add(line, 1, "row has no %s value", g.Categories[k])
				continue
			}
			_, col := r.FieldPos(ci)
			switch strings.TrimSpace(rec[ci]) {
			case "1":
				row.Codes[k] = true
			case "0":
			case "":
				add(line, col, "%s is not coded; want 0 or 1", g.Categories[k])
			default:
				add(line, col, "%s is %q; want 0 or 1", g.Categories[k], rec[ci])
			}
		}
		g.Rows = append(g.Rows, row)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(g.Rows) == 0 {
		return nil, GoldErrors{{name, 2, 1, "no coded sentences"}}
	}
	return g, nil
}

// Score is the agreement of the tagger with the gold codes for one
// category. Precision, Recall, F1 and Kappa are nil when undefined:
// precision when the tagger finds no positive (TP+FP = 0), recall when the
// gold has none (TP+FN = 0), F1 when either is undefined or both are 0, and
// Cohen's kappa when chance agreement is 1 (tagger and gold both give one
// and the same code to every sentence). Values are rounded to 4 decimals.
type Score struct {
	Precision *float64 `json:"precision"`
	Recall    *float64 `json:"recall"`
	F1        *float64 `json:"f1"`
	Kappa     *float64 `json:"kappa"`
	TP        int      `json:"tp"`
	FP        int      `json:"fp"`
	FN        int      `json:"fn"`
	TN        int      `json:"tn"`
}

// ValidateOptions set how Validate scores rows that are not participant talk.
type ValidateOptions struct {
	// IncludeFacilitator scores facilitator and unknown-speaker rows like
	// participant talk. By default they are scored as having no framing,
	// because drift run leaves those turns out of every participant
	// measure.
	IncludeFacilitator bool
}

// Disagreement is one gold row on which the lexicons and the hand code of
// one category differ: a false positive (the lexicons found the category,
// the coder did not) or a false negative.
type Disagreement struct {
	Line     int      `json:"line"`
	ID       string   `json:"id,omitempty"`
	Category string   `json:"category"`
	Kind     string   `json:"kind"` // "fp" or "fn"
	Role     string   `json:"role,omitempty"`
	Text     string   `json:"text"`
	Hits     []string `json:"hits"` // the counted entries of Category that hit, as `"surface" (category/subcategory)`; empty for a miss
}

// Validation is the result of Validate.
type Validation struct {
	Scores map[string]*Score // per gold category
	// Disagreements lists every false positive and false negative, in
	// file order, then in the order of the gold file's category columns.
	Disagreements []Disagreement
}

// Validate matches every gold sentence as one turn; the sentence is
// positive for a category when it has at least one counted hit of it. As in
// drift run, only participant talk is framed: a row whose role is
// facilitator or unknown is negative for every category (a prompt is not
// the participant's framing), unless opts.IncludeFacilitator. It returns a
// Score per gold category and the rows where lexicons and gold disagree.
func Validate(e *Engine, g *Gold, opts ValidateOptions) *Validation {
	v := &Validation{Scores: map[string]*Score{}}
	for _, c := range g.Categories {
		v.Scores[c] = &Score{}
	}
	for _, r := range g.Rows {
		var got map[string][]string
		if r.Participant() || opts.IncludeFacilitator {
			got = Categories(e, r.Text)
		}
		for k, c := range g.Categories {
			hits, pred := got[c]
			s := v.Scores[c]
			kind := ""
			switch {
			case pred && r.Codes[k]:
				s.TP++
			case pred:
				s.FP++
				kind = "fp"
			case r.Codes[k]:
				s.FN++
				kind = "fn"
			default:
				s.TN++
			}
			if kind != "" {
				if hits == nil {
					hits = []string{}
				}
				v.Disagreements = append(v.Disagreements, Disagreement{
					Line: r.Line, ID: r.ID, Category: c, Kind: kind, Role: r.Role, Text: r.Text, Hits: hits})
			}
		}
	}
	for _, s := range v.Scores {
		s.finish()
	}
	return v
}

// NotParticipant counts the rows whose role is facilitator or unknown.
func (g *Gold) NotParticipant() int {
	n := 0
	for _, r := range g.Rows {
		if !r.Participant() {
			n++
		}
	}
	return n
}

func (s *Score) finish() {
	tp, fp, fn, tn := float64(s.TP), float64(s.FP), float64(s.FN), float64(s.TN)
	if tp+fp > 0 {
		s.Precision = round4(tp / (tp + fp))
	}
	if tp+fn > 0 {
		s.Recall = round4(tp / (tp + fn))
	}
	if s.Precision != nil && s.Recall != nil && tp > 0 {
		p, r := tp/(tp+fp), tp/(tp+fn)
		s.F1 = round4(2 * p * r / (p + r))
	} else if s.Precision != nil && s.Recall != nil {
		s.F1 = round4(0)
	}
	n := tp + fp + fn + tn
	if n > 0 {
		po := (tp + tn) / n
		pe := ((tp+fp)*(tp+fn) + (fn+tn)*(fp+tn)) / (n * n)
		if pe < 1 {
			s.Kappa = round4((po - pe) / (1 - pe))
		}
	}
}

func round4(x float64) *float64 {
	v := math.Round(x*1e4) / 1e4
	if v == 0 {
		v = 0 // no negative zero
	}
	return &v
}
