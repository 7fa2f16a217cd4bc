#!/bin/bash
#SBATCH --job-name=gb200-fp4-max-tpt
#SBATCH --nodes=16
#SBATCH --ntasks=16
#SBATCH --ntasks-per-node=1
#SBATCH --gpus-per-node=4
#SBATCH --segment=16
#SBATCH --account=default
#SBATCH --time=01:00:00
#SBATCH --output=./outputs/%j/logs/sweep_%j.log
#SBATCH --partition=default

# SPDX-FileCopyrightText: Copyright (c) 2025 NVIDIA CORPORATION & AFFILIATES. All rights reserved.
# SPDX-License-Identifier: Apache-2.0

# Orchestrator runs on HOST (needs srun access), spawns containerized workers
# Config: <root>/recipes/recipies/gb200-fp4/1k1k/max-tpt.yaml
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
echo 'Config: <root>/recipes/recipies/gb200-fp4/1k1k/max-tpt.yaml'
echo "Nodes: ${SLURM_JOB_NUM_NODES}"
echo 'Container: 0.5.5.post2'
echo "Start: $(date)"
echo "=========================================="
echo ""

# The config snapshot taken at submission: the job runs from this copy, never from the original file
cat > "${OUTPUT_DIR}/config.yaml" <<'SRTCTL_CONFIG_EOF'
name: gb200-fp4-max-tpt
model:
  path: dsfp4
  container: 0.5.5.post2
  precision: fp4
resources:
  gpu_type: gb200
  gpus_per_node: 4
  prefill_nodes: 4
  decode_nodes: 12
  prefill_workers: 4
  decode_workers: 1
slurm: {}
backend:
  type: sglang
  prefill_environment:
    TORCH_DISTRIBUTED_DEFAULT_TIMEOUT: "1800"
    PYTHONUNBUFFERED: "1"
    DYN_SKIP_SGLANG_LOG_FORMATTING: "1"
    SGLANG_NVFP4_CKPT_FP8_GEMM_IN_ATTN: "1"
    SGLANG_PER_TOKEN_GROUP_QUANT_8BIT_V2: "1"
    SGLANG_DISAGGREGATION_HEARTBEAT_MAX_FAILURE: "100000"
    SGLANG_DISAGGREGATION_BOOTSTRAP_TIMEOUT: "100000"
    SGLANG_DISAGGREGATION_WAITING_TIMEOUT: "100000"
    SGLANG_HACK_SEQ_BOOTSTRAP_ROOM: "1"
    MC_TE_METRIC: "true"
    MC_FORCE_MNNVL: "1"
    NCCL_MNNVL_ENABLE: "1"
    NCCL_CUMEM_ENABLE: "1"
    SGLANG_MOONCAKE_CUSTOM_MEM_POOL: "True"
    SGLANG_USE_MESSAGE_QUEUE_BROADCASTER: "0"
    SGLANG_DISABLE_TP_MEMORY_INBALANCE_CHECK: "1"
  decode_environment:
    TORCH_DISTRIBUTED_DEFAULT_TIMEOUT: "1800"
    PYTHONUNBUFFERED: "1"
    DYN_SKIP_SGLANG_LOG_FORMATTING: "1"
    SGLANG_NVFP4_CKPT_FP8_GEMM_IN_ATTN: "1"
    SGLANG_PER_TOKEN_GROUP_QUANT_8BIT_V2: "1"
    SGLANG_DISAGGREGATION_HEARTBEAT_MAX_FAILURE: "100000"
    SGLANG_DISAGGREGATION_BOOTSTRAP_TIMEOUT: "100000"
    SGLANG_DISAGGREGATION_WAITING_TIMEOUT: "100000"
    SGLANG_HACK_SEQ_BOOTSTRAP_ROOM: "1"
    MC_TE_METRIC: "true"
    MC_FORCE_MNNVL: "1"
    NCCL_MNNVL_ENABLE: "1"
    NCCL_CUMEM_ENABLE: "1"
    SGLANG_MOONCAKE_CUSTOM_MEM_POOL: "True"
    SGLANG_USE_MESSAGE_QUEUE_BROADCASTER: "0"
    SGLANG_DISABLE_TP_MEMORY_INBALANCE_CHECK: "1"
    SGLANG_DEEPEP_NUM_MAX_DISPATCH_TOKENS_PER_RANK: "1024"
    SGLANG_MOE_NVFP4_DISPATCH: "1"
    SGLANG_FLASHINFER_FP4_GEMM_BACKEND: cutlass
  aggregated_environment: {}
  sglang_config:
    prefill:
      served-model-name: deepseek-ai/DeepSeek-R1
      model-path: /model/
      trust-remote-code: true
      kv-cache-dtype: fp8_e4m3
      attention-backend: trtllm_mla
      quantization: modelopt_fp4
      moe-runner-backend: flashinfer_cutlass
      disable-radix-cache: true
      disable-chunked-prefix-cache: true
      stream-interval: 50
      decode-log-interval: 1000
      watchdog-timeout: 1000000
      context-length: 2176
      disable-shared-experts-fusion: true
      eplb-algorithm: deepseek
      disaggregation-bootstrap-port: 30001
      disaggregation-mode: prefill
      mem-fraction-static: 0.84
      max-total-tokens: 131072
      max-prefill-tokens: 32768
      chunked-prefill-size: 65536
      enable-single-batch-overlap: true
      max-running-requests: 30000
      load-balance-method: round_robin
      disable-cuda-graph: true
      enable-dp-attention: true
      tp-size: 4
      dp-size: 4
      ep-size: 4
    decode:
      served-model-name: deepseek-ai/DeepSeek-R1
      model-path: /model/
      trust-remote-code: true
      kv-cache-dtype: fp8_e4m3
      attention-backend: trtllm_mla
      quantization: modelopt_fp4
      moe-runner-backend: flashinfer_cutedsl
      disable-radix-cache: true
      disable-chunked-prefix-cache: true
      stream-interval: 50
      decode-log-interval: 1000
      watchdog-timeout: 1000000
      context-length: 2176
      disable-shared-experts-fusion: true
      eplb-algorithm: deepseek
      disaggregation-bootstrap-port: 30001
      disaggregation-mode: decode
      mem-fraction-static: 0.83
      max-total-tokens: 3122380
      chunked-prefill-size: 786432
      max-running-requests: 67584
      enable-single-batch-overlap: true
      moe-a2a-backend: deepep
      deepep-mode: low_latency
      ep-dispatch-algorithm: static
      ep-num-redundant-experts: 32
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
        - 1024
      num-reserved-decode-tokens: 112
      moe-dense-tp-size: 1
      enable-dp-lm-head: true
      prefill-round-robin-balance: true
      enable-dp-attention: true
      tp-size: 48
      dp-size: 48
      ep-size: 48
frontend:
  use_sglang_router: false
  enable_multiple_frontends: true
  num_additional_frontends: 9
benchmark:
  type: sa-bench
  isl: 1024
  osl: 1024
  concurrencies: 1x128x512x2048x4096x8192x12000x15000
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
