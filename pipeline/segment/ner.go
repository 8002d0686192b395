package segment

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"
)

// entityModel is prose's named-entity recogniser (entityExtracter, a
// maximum entropy classifier over prose's Maxent model; extract.go in
// github.com/jdkato/prose/v2, MIT licence) on this package's tokenizer and
// tagger. prose's own Document would load a second copy of the tagger's
// model, decoded into maps (38 MB of heap, about 0.15 s of CPU), only to
// give the tags this package's tagger gives.
//
// It gives prose's entities, quirks included. prose's tokenizer hands out
// one *Token for every occurrence of a span (the text between two runs of
// white space) it has seen before in the text, except the last span, so
// such a word carries the tag, and the entity label, of its last
// occurrence, and the features of its neighbours see those (see
// proseTokenSlots). Where prose breaks an exact tie it picks in map order,
// differently from run to run; here the label that comes first in the
// model's list of labels wins, as the tagger resolves its ties in a fixed
// order.
type entityModel struct {
	labels  []string
	mapping map[string]int // "feature-value-label" -> index into weights
	weights []float64
	basic   map[string]bool // proseWordList
}

func loadEntityModel() (*entityModel, error) {
	m := &entityModel{}
	for _, a := range []struct {
		name string
		v    any
	}{{"mapping.gob", &m.mapping}, {"weights.gob", &m.weights}, {"labels.gob", &m.labels}} {
		b, err := prose.Asset("model/Maxent/" + a.name)
		if err == nil && a.name == "mapping.gob" {
			// 150k keys: read straight from the stream (readStringInts)
			// in about half the time of encoding/gob, the fallback.
			if m.mapping, err = readStringInts(b); err == nil {
				continue
			}
			err = nil
		}
		if err == nil {
			err = gob.NewDecoder(bytes.NewReader(b)).Decode(a.v)
		}
		if err != nil {
			return nil, fmt.Errorf("loading prose's entity model %s: %w", a.name, err)
		}
	}
	m.basic = make(map[string]bool, len(proseWordList))
	for _, w := range proseWordList {
		m.basic[w] = true
	}
	return m, nil
}

// proseTokenSlots splits text into words as proseTokenize does and also
// says which words prose's tokenizer gives the same *Token: slot[i] is the
// index of the first word sharing word i's token (i itself for most). prose
// caches the tokens of each span it splits, by the span's text, and hands
// the cached tokens out again when the span comes back; the last span of
// the text is split afresh and not cached.
func proseTokenSlots(text string) (words []string, slot []int) {
	type run struct{ start, n int }
	cache := map[string]run{}
	emit := func(span string, cached bool) {
		if cached {
			if r, ok := cache[span]; ok {
				for k := r.start; k < r.start+r.n; k++ {
					words = append(words, words[k])
					slot = append(slot, slot[k])
				}
				return
			}
		}
		start := len(words)
		words = proseSplit(span, words)
		for k := start; k < len(words); k++ {
			slot = append(slot, k)
		}
		if cached {
			cache[span] = run{start, len(words) - start}
		}
	}
	// The loop of proseTokenize.
	clean := proseSanitize(text)
	white := false
	start, index := 0, 0
	for index < len(clean) {
		uc, size := rune(clean[index]), 1
		var space bool
		if uc < utf8.RuneSelf {
			space = asciiClass[uc] == cSpace
		} else {
			uc, size = utf8.DecodeRuneInString(clean[index:])
			space = unicode.IsSpace(uc)
		}
		if index == 0 {
			white = space
		}
		if space != white {
			if start < index {
				emit(clean[start:index], true)
			}
			if uc == ' ' {
				start = index + 1
			} else {
				start = index
			}
			white = !white
		}
		index += size
	}
	if start < index {
		emit(clean[start:index], false)
	}
	return words, slot
}

// lastOfSlot gives each word the value of the last word sharing its slot:
// what prose reads back from a shared *Token once every occurrence has
// written to it.
func lastOfSlot(vals []string, slot []int) []string {
	last := make([]string, len(vals))
	for i, s := range slot {
		last[s] = vals[i]
	}
	out := make([]string, len(vals))
	for i, s := range slot {
		out[i] = last[s]
	}
	return out
}

// people returns the text of the PERSON entities among words, given the
// tags prose's tokens carry.
func (m *entityModel) people(words, tags []string, slot []int) []string {
	labels := lastOfSlot(m.classify(words, tags), slot)
	// prose's chunk: an entity runs from a labelled word while the labels
	// continue it (B-X then I-X), or the tags repeat, or a number follows
	// a labelled word; an entity still open at the end is dropped.
	var out []string
	var parts []int
	end := ""
	for i, label := range labels {
		n := len(parts)
		if (label != "O" && label != end) || (n > 0 && tags[i] == tags[parts[n-1]]) ||
			(n > 0 && tags[i] == "CD" && labels[parts[n-1]] != "O") {
			end = strings.Replace(label, "B", "I", 1)
			parts = append(parts, i)
		} else if (label == "O" && end != "") || label == end {
			if label != "O" {
				parts = append(parts, i)
			}
			if entityLabel(parts, labels) == "PERSON" {
				ws := make([]string, len(parts))
				for k, p := range parts {
					ws[k] = words[p]
				}
				out = append(out, strings.Join(ws, " "))
			}
			end, parts = "", parts[:0]
		}
	}
	return out
}

// entityLabel is prose's parseEntities: PERSON for two words one of which
// begins a person, else the type of the first word's label ("" where prose
// would index out of range).
func entityLabel(parts []int, labels []string) string {
	if len(parts) == 0 {
		return ""
	}
	if len(parts) == 2 && (labels[parts[0]] == "B-PERSON" || labels[parts[1]] == "B-PERSON") {
		return "PERSON"
	}
	f := strings.Split(labels[parts[0]], "-")
	if len(f) < 2 {
		return ""
	}
	return f[1]
}

// nerFeatures are the names of prose's features, in the order its encoder
// adds their weights.
var nerFeatures = [...]string{
	"bias", "en-wordlist", "nextpos", "nextword", "pos", "pos+prevtag",
	"prefix3", "prevpos", "prevtag", "prevword", "shape", "shape+prevtag",
	"suffix3", "word", "word+nextpos", "word.lower", "wordlen"}

// classify is prose's entityExtracter.classify: each word's label in turn,
// the previous labels (simplified) being features of the next.
func (m *entityModel) classify(words, tags []string) []string {
	labels := make([]string, len(words))
	history := make([]string, 0, len(words))
	var key []byte
	for i := range words {
		f := m.features(i, words, tags, history)
		best, label := math.Inf(-1), ""
		for _, l := range m.labels {
			total := 0.0
			for k, name := range nerFeatures {
				key = append(append(append(append(append(key[:0], name...), '-'), f[k]...), '-'), l...)
				if id, ok := m.mapping[string(key)]; ok {
					total += m.weights[id] // prose multiplies by 1 first: the same
				}
			}
			if total > best {
				best, label = total, l
			}
		}
		labels[i] = label
		history = append(history, simplePOS(label))
	}
	return labels
}

// features is prose's extract: the values of nerFeatures for word i.
func (m *entityModel) features(i int, words, tags, history []string) [len(nerFeatures)]string {
	word := words[i]
	lower := strings.ToLower(word)
	basic := "False"
	if m.basic[word] {
		basic = "True"
	}
	prevword, prevpos, prevtag, prevShape := "None", "None", "None", "None"
	if i > 0 {
		prevword, prevpos, prevtag = strings.ToLower(words[i-1]), tags[i-1], history[i-1]
		if i > 1 { // prose leaves the second word's at "None"
			prevShape = nerShape(words[i-1])
		}
	}
	nextword, nextpos := "None", "None"
	if i < len(words)-1 {
		nextword, nextpos = strings.ToLower(words[i+1]), strings.ToLower(tags[i+1])
	}
	return [...]string{
		"True", basic, nextpos, nextword, tags[i], tags[i] + "+" + prevtag,
		strings.ToLower(word[:min(len(word), 3)]), prevpos, prevtag, prevword, nerShape(word), prevShape + "+" + prevtag,
		strings.ToLower(word[len(word)-min(len(word), 3):]), word, lower + "+" + nextpos, lower, strconv.Itoa(len(word)),
	}
}

// nerShape is prose's shape: "number" for what strconv.ParseFloat reads,
// "punct" when the last character is not an ASCII letter, digit or
// underscore (the regexp \W+$; a byte of a multi-byte or invalid sequence
// is not one), else the case of the word.
func nerShape(word string) string {
	if _, err := strconv.ParseFloat(word, 64); err == nil {
		return "number"
	}
	if word == "" {
		return "other"
	}
	if c := word[len(word)-1]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
		return "punct"
	}
	switch {
	case strings.ToLower(word) == word:
		return "downcase"
	case strings.Title(word) == word: //nolint:staticcheck // prose's rule, deprecated or not
		return "upcase"
	}
	return "mixedcase"
}

// simplePOS is prose's: "v" for a label starting with V, else the label
// up to its first hyphen.
func simplePOS(label string) string {
	if strings.HasPrefix(label, "V") {
		return "v"
	}
	if i := strings.IndexByte(label, '-'); i >= 0 {
		return label[:i]
	}
	return label
}
