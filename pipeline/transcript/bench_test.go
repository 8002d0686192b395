package transcript

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkReadText reads a 2.6 MB text transcript with tags, continuation
// lines and stage notes in every turn.
func BenchmarkReadText(b *testing.B) {
	var txt strings.Builder
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&txt, "Speaker %d: the rent went up again and the heating is off (laughs) [crosstalk]\nand it goes on, we said no more of this, line %d\n", i%7, i)
	}
	s := txt.String()
	r := testReader(b, nil)
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		readBytes(r, "c/x.txt", []byte(s))
	}
}
