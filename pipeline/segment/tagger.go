package segment

import "sync"

// Tagger gives part-of-speech tags and person names using prose's models.
// Each model loads once, on first use (about a second), and is shared
// read-only by every goroutine. Call it only for sentences that need it.
//
// Tags gives prose's tokens and tags through this package's own port of
// prose's tokenizer and averaged perceptron over prose's model weights,
// about five times as fast as prose (see perceptron and proseTokenize).
// People gives the person names of prose's entity recogniser, ported onto
// the same tokenizer and tagger (see entityModel).
type Tagger struct {
	tagOnce sync.Once
	tagger  *perceptron
	tagErr  error

	nerOnce sync.Once
	ner     *entityModel
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
		t.loadTagger()
		if t.tagErr == nil {
			t.ner, _ = loadEntityModel()
		}
	})
}

// Preload loads the part-of-speech model now (about 0.35 s of CPU) instead
// of on the first call of Tags or TagWhile, which would otherwise hold up
// every goroutine that needs tags meanwhile. Call it in a goroutine, while
// other work runs. It is safe to call any number of times.
func (t *Tagger) Preload() { t.loadTagger() }

// PreloadPeople loads the entity model People uses (and the tagger's, if
// not loaded yet), as Preload does for tags.
func (t *Tagger) PreloadPeople() { t.loadNER() }

// Tags returns prose's tokens and part-of-speech tags for one sentence.
func (t *Tagger) Tags(sentence string) []Tagged {
	t.loadTagger()
	if t.tagErr != nil {
		return nil
	}
	words := proseTokenize(sentence, make([]string, 0, len(sentence)/4+1))
	tags := t.tagger.tag(words)
	out := make([]Tagged, len(words))
	for i := range words {
		out[i] = Tagged{Text: words[i], Tag: tags[i]}
	}
	return out
}

// Words returns prose's tokens of one sentence: the words Tags gives tags
// for, in order. It needs no model.
func (t *Tagger) Words(sentence string) []string {
	return proseTokenize(sentence, make([]string, 0, len(sentence)/4+1))
}

// AppendWords appends the Words of sentence to dst and returns the result,
// so that a caller can reuse one buffer from sentence to sentence.
func (t *Tagger) AppendWords(dst []string, sentence string) []string {
	return proseTokenize(sentence, dst)
}

// TagWhile tags words, the Words of one sentence, left to right, and calls
// fn with each word's index and tag until fn returns false. The tags are
// those of Tags (each depends only on the words and the tags before it);
// stopping early saves tagging the rest of the sentence. Taking the words
// rather than the sentence lets a caller look at them all before tagging
// (to decide how far it must tag, or whether to tag at all).
func (t *Tagger) TagWhile(words []string, fn func(i int, tag string) bool) {
	t.loadTagger()
	if t.tagErr != nil {
		return
	}
	t.tagger.tagEach(words, fn)
}

// People returns the person names prose's entity recogniser finds in text
// (the text of its PERSON entities, in order), as
// prose.NewDocument(text, prose.WithSegmentation(false)) would.
func (t *Tagger) People(text string) []string {
	t.loadNER()
	if t.ner == nil {
		return nil
	}
	words, slot := proseTokenSlots(text)
	if len(words) == 0 {
		return nil
	}
	tags := lastOfSlot(t.tagger.tag(words), slot)
	return t.ner.people(words, tags, slot)
}
