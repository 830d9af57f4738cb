import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { paths } from "../../src/paths.js";
import { dayOf, isoOf } from "../../src/scoring/days.js";
import { adjustedOpen, PriceBook, PriceBookBuilder } from "../../src/scoring/priceBook.js";
import { CsvBarReader, priceBookFromCsv } from "../../src/scoring/priceBookCsv.js";
import { firstAfter, indexOfDay, lastAtOrBefore } from "../../src/scoring/search.js";
import { seedBook } from "./helpers/seed.js";

describe("price book", () => {
  it("holds the whole seed snapshot: 65 symbols, 30,712 bars", () => {
    const book = seedBook();
    expect(book.symbolCount).toBe(65);
    expect(book.barCount).toBe(30712);
    expect(book.series("300280.SZ")?.days.length).toBe(313);
    expect(isoOf(book.lastDay("300280.SZ") ?? 0)).toBe("2025-10-13");
    expect(book.series("NOPE.SS")).toBeNull();
    expect(book.idOf("NOPE.SS")).toBe(-1);
    expect(book.at(-1).days.length).toBe(0);
  });

  it("adjusts the open by adjclose / close, and takes a missing open at the adjusted close", () => {
    expect(adjustedOpen(10, 20, 10)).toBe(5);
    expect(adjustedOpen(238.35, 244.87, 244.87)).toBe(238.35);
    expect(adjustedOpen(Number.NaN, 20, 18)).toBe(18);
  });

  it("sorts bars given out of order and keeps the later of two bars for one date", () => {
    const b = new PriceBookBuilder();
    b.add("X.SS", "2024-01-03", 11, 11, 11);
    b.add("Y.SS", "2024-01-02", 5, 5, 5);
    b.add("X.SS", "2024-01-02", 10, 10, 10);
    b.add("X.SS", "2024-01-03", 12, 12, 12);
    b.add("X.SS", "2024-01-04", 0, 0, 0); // no usable price: skipped
    const book = b.build();
    const x = book.series("X.SS");
    expect([...(x?.days ?? [])].map(isoOf)).toEqual(["2024-01-02", "2024-01-03"]);
    expect([...(x?.close ?? [])]).toEqual([10, 12]);
    expect(book.barCount).toBe(3);
  });

  it("reads a CSV with an index's empty high/low, CRLF line ends and columns in any order", () => {
    const csv =
      "date,symbol,close,open,adjclose,high,low,volume\r\n" +
      "2024-01-02,^HSI,100,99,100,,,\r\n" +
      "2024-01-03,^HSI,101,100.5,101,,,\r\n" +
      "2024-01-02,A.HK,10,9,5,,,\r\n";
    const book = priceBookFromCsv(csv);
    expect(book.series("^HSI")?.open[1]).toBe(100.5);
    expect(book.series("A.HK")?.open[0]).toBe(4.5);
    expect(book.series("A.HK")?.close[0]).toBe(5);
    expect(() => priceBookFromCsv("symbol,date,open\nX,2024-01-02,1\n")).toThrow(/close/);
  });

  it("reads a CSV fed in pieces that split lines, fields and numbers anywhere", () => {
    const csv = readFileSync(paths.seedPrices, "utf8");
    const whole = priceBookFromCsv(csv);
    const reader = new CsvBarReader();
    for (let i = 0; i < csv.length; i += 997) reader.push(csv.slice(i, i + 997));
    const pieces = reader.finish();
    expect(reader.rows).toBe(30712);
    for (const symbol of whole.symbols()) expect(pieces.series(symbol)).toEqual(whole.series(symbol));
  });

  it("reads numbers exactly as Number() does", () => {
    const values = [
      "238.35",
      "0.33",
      "-1.5",
      "+2",
      "16334.4697",
      "1e3",
      "12345678901234567.5",
      "0.1234567890123456789",
      "7",
    ];
    const csv = `symbol,date,open,close,adjclose\n${values.map((v, i) => `X.SS,2024-01-${String(i + 1).padStart(2, "0")},1,1,${v}`).join("\n")}`;
    const close = [...(priceBookFromCsv(csv).series("X.SS")?.close ?? [])];
    expect(close).toEqual(values.map(Number).filter((v) => v > 0));
    expect(() => priceBookFromCsv("symbol,date,open,close,adjclose\nX.SS,2024-1-02,1,1,1\n")).toThrow(/YYYY-MM-DD/);
  });

  it("replaces one symbol's series in place", () => {
    const book = PriceBook.fromBars([
      { symbol: "X.SS", date: "2024-01-02", open: 1, high: null, low: null, close: 1, adjclose: 1, volume: null },
    ]);
    book.setBars("X.SS", [
      { date: "2024-01-03", open: 2, high: null, low: null, close: 2, adjclose: 2, volume: null },
      { date: "2024-01-02", open: 1, high: null, low: null, close: 1, adjclose: 1, volume: null },
    ]);
    expect(book.symbolCount).toBe(1);
    expect(book.barCount).toBe(2);
    expect([...(book.series("X.SS")?.close ?? [])]).toEqual([1, 2]);
  });
});

describe("trading-day search", () => {
  const days = Int32Array.from(["2024-02-07", "2024-02-08", "2024-02-19", "2024-02-20"].map(dayOf));
  it("finds the first session strictly after, and the last on or before", () => {
    expect(firstAfter(days, dayOf("2024-02-08"))).toBe(2);
    expect(firstAfter(days, dayOf("2024-02-10"))).toBe(2);
    expect(firstAfter(days, dayOf("2024-02-20"))).toBe(4);
    expect(lastAtOrBefore(days, dayOf("2024-02-18"))).toBe(1);
    expect(lastAtOrBefore(days, dayOf("2024-02-19"))).toBe(2);
    expect(lastAtOrBefore(days, dayOf("2024-01-01"))).toBe(-1);
    expect(indexOfDay(days, dayOf("2024-02-19"))).toBe(2);
    expect(indexOfDay(days, dayOf("2024-02-18"))).toBe(-1);
  });
});
