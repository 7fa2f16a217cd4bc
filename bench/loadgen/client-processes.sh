#!/usr/bin/env bash
# Multi-process client check (docs/perf/loadgen.md): `srtctl bench sa --client-processes N`
# (N = 1, 2 by default) against the paced C server /work/shared/bench/mockllm.c (10 ms ITL, its
# /stats is the truth), server pinned to CPU 1, every client process on CPU 0 (same load, same
# core budget), ISL = OSL = 128, 5 requests per stream, no warm-up, the built bundle
# packages/cli/dist/srtctl.mjs (so the children are forked exactly as in a job).
# Usage: bench/loadgen/client-processes.sh [CONCURRENCIES, default 256x1024] [PROCESSES, default "1 2"]
#        CPUS=0 (client cpu list), PORT (default: a random free-ish port)
set -euo pipefail
cd "$(dirname "$0")/../.."
CONC="${1:-256x1024}"
PROCS="${2:-1 2}"
SRC="${MOCKLLM_SRC:-../shared/bench/mockllm.c}"
PORT="${PORT:-$((20000 + RANDOM % 30000))}"
CPUS="${CPUS:-0}"
BIN=packages/cli/dist/srtctl.mjs
[[ -f "$BIN" ]] || (cd packages/cli && SRTCTL_BUNDLE_ONLY=1 npx tsup >/dev/null)
ulimit -n "$(ulimit -Hn)" || true
cc -O2 -o /tmp/mockllm-cp "$SRC"
taskset -c 1 /tmp/mockllm-cp --port "$PORT" --osl 128 --itl-us 10000 --backlog 16384 2>/dev/null &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
OUT=$(mktemp -d)
echo "| processes | streams | reported ITL p50 / p99 (ms) | true ITL p50 / p99 (ms) | completed / failed | reported tok/s | client CPU (all processes, % of one core) | max RSS of one process (MiB) | load avg |"
echo "|---|---|---|---|---|---|---|---|---|"
for c in ${CONC//x/ }; do
  for n in $PROCS; do
    curl -sf "http://127.0.0.1:$PORT/stats/reset" >/dev/null
    load=$(cut -d' ' -f1 /proc/loadavg)
    dir="$OUT/n$n-c$c"
    /usr/bin/time -f '%e %U %S %M' -o "$OUT/time" taskset -c "$CPUS" node "$BIN" bench sa --url "http://127.0.0.1:$PORT" --model m \
      --isl 128 --osl 128 --concurrency "$c" --num-prompts $((c * 5)) --no-warmup --max-failed 1000000 \
      --client-processes "$n" --result-dir "$dir" >"$OUT/log" 2>&1 || { echo "| $n | $c | run failed: $(tail -1 "$OUT/log") |"; continue; }
    stats=$(curl -sf "http://127.0.0.1:$PORT/stats")
    read -r wall user sys rss < "$OUT/time"
    f=$(ls "$dir"/*.json | grep -v rollup | head -1)
    jq -r --argjson s "$stats" --arg n "$n" --arg c "$c" --arg wall "$wall" --arg cpu "$(echo "$user $sys $wall" | awk '{printf "%.0f", ($1+$2)/$3*100}')" \
      --arg rss "$((rss / 1024))" --arg load "$load" \
      '"| \($n) | \($c) | \(.median_itl_ms*100|round/100) / \(.p99_itl_ms*100|round/100) | \($s.gap_ms.p50) / \($s.gap_ms.p99) | \(.completed) / \(.failed) | \(.output_throughput|round) | \($cpu) | \($rss) | \($load) |"' "$f"
  done
done
rm -rf "$OUT"
