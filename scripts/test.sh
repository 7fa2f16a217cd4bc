#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run): installs pnpm, the workspace and the
# Debian packages the tests use, builds, type-checks, then runs every vitest project —
# unit tests, golden files, and the end-to-end tests (local executor and a real SLURM
# cluster that tests/e2e starts with tests/slurm/start-cluster.sh and stops again). The closing
# line says whether the SLURM suite ran (and how many of its jobs ran in containers) or why it
# was skipped (not root, the cluster cannot start); under CI=true it never skips.
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
  const slurm = r.testResults.flatMap((f) => f.assertionResults).filter((t) => (t.ancestorTitles[0] ?? "").startsWith("srtctl on a real SLURM cluster"));
  const why = slurm.map((t) => t.ancestorTitles[0].match(/\(skipped: (.*)\)$/)?.[1]).find((x) => x);
  const ran = slurm.filter((t) => t.status === "passed" || t.status === "failed");
  const pyxis = ran.filter((t) => [...t.ancestorTitles, t.title].some((x) => x.includes("container_runtime: pyxis")));
  const note = slurm.length === 0 ? "" : why ? `; SLURM suite skipped: ${why}` : `; SLURM suite: ${ran.length} jobs ran (${pyxis.length} with container_runtime: pyxis)`;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped${note}`);
' "$report" || true
rm -f "$report"
exit $status
