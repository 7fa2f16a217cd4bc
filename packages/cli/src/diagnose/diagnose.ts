import { compareCodeUnits } from '@srt/core';
import type { DiagnosisRecord, JobPhase, JobStatus, ProcessStatus } from '../ledger/job-status.ts';
import type { DiagnosisRule } from './rule.ts';

/** One log the diagnosis reads: a process's own log or the orchestrator's (and the batch log). */
export interface LogSource {
  /** The path shown in evidence (`file:line`). */
  readonly file: string;
  readonly kind: 'process' | 'orchestrator';
  /** The process this log belongs to (kind `process`). */
  readonly process?: ProcessStatus;
  readonly lines: readonly string[];
  /** Line number of `lines[0]` in the file (default 1; larger when only the end of a big log was read). */
  readonly firstLine?: number;
}

const lineNo = (source: LogSource, index: number): number => (source.firstLine ?? 1) + index;

/** Everything a diagnosis looks at; gathered by `gatherDiagnosisInput` (I/O), judged by `diagnose` (pure). */
export interface DiagnosisInput {
  readonly status: JobStatus;
  readonly logs: readonly LogSource[];
  /** SLURM's state of the job (`TIMEOUT`, `CANCELLED`, `FAILED`, …) when known. */
  readonly slurmState?: string;
  /** Where status.json is, for evidence drawn from the ledger itself. */
  readonly statusFile?: string;
}

export type Evidence = DiagnosisRecord['evidence'][number];

/** A diagnosis: the rule that matched (`unknown` when none did), what it says, and the lines that show it. */
export interface Diagnosis extends DiagnosisRecord {
  readonly known: boolean;
}

/** A line that reads like an error, for "the lines around the first error" and the unknown-failure tails. */
const ERROR_LINE = /error|exception|traceback|fatal|panic|segmentation fault|core dumped|assertion|\bfault\b|\bkilled\b|\babort(ed)?\b|exited with (exit )?code [1-9]/i;
const UNKNOWN_TAIL = 5;

interface Subject {
  readonly process?: ProcessStatus;
  readonly file?: string;
  readonly match?: string;
}

interface RuleMatch {
  readonly subject: Subject;
  readonly evidence: readonly Evidence[];
}

/**
 * Processes that ended on their own with a non-zero code or a signal, first to end first.
 *
 * @example failedProcesses(status).map(shortProcessName) // → ['decode_1'] when only that worker exited with code 1
 */
export function failedProcesses(status: JobStatus): readonly ProcessStatus[] {
  return status.processes
    .filter((p) => p.state === 'exited' && ((p.exit_code !== undefined && p.exit_code !== null && p.exit_code !== 0) || (p.signal ?? null) !== null || p.error !== undefined))
    .map((p, i) => ({ p, i }))
    .sort((a, b) => compareCodeUnits(a.p.ended_at ?? '', b.p.ended_at ?? '') || a.i - b.i)
    .map(({ p }) => p);
}

/**
 * The phase the run was in when it stopped: the last one before cleanup.
 *
 * @example stoppedInPhase(status) // phases starting → head-services → workers → cleanup → 'workers'
 */
export function stoppedInPhase(status: JobStatus): JobPhase {
  const phases = status.phases.map((p) => p.phase).filter((p) => p !== 'cleanup' && p !== 'ended');
  return phases.at(-1) ?? status.phase;
}

/**
 * `decode_1_gpu-03` → `decode_1`: the name `srtctl logs JOB PROCESS` takes.
 *
 * @example shortProcessName({ name: 'decode_1_gpu-03', node: 'gpu-03' }) // → 'decode_1'
 */
export function shortProcessName(p: Pick<ProcessStatus, 'name' | 'node'>): string {
  return p.name.endsWith(`_${p.node}`) ? p.name.slice(0, -p.node.length - 1) : p.name;
}

function describeExit(p: ProcessStatus | undefined): string {
  if (p === undefined) return 'an error';
  if (p.error !== undefined) return `a start error (${p.error})`;
  if (p.signal !== undefined && p.signal !== null) return `signal ${p.signal}`;
  return `exit code ${p.exit_code ?? 'unknown'}`;
}

function describeHealth(status: JobStatus): string {
  const last = status.health.at(-1);
  if (last === undefined) return 'the frontend never answered a health check';
  const counts = [
    last.prefill_expected > 0 ? `${last.prefill_ready}/${last.prefill_expected} prefill` : '',
    last.decode_expected > 0 ? `${last.decode_ready}/${last.decode_expected} ${last.prefill_expected > 0 ? 'decode' : 'workers'}` : '',
  ].filter((c) => c !== '');
  return `${counts.join(', ')} ready${last.probe === undefined ? '' : ` (last answer: ${last.probe})`}`;
}

function healthIncomplete(status: JobStatus): boolean {
  const last = status.health.at(-1);
  return last === undefined || last.prefill_ready < last.prefill_expected || last.decode_ready < last.decode_expected;
}

function zeroTokens(status: JobStatus): boolean {
  return status.results.some((r) => r.total_output_tokens === 0) || /no tokens/i.test(status.benchmark?.reason ?? '');
}

function whenHolds(when: NonNullable<DiagnosisRule['when']>, input: DiagnosisInput): boolean {
  const { status } = input;
  if (when.outcomes !== undefined && (status.outcome === undefined || !when.outcomes.includes(status.outcome.result))) return false;
  if (when.phases !== undefined && !when.phases.includes(stoppedInPhase(status))) return false;
  if (when.cancelledBy !== undefined && (status.cancel === undefined || !when.cancelledBy.includes(status.cancel.by))) return false;
  if (when.slurmStates !== undefined && (input.slurmState === undefined || !when.slurmStates.includes(input.slurmState))) return false;
  if (when.readiness === 'incomplete' && !healthIncomplete(status)) return false;
  if (when.zeroTokens === true && !zeroTokens(status)) return false;
  return true;
}

/** Evidence a `when` condition drew from the ledger or SLURM (no log line to point at). */
function whenEvidence(when: NonNullable<DiagnosisRule['when']>, input: DiagnosisInput): Evidence[] {
  const file = input.statusFile ?? 'status.json';
  const out: Evidence[] = [];
  if (when.slurmStates !== undefined && input.slurmState !== undefined) out.push({ file: 'SLURM', line: 0, text: `JobState=${input.slurmState}` });
  if (when.cancelledBy !== undefined && input.status.cancel !== undefined) {
    const c = input.status.cancel;
    out.push({ file, line: 0, text: `cancel: by ${c.by} at ${c.at}${c.detail === '' ? '' : ` (${c.detail})`}` });
  }
  if (when.zeroTokens === true) {
    const zero = input.status.results.find((r) => r.total_output_tokens === 0);
    if (zero !== undefined) out.push({ file: zero.file, line: 0, text: `concurrency ${zero.concurrency}: total_output_tokens 0 (${zero.completed} completed, ${zero.failed} failed)` });
    else if (input.status.benchmark !== undefined) out.push({ file, line: 0, text: `benchmark: ${input.status.benchmark.reason}` });
  }
  return out;
}

/** The logs in the order a cause is looked for: failed processes first (first to fail first), then the rest, then the orchestrator's. */
function orderedLogs(input: DiagnosisInput): readonly LogSource[] {
  const failed = failedProcesses(input.status).map((p) => p.name);
  const rank = (s: LogSource): number => {
    if (s.kind === 'orchestrator') return 1e6;
    const i = s.process === undefined ? -1 : failed.indexOf(s.process.name);
    return i >= 0 ? i : 1e3;
  };
  return input.logs.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map(({ s }) => s);
}

function contextLines(source: LogSource, index: number, around: number): Evidence[] {
  const out: Evidence[] = [];
  for (let i = Math.max(0, index - around); i <= Math.min(source.lines.length - 1, index + around); i++) {
    out.push({ file: source.file, line: lineNo(source, i), text: source.lines[i]! });
  }
  return out;
}

function matchLogs(logs: NonNullable<DiagnosisRule['logs']>, input: DiagnosisInput, around: number): RuleMatch | undefined {
  const patterns = logs.patterns.map((p) => new RegExp(p, 'i'));
  const where = logs.in ?? 'any';
  for (const source of orderedLogs(input)) {
    if (where !== 'any' && source.kind !== where) continue;
    if (logs.roles !== undefined && (source.process === undefined || !logs.roles.includes(source.process.role))) continue;
    const index = source.lines.findIndex((line) => patterns.some((p) => p.test(line)));
    if (index < 0) continue;
    return {
      subject: { ...(source.process === undefined ? {} : { process: source.process }), file: source.file, match: source.lines[index]!.trim() },
      evidence: contextLines(source, index, around),
    };
  }
  return undefined;
}

/** The first error of a process's log and the lines around it; the last lines when none reads like an error. */
function firstErrorLines(input: DiagnosisInput, process: ProcessStatus, around: number): Evidence[] {
  const source = input.logs.find((s) => s.process?.name === process.name);
  if (source === undefined || source.lines.length === 0) return [{ file: process.log, line: 0, text: '(empty or missing log)' }];
  const index = source.lines.findIndex((l) => ERROR_LINE.test(l));
  if (index < 0) return contextLines(source, source.lines.length - 1, UNKNOWN_TAIL - 1).slice(-UNKNOWN_TAIL);
  return contextLines(source, index, around);
}

function matchProcess(spec: NonNullable<DiagnosisRule['process']>, input: DiagnosisInput, around: number): RuleMatch | undefined {
  const subject = failedProcesses(input.status).find(
    (p) =>
      (spec.roles === undefined || spec.roles.includes(p.role)) &&
      (spec.exitCodes === undefined || (p.exit_code !== undefined && p.exit_code !== null && spec.exitCodes.includes(p.exit_code))) &&
      (spec.signals === undefined || (p.signal !== undefined && p.signal !== null && spec.signals.includes(p.signal))),
  );
  if (subject === undefined) return undefined;
  return { subject: { process: subject, file: subject.log }, evidence: firstErrorLines(input, subject, around) };
}

/** One rule (or one `anyOf` alternative) against the input: undefined when a stated condition fails. */
function matchPart(part: Pick<DiagnosisRule, 'when' | 'logs' | 'process'>, input: DiagnosisInput, around: number): RuleMatch | undefined {
  if (part.when !== undefined && !whenHolds(part.when, input)) return undefined;
  let subject: Subject = {};
  const evidence: Evidence[] = part.when === undefined ? [] : whenEvidence(part.when, input);
  if (part.process !== undefined) {
    const m = matchProcess(part.process, input, around);
    if (m === undefined) return undefined;
    subject = m.subject;
    evidence.push(...m.evidence);
  }
  if (part.logs !== undefined) {
    const m = matchLogs(part.logs, input, around);
    if (m === undefined) return undefined;
    subject = { ...m.subject, ...(subject.process === undefined ? {} : { process: subject.process }) };
    evidence.push(...m.evidence);
  }
  return { subject, evidence };
}

function matchRule(rule: DiagnosisRule, input: DiagnosisInput): RuleMatch | undefined {
  const around = rule.context ?? 2;
  const base = matchPart(rule, input, around);
  if (base === undefined || rule.anyOf === undefined) return base;
  const alternatives = rule.anyOf.map((alt) => matchPart(alt, input, around)).filter((m): m is RuleMatch => m !== undefined);
  if (alternatives.length === 0) return undefined;
  const subject = alternatives.find((a) => a.subject.match !== undefined)?.subject ?? alternatives[0]!.subject;
  return { subject: { ...base.subject, ...subject }, evidence: [...base.evidence, ...alternatives.flatMap((a) => a.evidence)] };
}

function fill(text: string, input: DiagnosisInput, subject: Subject): string {
  const values: Record<string, string> = {
    process: subject.process?.name ?? 'a process',
    name: subject.process === undefined ? 'PROCESS' : shortProcessName(subject.process),
    node: subject.process?.node ?? 'its node',
    exit: describeExit(subject.process),
    phase: stoppedInPhase(input.status),
    health: describeHealth(input.status),
    match: (subject.match ?? '').slice(0, 200),
    log: subject.file ?? subject.process?.log ?? 'its log',
  };
  return text.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all);
}

/** The last error lines of every process that exited non-zero (or of the orchestrator's log when none did). */
function unknownEvidence(input: DiagnosisInput): Evidence[] {
  const out: Evidence[] = [];
  for (const p of failedProcesses(input.status)) {
    const source = input.logs.find((s) => s.process?.name === p.name);
    if (source === undefined) {
      out.push({ file: p.log, line: 0, text: `(no log) ${p.name} exited with ${describeExit(p)}` });
      continue;
    }
    const errors = source.lines.map((text, i) => ({ text, i })).filter(({ text }) => ERROR_LINE.test(text));
    const picked = errors.length > 0 ? errors.slice(-UNKNOWN_TAIL) : source.lines.map((text, i) => ({ text, i })).slice(-UNKNOWN_TAIL);
    out.push(...picked.map(({ text, i }) => ({ file: source.file, line: lineNo(source, i), text })));
  }
  if (out.length > 0) return out;
  for (const source of input.logs.filter((s) => s.kind === 'orchestrator')) {
    const errors = source.lines.map((text, i) => ({ text, i })).filter(({ text }) => /\[ERROR\]/.test(text));
    out.push(...errors.slice(-UNKNOWN_TAIL).map(({ text, i }) => ({ file: source.file, line: lineNo(source, i), text })));
  }
  return out;
}

/**
 * Classifies the first cause of a failed run with the rules (kept as data, `rules/`): the
 * matching rule of lowest priority wins. No rule matching is said plainly, with the last error
 * lines of every process that exited non-zero.
 *
 * @example
 * const d = diagnose(await gatherDiagnosisInput(outputDir, { env }), DIAGNOSIS_RULES);
 * console.log(d.cause, d.evidence, d.next);
 */
export function diagnose(input: DiagnosisInput, rules: readonly DiagnosisRule[]): Diagnosis {
  for (const rule of [...rules].sort((a, b) => a.priority - b.priority)) {
    const m = matchRule(rule, input);
    if (m === undefined) continue;
    return { known: true, rule: rule.id, cause: fill(rule.cause, input, m.subject), evidence: m.evidence, next: fill(rule.next, input, m.subject) };
  }
  const failed = failedProcesses(input.status);
  const what = failed.length === 0 ? 'no process exited with an error' : `${failed.map((p) => `${p.name} (${describeExit(p)})`).join(', ')} exited`;
  return {
    known: false,
    rule: 'unknown',
    cause: `Unknown failure: no diagnosis rule matched (${input.status.outcome?.summary ?? `run in phase ${input.status.phase}`}; ${what})`,
    evidence: unknownEvidence(input),
    next: 'Read the error lines (the evidence) and the orchestrator log (`srtctl logs <job>`). If the cause is recognizable, add a rule under packages/cli/src/diagnose/rules/ with a log fixture.',
  };
}
