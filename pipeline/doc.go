// Package pipeline runs drift end to end:
//
//	transcripts/ ─▶ transcript ─▶ segment ─▶ match ─▶ aggregate ─▶ stats ─▶ table ─▶ report
//	  (cycles)      every file      tokens,    lexicon   additive     intervals,  Parquet    Markdown,
//	                accounted for   sentences  hits +    counts       verdicts    dataset    HTML
//	                                           flags
//
// Run reads a corpus, tags it with a lexicon set and writes the dataset to
// an output folder through a staging folder, so a failed run leaves the
// previous dataset intact. Documents are processed by a pool of workers;
// results are gathered in path order, so the output is byte-identical
// whatever the number of workers. Run never writes to the terminal: it
// reports through the Progress callback.
package pipeline
