import { SrtError } from '../errors.ts';
import { outputBaseProblem } from '../runtime/output-base.ts';
import { shellJoin, shellQuote } from './shell-quote.ts';

/** A `sbatch_directives` value: `null`/`''`/`true` mean a bare flag (`#SBATCH --exclusive`). */
export type SbatchDirectiveValue = string | number | boolean | null;

/** Everything the batch script needs, decided at submit time. */
export interface SbatchScriptOptions {
  readonly jobName: string;
  readonly totalNodes: number;
  readonly gpusPerNode: number;
  readonly account: string;
  readonly partition: string;
  readonly timeLimit: string;
  /** Cluster switch `use_gpus_per_node_directive` (default true). */
  readonly useGpusPerNodeDirective: boolean;
  /** Cluster switch `use_segment_sbatch_directive` (default true). */
  readonly useSegmentDirective: boolean;
  /** `config.sbatch_directives` in map order. */
  readonly extraDirectives: readonly (readonly [string, SbatchDirectiveValue])[];
  /** Where the config came from (shown in comments and the banner only). */
  readonly configSource: string;
  /** The resolved config the job runs from, embedded in the script (YAML text). */
  readonly configSnapshot: string;
  /** Container image shown in the banner (workers get it from the plan). */
  readonly containerImage: string;
  /** argv prefix of the self-contained CLI: `[<node>, <abs path>/srtctl.mjs]`. */
  readonly selfCommand: readonly string[];
  /** srtctl root exported as `SRTCTL_SOURCE_DIR` for the job. */
  readonly srtctlRoot: string;
  /** Local time `YYYYmmdd_HHMMSS`. */
  readonly generatedAt: string;
  /**
   * The explicit output base (`-o DIR` / cluster `output_dir`, absolute, decided at submit time):
   * the job's folder is `<base>/$SLURM_JOB_ID` and the orchestrator gets `-o <base>`. Absent: the
   * reference's `${PWD}/outputs` (the submission directory).
   */
  readonly outputBase?: string | undefined;
}

/** A long option name without dashes (`#SBATCH --<key>`, `srun --<key>`). */
export const LONG_OPTION_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;
/** What may follow `#SBATCH --key=`: no whitespace, quotes, backslashes or `#` (sbatch would split or mis-read it). */
export const SBATCH_DIRECTIVE_VALUE = /^[^\s"'\\#]+$/;
const DIRECTIVE_KEY = LONG_OPTION_NAME;
const DIRECTIVE_VALUE = SBATCH_DIRECTIVE_VALUE;
const CONTROL = /[\u0000-\u001f\u007f]/g;

function invalid(what: string, value: string, hint: string): SrtError {
  return new SrtError('SRT_CONFIG_INVALID', `${what} ${JSON.stringify(value)} cannot go into an #SBATCH line: ${hint}`);
}

/** Checks a value placed after `#SBATCH --key=`: no whitespace, quotes, backslashes or `#` (sbatch would split or mis-read it). */
function directiveValue(what: string, value: string): string {
  if (!DIRECTIVE_VALUE.test(value)) throw invalid(what, value, 'use only letters, digits and punctuation without spaces, quotes, backslashes or #');
  return value;
}

function directiveLine(key: string, value: SbatchDirectiveValue): string {
  if (!DIRECTIVE_KEY.test(key)) throw invalid('sbatch_directives key', key, 'write the long option name without dashes, e.g. `mem` or `exclusive`');
  if (value === null || value === '' || value === true) return `#SBATCH --${key}`;
  if (value === false) return '';
  return `#SBATCH --${key}=${directiveValue(`sbatch_directives.${key}`, String(value))}`;
}

/**
 * A heredoc delimiter that is not a line of `content` (so the content cannot end it early).
 *
 * @example heredocDelimiter(configYaml) // a delimiter line that does not occur in configYaml
 */
export function heredocDelimiter(content: string): string {
  const lines = new Set(content.split('\n').map((l) => l.replace(/\r$/, '')));
  let delimiter = 'SRTCTL_CONFIG_EOF';
  for (let i = 1; lines.has(delimiter); i += 1) delimiter = `SRTCTL_CONFIG_EOF_${i}`;
  return delimiter;
}

/** The output base, refused when sbatch could not read it in an `#SBATCH` line (the caller checked it already). */
function checkedBase(base: string): string {
  const problem = base.startsWith('/') ? outputBaseProblem(base) : 'it is not an absolute path';
  if (problem !== undefined) throw invalid('output folder', base, problem);
  return base;
}

function header(o: SbatchScriptOptions): string[] {
  const positive = (what: string, n: number): string => {
    if (!Number.isInteger(n) || n < 1) throw new SrtError('SRT_PLAN_INVALID', `${what} must be a whole number of at least 1, got ${String(n)}`);
    return String(n);
  };
  const nodes = positive('total nodes', o.totalNodes);
  const lines = [
    '#!/bin/bash',
    `#SBATCH --job-name=${directiveValue('name', o.jobName)}`,
    `#SBATCH --nodes=${nodes}`,
    `#SBATCH --ntasks=${nodes}`,
    '#SBATCH --ntasks-per-node=1',
  ];
  if (o.useGpusPerNodeDirective) lines.push(`#SBATCH --gpus-per-node=${positive('gpus_per_node', o.gpusPerNode)}`);
  if (o.useSegmentDirective) lines.push(`#SBATCH --segment=${nodes}`);
  lines.push(
    `#SBATCH --account=${directiveValue('slurm.account', o.account)}`,
    `#SBATCH --time=${directiveValue('slurm.time_limit', o.timeLimit)}`,
    `#SBATCH --output=${o.outputBase === undefined ? './outputs' : checkedBase(o.outputBase)}/%j/logs/sweep_%j.log`,
    `#SBATCH --partition=${directiveValue('slurm.partition', o.partition)}`,
  );
  for (const [key, value] of o.extraDirectives) {
    const line = directiveLine(key, value);
    if (line !== '') lines.push(line);
  }
  return lines;
}

/**
 * Renders the batch script of cli.md §4, except that the job runs our self-contained
 * orchestrator (`node srtctl.mjs run`) from a config snapshot embedded in the script as a
 * quoted heredoc — no install step, and edits to the original file after submission do
 * not change the run. Every recipe value is validated (`#SBATCH` lines) or shell-quoted.
 *
 * @example const script = renderSbatchScript(opts); // what `srtctl apply` pipes to sbatch
 */
export function renderSbatchScript(o: SbatchScriptOptions): string {
  const comment = (s: string): string => s.replace(CONTROL, ' ');
  const snapshot = o.configSnapshot.endsWith('\n') ? o.configSnapshot : `${o.configSnapshot}\n`;
  const delimiter = heredocDelimiter(snapshot);
  const body = [
    '',
    '# SPDX-FileCopyrightText: Copyright (c) 2025 NVIDIA CORPORATION & AFFILIATES. All rights reserved.',
    '# SPDX-License-Identifier: Apache-2.0',
    '',
    '# Orchestrator runs on HOST (needs srun access), spawns containerized workers',
    `# Config: ${comment(o.configSource)}`,
    `# Generated: ${comment(o.generatedAt)}`,
    '',
    'set -e',
    '',
    '# Setup directories',
    'WORK_DIR="${PWD}"',
    ...(o.outputBase === undefined
      ? ['OUTPUT_DIR="${WORK_DIR}/outputs/${SLURM_JOB_ID}"']
      : [`OUTPUT_BASE=${shellQuote(checkedBase(o.outputBase))}`, 'OUTPUT_DIR="${OUTPUT_BASE}/${SLURM_JOB_ID}"']),
    'LOG_DIR="${OUTPUT_DIR}/logs"',
    'mkdir -p "${LOG_DIR}"',
    '',
    '# Redirect stderr to stdout (SLURM captures both via --output)',
    'exec 2>&1',
    '',
    'echo "=========================================="',
    'echo "🚀 srtctl Sweep Orchestrator"',
    'echo "=========================================="',
    'echo "Job ID: ${SLURM_JOB_ID}"',
    `echo ${shellQuote(`Config: ${o.configSource}`)}`,
    'echo "Nodes: ${SLURM_JOB_NUM_NODES}"',
    `echo ${shellQuote(`Container: ${o.containerImage}`)}`,
    'echo "Start: $(date)"',
    'echo "=========================================="',
    'echo ""',
    '',
    '# The config snapshot taken at submission: the job runs from this copy, never from the original file',
    `cat > "\${OUTPUT_DIR}/config.yaml" <<'${delimiter}'`,
    ...snapshot.slice(0, -1).split('\n'),
    delimiter,
    '',
    '# Get head node',
    'HEAD_NODE=$(scontrol show hostnames "${SLURM_NODELIST}" | head -n1)',
    'echo "Head node: ${HEAD_NODE}"',
    '',
    '# The self-contained srtctl bundle (no install step inside the job)',
    `export SRTCTL_SOURCE_DIR=${shellQuote(o.srtctlRoot)}`,
    `SRTCTL=(${shellJoin(o.selfCommand)})`,
    '# The node binary of the submitting host may not exist here: fall back to node on the PATH',
    'if [ ! -x "${SRTCTL[0]}" ] && command -v node >/dev/null 2>&1; then SRTCTL[0]="$(command -v node)"; fi',
    'if [ ! -f "${SRTCTL[-1]}" ]; then',
    '    echo "srtctl bundle not found at ${SRTCTL[-1]}: set srtctl_root in srtslurm.yaml to a directory visible from the compute nodes"',
    '    exit 1',
    'fi',
    '',
    'echo "Running orchestrator on host (with srun access)..."',
    'echo ""',
    '',
    '# Run orchestrator on the HOST (not in container) so it has access to srun',
    '# The orchestrator will spawn containerized workers',
    '# On scancel or the time limit (SIGTERM to every process of the job) the orchestrator cleans up and says',
    '# what happened: this script waits for it (the trap runs after the pipeline) and tee ignores the signal,',
    '# so those last lines still reach the logs. Slurm\'s SIGKILL after KillWait still ends everything.',
    'trap \'echo "Batch script: got a stop signal; waited for the orchestrator to finish"\' TERM INT',
    `"\${SRTCTL[@]}" run "\${OUTPUT_DIR}/config.yaml"${o.outputBase === undefined ? '' : ' -o "${OUTPUT_BASE}"'} 2>&1 | (trap '' TERM INT; exec tee "\${LOG_DIR}/orchestrator_\${SLURM_JOB_ID}.log")`,
    '',
    'EXIT_CODE=${PIPESTATUS[0]}',
    '',
    'echo ""',
    'echo "=========================================="',
    'if [ $EXIT_CODE -eq 0 ]; then',
    '    echo "✓ Sweep completed successfully"',
    'else',
    '    echo "✗ Sweep failed (exit code: $EXIT_CODE)"',
    'fi',
    'echo "End: $(date)"',
    'echo "=========================================="',
    '',
    'exit ${EXIT_CODE}',
  ];
  return `${[...header(o), ...body].join('\n')}\n`;
}
