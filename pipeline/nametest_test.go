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
