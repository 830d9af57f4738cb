/**
 * Yahoo chart responses in the exact shape yahoo-finance2's recorded exchanges have
 * (test/fixtures/yahoo/chart-WSU.DE-*.json), built from daily bars. A-share and HK sessions
 * open at 09:30 local time, 01:30Z, which is where Yahoo stamps their daily bars.
 */
import type { Bar } from "../../src/domain/types.js";

export interface RecordedExchange {
  request: { url: string; method: string; headers: Record<string, string> };
  response: {
    ok: boolean;
    status: number;
    statusText: string;
    headers: Record<string, string>;
    bodyJson?: unknown;
    bodyText?: string;
  };
}

interface MarketMeta {
  currency: string;
  exchangeName: string;
  fullExchangeName: string;
  timezone: string;
  exchangeTimezoneName: string;
  gmtoffset: number;
  /** Session open in minutes after local midnight. */
  openMinutes: number;
}

const SHANGHAI: MarketMeta = {
  currency: "CNY",
  exchangeName: "SHH",
  fullExchangeName: "Shanghai",
  timezone: "CST",
  exchangeTimezoneName: "Asia/Shanghai",
  gmtoffset: 28800,
  openMinutes: 570,
};
const SHENZHEN: MarketMeta = { ...SHANGHAI, exchangeName: "SHZ", fullExchangeName: "Shenzhen" };
const HONG_KONG: MarketMeta = {
  currency: "HKD",
  exchangeName: "HKG",
  fullExchangeName: "HKSE",
  timezone: "HKT",
  exchangeTimezoneName: "Asia/Hong_Kong",
  gmtoffset: 28800,
  openMinutes: 570,
};

function marketOf(symbol: string): MarketMeta {
  if (symbol.endsWith(".SZ")) return SHENZHEN;
  if (symbol.endsWith(".HK") || symbol === "^HSI") return HONG_KONG;
  return SHANGHAI;
}

/** Seconds since the epoch of the session open of `date` in the symbol's market. */
export function sessionOpen(symbol: string, date: string): number {
  const m = marketOf(symbol);
  return Date.parse(`${date}T00:00:00Z`) / 1000 - m.gmtoffset + m.openMinutes * 60;
}

export function chartUrl(
  symbol: string,
  period1: number,
  period2: number,
  origin = "https://query2.finance.yahoo.com",
) {
  return (
    `${origin}/v8/finance/chart/${symbol}?useYfid=true&interval=1d&includePrePost=true` +
    `&events=div%7Csplit%7Cearn&lang=en-US&period1=${period1}&period2=${period2}`
  );
}

/** A row Yahoo fills with nulls (a holiday or suspension inside the range). */
export interface NullRow {
  nullRowOn: string;
}

/** The JSON body of a daily chart response over these bars (and null rows). */
export function chartBody(symbol: string, rows: ReadonlyArray<Bar | NullRow>, period1: number) {
  const m = marketOf(symbol);
  const sorted = [...rows].sort((a, b) => {
    const da = "nullRowOn" in a ? a.nullRowOn : a.date;
    const db = "nullRowOn" in b ? b.nullRowOn : b.date;
    return da < db ? -1 : da > db ? 1 : 0;
  });
  const col = (f: (b: Bar) => number | null) => sorted.map((r) => ("nullRowOn" in r ? null : f(r)));
  const timestamp = sorted.map((r) => sessionOpen(symbol, "nullRowOn" in r ? r.nullRowOn : r.date));
  const last = [...sorted].reverse().find((r): r is Bar => !("nullRowOn" in r));
  const lastTs = timestamp[timestamp.length - 1] ?? period1;
  const period = (start: number, end: number) => ({ timezone: m.timezone, start, end, gmtoffset: m.gmtoffset });
  return {
    chart: {
      result: [
        {
          meta: {
            currency: m.currency,
            symbol,
            exchangeName: m.exchangeName,
            fullExchangeName: m.fullExchangeName,
            instrumentType: symbol.startsWith("^") || symbol === "000300.SS" ? "INDEX" : "EQUITY",
            firstTradeDate: 1104715800,
            regularMarketTime: lastTs + 19800,
            hasPrePostMarketData: false,
            gmtoffset: m.gmtoffset,
            timezone: m.timezone,
            exchangeTimezoneName: m.exchangeTimezoneName,
            regularMarketPrice: last?.close ?? 0,
            chartPreviousClose: sorted.length > 0 ? (last?.close ?? 0) : 0,
            priceHint: 2,
            currentTradingPeriod: {
              pre: period(lastTs - 900, lastTs),
              regular: period(lastTs, lastTs + 19800),
              post: period(lastTs + 19800, lastTs + 19800),
            },
            dataGranularity: "1d",
            range: "",
            validRanges: ["1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"],
          },
          ...(sorted.length > 0 ? { timestamp } : {}),
          indicators: {
            quote: [
              sorted.length > 0
                ? {
                    low: col((b) => b.low),
                    high: col((b) => b.high),
                    close: col((b) => b.close),
                    open: col((b) => b.open),
                    volume: col((b) => b.volume),
                  }
                : {},
            ],
            ...(sorted.length > 0 ? { adjclose: [{ adjclose: col((b) => b.adjclose) }] } : {}),
          },
        },
      ],
      error: null,
    },
  };
}

/** Response headers as Yahoo sent them in the recorded exchanges. */
export function yahooHeaders(length: number): Record<string, string> {
  return {
    "cache-control": "public, max-age=10, stale-while-revalidate=20",
    "content-length": String(length),
    "content-type": "application/json;charset=utf-8",
    "referrer-policy": "no-referrer-when-downgrade",
    server: "ATS",
    "strict-transport-security": "max-age=31536000",
    vary: "Origin,Accept-Encoding",
    "x-content-type-options": "nosniff",
    "x-frame-options": "SAMEORIGIN",
    "x-xss-protection": "1; mode=block",
  };
}

/** A full recorded exchange for a daily chart request of [from, to] (to inclusive). */
export function chartExchange(
  symbol: string,
  from: string,
  to: string,
  rows: ReadonlyArray<Bar | NullRow>,
): RecordedExchange {
  const period1 = Date.parse(`${from}T00:00:00Z`) / 1000;
  const period2 = Date.parse(`${to}T00:00:00Z`) / 1000 + 86400;
  const body = chartBody(symbol, rows, period1);
  return {
    request: {
      url: chartUrl(symbol, period1, period2),
      method: "GET",
      headers: { cookie: "", "user-agent": "Mozilla/5.0 (compatible; yahoo-finance2/3.15.4)" },
    },
    response: {
      ok: true,
      status: 200,
      statusText: "OK",
      headers: yahooHeaders(JSON.stringify(body).length),
      bodyJson: body,
    },
  };
}
