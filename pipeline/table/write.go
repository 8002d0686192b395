package table

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/parquet-go/parquet-go"
)

// Meta is the key-value metadata stamped on every file of a dataset.
type Meta map[string]string

// Encode writes rows as one Parquet file to a byte slice. The writer
// settings are the one place compression and encodings are chosen: data
// page v1, plain-encoded byte arrays and zstd, which pyarrow, polars,
// DuckDB, Spark and arrow-go all read. No wall-clock time is written, so the
// same rows and meta give the same bytes.
//
// Row groups hold at most 2^17 rows (DuckDB writes 122,880), so a writer
// buffers a bounded number of rows however large a partition grows. Pages
// are compressed with zstd (see zstdCodec).
func Encode[T any](rows []T, meta Meta) ([]byte, error) {
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[T](&buf, append(writerOptions(meta), shortIndexSchema[T]())...)
	if len(rows) > 0 {
		if _, err := w.Write(rows); err != nil {
			return nil, fmt.Errorf("writing parquet rows: %w", err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("closing parquet writer: %w", err)
	}
	return buf.Bytes(), nil
}

// writerOptions are the settings of every Parquet file drift writes, by
// Encode or by a PartWriter.
func writerOptions(meta Meta) []parquet.WriterOption {
	opts := []parquet.WriterOption{
		parquet.DataPageVersion(1),
		parquet.DefaultEncodingFor(parquet.ByteArray, &parquet.Plain),
		parquet.Compression(zstdCodec),
		parquet.CreatedBy("drift", meta["tool_version"], ""),
		parquet.MaxRowsPerRowGroup(1 << 17),
	}
	keys := make([]string, 0, len(meta))
	for k := range meta {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		opts = append(opts, parquet.KeyValueMetadata(k, meta[k]))
	}
	return opts
}

// WriteFile encodes rows and writes them to path atomically: the bytes go
// to a temporary file in the same folder, which is synced and renamed into
// place, so no half-written file is ever visible under path.
func WriteFile[T any](path string, rows []T, meta Meta) error {
	b, err := Encode(rows, meta)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return WriteAtomic(path, b)
}

// WriteAtomic writes b to path through a temporary file and a rename.
// The file is synced to disk before the rename, except inside a staging
// folder (see Stage), whose files Commit syncs all at once.
func WriteAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if err == nil && !inStage(path) {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
