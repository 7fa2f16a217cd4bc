/**
 * A shell-style pattern as Python's `fnmatch.fnmatchcase` reads it: `*`, `?`, `[seq]`,
 * `[!seq]`; case-sensitive; the whole string must match.
 *
 * @example fnmatchRegExp('*mtp*').test('override_mtp3') // → true
 */
export function fnmatchRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '!') j += 1;
      if (pattern[j] === ']') j += 1;
      const end = pattern.indexOf(']', j);
      if (end === -1) re += '\\[';
      else {
        let body = pattern.slice(i + 1, end);
        body = body.startsWith('!') ? `^${body.slice(1)}` : body;
        re += `[${body.replaceAll('\\', '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}
