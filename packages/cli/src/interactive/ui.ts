/** One choice of a `select` prompt. */
export interface UiOption<T extends string> {
  readonly value: T;
  readonly label: string;
  readonly hint?: string;
}

/**
 * What interactive mode asks of the terminal. Every question resolves `undefined` when the
 * user cancels it (Esc or Ctrl-C). The real one is `createClackUi` (arrow keys, path
 * completion); tests pass a scripted one.
 */
export interface InteractiveUi {
  readonly select: <T extends string>(message: string, options: readonly UiOption<T>[]) => Promise<T | undefined>;
  /** A file path under `root`, completed from the file system as the user types (Tab). */
  readonly path: (message: string, root: string) => Promise<string | undefined>;
  /** One line of text; `validate` returns the problem with the answer, if any. */
  readonly text: (message: string, opts: { readonly initial: string; readonly validate?: (answer: string) => string | undefined }) => Promise<string | undefined>;
  readonly confirm: (message: string) => Promise<boolean | undefined>;
  /** A titled block of output (summary, plan, script). */
  readonly note: (title: string, body: string) => void;
  readonly info: (line: string) => void;
  readonly error: (line: string) => void;
  readonly done: (line: string) => void;
}
