package table

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/parquet-go/parquet-go"
)

// PartWriter writes one Parquet file incrementally, so a large table never
// has to be held in memory. Rows are buffered into a row group, which is
// written out when it holds GroupRows rows or when Flush is called. The
// bytes depend only on the rows, their order and the Flush calls, so the
// same sequence of calls gives the same file.
//
// A PartWriter writes straight to its path: give it a path inside a Stage,
// where no reader looks until Commit.
type PartWriter[T any] struct {
	path      string
	f         *os.File
	bw        *bufRef
	w         *parquet.GenericWriter[T]
	groupRows int
	pending   int
	rows      int64
	sum       hash.Hash
}

// DefaultGroupRows is the row-group size of a PartWriter when none is given.
const DefaultGroupRows = 32 << 10

// NewPartWriter creates path (and its folder) and returns a writer for it.
// groupRows <= 0 means DefaultGroupRows.
func NewPartWriter[T any](path string, meta Meta, groupRows int) (*PartWriter[T], error) {
	if groupRows <= 0 {
		groupRows = DefaultGroupRows
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	// Remove first: path may be a hard link to a file of the dataset,
	// which must not be truncated.
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	sum := sha256.New()
	bw := &bufRef{fileBufs.Get().(*bufio.Writer)}
	bw.w.Reset(io.MultiWriter(f, sum))
	// The compressed pages of the open row group wait in temporary files
	// beside path, not in memory: a row group of long turns is tens of
	// megabytes. The bytes written are the same.
	opts := append(writerOptions(meta), shortIndexSchema[T](), parquet.ColumnPageBuffers(parquet.NewFileBufferPool(filepath.Dir(path), ".pages-*")))
	return &PartWriter[T]{path: path, f: f, bw: bw, groupRows: groupRows, sum: sum,
		w: parquet.NewGenericWriter[T](bw, opts...)}, nil
}

// fileBufs holds the 1 MiB write buffers of PartWriters between files: a
// run writes a part file per table per cycle, and a new buffer for each
// was 4% of the bytes a 50 MB run allocated.
var fileBufs = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 1<<20) }}

// bufRef is a PartWriter's write buffer as its parquet writer sees it:
// once the buffer is back in fileBufs (w nil), nothing more reaches it.
type bufRef struct{ w *bufio.Writer }

var errPartClosed = errors.New("part file already closed")

func (r *bufRef) Write(b []byte) (int, error) {
	if r.w == nil {
		return 0, errPartClosed
	}
	return r.w.Write(b)
}

func (r *bufRef) Flush() error {
	if r.w == nil {
		return errPartClosed
	}
	return r.w.Flush()
}

// releaseBuf gives the write buffer back to fileBufs, once.
func (p *PartWriter[T]) releaseBuf() {
	if b := p.bw.w; b != nil {
		p.bw.w = nil
		b.Reset(nil)
		fileBufs.Put(b)
	}
}

// Write appends rows, ending the row group whenever it is full.
func (p *PartWriter[T]) Write(rows []T) error {
	for len(rows) > 0 {
		n := min(len(rows), p.groupRows-p.pending)
		if _, err := p.w.Write(rows[:n]); err != nil {
			return fmt.Errorf("%s: writing parquet rows: %w", p.path, err)
		}
		rows = rows[n:]
		p.pending += n
		p.rows += int64(n)
		if p.pending >= p.groupRows {
			if err := p.Flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

// Flush ends the current row group, if it has rows, and writes it out.
func (p *PartWriter[T]) Flush() error {
	if p.pending == 0 {
		return nil
	}
	p.pending = 0
	if err := p.w.Flush(); err != nil {
		return fmt.Errorf("%s: flushing row group: %w", p.path, err)
	}
	return nil
}

// Path returns the file's path.
func (p *PartWriter[T]) Path() string { return p.path }

// Rows returns how many rows were written.
func (p *PartWriter[T]) Rows() int64 { return p.rows }

// Close writes the footer and closes the file. It syncs the file to disk
// unless it is inside a staging folder, which Commit syncs as a whole.
func (p *PartWriter[T]) Close() error {
	err := p.w.Close()
	if err == nil {
		err = p.bw.Flush()
	}
	p.releaseBuf()
	if err == nil && !inStage(p.path) {
		err = p.f.Sync()
	}
	if cerr := p.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", p.path, err)
	}
	return nil
}

// SHA256 returns the hex SHA-256 of the file's bytes, once it is closed.
func (p *PartWriter[T]) SHA256() string { return hex.EncodeToString(p.sum.Sum(nil)) }

// Abort closes the file without finishing it and removes it, with the
// temporary page files of the open row group.
func (p *PartWriter[T]) Abort() error {
	p.w.Reset(io.Discard)
	p.releaseBuf()
	err := p.f.Close()
	if rerr := os.Remove(p.path); err == nil {
		err = rerr
	}
	return err
}

// Decode reads the rows of a Parquet file held in b, as written by Encode.
func Decode[T any](b []byte) ([]T, error) {
	if len(b) == 0 {
		return nil, nil
	}
	return parquet.Read[T](bytes.NewReader(b), int64(len(b)))
}

// MergeParts writes the rows of the Parquet files srcs, in order, into a
// new PartWriter at dst, ending a row group wherever a source's row group
// ends, and closes it. The result has the bytes a single PartWriter would
// have written given the same rows and the same Flush calls.
func MergeParts[T any](dst string, srcs []string, meta Meta, groupRows int) (*PartWriter[T], error) {
	w, err := NewPartWriter[T](dst, meta, groupRows)
	if err != nil {
		return nil, err
	}
	for _, src := range srcs {
		if err := copyRowGroups(w, src); err != nil {
			w.Abort()
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return w, nil
}

func copyRowGroups[T any](w *PartWriter[T], src string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	err = copyFileRowGroups(w, f, src)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func copyFileRowGroups[T any](w *PartWriter[T], f *os.File, src string) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	for _, rg := range pf.RowGroups() {
		r := parquet.NewGenericRowGroupReader[T](rg)
		rows := make([]T, rg.NumRows())
		got, err := readAll(r, rows)
		if cerr := r.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("%s: %w", src, err)
		}
		if got != len(rows) {
			return fmt.Errorf("%s: read %d of %d rows", src, got, len(rows))
		}
		if err := w.Write(rows); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// readAll reads into rows until they are full or the reader ends.
func readAll[T any](r *parquet.GenericReader[T], rows []T) (int, error) {
	got := 0
	for got < len(rows) {
		n, err := r.Read(rows[got:])
		got += n
		if errors.Is(err, io.EOF) || (err == nil && n == 0) {
			break
		}
		if err != nil {
			return got, err
		}
	}
	return got, nil
}
