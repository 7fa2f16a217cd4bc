import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
/** The self-contained CLI bundle SLURM jobs run. */
export const BUNDLE = `${REPO}/packages/cli/dist/srtctl.mjs`;
/** Test recipes. */
export const RECIPES = `${REPO}/tests/e2e/recipes`;
/** The project's own test cluster scripts (start-cluster.sh, stop-cluster.sh) and container runtime. */
export const CLUSTER_SCRIPTS = `${REPO}/tests/slurm`;
