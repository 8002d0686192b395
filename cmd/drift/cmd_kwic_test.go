package main

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestNewAuditCmds checks that flags reach the options of kwic, validate
// and sample (through the runF hook, without running anything).
func TestNewAuditCmds(t *testing.T) {
	io := &IO{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}
	tests := []struct {
		name    string
		args    []string
		want    any
		wantErr string
	}{
		{"kwic defaults", []string{"kwic", "corpus", "--category", "class"},
			kwicOptions{Corpus: "corpus", Category: "class", Window: 8, Format: "table", Negation: negationFlags{Window: 4}}, ""},
		{"kwic all flags", []string{"kwic", "c", "--category", "class/antagonist", "--window", "3", "--negated", "--format", "parquet", "-o", "k.parquet",
			"--lexicons", "lex", "--key-file", "k", "--workers", "2", "--negation-window", "6", "--count-negated"},
			kwicOptions{Corpus: "c", Category: "class/antagonist", Window: 3, Negated: true, Format: "parquet", Out: "k.parquet",
				Lexicons: "lex", KeyFile: "k", Workers: 2, Negation: negationFlags{Window: 6, Count: true}}, ""},
		{"kwic needs a category", []string{"kwic", "c"}, nil, "--category is required"},
		{"kwic parquet needs -o", []string{"kwic", "c", "--category", "class", "--format", "parquet"}, nil, "needs -o"},
		{"kwic bad format", []string{"kwic", "c", "--category", "class", "--format", "xml"}, nil, "want table, csv or parquet"},
		{"validate", []string{"validate", "--gold", "g.csv", "--json", "--lexicons", "lex", "--split", "test"},
			validateOptions{Gold: "g.csv", JSON: true, Lexicons: "lex", Split: "test", Negation: negationFlags{Window: 4}}, ""},
		{"validate needs gold", []string{"validate"}, nil, "--gold is required"},
		{"sample", []string{"sample", "c", "-n", "50", "--seed", "9", "-o", "s.csv"},
			sampleOptions{Corpus: "c", N: 50, Seed: 9, Out: "s.csv", Negation: negationFlags{Window: 4}}, ""},
		{"sample needs n > 0", []string{"sample", "c", "-n", "0"}, nil, "want a positive number"},
		{"kwic negative workers", []string{"kwic", "c", "--category", "class", "--workers", "-1"}, nil, "--workers -1: want 0 (one per CPU) or a positive number"},
		{"sample negative workers", []string{"sample", "c", "-n", "5", "--workers", "-2"}, nil, "--workers -2: want 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got any
			root := newRootCmd(io)
			for _, c := range root.Commands() {
				switch c.Name() {
				case "kwic":
					root.RemoveCommand(c)
					root.AddCommand(newKwicCmd(io, func(_ context.Context, o *kwicOptions) error { got = *o; return nil }))
				case "validate":
					root.RemoveCommand(c)
					root.AddCommand(newValidateCmd(io, func(_ context.Context, o *validateOptions) error { got = *o; return nil }))
				case "sample":
					root.RemoveCommand(c)
					root.AddCommand(newSampleCmd(io, func(_ context.Context, o *sampleOptions) error { got = *o; return nil }))
				}
			}
			root.SetArgs(tt.args)
			root.SetOut(io.Out)
			root.SetErr(io.Err)
			err := root.ExecuteContext(context.Background())
			if tt.wantErr != "" {
				var fe *flagError
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.As(err, &fe) {
					t.Fatalf("err = %v, want a usage error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("options\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
