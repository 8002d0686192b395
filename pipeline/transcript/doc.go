// Package transcript discovers the files of a corpus, reads its configuration
// (drift.yaml, manifest.csv, front matter) and parses each transcript into a
// Document of speaker Turns. Every file it sees is accounted for: a Document
// always comes back, with Status ok, skipped or failed and a Reason a person
// can act on.
package transcript
