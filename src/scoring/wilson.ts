/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for `successes` out of `n` (95% by default). Unlike the normal
 * approximation it stays inside [0, 1] and is honest for small N, which is what most
 * analysts' track records are. Null when n is 0: no rate, no interval.
 */
export function wilsonInterval(successes: number, n: number, z: number = Z95): Interval | null {
  if (!(n > 0)) return null;
  if (successes < 0 || successes > n) throw new RangeError(`successes ${successes} outside 0..${n}`);
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Exact at the ends: 0 of n has low 0, n of n has high 1 (no float dust).
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === n ? 1 : Math.min(1, centre + half),
  };
}
