import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { parsePriceCsv, symbolFromFileName } from "../../src/prices/csv.js";
import { CsvSource } from "../../src/prices/csvSource.js";
import { NotFoundError } from "../../src/prices/errors.js";
import { importPriceFiles } from "../../src/prices/import.js";
import { importSeedPricesIfEmpty } from "../../src/prices/seed.js";
import { BarsRepo } from "../../src/store/bars.js";
import { openDatabase } from "../../src/store/database.js";
import { SEED_PRICES } from "../helpers/seedBars.js";
import { tempDir } from "../helpers/tempDir.js";

describe("CSV import, long layout (symbol,date,open,high,low,close,adjclose,volume)", () => {
  const text = [
    "symbol,date,open,high,low,close,adjclose,volume", // line 1
    "000300.SS,2024-02-08,3351.41,3367.21,3336.98,3364.93,3364.93,189977578", // 2 good
    "000300.SS,2024-02-30,3393.19,3403.81,3364.14,3403.81,3403.81,183319800", // 3 no such date
    "000300.SS,2024-02-19,3393.19,3403.81,3364.14,3403.81,3403.81,183319800", // 4 good
    "000300.SS,2024-02-20,abc,3415.89,3380.1,3410.85,3410.85,140734581", // 5 bad open
    "^HSI,2024-02-19,16197.55,,,16155.61,16155.61,2000000000", // 6 good, no high/low (as the seed has it)
    "688111.SS,2024-01-02,311.58,297.06,315.68,301.34,301.34,3055272", // 7 high below low
    "688111.SS,2024-01-03,300.11,300.11,264.03,-265.16,-265.16,8032548", // 8 negative close
    "000300.SS,2024-02-19,3393.19,3403.81,3364.14,3403.81,3403.81,183319800", // 9 duplicate of 4
    "bogus!,2024-01-03,1,1,1,1,1,1", // 10 bad symbol
    "688111.SS,2024-01-04,271.89,275.76,268.95,269.88,269.88,5381615", // 11 good
  ].join("\n");

  it("keeps the good rows and reports each bad row by its line number", () => {
    const parsed = parsePriceCsv(text, "prices.csv");
    expect(parsed.layout).toBe("long");
    expect(parsed.rows).toBe(10);
    expect(parsed.problems.map((p) => [p.line, p.message])).toEqual([
      [3, 'bad date "2024-02-30"'],
      [5, 'bad open "abc"'],
      [7, "high 297.06 is below low 315.68"],
      [8, "close must be positive, got -265.16"],
      [9, "duplicate of line 4 (000300.SS 2024-02-19)"],
      [10, 'bad symbol "bogus!"'],
    ]);
    expect(parsed.bars.get("000300.SS")?.map((b) => [b.date, b.close])).toEqual([
      ["2024-02-08", 3364.93],
      ["2024-02-19", 3403.81],
    ]);
    expect(parsed.bars.get("^HSI")).toEqual([
      {
        date: "2024-02-19",
        open: 16197.55,
        high: null,
        low: null,
        close: 16155.61,
        adjclose: 16155.61,
        volume: 2000000000,
      },
    ]);
    expect(parsed.bars.get("688111.SS")?.map((b) => b.date)).toEqual(["2024-01-04"]);
  });

  it("writes the good rows to the store and reports the bad ones", async () => {
    const dir = tempDir("bp-prices-");
    writeFileSync(join(dir, "prices.csv"), text);
    const db = openDatabase(":memory:");
    const report = await importPriceFiles(db, join(dir, "prices.csv"));
    expect(report.written).toBe(4);
    expect(report.problems.map((p) => p.line)).toEqual([3, 5, 7, 8, 9, 10]);
    expect(report.changedSymbols).toEqual(["000300.SS", "688111.SS", "^HSI"]);
    const bars = new BarsRepo(db);
    expect(bars.count()).toBe(4);
    expect(bars.between("688111.SS", "2024-01-01", "2024-01-31")).toEqual([
      { date: "2024-01-04", open: 271.89, high: 275.76, low: 268.95, close: 269.88, adjclose: 269.88, volume: 5381615 },
    ]);
    // Importing the same file again changes nothing.
    expect((await importPriceFiles(db, join(dir, "prices.csv"))).written).toBe(0);
  });
});

describe("CSV import, per-code layout (date,open,close,high,low,volume; code in the file name)", () => {
  it("reads Tushare/AKShare exports named 600000.csv, sh688111.csv, 000001.SZ.csv with their own column order", async () => {
    const dir = tempDir("bp-prices-");
    writeFileSync(
      join(dir, "688111.csv"),
      "date,open,close,high,low,volume\n2024-01-02,311.58,301.34,315.68,297.06,3055272\n2024-01-03,300.11,265.16,300.11,264.03,8032548\n",
    );
    writeFileSync(join(dir, "sh688256.csv"), "date,open,close,high,low,volume\n20240102,240.0,235.5,241.2,233.1,100\n");
    writeFileSync(
      join(dir, "000001.SZ.csv"),
      "date,open,close,high,low,volume\n2024/1/2,9.39,9.21,9.42,9.21,1158366\nnot-a-date,1,1,1,1,1\n2024/1/3,9.19,9.20,9.22,9.15,733610\n",
    );
    const db = openDatabase(":memory:");
    const report = await importPriceFiles(db, dir);
    expect(report.files.map((f) => [f.file, f.layout, f.symbols, f.written])).toEqual([
      ["000001.SZ.csv", "per-code", 1, 2],
      ["688111.csv", "per-code", 1, 2],
      ["sh688256.csv", "per-code", 1, 1],
    ]);
    expect(report.problems).toEqual([{ file: "000001.SZ.csv", line: 3, message: 'bad date "not-a-date"' }]);
    const bars = new BarsRepo(db);
    // close is the third column in this layout, high the fourth.
    expect(bars.between("688111.SS", "2024-01-02", "2024-01-02")).toEqual([
      { date: "2024-01-02", open: 311.58, high: 315.68, low: 297.06, close: 301.34, adjclose: 301.34, volume: 3055272 },
    ]);
    expect(bars.between("688256.SS", "2024-01-01", "2024-12-31").map((b) => [b.date, b.close])).toEqual([
      ["2024-01-02", 235.5],
    ]);
    expect(bars.between("000001.SZ", "2024-01-01", "2024-12-31").map((b) => b.date)).toEqual([
      "2024-01-02",
      "2024-01-03",
    ]);
  });

  it("reads a GBK file with Chinese headers and Wind's unit suffixes, gzipped or not", async () => {
    const dir = tempDir("bp-prices-");
    const gbk = iconv.encode(
      "日期,开盘价(元),收盘价(元),最高价(元),最低价(元),成交量(股)\n2024-02-21,36.75,37.38,38.54,36.75,89266976\n",
      "gbk",
    );
    writeFileSync(join(dir, "300418.csv"), gbk);
    writeFileSync(
      join(dir, "00354.HK.csv.gz"),
      gzipSync("date,open,close,high,low,volume\n2024-02-21,4.1,4.2,4.3,4.0,1000\n"),
    );
    const db = openDatabase(":memory:");
    const report = await importPriceFiles(db, dir);
    expect(report.problems).toEqual([]);
    expect(new BarsRepo(db).between("300418.SZ", "2024-02-21", "2024-02-21")).toEqual([
      { date: "2024-02-21", open: 36.75, high: 38.54, low: 36.75, close: 37.38, adjclose: 37.38, volume: 89266976 },
    ]);
    expect(new BarsRepo(db).between("0354.HK", "2024-02-21", "2024-02-21")[0]?.close).toBe(4.2);
  });

  it("multiplies volumes counted in lots when asked", () => {
    const parsed = parsePriceCsv("date,open,close,high,low,volume\n2024-01-02,1,1,1,1,30552\n", "600000.csv", {
      volumeMultiplier: 100,
    });
    expect(parsed.bars.get("600000.SS")?.[0]?.volume).toBe(3055200);
  });

  it("finds the code in vendor file names and refuses names without one", () => {
    expect(symbolFromFileName("/data/600000.csv")).toBe("600000.SS");
    expect(symbolFromFileName("sz300418.csv")).toBe("300418.SZ");
    expect(symbolFromFileName("603019.SH.csv")).toBe("603019.SS");
    expect(symbolFromFileName("688041_daily_qfq.csv")).toBe("688041.SS");
    expect(symbolFromFileName("01357.HK.csv")).toBe("1357.HK");
    expect(symbolFromFileName("^HSI.csv")).toBe("^HSI");
    expect(symbolFromFileName("seed-prices.csv")).toBeNull();
    expect(symbolFromFileName("cn-a-daily-qfq-2024-2025.csv.gz")).toBeNull();
    const parsed = parsePriceCsv("date,open,close,high,low,volume\n2024-01-02,1,1,1,1,1\n", "export.csv");
    expect(parsed.problems).toEqual([
      { file: "export.csv", line: 1, message: "no symbol column and no security code in the file name" },
    ]);
  });

  it("reports a header without date/open/close on line 1 and imports nothing from that file", () => {
    const parsed = parsePriceCsv("when,price\n2024-01-02,1\n", "600000.csv");
    expect(parsed.problems).toEqual([
      { file: "600000.csv", line: 1, message: "header lacks date, open, close column(s)" },
    ]);
    expect(parsed.bars.size).toBe(0);
  });
});

describe("the shipped seed prices", () => {
  it("are imported into an empty store on first start, and left alone afterwards", async () => {
    const db = openDatabase(":memory:");
    const report = await importSeedPricesIfEmpty(db);
    expect(report?.written).toBe(30712);
    expect(report?.symbols).toBe(65);
    expect(report?.problems).toEqual([]);
    const bars = new BarsRepo(db);
    expect(bars.count()).toBe(30712);
    // The README's example: 300418 on 2024-02-21, adjusted close 37.38.
    expect(bars.between("300418.SZ", "2024-02-21", "2024-02-21")[0]?.adjclose).toBe(37.38);
    expect(bars.ranges().get("300280.SZ")).toEqual({
      symbol: "300280.SZ",
      first: "2024-01-02",
      last: "2025-10-13",
      count: 313,
    });
    expect(await importSeedPricesIfEmpty(db)).toBeNull();
    expect(bars.count()).toBe(30712);
  });

  it("serve as a CSV price source, by symbol and range", async () => {
    const source = new CsvSource(SEED_PRICES);
    const bars = await source.dailyBars({ symbol: "000300.SS", from: "2024-02-07", to: "2024-02-19" });
    expect(bars.map((b) => [b.date, b.close])).toEqual([
      ["2024-02-07", 3343.63],
      ["2024-02-08", 3364.93],
      ["2024-02-19", 3403.81],
    ]);
    await expect(
      source.dailyBars({ symbol: "600000.SS", from: "2024-01-01", to: "2024-12-31" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("quoted CSV", () => {
  it("reads quoted fields (thousands separators inside quotes) with the same line numbers", () => {
    const parsed = parsePriceCsv(
      'symbol,date,open,high,low,close,adjclose,volume\n"000300.SS","2024-02-08","3,351.41",3367.21,3336.98,3364.93,3364.93,"189,977,578"\n\n000300.SS,2024-13-01,1,1,1,1,1,1\n',
      "quoted.csv",
    );
    expect(parsed.bars.get("000300.SS")).toEqual([
      {
        date: "2024-02-08",
        open: 3351.41,
        high: 3367.21,
        low: 3336.98,
        close: 3364.93,
        adjclose: 3364.93,
        volume: 189977578,
      },
    ]);
    expect(parsed.problems).toEqual([{ file: "quoted.csv", line: 4, message: 'bad date "2024-13-01"' }]);
  });
});
