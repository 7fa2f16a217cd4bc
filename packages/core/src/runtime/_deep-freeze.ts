/** Freezes a value and every plain object and array inside it (Maps are left as they are). */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value) || value instanceof Map) return value;
  for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}
