import type { DiagnosisRule } from '../rule.ts';

/** A GPU ran out of memory (weights, KV cache or CUDA graphs do not fit). */
export default {
  id: 'cuda-oom',
  priority: 30,
  cause: 'CUDA out of memory in {process} on {node}',
  next: 'Give the model more GPU memory: lower the memory fraction (sglang mem-fraction-static, vLLM gpu-memory-utilization), cuda-graph-max-bs or max-running-requests, or use more GPUs per worker (tensor parallel).',
  logs: {
    patterns: [
      'OutOfMemoryError: CUDA out of memory',
      'CUDA error: out of memory',
      'RuntimeError: CUDA out of memory',
      'cudaErrorMemoryAllocation',
      'No available memory for the cache blocks',
      'Not enough memory\\. Please try to increase --mem-fraction-static',
      'Insufficient memory.*KV cache',
      'CUDA_ERROR_OUT_OF_MEMORY',
      '\\[TensorRT-LLM\\]\\[ERROR\\].*out of memory',
    ],
    in: 'process',
  },
} as const satisfies DiagnosisRule;
