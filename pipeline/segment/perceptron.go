package segment

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/jdkato/prose/v2"
)

// perceptron is prose's averaged-perceptron POS tagger (a port of
// TextBlob's), re-implemented over the same model weights with a compact
// layout: prose keeps map[feature]map[class]float64 and builds a map of
// features and a map of scores for every word it tags, which made tagging
// about half of a whole drift run. Here the features are split by template
// when the model loads, so no feature key is built while tagging: a
// feature's weights are a short slice of (class, weight), the word
// templates share one lookup per context word, previous tags are small
// integers indexing arrays, and scores live in a fixed array.
//
// The tags are prose's: the same features added in the same order, the
// same special cases (the hyphen, emoticons, links, e-mail addresses, the
// tag dictionary), and the same choice of the highest-scoring class among
// those that scored. prose sums scores in map order, so near-ties can come
// out either way from one run to the next; this sums in a fixed order and
// gives exact ties to the class that sorts first.
type perceptron struct {
	classes []string
	classID []uint16          // tag id of each class
	tagMap  map[string]tagRef // prose's dictionary of unambiguous words
	tagIDs  map[string]uint16 // every tag a feature mentions; 0 is none

	// The model's features, split by template. A feature key is a
	// template name and its values joined by spaces ("i-1 word n't");
	// here each template has its own table keyed by the values alone,
	// and the five word templates share one lookup per word.
	bias   []classWeight
	biased scorer                // the scores after the bias alone, which every prediction starts from
	words  map[string]*wordFeats // context word -> its weights in the word templates
	suffix map[string]*sufFeats  // three-byte suffix -> its weights in the suffix templates
	pref1  [256][]classWeight    // "i pref1": the word's first byte

	// vocab merges words, suffix and tagMap for the tagger's lookups: one
	// per lower-case word it knows, instead of four (see tagEach).
	vocab map[string]vocabEntry

	states  sync.Pool       // of *tagState, tagEach's buffers
	tag1    [][]classWeight // "i-1 tag", by tag id
	tag2    [][]classWeight // "i-2 tag", by tag id
	tagPair [][]classWeight // "i tag+i-2 tag": previous two tags, by id1*len(tagIDs)+id2
}

// vocabEntry is what the tagger needs to know of a word it may meet
// written as key: its weights as a context word (key being the normalized
// form), its suffix's weights, and its tag in the dictionary (key being
// the word as written).
type vocabEntry struct {
	feats *wordFeats // words[key]
	suf   *sufFeats  // suffix[suffix3(key)]
	tag   tagRef     // tagMap[key]
	dict  bool       // key is in tagMap
}

type tagRef struct {
	name string
	id   uint16
}

// wordFeats holds one context word's weights: as the word itself ("i
// word"), and as the word before, two before, after and two after.
type wordFeats struct {
	i, m1, m2, p1, p2 []classWeight
	afterTag          []tagWeights // "i-1 tag+i word": this word after a tag
}

type tagWeights struct {
	tag uint16
	ws  []classWeight
}

// sufFeats holds one suffix's weights: of the word as written ("i
// suffix"), and of the context word before and after.
type sufFeats struct {
	i, m1, p1 []classWeight
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
	var tags map[string]string
	var classes []string
	for _, a := range []struct {
		name string
		v    any
	}{{"classes.gob", &classes}, {"tags.gob", &tags}} {
		if err := decodeAsset(a.name, a.v); err != nil {
			return nil, fmt.Errorf("loading prose's tagger model %s: %w", a.name, err)
		}
	}
	raw, err := prose.Asset("model/AveragedPerceptron/weights.gob")
	if err != nil {
		return nil, fmt.Errorf("loading prose's tagger model weights.gob: %w", err)
	}
	// The weights are read straight from their gob stream (see
	// readWeights), which took less than half the CPU of decoding them
	// into maps and laying those out. The stream is a map of maps, the
	// only value it can hold; should it not read as one, or name a class
	// classes.gob lacks, the model is decoded with encoding/gob.
	if p, ok := perceptronFromStream(raw, tags, classes); ok {
		return p, nil
	}
	var wts map[string]map[string]float64
	if err := gob.NewDecoder(bytes.NewReader(raw)).Decode(&wts); err != nil {
		return nil, fmt.Errorf("loading prose's tagger model weights.gob: %w", err)
	}
	// Classes in sorted order, so ties resolve the same way on every run:
	// those of classes.gob, and any other a weight names (none in prose's
	// model; looking costs a pass over every weight, so it is made only
	// when the weights turn out to name one).
	p, ok := buildPerceptron(wts, tags, classes, false)
	if !ok {
		p, _ = buildPerceptron(wts, tags, classes, true)
	}
	if p == nil {
		return nil, fmt.Errorf("prose's tagger model has too many classes or tags")
	}
	return p, nil
}

// readModel decodes the three assets of prose's tagger model: the
// weights by feature and class, the tags of unambiguous words, and the
// classes.
func readModel() (wts map[string]map[string]float64, tags map[string]string, classes []string, err error) {
	for _, a := range []struct {
		name string
		v    any
	}{{"classes.gob", &classes}, {"tags.gob", &tags}, {"weights.gob", &wts}} {
		if err := decodeAsset(a.name, a.v); err != nil {
			return nil, nil, nil, fmt.Errorf("loading prose's tagger model %s: %w", a.name, err)
		}
	}
	return wts, tags, classes, nil
}

// buildPerceptron lays out prose's model. With allClasses false it takes
// the classes from classes alone and reports false if a weight names
// another.
func buildPerceptron(wts map[string]map[string]float64, tags map[string]string, classes []string, allClasses bool) (*perceptron, bool) {
	all := slices.Clone(classes)
	if allClasses {
		for _, ws := range wts {
			for c := range ws {
				all = append(all, c)
			}
		}
	}
	l := newLayout(all, tags)
	if l == nil {
		return nil, true
	}
	n := 0
	for _, ws := range wts {
		n += len(ws)
	}
	backing := make([]classWeight, 0, n) // one allocation for every feature's weights
	for f, ws := range wts {
		cw := backing[len(backing) : len(backing) : len(backing)+len(ws)]
		for c, w := range ws {
			id, ok := l.idx[c]
			if !ok {
				return nil, false
			}
			cw = append(cw, classWeight{id, w})
		}
		backing = backing[:len(backing)+len(cw)]
		l.feature(f, cw)
	}
	return l.finish(), true
}

// perceptronFromStream lays out prose's model as buildPerceptron does,
// reading the weights from weights.gob as it is (see readWeights); false
// when the stream does not read as a map of maps or a weight names a
// class that classes lacks.
func perceptronFromStream(raw []byte, tags map[string]string, classes []string) (*perceptron, bool) {
	l := newLayout(slices.Clone(classes), tags)
	if l == nil {
		return nil, false
	}
	var backing []classWeight // chunks, each shared by many features
	known := true
	err := readWeights(raw, func(f []byte, n int, next func() ([]byte, float64, bool)) bool {
		if cap(backing)-len(backing) < n {
			backing = make([]classWeight, 0, max(n, 1<<14))
		}
		cw := backing[len(backing) : len(backing) : len(backing)+n]
		for range n {
			c, w, ok := next()
			if !ok {
				return false
			}
			id, ok := l.idx[string(c)]
			if !ok {
				known = false
				return false
			}
			cw = append(cw, classWeight{id, w})
		}
		backing = backing[:len(backing)+len(cw)]
		l.feature(string(f), cw)
		return true
	})
	if err != nil || !known {
		return nil, false
	}
	p := l.finish()
	return p, p != nil
}

// layout is a perceptron being laid out from prose's model, feature by
// feature.
type layout struct {
	p        *perceptron
	idx      map[string]uint16 // class -> its index in p.classes
	tagFeats []tagFeat         // features naming tags, laid out by finish
}

type tagFeat struct {
	tmpl, a, b string
	ws         []classWeight
}

// newLayout starts a layout with the given classes (sorted and made
// unique here) and tag dictionary; nil when there are too many classes.
func newLayout(classes []string, tags map[string]string) *layout {
	slices.Sort(classes)
	all := slices.Compact(classes)
	if len(all) > math.MaxUint16 {
		return nil
	}
	idx := make(map[string]uint16, len(all))
	for i, c := range all {
		idx[c] = uint16(i)
	}
	p := &perceptron{
		classes: all, tagMap: make(map[string]tagRef, len(tags)), tagIDs: map[string]uint16{"": 0},
		words: map[string]*wordFeats{}, suffix: map[string]*sufFeats{},
	}
	l := &layout{p: p, idx: idx}
	for _, c := range all {
		p.classID = append(p.classID, l.tagID(c))
	}
	for w, t := range tags {
		p.tagMap[w] = tagRef{t, l.tagID(t)}
	}
	return l
}

func (l *layout) tagID(t string) uint16 {
	id, ok := l.p.tagIDs[t]
	if !ok {
		id = uint16(len(l.p.tagIDs))
		l.p.tagIDs[t] = id
	}
	return id
}

func (l *layout) word(v string) *wordFeats {
	f := l.p.words[v]
	if f == nil {
		f = &wordFeats{}
		l.p.words[v] = f
	}
	return f
}

func (l *layout) suf(v string) *sufFeats {
	f := l.p.suffix[v]
	if f == nil {
		f = &sufFeats{}
		l.p.suffix[v] = f
	}
	return f
}

// feature lays out feature f, whose weights cw it sorts by class.
func (l *layout) feature(f string, cw []classWeight) {
	p := l.p
	slices.SortFunc(cw, func(a, b classWeight) int { return int(a.class) - int(b.class) })
	tmpl, v, ok := splitFeature(f)
	if !ok {
		return // not a feature prose's featurize makes
	}
	switch tmpl {
	case "bias":
		p.bias = cw
	case "i word":
		l.word(v).i = cw
	case "i-1 word":
		l.word(v).m1 = cw
	case "i-2 word":
		l.word(v).m2 = cw
	case "i+1 word":
		l.word(v).p1 = cw
	case "i+2 word":
		l.word(v).p2 = cw
	case "i suffix":
		l.suf(v).i = cw
	case "i-1 suffix":
		l.suf(v).m1 = cw
	case "i+1 suffix":
		l.suf(v).p1 = cw
	case "i pref1":
		for b := 0; b < 256; b++ {
			if string(rune(b)) == v {
				p.pref1[b] = cw
			}
		}
	case "i-1 tag", "i-2 tag":
		l.tagID(v)
		l.tagFeats = append(l.tagFeats, tagFeat{tmpl, v, "", cw})
	case "i tag+i-2 tag", "i-1 tag+i word":
		a, b, ok := strings.Cut(v, " ")
		if !ok {
			return
		}
		l.tagID(a)
		if tmpl == "i tag+i-2 tag" {
			l.tagID(b)
		}
		l.tagFeats = append(l.tagFeats, tagFeat{tmpl, a, b, cw})
	}
}

// finish lays out the features that name tags, once every tag has its id;
// nil when there are too many tags.
func (l *layout) finish() *perceptron {
	p := l.p
	if len(p.tagIDs)*len(p.tagIDs) > 1<<20 {
		return nil
	}
	nt := len(p.tagIDs)
	p.tag1, p.tag2, p.tagPair = make([][]classWeight, nt), make([][]classWeight, nt), make([][]classWeight, nt*nt)
	for _, f := range l.tagFeats {
		a := int(p.tagIDs[f.a])
		switch f.tmpl {
		case "i-1 tag":
			p.tag1[a] = f.ws
		case "i-2 tag":
			p.tag2[a] = f.ws
		case "i tag+i-2 tag":
			p.tagPair[a*nt+int(p.tagIDs[f.b])] = f.ws
		case "i-1 tag+i word":
			wf := l.word(f.b)
			wf.afterTag = append(wf.afterTag, tagWeights{uint16(a), f.ws})
		}
	}
	p.vocab = make(map[string]vocabEntry, len(p.words)+len(p.tagMap))
	for w, f := range p.words {
		p.vocab[w] = vocabEntry{feats: f, suf: p.suffix[suffix3(w)]}
	}
	for w, r := range p.tagMap {
		e, ok := p.vocab[w]
		if !ok {
			e.suf = p.suffix[suffix3(w)]
		}
		e.tag, e.dict = r, true
		p.vocab[w] = e
	}
	p.biased.init(len(p.classes))
	p.biased.add(p.bias)
	return p
}

// proseNormalize is the word form prose's tagger uses as context.
func proseNormalize(word string) string {
	if word == "" {
		return word
	}
	// prose compares string(rune(word[0])) with "-", which is word[0] == '-'.
	if strings.Contains(word, "-") && word[0] != '-' {
		return "!HYPHEN"
	} else if len(word) == 4 && isAtoi(word) {
		return "!YEAR"
	} else if word[0] >= '0' && word[0] <= '9' {
		return "!DIGITS"
	}
	return strings.ToLower(word)
}

// isAtoi reports whether strconv.Atoi(s) succeeds for s shorter than 19
// bytes (too short to overflow): an optional sign, then one or more ASCII
// digits. Atoi allocates an error, with a copy of s, for every word it
// rejects.
func isAtoi(s string) bool {
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// templates are the feature names of prose's featurize, longest first so
// "i-1 tag+i word" is not taken for "i-1 tag".
var templates = []string{
	"i tag+i-2 tag", "i-1 tag+i word", "i-1 suffix", "i+1 suffix", "i suffix", "i pref1",
	"i-1 tag", "i-2 tag", "i-1 word", "i-2 word", "i+1 word", "i+2 word", "i word",
}

// splitFeature splits a feature key into its template and values.
func splitFeature(f string) (tmpl, v string, ok bool) {
	if f == "bias" {
		return f, "", true
	}
	for _, t := range templates {
		if len(f) > len(t) && f[len(t)] == ' ' && f[:len(t)] == t {
			return t, f[len(t)+1:], true
		}
	}
	return "", "", false
}

// suffix3 is the last three bytes of s, as prose's featurize cuts it.
func suffix3(s string) string {
	return s[len(s)-min(len(s), 3):]
}

// tag returns the POS tag of each word.
func (p *perceptron) tag(words []string) []string {
	tags := make([]string, len(words))
	p.tagEach(words, func(i int, tag string) bool {
		tags[i] = tag
		return true
	})
	return tags
}

// tagEach tags words left to right and calls fn with each word's index and
// tag until fn returns false. The tagger is greedy: a word's tag depends on
// the words around it and the two tags before it, never on a later tag, so
// the tags given are those tag returns, and stopping early skips the work
// for the rest (including the context lookups, made as the tagger reaches
// them).
func (p *perceptron) tagEach(words []string, fn func(i int, tag string) bool) {
	n := len(words) + 4
	// One lookup per context word for the five word templates and the two
	// context suffix templates; for a word that is its own context form
	// (most: lower case, no hyphen, no digit first), the same lookup gives
	// its own suffix's weights and its entry in the tag dictionary.
	st, _ := p.states.Get().(*tagState)
	if st == nil {
		st = &tagState{}
		st.sc.init(len(p.classes))
	}
	defer p.states.Put(st)
	if cap(st.ctx) < n {
		st.ctx = make([]context, n+n/2)
	}
	ctx, sc := st.ctx[:n], &st.sc
	filled := 0
	p1, p2 := p.tagIDs["-START-"], p.tagIDs["-START2-"]
	for i, word := range words {
		// predict looks at context words up to i+4 (the word is at i+2).
		for ; filled < min(i+5, n); filled++ {
			var c string
			self := false
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
				self = c == words[j-2]
			}
			e, ok := p.vocab[c]
			if !ok {
				e.suf = p.suffix[suffix3(c)]
			}
			ctx[filled] = context{e, self}
		}
		var tag string
		id := uint16(0) // the tag's id, when a feature names it
		switch {
		case word == "-":
			tag = "-"
		case emoticon(word):
			tag = "SYM"
		case len(word) >= minLinkLen && strings.IndexByte(word, '.') >= 0 && linkRE.MatchString(word),
			strings.IndexByte(word, '@') >= 0 && emailRE.MatchString(word),
			strings.HasPrefix(word, "@"):
			tag = "NN"
		case (word == "0" || strings.HasPrefix(word, "*")) && noneRE.MatchString(word):
			tag = "-NONE-"
		case len(word) == 5 && word[0] == '-' && keepRE.MatchString(word):
			tag = word
		default:
			e := ctx[i+2].vocabEntry // of the word as written, when it is its context form
			if !ctx[i+2].self {
				var ok bool
				if e, ok = p.vocab[word]; !ok {
					e.suf = p.suffix[suffix3(word)]
				}
			}
			if e.dict {
				tag, id = e.tag.name, e.tag.id
			} else if k := p.predict(sc, i+2, ctx, e.suf, word, p1, p2); k >= 0 {
				tag, id = p.classes[k], p.classID[k]
			}
		}
		if id == 0 && tag != "" {
			id = p.tagIDs[tag]
		}
		if !fn(i, tag) {
			return
		}
		p2, p1 = p1, id
	}
}

// tagState is tagEach's scratch space, reused from one call to the next:
// it holds nothing of the words tagged, only pointers into the model.
type tagState struct {
	ctx []context
	sc  scorer
}

// context is what tagEach looked up for one context word.
type context struct {
	vocabEntry      // of its normalized form
	self       bool // the normalized form is the word as written
}

// minLinkLen is the length of the shortest text linkRE matches: a
// character, a dot, and two more.
const minLinkLen = 4

// scorer holds per-class scores between features of one word.
type scorer struct {
	score []float64
	seen  []bool
	feats [16][]classWeight // the weights of the word's features after the bias
}

func (s *scorer) init(n int) {
	s.score = make([]float64, n)
	s.seen = make([]bool, n)
}

func (s *scorer) add(ws []classWeight) {
	for _, cw := range ws {
		s.score[cw.class] += cw.w
		s.seen[cw.class] = true
	}
}

// predict scores the features prose's featurize gives the word w at
// context index c, whose suffix has the weights suf and whose previous
// tags have ids p1 and p2, and returns the index of the best class among
// those that scored (-1 when none did; prose then gives ""). Features are
// added in featurize's order.
//
// Which classes scored is worked out only when it matters: a class no
// feature names scores exactly 0, so when the best score over all classes
// is above 0 the first class with it scored, and is the answer.
func (p *perceptron) predict(s *scorer, c int, ctx []context, suf *sufFeats, w string, p1, p2 uint16) int {
	fs := s.feats[:0]
	if suf != nil {
		fs = append(fs, suf.i)
	}
	fs = append(fs, p.pref1[w[0]], p.tag1[p1], p.tag2[p2], p.tagPair[int(p1)*len(p.tag1)+int(p2)])
	if f := ctx[c].feats; f != nil {
		fs = append(fs, f.i)
		for _, t := range f.afterTag {
			if t.tag == p1 {
				fs = append(fs, t.ws)
				break
			}
		}
	}
	if f := ctx[c-1].feats; f != nil {
		fs = append(fs, f.m1)
	}
	if f := ctx[c-1].suf; f != nil {
		fs = append(fs, f.m1)
	}
	if f := ctx[c-2].feats; f != nil {
		fs = append(fs, f.m2)
	}
	if f := ctx[c+1].feats; f != nil {
		fs = append(fs, f.p1)
	}
	if f := ctx[c+1].suf; f != nil {
		fs = append(fs, f.p1)
	}
	if f := ctx[c+2].feats; f != nil {
		fs = append(fs, f.p2)
	}
	score := s.score
	copy(score, p.biased.score)
	for _, ws := range fs {
		for _, cw := range ws {
			score[cw.class] += cw.w
		}
	}
	best, class := math.Inf(-1), -1
	for k, v := range score {
		if v > best {
			best, class = v, k
		}
	}
	if best > 0 {
		return class
	}
	// Rare: no class scored above 0, so one that did not score may have
	// come first. Only those that scored count.
	seen := s.seen
	copy(seen, p.biased.seen)
	for _, ws := range fs {
		for _, cw := range ws {
			seen[cw.class] = true
		}
	}
	best, class = math.Inf(-1), -1
	for k, v := range score {
		if seen[k] && v > best {
			best, class = v, k
		}
	}
	return class
}
