#!/usr/bin/env bash
# Runs the batch-throughput benchmark (audit BenchmarkFarm: 1,000 generated
# vendor sites on loopback, vigie against a bare net/http loop in the same
# run) RUNS times and prints each run and the min, median and max of each
# figure.
#
#   scripts/measure-farm.sh [RUNS]      (default 8)
#
# Each run starts once the loopback sockets of the run before have left
# TIME_WAIT (60 s on Linux): a run opens about 6,000 connections, and runs
# made back to back pile up tens of thousands of sockets in TIME_WAIT, which
# slows every connect() of the next run (the bare loop's CPU per site rose
# from about 250 µs to 350 µs that way on the development machine). Without
# `ss` (iproute2) it waits 61 s instead.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-8}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go test -c -o "$tmp/audit.test" ./audit

timewait() { ss -s | sed -n 's/.*timewait \([0-9]*\).*/\1/p'; }
drain() {
  if command -v ss >/dev/null; then
    while [ "$(timewait)" != 0 ]; do sleep 2; done
  else
    sleep 61
  fi
}

cd audit
for i in $(seq "$runs"); do
  drain
  GOGC=400 GOMEMLIMIT=100MiB "$tmp/audit.test" -test.run '^$' -test.bench '^BenchmarkFarm$' \
    -test.benchtime 3x | grep '^BenchmarkFarm' | tee -a "$tmp/runs"
done

# Each line holds "value unit" pairs after the name, iterations and ns/op.
awk '{ for (i = 5; i < NF; i += 2) { v[$(i+1)] = v[$(i+1)] " " $i } }
END {
  for (u in v) {
    n = split(v[u], a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    med = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    printf "%-20s min %9.3f  median %9.3f  max %9.3f  (%d runs)\n", u, a[1], med, a[n], n
  }
}' "$tmp/runs" | sort
