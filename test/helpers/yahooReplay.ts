/**
 * A fetch that answers from recorded Yahoo exchanges (test/fixtures/yahoo/*.json) and from
 * scripted answers (429, 500, malformed bodies, hangs, network errors). A request nothing
 * answers is recorded in `unmatched` and rejected: tests assert `unmatched` is empty, so an
 * unexpected request (a cookie/crumb fetch, a wrong range) fails the test instead of being
 * absorbed as a per-symbol failure.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Bar } from "../../src/domain/types.js";
import { chartBody, type RecordedExchange, yahooHeaders } from "./yahooChart.js";

export const YAHOO_FIXTURES = join(import.meta.dirname, "..", "fixtures", "yahoo");

export function loadExchange(name: string): RecordedExchange {
  return JSON.parse(readFileSync(join(YAHOO_FIXTURES, name), "utf8")) as RecordedExchange;
}

/** One scripted answer. */
export type Step =
  | { status: number; body?: string; json?: unknown; headers?: Record<string, string> }
  | { hang: true }
  | { networkError: string };

/** Path and query, with the query parameters sorted: the order a client writes them in does not matter. */
export function requestKey(url: string): string {
  const u = new URL(url);
  const params = [...u.searchParams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${u.host}${decodeURIComponent(u.pathname)}?${new URLSearchParams(params).toString()}`;
}

/** Symbol, from and to (inclusive, UTC dates) of a chart request URL. */
export function chartRequest(url: string): { symbol: string; period1: number; period2: number } {
  const u = new URL(url);
  const symbol = decodeURIComponent(u.pathname.split("/").pop() ?? "");
  return { symbol, period1: Number(u.searchParams.get("period1")), period2: Number(u.searchParams.get("period2")) };
}

function offlineError(code: string): TypeError {
  const cause = Object.assign(new Error(`getaddrinfo ${code} query2.finance.yahoo.com`), {
    code,
    syscall: "getaddrinfo",
    hostname: "query2.finance.yahoo.com",
  });
  return new TypeError("fetch failed", { cause });
}

export class YahooReplay {
  readonly requests: string[] = [];
  readonly unmatched: string[] = [];
  private readonly recorded = new Map<string, RecordedExchange>();
  private readonly scripts: Array<{ symbol: string; steps: Step[] }> = [];
  private generated: Map<string, Bar[]> | null = null;
  private inFlight = 0;
  maxInFlight = 0;

  constructor(exchanges: RecordedExchange[] = []) {
    for (const e of exchanges) this.record(e);
  }

  record(e: RecordedExchange): this {
    this.recorded.set(requestKey(e.request.url), e);
    return this;
  }

  /** Answers for a symbol's chart requests, one per request, before recorded or generated ones. */
  script(symbol: string, ...steps: Step[]): this {
    this.scripts.push({ symbol, steps });
    return this;
  }

  /**
   * Answers any daily chart request for these symbols from their bars, in the recorded shape,
   * for whatever range is asked (the way a fake Yahoo server would).
   */
  serveBars(bars: Map<string, Bar[]>): this {
    this.generated = bars;
    return this;
  }

  readonly fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    this.requests.push(url);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      // Let concurrent requests overlap as they would on a network.
      await new Promise((r) => setImmediate(r));
      return await this.answer(url, init?.signal ?? undefined);
    } finally {
      this.inFlight--;
    }
  }) as typeof fetch;

  private async answer(url: string, signal: AbortSignal | undefined): Promise<Response> {
    if (signal?.aborted) throw signal.reason;
    const { symbol, period1, period2 } = chartRequest(url);
    const script = this.scripts.find((s) => s.symbol === symbol && s.steps.length > 0);
    const step = script?.steps.shift();
    if (step) return this.play(step, signal);

    const rec = this.recorded.get(requestKey(url));
    if (rec) {
      const body =
        rec.response.bodyJson !== undefined ? JSON.stringify(rec.response.bodyJson) : (rec.response.bodyText ?? "");
      return new Response(body, {
        status: rec.response.status,
        statusText: rec.response.statusText,
        headers: rec.response.headers,
      });
    }
    const bars = this.generated?.get(symbol);
    if (bars && url.includes("/v8/finance/chart/")) {
      const from = new Date(period1 * 1000).toISOString().slice(0, 10);
      const to = new Date((period2 - 86400) * 1000).toISOString().slice(0, 10);
      const inRange = bars.filter((b) => b.date >= from && b.date <= to);
      const body = JSON.stringify(chartBody(symbol, inRange, period1));
      return new Response(body, { status: 200, headers: yahooHeaders(body.length) });
    }
    this.unmatched.push(url);
    throw new Error(`unrecorded request: ${url}`);
  }

  private play(step: Step, signal: AbortSignal | undefined): Promise<Response> {
    if ("hang" in step) {
      // Never answers; only the caller's abort (the per-request timeout) ends it.
      return new Promise((_, reject) => {
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    }
    if ("networkError" in step) return Promise.reject(offlineError(step.networkError));
    const body = step.json !== undefined ? JSON.stringify(step.json) : (step.body ?? "");
    return Promise.resolve(new Response(body, { status: step.status, headers: step.headers ?? {} }));
  }

  /** Chart requests seen for a symbol, as inclusive UTC date ranges. */
  rangesFor(symbol: string): Array<{ from: string; to: string }> {
    return this.requests
      .map(chartRequest)
      .filter((r) => r.symbol === symbol)
      .map((r) => ({
        from: new Date(r.period1 * 1000).toISOString().slice(0, 10),
        to: new Date((r.period2 - 86400) * 1000).toISOString().slice(0, 10),
      }));
  }
}
