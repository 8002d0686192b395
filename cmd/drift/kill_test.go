//go:build unix

package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// driftBinary returns a path that runs this test binary as drift:
// testscript.Main (in TestMain) runs Main when the program is called drift.
func driftBinary(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "drift")
	if err := os.Symlink(exe, bin); err != nil {
		t.Fatal(err)
	}
	return bin
}

// replicate copies every transcript of the sample corpus into corpus
// `copies` times, the copies of cycle C going into folder C+suffix.
func replicate(t *testing.T, corpus string, copies int, cycles map[string]string) {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", "corpus")
	for from, to := range cycles {
		entries, err := os.ReadDir(filepath.Join(src, from))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(src, from, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			ext := filepath.Ext(e.Name())
			for k := 0; k < copies; k++ {
				p := filepath.Join(corpus, to, fmt.Sprintf("%s-%03d%s", strings.TrimSuffix(e.Name(), ext), k, ext))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// snapshot reads every visible file of a dataset; hidden entries (staging
// folders, the cache) are left out.
func snapshot(t *testing.T, out string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != out && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(out, p)
			files[filepath.ToSlash(rel)] = b
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func diffSnapshots(a, b map[string][]byte) []string {
	var d []string
	for n, x := range a {
		if y, ok := b[n]; !ok {
			d = append(d, "missing "+n)
		} else if !bytes.Equal(x, y) {
			d = append(d, "changed "+n)
		}
	}
	for n := range b {
		if _, ok := a[n]; !ok {
			d = append(d, "new "+n)
		}
	}
	return d
}

func stagingFolders(t *testing.T, out string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(out, ".staging-*"))
	return m
}

// TestKillLeavesPreviousDataset kills drift run with SIGKILL at several
// points (while tagging, while writing part files, and with everything
// staged just before the commit) and checks the previous dataset is intact,
// byte for byte, each time; then that the next run cleans up the staging
// folders and writes the new dataset.
func TestKillLeavesPreviousDataset(t *testing.T) {
	bin := driftBinary(t)
	corpus := filepath.Join(t.TempDir(), "corpus")
	if err := copyDir(filepath.Join("..", "..", "testdata", "corpus"), corpus); err != nil {
		t.Fatal(err)
	}
	replicate(t, corpus, 12, map[string]string{"2026-01": "2026-01", "2026-02": "2026-02", "2026-03": "2026-03", "2026-04": "2026-04"})
	out := filepath.Join(t.TempDir(), "out")
	if b, err := exec.Command(bin, "run", corpus, "-o", out, "-q", "--workers", "2").CombinedOutput(); err != nil {
		t.Fatalf("first run: %v\n%s", err, b)
	}
	before := snapshot(t, out)

	// The next run would write a different dataset: a fifth cycle.
	replicate(t, corpus, 12, map[string]string{"2026-04": "2026-05"})

	start := func(env ...string) *exec.Cmd {
		cmd := exec.Command(bin, "run", corpus, "-o", out, "-q", "--workers", "2", "--no-cache")
		cmd.Env = append(os.Environ(), env...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	kill := func(cmd *exec.Cmd, when string) {
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatalf("%s: kill: %v", when, err)
		}
		err := cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			t.Logf("%s: the run ended before the kill (%v); the check still holds", when, err)
		}
		if d := diffSnapshots(before, snapshot(t, out)); len(d) > 0 {
			t.Errorf("killed %s: the previous dataset changed: %s", when, strings.Join(d, ", "))
		}
	}
	for _, delay := range []time.Duration{0, 30 * time.Millisecond, 150 * time.Millisecond, 400 * time.Millisecond} {
		pause := filepath.Join(t.TempDir(), "paused")
		cmd := start("DRIFT_TEST_PAUSE_BEFORE_COMMIT=" + pause)
		time.Sleep(delay)
		kill(cmd, fmt.Sprintf("after %v", delay))
	}

	// With everything staged, just before the commit.
	pause := filepath.Join(t.TempDir(), "paused")
	cmd := start("DRIFT_TEST_PAUSE_BEFORE_COMMIT=" + pause)
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, err := os.Stat(pause); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the run never reached the commit")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if len(stagingFolders(t, out)) == 0 {
		t.Error("no staging folder while the run was paused before its commit")
	}
	kill(cmd, "just before the commit")
	if len(stagingFolders(t, out)) == 0 {
		t.Error("the killed run left no staging folder; the test did not kill it midway")
	}

	// The next run removes what the killed runs left and commits.
	if b, err := exec.Command(bin, "run", corpus, "-o", out, "-q", "--workers", "2").CombinedOutput(); err != nil {
		t.Fatalf("run after the kills: %v\n%s", err, b)
	}
	if s := stagingFolders(t, out); len(s) > 0 {
		t.Errorf("staging folders left after a successful run: %v", s)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	if b, err := exec.Command(bin, "run", corpus, "-o", fresh, "-q", "--no-cache").CombinedOutput(); err != nil {
		t.Fatalf("fresh run: %v\n%s", err, b)
	}
	after, want := snapshot(t, out), snapshot(t, fresh)
	delete(after, "run.json")
	delete(want, "run.json")
	if d := diffSnapshots(want, after); len(d) > 0 {
		t.Errorf("the run after the kills differs from a fresh run: %s", strings.Join(d, ", "))
	}
}
