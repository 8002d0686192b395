package segment

import (
	"reflect"
	"strings"
	"testing"
)

func words(s Sentence) string {
	var out []string
	for _, t := range s.Tokens {
		w := t.Text
		if t.Hyphen {
			w = "~" + w
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"one", "The rent went up.", []string{"The rent went up ."}},
		{"two", "We decided. They forced us.", []string{"We decided .", "They forced us ."}},
		{"question and bang", "Did it? Yes! Good", []string{"Did it ?", "Yes !", "Good"}},
		{"title abbreviation", "Mr. Okafor said no.", []string{"Mr . Okafor said no ."}},
		{"initials", "J. E. Reyes spoke.", []string{"J . E . Reyes spoke ."}},
		{"lower case after period", "It cost 3.50 an hour. then more", []string{"It cost 3.50 an hour . then more"}},
		{"ellipsis before a capital ends", "Well... I left. Then", []string{"Well . . .", "I left .", "Then"}},
		{"ellipsis before lower case goes on", "Well... we left.", []string{"Well . . . we left ."}},
		{"closing quote stays", `He said "no." We left.`, []string{`He said " no . "`, "We left ."}},
		{"opening quote starts next", `Did it? "Yes."`, []string{"Did it ?", `" Yes . "`}},
		{"hyphen joins", "A white-collar job.", []string{"A white ~collar job ."}},
		{"dotted abbreviation", "The U.S. plant closed.", []string{"The U.S . plant closed ."}},
		{"apostrophes", "It isn't the landlord’s fault.", []string{"It isn't the landlord’s fault ."}},
		{"numbers", "1,200 dollars, 3.5%", []string{"1,200 dollars , 3.5 %"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range Split(tt.in) {
				got = append(got, words(s))
				if tt.in[s.Start:s.End] == "" {
					t.Errorf("empty span %d-%d", s.Start, s.End)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Split(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestOffsets(t *testing.T) {
	in := "Rent’s due.  The boss—again! ¿Qué?"
	for _, s := range Split(in) {
		for _, tk := range s.Tokens {
			if in[tk.Start:tk.End] != tk.Text {
				t.Errorf("token %q at %d-%d reads %q", tk.Text, tk.Start, tk.End, in[tk.Start:tk.End])
			}
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Labour", "labor"},
		{"NEIGHBOURS", "neighbors"},
		{"organise", "organize"},
		{"Organising", "organizing"},
		{"unionised", "unionized"},
		{"capitalism", "capitalism"},
		{"realistic", "realistic"},
		{"Landlord’s", "landlord's"},
		{"centre", "center"},
		{"four", "four"},
		{"Ünïon", "ünïon"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeStem(t *testing.T) {
	tests := []struct{ in, stem, alt string }{
		{"organis", "organiz", "organis"},
		{"Capitalis", "capitaliz", "capitalis"},
		{"organiz", "organiz", ""},
		{"evict", "evict", ""},
		{"racis", "racis", ""},
		{"Labour", "labor", ""},
	}
	for _, tt := range tests {
		stem, alt := NormalizeStem(tt.in)
		if stem != tt.stem || alt != tt.alt {
			t.Errorf("NormalizeStem(%q) = %q, %q, want %q, %q", tt.in, stem, alt, tt.stem, tt.alt)
		}
	}
}

func TestWords(t *testing.T) {
	s := Split("We won 3 votes, finally!")[0]
	if got := s.Words(); got != 5 {
		t.Errorf("Words() = %d, want 5", got)
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"", "Mr. A. B... c? “Yes.” white-collar 1,2.3", "a-", "-a", "'''", "U.S.A.", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		prev := 0
		for _, s := range Split(in) {
			if s.Start < prev || s.End < s.Start || s.End > len(in) {
				t.Fatalf("bad sentence span %d-%d (prev end %d, len %d)", s.Start, s.End, prev, len(in))
			}
			for _, tk := range s.Tokens {
				if in[tk.Start:tk.End] != tk.Text {
					t.Fatalf("token %q does not match its offsets", tk.Text)
				}
			}
			prev = s.End
		}
	})
}

// TestSplitterReuse: a Splitter gives what Split gives, call after call,
// whether its buffers must grow or not.
func TestSplitterReuse(t *testing.T) {
	texts := []string{
		"We organised. They evicted us! Did the union help?",
		"",
		"Short one.",
		strings.Repeat("The landlord's rent went up again, and we couldn't pay. ", 40),
		"Mr. Smith said: \"no.\" I'm done… Really?!",
		"a",
	}
	texts = append(texts, strings.Repeat("Word ", maxKeptTokens+1)) // dropped by Reset
	var sp Splitter
	for round := range 3 {
		for i, text := range texts {
			if round == 2 {
				sp.Reset() // as between documents
			}
			got, want := sp.Split(text), Split(text)
			if len(got) == 0 && len(want) == 0 {
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d, text %d: Splitter.Split = %v, want %v", round, i, got, want)
			}
		}
	}
}

// TestSplitterReset: Reset leaves no reference to the last text in the
// buffers it keeps, and drops a buffer larger than maxKeptTokens.
func TestSplitterReset(t *testing.T) {
	var sp Splitter
	sp.Split("We organised. They evicted us! Did the union help?")
	sp.Reset()
	for i, tok := range sp.toks[:cap(sp.toks)] {
		if tok != (Token{}) {
			t.Fatalf("token %d after Reset = %+v, want the zero Token", i, tok)
		}
	}
	for i, s := range sp.sents[:cap(sp.sents)] {
		if s.Tokens != nil {
			t.Fatalf("sentence %d after Reset holds %d tokens, want none", i, len(s.Tokens))
		}
	}
	sp.Split(strings.Repeat("Word ", maxKeptTokens+1))
	sp.Reset()
	if sp.toks != nil || sp.sents != nil {
		t.Errorf("after Reset of a text of %d tokens: buffers of %d tokens and %d sentences kept, want none", maxKeptTokens+1, cap(sp.toks), cap(sp.sents))
	}
}

// TestSpellingFilter: the filter holds every British spelling (so
// americanize misses none) and rejects most other words.
func TestSpellingFilter(t *testing.T) {
	if spellingFilter.min < 2 {
		t.Fatalf("shortest spelling key has %d bytes; the filter hashes the last two", spellingFilter.min)
	}
	for k, v := range spelling {
		if !spellingFilter.has(k) {
			t.Errorf("filter misses %q", k)
		}
		if got := americanize(k); got != v {
			t.Errorf("americanize(%q) = %q, want %q", k, got, v)
		}
	}
	passed := 0
	words := strings.Fields("the and we our rent landlord wages union they i a it was were had have been story told us " +
		"working class people immigrants strike boss evicted organized labor neighbors color favor centers")
	for _, w := range words {
		if americanize(w) != w {
			t.Errorf("americanize(%q) = %q, want it unchanged", w, americanize(w))
		}
		if spellingFilter.has(w) {
			passed++
		}
	}
	if passed > len(words)/4 {
		t.Errorf("filter lets %d of %d ordinary words through", passed, len(words))
	}
}
