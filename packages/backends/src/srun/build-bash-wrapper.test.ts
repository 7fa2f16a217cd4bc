import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildBashWrapper } from './build-bash-wrapper.ts';

const HOSTILE = [
  "it's",
  '"double" quotes',
  '$(touch /tmp/srt-pwned)',
  '`touch /tmp/srt-pwned`',
  'line1\nline2',
  'a; echo pwned',
  '  spaces  around  ',
  '',
  '$HOME ${PATH} \\ backslash',
  "'\"'\"'",
  '&& rm -rf / ||',
  'glob * ? [a]',
  '#not a comment',
  '~',
] as const;

/** Runs `bash -c <wrapper>` where the program prints its argv and selected env as JSON. */
function runWrapped(env: readonly (readonly [string, string])[], args: readonly string[], preamble?: string) {
  const script =
    'process.stdout.write(JSON.stringify({ argv: process.argv.slice(1), env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("SRT_T_"))) }))';
  const wrapper = buildBashWrapper({ preamble, env, argv: [process.execPath, '-e', script, ...args] });
  const out = spawnSync('bash', ['-c', wrapper], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/' } });
  expect(out.status).toBe(0);
  expect(existsSync('/tmp/srt-pwned')).toBe(false);
  return JSON.parse(out.stdout) as { argv: string[]; env: Record<string, string> };
}

describe('buildBashWrapper', () => {
  it('joins preamble, ordered exports and the quoted program with &&', () => {
    expect(
      buildBashWrapper({ preamble: "echo 'hi'", env: [['A', '1'], ['B', 'x y']], argv: ['python3', '-m', 'dynamo.frontend', '--http-port=8080'] }),
    ).toMatchInlineSnapshot(`"echo 'hi' && export A=1 && export B='x y' && python3 -m dynamo.frontend --http-port=8080"`);
  });

  it('is just the joined argv without preamble or env', () => {
    expect(buildBashWrapper({ argv: ['nginx', '-g', 'daemon off;'] })).toBe("nginx -g 'daemon off;'");
  });

  it('hands every hostile value to the child unchanged, as argv and as environment', () => {
    const env = HOSTILE.map((v, i) => [`SRT_T_${i}`, v] as const);
    const seen = runWrapped(env, HOSTILE);
    expect(seen.argv).toStrictEqual([...HOSTILE]);
    expect(seen.env).toStrictEqual(Object.fromEntries(env));
  });

  it('runs the preamble first and stops the chain when it fails', () => {
    const wrapper = buildBashWrapper({ preamble: 'false', argv: ['echo', 'started'] });
    const out = spawnSync('bash', ['-c', wrapper], { encoding: 'utf8' });
    expect(out.stdout).toBe('');
    expect(out.status).not.toBe(0);
  });

  it.each(['A B', 'A;B', '1A', 'A=B', '$(x)', ''])('rejects the environment variable name %j', (name) => {
    expect(() => buildBashWrapper({ env: [[name, 'v']], argv: ['true'] })).toThrow(/is not an environment variable name/);
  });
});
