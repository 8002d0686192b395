package report

import "testing"

// TestQuoteMasker checks quotes are masked by the rule of --text masked
// (pipeline/names): whole words, the full name and the first name, and
// the names the recogniser finds.
func TestQuoteMasker(t *testing.T) {
	people := func(s string) []string { return []string{"Okafor", "spk-0000aaaa", "x"} }
	m := newMasker(Options{KnownNames: []string{"Walt Imbery", "Mr Lee", "M.O."}, People: people})
	tests := []struct{ in, want string }{
		{"Thanks Walt, and WALT's friend Walt Imbery.", "Thanks [name], and [name]'s friend [name]."},
		{"Walter drove past the asphalt plant in Waltham.", "Walter drove past the asphalt plant in Waltham."},
		{"Mr Lee and Mr Okafor agreed with M.O. and spk-0000aaaa.", "[name] and Mr [name] agreed with [name]. and spk-0000aaaa."},
	}
	for _, tt := range tests {
		if got := m.mask(tt.in); got != tt.want {
			t.Errorf("mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := newMasker(Options{KnownNames: []string{"Walt Imbery"}}).mask("walt and Walt"); got != "walt and [name]" {
		t.Errorf("without a recogniser: %q", got)
	}
}
