import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { pricesCli } from "../../src/cli/prices.js";
import { silentLogger } from "../../src/logger.js";
import { parsePriceCsv } from "../../src/prices/csv.js";
import { IMPORT_PROBLEMS_KEPT, importPriceFiles } from "../../src/prices/import.js";
import { BarsRepo } from "../../src/store/bars.js";
import { type Db, openDatabase } from "../../src/store/database.js";
import { tempDir } from "../helpers/tempDir.js";

const HEADER = "symbol,date,open,high,low,close,adjclose,volume";
const SYMBOLS = Array.from({ length: 60 }, (_, i) => `${600000 + i}.SS`);
/** 500 weekdays from 2020-01-01. */
const DATES = (() => {
  const out: string[] = [];
  for (let t = Date.UTC(2020, 0, 1); out.length < 500; t += 86_400_000) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
})();

/**
 * 30,000 good rows ordered by date, then symbol (each symbol's rows spread over the whole file),
 * three bad rows in the middle and, on the last line, a second row for the first symbol's sixth
 * date with another close.
 */
function marketText(): { text: string; firstOfDuplicate: number; lastLine: number } {
  const lines = [HEADER];
  DATES.forEach((date, d) => {
    SYMBOLS.forEach((symbol, s) => {
      const close = 10 + ((s * 7 + d) % 50) / 10;
      lines.push(
        `${symbol},${date},${close - 0.1},${close + 0.2},${close - 0.3},${close},${close / 2},${1000 + s + d}`,
      );
    });
    if (d === 250) {
      lines.push(`600001.SS,2020-02-31,1,1,1,1,1,1`);
      lines.push(`600002.SS,${date},1,1,1,-1,-1,1`);
      lines.push(`600003.SS,${date},x,1,1,1,1,1`);
    }
  });
  lines.push(`600000.SS,${DATES[5]},99,99,99,99,99,99`);
  // Line 1 is the header; the first symbol's sixth date is the 5 * 60 + 1-th data row.
  return { text: `${lines.join("\n")}\n`, firstOfDuplicate: 5 * 60 + 2, lastLine: lines.length };
}

function allBars(db: Db): unknown[] {
  return db.prepare("SELECT * FROM bars ORDER BY symbol, date").raw(true).all();
}

function marks(db: Db): string[] {
  return db
    .prepare("SELECT DISTINCT subject FROM score_marks WHERE kind = 'bars' ORDER BY subject")
    .pluck()
    .all() as string[];
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("a price file larger than many batches", () => {
  it("imports bar for bar and count for count as one batch does, spread symbols and a duplicate across batches included", async () => {
    const dir = tempDir("bp-stream-");
    const { text, firstOfDuplicate, lastLine } = marketText();
    const file = join(dir, "market.csv.gz");
    writeFileSync(file, gzipSync(text));
    const writes = vi.spyOn(BarsRepo.prototype, "writeBatch");

    const streamed = openDatabase(":memory:");
    const small = await importPriceFiles(streamed, file, { batchRows: 1000 });
    // 30,000 good rows: 30 transactions of 1,000.
    expect(writes).toHaveBeenCalledTimes(30);
    writes.mockClear();
    const whole = openDatabase(":memory:");
    const one = await importPriceFiles(whole, file, { batchRows: 1_000_000 });
    expect(writes).toHaveBeenCalledTimes(1);

    expect(small).toEqual(one);
    expect(small.rows).toBe(30_004);
    expect(small.symbols).toBe(60);
    expect(small.written).toBe(30_000);
    expect(small.changedSymbols).toEqual(SYMBOLS);
    expect(small.problemCount).toBe(4);
    // The first row of a (symbol, date) is kept; the repeat, 29,700 rows later, names its line.
    expect(small.problems.map((p) => [p.line, p.message])).toEqual([
      [251 * 60 + 2, 'bad date "2020-02-31"'],
      [251 * 60 + 3, "close must be positive, got -1"],
      [251 * 60 + 4, 'bad open "x"'],
      [lastLine, `duplicate of line ${firstOfDuplicate} (600000.SS ${DATES[5]})`],
    ]);
    expect(small.files).toEqual([
      {
        file: "market.csv.gz",
        layout: "long",
        rows: 30_004,
        symbols: 60,
        written: 30_000,
        problems: small.problems,
        problemCount: 4,
      },
    ]);

    const bars = allBars(streamed);
    expect(bars).toHaveLength(30_000);
    expect(bars).toEqual(allBars(whole));
    expect(new BarsRepo(streamed).between("600000.SS", DATES[5] as string, DATES[5] as string)).toEqual([
      { date: DATES[5], open: 10.4, high: 10.7, low: 10.2, close: 10.5, adjclose: 5.25, volume: 1005 },
    ]);
    // Every symbol written is marked for scoring, as a one-batch import marks it.
    expect(marks(streamed)).toEqual(SYMBOLS);
    expect(marks(whole)).toEqual(SYMBOLS);

    // Again, in batches: nothing changes, nothing is marked again.
    streamed.prepare("DELETE FROM score_marks").run();
    const again = await importPriceFiles(streamed, file, { batchRows: 1000 });
    expect([again.written, again.changedSymbols, marks(streamed)]).toEqual([0, [], []]);
  });
});

describe("a price file with many bad rows", () => {
  const bad = (dir: string) => {
    const lines = [HEADER];
    for (let i = 0; i < 2500; i++) lines.push(`600000.SS,2024-01-02,x${i},1,1,1,1,1`);
    for (let i = 0; i < 10; i++) lines.push(`600000.SS,2024-01-${String(10 + i)},1,1,1,1,1,1`);
    const file = join(dir, "bad.csv");
    writeFileSync(file, `${lines.join("\n")}\n`);
    return file;
  };

  it("keeps the first problems with their lines and counts the rest", async () => {
    const db = openDatabase(":memory:");
    const report = await importPriceFiles(db, bad(tempDir("bp-stream-bad-")));
    expect(IMPORT_PROBLEMS_KEPT).toBe(1000);
    expect(report.problemCount).toBe(2500);
    expect(report.problems).toHaveLength(1000);
    expect(report.problems[0]).toEqual({ file: "bad.csv", line: 2, message: 'bad open "x0"' });
    expect(report.problems[999]).toEqual({ file: "bad.csv", line: 1001, message: 'bad open "x999"' });
    expect(report.files[0]?.problemCount).toBe(2500);
    expect(report.written).toBe(10);
  });

  it("the CLI lists the first 100 and says how many more there were", async () => {
    const dir = tempDir("bp-stream-cli-");
    const out: string[] = [];
    const err: string[] = [];
    const code = await pricesCli(["import", bad(dir)], {
      out: (l) => void out.push(l),
      err: (l) => void err.push(l),
      tty: false,
      env: { BROKERPICKS_DB: join(dir, "store.sqlite"), LOG_LEVEL: "silent" },
      now: () => new Date("2025-11-24T09:00:00Z"),
      logger: silentLogger,
    });
    expect(code).toBe(1);
    expect(out[0]).toBe("bad.csv: long, 2510 rows, 1 symbols, 10 bars written, 2500 bad rows");
    expect(out[1]).toMatch(/^1 files, 1 symbols, 10 bars written, 2500 bad rows skipped, \d+\.\d s$/);
    expect(err).toHaveLength(101);
    expect(err[99]).toBe('bad.csv:101: bad open "x99"');
    expect(err[100]).toBe("… and 2400 more bad rows");
  });
});

describe("price fields", () => {
  it("are read to the very double Number() gives, whatever their form", () => {
    const values = [
      "0.1",
      "13.35",
      "0.3",
      "1.",
      ".5",
      "007.25",
      "99999999999999.9",
      "1234567890123456.7",
      "1e3",
      "2.5E-1",
    ];
    const text = [HEADER, ...values.map((v, i) => `600000.SS,2024-01-${String(10 + i)},${v},,,${v},,${v}`)].join("\n");
    const bars = parsePriceCsv(text, "p.csv").bars.get("600000.SS") ?? [];
    expect(bars.map((b) => [b.open, b.close, b.adjclose, b.volume])).toEqual(
      values.map((v) => Array(4).fill(Number(v))),
    );
    expect(bars.map((b) => b.open)).toEqual([
      0.1, 13.35, 0.3, 1, 0.5, 7.25, 99999999999999.9, 1234567890123456.8, 1000, 0.25,
    ]);
  });
});
