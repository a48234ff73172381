package render

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// treeRSS sums the memory of a process and its descendants (their
// proportional set sizes), read from /proc.
func treeRSS(root int) (procs int, rss int64) {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	children := map[int][]int{}
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		// pid (comm) state ppid …; comm may hold spaces and parentheses.
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		fields := strings.Fields(s[i+1:])
		pid, _ := strconv.Atoi(strings.TrimSpace(s[:strings.IndexByte(s, ' ')]))
		if len(fields) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(fields[1])
		children[ppid] = append(children[ppid], pid)
	}
	queue := []int{root}
	for len(queue) > 0 {
		pid := queue[0]
		queue = queue[1:]
		if n, ok := pss(pid); ok {
			rss += n
			procs++
		}
		queue = append(queue, children[pid]...)
	}
	return procs, rss
}

// pss is the proportional set size of a process: its resident memory with
// the pages it shares (the browser's code, shared memory) divided among
// the processes sharing them, so that the sum over a process tree is not
// counted several times. It falls back to the resident set size.
func pss(pid int) (int64, bool) {
	dir := "/proc/" + strconv.Itoa(pid)
	if b, err := os.ReadFile(dir + "/smaps_rollup"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "Pss:" {
				kb, err := strconv.ParseInt(f[1], 10, 64)
				return kb << 10, err == nil
			}
		}
	}
	b, err := os.ReadFile(dir + "/statm")
	if err != nil {
		return 0, false
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0, false
	}
	n, err := strconv.ParseInt(f[1], 10, 64)
	return n * int64(os.Getpagesize()), err == nil
}
