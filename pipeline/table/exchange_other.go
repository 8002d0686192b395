//go:build !linux

package table

import "errors"

// exchange is not available here; Commit falls back to two renames.
func exchange(a, b string) error { return errors.ErrUnsupported }

// syncFS is not available here; Stage.Sync syncs file by file.
func syncFS(dir string) error { return errors.ErrUnsupported }
