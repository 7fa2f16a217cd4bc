/**
 * A count with thousands separators, as `n.toLocaleString('en-US')` prints it for integers
 * (`1234567` → `1,234,567`), without touching Intl: the first Intl call loads ICU data, about
 * 20 ms of CLI start-up (issue 11).
 */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const [int, frac] = String(Math.abs(n)).split('.') as [string, string | undefined];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${frac === undefined ? '' : `.${frac}`}`;
}
