/**
 * @srt/backends: backend plug-ins (SGLang, vLLM, TRT-LLM, mock), frontends, head services,
 * srun and `planDeployment` (all in `@srt/backends/plan`), plus the mock worker and frontend
 * servers.
 */
export * from './plan-index.ts';
export * from './mock/index.ts';
