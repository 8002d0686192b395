package segment

import (
	"errors"
	"math"
	"math/bits"
)

// readWeights reads prose's weights.gob, the gob encoding of one
// map[string]map[string]float64 (feature -> class -> weight), without
// building the maps: for each feature it calls fn with the feature, its
// number of weights n, and next, which gives the weights one by one (the
// class's bytes are valid until the next call). fn returns false to stop.
// Type definitions in the stream are skipped: any value that is not a map
// of maps of the shape below is an error, as is any byte left over.
//
// The encoding (encoding/gob's documentation, "Encoding details"): a
// stream of messages, each a length, a type id and the payload; a
// negative id defines a type, a positive one sends a value. A value that
// is not a struct is sent as a field delta of 0 and the value: a map is
// its length and then its keys and elements in turn, a string its length
// and bytes, a float64 the uint of its bits with the bytes reversed. An
// unsigned integer below 128 is one byte; a larger one is the negated
// count of its bytes, then the bytes, high first. A signed one is the
// unsigned n>>1, complemented when n's low bit is set.
func readWeights(stream []byte, fn func(feature []byte, n int, next func() (class []byte, w float64, ok bool)) bool) error {
	d := gobReader{b: stream}
	values := 0
	for len(d.b) > 0 {
		size := d.uint()
		if d.err != nil || size > uint64(len(d.b)) {
			return errGobWeights
		}
		msg := gobReader{b: d.b[:size]}
		d.b = d.b[size:]
		if id := msg.int(); msg.err != nil {
			return errGobWeights
		} else if id < 0 {
			continue // a type definition
		}
		if values++; values > 1 || msg.uint() != 0 { // one value, field delta 0
			return errGobWeights
		}
		nf := msg.uint()
		for range nf {
			f := msg.bytes()
			n := msg.uint()
			if msg.err != nil || n > uint64(len(msg.b)) {
				return errGobWeights
			}
			left := int(n)
			next := func() ([]byte, float64, bool) {
				if left == 0 {
					return nil, 0, false
				}
				left--
				c := msg.bytes()
				w := math.Float64frombits(bits.ReverseBytes64(msg.uint()))
				return c, w, msg.err == nil
			}
			if !fn(f, int(n), next) {
				return errStopped
			}
			if left != 0 || msg.err != nil {
				return errGobWeights
			}
		}
		if msg.err != nil || len(msg.b) != 0 {
			return errGobWeights
		}
	}
	if values != 1 {
		return errGobWeights
	}
	return nil
}

var (
	errGobWeights = errors.New("weights.gob is not a gob map of maps of float64")
	errStopped    = errors.New("stopped")
)

// gobReader reads gob's integers and strings from b; the first error sticks.
type gobReader struct {
	b   []byte
	err error
}

func (r *gobReader) uint() uint64 {
	if r.err != nil || len(r.b) == 0 {
		r.err = errGobWeights
		return 0
	}
	c := r.b[0]
	if c < 0x80 {
		r.b = r.b[1:]
		return uint64(c)
	}
	n := int(-int8(c))
	if n < 1 || n > 8 || len(r.b) < 1+n {
		r.err = errGobWeights
		return 0
	}
	var x uint64
	for _, c := range r.b[1 : 1+n] {
		x = x<<8 | uint64(c)
	}
	r.b = r.b[1+n:]
	return x
}

func (r *gobReader) int() int64 {
	x := r.uint()
	if x&1 != 0 {
		return ^int64(x >> 1)
	}
	return int64(x >> 1)
}

func (r *gobReader) bytes() []byte {
	n := r.uint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.err = errGobWeights
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

var errGobStringInts = errors.New("not a gob map[string]int")

// readStringInts reads the gob encoding of one map[string]int (prose's
// Maxent mapping.gob) as encoding/gob would decode it, in one pass and
// with one allocation for all the keys: they are substrings of a copy of
// the stream. The stream's layout is that readWeights reads; anything
// else is an error (the caller then decodes with encoding/gob).
func readStringInts(stream []byte) (map[string]int, error) {
	all := string(stream)
	d := gobReader{b: stream}
	var out map[string]int
	for len(d.b) > 0 {
		size := d.uint()
		if d.err != nil || size > uint64(len(d.b)) {
			return nil, errGobStringInts
		}
		msg := gobReader{b: d.b[:size]}
		d.b = d.b[size:]
		if id := msg.int(); msg.err != nil {
			return nil, errGobStringInts
		} else if id < 0 {
			continue // a type definition
		}
		if out != nil || msg.uint() != 0 { // one value, field delta 0
			return nil, errGobStringInts
		}
		n := msg.uint()
		if msg.err != nil || n > uint64(len(msg.b)) {
			return nil, errGobStringInts
		}
		out = make(map[string]int, n)
		for range n {
			k := msg.bytes()
			off := len(stream) - len(d.b) - len(msg.b) - len(k)
			v := msg.int()
			if msg.err != nil || v != int64(int(v)) {
				return nil, errGobStringInts
			}
			out[all[off:off+len(k)]] = int(v)
		}
		if len(msg.b) != 0 {
			return nil, errGobStringInts
		}
	}
	if out == nil {
		return nil, errGobStringInts
	}
	return out, nil
}
