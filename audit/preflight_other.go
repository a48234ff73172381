//go:build !unix

package audit

// freeBytes is not measured on this platform.
func freeBytes(string) (uint64, bool) { return 0, false }
