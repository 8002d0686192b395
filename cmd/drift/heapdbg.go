//go:build heapdbg

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// DRIFT_HEAPDBG=DIR writes a heap profile each time the live heap (as of
// the last GC) passes its previous maximum by 8 MB, above 100 MB.
func init() {
	dir := os.Getenv("DRIFT_HEAPDBG")
	if dir == "" {
		return
	}
	go func() {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var top uint64 = 100 << 20
		for i := 0; ; {
			time.Sleep(50 * time.Millisecond)
			metrics.Read(s)
			live := s[0].Value.Uint64()
			if live < top+8<<20 {
				continue
			}
			top = live
			f, err := os.Create(filepath.Join(dir, fmt.Sprintf("heap-%03d-%dmb.prof", i, live>>20)))
			if err != nil {
				return
			}
			pprof.Lookup("heap").WriteTo(f, 0)
			f.Close()
			i++
		}
	}()
}
