package main

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestHelpExitStatus checks each command's help names, among the usage
// errors (exit 2), only the folder arguments the command has.
func TestHelpExitStatus(t *testing.T) {
	root := newRootCmd(&IO{})
	tests := []struct {
		path       string
		corpus     bool // mentions a CORPUS folder
		lexiconDir bool // mentions a --lexicons folder
	}{
		{"drift", true, true},
		{"drift run", true, true},
		{"drift kwic", true, true},
		{"drift sample", true, true},
		{"drift reduce", false, false},
		{"drift report", false, false},
		{"drift validate", false, true},
		{"drift lexicon", false, true},
		{"drift lexicon check", false, false},
		{"drift lexicon test", false, true},
		{"drift lexicon show", false, true},
		{"drift lexicon export", false, true},
		{"drift lexicon import", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			cmd := root
			if tt.path != "drift" {
				var err error
				cmd, _, err = root.Find(strings.Fields(tt.path)[1:])
				if err != nil || cmd.CommandPath() != tt.path {
					t.Fatalf("no command %s", tt.path)
				}
			}
			long := exitSection(t, cmd)
			if got := strings.Contains(long, "CORPUS"); got != tt.corpus {
				t.Errorf("exit status help mentions CORPUS: %v, want %v:\n%s", got, tt.corpus, long)
			}
			if got := strings.Contains(long, "--lexicons"); got != tt.lexiconDir {
				t.Errorf("exit status help mentions --lexicons: %v, want %v:\n%s", got, tt.lexiconDir, long)
			}
		})
	}
}

func exitSection(t *testing.T, cmd *cobra.Command) string {
	t.Helper()
	_, after, ok := strings.Cut(cmd.Long, "Exit status:")
	if !ok {
		t.Fatalf("%s --help has no Exit status section", cmd.CommandPath())
	}
	return after
}

// TestValidateHelpDecimals checks the help says how the table and --json
// round, as they do (3 and 4 decimals).
func TestValidateHelpDecimals(t *testing.T) {
	long := newValidateCmd(&IO{}, nil).Long
	if !strings.Contains(long, "3 decimals in the table and 4 in --json") {
		t.Errorf("validate --help does not say the table shows 3 decimals and --json 4:\n%s", long)
	}
}

func TestCount(t *testing.T) {
	tests := []struct {
		n         int
		one, many string
		want      string
	}{
		{0, "problem", "problems", "0 problems"},
		{1, "problem", "problems", "1 problem"},
		{2, "lexicon file", "lexicon files", "2 lexicon files"},
		{1, "entry", "entries", "1 entry"},
	}
	for _, tt := range tests {
		if got := count(tt.n, tt.one, tt.many); got != tt.want {
			t.Errorf("count(%d, %q, %q) = %q, want %q", tt.n, tt.one, tt.many, got, tt.want)
		}
	}
}
