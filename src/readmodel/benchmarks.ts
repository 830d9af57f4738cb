import { CALENDAR_SYMBOL } from "../domain/benchmarks.js";
import { addMonths, dayOf, isoOf } from "../scoring/days.js";
import type { PriceQueries } from "../store/priceQueries.js";

export interface BenchmarkView {
  /** Canonical name (沪深300). */
  name: string;
  symbol: string;
  /** The market whose trading calendar it defines, or null for other benchmarks. */
  market: "A" | "HK" | null;
  /** Date of the last bar, or null when the store has none. */
  date: string | null;
  /** Index level (close) on that date. */
  level: number | null;
  /** Fractions, from the adjusted close of the last bar on or before the start date. */
  returns: { "1m": number | null; "3m": number | null; ytd: number | null };
}

/**
 * Per market, the last trading date scoring values picks at, found as the scoring engine finds
 * it: the market calendar's last date on or before both today and the latest bar of any of the
 * market's stocks (an index synced further than its stocks does not move it).
 */
export function marketAsOf(prices: PriceQueries, today: string): { A: string | null; HK: string | null } {
  const asOf = (market: "A" | "HK"): string | null => {
    const stockEnd = prices.stockEnd(market);
    const cap = stockEnd !== null && stockEnd < today ? stockEnd : today;
    return prices.lastBar(CALENDAR_SYMBOL[market], cap)?.date ?? null;
  };
  return { A: asOf("A"), HK: asOf("HK") };
}

/** The market an index trades in, by its symbol: A-share and Hong Kong indices; null for others (MCHI). */
function indexMarket(symbol: string): "A" | "HK" | null {
  if (/\.(SS|SZ|BJ)$/.test(symbol)) return "A";
  if (/\.HK$/.test(symbol) || symbol.startsWith("^HS")) return "HK";
  return null;
}

/**
 * Level and 1-month, 3-month and year-to-date returns of each benchmark (name → price symbol)
 * that has prices. An index of a market is read as of that market's as-of date (`asOf`, the
 * date picks are valued at), so the cards and the header name one date per market.
 */
export function benchmarkViews(
  prices: PriceQueries,
  symbols: Readonly<Record<string, string>>,
  today: string,
  asOf: { A: string | null; HK: string | null } = { A: null, HK: null },
): BenchmarkView[] {
  const calendarMarket = new Map<string, "A" | "HK">([
    [CALENDAR_SYMBOL.A, "A"],
    [CALENDAR_SYMBOL.HK, "HK"],
  ]);
  const seen = new Set<string>();
  const out: BenchmarkView[] = [];
  for (const [name, symbol] of Object.entries(symbols)) {
    if (seen.has(symbol)) continue;
    seen.add(symbol);
    const market = indexMarket(symbol);
    const last = prices.lastBar(symbol, (market && asOf[market]) || today);
    // The default map names every index brokers print; only the markets' calendars are shown
    // without prices (an empty store still says what it judges against).
    if (!last && !calendarMarket.has(symbol)) continue;
    const view: BenchmarkView = {
      name,
      symbol,
      market: calendarMarket.get(symbol) ?? null,
      date: last?.date ?? null,
      level: last?.close ?? null,
      returns: { "1m": null, "3m": null, ytd: null },
    };
    if (last) {
      const day = dayOf(last.date);
      const since = (start: string): number | null => {
        const base = prices.closeAtOrBefore(symbol, start);
        return base && base.date < last.date && base.adjclose > 0 ? last.adjclose / base.adjclose - 1 : null;
      };
      view.returns = {
        "1m": since(isoOf(addMonths(day, -1))),
        "3m": since(isoOf(addMonths(day, -3))),
        ytd: since(`${Number(last.date.slice(0, 4)) - 1}-12-31`),
      };
    }
    out.push(view);
  }
  return out;
}
