/**
 * @srt/cli: `srtctl` as a library. `main` runs the command line; `planLaunch` computes a
 * job's whole launch plan; the orchestrator runs it.
 */
export * from './main.ts';
export * from './context.ts';
export * from './plan/plan-launch.ts';
export * from './plan/node-list.ts';
export * from './orchestrator/run-plan.ts';
export * from './orchestrator/executor.ts';
export * from './orchestrator/local-executor.ts';
export * from './orchestrator/slurm-executor.ts';
export * from './orchestrator/log.ts';
export * from './orchestrator/process-registry.ts';
export * from './orchestrator/run-local.ts';
export * from './recipe/load-recipe.ts';
export * from './recipe/plan-job.ts';
export * from './plan/plan-json.ts';
export * from './plan/render-plan.ts';
export * from './submit/submit-job.ts';
export * from './recipe/recipe-variants.ts';
export * from './ledger/job-status.ts';
export * from './ledger/run-ledger.ts';
export * from './ledger/read-job-status.ts';
export * from './diagnose/rule.ts';
export * from './diagnose/diagnose.ts';
export * from './diagnose/gather-input.ts';
export * from './diagnose/render-diagnosis.ts';
export { DIAGNOSIS_RULES } from './diagnose/rules/index.ts';
