package table

import (
	"bytes"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go/compress"
	pqzstd "github.com/parquet-go/parquet-go/compress/zstd"
)

// pageText returns n bytes of text-like page content: words drawn from a
// small vocabulary, so that zstd finds matches near and far.
func pageText(rng *rand.Rand, n int) []byte {
	words := strings.Fields("the rent strike landlord wages boss union we our neighbours " +
		"debt council meeting tenants said and of a to in that was they")
	var b bytes.Buffer
	for b.Len() < n {
		b.WriteString(words[rng.IntN(len(words))])
		if rng.IntN(9) == 0 {
			b.WriteString(". ")
		} else {
			b.WriteByte(' ')
		}
	}
	return b.Bytes()[:n]
}

// TestZstdPagesSameBytes checks that drift's zstd codec compresses a page
// shorter than its window to the bytes parquet-go's own codec gives at the
// same level (so the smaller window changes no file drift writes from pages
// of that size), and that parquet-go's codec decodes whatever it writes,
// pages longer than the window included.
func TestZstdPagesSameBytes(t *testing.T) {
	theirs := &pqzstd.Codec{Level: pqzstd.SpeedDefault}
	var _ compress.Codec = zstdCodec
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 100, 4 << 10, 128 << 10, 128<<10 + 1, 256 << 10, 700 << 10, zstdWindow - 1, zstdWindow + 1, 3 << 20} {
		src := pageText(rng, n)
		got, err := zstdCodec.Encode(nil, src)
		if err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		if n < zstdWindow {
			want, err := theirs.Encode(nil, src)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%d bytes: compressed to %d bytes, parquet-go's codec to %d, or to other bytes", n, len(got), len(want))
			}
		}
		for name, c := range map[string]compress.Codec{"parquet-go's": theirs, "drift's": zstdCodec} {
			back, err := c.Decode(nil, got)
			if err != nil || !bytes.Equal(back, src) {
				t.Errorf("%d bytes: %s codec decoded %d bytes (err %v), want the page back", n, name, len(back), err)
			}
		}
	}
}

// TestZstdPagesMemory checks that compressing a page the size of
// parquet-go's page buffer (256 KB, several zstd blocks, so the encoder
// keeps a history) allocates a few megabytes, not the 16 MB history an
// encoder with parquet-go's default window holds; the latter is measured
// too, so the test shows what it guards against.
func TestZstdPagesMemory(t *testing.T) {
	src := pageText(rand.New(rand.NewPCG(7, 8)), 256<<10)
	alloc := func(c compress.Codec) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if _, err := c.Encode(nil, src); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	theirs := alloc(&pqzstd.Codec{Level: pqzstd.SpeedDefault})
	ours := alloc(&zstdPages{})
	t.Logf("a fresh encoder's first 256 KB page: %.1f MB with drift's codec, %.1f MB with parquet-go's", float64(ours)/(1<<20), float64(theirs)/(1<<20))
	if theirs < 16<<20 {
		t.Errorf("parquet-go's codec allocated %d MB for its first page, want at least 16 (has its default window changed?)", theirs>>20)
	}
	if ours > 6<<20 {
		t.Errorf("drift's codec allocated %d MB for its first page, want at most 6", ours>>20)
	}
}
