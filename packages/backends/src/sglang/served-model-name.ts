import { lastComponent } from '@srt/core';

/** Python `Path(p).name`: the last component, trailing slashes ignored (core's `lastComponent`). */
export function lastPathComponent(path: string): string {
  return lastComponent(path);
}
