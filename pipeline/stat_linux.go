//go:build linux

package pipeline

import "syscall"

// statOf returns what the file index compares of the file at path (see
// fileIndex), following symbolic links as opening it does.
func statOf(path string) (fileStat, bool) {
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		return fileStat{}, false
	}
	return fileStat{size: int64(st.Size), mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano(),
		ino: uint64(st.Ino), dev: uint64(st.Dev)}, true
}
