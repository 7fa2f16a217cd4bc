#!/usr/bin/env node
// Builds build/stamped-socket.node (native/stamped-socket.c): TCP sockets whose reads carry
// the kernel's receive time, for the sa-bench load generator. Linux only; needs a C compiler
// (`cc`, or $CC) and node's headers (node_api.h, uv.h), which Node.js installs next to itself.
// Never fails the build: without the addon, sa-bench stamps reads in JavaScript and says so.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'native', 'stamped-socket.c');
const out = join(root, 'build', 'stamped-socket.node');
const skip = (why) => {
  rmSync(out, { force: true }); // never leave a stale addon from an older source behind
  console.warn(`@srt/benchmarks: native reader not built (${why}); sa-bench will use node:net read times`);
  process.exit(0);
};

if (process.platform !== 'linux') skip(`kernel receive timestamps are read on Linux only, this is ${process.platform}`);
const includes = [process.env.SRT_NODE_INCLUDE, resolve(process.execPath, '../../include/node'), '/usr/include/node', '/usr/local/include/node']
  .filter(Boolean)
  .find((dir) => existsSync(join(dir, 'node_api.h')) && existsSync(join(dir, 'uv.h')));
if (!includes) skip('node_api.h and uv.h not found next to node; set SRT_NODE_INCLUDE to the directory that has them');
const cc = process.env.CC || 'cc';
mkdirSync(dirname(out), { recursive: true });
const args = ['-O2', '-std=gnu11', '-Wall', '-Wextra', '-pthread', '-fPIC', '-shared', `-I${includes}`, '-o', out, source];
const r = spawnSync(cc, args, { stdio: ['ignore', 'inherit', 'inherit'] });
if (r.error) skip(`${cc}: ${r.error.message}`);
if (r.status !== 0) skip(`${cc} exited with status ${r.status}`);
