/**
 * Calibration: how the labels a broker printed compare with the labels its picks realized on
 * the broker's own scale at the verdict horizon. Rows are printed labels (买入, 增持 …); picks
 * without a printed rating get a row named after their stance in parentheses ("(recommend)")
 * with `printed: false`, so that a broker that rates nothing still shows where its
 * recommendations landed. Columns are realized labels, most positive first.
 */
export interface CalibrationRow {
  predicted: string;
  printed: boolean;
  /** Realized label → number of picks. */
  counts: Record<string, number>;
  n: number;
  /** Picks that realized exactly the printed label, with the row's N. */
  agreement: { count: number; n: number; rate: number | null };
}

export interface CalibrationMatrix {
  columns: string[];
  rows: CalibrationRow[];
  n: number;
}

export interface CalibrationEntry {
  predicted: string;
  printed: boolean;
  realized: string;
}

/**
 * Builds the matrix. `rank` orders labels (higher = more positive; e.g. the band's lower
 * bound); labels without a rank go last, in order of appearance.
 */
export function calibrationMatrix(
  entries: Iterable<CalibrationEntry>,
  rank: (label: string) => number | undefined = () => undefined,
): CalibrationMatrix {
  const tally = new CalibrationTally();
  let i = 0;
  for (const e of entries) tally.add(e, i++);
  return tally.matrix(rank);
}

/**
 * Counts calibration entries as they come, in any order: each entry is added with its position
 * (a pick's id), and labels without a rank are ordered by the first position they appear at, so
 * the matrix is the same whichever order the picks are added in.
 */
export class CalibrationTally {
  private readonly rows = new Map<
    string,
    { predicted: string; printed: boolean; counts: Map<string, number>; n: number }
  >();
  /** Label → [position, 0 for a printed label, 1 for a realized one] where it first appears. */
  private readonly firstSeen = new Map<string, [number, number]>();
  private n = 0;

  add(e: CalibrationEntry, position: number): void {
    const key = e.printed ? e.predicted : `(${e.predicted})`;
    let row = this.rows.get(key);
    if (!row) {
      row = { predicted: key, printed: e.printed, counts: new Map(), n: 0 };
      this.rows.set(key, row);
    }
    row.counts.set(e.realized, (row.counts.get(e.realized) ?? 0) + 1);
    row.n++;
    this.n++;
    if (e.printed) this.note(e.predicted, position, 0);
    this.note(e.realized, position, 1);
  }

  matrix(rank: (label: string) => number | undefined = () => undefined): CalibrationMatrix {
    const seen = [...this.firstSeen].sort((a, b) => a[1][0] - b[1][0] || a[1][1] - b[1][1]).map(([label]) => label);
    const order = (labels: string[]) =>
      labels
        .map((label, i) => ({ label, i, r: rank(label) }))
        .sort((a, b) => {
          if (a.r !== undefined && b.r !== undefined && a.r !== b.r) return b.r - a.r;
          if (a.r === undefined && b.r !== undefined) return 1;
          if (a.r !== undefined && b.r === undefined) return -1;
          return a.i - b.i;
        })
        .map((x) => x.label);
    const columns = order(seen);
    const rows: CalibrationRow[] = [...this.rows.values()].map((r) => {
      const counts = Object.fromEntries(columns.map((c) => [c, r.counts.get(c) ?? 0]));
      const agree = r.printed ? (counts[r.predicted] ?? 0) : 0;
      return {
        predicted: r.predicted,
        printed: r.printed,
        counts,
        n: r.n,
        agreement: { count: agree, n: r.printed ? r.n : 0, rate: r.printed && r.n > 0 ? agree / r.n : null },
      };
    });
    const printedFirst = rows.sort((a, b) => {
      if (a.printed !== b.printed) return a.printed ? -1 : 1;
      return columns.indexOf(a.predicted) - columns.indexOf(b.predicted) || a.predicted.localeCompare(b.predicted);
    });
    return { columns, rows: printedFirst, n: this.n };
  }

  private note(label: string, position: number, sub: number): void {
    const at = this.firstSeen.get(label);
    if (at === undefined || position < at[0] || (position === at[0] && sub < at[1]))
      this.firstSeen.set(label, [position, sub]);
  }
}
