package lexicon

import "testing/fstest"

// loadOne loads one lexicon file given as text.
func loadOne(name, text string) (*Set, error) {
	return Load(fstest.MapFS{name: {Data: []byte(text)}})
}
