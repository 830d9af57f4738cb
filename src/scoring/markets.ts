import { CALENDAR_SYMBOL, DEFAULT_BENCHMARK_SYMBOLS } from "../domain/benchmarks.js";
import type { Exchange, IsoDate, PickInput, ScoringSettings } from "../domain/types.js";
import { type Day, exchangeToday, isoOf } from "./days.js";
import type { PriceBook, PriceSeries } from "./priceBook.js";
import { lastAtOrBefore } from "./search.js";

export type Market = "A" | "HK";
export const MARKETS: readonly Market[] = ["A", "HK"];

/** Exchange of a Yahoo symbol by its suffix, or null. */
export function exchangeOfSymbol(symbol: string): Exchange | null {
  if (symbol.endsWith(".SS")) return "SSE";
  if (symbol.endsWith(".SZ")) return "SZSE";
  if (symbol.endsWith(".BJ")) return "BSE";
  if (symbol.endsWith(".HK")) return "HKEX";
  return null;
}

export function marketOfExchange(exchange: Exchange): Market {
  return exchange === "HKEX" ? "HK" : "A";
}

/** The pick's market and exchange: as given, else read from the symbol's suffix. */
export function pickVenue(pick: PickInput): { market: Market; exchange: Exchange } | null {
  const exchange =
    pick.exchange ??
    (pick.symbol ? exchangeOfSymbol(pick.symbol) : null) ??
    (pick.market === "HK" ? "HKEX" : pick.market === "A" ? "SSE" : null);
  if (!exchange) return null;
  return { market: pick.market ?? marketOfExchange(exchange), exchange };
}

/**
 * How far a market's prices reach. Scoring never looks past `asOfDay`: the earliest of
 * today (exchange time), the calendar's last date, and the last date any stock of the
 * market has a bar (a benchmark synced further than its stocks must not make every stock
 * look suspended or delisted).
 */
export interface MarketClock {
  market: Market;
  calendarSymbol: string;
  /** The calendar's dates (the benchmark index's trading days); empty when the book has none. */
  calendar: PriceSeries;
  /** Index into calendar.days of the last trading day scoring may use; -1 when none. */
  asOfIndex: number;
  asOfDay: Day;
  /** asOfDay as YYYY-MM-DD ("" when none). */
  asOfIso: IsoDate;
}

export type MarketClocks = Record<Market, MarketClock>;

/** Per market: the last trading date scoring may use, as of `now`. */
export function marketClocks(book: PriceBook, settings: ScoringSettings, now: Date): MarketClocks {
  const notStocks = notStockSymbols(settings);
  const stockEnd: Record<Market, Day> = { A: Number.NEGATIVE_INFINITY, HK: Number.NEGATIVE_INFINITY };
  for (const symbol of book.symbols()) {
    if (notStocks.has(symbol)) continue;
    const exchange = exchangeOfSymbol(symbol);
    if (!exchange) continue;
    const m = marketOfExchange(exchange);
    const last = book.lastDay(symbol);
    if (last !== null && last > stockEnd[m]) stockEnd[m] = last;
  }
  return marketClocksWith(book, now, stockEnd);
}

/** Calendars and benchmarks: every symbol that is not a stock for the market clocks. */
export function notStockSymbols(settings: ScoringSettings): Set<string> {
  return new Set<string>([
    ...Object.values(CALENDAR_SYMBOL),
    ...Object.values(DEFAULT_BENCHMARK_SYMBOLS),
    ...Object.values(settings.benchmarkSymbols),
  ]);
}

/**
 * The clocks from a book holding at least the calendars, given each market's last stock bar
 * (over every stock, not only those in the book): how a run that reads stocks a batch at a time
 * gets the same clocks as one that holds them all.
 */
export function marketClocksWith(book: PriceBook, now: Date, stockEnd: Readonly<Record<Market, Day>>): MarketClocks {
  const today = exchangeToday(now);
  const clock = (market: Market): MarketClock => {
    const calendarSymbol = CALENDAR_SYMBOL[market];
    const calendar = book.at(book.idOf(calendarSymbol));
    const n = calendar.days.length;
    const calendarEnd = n > 0 ? (calendar.days[n - 1] as number) : Number.NEGATIVE_INFINITY;
    const dataEnd = Number.isFinite(stockEnd[market]) ? stockEnd[market] : calendarEnd;
    const asOfIndex = lastAtOrBefore(calendar.days, Math.min(today, calendarEnd, dataEnd));
    const asOfDay = asOfIndex >= 0 ? (calendar.days[asOfIndex] as number) : Number.NEGATIVE_INFINITY;
    return { market, calendarSymbol, calendar, asOfIndex, asOfDay, asOfIso: asOfIndex >= 0 ? isoOf(asOfDay) : "" };
  };
  return { A: clock("A"), HK: clock("HK") };
}

/** The as-of date per market, for display and for noticing that a sync moved it. */
export function asOfDates(clocks: MarketClocks): Record<Market, IsoDate | null> {
  return {
    A: clocks.A.asOfIndex >= 0 ? isoOf(clocks.A.asOfDay) : null,
    HK: clocks.HK.asOfIndex >= 0 ? isoOf(clocks.HK.asOfDay) : null,
  };
}

/** Each market's as-of date for a book at `now`. */
export function marketAsOf(book: PriceBook, settings: ScoringSettings, now: Date): Record<Market, IsoDate | null> {
  return asOfDates(marketClocks(book, settings, now));
}
