package segment

import (
	"sync"

	"github.com/jdkato/prose/v2"
)

// Tagger gives part-of-speech tags and person names using prose's models.
// The models load once, on first use (about a second), and are shared
// read-only by every goroutine. Call it only for sentences that need it:
// tagging runs at well under 1 MB/s.
type Tagger struct {
	once  sync.Once
	model *prose.Model
}

// Tagged is a token with its Penn Treebank tag.
type Tagged struct {
	Text string
	Tag  string
}

func (t *Tagger) load() {
	t.once.Do(func() {
		d, err := prose.NewDocument("", prose.WithSegmentation(false))
		if err == nil {
			t.model = d.Model
		}
	})
}

// Tags returns prose's tokens and part-of-speech tags for one sentence.
func (t *Tagger) Tags(sentence string) []Tagged {
	t.load()
	d, err := prose.NewDocument(sentence, prose.WithSegmentation(false), prose.WithExtraction(false), prose.UsingModel(t.model))
	if err != nil {
		return nil
	}
	toks := d.Tokens()
	out := make([]Tagged, len(toks))
	for i, tk := range toks {
		out[i] = Tagged{Text: tk.Text, Tag: tk.Tag}
	}
	return out
}

// People returns the person names prose's entity recogniser finds in text.
func (t *Tagger) People(text string) []string {
	t.load()
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
