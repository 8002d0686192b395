// Package segment splits a turn's text into sentences and word tokens with
// byte offsets, and normalises tokens for matching (case, curly quotes,
// British and American spelling). Tokenising and sentence splitting are
// hand-written and fast; part-of-speech tags and named entities come from
// prose and are computed only on demand (Tagger). It is the only package
// that imports prose.
package segment
