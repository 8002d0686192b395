package segment

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// refTag is tagEach as it was before the tagger merged its lookups
// (vocab) and laid out its scores for speed: a reference the fast tagger
// must match tag for tag.
func refTag(p *perceptron, words []string) []string {
	var out []string
	n := len(words) + 4
	// One lookup per context word for the five word templates and the two
	// context suffix templates.
	wf := make([]*wordFeats, n)
	sf := make([]*sufFeats, n)
	filled := 0
	p1, p2 := p.tagIDs["-START-"], p.tagIDs["-START2-"]
	var sc refScorer
	sc.init(len(p.classes))
	for i, word := range words {
		// predict looks at context words up to i+4 (the word is at i+2).
		for ; filled < min(i+5, n); filled++ {
			var c string
			switch j := filled; {
			case j == 0:
				c = "-START-"
			case j == 1:
				c = "-START2-"
			case j == n-2:
				c = "-END-"
			case j == n-1:
				c = "-END2-"
			default:
				c = proseNormalize(words[j-2])
			}
			wf[filled] = p.words[c]
			sf[filled] = p.suffix[suffix3(c)]
		}
		var tag string
		id := uint16(0) // the tag's id, when a feature names it
		switch {
		case word == "-":
			tag = "-"
		case emoticons[word]:
			tag = "SYM"
		case strings.IndexByte(word, '.') >= 0 && linkRE.MatchString(word),
			strings.IndexByte(word, '@') >= 0 && emailRE.MatchString(word),
			strings.HasPrefix(word, "@"):
			tag = "NN"
		case (word == "0" || strings.HasPrefix(word, "*")) && noneRE.MatchString(word):
			tag = "-NONE-"
		case len(word) == 5 && word[0] == '-' && keepRE.MatchString(word):
			tag = word
		default:
			if r, ok := p.tagMap[word]; ok {
				tag, id = r.name, r.id
			} else if k := refPredict(p, &sc, i+2, wf, sf, word, p1, p2); k >= 0 {
				tag, id = p.classes[k], p.classID[k]
			}
		}
		if id == 0 && tag != "" {
			id = p.tagIDs[tag]
		}
		out = append(out, tag)
		p2, p1 = p1, id
	}
	return out
}

// scorer holds per-class scores between features of one word.
type refScorer struct {
	score []float64
	seen  []bool
}

func (s *refScorer) init(n int) {
	s.score = make([]float64, n)
	s.seen = make([]bool, n)
}

func (s *refScorer) add(ws []classWeight) {
	for _, cw := range ws {
		s.score[cw.class] += cw.w
		s.seen[cw.class] = true
	}
}

// predict scores the features prose's featurize gives the word at context
// index c, whose previous tags have ids p1 and p2, and returns the index of
// the best class among those that scored (-1 when none did; prose then
// gives ""). Features are added in featurize's order.
func refPredict(p *perceptron, s *refScorer, c int, wf []*wordFeats, sf []*sufFeats, w string, p1, p2 uint16) int {
	clear(s.score)
	clear(s.seen)
	s.add(p.bias)
	if f := p.suffix[suffix3(w)]; f != nil {
		s.add(f.i)
	}
	s.add(p.pref1[w[0]])
	s.add(p.tag1[p1])
	s.add(p.tag2[p2])
	s.add(p.tagPair[int(p1)*len(p.tag1)+int(p2)])
	if f := wf[c]; f != nil {
		s.add(f.i)
		for _, t := range f.afterTag {
			if t.tag == p1 {
				s.add(t.ws)
				break
			}
		}
	}
	if f := wf[c-1]; f != nil {
		s.add(f.m1)
	}
	if f := sf[c-1]; f != nil {
		s.add(f.m1)
	}
	if f := wf[c-2]; f != nil {
		s.add(f.m2)
	}
	if f := wf[c+1]; f != nil {
		s.add(f.p1)
	}
	if f := sf[c+1]; f != nil {
		s.add(f.p1)
	}
	if f := wf[c+2]; f != nil {
		s.add(f.p2)
	}
	best, class := math.Inf(-1), -1
	for k, v := range s.score {
		if s.seen[k] && v > best {
			best, class = v, k
		}
	}
	return class
}

// TestTagsMatchReference checks tagEach against refTag on the sample
// sentences and the tokenizer's cases.
func TestTagsMatchReference(t *testing.T) {
	tg.Preload()
	for _, s := range append(tokenizeCases, sampleSentences(t)...) {
		words := proseTokenize(s, nil)
		if got, want := tg.tagger.tag(words), refTag(tg.tagger, words); !slices.Equal(got, want) {
			t.Errorf("%q: tags %q, reference %q", s, got, want)
		}
	}
}

// FuzzTagsReference checks tagEach against refTag on any text.
func FuzzTagsReference(f *testing.F) {
	for _, s := range tokenizeCases {
		f.Add(s)
	}
	f.Add("My landlord didn't fix the heating :-) so we organised a rent strike.")
	f.Add("Email me at jo@example.org or see www.example.com/rent - it's 3,200 words.")
	f.Add("The -LRB- tag and *T*-1 traces and 0 are Treebank leftovers.")
	tg.Preload()
	f.Fuzz(func(t *testing.T, s string) {
		words := proseTokenize(s, nil)
		if got, want := tg.tagger.tag(words), refTag(tg.tagger, words); !slices.Equal(got, want) {
			t.Errorf("%q: tags %q, reference %q", s, got, want)
		}
	})
}

func TestEmoticon(t *testing.T) {
	for e := range emoticons {
		if !emoticon(e) {
			t.Errorf("emoticon(%q) = false", e)
		}
	}
	for _, s := range []string{"", "x", "X", "8", "xd", "rent", ":", "(", "XDDD"} {
		if emoticon(s) != emoticons[s] {
			t.Errorf("emoticon(%q) = %v", s, emoticon(s))
		}
	}
}

// TestPredictNoneAboveZero: when no class scores above 0, the best class
// is the best of those that scored, not one no feature names (which scores
// 0); prose's predict looks only at the classes that scored.
func TestPredictNoneAboveZero(t *testing.T) {
	wts := map[string]map[string]float64{
		"bias":       {"A": -2, "B": -1},
		"i word x":   {"A": 1.5},
		"i suffix y": {"D": -3},
	}
	p, ok := buildPerceptron(wts, map[string]string{}, []string{"A", "B", "C", "D"}, false)
	if !ok || p == nil {
		t.Fatal("buildPerceptron failed")
	}
	for _, tt := range []struct{ words, want []string }{
		{[]string{"x"}, []string{"A"}},           // A -0.5, B -1; C and D never scored
		{[]string{"z", "y"}, []string{"B", "B"}}, // D scored -3
	} {
		if got, ref := p.tag(tt.words), refTag(p, tt.words); !slices.Equal(got, tt.want) || !slices.Equal(ref, tt.want) {
			t.Errorf("tag(%q) = %q, reference %q, want %q", tt.words, got, ref, tt.want)
		}
	}
}
