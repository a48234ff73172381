package audit

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// MinFreeBytes is the free space CheckWritable asks of a folder before a
// run writes there (32 MiB). It is a variable so that a program embedding
// vigie, or a test simulating a full disk, can set another threshold.
var MinFreeBytes uint64 = 32 << 20

// CheckWritable checks, before any work, that a file can be written at
// path: its folder exists, accepts a new file, and has MinFreeBytes free.
// A batch that would fail at its first write after an hour of crawling
// fails now instead, with a clear error.
func CheckWritable(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%s is a folder, not a file", path)
	}
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("cannot write %s: folder %s does not exist", path, dir)
	case err != nil:
		return fmt.Errorf("cannot write %s: %w", path, err)
	case !fi.IsDir():
		return fmt.Errorf("cannot write %s: %s is not a folder", path, dir)
	}
	probe, err := os.CreateTemp(dir, ".vigie-write-check-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: folder %s does not accept new files (read-only?): %w", path, dir, unwrapPathError(err))
	}
	name := probe.Name()
	probe.Close()
	os.Remove(name)
	if free, ok := freeBytes(dir); ok && free < MinFreeBytes {
		return fmt.Errorf("cannot write %s: only %d MiB free in %s (at least %d MiB needed)", path, free>>20, dir, MinFreeBytes>>20)
	}
	return nil
}
