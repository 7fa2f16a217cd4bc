import { runMockServerCli } from '@srt/backends';
import type { CommandHandler } from '../context.ts';
import { guardGroup } from '../orchestrator/group-guard.ts';

/**
 * `srtctl mock worker|frontend …`: a mock worker or frontend (`backend.type: mock`), the same
 * servers the mock recipes start on every node. Stops cleanly (exit 0) on SIGTERM/SIGINT.
 * With `--processes N` the group guard makes its processes die with it even on SIGKILL.
 */
const mock: CommandHandler = (argv, ctx) => runMockServerCli(argv, { stdout: ctx.stdout, stderr: ctx.stderr, signal: ctx.signal, guardGroup });

export default mock;
