/**
 * `srtctl mock worker|frontend …` without the CLI bundle: the bench starts each mock server
 * process with `node --conditions=@srt/source --import tsx bench/mock/serve.ts <args>`.
 */
import { runMockServerCli } from '../../packages/backends/src/mock/index.ts';

process.exitCode = await runMockServerCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
