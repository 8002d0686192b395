package pipeline

import "testing"

// TestNameTestPossessive checks that keyness's name test also catches a
// name with a possessive ending ("farhiya's" was listed as a keyness word,
// and its counts matched one pseudonym's), through the plain names of the
// corpus configuration and through the keyed hashes of speakers' names.
func TestNameTestPossessive(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	keys := map[string]bool{nameKey(key, "farhiya"): true}
	is := nameTest(key, []string{"Marisol Oyelaran"}, keys)
	for w, want := range map[string]bool{
		"farhiya": true, "farhiya's": true, "farhiya’s": true, "farhiya'": true,
		"marisol": true, "marisol's": true, "oyelaran’s": true,
		"rent": false, "rent's": false, "'s": false, "s": false, "": false, "farhiyas": false,
	} {
		if got := is(w); got != want {
			t.Errorf("isName(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestNameKeyerIn checks the reused HMAC of nameTest against nameKey, word
// after word, so that no state of one word leaks into the next.
func TestNameKeyerIn(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	words := []string{"farhiya", "", "rent", "farhiya's", "oyelaran", "a much longer word than a block of sha-256 holds, to cross its 64 bytes"}
	keys := map[string]bool{}
	for i, w := range words {
		if i%2 == 0 {
			keys[nameKey(key, w)] = true
		}
	}
	k := newNameKeyer(key)
	for round := 0; round < 2; round++ {
		for i, w := range words {
			if got, want := k.in(keys, w), i%2 == 0; got != want {
				t.Errorf("round %d: in(%q) = %v, want %v", round, w, got, want)
			}
		}
	}
}
