import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { paths } from "../../src/paths.js";
import { isoOf } from "../../src/scoring/days.js";
import { priceBookFromCsv } from "../../src/scoring/priceBookCsv.js";
import { loadPriceBook, refreshSymbols } from "../../src/store/barSeries.js";
import { openDatabase } from "../../src/store/database.js";

describe("bars from SQLite into a price book", () => {
  const csv = readFileSync(paths.seedPrices, "utf8");
  const db = openDatabase(":memory:");
  const insert = db.prepare(
    "INSERT INTO bars (symbol, date, open, high, low, close, adjclose, volume, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'csv')",
  );
  const num = (s: string | undefined) => (s === undefined || s === "" ? null : Number(s));
  db.transaction(() => {
    // Inserted in reverse, so the reader's ORDER BY is what sorts them.
    for (const line of csv.trim().split("\n").slice(1).reverse()) {
      const [symbol, date, open, high, low, close, adjclose, volume] = line.split(",");
      insert.run(symbol, date, num(open), num(high), num(low), num(close), num(adjclose), num(volume));
    }
  })();

  it("reads every bar, identical to the book built from the CSV", () => {
    const fromDb = loadPriceBook(db);
    const fromCsv = priceBookFromCsv(csv);
    expect(fromDb.barCount).toBe(30712);
    expect([...fromDb.symbols()].sort()).toEqual([...fromCsv.symbols()].sort());
    for (const symbol of fromCsv.symbols()) expect(fromDb.series(symbol)).toEqual(fromCsv.series(symbol));
  });

  it("reads only the symbols asked for", () => {
    const book = loadPriceBook(db, { symbols: ["688111.SS", "000300.SS", "NOPE.SS", "688111.SS"] });
    expect([...book.symbols()]).toEqual(["688111.SS", "000300.SS"]);
    expect(book.barCount).toBe(457 + 727);
  });

  it("refreshes only the named symbols after a sync", () => {
    const book = loadPriceBook(db);
    const other = book.series("688111.SS");
    db.prepare("DELETE FROM bars WHERE symbol = '300280.SZ' AND date > '2025-10-10'").run();
    db.prepare(
      "INSERT INTO bars (symbol, date, open, close, adjclose, source) VALUES ('NEW.SS', '2025-01-02', 1, 1, 1, 'csv')",
    ).run();
    // Each changed symbol with the first day its series differs (300280.SZ lost its 2025-10-13 bar);
    // 688111.SS, re-read unchanged, is not reported.
    const changed = refreshSymbols(db, book, ["300280.SZ", "NEW.SS", "300280.SZ", "688111.SS"]);
    expect([...changed].map(([s, d]) => [s, isoOf(d)])).toEqual([
      ["300280.SZ", "2025-10-13"],
      ["NEW.SS", "2025-01-02"],
    ]);
    expect(isoOf(book.lastDay("300280.SZ") ?? 0)).toBe("2025-10-10");
    expect(book.series("NEW.SS")?.close[0]).toBe(1);
    expect(book.series("688111.SS")).toBe(other);
    expect(book.barCount).toBe(30712 - 1 + 1);
  });

  it("reads only the changed tail when the sync says where its changes start, with the same result as a full read", () => {
    const book = loadPriceBook(db);
    const before = book.series("688111.SS");
    // A revised last bar and a new day, as an incremental sync writes them.
    db.prepare("UPDATE bars SET close = 320, adjclose = 320 WHERE symbol = '688111.SS' AND date = '2025-11-21'").run();
    db.prepare(
      "INSERT INTO bars (symbol, date, open, close, adjclose, source) VALUES ('688111.SS', '2025-11-24', 321, 322, 322, 'yahoo')",
    ).run();
    const changed = refreshSymbols(db, book, ["688111.SS"], new Map([["688111.SS", "2025-11-21"]]));
    expect([...changed].map(([s, d]) => [s, isoOf(d)])).toEqual([["688111.SS", "2025-11-21"]]);
    const full = loadPriceBook(db, { symbols: ["688111.SS"] }).series("688111.SS");
    expect(book.series("688111.SS")).toEqual(full);
    expect(book.series("688111.SS")?.days.length).toBe((before?.days.length ?? 0) + 1);
    expect(book.series("688111.SS")?.close.at(-2)).toBe(320);
    expect(isoOf(book.lastDay("688111.SS") ?? 0)).toBe("2025-11-24");
    // A start before everything held reads the whole history.
    refreshSymbols(db, book, ["688111.SS"], new Map([["688111.SS", "2020-01-01"]]));
    expect(book.series("688111.SS")).toEqual(full);
  });
});
