import { describe, expect, it } from 'vitest';
import { locateBundle, requireBundle } from './locate-bundle.ts';

const env = (files: readonly string[], vars: Record<string, string> = {}) => ({ vars, cwd: '/work', fileExists: async (p: string) => files.includes(p) });

describe('locateBundle', () => {
  it('prefers SRTCTL_BUNDLE, resolved against the working directory', async () => {
    expect(await locateBundle(env(['/work/b/dist/srtctl.mjs'], { SRTCTL_BUNDLE: 'b/dist/srtctl.mjs' }), undefined, 'node')).toStrictEqual({
      path: '/work/b/dist/srtctl.mjs',
      root: '/work/b',
      found: true,
      selfCommand: ['node', '/work/b/dist/srtctl.mjs'],
    });
  });

  it.each([['/opt/srt/srtctl.mjs'], ['/opt/srt/dist/srtctl.mjs'], ['/opt/srt/packages/cli/dist/srtctl.mjs']])('finds %s under srtctl_root', async (path) => {
    const b = await locateBundle(env([path]), { srtctl_root: '/opt/srt' } as never, '/usr/bin/node');
    expect([b.path, b.root, b.found]).toStrictEqual([path, '/opt/srt', true]);
  });

  it('reports where it looked when there is no bundle, and apply refuses it', async () => {
    const b = await locateBundle(env([]), { srtctl_root: '/opt/srt' } as never, 'node');
    expect([b.path, b.found]).toStrictEqual(['/opt/srt/srtctl.mjs', false]);
    expect(() => requireBundle(b)).toThrow(expect.objectContaining({ code: 'SRT_CLUSTER_INVALID' }));
  });
});
