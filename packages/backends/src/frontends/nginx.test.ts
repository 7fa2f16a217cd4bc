import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellJoin } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { buildBashWrapper } from '../srun/build-bash-wrapper.ts';
import { fakeRuntime } from '../testing/fake-runtime.ts';
import { buildNginxCommand, buildNginxConfFile } from './nginx.ts';

describe('buildNginxCommand', () => {
  it('wraps to the reference string under pyxis, installing nginx only when the image lacks it (backends.md §8.1, porting-notes D3)', () => {
    const cmd = buildNginxCommand(fakeRuntime());
    expect(buildBashWrapper({ preamble: cmd.preamble, argv: cmd.argv })).toBe(
      "if ! command -v nginx >/dev/null 2>&1; then apt-get update -qq && apt-get install -y -qq nginx; fi && nginx -c /logs/nginx.conf -g 'daemon off;'",
    );
  });

  it('runs Debian nginx with config, error log and pid under the host log dir without containers', () => {
    const cmd = buildNginxCommand(fakeRuntime({ containerRuntime: 'none' }));
    expect(cmd.preamble).toBeUndefined();
    expect(shellJoin(cmd.argv)).toBe(
      "nginx -c /work/outputs/4242/logs/nginx.conf -e /work/outputs/4242/logs/nginx_error.log -g 'daemon off; pid /work/outputs/4242/logs/nginx.pid;'",
    );
  });

  it('quotes a log dir that could add nginx directives', () => {
    const cmd = buildNginxCommand(fakeRuntime({ containerRuntime: 'none', logDir: '/w/a; user root' }));
    expect(cmd.argv.at(-1)).toBe('daemon off; pid "/w/a; user root/nginx.pid";');
  });
});

describe('buildNginxConfFile', () => {
  it('lists the frontend node addresses on the frontend port and listens on the public port', () => {
    const file = buildNginxConfFile(
      { nginxNode: 'n01', frontendNodes: ['n02', 'n03'], frontendPort: 8080, publicPort: 8000, usesNginx: true },
      fakeRuntime(),
    );
    expect(file.path).toBe('/work/outputs/4242/logs/nginx.conf');
    expect(file.content.match(/server 10\.0\.0\.\d:8080;|listen 8000;/g)).toStrictEqual(['server 10.0.0.2:8080;', 'server 10.0.0.3:8080;', 'listen 8000;']);
  });

  it('listens on its own node address only when that is a loopback one (apply --local)', () => {
    const nodeAddrs = new Map([['local-0', '127.0.0.11'], ['local-1', '127.0.0.12']]);
    const file = buildNginxConfFile(
      { nginxNode: 'local-0', frontendNodes: ['local-0', 'local-1'], frontendPort: 8080, publicPort: 8000, usesNginx: true },
      fakeRuntime({ nodeAddrs }),
    );
    expect(file.content.match(/server \S+;|listen \S+;/g)).toStrictEqual(['server 127.0.0.11:8080;', 'server 127.0.0.12:8080;', 'listen 127.0.0.11:8000;']);
  });

  it('renders a file that Debian nginx accepts with the no-container launch flags', () => {
    const logDir = mkdtempSync(join(tmpdir(), 'srt-nginx-'));
    const runtime = fakeRuntime({ containerRuntime: 'none', logDir });
    const file = buildNginxConfFile({ nginxNode: 'n01', frontendNodes: ['n02'], frontendPort: 8080, publicPort: 8000, usesNginx: true }, runtime);
    writeFileSync(file.path, file.content);
    const out = spawnSync(buildNginxCommand(runtime).argv[0]!, ['-t', ...buildNginxCommand(runtime).argv.slice(1)], { encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
  });
});
