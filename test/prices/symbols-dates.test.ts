import { describe, expect, it } from "vitest";
import { dateInZone, isIsoDate } from "../../src/prices/dates.js";
import { exchangeTimeZone, toYahooSymbol } from "../../src/prices/symbols.js";
import { quotesToBars } from "../../src/prices/yahoo.js";

describe("symbols in Yahoo form", () => {
  it("maps A-share codes by exchange, vendor suffixes and prefixes included", () => {
    expect(toYahooSymbol("600000")).toBe("600000.SS");
    expect(toYahooSymbol("688111")).toBe("688111.SS");
    expect(toYahooSymbol("300418")).toBe("300418.SZ");
    expect(toYahooSymbol("000001.SZ")).toBe("000001.SZ");
    expect(toYahooSymbol("603019.SH")).toBe("603019.SS");
    expect(toYahooSymbol("sh600000")).toBe("600000.SS");
    expect(toYahooSymbol("430047")).toBe("430047.BJ");
  });

  it("maps HK codes to four digits and the two benchmarks to their Yahoo symbols", () => {
    expect(toYahooSymbol("00354")).toBe("0354.HK");
    expect(toYahooSymbol("01357.HK")).toBe("1357.HK");
    expect(toYahooSymbol("1357.HK")).toBe("1357.HK");
    expect(toYahooSymbol("000300")).toBe("000300.SS");
    expect(toYahooSymbol("000300.SH")).toBe("000300.SS");
    expect(toYahooSymbol("^HSI")).toBe("^HSI");
  });

  it("rejects codes that are no security", () => {
    expect(toYahooSymbol("123456")).toBeNull();
    expect(toYahooSymbol("")).toBeNull();
    expect(toYahooSymbol("沪深300")).toBeNull();
  });

  it("knows each exchange's time zone", () => {
    expect(exchangeTimeZone("600000.SS")).toBe("Asia/Shanghai");
    expect(exchangeTimeZone("000300.SS")).toBe("Asia/Shanghai");
    expect(exchangeTimeZone("0354.HK")).toBe("Asia/Hong_Kong");
    expect(exchangeTimeZone("^HSI")).toBe("Asia/Hong_Kong");
    expect(exchangeTimeZone("MCHI")).toBe("America/New_York");
  });
});

describe("trading dates in the exchange's time zone", () => {
  it("dates an instant by the exchange's calendar, not UTC's", () => {
    // 16:30Z on the 20th is 00:30 on the 21st in Shanghai.
    expect(dateInZone(new Date("2024-02-20T16:30:00Z"), "Asia/Shanghai")).toBe("2024-02-21");
    expect(dateInZone(new Date("2024-02-21T01:30:00Z"), "Asia/Shanghai")).toBe("2024-02-21");
    expect(dateInZone(new Date("2020-11-03T02:00:00Z"), "America/New_York")).toBe("2020-11-02");
  });

  it("turns chart quotes into bars: null rows dropped, out-of-range dates dropped, a repeated date keeps the later row", () => {
    const q = (iso: string, close: number | null) => ({
      date: new Date(iso),
      open: close,
      high: close,
      low: close,
      close,
      volume: 1,
      adjclose: close,
    });
    const bars = quotesToBars(
      [
        q("2024-02-18T16:30:00Z", 10), // 2024-02-19 00:30 Shanghai
        q("2024-02-20T01:30:00Z", null),
        q("2024-02-21T01:30:00Z", 11),
        q("2024-02-21T07:00:00Z", 12), // a live row for the same session
        q("2024-02-23T01:30:00Z", 13), // after `to`
      ],
      "Asia/Shanghai",
      "2024-02-19",
      "2024-02-22",
    );
    expect(bars.map((b) => [b.date, b.close])).toEqual([
      ["2024-02-19", 10],
      ["2024-02-21", 12],
    ]);
  });

  it("accepts only real calendar dates", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2023-02-29")).toBe(false);
    expect(isIsoDate("2024-2-1")).toBe(false);
  });
});
