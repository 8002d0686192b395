package segment

import (
	"slices"
	"strings"
	"testing"

	"github.com/jdkato/prose/v2"
)

// proseTokens is prose's tokenization of s; ok is false when prose panics
// (it slices the original word at an offset found in its lower-case form,
// which is out of range when lower-casing changes the length, as with
// invalid UTF-8: "\xb7\xb7N'T").
func proseTokens(t testing.TB, s string) (out []string, ok bool) {
	defer func() {
		if recover() != nil {
			out, ok = nil, false
		}
	}()
	d, err := prose.NewDocument(s, prose.WithSegmentation(false), prose.WithTagging(false), prose.WithExtraction(false))
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range d.Tokens() {
		out = append(out, tk.Text)
	}
	return out, true
}

var tokenizeCases = []string{
	"", " ", "  \n\t ", "Hello, world!", "I don't know; they'll see (maybe).", `"Quoted," she said.`,
	"U.S. policy, e.g. Mr. Smith's $100 [sic] ($5).", "Won't WON'T can't 'sa 's n't", "8-) :-) (ಠ_ಠ) :(",
	"“Curly” ‘quotes’ and &rsquo; entities", "İstanbul'S NAN'T", "end...", "a\u00a0b", "x))).", "))",
	// a plain word and closing punctuation (punctTail)
	`Mr. Dec., Sun.) Abc. ABC. Ab.: xD. XDD! 8D) 8-) rent," it." end.' A. a. I. T.V. fine!? no.. we'll, "so"`,
}

func TestProseTokenize(t *testing.T) {
	for _, s := range append(tokenizeCases, sampleSentences(t)...) {
		got := proseTokenize(s, nil)
		want, ok := proseTokens(t, s)
		if !ok {
			t.Fatalf("prose panics on %q", s)
		}
		if !slices.Equal(got, want) {
			t.Errorf("proseTokenize(%q)\n got %q\nwant %q", s, got, want)
		}
	}
}

func FuzzProseTokenize(f *testing.F) {
	for _, s := range tokenizeCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := proseTokenize(s, nil)
		want, ok := proseTokens(t, s)
		if ok && !slices.Equal(got, want) {
			t.Errorf("proseTokenize(%q)\n got %q\nwant %q", s, got, want)
		}
	})
}

// TestIssue9TagsNoPanic: prose's tokenizer panics on some words whose
// lower-case form is longer (invalid UTF-8 before "N'T"), which ended a
// whole run; Tags must not.
func TestIssue9TagsNoPanic(t *testing.T) {
	for _, s := range []string{"\xb7\xb7N'T", "I said \xff\xfeDON'T go.", "İİİ'S"} {
		tg.Tags(s)
	}
}

// proseSanitizer is prose's sanitizer, which proseSanitize stands for.
var proseSanitizer = strings.NewReplacer("\u201c", `"`, "\u201d", `"`, "\u2018", "'", "\u2019", "'", "&rsquo;", "'")

var sanitizeCases = []string{"", "plain", "“Curly” ‘quotes’ and &rsquo; entities", "a—b", "&rsquo", "&rsquo;&rsquo;", "\xe2\x80", "x\xe2\x80\x9c", "\xe2\xe2\x80\x99"}

// FuzzProseSanitize checks proseSanitize against the Replacer it stands for.
func FuzzProseSanitize(f *testing.F) {
	for _, s := range append(sanitizeCases, tokenizeCases...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := proseSanitize(s), proseSanitizer.Replace(s); got != want {
			t.Errorf("proseSanitize(%q) = %q, want %q", s, got, want)
		}
	})
}
