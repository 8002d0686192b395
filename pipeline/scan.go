package pipeline

import (
	"context"
	"runtime"
	"strings"

	"github.com/drift-project/drift/pipeline/lexicon"
	"github.com/drift-project/drift/pipeline/match"
	"github.com/drift-project/drift/pipeline/transcript"
)

// ScannedTurn is one matched turn of a corpus, as Scan delivers it. It
// carries no speaker names: Speaker is the pseudonym, and the only way to
// the text is Text, which masks names the way --text masked does.
type ScannedTurn struct {
	Doc     string // path relative to the corpus root, '/'-separated
	Cycle   string
	Site    string
	Turn    int // 0-based position in the document
	Line    int // 1-based line where the turn starts
	Speaker string
	Role    string
	// Match holds the turn's sentences and hits. Byte offsets index the
	// turn's analysed text; token Text fields are raw text, so show text
	// only through ScannedTurn.Text.
	Match match.Turn
	// Matcher is the compiled lexicons; Matcher.Labels[h.Label] says what a
	// hit is.
	Matcher *lexicon.Matcher

	text string
	mask *strings.Replacer
}

// Text returns the turn's analysed text between byte offsets start and end
// with speaker and known names replaced by pseudonyms.
func (t *ScannedTurn) Text(start, end int) string {
	start = max(0, min(start, len(t.text)))
	end = max(start, min(end, len(t.text)))
	return t.mask.Replace(t.text[start:end])
}

// ScanOptions changes what Scan reports.
type ScanOptions struct {
	// KeepVetoed also reports hits an exclusion vetoed, with Hit.Vetoed set
	// (for finding near misses).
	KeepVetoed bool
}

// ScanSummary says what Scan read.
type ScanSummary struct {
	Files   int
	OK      int
	Skipped []FileIssue
	Failed  []FileIssue
	Turns   int
}

// Scan reads and matches every file of cfg.Corpus exactly as Run does
// (same lexicons, flags and negation policy), without writing anything, and
// calls fn with every turn of every readable file, in path order then turn
// order, from one goroutine. Documents are read by cfg.Workers goroutines.
// An error from fn stops the scan and is returned.
func Scan(ctx context.Context, cfg Config, opts ScanOptions, fn func(*ScannedTurn) error) (ScanSummary, error) {
	var sum ScanSummary
	sess, err := newSession(cfg)
	if err != nil {
		return sum, err
	}
	sess.engine.Opts.KeepVetoed = opts.KeepVetoed
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type docTurns struct {
		doc   transcript.Document
		turns []*ScannedTurn
	}
	// Each file gets a channel of capacity one; workers fill them in any
	// order and the loop below drains them in path order. The semaphore
	// bounds how far ahead of the consumer the workers run.
	outs := make([]chan docTurns, len(sess.files))
	for i := range outs {
		outs[i] = make(chan docTurns, 1)
	}
	sem := make(chan struct{}, 2*workers)
	go func() {
		for i, f := range sess.files {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			go func() {
				var dt docTurns
				var masker *strings.Replacer
				dt.doc = sess.matchDoc(f, func(d *transcript.Document, t *transcript.Turn, mt match.Turn) {
					if masker == nil {
						masker = nameMasker(*d, sess.known, sess.ps)
					}
					dt.turns = append(dt.turns, &ScannedTurn{
						Doc: d.Path, Cycle: d.Cycle, Site: d.Site, Turn: t.Index, Line: t.Line,
						Speaker: t.Speaker, Role: string(t.Role), Match: mt, Matcher: sess.engine.M,
						text: t.Text, mask: masker,
					})
				})
				dt.doc.Turns = nil // names stay inside this function
				outs[i] <- dt
			}()
		}
	}()
	for i := range outs {
		var dt docTurns
		select {
		case dt = <-outs[i]:
		case <-ctx.Done():
			return sum, ctx.Err()
		}
		<-sem
		sum.Files++
		switch dt.doc.Status {
		case transcript.StatusOK:
			sum.OK++
		case transcript.StatusSkipped:
			sum.Skipped = append(sum.Skipped, FileIssue{dt.doc.Path, dt.doc.Reason})
		case transcript.StatusFailed:
			sum.Failed = append(sum.Failed, FileIssue{dt.doc.Path, dt.doc.Reason})
		}
		for _, t := range dt.turns {
			sum.Turns++
			if err := fn(t); err != nil {
				return sum, err
			}
		}
	}
	return sum, nil
}
