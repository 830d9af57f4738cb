import type { Statement } from "better-sqlite3";
import type { IsoDate } from "../domain/types.js";
import { civilFromDay, dayFromCivil, dayOf } from "../scoring/days.js";
import { concatSeries, type PriceSeries, SeriesBuilder } from "../scoring/priceBook.js";
import type { Db } from "./database.js";

/**
 * Bar packs: each symbol's bars stored as the series a PriceBook holds (migration 0100), so the
 * scorer reads a symbol in one step instead of row by row: the 2.3 M bars of the whole market
 * read in ~0.2 s instead of ~1.6 s (a covering index over the rows read no faster).
 *
 * Layout. `bar_packs` holds one row per symbol and calendar year: the valuable bars (a positive,
 * finite adjusted close and a positive close), in date order, as three little-endian BLOBs that
 * the reader wraps as typed arrays without parsing a bar: `days` Int32 day numbers, `open`
 * Float64 adjusted opens (open × adjclose / close), `close` Float64 adjusted closes, and `bars`
 * their length. `bar_packed_to` says per symbol up to which date its rows are packed; the rows
 * after that date (the last few days) are read as rows and appended. A symbol's series is its
 * packs, oldest year first, then that tail.
 *
 * In step with the rows. The rows in `bars` stay the record; the packs are derived from them in
 * the same transaction. A trigger on `bars` marks a symbol `stale` when a row at or before its
 * packed date is inserted, changed or deleted, whatever wrote it (BarsRepo, a tool, an older
 * version of this program); a reader takes a stale symbol from its rows alone, so a pack never
 * answers for rows it does not match. BarsRepo packs a stale symbol again before its transaction
 * commits, and folds its tail into the packs once it has a few weeks of rows (foldAfter); openDatabase packs any
 * symbol left stale when it opens the store for writing. A new day written after the packed
 * rows touches neither table, so the price sync writes what it wrote before. A store without
 * the tables (not yet migrated, opened read-only) is read from its rows throughout.
 */

type BarRow = [date: IsoDate, open: number, close: number, adjclose: number];
type PackRow = [bars: number, days: Buffer, open: Buffer, close: Buffer];
type PackedTo = [date: IsoDate | "", stale: 0 | 1];

/** One symbol's bars as a series needs them, in date order (the primary key's). */
export const SERIES_SQL = "SELECT date, open, close, adjclose FROM bars WHERE symbol = ? ORDER BY date";

/**
 * Rows after the packed date at which a write folds them into the packs: between 10 and 29 (two
 * to six weeks of trading days), by symbol, so that symbols written day by day together fold on
 * different days and no day's price sync rewrites every pack.
 */
export function foldAfter(symbol: string): number {
  let h = 0;
  for (let i = 0; i < symbol.length; i++) h = (h * 31 + symbol.charCodeAt(i)) >>> 0;
  return 10 + (h % 20);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Whether the store has bar packs (migration 0100 applied). */
export function hasBarPacks(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'bar_packs'").get() !== undefined;
}

/** A BLOB's bytes as a typed array, copied only when the bytes are not aligned for it. */
function view<T extends Int32Array | Float64Array>(
  blob: Buffer,
  n: number,
  make: (b: ArrayBufferLike, offset: number, length: number) => T,
  size: number,
): T {
  if (blob.byteLength !== n * size) throw new Error(`a bar pack BLOB of ${blob.byteLength} bytes for ${n} bars`);
  if (blob.byteOffset % size === 0) return make(blob.buffer, blob.byteOffset, n);
  const copy = new Uint8Array(blob);
  return make(copy.buffer, 0, n);
}

function unpack([n, days, open, close]: PackRow): PriceSeries {
  return {
    days: view(days, n, (b, o, l) => new Int32Array(b, o, l), 4),
    open: view(open, n, (b, o, l) => new Float64Array(b, o, l), 8),
    close: view(close, n, (b, o, l) => new Float64Array(b, o, l), 8),
  };
}

const bytes = (a: Int32Array | Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Joins consecutive parts of a series (a symbol's packs, oldest first, then its tail) into one. */
export function joined(parts: readonly PriceSeries[]): PriceSeries {
  return parts.length === 1 ? (parts[0] as PriceSeries) : concatSeries(parts);
}

/** A series cut into calendar years: [year, part] ascending, the parts views on the series. */
function byYear(s: PriceSeries): [number, PriceSeries][] {
  const out: [number, PriceSeries][] = [];
  let from = 0;
  while (from < s.days.length) {
    const year = civilFromDay(s.days[from] as number)[0];
    const next = dayFromCivil(year + 1, 1, 1);
    let to = from;
    while (to < s.days.length && (s.days[to] as number) < next) to++;
    out.push([
      year,
      { days: s.days.subarray(from, to), open: s.open.subarray(from, to), close: s.close.subarray(from, to) },
    ]);
    from = to;
  }
  return out;
}

/** Rows as SeriesBuilder builds a series of them (valuable bars only, adjusted). */
function seriesOf(rows: readonly BarRow[]): PriceSeries {
  const b = new SeriesBuilder(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as BarRow;
    b.add(dayOf(r[0]), r[1], r[2], r[3]);
  }
  return b.finish();
}

/** Reads and writes the bar packs of one database connection. */
export class BarPacks {
  private readonly rowsStmt: Statement<[string]>;
  private readonly tailStmt: Statement<[string, string]>;
  private readonly tailCountStmt: Statement<[string, string], number>;
  private readonly packsStmt: Statement<[string]>;
  private readonly lastPackStmt: Statement<[string]>;
  private readonly packedToStmt: Statement<[string]>;
  private readonly symbolsStmt: Statement<[], string>;
  private readonly staleStmt: Statement<[], string>;
  private readonly putStmt: Statement<[string, number, number, Buffer, Buffer, Buffer]>;
  private readonly dropStmt: Statement<[string]>;
  private readonly setPackedToStmt: Statement<[string, string]>;

  constructor(private readonly db: Db) {
    // The BLOBs are the typed arrays' bytes; a big-endian machine would read them wrongly.
    if (!LITTLE_ENDIAN) throw new Error("bar packs are little-endian; this machine is big-endian");
    this.rowsStmt = db.prepare<[string]>(SERIES_SQL).raw(true);
    this.tailStmt = db
      .prepare<[string, string]>(
        "SELECT date, open, close, adjclose FROM bars WHERE symbol = ? AND date > ? ORDER BY date",
      )
      .raw(true);
    this.tailCountStmt = db
      .prepare<[string, string], number>("SELECT COUNT(*) FROM bars WHERE symbol = ? AND date > ?")
      .pluck();
    this.packsStmt = db
      .prepare<[string]>("SELECT bars, days, open, close FROM bar_packs WHERE symbol = ? ORDER BY year")
      .raw(true);
    this.lastPackStmt = db
      .prepare<[string]>(
        "SELECT year, bars, days, open, close FROM bar_packs WHERE symbol = ? ORDER BY year DESC LIMIT 1",
      )
      .raw(true);
    this.packedToStmt = db.prepare<[string]>("SELECT date, stale FROM bar_packed_to WHERE symbol = ?").raw(true);
    this.symbolsStmt = db.prepare<[], string>("SELECT symbol FROM bar_packed_to ORDER BY symbol").pluck();
    this.staleStmt = db.prepare<[], string>("SELECT symbol FROM bar_packed_to WHERE stale = 1").pluck();
    this.putStmt = db.prepare<[string, number, number, Buffer, Buffer, Buffer]>(
      `INSERT INTO bar_packs (symbol, year, bars, days, open, close) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (symbol, year) DO UPDATE SET
         bars = excluded.bars, days = excluded.days, open = excluded.open, close = excluded.close`,
    );
    this.dropStmt = db.prepare<[string]>("DELETE FROM bar_packs WHERE symbol = ?");
    this.setPackedToStmt = db.prepare<[string, string]>(
      `INSERT INTO bar_packed_to (symbol, date, stale) VALUES (?, ?, 0)
       ON CONFLICT (symbol) DO UPDATE SET date = excluded.date, stale = 0`,
    );
  }

  /** Every symbol the store has held bars of, ascending (one whose rows were all deleted included). */
  symbols(): string[] {
    return this.symbolsStmt.all();
  }

  /** Symbols whose packs do not match their rows until they are packed again (usually none). */
  stale(): string[] {
    return this.staleStmt.all();
  }

  /**
   * A symbol's series in consecutive parts, oldest first: its packs (views on their BLOBs,
   * read-only by convention) and the rows after them; all its rows when it is stale. Empty
   * when it has no bar that can be valued.
   */
  parts(symbol: string): PriceSeries[] {
    const to = this.packedToStmt.get(symbol) as PackedTo | undefined;
    const parts: PriceSeries[] = [];
    if (to === undefined || to[1] === 1) {
      parts.push(seriesOf(this.rowsStmt.all(symbol) as BarRow[]));
    } else {
      if (to[0] !== "") for (const row of this.packsStmt.all(symbol) as PackRow[]) parts.push(unpack(row));
      parts.push(seriesOf(this.tailStmt.all(symbol, to[0]) as BarRow[]));
    }
    return parts.filter((p) => p.days.length > 0);
  }

  /**
   * Brings a symbol's packs up to date after its rows were written, inside the writing
   * transaction: packs it again when a packed row changed, folds its unpacked rows in once there
   * are foldAfter(symbol) of them, else leaves it (the new rows are read as its tail).
   */
  keep(symbol: string): void {
    const to = this.packedToStmt.get(symbol) as PackedTo | undefined;
    if (to === undefined || to[1] === 1) this.repack(symbol);
    else if ((this.tailCountStmt.get(symbol, to[0]) ?? 0) >= foldAfter(symbol)) this.fold(symbol, to[0]);
  }

  /** Packs a symbol again from all its rows. Call inside a write transaction. */
  repack(symbol: string): void {
    this.dropStmt.run(symbol);
    const rows = this.rowsStmt.all(symbol) as BarRow[];
    for (const [year, part] of byYear(seriesOf(rows))) this.put(symbol, year, part);
    this.setPackedToStmt.run(symbol, rows.at(-1)?.[0] ?? "");
  }

  /** Packs every symbol left stale, a few hundred to a transaction. Returns how many. */
  repackStale(): number {
    const names = this.stale();
    const batch = this.db.transaction((symbols: string[]) => {
      for (const s of symbols) this.repack(s);
    });
    for (let i = 0; i < names.length; i += 500) batch(names.slice(i, i + 500));
    return names.length;
  }

  /** Appends the rows after `packedTo` to the packs: only the last year's pack is rewritten. */
  private fold(symbol: string, packedTo: IsoDate | ""): void {
    const rows = this.tailStmt.all(symbol, packedTo) as BarRow[];
    const added = seriesOf(rows);
    const last = this.lastPackStmt.get(symbol) as [number, ...PackRow] | undefined;
    for (const [year, part] of byYear(added)) {
      if (last !== undefined && last[0] === year) {
        const [, ...held] = last;
        this.put(symbol, year, joined([unpack(held), part]));
      } else this.put(symbol, year, part);
    }
    const through = rows.at(-1)?.[0];
    if (through !== undefined) this.setPackedToStmt.run(symbol, through);
  }

  private put(symbol: string, year: number, s: PriceSeries): void {
    this.putStmt.run(symbol, year, s.days.length, bytes(s.days), bytes(s.open), bytes(s.close));
  }
}
