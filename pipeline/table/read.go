package table

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// ReadFile reads every row of the Parquet file at path as T. Columns of T
// the file does not have read as zero values, so a newer reader can read an
// older file; a file that is not Parquet, or whose columns have other types
// than T's, gives an error naming the path (parquet-go panics on some
// mismatches; ReadFile turns those panics into errors).
func ReadFile[T any](path string) (rows []T, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() {
		// A read-only file's Close reports nothing about the data read,
		// but the error is still surfaced when the read itself succeeded.
		if cerr := f.Close(); err == nil && cerr != nil {
			rows, err = nil, fmt.Errorf("%s: %w", path, cerr)
		}
	}()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	defer func() {
		if p := recover(); p != nil {
			rows, err = nil, fmt.Errorf("%s: reading rows: %v", path, p)
		}
	}()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r := parquet.NewGenericReader[T](pf)
	rows = make([]T, pf.NumRows())
	n, err := r.Read(rows)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, errors.Join(fmt.Errorf("%s: reading rows: %w", path, err), r.Close())
	}
	if err := r.Close(); err != nil {
		return nil, fmt.Errorf("%s: closing reader: %w", path, err)
	}
	return rows[:n], nil
}

// ReadEach reads the rows of the Parquet file at path as T, at most batch
// at a time, and calls fn with each batch in file order, so that a caller
// that keeps only part of each row never holds the whole file. fn must not
// keep the slice: it is reused for the next batch (the values in it, such
// as strings, may be kept). An error from fn stops the read and is
// returned. Errors are as for ReadFile.
func ReadEach[T any](path string, batch int, fn func([]T) error) (err error) {
	if batch < 1 {
		batch = 1
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("%s: %w", path, cerr)
		}
	}()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	var ferr error // from fn, returned as it is
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: reading rows: %v", path, p)
		}
	}()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	r := parquet.NewGenericReader[T](pf)
	rows := make([]T, min(int64(batch), max(pf.NumRows(), 1)))
	for {
		n, rerr := r.Read(rows)
		if n > 0 {
			if ferr = fn(rows[:n]); ferr != nil {
				break
			}
		}
		if errors.Is(rerr, io.EOF) || (rerr == nil && n == 0) {
			break
		}
		if rerr != nil {
			return errors.Join(fmt.Errorf("%s: reading rows: %w", path, rerr), r.Close())
		}
	}
	if err := r.Close(); err != nil && ferr == nil {
		return fmt.Errorf("%s: closing reader: %w", path, err)
	}
	return ferr
}

// ReadOptional is ReadFile for tables a dataset may not have (older
// datasets, or tables a run did not write): a missing file gives no rows
// and no error.
func ReadOptional[T any](path string) ([]T, error) {
	rows, err := ReadFile[T](path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return rows, err
}

// Partition is the rows of one cycle of a cycle-partitioned table.
type Partition[T any] struct {
	Cycle string // the partition value, unescaped
	Rows  []T    // the rows of every part file, in part-file order
}

// ReadPartitions reads a cycle-partitioned table (dir/cycle=C/part-N.parquet)
// and returns one Partition per cycle folder, sorted by cycle id; the
// caller puts them in cycle order. Files and folders that do not follow the
// layout are ignored; a missing dir gives no partitions and no error.
func ReadPartitions[T any](dir string) ([]Partition[T], error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Partition[T]
	for _, e := range entries {
		val, ok := strings.CutPrefix(e.Name(), "cycle=")
		if !ok || !e.IsDir() {
			continue
		}
		cycle, err := url.PathUnescape(val)
		if err != nil {
			return nil, fmt.Errorf("%s: partition folder %q: %w", dir, e.Name(), err)
		}
		parts, err := filepath.Glob(filepath.Join(dir, e.Name(), "part-*.parquet"))
		if err != nil {
			return nil, err
		}
		sort.Strings(parts)
		p := Partition[T]{Cycle: cycle}
		for _, f := range parts {
			rows, err := ReadFile[T](f)
			if err != nil {
				return nil, err
			}
			p.Rows = append(p.Rows, rows...)
		}
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Cycle < out[j].Cycle })
	return out, nil
}
