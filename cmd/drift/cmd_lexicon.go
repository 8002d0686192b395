package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/drift-project/drift/lexicons"
	"github.com/drift-project/drift/pipeline"
	"github.com/drift-project/drift/pipeline/lexicon"
	"github.com/drift-project/drift/pipeline/match"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// negationFlags are the matching-policy flags shared by every command that
// matches text.
type negationFlags struct {
	Window int
	Count  bool
}

func (o *negationFlags) AddFlags(f *pflag.FlagSet) {
	f.IntVar(&o.Window, "negation-window", match.DefaultNegationWindow, "words before a hit, within its clause, that a negation cue (not, never, isn't ...) reaches")
	f.BoolVar(&o.Count, "count-negated", false, "count negated hits as framing (by default they are kept, flagged and not counted)")
}

func (o negationFlags) options() match.Options {
	return match.Options{NegationWindow: o.Window, CountNegated: o.Count}
}

// lexiconsFS returns the folder dir as an fs.FS, or the embedded defaults
// when dir is empty.
func lexiconsFS(dir string) (fs.FS, error) {
	if dir == "" {
		return lexicons.FS, nil
	}
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return nil, &flagError{fmt.Errorf("--lexicons %s: want a folder of lexicon YAML files", dir)}
	}
	return os.DirFS(dir), nil
}

// loadLexicons loads the lexicons of --lexicons DIR, or the embedded ones.
func loadLexicons(dir string) (*lexicon.Set, error) {
	fsys, err := lexiconsFS(dir)
	if err != nil {
		return nil, err
	}
	set, err := lexicon.Load(fsys)
	if err != nil {
		return nil, fmt.Errorf("%w: lexicons:\n%w", errInput, pipeline.LexiconErrorsIn(err, dir))
	}
	return set, nil
}

func newLexiconCmd(io *IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lexicon",
		Short: "Check, test, show, import and export lexicons",
		Long: `lexicon works on the YAML lexicons that drift matches with: the embedded
defaults, or the folder given with --lexicons. See docs/lexicons.md.
` + exitHelpLexicons,
		// A misspelt subcommand ("drift lexicon checkk") is a usage error,
		// not the help with exit 0.
		Args: subcommandArgs,
		RunE: groupHelp,
	}
	cmd.AddCommand(newLexiconCheckCmd(io, nil), newLexiconTestCmd(io, nil), newLexiconShowCmd(io, nil),
		newLexiconImportCmd(io, nil), newLexiconExportCmd(io, nil))
	return cmd
}

// ---- drift lexicon check

type lexiconCheckOptions struct {
	Paths    []string
	Lexicons string
}

func (o *lexiconCheckOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVar(&o.Lexicons, "lexicons", "", "folder of lexicon YAML files to check (as PATH; accepted like in test, show and export)")
}

// paths returns the PATHs to check: the positional ones, or --lexicons.
// Both given is a usage error unless they name the same one folder.
func (o *lexiconCheckOptions) paths(args []string) ([]string, error) {
	if o.Lexicons == "" {
		return args, nil
	}
	if len(args) == 0 || (len(args) == 1 && filepath.Clean(args[0]) == filepath.Clean(o.Lexicons)) {
		return []string{o.Lexicons}, nil
	}
	return nil, &flagError{fmt.Errorf("--lexicons %s and PATH %s: give the lexicon folder either as --lexicons or as PATH, not both",
		o.Lexicons, strings.Join(args, " "))}
}

func newLexiconCheckCmd(io *IO, runF func(context.Context, *lexiconCheckOptions) error) *cobra.Command {
	opts := &lexiconCheckOptions{}
	cmd := &cobra.Command{
		Use:   "check [PATH...]",
		Short: "Report every problem in lexicon files as file:line:col",
		Long: `check validates lexicon files used together: each PATH is a YAML file or a
folder of them (--lexicons DIR works too, as in the other lexicon commands);
with no PATH, the embedded defaults. It prints every problem
at once as file:line:col: message (YAML syntax, unknown keys, missing keys,
duplicate and shadowed entries, exclusions that contain no entry, dimensions
without exactly two categories, tests naming unknown categories) and exits 3
when there is any.
` + exitHelp,
		RunE: func(cmd *cobra.Command, args []string) error {
			paths, err := opts.paths(args)
			if err != nil {
				return err
			}
			opts.Paths = paths
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runLexiconCheck(opts, io)
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

// readLexiconFiles reads the files named by paths (files, or folders of
// *.yaml and *.yml files), or the embedded defaults when paths is empty.
func readLexiconFiles(paths []string) ([]lexicon.File, error) {
	var files []lexicon.File
	if len(paths) == 0 {
		names, _ := fs.Glob(lexicons.FS, "*.yaml")
		for _, n := range names {
			b, err := fs.ReadFile(lexicons.FS, n)
			if err != nil {
				return nil, err
			}
			files = append(files, lexicon.File{Name: n, Data: b})
		}
		return files, nil
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errInput, err)
		}
		names := []string{p}
		if st.IsDir() {
			names = nil
			ents, err := os.ReadDir(p)
			if err != nil {
				return nil, err
			}
			for _, e := range ents {
				if ext := filepath.Ext(e.Name()); !e.IsDir() && (ext == ".yaml" || ext == ".yml") {
					names = append(names, filepath.Join(p, e.Name()))
				}
			}
			if len(names) == 0 {
				return nil, fmt.Errorf("%w: %s has no lexicon files (*.yaml)", errInput, p)
			}
		}
		sort.Strings(names)
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				return nil, err
			}
			files = append(files, lexicon.File{Name: filepath.ToSlash(n), Data: b})
		}
	}
	return files, nil
}

func runLexiconCheck(opts *lexiconCheckOptions, io *IO) error {
	files, err := readLexiconFiles(opts.Paths)
	if err != nil {
		return err
	}
	set, problems := lexicon.Check(files)
	for _, p := range problems {
		fmt.Fprintln(io.Out, p)
	}
	if len(problems) > 0 {
		errs, lint := problems.Split()
		fmt.Fprintf(io.Err, "drift: %s in %s: %s, %d lint (lint changes no count; run accepts it)\n",
			count(len(problems), "problem", "problems"), count(len(files), "lexicon file", "lexicon files"),
			count(len(errs), "error", "errors"), len(lint))
		return errInputReported
	}
	var dims, entries, excl, cond, cues, tests int
	for _, l := range set.Lexicons {
		tests += len(l.Tests)
		for _, d := range l.Dimensions {
			dims++
			excl += len(d.Exclusions)
			cues += len(d.Cues)
			for _, c := range d.Categories {
				for _, s := range c.Subcategories {
					entries += len(s.Entries)
					for _, e := range s.Entries {
						if e.Conditional() {
							cond++
						}
					}
				}
			}
		}
	}
	ctx := ""
	if cond > 0 || cues > 0 {
		ctx = fmt.Sprintf(" (%d with a context condition, %s)", cond, count(cues, "cue list", "cue lists"))
	}
	fmt.Fprintf(io.Out, "ok: %s, %s, %s%s, %s, %s\n",
		count(len(set.Lexicons), "lexicon", "lexicons"), count(dims, "dimension", "dimensions"), count(entries, "entry", "entries"),
		ctx, count(excl, "exclusion", "exclusions"), count(tests, "test", "tests"))
	return nil
}

// ---- drift lexicon test

type lexiconTestOptions struct {
	Lexicons string
	Negation negationFlags
}

func (o *lexiconTestOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVar(&o.Lexicons, "lexicons", "", "folder of lexicon YAML files replacing the embedded defaults")
	o.Negation.AddFlags(f)
}

func newLexiconTestCmd(io *IO, runF func(context.Context, *lexiconTestOptions) error) *cobra.Command {
	opts := &lexiconTestOptions{}
	cmd := &cobra.Command{
		Use:   "test",
		Short: "Run the example sentences in each lexicon's tests",
		Long: `test matches every sentence in each lexicon's tests: list with that lexicon
alone, as a participant turn, and checks that it gets a counted hit of every
category under match and none of any category under no_match. Failures are
printed as file:line: what went wrong, then the sentence; it exits 3 when
any test fails.
` + exitHelpLexicons,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runLexiconTest(opts, io)
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runLexiconTest(opts *lexiconTestOptions, io *IO) error {
	set, err := loadLexicons(opts.Lexicons)
	if err != nil {
		return err
	}
	res := match.RunTests(set, opts.Negation.options())
	for _, f := range res.Failures {
		fmt.Fprintln(io.Out, f)
	}
	fmt.Fprintf(io.Out, "%s in %s, %d failed\n", count(res.Run, "test", "tests"), count(len(set.Lexicons), "lexicon", "lexicons"), len(res.Failures))
	if len(res.Failures) > 0 {
		return errInputReported
	}
	return nil
}

// ---- drift lexicon show

type lexiconShowOptions struct {
	Lexicons  string
	Dimension string
}

func (o *lexiconShowOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVar(&o.Lexicons, "lexicons", "", "folder of lexicon YAML files replacing the embedded defaults")
	f.StringVar(&o.Dimension, "dimension", "", "show only this dimension")
}

func newLexiconShowCmd(io *IO, runF func(context.Context, *lexiconShowOptions) error) *cobra.Command {
	opts := &lexiconShowOptions{}
	cmd := &cobra.Command{
		Use:   "show",
		Short: "List the entries of each category and subcategory",
		Long: `show prints each lexicon (name, version, file, content hash), then for each
dimension its categories, subcategories and their entries (an entry with a
context condition is followed by it in brackets: [near workplace within 6
words]), its exclusions and its cue lists.
` + exitHelpLexicons,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runLexiconShow(opts, io)
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runLexiconShow(opts *lexiconShowOptions, io *IO) error {
	set, err := loadLexicons(opts.Lexicons)
	if err != nil {
		return err
	}
	found := false
	var b strings.Builder
	for _, l := range set.Lexicons {
		var dims []*lexicon.Dimension
		for _, d := range l.Dimensions {
			if opts.Dimension == "" || d.Name == opts.Dimension {
				dims = append(dims, d)
			}
		}
		if len(dims) == 0 {
			continue
		}
		found = true
		fmt.Fprintf(&b, "%s %s  %s  %s\n", l.Name, l.Version, l.File, l.Hash)
		for _, d := range dims {
			var names []string
			for _, c := range d.Categories {
				names = append(names, c.Name)
			}
			fmt.Fprintf(&b, "  dimension %s: %s\n", d.Name, strings.Join(names, " versus "))
			for _, c := range d.Categories {
				for _, s := range c.Subcategories {
					terms := make([]string, len(s.Entries))
					for i, e := range s.Entries {
						terms[i] = e.Term
						if e.Weight != 1 {
							terms[i] += fmt.Sprintf(" (weight %g)", e.Weight)
						}
						if e.Conditional() {
							terms[i] += " [" + e.Condition() + "]"
						}
					}
					wrapList(&b, fmt.Sprintf("    %s/%s (%d): ", c.Name, s.Name, len(terms)), terms)
				}
			}
			if len(d.Exclusions) > 0 {
				terms := make([]string, len(d.Exclusions))
				for i, e := range d.Exclusions {
					terms[i] = e.Term
				}
				wrapList(&b, fmt.Sprintf("    exclusions (%d): ", len(terms)), terms)
			}
			for _, c := range d.Cues {
				terms := make([]string, len(c.Terms))
				for i, e := range c.Terms {
					terms[i] = e.Term
				}
				wrapList(&b, fmt.Sprintf("    cues %s (%d): ", c.Name, len(terms)), terms)
			}
		}
	}
	if !found {
		return &flagError{fmt.Errorf("--dimension %s: no such dimension", opts.Dimension)}
	}
	_, err = fmt.Fprint(io.Out, b.String())
	return err
}

// count returns n and the noun, singular when n is 1: "1 problem", "2 problems".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// wrapList writes head and the comma-separated terms, wrapped at 100
// columns with continuation lines indented by six spaces.
func wrapList(b *strings.Builder, head string, terms []string) {
	line := head
	for i, t := range terms {
		if i < len(terms)-1 {
			t += ","
		}
		if len(line)+len(t)+1 > 100 && len(line) > 6 {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = "      "
		}
		line += t + " "
	}
	b.WriteString(strings.TrimRight(line, " ") + "\n")
}
