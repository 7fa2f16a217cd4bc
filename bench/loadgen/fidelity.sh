#!/usr/bin/env bash
# Load-generator fidelity table (docs/perf/loadgen.md): sa-bench (ISL = OSL = 128) against
#   1. the paced C server /work/shared/bench/mockllm.c (10 ms ITL; its /stats is the truth),
#   2. our own mock worker (10 ms ITL; /metrics lateness),
# server pinned to CPU 1, client to CPU 0, loopback only, bounded runs (5 requests per stream).
# Usage: bench/loadgen/fidelity.sh [CONCURRENCIES, default 16x64x256x512x1024x2048]
#        TIMESTAMPS=node|kernel|auto (default auto) SERVERS="mockllm mock-worker" (default both)
set -euo pipefail
cd "$(dirname "$0")/../.."
CONC="${1:-16x64x256x512x1024x2048}"
SRC="${MOCKLLM_SRC:-../shared/bench/mockllm.c}"
PORT="${PORT:-18431}"
RUN=(node --conditions=@srt/source --import tsx)
TS="${TIMESTAMPS:-auto}"
SERVERS="${SERVERS:-mockllm mock-worker}"
ulimit -n "$(ulimit -Hn)" || true
cc -O2 -o /tmp/mockllm "$SRC"
SERVER=
trap 'if [[ -n "$SERVER" ]]; then kill "$SERVER" 2>/dev/null || true; fi' EXIT

wait_up() { for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && return 0; sleep 0.1; done; echo "server did not start" >&2; return 1; }

if [[ " $SERVERS " == *" mockllm "* ]]; then
echo "## paced C server (mockllm.c), timestamps $TS"
taskset -c 1 /tmp/mockllm --port "$PORT" --osl 128 --itl-us 10000 --backlog 16384 2>/dev/null &
SERVER=$!
wait_up
taskset -c 0 "${RUN[@]}" bench/loadgen/fidelity.ts --url "http://127.0.0.1:$PORT" --concurrency "$CONC" --truth mockllm --timestamps "$TS" --json "/tmp/loadgen-fidelity-mockllm-$TS.json"
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
fi

if [[ " $SERVERS " == *" mock-worker "* ]]; then
echo
echo "## our mock worker (packages/backends/src/mock), timestamps $TS"
taskset -c 1 "${RUN[@]}" bench/mock/serve.ts worker --mode agg --index 0 --host 127.0.0.1 --port "$PORT" --model m --ttft-ms 0 --itl-ms 10 >/dev/null 2>&1 &
SERVER=$!
wait_up
taskset -c 0 "${RUN[@]}" bench/loadgen/fidelity.ts --url "http://127.0.0.1:$PORT" --concurrency "$CONC" --truth mock-worker --timestamps "$TS" --json "/tmp/loadgen-fidelity-mock-worker-$TS.json"
fi
