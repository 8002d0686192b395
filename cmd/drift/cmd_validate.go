package main

import (
	"context"
	"encoding/json"
	"fmt"
	stdio "io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/drift-project/drift/pipeline/lexicon"
	"github.com/drift-project/drift/pipeline/match"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type validateOptions struct {
	Gold     string
	Lexicons string
	JSON     bool
	Split    string
	// IncludeFacilitator scores facilitator rows like participant talk.
	IncludeFacilitator bool
	// Errors lists every row where lexicons and gold disagree.
	Errors   bool
	Negation negationFlags
}

func (o *validateOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVar(&o.Gold, "gold", "", "CSV or TSV of hand-coded sentences: a text column and a 0/1 column per category (required)")
	f.StringVar(&o.Lexicons, "lexicons", "", "folder of lexicon YAML files replacing the embedded defaults")
	f.BoolVar(&o.JSON, "json", false, "print the scores as JSON")
	f.StringVar(&o.Split, "split", "", "score only the rows whose split column has this value (e.g. test, to keep tuning data out)")
	f.BoolVar(&o.IncludeFacilitator, "include-facilitator", false, "score rows whose role is facilitator or unknown like participant talk (default: no framing, as drift run counts them)")
	f.BoolVar(&o.Errors, "errors", false, "also list every false positive and false negative: file:line, id, category, the entries that hit, the sentence")
	o.Negation.AddFlags(f)
}

func newValidateCmd(io *IO, runF func(context.Context, *validateOptions) error) *cobra.Command {
	opts := &validateOptions{}
	cmd := &cobra.Command{
		Use:   "validate --gold FILE",
		Short: "Score the lexicons against hand-coded sentences",
		Long: `validate matches every sentence of a gold file and compares the result with
the hand codes. The gold file is CSV or TSV (TSV when its header has more
tabs than commas) with a "text" column and one column per top-level
category (class, identity, ...) holding 0 or 1; other columns are ignored,
except "split" with --split (score only the test rows, say, when the
lexicons were tuned on the dev rows) and "role".
A sentence is positive for a category when it has at least one counted hit
(negated hits do not count unless --count-negated).

An optional "role" column holds participant, facilitator or unknown (the
roles of the turns table). As drift run leaves facilitator prompts and
unknown speakers out of participant framing, such a row is scored as
having no framing in any category (a true negative when the gold codes it
0, as the codebook codes prompts; a miss if coded 1). --include-facilitator
matches those rows like participant talk instead. Without a role column
every row is participant talk.

For each category it prints precision, recall, F1, Cohen's kappa and the
counts tp, fp, fn, tn. A measure whose denominator is zero is undefined
and shown as "-" (null in --json): precision when the lexicons find no
positive, recall when the gold has none, F1 when either is undefined (and
0 when both are 0), kappa when tagger and gold give one same code to every
sentence. Values are rounded to 3 decimals in the table and 4 in --json.

--json prints {"categories": {"class": {"precision": 0.9, "recall": 0.8,
"f1": 0.85, "kappa": 0.8, "tp": 9, "fp": 1, "fn": 2, "tn": 30}, ...}}.
Problems in the gold file are reported as file:line:col (exit 3).

--errors lists, after the table, every row where the lexicons and the
gold disagree, one per category: file:line, the id column when there is
one, fp (found, coded 0) or fn (coded 1, not found), the entries that hit
and the sentence. With --json the list is "errors": [{"line", "id",
"category", "kind", "role", "text", "hits"}]. Use it on the rows you tune
on: reading the errors of a held-out split spoils it as a held-out check.
` + exitHelpLexicons,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Gold == "" {
				return &flagError{fmt.Errorf("--gold is required: the CSV or TSV file of coded sentences")}
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runValidate(opts, io)
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runValidate(opts *validateOptions, io *IO) error {
	set, err := loadLexicons(opts.Lexicons)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(opts.Gold)
	if err != nil {
		return err
	}
	m := lexicon.Compile(set)
	var cats []string
	for _, d := range m.Dimensions {
		cats = append(cats, d.Categories...)
	}
	gold, err := match.ReadGold(opts.Gold, data, cats)
	if err != nil {
		return fmt.Errorf("%w: gold file:\n%w", errInput, err)
	}
	if opts.Split != "" {
		if !gold.HasSplit {
			return fmt.Errorf("%w: --split %s: %s has no split column", errInput, opts.Split, opts.Gold)
		}
		if gold.Only(opts.Split) == 0 {
			return fmt.Errorf("%w: --split %s: no rows of %s have that split", errInput, opts.Split, opts.Gold)
		}
	}
	vopts := match.ValidateOptions{IncludeFacilitator: opts.IncludeFacilitator}
	v := match.Validate(&match.Engine{M: m, Opts: opts.Negation.options()}, gold, vopts)
	scores := v.Scores
	if opts.JSON {
		out := struct {
			Categories map[string]*match.Score `json:"categories"`
			Errors     []match.Disagreement    `json:"errors,omitempty"`
		}{Categories: scores}
		if opts.Errors {
			out.Errors = v.Disagreements
			if out.Errors == nil {
				out.Errors = []match.Disagreement{}
			}
		}
		b, err := json.Marshal(out)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(io.Out, "%s\n", b)
		return err
	}
	tw := tabwriter.NewWriter(io.Out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "category\tprecision\trecall\tF1\tkappa\ttp\tfp\tfn\ttn\t\n")
	for _, c := range gold.Categories {
		s := scores[c]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t\n", c, num(s.Precision), num(s.Recall), num(s.F1), num(s.Kappa), s.TP, s.FP, s.FN, s.TN)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if n := gold.NotParticipant(); n > 0 && !opts.IncludeFacilitator {
		_, err = fmt.Fprintf(io.Out, "%d sentences (%d facilitator or unknown-speaker rows scored as no framing; --include-facilitator matches them)\n", len(gold.Rows), n)
	} else {
		_, err = fmt.Fprintf(io.Out, "%d sentences\n", len(gold.Rows))
	}
	if err != nil || !opts.Errors {
		return err
	}
	return writeDisagreements(io.Out, opts.Gold, v.Disagreements)
}

// writeDisagreements prints one line per disagreement:
//
//	gold.csv:12: g0011 class fp ["rent" (class/conditions)] The rent went up.
func writeDisagreements(w stdio.Writer, file string, ds []match.Disagreement) error {
	if _, err := fmt.Fprintf(w, "\n%d disagreements (fp: found, coded 0; fn: coded 1, not found)\n", len(ds)); err != nil {
		return err
	}
	for _, d := range ds {
		id := d.ID
		if id != "" {
			id += " "
		}
		hits := ""
		if len(d.Hits) > 0 {
			hits = "[" + strings.Join(d.Hits, ", ") + "] "
		} else if d.Kind == "fn" && d.Role != "" && d.Role != match.RoleParticipant {
			hits = "(" + d.Role + " row, scored as no framing) "
		}
		if _, err := fmt.Fprintf(w, "%s:%d: %s%s %s %s%s\n", file, d.Line, id, d.Category, d.Kind, hits, d.Text); err != nil {
			return err
		}
	}
	return nil
}

func num(p *float64) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprintf("%.3f", *p)
}
