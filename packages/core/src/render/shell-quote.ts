const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quote one word for a POSIX shell, as Python's `shlex.quote` does: safe words stay as
 * they are, the empty string becomes `''`, anything else is single-quoted with each `'`
 * written as `'"'"'`. Nothing inside single quotes is expanded, so no value can inject shell.
 *
 * @example shellQuote("it's") // → 'it'"'"'s'
 */
export function shellQuote(word: string): string {
  if (word === '') return "''";
  if (SAFE.test(word)) return word;
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}

/**
 * Quote each word and join with one space (`shlex.join`).
 *
 * @example shellJoin(['echo', 'a b', '$HOME']) // → echo 'a b' '$HOME'
 */
export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** A name `export NAME=…` accepts as is: a letter or `_`, then letters, digits and `_`. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
