import { describeValue } from '../config/scalars.ts';
import { isMap } from '../_is-map.ts';
import { SrtError } from '../errors.ts';
import type { SweepMode, SweepParameter } from './sweep-combinations.ts';

/** A top-level `sweep:` section, checked. */
export interface SweepSpec {
  readonly mode: SweepMode;
  readonly parameters: readonly SweepParameter[];
}

const invalid = (message: string): SrtError => new SrtError('SRT_SWEEP_INVALID', message);

/**
 * Reads a top-level `sweep:` section: inline parameters (`a: [1, 2]`), or `parameters:`
 * with an optional `mode: zip | grid` (default grid). Every parameter must be a non-empty
 * list; a string is never iterated character by character (fix C3).
 *
 * @example parseSweepSpec({ mode: 'zip', parameters: { isl: [1024, 8192], osl: [1024, 1024] } }).mode // → 'zip'
 */
export function parseSweepSpec(sweep: unknown): SweepSpec {
  if (!isMap(sweep)) {
    throw invalid(`\`sweep:\` must be a map of parameter: [values] (or \`mode:\` and \`parameters:\`), got ${describeValue(sweep)}`);
  }
  const mode = sweep['mode'] ?? 'grid';
  if (mode !== 'zip' && mode !== 'grid') {
    throw invalid(`sweep.mode must be "zip" or "grid", got ${describeValue(mode)}; a parameter named "mode" goes under \`parameters:\``);
  }
  let entries = Object.entries(sweep).filter(([k]) => k !== 'mode');
  if (Object.hasOwn(sweep, 'parameters')) {
    const params = sweep['parameters'];
    if (!isMap(params)) throw invalid(`sweep.parameters must be a map of parameter: [values], got ${describeValue(params)}`);
    const stray = entries.find(([k]) => k !== 'parameters');
    if (stray !== undefined) {
      throw invalid(`sweep.${stray[0]}: with \`parameters:\`, every parameter goes under it: move \`${stray[0]}\` into sweep.parameters`);
    }
    entries = Object.entries(params);
  }
  const parameters = entries.map(([name, values]): SweepParameter => {
    if (!Array.isArray(values)) {
      throw invalid(`Sweep parameter '${name}' must be a list of values, got ${describeValue(values)}: write ${name}: [value1, value2]`);
    }
    if (values.length === 0) throw invalid(`Sweep parameter '${name}' has no values: give it at least one`);
    return [name, values];
  });
  return { mode, parameters };
}
