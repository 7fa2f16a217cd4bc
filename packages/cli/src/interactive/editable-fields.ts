import { getPath } from './document-path.ts';

/** A recipe value interactive mode lets the user change. */
export interface EditableField {
  /** Dotted path in the recipe document. */
  readonly path: string;
  readonly label: string;
  readonly kind: 'text' | 'count' | 'tokens';
}

const RESOURCE_KEYS = (mode: string): readonly string[] => [`resources.${mode}_nodes`, `resources.${mode}_workers`];

/** True when the document describes prefill/decode workers rather than aggregated ones. */
export function isDisaggregatedDocument(doc: unknown): boolean {
  return [...RESOURCE_KEYS('prefill'), ...RESOURCE_KEYS('decode')].some((p) => getPath(doc, p) !== undefined && getPath(doc, p) !== null);
}

/**
 * The fields worth editing for this recipe's mode: prefill/decode nodes and workers for a
 * disaggregated recipe, aggregated ones otherwise (never both), plus the job name and the
 * benchmark's lengths when it has them.
 */
export function editableFields(doc: unknown): readonly EditableField[] {
  const modes = isDisaggregatedDocument(doc) ? (['prefill', 'decode'] as const) : (['agg'] as const);
  const label = { prefill: 'Prefill', decode: 'Decode', agg: 'Aggregated' } as const;
  const fields: EditableField[] = [{ path: 'name', label: 'Job name', kind: 'text' }];
  for (const m of modes) {
    fields.push({ path: `resources.${m}_nodes`, label: `${label[m]} nodes`, kind: 'count' }, { path: `resources.${m}_workers`, label: `${label[m]} workers`, kind: 'count' });
  }
  if (getPath(doc, 'benchmark.isl') !== undefined) fields.push({ path: 'benchmark.isl', label: 'Input sequence length', kind: 'tokens' });
  if (getPath(doc, 'benchmark.osl') !== undefined) fields.push({ path: 'benchmark.osl', label: 'Output sequence length', kind: 'tokens' });
  return fields;
}

/** The problem with an answer for a field, if any (counts are whole numbers ≥ 0, lengths ≥ 1). */
export function checkAnswer(field: EditableField, answer: string): string | undefined {
  const t = answer.trim();
  if (field.kind === 'text') return t === '' ? 'give a value' : undefined;
  const min = field.kind === 'count' ? 0 : 1;
  return /^\d+$/.test(t) && Number(t) >= min ? undefined : `give a whole number ≥ ${min}`;
}

/** The answer as the value to store: a number for counts and lengths. */
export function answerValue(field: EditableField, answer: string): string | number {
  return field.kind === 'text' ? answer.trim() : Number(answer.trim());
}
