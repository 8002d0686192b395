//go:build !unix

package transcript

import "testing"

// cpuTimer reports nothing where getrusage is missing.
func cpuTimer(b *testing.B) func() { return func() {} }
