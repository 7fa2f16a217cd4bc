/** True for a YAML/JSON map: an object that is neither null nor an array. */
export function isMap(x: unknown): x is Readonly<Record<string, unknown>> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
