package transcript

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// KeyPath is where the pseudonym key of a corpus lives, relative to its root.
const KeyPath = ".drift/key"

// Pseudonymizer turns speaker names into stable pseudonyms with a keyed hash
// (HMAC-SHA256). The same key and name always give the same pseudonym; without
// the key a pseudonym cannot be turned back into a name by guessing. It is
// safe for concurrent use.
type Pseudonymizer struct {
	key   []byte
	cache sync.Map // normalised name -> pseudonym
}

// NewPseudonymizer returns a Pseudonymizer for key, which must be at least 16 bytes.
func NewPseudonymizer(key []byte) (*Pseudonymizer, error) {
	if len(key) < 16 {
		return nil, fmt.Errorf("pseudonym key is %d bytes; want at least 16", len(key))
	}
	return &Pseudonymizer{key: append([]byte(nil), key...)}, nil
}

// Pseudonym returns the pseudonym of a canonical name: "spk-" and 8 hex digits.
// Case and spacing of the name do not matter. The empty name is "unknown".
func (p *Pseudonymizer) Pseudonym(name string) string {
	n := normName(name)
	if n == "" {
		return "unknown"
	}
	if v, ok := p.cache.Load(n); ok {
		return v.(string)
	}
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte(n))
	ps := "spk-" + hex.EncodeToString(m.Sum(nil)[:4])
	p.cache.Store(n, ps)
	return ps
}

// KeyFile is the path of corpus's pseudonym key, CORPUS/.drift/key.
func KeyFile(corpus string) string { return filepath.Join(corpus, filepath.FromSlash(KeyPath)) }

// ErrNoKey is returned by LoadKey when the corpus has no key and it may not
// create one.
var ErrNoKey = errors.New("the corpus has no pseudonym key")

// NewKey returns a new random key: 32 bytes, hex-encoded.
func NewKey() []byte {
	buf := make([]byte, 32)
	rand.Read(buf) // never fails (crypto/rand.Read since Go 1.24)
	return []byte(hex.EncodeToString(buf))
}

// LoadOrCreateKey reads the key at keyFile, or, when keyFile is empty, at
// CORPUS/.drift/key, creating it there (mode 0600) with 32 random bytes when
// it does not exist.
func LoadOrCreateKey(corpus, keyFile string) ([]byte, error) { return LoadKey(corpus, keyFile, true) }

// LoadKey is LoadOrCreateKey, except that with create unset a missing
// CORPUS/.drift/key is ErrNoKey instead of a new key.
func LoadKey(corpus, keyFile string, create bool) ([]byte, error) {
	if keyFile != "" {
		k, err := os.ReadFile(keyFile)
		if err != nil {
			return nil, fmt.Errorf("reading pseudonym key: %w", err)
		}
		return []byte(strings.TrimSpace(string(k))), nil
	}
	p := KeyFile(corpus)
	k, err := os.ReadFile(p)
	if err == nil {
		return []byte(strings.TrimSpace(string(k))), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("reading pseudonym key: %w", err)
	}
	if !create {
		return nil, fmt.Errorf("%w: %s", ErrNoKey, p)
	}
	key := NewKey()
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return nil, fmt.Errorf("creating pseudonym key: %w (give one with --key-file)", err)
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("creating pseudonym key: %w (give one with --key-file)", err)
	}
	if _, err := f.Write(append(key, '\n')); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return key, nil
}
