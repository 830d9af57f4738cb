import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Bar } from "../../src/domain/types.js";
import { paths } from "../../src/paths.js";
import { isoOf } from "../../src/scoring/days.js";
import { PriceBook } from "../../src/scoring/priceBook.js";
import { BarPacks, foldAfter } from "../../src/store/barPacks.js";
import { loadPriceBook, refreshSymbols } from "../../src/store/barSeries.js";
import { BarsRepo } from "../../src/store/bars.js";
import { type Db, openDatabase } from "../../src/store/database.js";
import { tempDir } from "../helpers/tempDir.js";

/** Weekdays from `from` on, `n` of them, as YYYY-MM-DD. */
function weekdays(from: string, n: number): string[] {
  const out: string[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  while (out.length < n) {
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

const bar = (date: string, open: number, close: number, adjclose: number): Bar => ({
  date,
  open,
  high: null,
  low: null,
  close,
  adjclose,
  volume: null,
});

/**
 * Two and a half years of a stock with a 2-for-1 split (adjclose halves the earlier closes),
 * cash dividends (adjclose a little under close), and bars that cannot be valued: close 0,
 * adjclose 0, a negative adjclose, and an open of 0 (taken at the adjusted close).
 */
function history(dates: readonly string[]): Bar[] {
  return dates.map((date, i) => {
    const close = 10 + (i % 17) * 0.37 + i / 100;
    const factor = date < "2024-06-03" ? 0.5 * 0.97 : date < "2025-03-03" ? 0.98 : 1;
    if (i % 97 === 5) return bar(date, close, 0, 0);
    if (i % 89 === 7) return bar(date, close, close, -1);
    if (i % 83 === 11) return bar(date, close, 0, close);
    return bar(date, i % 61 === 3 ? 0 : close - 0.13, close, close * factor);
  });
}

/** The book built from the rows alone, as the store was read before it had packs. */
function fromRows(db: Db): PriceBook {
  const rows = db
    .prepare("SELECT symbol, date, open, high, low, close, adjclose, volume FROM bars ORDER BY symbol, date")
    .all() as (Bar & { symbol: string })[];
  return PriceBook.fromBars(rows);
}

/**
 * Every symbol, every bar, every value the same bits (Object.is), and the same symbols (a symbol
 * with no bar that can be valued has no series in a book read from the store).
 */
function expectSameBits(actual: PriceBook, expected: PriceBook): void {
  const symbols = expected.symbols().filter((s) => (expected.series(s)?.days.length ?? 0) > 0);
  expect([...actual.symbols()].sort()).toEqual([...symbols].sort());
  for (const symbol of symbols) {
    const a = actual.series(symbol);
    const e = expected.series(symbol);
    expect(a?.days.length, symbol).toBe(e?.days.length);
    const n = e?.days.length ?? 0;
    let differing = 0;
    for (let i = 0; i < n; i++) {
      if (a?.days[i] !== e?.days[i] || !Object.is(a?.open[i], e?.open[i]) || !Object.is(a?.close[i], e?.close[i]))
        differing++;
    }
    expect(differing, symbol).toBe(0);
  }
}

function packedTo(db: Db, symbol: string): { date: string; stale: number } | undefined {
  return db.prepare("SELECT date, stale FROM bar_packed_to WHERE symbol = ?").get(symbol) as
    | { date: string; stale: number }
    | undefined;
}

describe("bar packs", () => {
  const dates = weekdays("2023-07-03", 660); // into 2026
  const last = dates.at(-1) as string;

  function store(): { db: Db; bars: BarsRepo } {
    const db = openDatabase(":memory:");
    const bars = new BarsRepo(db);
    bars.writeSymbol("600001.SS", history(dates.slice(0, 600)), "csv");
    bars.writeSymbol("600002.SS", history(dates.slice(100, 600)).reverse(), "csv");
    // Every bar of this one cannot be valued: it has rows and no series.
    bars.writeSymbol("600003.SS", [bar(dates[0] as string, 1, 0, 0), bar(dates[1] as string, 1, 1, 0)], "csv");
    return { db, bars };
  }

  it("a written history is packed per calendar year, each pack holding that year's series bit for bit", () => {
    const { db } = store();
    expect(packedTo(db, "600001.SS")).toEqual({ date: dates[599], stale: 0 });
    const years = db
      .prepare("SELECT year, bars FROM bar_packs WHERE symbol = '600001.SS' ORDER BY year")
      .raw()
      .all() as [number, number][];
    const expected = fromRows(db).series("600001.SS");
    if (!expected) throw new Error("no series");
    const perYear = new Map<number, number>();
    for (const d of expected.days) {
      const y = Number(isoOf(d).slice(0, 4));
      perYear.set(y, (perYear.get(y) ?? 0) + 1);
    }
    expect(years).toEqual([...perYear]);
    expect(years.map(([y]) => y)).toEqual([2023, 2024, 2025]);
    // The packs alone (nothing after them) are the series.
    expect(new BarPacks(db).parts("600001.SS")).toHaveLength(3);
    expectSameBits(loadPriceBook(db), fromRows(db));
    expect(loadPriceBook(db).series("600003.SS")).toBeNull();
  });

  it("reads the packs, not the rows, for a symbol whose packs are current", () => {
    const { db } = store();
    const first = loadPriceBook(db).series("600001.SS");
    // Rewrite the first pack's first adjusted close behind the triggers' back: only a reader of
    // the packs sees it.
    const blob = db
      .prepare("SELECT close FROM bar_packs WHERE symbol = '600001.SS' AND year = 2023")
      .pluck()
      .get() as Buffer;
    const close = new Float64Array(new Uint8Array(blob).buffer);
    close[0] = 12345.5;
    db.prepare("UPDATE bar_packs SET close = ? WHERE symbol = '600001.SS' AND year = 2023").run(
      Buffer.from(close.buffer),
    );
    const book = loadPriceBook(db);
    expect(book.series("600001.SS")?.close[0]).toBe(12345.5);
    expect(book.series("600001.SS")?.close[1]).toBe(first?.close[1]);
  });

  it("new days after the packs are read as rows until a write folds them in, across a new year", () => {
    const { db, bars } = store();
    // Day by day, as the price sync writes them (the last stored days again, then the new one).
    const fold = foldAfter("600001.SS");
    expect(fold).toBeGreaterThanOrEqual(10);
    expect(fold).toBeLessThan(30);
    for (let i = 600; i < 600 + fold - 1; i++) {
      const again = history(dates.slice(0, i + 1)).slice(-3);
      expect(bars.writeSymbol("600001.SS", again, "yahoo")).toBe(1);
    }
    // Not folded yet: the packs end where they did, the days after come from the rows.
    expect(packedTo(db, "600001.SS")).toEqual({ date: dates[599], stale: 0 });
    expectSameBits(loadPriceBook(db), fromRows(db));
    bars.writeSymbol("600001.SS", history(dates).slice(600), "yahoo");
    expect(packedTo(db, "600001.SS")).toEqual({ date: last, stale: 0 });
    expect(last.startsWith("2026")).toBe(true);
    expect(db.prepare("SELECT year FROM bar_packs WHERE symbol = '600001.SS' ORDER BY year").pluck().all()).toEqual([
      2023, 2024, 2025, 2026,
    ]);
    expectSameBits(loadPriceBook(db), fromRows(db));
  });

  it("a revised or deleted packed bar, by BarsRepo or by any other writer, never reads from a stale pack", () => {
    const { db, bars } = store();
    // A dividend restates the whole history's adjusted closes (as a qfq import does).
    const restated = history(dates.slice(0, 600)).map((b) => ({ ...b, adjclose: b.adjclose * 0.9 }));
    expect(bars.writeSymbol("600001.SS", restated, "csv")).toBeGreaterThan(500);
    expect(packedTo(db, "600001.SS")).toEqual({ date: dates[599], stale: 0 });
    expectSameBits(loadPriceBook(db), fromRows(db));

    // Another writer: a revised bar, a deleted one, a bar inserted into the past, an invalid one.
    db.prepare("UPDATE bars SET close = 99, adjclose = 98 WHERE symbol = '600002.SS' AND date = ?").run(dates[300]);
    db.prepare("DELETE FROM bars WHERE symbol = '600001.SS' AND date = ?").run(dates[10]);
    db.prepare(
      "INSERT INTO bars (symbol, date, open, close, adjclose, source) VALUES ('600002.SS', '2023-07-01', 5, 5, 4, 'csv')",
    ).run();
    db.prepare("UPDATE bars SET adjclose = 0 WHERE symbol = '600001.SS' AND date = ?").run(dates[20]);
    expect(new BarPacks(db).stale().sort()).toEqual(["600001.SS", "600002.SS"]);
    const book = loadPriceBook(db);
    expectSameBits(book, fromRows(db));
    expect(book.series("600002.SS")?.close[0]).toBe(4);

    // A writable open packs them again; the packs then match the rows.
    expect(new BarPacks(db).repackStale()).toBe(2);
    expect(packedTo(db, "600002.SS")).toEqual({ date: dates[599], stale: 0 });
    expectSameBits(loadPriceBook(db), fromRows(db));

    // Every row of a symbol deleted: no series, no packs.
    db.prepare("DELETE FROM bars WHERE symbol = '600002.SS'").run();
    expect(loadPriceBook(db).series("600002.SS")).toBeNull();
    new BarPacks(db).repackStale();
    expect(db.prepare("SELECT COUNT(*) FROM bar_packs WHERE symbol = '600002.SS'").pluck().get()).toBe(0);
    expectSameBits(loadPriceBook(db), fromRows(db));
  });

  it("a subset of symbols and a refresh read the same series as the whole book", () => {
    const { db, bars } = store();
    bars.writeSymbol("600002.SS", history(dates.slice(100, 605)).slice(-2), "yahoo");
    const whole = loadPriceBook(db);
    const subset = loadPriceBook(db, { symbols: ["600002.SS", "NONE.SS", "600003.SS"] });
    expect([...subset.symbols()]).toEqual(["600002.SS"]);
    expect(subset.series("600002.SS")).toEqual(whole.series("600002.SS"));
    const book = new PriceBook();
    refreshSymbols(db, book, ["600001.SS", "600002.SS"]);
    expect(book.series("600001.SS")).toEqual(whole.series("600001.SS"));
    expect(book.series("600002.SS")).toEqual(whole.series("600002.SS"));
  });

  it("the migration packs the bars a store held before it, and a read-only open of it reads them right", () => {
    const dir = tempDir("bp-packs-");
    const older = join(dir, "migrations");
    mkdirSync(older);
    for (const f of readdirSync(paths.migrations))
      if (f < "0100") copyFileSync(join(paths.migrations, f), join(older, f));
    const file = join(dir, "store.sqlite");
    const before = openDatabase(file, { migrationsDir: older });
    const insert = before.prepare(
      "INSERT INTO bars (symbol, date, open, high, low, close, adjclose, volume, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'csv')",
    );
    before.transaction(() => {
      for (const b of history(dates))
        insert.run("600001.SS", b.date, b.open, b.high, b.low, b.close, b.adjclose, b.volume);
    })();
    const rowsBook = fromRows(before);
    before.close();

    // Not yet migrated, opened read-only: read from the rows.
    const readOnly = openDatabase(file, { readonly: true });
    expectSameBits(loadPriceBook(readOnly), rowsBook);
    expect(new BarsRepo(readOnly).count("600001.SS")).toBe(dates.length);
    readOnly.close();

    const db = openDatabase(file);
    expect(packedTo(db, "600001.SS")).toEqual({ date: last, stale: 0 });
    expect(db.prepare("SELECT COUNT(*) FROM bar_packs").pluck().get()).toBe(4);
    expectSameBits(loadPriceBook(db), rowsBook);
    db.close();
  });
});
