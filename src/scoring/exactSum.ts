/**
 * A sum of float64 values that is exact until the one final rounding (Shewchuk's partials, as
 * Python's math.fsum): the result is the correctly rounded sum whatever order the values come
 * in. Scorecards are summed as picks stream past symbol by symbol, and a mean must not depend on
 * that order (nor lose digits over ten million picks).
 */
export class ExactSum {
  private partials: number[] = [];
  private count = 0;

  add(x: number): void {
    const p = this.partials;
    let i = 0;
    for (let j = 0; j < p.length; j++) {
      let y = p[j] as number;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    p.length = i;
    p.push(x);
    this.count++;
  }

  get n(): number {
    return this.count;
  }

  /** The correctly rounded sum (0 when empty). */
  value(): number {
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n] as number;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n] as number;
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    // Round half-even across the remaining partials, as fsum does.
    if (n > 0 && ((lo < 0 && (p[n - 1] as number) < 0) || (lo > 0 && (p[n - 1] as number) > 0))) {
      const y = lo * 2;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
    return hi;
  }

  /** The mean, or null when nothing was added. */
  mean(): number | null {
    return this.count === 0 ? null : this.value() / this.count;
  }
}

/** The correctly rounded mean of the values (null for none), independent of their order. */
export function exactMean(xs: Iterable<number>): number | null {
  const s = new ExactSum();
  for (const x of xs) s.add(x);
  return s.mean();
}
