import {
  AbortedError,
  type PriceSourceError,
  RateLimitedError,
  toPriceSourceError,
  UnavailableError,
} from "./errors.js";

export interface RetryPolicy {
  /** Total attempts, the first one included. */
  attempts: number;
  /** Delay before the second attempt; doubles each time, capped by maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * Offline failures get at most this many attempts: with no route to the host a retry in a
   * few hundred milliseconds rarely helps, and a run must fail fast rather than hang.
   */
  offlineAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 20_000, offlineAttempts: 1 };

export interface RetryDeps {
  /** Returns [0, 1); injected so tests get fixed jitter. */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; delayMs: number; error: PriceSourceError }) => void;
}

export type RetryOutcome<T> =
  | { ok: true; value: T; attempts: number }
  | { ok: false; error: PriceSourceError; attempts: number };

/**
 * Delay before attempt `attempt + 1`: "equal jitter" exponential backoff (half fixed, half
 * random, so retries of many symbols spread out but never collapse to zero), or the server's
 * Retry-After when it sent one, both capped by maxDelayMs.
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  error: PriceSourceError,
  random: () => number,
): number {
  if (error instanceof RateLimitedError && error.retryAfterMs !== null) {
    return Math.min(policy.maxDelayMs, Math.max(0, error.retryAfterMs));
  }
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return exp / 2 + random() * (exp / 2);
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortedError("aborted"));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError("aborted"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs `fn` until it succeeds, fails permanently, or runs out of attempts. Never throws:
 * the outcome says what happened and how many attempts it took.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  deps: RetryDeps = {},
): Promise<RetryOutcome<T>> {
  const random = deps.random ?? Math.random;
  const sleep = deps.sleep ?? abortableSleep;
  let attempt = 0;
  for (;;) {
    attempt++;
    if (deps.signal?.aborted) return { ok: false, error: new AbortedError("aborted"), attempts: attempt - 1 };
    let error: PriceSourceError;
    try {
      return { ok: true, value: await fn(attempt), attempts: attempt };
    } catch (err) {
      error = deps.signal?.aborted ? new AbortedError("aborted") : toPriceSourceError(err);
    }
    const limit = error instanceof UnavailableError && error.offline ? policy.offlineAttempts : policy.attempts;
    if (!error.transient || attempt >= limit) return { ok: false, error, attempts: attempt };
    const delayMs = backoffDelay(attempt, policy, error, random);
    deps.onRetry?.({ attempt, delayMs, error });
    try {
      await sleep(delayMs, deps.signal);
    } catch {
      return { ok: false, error: new AbortedError("aborted"), attempts: attempt };
    }
  }
}
