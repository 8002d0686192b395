package main

import (
	"fmt"
	"io"
	"time"

	"github.com/drift-project/drift/pipeline"
)

// newProgressBar returns a Progress that draws files, megabytes and an
// estimate of the time left on one terminal line, at most ten times a second.
func newProgressBar(w io.Writer) pipeline.Progress {
	start := time.Now()
	var last time.Time
	return func(e pipeline.Event) {
		now := time.Now()
		if now.Sub(last) < 100*time.Millisecond && e.FilesDone < e.FilesTotal {
			return
		}
		last = now
		eta := "?"
		if e.BytesDone > 0 && e.BytesTotal > 0 {
			el := now.Sub(start)
			rem := time.Duration(float64(el) * float64(e.BytesTotal-e.BytesDone) / float64(e.BytesDone))
			eta = rem.Round(time.Second).String()
		}
		fmt.Fprintf(w, "\r\033[K%d/%d files  %.1f/%.1f MB  ETA %s", e.FilesDone, e.FilesTotal,
			float64(e.BytesDone)/1e6, float64(e.BytesTotal)/1e6, eta)
	}
}
