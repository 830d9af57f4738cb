/**
 * The failures a price source reports, typed by what the caller does about them:
 * rate-limited and unavailable are retried (unless offline), not-found and bad-response are not.
 */

/** Reasons as stored in job_run_symbols.reason and shown in run summaries. */
export type FailureReason = "rate-limited" | "not-found" | "unavailable" | "offline" | "bad-response" | "aborted";

export abstract class PriceSourceError extends Error {
  abstract readonly reason: FailureReason;
  /** Worth another attempt after a pause. */
  abstract readonly transient: boolean;
}

/** HTTP 429. `retryAfterMs` is the server's Retry-After, when it sent one. */
export class RateLimitedError extends PriceSourceError {
  override name = "RateLimitedError";
  readonly reason = "rate-limited" as const;
  readonly transient = true;
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/**
 * The source has no data for the symbol ("No data found, symbol may be delisted"), or none for
 * the requested range (`scope: "range"`, which the Yahoo source turns into an empty result).
 */
export class NotFoundError extends PriceSourceError {
  override name = "NotFoundError";
  readonly reason = "not-found" as const;
  readonly transient = false;
  constructor(
    message: string,
    readonly scope: "symbol" | "range" = "symbol",
  ) {
    super(message);
  }
}

/**
 * The source could not be reached or answered with a server error: offline, DNS failure,
 * connection refused, timeout, HTTP 5xx. `offline` marks the cases where retrying soon is
 * pointless because this machine has no route to the source.
 */
export class UnavailableError extends PriceSourceError {
  override name = "UnavailableError";
  readonly transient = true;
  readonly offline: boolean;
  readonly status: number | null;
  constructor(message: string, opts: { offline?: boolean; status?: number | null; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.offline = opts.offline ?? false;
    this.status = opts.status ?? null;
  }
  get reason(): FailureReason {
    return this.offline ? "offline" : "unavailable";
  }
}

/** The answer was not what a daily-bars response looks like: not JSON, wrong schema, inconsistent arrays. */
export class BadResponseError extends PriceSourceError {
  override name = "BadResponseError";
  readonly reason = "bad-response" as const;
  readonly transient = false;
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
  }
}

/** The caller cancelled (a stop signal, a shutdown): not the source's fault. */
export class AbortedError extends PriceSourceError {
  override name = "AbortedError";
  readonly reason = "aborted" as const;
  readonly transient = false;
}

/** Error codes (from Node's fetch/undici and DNS) that mean there is no route to the host. */
const OFFLINE_CODES = new Set([
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNREFUSED",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ENETDOWN",
  "EHOSTDOWN",
]);

/** Codes that mean the connection broke or stalled: transient, but the host is reachable. */
const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);

function errorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

function errorName(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const name = (err as { name?: unknown }).name;
  return typeof name === "string" ? name : undefined;
}

/** Library messages can quote a whole response body; keep what an operator reads short. */
function brief(message: string): string {
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Maps whatever a fetch (or a library wrapping one) threw into one of the typed errors.
 * yahoo-finance2 exports no error classes worth `instanceof`, so this goes by `name`,
 * `code` and `cause.code`, the way Node's fetch reports network failures
 * (`TypeError: fetch failed` with `cause.code = "ENOTFOUND"`).
 */
export function toPriceSourceError(err: unknown): PriceSourceError {
  if (err instanceof PriceSourceError) return err;
  const name = errorName(err);
  const message = messageOf(err);
  if (name === "AbortError") return new AbortedError(message || "aborted");
  if (name === "TimeoutError") return new UnavailableError(`timed out: ${message}`, { cause: err });

  const cause = typeof err === "object" && err !== null ? (err as { cause?: unknown }).cause : undefined;
  const codes = [errorCode(err), errorCode(cause)].filter((c): c is string => c !== undefined);
  const causeName = errorName(cause);
  if (causeName === "TimeoutError" || causeName === "ConnectTimeoutError") {
    return new UnavailableError(`timed out: ${messageOf(cause)}`, { cause: err });
  }
  // Node's fetch says only "fetch failed"; the cause says what failed (getaddrinfo ENOTFOUND host).
  const detail = cause instanceof Error && cause.message ? cause.message : message;
  for (const code of codes) {
    if (OFFLINE_CODES.has(code)) {
      return new UnavailableError(detail.includes(code) ? detail : `${code}: ${detail}`, { offline: true, cause: err });
    }
  }
  for (const code of codes) {
    if (TRANSIENT_CODES.has(code)) {
      return new UnavailableError(detail.includes(code) ? detail : `${code}: ${detail}`, { cause: err });
    }
  }
  if (name === "TypeError" && message === "fetch failed") {
    return new UnavailableError(`fetch failed: ${messageOf(cause)}`, { cause: err });
  }
  if (/No data found/i.test(message)) return new NotFoundError(brief(message));
  if (
    name === "FailedYahooValidationError" ||
    name === "SyntaxError" ||
    /not parsable|Unexpected result/i.test(message)
  ) {
    return new BadResponseError(brief(message), { cause: err });
  }
  return new BadResponseError(`unexpected failure: ${brief(message)}`, { cause: err });
}
