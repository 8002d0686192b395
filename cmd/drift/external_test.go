package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-project/drift/pipeline"
)

// The tests in this file drive tools outside Go: headless Chromium for the
// report, Jupyter and the Python readers for the notebooks. They run when
// the tools are installed. Locally they are skipped with a message saying
// what to install; under CI (CI set, as .ci/run does) a missing tool fails
// the test, so nothing is silently left out.

// requireTools skips or fails t when a check says a tool is missing.
func requireTools(t *testing.T, missing, install string) {
	t.Helper()
	if missing == "" {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not installed; .ci/run must install it (%s)", missing, install)
	}
	t.Skipf("%s is not installed; to run this test: %s", missing, install)
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// sampleDataset runs the pipeline on the sample corpus into a fresh folder.
func sampleDataset(t *testing.T, root string) string {
	t.Helper()
	corpus := filepath.Join(t.TempDir(), "corpus")
	if err := copyDir(filepath.Join(root, "testdata", "corpus"), corpus); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	if _, err := pipeline.Run(context.Background(), pipeline.Config{Corpus: corpus, Out: out}, nil); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestReportInChromium renders report.html in headless Chromium at desktop
// and phone widths and fails on console errors, network requests, or an
// empty chart (.ci/report-check.mjs).
func TestReportInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	root := repoRoot(t)
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	missing := ""
	switch {
	case !executable(chromium):
		missing = "chromium"
	case !executable(lookPath("node")):
		missing = "node"
	case !isDir(filepath.Join(root, ".ci", "node_modules", "playwright-core")):
		missing = "playwright-core"
	}
	requireTools(t, missing, "apt-get install -y chromium && (cd .ci && npm ci)")
	out := sampleDataset(t, root)
	cmd := exec.Command("bash", filepath.Join(root, ".ci", "report-check"), out)
	b, err := cmd.CombinedOutput()
	t.Logf("%s", b)
	if err != nil {
		t.Fatalf("report check failed: %v", err)
	}
}

func lookPath(name string) string {
	p, err := exec.LookPath(name)
	if err != nil {
		return ""
	}
	return p
}

func executable(p string) bool {
	if p == "" {
		return false
	}
	st, err := os.Stat(p)
	return err == nil && st.Mode()&0o111 != 0
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// TestNotebooks executes every notebook in notebooks/ against a dataset
// built from the sample corpus, and reads the dataset with pyarrow, polars,
// DuckDB and Spark, checking they agree on rows and types
// (.ci/notebooks.sh).
func TestNotebooks(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	root := repoRoot(t)
	py := os.Getenv("PYTHON")
	if py == "" {
		py = "python3"
	}
	missing := ""
	probe := exec.Command(py, "-c", "import nbconvert, nbformat, ipykernel, pandas, pyarrow, polars, duckdb, matplotlib, pyspark")
	if out, err := probe.CombinedOutput(); err != nil {
		missing = "the notebooks' Python packages (" + firstLine(string(out)) + ")"
	} else if lookPath("java") == "" {
		missing = "java (for Spark)"
	}
	requireTools(t, missing, "pip install -r notebooks/requirements.txt, and a Java runtime")
	cmd := exec.Command("bash", filepath.Join(root, ".ci", "notebooks.sh"))
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "NO_PIP=1")
	b, err := cmd.CombinedOutput()
	t.Logf("%s", b)
	if err != nil {
		t.Fatalf(".ci/notebooks.sh failed: %v", err)
	}
}

func firstLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
