#!/usr/bin/env bash
# Installs everything (pnpm, the workspace), builds, and runs a mock disaggregated
# deployment (1 prefill + 2 decode workers, a frontend, sa-bench) on this machine:
# no SLURM, no GPU. Extra arguments go to `srtctl apply`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-pnpm.sh
pnpm install --frozen-lockfile --reporter=silent
pnpm -s build >/tmp/srtctl-build.log 2>&1 || { cat /tmp/srtctl-build.log; exit 1; }
ulimit -n 65536 2>/dev/null || true
exec node packages/cli/dist/srtctl.mjs apply --local -f examples/mock/disagg.yaml "$@"
