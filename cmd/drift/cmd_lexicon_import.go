package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/drift-project/drift/pipeline/lexicon"
	"github.com/drift-project/drift/pipeline/table"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// ---- drift lexicon import

type lexiconImportOptions struct {
	File   string
	Out    string
	Format string
}

func (o *lexiconImportOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVarP(&o.Out, "out", "o", "", "write the lexicon to this file (default stdout)")
	f.StringVar(&o.Format, "format", "", "input format: liwc or quanteda (default: from the extension, .dic is liwc, .yaml/.yml quanteda)")
}

func newLexiconImportCmd(io *IO, runF func(context.Context, *lexiconImportOptions) error) *cobra.Command {
	opts := &lexiconImportOptions{}
	cmd := &cobra.Command{
		Use:   "import FILE [-o OUT.yaml]",
		Short: "Turn a LIWC .dic or quanteda YAML dictionary into a drift lexicon",
		Long: `import reads a LIWC 2007/2015 .dic file or a quanteda-style YAML dictionary
and writes a drift lexicon (YAML).

Mapping: each top-level category becomes a category; nested keys become
subcategories (deeper levels joined with '_'); a list directly under a
category goes to subcategory "general". A drift dimension needs exactly two
competing categories, so categories are paired in file order: with two
categories there is one dimension named after the file; with more, the
first and second form dimension "a_vs_b", the third and fourth the next,
and an odd one out is left alone in its own dimension. Reorder or edit the
result: the pairing is a research decision the import cannot make.

Terms drift cannot read (LIWC context rules, emoticons), terms already in
the dimension, and words shadowed by a stem of the same subcategory are
dropped; each drop is noted on stderr. The result is checked like
'drift lexicon check'; problems are printed and the exit status is 3, but
the file is still written so it can be edited.
` + exitHelp,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runLexiconImport(opts, io)
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runLexiconImport(opts *lexiconImportOptions, io *IO) error {
	data, err := os.ReadFile(opts.File)
	if err != nil {
		return err
	}
	format := opts.Format
	if format == "" {
		switch strings.ToLower(filepath.Ext(opts.File)) {
		case ".dic":
			format = "liwc"
		case ".yaml", ".yml":
			format = "quanteda"
		default:
			return &flagError{fmt.Errorf("%s: cannot tell the format from the extension; use --format liwc or --format quanteda", opts.File)}
		}
	}
	var d *lexicon.Dictionary
	switch format {
	case "liwc":
		d, err = lexicon.ReadLIWC(opts.File, data)
	case "quanteda":
		d, err = lexicon.ReadQuanteda(opts.File, data)
	default:
		return &flagError{fmt.Errorf("--format %s: want liwc or quanteda", format)}
	}
	if err != nil {
		return fmt.Errorf("%w: %w", errInput, err)
	}
	l := d.Lexicon()
	for _, n := range d.Notes {
		fmt.Fprintf(io.Err, "note: %s\n", n)
	}
	var buf bytes.Buffer
	if err := lexicon.WriteYAML(&buf, l); err != nil {
		return err
	}
	name := d.Name + ".yaml"
	if opts.Out != "" {
		if err := table.WriteAtomic(opts.Out, buf.Bytes()); err != nil {
			return err
		}
		name = filepath.ToSlash(opts.Out)
	} else if _, err := io.Out.Write(buf.Bytes()); err != nil {
		return err
	}
	_, problems := lexicon.Check([]lexicon.File{{Name: name, Data: buf.Bytes()}})
	for _, p := range problems {
		fmt.Fprintln(io.Err, p)
	}
	if len(problems) > 0 {
		fmt.Fprintf(io.Err, "drift: the imported lexicon has %d problems to fix before use\n", len(problems))
		return errInputReported
	}
	return nil
}

// ---- drift lexicon export

type lexiconExportOptions struct {
	Lexicons string
	Format   string
	Out      string
	Names    []string
}

func (o *lexiconExportOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVar(&o.Lexicons, "lexicons", "", "folder of lexicon YAML files replacing the embedded defaults")
	f.StringVar(&o.Format, "format", "yaml", "yaml (quanteda-style dictionary), dic (LIWC 2015) or drift (drift's own format, one lexicon)")
	f.StringVarP(&o.Out, "out", "o", "", "write to this file (default stdout)")
}

func newLexiconExportCmd(io *IO, runF func(context.Context, *lexiconExportOptions) error) *cobra.Command {
	opts := &lexiconExportOptions{}
	cmd := &cobra.Command{
		Use:   "export [NAME...] --format yaml|dic|drift",
		Short: "Write lexicons as a quanteda YAML or LIWC .dic dictionary",
		Long: `export writes the lexicons (all, or those NAMEd) for other tools:

  yaml   quanteda-style YAML: category: subcategory: [terms]
  dic    LIWC 2015 .dic: one id per top-level category, terms with their ids
  drift  drift's own format, normalised layout (exactly one lexicon)

Exclusions, weights, context conditions (near, not_near) and tests exist
only in drift's format; yaml and dic leave them out, so matching with
another tool counts the hard cases that drift vetoes. Each entry whose
context condition is left out is listed on stderr as a note.
` + exitHelpLexicons,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Names = args
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runLexiconExport(opts, io)
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runLexiconExport(opts *lexiconExportOptions, io *IO) error {
	set, err := loadLexicons(opts.Lexicons)
	if err != nil {
		return err
	}
	if len(opts.Names) > 0 {
		keep := &lexicon.Set{}
		for _, n := range opts.Names {
			found := false
			for _, l := range set.Lexicons {
				if l.Name == n {
					keep.Lexicons = append(keep.Lexicons, l)
					found = true
				}
			}
			if !found {
				return &flagError{fmt.Errorf("no lexicon named %q", n)}
			}
		}
		set = keep
	}
	var buf bytes.Buffer
	switch opts.Format {
	case "yaml":
		err = lexicon.WriteQuanteda(&buf, set)
	case "dic":
		err = lexicon.WriteDic(&buf, set)
	case "drift":
		if len(set.Lexicons) != 1 {
			return &flagError{fmt.Errorf("--format drift writes one lexicon; name it (one of %s)", lexiconNames(set))}
		}
		err = lexicon.WriteYAML(&buf, set.Lexicons[0])
	default:
		return &flagError{fmt.Errorf("--format %s: want yaml, dic or drift", opts.Format)}
	}
	if err != nil {
		return err
	}
	if opts.Format != "drift" {
		for _, n := range lexicon.ContextNotes(set) {
			fmt.Fprintf(io.Err, "note: %s\n", n)
		}
	}
	if opts.Out != "" {
		return table.WriteAtomic(opts.Out, buf.Bytes())
	}
	_, err = io.Out.Write(buf.Bytes())
	return err
}

func lexiconNames(set *lexicon.Set) string {
	var n []string
	for _, l := range set.Lexicons {
		n = append(n, l.Name)
	}
	return strings.Join(n, ", ")
}
