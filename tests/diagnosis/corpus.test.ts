import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIAGNOSIS_RULES, diagnose, gatherDiagnosisInput, type JobStatus, renderDiagnosis } from '@srt/cli';
import { describe, expect, it } from 'vitest';

const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'diagnosis');

/** `case.json`: the expected rule, the file its evidence must point at, and the ledger's facts. */
interface Case {
  readonly expect: string;
  readonly evidence: string;
  readonly cause?: string;
  readonly outcome?: NonNullable<JobStatus['outcome']>['result'];
  readonly phases: JobStatus['phases'][number]['phase'][];
  readonly job_id?: string;
  readonly slurm_state?: string;
  readonly cancel?: JobStatus['cancel'];
  readonly health?: Omit<JobStatus['health'][number], 'at'>[];
  readonly results?: JobStatus['results'];
  readonly benchmark?: JobStatus['benchmark'];
  readonly processes: (Omit<JobStatus['processes'][number], 'pid' | 'started_at' | 'critical'> & { critical?: boolean })[];
}

/** A whole ledger from a fixture's compact facts, its logs in the fixture folder. */
function ledgerOf(dir: string, c: Case): JobStatus {
  const at = (i: number): string => new Date(Date.UTC(2026, 10, 30, 10, 0, i)).toISOString();
  const jobId = c.job_id ?? '4242';
  return {
    version: 1,
    job_id: jobId,
    job_name: 'fixture',
    executor: 'slurm',
    output_dir: dir,
    log_dir: dir,
    ...(existsSync(join(dir, 'orchestrator.log')) ? { orchestrator_log: join(dir, 'orchestrator.log') } : {}),
    phase: c.outcome === undefined ? c.phases.at(-1)! : 'ended',
    phases: [...c.phases, ...(c.outcome === undefined ? [] : (['cleanup', 'ended'] as const))].map((phase, i) => ({ phase, at: at(i) })),
    started_at: at(0),
    updated_at: at(59),
    processes: c.processes.map((p, i) => ({ critical: true, pid: 1000 + i, started_at: at(1), ...(p.state === 'exited' || p.state === 'stopped' ? { ended_at: at(10 + i) } : {}), ...p, log: join(dir, p.log) })),
    health: (c.health ?? []).map((h) => ({ at: at(30), ...h })),
    results: (c.results ?? []).map((r) => ({ ...r, file: join(dir, r.file) })),
    ...(c.benchmark === undefined ? {} : { benchmark: c.benchmark }),
    ...(c.cancel === undefined ? {} : { cancel: c.cancel }),
    ...(c.outcome === undefined ? {} : { outcome: { result: c.outcome, exit_code: 1, summary: `Run failed (${c.outcome})`, at: at(59) } }),
  };
}

const cases = readdirSync(CORPUS)
  .filter((name) => existsSync(join(CORPUS, name, 'case.json')))
  .map((name) => ({ name, dir: join(CORPUS, name), c: JSON.parse(readFileSync(join(CORPUS, name, 'case.json'), 'utf8')) as Case }));

describe('the diagnosis corpus', () => {
  it('has at least two fixtures for every rule, and unknown failures', () => {
    const count = (id: string): number => cases.filter((k) => k.c.expect === id).length;
    for (const rule of DIAGNOSIS_RULES) expect(count(rule.id), rule.id).toBeGreaterThanOrEqual(2);
    expect(count('unknown')).toBeGreaterThanOrEqual(1);
  });

  it('keeps one file per rule under rules/ with a unique id and priority', () => {
    const files = readdirSync(join(import.meta.dirname, '..', '..', 'packages', 'cli', 'src', 'diagnose', 'rules')).filter((f) => f !== 'index.ts' && f.endsWith('.ts'));
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toStrictEqual(DIAGNOSIS_RULES.map((r) => r.id).sort());
    expect(new Set(DIAGNOSIS_RULES.map((r) => r.priority)).size).toBe(DIAGNOSIS_RULES.length);
    for (const rule of DIAGNOSIS_RULES) for (const p of [...(rule.logs?.patterns ?? []), ...(rule.anyOf ?? []).flatMap((a) => a.logs?.patterns ?? [])]) expect(() => new RegExp(p, 'i')).not.toThrow();
  });

  it.each(cases)('$name', ({ dir, c }) => {
    const status = ledgerOf(dir, c);
    const d = diagnose(gatherDiagnosisInput(status, { slurmState: c.slurm_state }), DIAGNOSIS_RULES);
    const text = renderDiagnosis(d, dir).join('\n');
    expect(d.rule, text).toBe(c.expect);
    expect(d.known).toBe(c.expect !== 'unknown');
    if (c.cause !== undefined) expect(d.cause).toContain(c.cause);
    // The evidence points at the file that shows the cause, with line numbers into it.
    const shown = d.evidence.filter((e) => e.file === c.evidence || e.file.endsWith(`/${c.evidence}`));
    expect(shown.length, text).toBeGreaterThan(0);
    for (const e of shown.filter((x) => x.line > 0)) {
      const lines = readFileSync(e.file, 'utf8').split('\n');
      expect(lines[e.line - 1]).toBe(e.text);
    }
    expect(d.next.length).toBeGreaterThan(20);
    if (c.expect === 'unknown') expect(d.cause).toMatch(/^Unknown failure/);
  });
});
