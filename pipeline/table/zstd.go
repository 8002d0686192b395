package table

import (
	"sync"

	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go/format"
)

// zstdWindow is the largest distance back a match may reach in a page.
// parquet-go's own zstd codec keeps klauspost's default of 8 MB, and its
// encoders then hold a history buffer of twice that, 16 MB each, for pages
// of about 256 KB (parquet-go's page buffer): two encoders were 32 of the
// 135 MB a rerun kept live, and with the run's soft memory limit every
// megabyte held is a megabyte less between collections. A page shorter
// than the window compresses to the same bytes whatever the window (every
// match is in reach either way, and the frame header names the page's own
// size: TestZstdPagesSameBytes), so only pages of 1 MB or more, made by a
// single value that long, can come out otherwise than with 8 MB.
const zstdWindow = 1 << 20

// zstdCodec compresses every Parquet page drift writes: zstd at the
// default level (on a real run's rows the fastest level cost the same CPU
// and made files 6-8% larger, docs/performance-history.md), with a 1 MB window and
// klauspost's lower-memory buffers, which change no byte. It is shared by
// every writer: each codec keeps its own pool of encoders, so one codec per
// open writer made memory grow with the number of cycles. Files it writes
// are read with parquet-go's own zstd codec, chosen by the codec id.
var zstdCodec = &zstdPages{}

// zstdPages is a parquet-go compress.Codec for zstd with drift's encoder
// options. It is safe for concurrent use.
type zstdPages struct {
	encoders sync.Pool // *zstd.Encoder
	decoders sync.Pool // *zstd.Decoder
}

func (c *zstdPages) String() string { return "ZSTD" }

func (c *zstdPages) CompressionCodec() format.CompressionCodec { return format.Zstd }

// Encode appends nothing to dst: it returns src compressed into dst's
// storage (a new slice when too small), as parquet-go's codecs do.
func (c *zstdPages) Encode(dst, src []byte) ([]byte, error) {
	e, _ := c.encoders.Get().(*zstd.Encoder)
	if e == nil {
		var err error
		e, err = zstd.NewWriter(nil,
			zstd.WithEncoderLevel(zstd.SpeedDefault),
			zstd.WithEncoderConcurrency(1),
			zstd.WithWindowSize(zstdWindow),
			zstd.WithLowerEncoderMem(true),
			zstd.WithZeroFrames(true),
			zstd.WithEncoderCRC(false),
		)
		if err != nil {
			return dst[:0], err
		}
	}
	out := e.EncodeAll(src, dst[:0])
	c.encoders.Put(e)
	return out, nil
}

// Decode returns src decompressed into dst's storage.
func (c *zstdPages) Decode(dst, src []byte) ([]byte, error) {
	d, _ := c.decoders.Get().(*zstd.Decoder)
	if d == nil {
		var err error
		if d, err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1)); err != nil {
			return dst[:0], err
		}
	}
	out, err := d.DecodeAll(src, dst[:0])
	c.decoders.Put(d)
	return out, err
}
