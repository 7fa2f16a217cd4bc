#!/usr/bin/env node
// Puts @srt/benchmarks' native reader (build/stamped-socket.node, when it was built) next to the
// self-contained dist/srtctl.mjs, where the bundle looks for it. Without it the bundle's
// sa-bench falls back to node:net read times and says so.
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(cli, '..', 'benchmarks', 'build', 'stamped-socket.node');
const to = join(cli, 'dist', 'stamped-socket.node');
if (existsSync(from)) copyFileSync(from, to);
else rmSync(to, { force: true });
