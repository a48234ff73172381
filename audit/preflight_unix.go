//go:build unix

package audit

import "golang.org/x/sys/unix"

// freeBytes returns the space available to this user in dir's file system.
func freeBytes(dir string) (uint64, bool) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return st.Bavail * uint64(st.Bsize), true
}
