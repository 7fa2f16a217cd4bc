import { join, resolve } from 'node:path';
import { writeReport } from '@srt/benchmarks';
import { type CommandSpec, parseFlags, renderUsage } from '../args.ts';
import type { CommandHandler } from '../context.ts';
import { formatDateTime } from '../submit/job-metadata.ts';
import { nowDate } from './shared.ts';

export const reportSpec = {
  name: 'report',
  summary:
    'Summarize sa-bench results: finds the result files under job output directories (outputs/<job_id>), prints a table per run and concurrency, and writes one self-contained HTML page with throughput-vs-latency charts, percentiles and each recipe.',
  flags: {
    out: { type: 'string', short: 'o', value: 'FILE', description: 'HTML file to write (default: <dir>/report.html for one directory, else ./srtctl-report.html)' },
    title: { type: 'string', value: 'TEXT', description: 'Title of the HTML page' },
    json: { type: 'boolean', description: 'Print the runs that were read as JSON instead of the table' },
  },
  positionals: [
    { name: 'OUTPUTS_OR_RUN_DIRS...', required: true, variadic: true, missing: 'give at least one job output directory (outputs/<job_id>) or result directory' },
  ],
  examples: ['srtctl report outputs/12345', 'srtctl report outputs/123 outputs/124 outputs/125 -o sweep.html'],
} as const satisfies CommandSpec;

/** `srtctl report OUTPUTS_OR_RUN_DIRS…`. */
const report: CommandHandler = async (argv, ctx) => {
  const args = parseFlags(reportSpec, argv);
  if (args.help) {
    ctx.stdout.write(renderUsage(reportSpec));
    return 0;
  }
  const paths = args.positionals.map((p) => resolve(ctx.env.cwd, p));
  const generatedAt = formatDateTime(nowDate(ctx));
  const out = args.values.out ? resolve(ctx.env.cwd, args.values.out) : paths.length === 1 ? join(paths[0] ?? '.', 'report.html') : resolve(ctx.env.cwd, 'srtctl-report.html');
  const { runs, table } = await writeReport(paths, { out, generatedAt, ...(args.values.title ? { title: args.values.title } : {}) });
  ctx.stdout.write(args.values.json ? `${JSON.stringify(runs, null, 2)}\n` : table);
  ctx.stderr.write(`Wrote ${out}\n`);
  return 0;
};

export default report;
