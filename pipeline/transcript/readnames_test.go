package transcript

import (
	"path/filepath"
	"testing"
)

// TestReadNames checks that ReadNames gives every file of the ingest
// fixtures and the sample corpus the status, reason, turns, names and
// roles Read gives, with no text and no pseudonym.
func TestReadNames(t *testing.T) {
	ps, err := NewPseudonymizer(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{ingestDir, filepath.Join("..", "..", "testdata", "corpus")} {
		cfg, err := LoadConfig(dir)
		if err != nil {
			t.Fatal(err)
		}
		files, err := Discover(dir, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no files under %s", dir)
		}
		r := &Reader{Config: cfg, Pseudonyms: ps}
		for _, f := range files {
			t.Run(f.Rel, func(t *testing.T) {
				full, names := r.Read(f), r.ReadNames(f)
				if names.Status != full.Status || names.Reason != full.Reason || names.SHA256 != full.SHA256 {
					t.Errorf("ReadNames: status %q %q, want %q %q", names.Status, names.Reason, full.Status, full.Reason)
				}
				if len(names.Turns) != len(full.Turns) {
					t.Fatalf("ReadNames: %d turns, want %d", len(names.Turns), len(full.Turns))
				}
				for i, tn := range names.Turns {
					tf := full.Turns[i]
					if tn.Name != tf.Name || tn.Role != tf.Role || tn.Line != tf.Line {
						t.Errorf("turn %d: %q %s line %d, want %q %s line %d", i, tn.Name, tn.Role, tn.Line, tf.Name, tf.Role, tf.Line)
					}
					if tn.Text != "" || tn.Speaker != "" {
						t.Errorf("turn %d: text %q speaker %q, want none", i, tn.Text, tn.Speaker)
					}
				}
			})
		}
	}
}
