/** Reads `a.b.c` from a plain YAML document. */
export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

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

/** The summary tree of interactive mode (cli.md §7 step 3): model, resources, benchmark, sweep parameters. */
export function renderRecipeSummary(doc: unknown): string {
  const g = (p: string): unknown => getPath(doc, p);
  const workers = (mode: 'prefill' | 'decode'): string => show(g(`resources.${mode}_workers`) ?? g(`resources.${mode}_nodes`));
  const bench = [`type: ${show(g('benchmark.type'))}`];
  if (g('benchmark.isl') !== undefined) bench.push(`isl/osl: ${show(g('benchmark.isl'))}/${show(g('benchmark.osl'))}`);
  if (g('benchmark.concurrencies') !== undefined) bench.push(`concurrencies: ${show(g('benchmark.concurrencies'))}`);
  const tree: [string, string[]][] = [
    ['Model', [`path: ${show(g('model.path'))}`, `container: ${show(g('model.container'))}`, `precision: ${show(g('model.precision'))}`]],
    ['Resources', [`gpu_type: ${show(g('resources.gpu_type'))}`, `prefill: ${workers('prefill')} workers`, `decode: ${workers('decode')} workers`, `gpus_per_node: ${show(g('resources.gpus_per_node'))}`]],
    ['Benchmark', bench],
  ];
  const sweep = g('sweep');
  if (sweep !== null && typeof sweep === 'object') tree.push(['Sweep Parameters', Object.entries(sweep).map(([k, v]) => `${k}: ${show(v)}`)]);
  return renderTree(`📋 ${show(g('name'))}`, tree);
}

/** The interactive "Modify parameters" fields: config path and prompt label. */
export const MODIFIABLE = [
  ['name', 'Job name'],
  ['resources.prefill_workers', 'Prefill workers'],
  ['resources.decode_workers', 'Decode workers'],
  ['benchmark.isl', 'Input sequence length'],
  ['benchmark.osl', 'Output sequence length'],
] as const;

/** Parses an answer as int, else float, else keeps the string. */
export function parseAnswer(text: string): string | number {
  const t = text.trim();
  if (/^[+-]?\d+$/.test(t)) return Number.parseInt(t, 10);
  if (t !== '' && !Number.isNaN(Number(t))) return Number(t);
  return t;
}

/** Sets `a.b.c` in a copy of a document, creating missing parent maps. */
export function setPath(doc: unknown, path: string, value: unknown): unknown {
  const [key, ...rest] = path.split('.');
  const base = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  return { ...base, [key!]: rest.length === 0 ? value : setPath(base[key!], rest.join('.'), value) };
}
