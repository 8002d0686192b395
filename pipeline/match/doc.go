// Package match runs a compiled lexicon Matcher over the sentences of a turn
// and returns Hits with their context flags: negated, question, reported
// speech, facilitator prompt, and first-person narrative (origin story).
package match
