package pipeline

import (
	"bytes"
	"encoding/gob"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSeal(t *testing.T) {
	s := newSealer([]byte("key one"))
	for _, plain := range [][]byte{nil, []byte("x"), []byte("farhiya farhiya gary rent strike"), bytes.Repeat([]byte("ab"), 5000)} {
		b := s.seal(plain, "cache\x00k1")
		if len(plain) > 4 && bytes.Contains(b, plain[:5]) {
			t.Errorf("sealed bytes hold the plaintext")
		}
		if !bytes.Equal(b, s.seal(plain, "cache\x00k1")) {
			t.Errorf("sealing %d bytes twice gave different bytes", len(plain))
		}
		got, err := s.open(b, "cache\x00k1")
		if err != nil || !bytes.Equal(got, plain) {
			t.Errorf("open(seal(%d bytes)) = %d bytes, %v", len(plain), len(got), err)
		}
		if _, err := newSealer([]byte("key two")).open(b, "cache\x00k1"); !errors.Is(err, errSealed) {
			t.Errorf("another key opened it: %v", err)
		}
		if _, err := s.open(b, "cache\x00k2"); !errors.Is(err, errSealed) {
			t.Errorf("it opened in another context: %v", err)
		}
		for _, i := range []int{0, 1, len(b) / 2, len(b) - 1} {
			bad := append([]byte{}, b...)
			bad[i] ^= 1
			if _, err := s.open(bad, "cache\x00k1"); !errors.Is(err, errSealed) {
				t.Errorf("a flipped bit at %d of %d was not caught: %v", i, len(b), err)
			}
		}
	}
	if !bytes.Equal(s.seal([]byte("a"), "x"), newSealer([]byte("key one")).seal([]byte("a"), "x")) {
		t.Error("the same key and plaintext sealed differently")
	}
	if bytes.Equal(s.seal([]byte("a"), "x")[1:13], s.seal([]byte("b"), "x")[1:13]) || bytes.Equal(s.seal([]byte("a"), "x")[1:13], s.seal([]byte("a"), "y")[1:13]) {
		t.Error("two plaintexts share a nonce")
	}
	for _, b := range [][]byte{nil, {1}, {2, 0, 0}, bytes.Repeat([]byte{1}, 28)} {
		if _, err := s.open(b, ""); !errors.Is(err, errSealed) {
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
			got, err := s.open(s.seal(b, "ctx"), "ctx")
			if err != nil || !bytes.Equal(got, b) {
				t.Fatalf("round trip of %q: %q, %v", b, got, err)
			}
			return
		}
		if got, err := s.open(b, "ctx"); err == nil && !bytes.Equal(s.seal(got, "ctx"), b) {
			t.Fatalf("open accepted %q, which seal does not make", b)
		}
	})
}

// TestReadPartialOldFormat checks that a partial file of an older format,
// whose counts were not sealed (a field of another type), is refused by its
// format, with the message that says to rerun the shard, not by gob.
func TestReadPartialOldFormat(t *testing.T) {
	type oldCounts struct{ Words map[string]int64 }
	type oldPartial struct {
		Format string
		Counts *oldCounts
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(oldPartial{Format: "drift-partial/2", Counts: &oldCounts{Words: map[string]int64{"rent": 2}}}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "shard-00000-of-00001.gob")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := readPartial(path)
	if !errors.Is(err, ErrIncomplete) || !strings.Contains(err.Error(), `format "drift-partial/2", want "`+partialFormat+`"; rerun the shard`) {
		t.Errorf("readPartial of an old file: %v", err)
	}
}
