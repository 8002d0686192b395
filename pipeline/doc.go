// Package pipeline runs drift end to end:
//
//	transcripts/ ─▶ transcript ─▶ segment ─▶ match ─▶ aggregate ─▶ stats ─▶ table ─▶ report
//	  (cycles)      every file      tokens,    lexicon   additive     intervals,  Parquet    Markdown,
//	                accounted for   sentences  hits +    counts       verdicts    dataset    HTML
//	                                           flags
//
// Run reads a corpus, tags it with a lexicon set and writes the dataset to
// an output folder through a staging folder, so a failed run leaves the
// previous dataset intact. Documents stream through a pool of workers and
// a bounded window; results are written in path order, so the output is
// byte-identical whatever the number of workers, and memory does not grow
// with the corpus. Per-document results are cached in OUT/.cache, so a
// rerun tags only new or changed files, and reads no file whose stat is
// unchanged (fileindex.go). Before tagging, a first pass
// parses every file (no tagging) for the speakers' names, which are masked
// in every document's text (--text masked; see mask.go). With a Shard, Run processes a share
// of the files and leaves partial counts that Reduce merges. Run never
// writes to the terminal: it reports through the Progress callback.
// docs/reproducibility.md and docs/scale.md describe the guarantees.
package pipeline
