import YahooFinance from "yahoo-finance2";
import type { Bar, DailyBarsRequest, IsoDate, PriceSource } from "../domain/types.js";
import { type Logger, silentLogger } from "../logger.js";
import { addDays, dateInZone } from "./dates.js";
import { NotFoundError, toPriceSourceError } from "./errors.js";
import { exchangeTimeZone } from "./symbols.js";
import { createYahooFetch, type YahooFetchOptions } from "./yahooFetch.js";

export interface YahooSourceOptions {
  /** The fetch requests go through (a recorded-exchange replayer in tests). Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Send requests here instead of https://query2.finance.yahoo.com (e.g. http://127.0.0.1:8080). */
  baseUrl?: string;
  /** Per request, body included. Default 15 s. */
  timeoutMs?: number;
  /**
   * Upper bound on requests in flight inside yahoo-finance2's own queue. The sync caps
   * concurrency itself; this only has to be at least as high. Default 64.
   */
  maxInFlight?: number;
  logger?: Logger;
  now?: () => Date;
}

/** The quote fields this source reads from chart()'s array form. */
export interface ChartQuote {
  date: Date;
  open: number | null;
  high: number | null;
  low: number | null;
  close: number | null;
  volume: number | null;
  adjclose?: number | null | undefined;
}

function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/**
 * Turns chart() quotes into bars dated in the exchange's time zone, inside [from, to].
 * Rows Yahoo fills with nulls (holidays, suspensions) are dropped; when two rows fall on
 * the same date (Yahoo appends a live row for the current session) the later one wins.
 */
export function quotesToBars(quotes: readonly ChartQuote[], timeZone: string, from: IsoDate, to: IsoDate): Bar[] {
  const byDate = new Map<IsoDate, Bar>();
  for (const q of quotes) {
    const open = finiteOrNull(q.open);
    const close = finiteOrNull(q.close);
    if (open === null || close === null) continue;
    const date = dateInZone(q.date, timeZone);
    if (date < from || date > to) continue;
    byDate.set(date, {
      date,
      open,
      high: finiteOrNull(q.high),
      low: finiteOrNull(q.low),
      close,
      adjclose: finiteOrNull(q.adjclose) ?? close,
      volume: finiteOrNull(q.volume),
    });
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function yahooLogger(log: Logger): {
  info: (...args: unknown[]) => void;
  warn: (...args: unknown[]) => void;
  error: (...args: unknown[]) => void;
  debug: (...args: unknown[]) => void;
  dir: (...args: unknown[]) => void;
} {
  const child = log.child({ component: "yahoo-finance2" });
  const text = (args: unknown[]) => args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ");
  return {
    info: (...args) => child.debug(text(args)),
    // yahoo-finance2 3.15 names Node 22 as its supported runtime and says so on every start; the
    // chart() path this source uses is tested on Node 20, so that notice is kept out of the warnings.
    warn: (...args) => {
      const msg = text(args);
      if (msg.includes("Unsupported environment")) child.debug(msg);
      else child.warn(msg);
    },
    error: (...args) => child.error(text(args)),
    debug: (...args) => child.debug(text(args)),
    dir: (...args) => child.debug(text(args)),
  };
}

/**
 * Daily bars from Yahoo Finance through yahoo-finance2's chart() (never historical(), which
 * Yahoo removed). One request per call; no cookie or crumb is needed for chart.
 */
export class YahooSource implements PriceSource {
  readonly name = "yahoo";
  private readonly yf: InstanceType<typeof YahooFinance>;

  constructor(opts: YahooSourceOptions = {}) {
    const fetchOpts: YahooFetchOptions = {
      timeoutMs: opts.timeoutMs ?? 15_000,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
      ...(opts.now ? { now: opts.now } : {}),
    };
    this.yf = new YahooFinance({
      fetch: createYahooFetch(fetchOpts),
      versionCheck: false,
      suppressNotices: ["yahooSurvey"],
      validation: { logErrors: false, logOptionsErrors: false },
      queue: { concurrency: opts.maxInFlight ?? 64 },
      logger: yahooLogger(opts.logger ?? silentLogger),
    });
  }

  private chart(req: DailyBarsRequest) {
    return this.yf.chart(
      req.symbol,
      {
        period1: new Date(`${req.from}T00:00:00Z`),
        // period2 is exclusive: midnight UTC after `to` covers every Asian and American session of `to`.
        period2: new Date(`${addDays(req.to, 1)}T00:00:00Z`),
        interval: "1d",
      },
      req.signal ? { fetchOptions: { signal: req.signal } } : {},
    );
  }

  async dailyBars(req: DailyBarsRequest): Promise<Bar[]> {
    let result: Awaited<ReturnType<YahooSource["chart"]>>;
    try {
      result = await this.chart(req);
    } catch (err) {
      const e = toPriceSourceError(err);
      if (e instanceof NotFoundError && e.scope === "range") return [];
      throw e;
    }
    const zone = typeof result.meta.exchangeTimezoneName === "string" ? result.meta.exchangeTimezoneName : null;
    return quotesToBars(result.quotes, zone ?? exchangeTimeZone(req.symbol), req.from, req.to);
  }
}
