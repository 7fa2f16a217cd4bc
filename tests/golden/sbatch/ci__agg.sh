#!/bin/bash
#SBATCH --job-name=router-bench-agg-qwen32b
#SBATCH --nodes=1
#SBATCH --ntasks=1
#SBATCH --ntasks-per-node=1
#SBATCH --gpus-per-node=8
#SBATCH --segment=1
#SBATCH --account=default
#SBATCH --time=01:00:00
#SBATCH --output=./outputs/%j/logs/sweep_%j.log
#SBATCH --partition=default

# SPDX-FileCopyrightText: Copyright (c) 2025 NVIDIA CORPORATION & AFFILIATES. All rights reserved.
# SPDX-License-Identifier: Apache-2.0

# Orchestrator runs on HOST (needs srun access), spawns containerized workers
# Config: <root>/recipes/ci/agg.yaml
# Generated: <ts>

set -e

# Setup directories
WORK_DIR="${PWD}"
OUTPUT_DIR="${WORK_DIR}/outputs/${SLURM_JOB_ID}"
LOG_DIR="${OUTPUT_DIR}/logs"
mkdir -p "${LOG_DIR}"

# Redirect stderr to stdout (SLURM captures both via --output)
exec 2>&1

echo "=========================================="
echo "🚀 srtctl Sweep Orchestrator"
echo "=========================================="
echo "Job ID: ${SLURM_JOB_ID}"
echo 'Config: <root>/recipes/ci/agg.yaml'
echo "Nodes: ${SLURM_JOB_NUM_NODES}"
echo 'Container: latest'
echo "Start: $(date)"
echo "=========================================="
echo ""

# The config snapshot taken at submission: the job runs from this copy, never from the original file
cat > "${OUTPUT_DIR}/config.yaml" <<'SRTCTL_CONFIG_EOF'
name: router-bench-agg-qwen32b
model:
  path: qwen32b
  container: latest
  precision: fp8
resources:
  gpu_type: h100
  gpus_per_node: 8
  agg_nodes: 1
  agg_workers: 2
slurm: {}
backend:
  type: sglang
  prefill_environment: {}
  decode_environment: {}
  aggregated_environment: {}
  sglang_config:
    aggregated:
      served-model-name: Qwen/Qwen3-32B
      model-path: /model/
      trust-remote-code: true
      tensor-parallel-size: 4
      mem-fraction-static: 0.9
frontend:
  use_sglang_router: false
  enable_multiple_frontends: true
  num_additional_frontends: 9
  dynamo_frontend_args:
    router-mode: kv
    router-reset-states: true
benchmark:
  type: router
  req_rate: inf
profiling:
  type: none
output:
  log_dir: ./outputs/{job_id}/logs
health_check:
  max_attempts: 180
  interval_seconds: 10
  head_services_timeout_seconds: 1200
  frontend_timeout_seconds: 1200
environment: {}
container_mounts: {}
srun_options: {}
sbatch_directives: {}
enable_config_dump: true
SRTCTL_CONFIG_EOF

# Get head node
HEAD_NODE=$(scontrol show hostnames "${SLURM_NODELIST}" | head -n1)
echo "Head node: ${HEAD_NODE}"

# The self-contained srtctl bundle (no install step inside the job)
export SRTCTL_SOURCE_DIR='<root>'
SRTCTL=(node '<root>/dist/srtctl.mjs')
# The node binary of the submitting host may not exist here: fall back to node on the PATH
if [ ! -x "${SRTCTL[0]}" ] && command -v node >/dev/null 2>&1; then SRTCTL[0]="$(command -v node)"; fi
if [ ! -f "${SRTCTL[-1]}" ]; then
    echo "srtctl bundle not found at ${SRTCTL[-1]}: set srtctl_root in srtslurm.yaml to a directory visible from the compute nodes"
    exit 1
fi

echo "Running orchestrator on host (with srun access)..."
echo ""

# Run orchestrator on the HOST (not in container) so it has access to srun
# The orchestrator will spawn containerized workers
# On scancel or the time limit (SIGTERM to every process of the job) the orchestrator cleans up and says
# what happened: this script waits for it (the trap runs after the pipeline) and tee ignores the signal,
# so those last lines still reach the logs. Slurm's SIGKILL after KillWait still ends everything.
trap 'echo "Batch script: got a stop signal; waited for the orchestrator to finish"' TERM INT
"${SRTCTL[@]}" run "${OUTPUT_DIR}/config.yaml" 2>&1 | (trap '' TERM INT; exec tee "${LOG_DIR}/orchestrator_${SLURM_JOB_ID}.log")

EXIT_CODE=${PIPESTATUS[0]}

echo ""
echo "=========================================="
if [ $EXIT_CODE -eq 0 ]; then
    echo "✓ Sweep completed successfully"
else
    echo "✗ Sweep failed (exit code: $EXIT_CODE)"
fi
echo "End: $(date)"
echo "=========================================="

exit ${EXIT_CODE}
