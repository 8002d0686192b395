package segment

import (
	"sync"

	"github.com/jdkato/prose/v2"
)

// Tagger gives part-of-speech tags and person names using prose's models.
// Each model loads once, on first use (about a second), and is shared
// read-only by every goroutine. Call it only for sentences that need it.
//
// Tags uses prose's tokenizer and prose's tagger model, run by this
// package's own implementation of prose's averaged perceptron, which gives
// prose's tags about ten times as fast (see perceptron). People uses
// prose's entity recogniser as it is.
type Tagger struct {
	tagOnce sync.Once
	tagger  *perceptron
	tagErr  error

	nerOnce sync.Once
	model   *prose.Model
}

// Tagged is a token with its Penn Treebank tag.
type Tagged struct {
	Text string
	Tag  string
}

func (t *Tagger) loadTagger() {
	t.tagOnce.Do(func() { t.tagger, t.tagErr = loadPerceptron() })
}

func (t *Tagger) loadNER() {
	t.nerOnce.Do(func() {
		d, err := prose.NewDocument("", prose.WithSegmentation(false))
		if err == nil {
			t.model = d.Model
		}
	})
}

// Tags returns prose's tokens and part-of-speech tags for one sentence.
func (t *Tagger) Tags(sentence string) []Tagged {
	t.loadTagger()
	if t.tagErr != nil {
		return nil
	}
	d, err := prose.NewDocument(sentence, prose.WithSegmentation(false), prose.WithTagging(false), prose.WithExtraction(false))
	if err != nil {
		return nil
	}
	toks := d.Tokens()
	words := make([]string, len(toks))
	for i, tk := range toks {
		words[i] = tk.Text
	}
	tags := t.tagger.tag(words)
	out := make([]Tagged, len(toks))
	for i := range toks {
		out[i] = Tagged{Text: words[i], Tag: tags[i]}
	}
	return out
}

// People returns the person names prose's entity recogniser finds in text.
func (t *Tagger) People(text string) []string {
	t.loadNER()
	if t.model == nil {
		return nil
	}
	d, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.UsingModel(t.model))
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range d.Entities() {
		if e.Label == "PERSON" {
			out = append(out, e.Text)
		}
	}
	return out
}
