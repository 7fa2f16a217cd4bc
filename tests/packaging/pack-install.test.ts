import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The packages as a user gets them: packed, installed into a project outside the repository,
// `srtctl --help` and a library import/require (scripts/pack-install.sh; needs `pnpm build`).
describe('the packed packages', () => {
  it('install into an outside project, run srtctl --help and import as a library', () => {
    const r = spawnSync('bash', [join(import.meta.dirname, '../../scripts/pack-install.sh')], { encoding: 'utf8', timeout: 170_000 });
    expect(`${r.stderr}${r.stdout}`.trim()).toBe('pack-install: ok (srtctl --help, validate, import and require of the packed packages)');
    expect(r.status).toBe(0);
  }, 180_000);
});
