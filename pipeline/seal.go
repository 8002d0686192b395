package pipeline

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
)

// The cache (OUT/.cache) and the partial files of a sharded run
// (OUT/partial) hold what a rerun or drift reduce needs and the tables do
// not show: each document's word counts, names and all (keyness leaves
// speakers' names out only when it writes its table), and its rows. Word
// counts per document beside masked text are enough to put a first name
// to most pseudonyms, so these bytes are sealed with a key derived from
// the pseudonym key, which lives with the corpus, not in OUT: a copy of
// OUT without the key reveals nothing of them, and a run with another
// key makes them misses (the cache; reduce refuses another key before it
// opens anything, by the partial file's key check).
//
// The cipher is AES-256-GCM. Each sealed string is bound to a context (the
// cache key of an entry, the shard of a partial file) as additional data,
// so an entry moved to another key's place does not open. The nonce is the
// first 12 bytes of an HMAC of the context and the plaintext under a
// second derived key, so the same plaintext in the same place seals to the
// same bytes (a cache entry, whose encoding is deterministic, is the same
// file on every run), and different plaintexts never share a nonce but
// with negligible probability.

// sealer seals and opens byte strings with keys derived from one
// pseudonym key.
type sealer struct {
	aead  cipher.AEAD
	nonce []byte // HMAC key for nonces
	names []byte // HMAC key for file names (see fileName)
}

// sealFormat is the first byte of every sealed string.
const sealFormat = 1

// errSealed is returned for bytes that were not sealed with this key, or
// were changed since.
var errSealed = errors.New("sealed with another pseudonym key, or damaged")

func newSealer(pseudonymKey []byte) *sealer {
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, pseudonymKey)
		m.Write([]byte("drift seal\x00" + label))
		return m.Sum(nil)
	}
	block, err := aes.NewCipher(derive("aes-256-gcm"))
	if err != nil {
		panic(err) // a 32-byte key is always valid
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return &sealer{aead: aead, nonce: derive("nonce"), names: derive("file name")}
}

// seal returns plain sealed in context ctx: a format byte, the nonce,
// then the ciphertext with its tag.
func (s *sealer) seal(plain []byte, ctx string) []byte {
	return s.sealTo(nil, plain, ctx)
}

// sealTo appends plain sealed in context ctx to dst, which must not
// overlap plain: a caller sealing many strings reuses its buffer.
func (s *sealer) sealTo(dst, plain []byte, ctx string) []byte {
	m := hmac.New(sha256.New, s.nonce)
	m.Write([]byte(ctx))
	m.Write([]byte{0})
	m.Write(plain)
	nonce := m.Sum(nil)[:s.aead.NonceSize()]
	dst = slices.Grow(dst, 1+len(nonce)+len(plain)+s.aead.Overhead())
	dst = append(append(dst, sealFormat), nonce...)
	return s.aead.Seal(dst, nonce, plain, additional(ctx))
}

// open returns the plaintext of bytes sealed in context ctx, or errSealed.
func (s *sealer) open(b []byte, ctx string) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(b) < 1+n+s.aead.Overhead() || b[0] != sealFormat {
		return nil, errSealed
	}
	plain, err := s.aead.Open(nil, b[1:1+n], b[1+n:], additional(ctx))
	if err != nil {
		return nil, errSealed
	}
	return plain, nil
}

// additional is the additional data of a sealed string: its format byte
// and its context.
func additional(ctx string) []byte { return append([]byte{sealFormat}, ctx...) }

// fileName returns a name for a sealed file that stands for what (a
// cycle's name, say) without showing it: the hex of an HMAC of what under
// a key derived for names, so a copy of OUT shows nothing of what, and
// another key gives other names.
func (s *sealer) fileName(what string) string {
	m := hmac.New(sha256.New, s.names)
	m.Write([]byte(what))
	return hex.EncodeToString(m.Sum(nil)[:16])
}
