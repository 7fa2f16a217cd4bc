#!/usr/bin/env bash
# The 15,000-stream table (docs/perf/loadgen.md): `srtctl bench sa` (the built bundle) at STREAMS
# concurrent streams against the paced C server ../shared/bench/mockllm.c at ITL_US (150 ms: ~100k
# tok/s at 15,000 streams), ISL = OSL = 128, PER_STREAM requests per stream, no warm-up, kernel
# timestamps. Server on SERVER_CPUS (1), client on CLIENT_CPUS (0). Truth = the server's /stats
# (emitted gap and server-side TTFT histograms). Client CPU = user + sys of the client process tree
# over the wall time; RSS = the peak of the sum over the client's processes (sampled every 0.5 s).
# Usage: bench/loadgen/scale.sh [STREAMS, default 15000] [PROCESSES, default "1 2"]
#        ITL_US=150000 PER_STREAM=2 CLIENT_CPUS=0 SERVER_CPUS=1 PORT=<random>
#        PROFILE=1: the client runs under `node --cpu-prof` (profiles in /tmp/scale-prof-*)
#        CLIENT_NICE=-5: the client runs at that nice level (a busy machine; say so next to the figures)
#        SERVER_RT=1: the C server runs at SCHED_FIFO 1 (chrt), so a busy machine cannot starve the
#        truth (the client's reader thread already asks for it); say so next to the figures
# Needs: open files >= STREAMS + 64 (hard limit), an ephemeral port range of STREAMS + 1,000 ports,
# and net.core.somaxconn >= STREAMS (else the connection burst waits for SYN retries); the script
# raises what it may and stops with the command to run when it cannot.
set -euo pipefail
cd "$(dirname "$0")/../.."
STREAMS="${1:-15000}"
PROCS="${2:-1 2}"
ITL_US="${ITL_US:-150000}"
PER_STREAM="${PER_STREAM:-2}"
CLIENT_CPUS="${CLIENT_CPUS:-0}"
SERVER_CPUS="${SERVER_CPUS:-1}"
SRC="${MOCKLLM_SRC:-../shared/bench/mockllm.c}"
PORT="${PORT:-$((20000 + RANDOM % 10000))}"
BIN=packages/cli/dist/srtctl.mjs

need=$((STREAMS + 64))
hard=$(ulimit -Hn)
if [[ "$hard" != unlimited ]] && (( hard < need )); then
  echo "error: $STREAMS streams need $need open files but the hard limit (ulimit -Hn) is $hard; as root: ulimit -Hn $need (or nofile in /etc/security/limits.conf), then rerun" >&2
  exit 1
fi
ulimit -n "$hard"
read -r lo hi < /proc/sys/net/ipv4/ip_local_port_range
if (( hi - lo + 1 < STREAMS + 1000 )); then
  sysctl -qw net.ipv4.ip_local_port_range="1024 65535" 2>/dev/null || {
    echo "error: $STREAMS streams need $((STREAMS + 1000)) ephemeral ports, the range is $lo-$hi; as root: sysctl -w net.ipv4.ip_local_port_range=\"1024 65535\"" >&2
    exit 1
  }
fi
if (( $(cat /proc/sys/net/core/somaxconn) < STREAMS )); then
  sysctl -qw net.core.somaxconn="$STREAMS" 2>/dev/null ||
    echo "note: net.core.somaxconn is $(cat /proc/sys/net/core/somaxconn) (< $STREAMS) and cannot be raised here (as root: sysctl -w net.core.somaxconn=$STREAMS); connections beyond the accept queue wait for SYN retries (TTFT)" >&2
fi
[[ -f "$BIN" ]] || pnpm -s build >/dev/null
cc -O2 -o /tmp/mockllm-scale "$SRC"
rt=()
[[ "${SERVER_RT:-0}" == 1 ]] && rt=(chrt -f 1)
"${rt[@]}" taskset -c "$SERVER_CPUS" /tmp/mockllm-scale --port "$PORT" --osl 128 --itl-us "$ITL_US" --backlog "$((STREAMS + 1024))" 2>"/tmp/scale-server-$PORT.err" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
OUT=$(mktemp -d)
echo "| processes | streams | reported ITL p50 / p99 (ms) | true ITL p50 / p99 (ms) | error p50 / p99 | reported TTFT p50 / p99 (ms) | true TTFT p50 / p99 (ms) | completed / failed | reported tok/s | client CPU (% of one core) | client RSS peak (MiB) | load avg before / after |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for n in $PROCS; do
  curl -sf "http://127.0.0.1:$PORT/stats/reset" >/dev/null
  load0=$(cut -d' ' -f1 /proc/loadavg)
  dir="$OUT/n$n"
  prof=()
  [[ "${PROFILE:-0}" == 1 ]] && prof=(--cpu-prof --cpu-prof-dir "/tmp/scale-prof-n$n")
  nice=()
  [[ -n "${CLIENT_NICE:-}" ]] && nice=(nice -n "$CLIENT_NICE")
  setsid /usr/bin/time -f '%e %U %S' -o "$OUT/time" taskset -c "$CLIENT_CPUS" "${nice[@]}" node "${prof[@]}" "$BIN" bench sa --url "http://127.0.0.1:$PORT" --model m \
    --isl 128 --osl 128 --concurrency "$STREAMS" --num-prompts $((STREAMS * PER_STREAM)) --no-warmup --max-failed 100000000 \
    --client-processes "$n" --result-dir "$dir" >"$OUT/log-$n" 2>&1 &
  client=$!
  peak=0
  while kill -0 "$client" 2>/dev/null; do
    rss=$(ps -o rss= -g "$client" 2>/dev/null | awk '{s+=$1} END {print s+0}')
    (( rss > peak )) && peak=$rss
    sleep 0.5
  done
  ok=1
  wait "$client" || ok=0
  load1=$(cut -d' ' -f1 /proc/loadavg)
  stats=$(curl -sf -m 20 "http://127.0.0.1:$PORT/stats") || { echo "| $n | $STREAMS | the C server did not answer /stats: $(kill -0 "$SERVER" 2>/dev/null && echo alive || echo gone); $(tail -2 "/tmp/scale-server-$PORT.err" | tr '\n' ' ') |"; break; }
  echo "$stats" > "$OUT/stats-$n.json"
  read -r wall user sys < <(tail -1 "$OUT/time")
  if [[ $ok == 0 ]]; then
    echo "| $n | $STREAMS | run failed: $(grep -E '^(ERROR|Error)' "$OUT/log-$n" | head -1 | cut -c1-200) | server: $(jq -r '"gap p50/p99 \(.gap_ms.p50)/\(.gap_ms.p99) ms, write lateness p99 \(.late_ms.p99) ms, CPU \(.cpu_pct)%, \(.tokens) tokens"' <<<"$stats") | client CPU $(echo "$user $sys $wall" | awk '{printf "%.0f", ($1+$2)/$3*100}') %, RSS $((peak / 1024)) MiB | load $load0 / $load1 |"
    continue
  fi
  f=$(ls "$dir"/*.json | grep -v rollup | head -1)
  jq -r --argjson s "$stats" --arg n "$n" --arg c "$STREAMS" --arg cpu "$(echo "$user $sys $wall" | awk '{printf "%.0f", ($1+$2)/$3*100}')" \
    --arg rss "$((peak / 1024))" --arg load "$load0 / $load1" \
    'def r: . * 100 | round / 100; def e(a; b): (if a >= b then "+" else "" end) + ((a - b) / b * 1000 | round / 10 | tostring) + "%";
     "| \($n) | \($c) | \(.median_itl_ms|r) / \(.p99_itl_ms|r) | \($s.gap_ms.p50) / \($s.gap_ms.p99) | \(e(.median_itl_ms; $s.gap_ms.p50)) / \(e(.p99_itl_ms; $s.gap_ms.p99)) | \(.median_ttft_ms|r) / \(.p99_ttft_ms|r) | \($s.server_ttft_ms.p50) / \($s.server_ttft_ms.p99) | \(.completed) / \(.failed) | \(.output_throughput|round) | \($cpu) | \($rss) | \($load) |"' "$f"
  grep -iE "overload|note|warn" "$OUT/log-$n" | sort -u | head -5 | sed 's/^/    /' >&2 || true
done
echo "(logs and results: $OUT)" >&2
