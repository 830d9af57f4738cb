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
  const rows = new Map<string, CalibrationRow>();
  const seen: string[] = [];
  const note = (label: string) => {
    if (!seen.includes(label)) seen.push(label);
  };
  let n = 0;
  for (const e of entries) {
    const key = e.printed ? e.predicted : `(${e.predicted})`;
    let row = rows.get(key);
    if (!row) {
      row = { predicted: key, printed: e.printed, counts: {}, n: 0, agreement: { count: 0, n: 0, rate: null } };
      rows.set(key, row);
    }
    row.counts[e.realized] = (row.counts[e.realized] ?? 0) + 1;
    row.n++;
    n++;
    if (e.printed) note(e.predicted);
    note(e.realized);
  }
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
  for (const row of rows.values()) {
    const counts = row.counts;
    row.counts = Object.fromEntries(columns.map((c) => [c, counts[c] ?? 0]));
    const agree = row.printed ? (row.counts[row.predicted] ?? 0) : 0;
    row.agreement = { count: agree, n: row.printed ? row.n : 0, rate: row.printed && row.n > 0 ? agree / row.n : null };
  }
  const printedFirst = [...rows.values()].sort((a, b) => {
    if (a.printed !== b.printed) return a.printed ? -1 : 1;
    return columns.indexOf(a.predicted) - columns.indexOf(b.predicted) || a.predicted.localeCompare(b.predicted);
  });
  return { columns, rows: printedFirst, n };
}
