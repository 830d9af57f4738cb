import {
  BadResponseError,
  NotFoundError,
  type PriceSourceError,
  RateLimitedError,
  toPriceSourceError,
  UnavailableError,
} from "./errors.js";

export const YAHOO_ORIGIN = "https://query2.finance.yahoo.com";

export interface YahooFetchOptions {
  /** The fetch that goes out; defaults to the global one. */
  fetch?: typeof fetch;
  /**
   * Where requests go instead of Yahoo (a mirror, a local fake server): every request to
   * a *.finance.yahoo.com origin is sent to this origin and path prefix instead.
   */
  baseUrl?: string;
  /** Per request, body included. */
  timeoutMs: number;
  now?: () => Date;
}

/** Retry-After is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null || value.trim() === "") return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

function rewrite(url: string, baseUrl: string | undefined): string {
  if (!baseUrl) return url;
  const u = new URL(url);
  if (!/(^|\.)finance\.yahoo\.com$/.test(u.hostname)) return url;
  return baseUrl.replace(/\/+$/, "") + u.pathname + u.search;
}

function inputUrl(input: Parameters<typeof fetch>[0]): string {
  if (typeof input === "string") return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

/** What a non-2xx answer means for the caller. */
export function errorForStatus(status: number, body: string, retryAfterMs: number | null): PriceSourceError {
  const snippet = body.slice(0, 200);
  if (status === 429) return new RateLimitedError(`HTTP 429: ${snippet}`, retryAfterMs);
  if (status >= 500) return new UnavailableError(`HTTP ${status}: ${snippet}`, { status });
  if (/No data found/i.test(body)) return new NotFoundError(`HTTP ${status}: ${snippet}`);
  // Yahoo's answer for a valid symbol over a range with no trading: not a failure of the symbol.
  if (status === 400 && /Data doesn't exist|data not available for startTime/i.test(body)) {
    return new NotFoundError(`HTTP ${status}: ${snippet}`, "range");
  }
  if (status === 404) return new NotFoundError(`HTTP 404: ${snippet}`);
  if (status === 401 || status === 403 || status === 408) {
    return new UnavailableError(`HTTP ${status}: ${snippet}`, { status });
  }
  return new BadResponseError(`HTTP ${status}: ${snippet}`);
}

/**
 * The fetch handed to yahoo-finance2: sends requests to `baseUrl` when set, bounds each one
 * with a timeout (combined with the caller's abort signal), and turns network failures and
 * non-2xx answers into typed errors before the library sees them. yahoo-finance2 passes
 * errors thrown by its fetch through unchanged.
 */
export function createYahooFetch(opts: YahooFetchOptions): typeof fetch {
  const inner = opts.fetch ?? globalThis.fetch;
  const now = opts.now ?? (() => new Date());
  const wrapped = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const url = rewrite(inputUrl(input), opts.baseUrl);
    const timeout = AbortSignal.timeout(opts.timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let response: Response;
    let body: string;
    try {
      response = await inner(url, { ...init, signal });
      // Read the body here, under the same timeout, so a stalled body cannot hang a sync.
      body = await response.text();
    } catch (err) {
      throw toPriceSourceError(timeout.aborted && !init?.signal?.aborted ? (timeout.reason ?? err) : err);
    }
    if (!response.ok) {
      throw errorForStatus(response.status, body, parseRetryAfter(response.headers.get("retry-after"), now()));
    }
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return wrapped as typeof fetch;
}
