// Package lexicon loads YAML lexicons from an fs.FS, validates them with
// file:line:col positions (reporting every problem at once), and compiles
// them into one Matcher that scans normalised tokens. Compile once, scan many
// times: Scan allocates nothing per token.
package lexicon
