package lexicons_test

import (
	"testing"

	"github.com/drift-project/drift/lexicons"
	"github.com/drift-project/drift/pipeline/lexicon"
	"github.com/drift-project/drift/pipeline/match"
)

// TestLexicons loads the embedded lexicons (every problem is reported with
// file:line:col) and runs every entry of their tests: lists, as drift
// lexicon test does.
func TestLexicons(t *testing.T) {
	set, err := lexicon.Load(lexicons.FS)
	if err != nil {
		t.Fatalf("loading the embedded lexicons:\n%v", err)
	}
	for _, p := range set.Lint {
		t.Logf("lint: %v", p)
	}
	res := match.RunTests(set, match.Options{})
	if res.Run == 0 {
		t.Fatal("the embedded lexicons have no tests")
	}
	for _, f := range res.Failures {
		t.Errorf("%v", f)
	}
	t.Logf("%d lexicon tests, %d failures", res.Run, len(res.Failures))
}
