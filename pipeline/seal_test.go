package pipeline

import (
	"bytes"
	"errors"
	"testing"
)

func TestSeal(t *testing.T) {
	s := newSealer([]byte("key one"))
	for _, plain := range [][]byte{nil, []byte("x"), []byte("farhiya farhiya gary rent strike"), bytes.Repeat([]byte("ab"), 5000)} {
		b := s.seal(plain)
		if len(plain) > 4 && bytes.Contains(b, plain[:5]) {
			t.Errorf("sealed bytes hold the plaintext")
		}
		if !bytes.Equal(b, s.seal(plain)) {
			t.Errorf("sealing %d bytes twice gave different bytes", len(plain))
		}
		got, err := s.open(b)
		if err != nil || !bytes.Equal(got, plain) {
			t.Errorf("open(seal(%d bytes)) = %d bytes, %v", len(plain), len(got), err)
		}
		if _, err := newSealer([]byte("key two")).open(b); !errors.Is(err, errSealed) {
			t.Errorf("another key opened it: %v", err)
		}
		for _, i := range []int{0, 1, len(b) / 2, len(b) - 1} {
			bad := append([]byte{}, b...)
			bad[i] ^= 1
			if _, err := s.open(bad); !errors.Is(err, errSealed) {
				t.Errorf("a flipped bit at %d of %d was not caught: %v", i, len(b), err)
			}
		}
	}
	if !bytes.Equal(s.seal([]byte("a")), newSealer([]byte("key one")).seal([]byte("a"))) {
		t.Error("the same key and plaintext sealed differently")
	}
	if bytes.Equal(s.seal([]byte("a"))[1:13], s.seal([]byte("b"))[1:13]) {
		t.Error("two plaintexts share a nonce")
	}
	for _, b := range [][]byte{nil, {1}, {2, 0, 0}, bytes.Repeat([]byte{1}, 28)} {
		if _, err := s.open(b); !errors.Is(err, errSealed) {
			t.Errorf("open(%v) = %v, want errSealed", b, err)
		}
	}
}

// FuzzSealOpen checks that open never panics and only accepts what seal
// made.
func FuzzSealOpen(f *testing.F) {
	s := newSealer([]byte("fuzz key"))
	f.Add([]byte{}, false)
	f.Add([]byte("hello"), true)
	f.Fuzz(func(t *testing.T, b []byte, sealIt bool) {
		if sealIt {
			got, err := s.open(s.seal(b))
			if err != nil || !bytes.Equal(got, b) {
				t.Fatalf("round trip of %q: %q, %v", b, got, err)
			}
			return
		}
		if got, err := s.open(b); err == nil && !bytes.Equal(s.seal(got), b) {
			t.Fatalf("open accepted %q, which seal does not make", b)
		}
	})
}
