/** Test helper: the `code`, `message` and `details` of what `fn` throws (fails if it does not throw). */
export function thrown(fn: () => unknown): { readonly code: string; readonly message: string; readonly details: readonly string[] } {
  try {
    fn();
  } catch (e) {
    const { code, message, details } = e as { code: string; message: string; details?: readonly string[] };
    return { code, message, details: details ?? [] };
  }
  throw new Error('expected an error, got none');
}

/** Async version of `thrown`. */
export async function rejected(p: Promise<unknown>): Promise<{ readonly code: string; readonly message: string; readonly details: readonly string[] }> {
  try {
    await p;
  } catch (e) {
    const { code, message, details } = e as { code: string; message: string; details?: readonly string[] };
    return { code, message, details: details ?? [] };
  }
  throw new Error('expected a rejection, got none');
}
