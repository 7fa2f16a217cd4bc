#!/usr/bin/env bash
# Packs the four packages as they would be published (pnpm pack applies publishConfig and
# turns workspace:^ into versions), installs the tarballs into a temporary project outside
# the repository (dependencies from the npm registry, nothing else), and checks that
# `srtctl --help` runs, the library imports and requires, and the JSON Schema is exported.
# Needs `pnpm build` first. Usage: bash scripts/pack-install.sh [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d -t srt-pack-XXXXXX)
[ "${1:-}" = "--keep" ] && echo "pack-install: keeping $work" >&2 || trap 'rm -rf "$work"' EXIT
for p in core backends benchmarks cli; do
  [ -f "packages/$p/dist/index.js" ] || { echo "pack-install: packages/$p is not built: run pnpm build" >&2; exit 1; }
done
pnpm -s -r --filter './packages/*' pack --pack-destination "$work/tarballs" >/dev/null
mkdir "$work/project"
cd "$work/project"
echo '{ "name": "outside-project", "private": true, "type": "module" }' >package.json
npm install --no-audit --no-fund --prefer-offline --loglevel=error "$work"/tarballs/*.tgz >/dev/null

# No manifest may point at source files (not shipped) or keep the workspace-only condition.
node -e '
  for (const p of ["core", "backends", "benchmarks", "cli"]) {
    const m = require(`./node_modules/@srt/${p}/package.json`);
    const text = JSON.stringify(m.exports);
    if (text.includes("@srt/source") || text.includes("./src/")) throw new Error(`@srt/${p} exports still name sources: ${text}`);
    if (JSON.stringify(m.dependencies ?? {}).includes("workspace:")) throw new Error(`@srt/${p} depends on workspace:`);
  }'

./node_modules/.bin/srtctl --help | head -1 | grep -q '^srtctl - ' || { echo "pack-install: srtctl --help failed" >&2; exit 1; }
./node_modules/.bin/srtctl validate -f "$OLDPWD/examples/mock/agg.yaml" >/dev/null
node --input-type=module -e '
  import { allocateEndpoints, endpointsToProcesses } from "@srt/core";
  import { planDeployment } from "@srt/backends";
  import { planBenchmark } from "@srt/benchmarks";
  import { main } from "@srt/cli";
  import { createRequire } from "node:module";
  const require = createRequire(import.meta.url);
  const schema = require("@srt/core/schema.json");
  if (schema.title !== "srtctl recipe") throw new Error("schema.json");
  const eps = allocateEndpoints({ numPrefill: 1, numDecode: 1, numAgg: 0, gpusPerPrefill: 4, gpusPerDecode: 4, gpusPerAgg: 0, gpusPerNode: 8, availableNodes: ["n0"] });
  if (endpointsToProcesses(eps).length !== 2) throw new Error("endpointsToProcesses");
  for (const f of [planDeployment, planBenchmark, main]) if (typeof f !== "function") throw new Error("exports");'
node -e '
  const core = require("@srt/core");
  if (typeof core.parseConfig !== "function" || typeof require("@srt/core/env").nodeEnv !== "function") throw new Error("require(@srt/core)");'
echo "pack-install: ok (srtctl --help, validate, import and require of the packed packages)"
