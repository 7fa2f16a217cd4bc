import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { heredocDelimiter, renderSbatchScript, type SbatchScriptOptions } from './sbatch-script.ts';

const BASE: SbatchScriptOptions = {
  jobName: 'demo',
  totalNodes: 3,
  gpusPerNode: 8,
  account: 'acct',
  partition: 'batch',
  timeLimit: '01:00:00',
  useGpusPerNodeDirective: true,
  useSegmentDirective: true,
  extraDirectives: [
    ['exclusive', ''],
    ['mem', '0'],
  ],
  configSource: '/home/me/demo.yaml',
  configSnapshot: 'name: demo\n',
  containerImage: '/c/sglang.sqsh',
  selfCommand: ['/usr/bin/node', '/opt/srtctl/dist/srtctl.mjs'],
  srtctlRoot: '/opt/srtctl',
  generatedAt: '20250101_120000',
};

const directives = (script: string): string[] => script.split('\n').filter((l) => l.startsWith('#SBATCH'));

describe('renderSbatchScript', () => {
  it('emits the directive block of cli.md §4 in order, extra directives last', () => {
    expect(directives(renderSbatchScript(BASE))).toStrictEqual([
      '#SBATCH --job-name=demo',
      '#SBATCH --nodes=3',
      '#SBATCH --ntasks=3',
      '#SBATCH --ntasks-per-node=1',
      '#SBATCH --gpus-per-node=8',
      '#SBATCH --segment=3',
      '#SBATCH --account=acct',
      '#SBATCH --time=01:00:00',
      '#SBATCH --output=./outputs/%j/logs/sweep_%j.log',
      '#SBATCH --partition=batch',
      '#SBATCH --exclusive',
      '#SBATCH --mem=0',
    ]);
  });

  it.each([
    ['gpus-per-node', { useGpusPerNodeDirective: false }, '#SBATCH --gpus-per-node=8'],
    ['segment', { useSegmentDirective: false }, '#SBATCH --segment=3'],
  ])('leaves out the %s directive when the cluster switch is off', (_name, patch, line) => {
    expect(directives(renderSbatchScript({ ...BASE, ...patch }))).not.toContain(line);
  });

  it.each([
    [null, '#SBATCH --exclusive'],
    [true, '#SBATCH --exclusive'],
    [4, '#SBATCH --exclusive=4'],
  ])('renders the directive value %j as %s', (value, line) => {
    expect(directives(renderSbatchScript({ ...BASE, extraDirectives: [['exclusive', value]] })).at(-1)).toBe(line);
  });

  it('runs the bundled orchestrator from the embedded snapshot, tee-ing its log', () => {
    const script = renderSbatchScript(BASE);
    expect(script).toContain(`cat > "\${OUTPUT_DIR}/config.yaml" <<'SRTCTL_CONFIG_EOF'\nname: demo\nSRTCTL_CONFIG_EOF\n`);
    expect(script).toContain("SRTCTL=(/usr/bin/node /opt/srtctl/dist/srtctl.mjs)");
    expect(script).toContain(
      '"${SRTCTL[@]}" run "${OUTPUT_DIR}/config.yaml" 2>&1 | (trap \'\' TERM INT; exec tee "${LOG_DIR}/orchestrator_${SLURM_JOB_ID}.log")',
    );
    expect(script).not.toMatch(/pip install|python3/);
  });

  it.each([
    ['a job name with a space', { jobName: 'my job' }],
    ['a job name with a newline', { jobName: 'x\nrm -rf /' }],
    ['an account with a quote', { account: 'a"b' }],
    ['a partition with #', { partition: 'gpu#x' }],
    ['a directive key with a space', { extraDirectives: [['mem 0', '1']] as const }],
    ['a directive value with a newline', { extraDirectives: [['comment', 'x\ntouch /tmp/pwned']] as const }],
  ])('rejects %s with SRT_CONFIG_INVALID', (_what, patch) => {
    expect(() => renderSbatchScript({ ...BASE, ...patch })).toThrow(expect.objectContaining({ code: 'SRT_CONFIG_INVALID' }));
  });

  it('rejects a job name with whitespace with a message that says what to change', () => {
    expect(() => renderSbatchScript({ ...BASE, jobName: 'my job' })).toThrowErrorMatchingInlineSnapshot(
      `[SrtError: name "my job" cannot go into an #SBATCH line: use only letters, digits and punctuation without spaces, quotes, backslashes or #]`,
    );
  });

  it('keeps hostile paths, images and snapshot content inert when bash runs the script', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbatch-'));
    const marker = join(dir, 'pwned');
    const hostile = `$(touch ${marker})'\`touch ${marker}\`"`;
    const script = renderSbatchScript({
      ...BASE,
      configSource: `/x/${hostile}\ntouch ${marker}`,
      containerImage: hostile,
      configSnapshot: `name: demo\nnote: ${hostile}\nSRTCTL_CONFIG_EOF\ntouch ${marker}\n`,
      selfCommand: ['/bin/echo', hostile],
      srtctlRoot: hostile,
    });
    // Run it with fake SLURM values and a stubbed scontrol/tee on PATH.
    writeFileSync(join(dir, 'scontrol'), '#!/bin/sh\necho n1\n', { mode: 0o755 });
    writeFileSync(join(dir, 'job.sh'), script.replace('if [ ! -f "${SRTCTL[-1]}" ]; then', 'if false; then'));
    execFileSync('bash', [join(dir, 'job.sh')], {
      cwd: dir,
      env: { PATH: `${dir}:${process.env['PATH'] ?? ''}`, SLURM_JOB_ID: '7', SLURM_NODELIST: 'n1' },
      stdio: 'pipe',
    });
    expect(() => readFileSync(marker)).toThrow();
    expect(readFileSync(join(dir, 'outputs/7/config.yaml'), 'utf8')).toBe(
      `name: demo\nnote: ${hostile}\nSRTCTL_CONFIG_EOF\ntouch ${marker}\n`,
    );
  });
});

describe('renderSbatchScript with an output base (-o DIR / output_dir)', () => {
  it('writes the job folder, the sweep log and the orchestrator -o under the absolute base', () => {
    const script = renderSbatchScript({ ...BASE, outputBase: '/shared/runs' });
    expect(directives(script)).toContain('#SBATCH --output=/shared/runs/%j/logs/sweep_%j.log');
    expect(script).toContain(`OUTPUT_BASE=/shared/runs\nOUTPUT_DIR="\${OUTPUT_BASE}/\${SLURM_JOB_ID}"\n`);
    expect(script).not.toContain('${WORK_DIR}/outputs');
    expect(script).toContain('"${SRTCTL[@]}" run "${OUTPUT_DIR}/config.yaml" -o "${OUTPUT_BASE}" 2>&1 |');
  });

  it('delivers a base full of shell syntax byte for byte to the folder and to the orchestrator', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbatch-base-'));
    const marker = join(dir, 'pwned');
    // No whitespace (refused), but command substitution, separators, globs and expansions.
    const base = `${dir}/o$(id>${marker});\`id>${marker}\`&|<>*?!{a,b}~$HOME\${IFS}`;
    const script = renderSbatchScript({ ...BASE, outputBase: base, selfCommand: ['/bin/echo', 'ORCH'] });
    expect(directives(script)).toContain(`#SBATCH --output=${base}/%j/logs/sweep_%j.log`);
    writeFileSync(join(dir, 'scontrol'), '#!/bin/sh\necho n1\n', { mode: 0o755 });
    writeFileSync(join(dir, 'job.sh'), script.replace('if [ ! -f "${SRTCTL[-1]}" ]; then', 'if false; then'));
    execFileSync('bash', [join(dir, 'job.sh')], { cwd: dir, env: { PATH: `${dir}:${process.env['PATH'] ?? ''}`, SLURM_JOB_ID: '7', SLURM_NODELIST: 'n1' }, stdio: 'pipe' });
    expect(() => readFileSync(marker)).toThrow();
    expect(readFileSync(join(base, '7/config.yaml'), 'utf8')).toBe('name: demo\n');
    // The orchestrator (echo here) got `run <base>/7/config.yaml -o <base>`, logged under <base>/7/logs.
    expect(readFileSync(join(base, '7/logs/orchestrator_7.log'), 'utf8')).toBe(`ORCH run ${base}/7/config.yaml -o ${base}\n`);
  });

  it.each([
    ['a space', '/shared/my runs'],
    ['a newline', '/shared/x\n#SBATCH --uid=0'],
    ['a double quote', '/shared/a"b'],
    ['a single quote', "/shared/a'b"],
    ['a backslash', '/shared/a\\b'],
    ['#', '/shared/a#b'],
    ['% (an sbatch file pattern)', '/shared/%u'],
    ['a relative path', 'runs'],
  ])('refuses a base with %s (SRT_CONFIG_INVALID) instead of writing a line sbatch would misread', (_what, outputBase) => {
    expect(() => renderSbatchScript({ ...BASE, outputBase })).toThrow(expect.objectContaining({ code: 'SRT_CONFIG_INVALID' }));
  });
});

describe('heredocDelimiter', () => {
  it.each([
    ['a: 1\n', 'SRTCTL_CONFIG_EOF'],
    ['SRTCTL_CONFIG_EOF\n', 'SRTCTL_CONFIG_EOF_1'],
    ['SRTCTL_CONFIG_EOF\nSRTCTL_CONFIG_EOF_1\n', 'SRTCTL_CONFIG_EOF_2'],
    ['x: SRTCTL_CONFIG_EOF\n', 'SRTCTL_CONFIG_EOF'],
  ])('picks a delimiter that is no line of %j', (content, delimiter) => {
    expect(heredocDelimiter(content)).toBe(delimiter);
  });
});
