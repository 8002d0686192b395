package match

import (
	"fmt"
	"sort"
	"strings"

	"github.com/drift-project/drift/pipeline/lexicon"
)

// TestFailure is one lexicon test sentence that did not get the categories
// its test asks for.
type TestFailure struct {
	File string
	Line int
	Text string
	Msg  string
}

func (f TestFailure) String() string {
	return fmt.Sprintf("%s:%d: %s\n\t%q", f.File, f.Line, f.Msg, f.Text)
}

// TestResult counts the tests run and lists the failures.
type TestResult struct {
	Run      int
	Failures []TestFailure
}

// RunTests runs every lexicon's tests: each test sentence is matched with
// a matcher of its own lexicon alone, as a participant turn, and must get a
// counted hit of every category in match and none of any category in
// no_match. A category is written "class" (any subcategory) or
// "class/antagonist". Tagger is ignored: tests never need POS tags.
func RunTests(set *lexicon.Set, opts Options) TestResult {
	var res TestResult
	opts.Tagger = nil
	for _, l := range set.Lexicons {
		e := &Engine{M: lexicon.Compile(&lexicon.Set{Lexicons: []*lexicon.Lexicon{l}}), Opts: opts}
		for _, t := range l.Tests {
			res.Run++
			got := Categories(e, t.Text)
			var msgs []string
			for _, c := range t.Match {
				if _, ok := got[c]; !ok {
					msgs = append(msgs, fmt.Sprintf("want %s, got %s", c, describe(got)))
				}
			}
			for _, c := range t.NoMatch {
				if entries, ok := got[c]; ok {
					msgs = append(msgs, fmt.Sprintf("want no %s, got it from %s", c, strings.Join(entries, ", ")))
				}
			}
			for _, m := range msgs {
				res.Failures = append(res.Failures, TestFailure{File: l.File, Line: t.Line, Text: t.Text, Msg: m})
			}
		}
	}
	return res
}

// Categories matches text as one participant turn and returns, for every
// category and category/subcategory with a counted hit, the entries that
// hit ("identity/race: race").
func Categories(e *Engine, text string) map[string][]string {
	got := map[string][]string{}
	for _, h := range e.Match(text, false).Hits {
		if !h.Counted() {
			continue
		}
		l := e.M.Labels[h.Label]
		what := fmt.Sprintf("%q (%s/%s)", h.Surface, l.Category, l.Subcategory)
		got[l.Category] = append(got[l.Category], what)
		got[l.Category+"/"+l.Subcategory] = append(got[l.Category+"/"+l.Subcategory], what)
	}
	return got
}

func describe(got map[string][]string) string {
	var cats []string
	for c := range got {
		if strings.Contains(c, "/") {
			cats = append(cats, c)
		}
	}
	if len(cats) == 0 {
		return "no counted hit"
	}
	sort.Strings(cats)
	return strings.Join(cats, ", ")
}
