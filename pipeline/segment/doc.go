// Package segment splits a turn's text into sentences and word tokens with
// byte offsets, and normalises tokens for matching (case, curly quotes,
// British and American spelling). Tokenising and sentence splitting are
// hand-written and fast; part-of-speech tags and named entities come from
// prose and are computed only on demand (Tagger). It is the only package
// that imports prose.
//
// Several files port parts of prose (github.com/jdkato/prose/v2, MIT
// licence) so that drift computes exactly what prose would, faster: its
// tokenizer (prosetok.go), its perceptron tagger's weights and scoring
// (gobweights.go, perceptron.go), its entity recogniser (ner.go) and its
// word list (prosewords.go). prose's copyright and licence notice is in
// LICENSE-prose beside them, as its licence asks.
package segment
