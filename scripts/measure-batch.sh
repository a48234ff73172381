#!/usr/bin/env bash
# Measures vigie on a large batch: a farm of N generated vendor sites on
# loopback (each its own 127.x.y.z origin), audited with --delay 0, without and
# with the store. Prints vendors per second and peak RSS (GNU time).
#
#   scripts/measure-batch.sh [N]      (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
tmp=$(mktemp -d)
trap 'kill $farm 2>/dev/null || true; rm -rf "$tmp"' EXIT

go build -o "$tmp/vigie" ./cmd/vigie
go build -o "$tmp/vigie-farm" ./cmd/vigie-farm
"$tmp/vigie-farm" -n "$n" -list "$tmp/vendors.txt" >"$tmp/farm.log" 2>&1 &
farm=$!
for _ in $(seq 50); do [ -s "$tmp/vendors.txt" ] && break; sleep 0.1; done

measure() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$tmp/vigie" audit -i "$tmp/vendors.txt" --delay 0 -q \
    -f jsonl -o "$tmp/report.jsonl" "$@"
  read -r secs kb <"$tmp/time"
  local found
  found=$(grep -c '"status":"found"' "$tmp/report.jsonl" || true)
  awk -v l="$label" -v n="$n" -v s="$secs" -v kb="$kb" -v f="$found" 'BEGIN {
    printf "%-10s %6d vendors (%d found) in %6.1f s: %6.1f vendors/s, peak RSS %5.1f MB\n", l, n, f, s, n/s, kb/1024 }'
}
measure "--no-db" --no-db
measure "--db" --db "$tmp/vigie.db"
