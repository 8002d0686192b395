package segment

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/jdkato/prose/v2"
)

// perceptron is prose's averaged-perceptron POS tagger (a port of
// TextBlob's), re-implemented over the same model weights with a compact
// layout: prose keeps map[feature]map[class]float64 and builds a map of
// features and a map of scores for every word it tags, which made tagging
// about half of a whole drift run. Here a feature's weights are a short
// slice indexed by class number, feature keys are built in a reused buffer,
// and scores live in a fixed array, so tagging a word allocates nothing.
//
// The tags are prose's: the same features, the same special cases (the
// hyphen, emoticons, links, e-mail addresses, the tag dictionary), and the
// same choice of the highest-scoring class among those that scored. The
// one difference: prose breaks exact ties in scores by map order (at
// random); this picks the class that sorts first.
type perceptron struct {
	classes []string
	tagMap  map[string]string
	weights map[string][]classWeight
}

type classWeight struct {
	class uint16
	w     float64
}

// Patterns prose's tagger checks before it predicts; see prose's tag.go and
// github.com/mingrammer/commonregex.
var (
	noneRE  = regexp.MustCompile(`^(?:0|\*[\w?]\*|\*\-\d{1,3}|\*[A-Z]+\*\-\d{1,3}|\*)$`)
	keepRE  = regexp.MustCompile(`^\-[A-Z]{3}\-$`)
	linkRE  = regexp.MustCompile(`(?:(?:https?:\/\/)?(?:[a-z0-9.\-]+|www|[a-z0-9.\-])[.](?:[^\s()<>]+|\((?:[^\s()<>]+|(?:\([^\s()<>]+\)))*\))+(?:\((?:[^\s()<>]+|(?:\([^\s()<>]+\)))*\)|[^\s!()\[\]{};:\'".,<>?]))`)
	emailRE = regexp.MustCompile(`(?i)([A-Za-z0-9!#$%&'*+\/=?^_{|.}~-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)`)
)

func decodeAsset(name string, v any) error {
	b, err := prose.Asset("model/AveragedPerceptron/" + name)
	if err != nil {
		return err
	}
	return gob.NewDecoder(bytes.NewReader(b)).Decode(v)
}

// loadPerceptron reads prose's embedded tagger model.
func loadPerceptron() (*perceptron, error) {
	var wts map[string]map[string]float64
	var tags map[string]string
	var classes []string
	for _, a := range []struct {
		name string
		v    any
	}{{"classes.gob", &classes}, {"tags.gob", &tags}, {"weights.gob", &wts}} {
		if err := decodeAsset(a.name, a.v); err != nil {
			return nil, fmt.Errorf("loading prose's tagger model %s: %w", a.name, err)
		}
	}
	// Classes in sorted order, so ties resolve the same way on every run.
	seen := map[string]bool{}
	for _, c := range classes {
		seen[c] = true
	}
	for _, ws := range wts {
		for c := range ws {
			seen[c] = true
		}
	}
	all := make([]string, 0, len(seen))
	for c := range seen {
		all = append(all, c)
	}
	sort.Strings(all)
	if len(all) > math.MaxUint16 {
		return nil, fmt.Errorf("prose's tagger model has %d classes", len(all))
	}
	idx := make(map[string]uint16, len(all))
	for i, c := range all {
		idx[c] = uint16(i)
	}
	p := &perceptron{classes: all, tagMap: tags, weights: make(map[string][]classWeight, len(wts))}
	for f, ws := range wts {
		cw := make([]classWeight, 0, len(ws))
		for c, w := range ws {
			cw = append(cw, classWeight{idx[c], w})
		}
		sort.Slice(cw, func(i, j int) bool { return cw[i].class < cw[j].class })
		p.weights[f] = cw
	}
	return p, nil
}

// proseNormalize is the word form prose's tagger uses as context.
func proseNormalize(word string) string {
	if word == "" {
		return word
	}
	first := string(rune(word[0]))
	if strings.Contains(word, "-") && first != "-" {
		return "!HYPHEN"
	} else if _, err := strconv.Atoi(word); err == nil && len(word) == 4 {
		return "!YEAR"
	} else if word[0] >= '0' && word[0] <= '9' {
		return "!DIGITS"
	}
	return strings.ToLower(word)
}

// tag returns the POS tag of each word.
func (p *perceptron) tag(words []string) []string {
	tags := make([]string, len(words))
	ctx := make([]string, len(words)+4)
	ctx[0], ctx[1] = "-START-", "-START2-"
	for i, w := range words {
		ctx[i+2] = proseNormalize(w)
	}
	ctx[len(ctx)-2], ctx[len(ctx)-1] = "-END-", "-END2-"
	p1, p2 := "-START-", "-START2-"
	var sc scorer
	sc.init(len(p.classes))
	for i, word := range words {
		var tag string
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
			var ok bool
			if tag, ok = p.tagMap[word]; !ok {
				tag = p.predict(&sc, i, ctx, word, p1, p2)
			}
		}
		tags[i] = tag
		p2, p1 = p1, tag
	}
	return tags
}

// scorer holds per-class scores between features of one word.
type scorer struct {
	score []float64
	seen  []bool
	buf   []byte
}

func (s *scorer) init(n int) {
	s.score = make([]float64, n)
	s.seen = make([]bool, n)
	s.buf = make([]byte, 0, 64)
}

// add adds the weights of the feature whose key is the words joined by
// spaces, as prose's featurize builds it.
func (p *perceptron) add(s *scorer, parts ...string) {
	b := s.buf[:0]
	for i, x := range parts {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, x...)
	}
	s.buf = b
	for _, cw := range p.weights[string(b)] {
		s.score[cw.class] += cw.w
		s.seen[cw.class] = true
	}
}

// predict scores the features prose's featurize gives word i and returns
// the best class among those that scored ("" when none did, as in prose).
func (p *perceptron) predict(s *scorer, i int, ctx []string, w, p1, p2 string) string {
	clear(s.score)
	clear(s.seen)
	suf := min(len(w), 3)
	i = min(len(ctx)-2, i+2)
	iminus := min(len(ctx[i-1]), 3)
	iplus := min(len(ctx[i+1]), 3)
	p.add(s, "bias")
	p.add(s, "i suffix", w[len(w)-suf:])
	p.add(s, "i pref1", string(rune(w[0])))
	p.add(s, "i-1 tag", p1)
	p.add(s, "i-2 tag", p2)
	p.add(s, "i tag+i-2 tag", p1, p2)
	p.add(s, "i word", ctx[i])
	p.add(s, "i-1 tag+i word", p1, ctx[i])
	p.add(s, "i-1 word", ctx[i-1])
	p.add(s, "i-1 suffix", ctx[i-1][len(ctx[i-1])-iminus:])
	p.add(s, "i-2 word", ctx[i-2])
	p.add(s, "i+1 word", ctx[i+1])
	p.add(s, "i+1 suffix", ctx[i+1][len(ctx[i+1])-iplus:])
	p.add(s, "i+2 word", ctx[i+2])
	best, class := math.Inf(-1), ""
	for c, v := range s.score {
		if s.seen[c] && v > best {
			best, class = v, p.classes[c]
		}
	}
	return class
}
