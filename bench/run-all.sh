#!/usr/bin/env bash
# The quick benchmarks (a few seconds each). The stream benchmarks pin CPUs and take
# minutes: run bench/mock/streams.bench.ts and bench/loadgen/fidelity.sh by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
run() { echo "## $1"; node --conditions=@srt/source --import tsx "$1"; echo; }
run bench/topology/allocation.bench.ts
run bench/config/load-config.bench.ts
run bench/backends/plan-deployment.ts
run bench/backends/plan-trtllm-64.ts
run bench/orchestrator/stop-latency.ts
run bench/loadgen/parse-cost.ts
echo '## bench/startup/startup.mjs'; node bench/startup/startup.mjs --runs 20
run bench/overrides/expand-variants.bench.ts
run bench/status/status-1000.ts
run bench/sweep/sweep-limit.bench.ts
