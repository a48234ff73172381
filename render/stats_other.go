//go:build !linux

package render

func treeRSS(int) (int, int64) { return 0, 0 }
