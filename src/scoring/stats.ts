/** Small summary statistics over float64 values; null for an empty sample. */

export function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Median; the mean of the two middle values for an even count. */
export function median(xs: ArrayLike<number>): number | null {
  const n = xs.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(xs).sort();
  const mid = n >>> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
