/** The `#SBATCH --time` of a recipe without `slurm.time_limit` (and no cluster `default_time_limit`). */
export const DEFAULT_TIME_LIMIT = '01:00:00';

/**
 * Seconds of a SLURM time limit (`sbatch --time` formats: `M`, `M:S`, `H:M:S`, `D-H`,
 * `D-H:M`, `D-H:M:S`); `undefined` for `UNLIMITED`/`INFINITE`, `-1` and anything SLURM
 * would not read as a limit (SLURM itself reports those at submission).
 *
 * @example parseSlurmTimeLimit('04:00:00') // 14400
 */
export function parseSlurmTimeLimit(text: string): number | undefined {
  const m = /^\s*(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?\s*$/.exec(text);
  if (m === null) return undefined;
  const [, days, a, b, c] = m;
  const n = (x: string | undefined): number => (x === undefined ? 0 : Number(x));
  if (days !== undefined) return n(days) * 86_400 + n(a) * 3600 + n(b) * 60 + n(c);
  if (c !== undefined) return n(a) * 3600 + n(b) * 60 + n(c);
  return n(a) * 60 + n(b);
}
