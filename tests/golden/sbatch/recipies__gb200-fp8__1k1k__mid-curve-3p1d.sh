#!/bin/bash
#SBATCH --job-name=gb200-fp8-max-tpt
#SBATCH --nodes=18
#SBATCH --ntasks=18
#SBATCH --ntasks-per-node=1
#SBATCH --gpus-per-node=4
#SBATCH --segment=18
#SBATCH --account=default
#SBATCH --time=01:00:00
#SBATCH --output=./outputs/%j/logs/sweep_%j.log
#SBATCH --partition=default

# SPDX-FileCopyrightText: Copyright (c) 2025 NVIDIA CORPORATION & AFFILIATES. All rights reserved.
# SPDX-License-Identifier: Apache-2.0

# Orchestrator runs on HOST (needs srun access), spawns containerized workers
# Config: <root>/recipes/recipies/gb200-fp8/1k1k/mid-curve-3p1d.yaml
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
echo 'Config: <root>/recipes/recipies/gb200-fp8/1k1k/mid-curve-3p1d.yaml'
echo "Nodes: ${SLURM_JOB_NUM_NODES}"
echo 'Container: 0.5.5.post2'
echo "Start: $(date)"
echo "=========================================="
echo ""

# The config snapshot taken at submission: the job runs from this copy, never from the original file
cat > "${OUTPUT_DIR}/config.yaml" <<'SRTCTL_CONFIG_EOF'
name: gb200-fp8-max-tpt
model:
  path: dsfp8
  container: 0.5.5.post2
  precision: fp8
resources:
  gpu_type: gb200
  gpus_per_node: 4
  prefill_nodes: 6
  decode_nodes: 12
  prefill_workers: 3
  decode_workers: 1
slurm: {}
backend:
  type: sglang
  prefill_environment:
    TORCH_DISTRIBUTED_DEFAULT_TIMEOUT: "1800"
    SGLANG_DG_CACHE_DIR: /configs/dg-10212025
    DYN_SKIP_SGLANG_LOG_FORMATTING: "1"
    MC_TE_METRIC: "true"
    SGLANG_DISAGGREGATION_HEARTBEAT_MAX_FAILURE: "100000"
    SGLANG_DISAGGREGATION_BOOTSTRAP_TIMEOUT: "100000"
    SGLANG_DISAGGREGATION_WAITING_TIMEOUT: "100000"
    SGLANG_MOONCAKE_CUSTOM_MEM_POOL: "True"
    MC_FORCE_MNNVL: "1"
    NCCL_MNNVL_ENABLE: "1"
    NCCL_CUMEM_ENABLE: "1"
    SGLANG_USE_MESSAGE_QUEUE_BROADCASTER: "0"
    SGLANG_DISABLE_TP_MEMORY_INBALANCE_CHECK: "1"
    PYTHONUNBUFFERED: "1"
  decode_environment:
    TORCH_DISTRIBUTED_DEFAULT_TIMEOUT: "1800"
    SGLANG_DG_CACHE_DIR: /configs/dg-10212025
    DYN_SKIP_SGLANG_LOG_FORMATTING: "1"
    SGLANG_DEEPEP_NUM_MAX_DISPATCH_TOKENS_PER_RANK: "768"
    MC_TE_METRIC: "true"
    SGLANG_DISAGGREGATION_HEARTBEAT_MAX_FAILURE: "100000"
    SGLANG_DISAGGREGATION_BOOTSTRAP_TIMEOUT: "100000"
    SGLANG_DISAGGREGATION_WAITING_TIMEOUT: "100000"
    SGLANG_DECODE_BOOTSTRAP_TIMEOUT: "1000"
    SGLANG_HACK_SEQ_BOOTSTRAP_ROOM: "1"
    SGLANG_MOONCAKE_CUSTOM_MEM_POOL: "True"
    MC_FORCE_MNNVL: "1"
    NCCL_MNNVL_ENABLE: "1"
    NCCL_CUMEM_ENABLE: "1"
    SGLANG_USE_MESSAGE_QUEUE_BROADCASTER: "0"
    SGLANG_DISABLE_TP_MEMORY_INBALANCE_CHECK: "1"
    PYTHONUNBUFFERED: "1"
  aggregated_environment: {}
  sglang_config:
    prefill:
      served-model-name: deepseek-ai/DeepSeek-R1
      model-path: /model/
      skip-tokenizer-init: true
      trust-remote-code: true
      tp-size: 8
      dp-size: 8
      ep-size: 8
      enable-dp-attention: true
      attention-backend: trtllm_mla
      kv-cache-dtype: fp8_e4m3
      disable-radix-cache: true
      stream-interval: 50
      max-running-requests: 30000
      context-length: 2200
      watchdog-timeout: 1000000
      disable-shared-experts-fusion: true
      eplb-algorithm: deepseek
      disaggregation-bootstrap-port: 30001
      disaggregation-mode: prefill
      mem-fraction-static: 0.75
      max-total-tokens: 524288
      chunked-prefill-size: 131072
      load-balance-method: round_robin
      disable-cuda-graph: true
      moe-a2a-backend: deepep
      deepep-mode: normal
      ep-dispatch-algorithm: dynamic
      moe-dense-tp-size: 1
      enable-dp-lm-head: true
      ep-num-redundant-experts: 32
      deepep-config: /configs/deepep_config.json
    decode:
      served-model-name: deepseek-ai/DeepSeek-R1
      model-path: /model/
      skip-tokenizer-init: true
      trust-remote-code: true
      tp-size: 32
      dp-size: 32
      ep-size: 32
      enable-dp-attention: true
      attention-backend: trtllm_mla
      kv-cache-dtype: fp8_e4m3
      disable-radix-cache: true
      stream-interval: 50
      decode-log-interval: 1000
      max-running-requests: 45000
      context-length: 2200
      watchdog-timeout: 1000000
      disable-shared-experts-fusion: true
      eplb-algorithm: deepseek
      disaggregation-bootstrap-port: 30001
      disaggregation-mode: decode
      mem-fraction-static: 0.82
      chunked-prefill-size: 36864
      moe-a2a-backend: deepep
      deepep-mode: low_latency
      ep-dispatch-algorithm: static
      moe-dense-tp-size: 1
      enable-dp-lm-head: true
      prefill-round-robin-balance: true
      ep-num-redundant-experts: 32
      deepep-config: /configs/deepep_config.json
      cuda-graph-bs:
        - 1
        - 2
        - 4
        - 8
        - 16
        - 24
        - 32
        - 40
        - 48
        - 56
        - 64
        - 72
        - 80
        - 88
        - 96
        - 104
        - 112
        - 120
        - 128
        - 136
        - 144
        - 152
        - 160
        - 168
        - 176
        - 184
        - 192
        - 200
        - 208
        - 216
        - 224
        - 232
        - 240
        - 248
        - 256
        - 264
        - 272
        - 280
        - 288
        - 296
        - 304
        - 312
        - 320
        - 328
        - 336
        - 344
        - 352
        - 360
        - 368
        - 376
        - 384
        - 416
        - 448
        - 480
        - 512
        - 544
        - 576
        - 608
        - 640
        - 672
        - 704
        - 736
        - 768
      cuda-graph-max-bs: 768
frontend:
  use_sglang_router: false
  enable_multiple_frontends: true
  num_additional_frontends: 9
benchmark:
  type: sa-bench
  isl: 1024
  osl: 1024
  concurrencies: 1024x2048x4096
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
