import type { DiagnosisRule } from '../rule.ts';
import benchmarkStalled from './benchmark-stalled.ts';
import cancelledByUser from './cancelled-by-user.ts';
import containerImport from './container-import.ts';
import cudaOom from './cuda-oom.ts';
import diskFull from './disk-full.ts';
import headServiceDown from './head-service-down.ts';
import healthDeadline from './health-deadline.ts';
import imageMissing from './image-missing.ts';
import modelDownloadFailed from './model-download-failed.ts';
import modelPathMissing from './model-path-missing.ts';
import ncclTimeout from './nccl-timeout.ts';
import nixlTimeout from './nixl-timeout.ts';
import portInUse from './port-in-use.ts';
import processCrashed from './process-crashed.ts';
import requeued from './requeued.ts';
import timeLimit from './time-limit.ts';
import zeroTokenBenchmark from './zero-token-benchmark.ts';

/** Every diagnosis rule, by priority (the first that matches is the diagnosis). */
export const DIAGNOSIS_RULES: readonly DiagnosisRule[] = [
  requeued,
  timeLimit,
  cancelledByUser,
  diskFull,
  imageMissing,
  containerImport,
  modelDownloadFailed,
  modelPathMissing,
  cudaOom,
  portInUse,
  ncclTimeout,
  nixlTimeout,
  headServiceDown,
  processCrashed,
  healthDeadline,
  benchmarkStalled,
  zeroTokenBenchmark,
].sort((a, b) => a.priority - b.priority);
