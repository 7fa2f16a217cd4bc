import { getPath } from './document-path.ts';
import { isDisaggregatedDocument } from './editable-fields.ts';

const show = (v: unknown): string => (v === undefined || v === null ? 'N/A' : typeof v === 'string' ? v : JSON.stringify(v));

type Tree = readonly (readonly [string, readonly string[]])[];

function renderTree(title: string, tree: Tree): string {
  const lines = [title];
  tree.forEach(([section, leaves], i) => {
    const lastSection = i === tree.length - 1;
    lines.push(`${lastSection ? '└' : '├'}── ${section}`);
    leaves.forEach((leaf, j) => lines.push(`${lastSection ? ' ' : '│'}   ${j === leaves.length - 1 ? '└' : '├'}── ${leaf}`));
  });
  return `${lines.join('\n')}\n`;
}

/**
 * The summary tree of interactive mode (cli.md §7 step 3): model, resources, benchmark, sweep
 * parameters. Resources follow the recipe's mode: prefill and decode workers for a
 * disaggregated recipe, aggregated workers otherwise.
 */
export function renderRecipeSummary(doc: unknown): string {
  const g = (p: string): unknown => getPath(doc, p);
  const count = (n: unknown, what: string): string => `${show(n)} ${what}${n === 1 ? '' : 's'}`;
  const workers = (mode: 'prefill' | 'decode' | 'agg'): string =>
    `${count(g(`resources.${mode}_workers`) ?? (mode === 'agg' ? undefined : g(`resources.${mode}_nodes`)), 'worker')} on ${count(g(`resources.${mode}_nodes`) ?? (mode === 'agg' ? 1 : undefined), 'node')}`;
  const shape = isDisaggregatedDocument(doc) ? [`prefill: ${workers('prefill')}`, `decode: ${workers('decode')}`] : [`aggregated: ${workers('agg')}`];
  const bench = [`type: ${show(g('benchmark.type'))}`];
  if (g('benchmark.isl') !== undefined) bench.push(`isl/osl: ${show(g('benchmark.isl'))}/${show(g('benchmark.osl'))}`);
  if (g('benchmark.concurrencies') !== undefined) bench.push(`concurrencies: ${show(g('benchmark.concurrencies'))}`);
  const tree: [string, string[]][] = [
    ['Model', [`path: ${show(g('model.path'))}`, `container: ${show(g('model.container'))}`, `precision: ${show(g('model.precision'))}`]],
    ['Resources', [`gpu_type: ${show(g('resources.gpu_type'))}`, ...shape, `gpus_per_node: ${show(g('resources.gpus_per_node'))}`]],
    ['Benchmark', bench],
  ];
  const sweep = g('sweep');
  if (sweep !== null && typeof sweep === 'object') tree.push(['Sweep Parameters', Object.entries(sweep).map(([k, v]) => `${k}: ${show(v)}`)]);
  return renderTree(`📋 ${show(g('name'))}`, tree);
}
