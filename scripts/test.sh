#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run): installs pnpm, the workspace and the
# Debian packages the tests use, builds, type-checks, then runs every vitest project —
# unit tests, golden files, and the end-to-end tests (local executor and a real SLURM
# cluster that tests/e2e starts with ../shared/slurm/start-cluster.sh and stops again).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bash scripts/ensure-pnpm.sh
pnpm install --frozen-lockfile --reporter=silent
bash scripts/install-test-deps.sh
ulimit -n 65536 2>/dev/null || true
pnpm -s build >/tmp/srtctl-build.log 2>&1 || { cat /tmp/srtctl-build.log; exit 1; }
pnpm -s typecheck
report=$(mktemp -t vitest-XXXXXX.json)
status=0
pnpm -s vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' "$report" || true
rm -f "$report"
exit $status
