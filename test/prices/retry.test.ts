import { describe, expect, it } from "vitest";
import { BadResponseError, NotFoundError, RateLimitedError, UnavailableError } from "../../src/prices/errors.js";
import { backoffDelay, type RetryPolicy, withRetry } from "../../src/prices/retry.js";

const policy: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, offlineAttempts: 1 };

/** Records the delays instead of waiting them. */
function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

describe("retry with exponential backoff and jitter", () => {
  it("429 then 200: retried once and succeeds on the second attempt", async () => {
    const { delays, sleep } = recordingSleep();
    let calls = 0;
    const out = await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw new RateLimitedError("HTTP 429");
        return "bars";
      },
      policy,
      { sleep, random: () => 0.5 },
    );
    expect(out).toEqual({ ok: true, value: "bars", attempts: 2 });
    // First retry: base 100 ms, half fixed + half jittered at 0.5 → 75 ms.
    expect(delays).toEqual([75]);
  });

  it("doubles the delay per attempt, jitter between half and the full step, capped at maxDelayMs", () => {
    const err = new UnavailableError("HTTP 500", { status: 500 });
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, policy, err, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, policy, err, () => 0.999999))).toEqual([
      expect.closeTo(100, 3),
      expect.closeTo(200, 3),
      expect.closeTo(400, 3),
      expect.closeTo(800, 3),
      expect.closeTo(1000, 3),
    ]);
  });

  it("honours Retry-After when the server sends one, within the cap", () => {
    expect(backoffDelay(1, policy, new RateLimitedError("429", 700), () => 0)).toBe(700);
    expect(backoffDelay(1, policy, new RateLimitedError("429", 60_000), () => 0)).toBe(1_000);
  });

  it("gives up after the bounded number of attempts on a transient failure", async () => {
    const { delays, sleep } = recordingSleep();
    let calls = 0;
    const out = await withRetry(
      async () => {
        calls++;
        throw new UnavailableError("HTTP 503", { status: 503 });
      },
      policy,
      { sleep, random: () => 0 },
    );
    expect(calls).toBe(4);
    expect(out.ok).toBe(false);
    expect(out).toMatchObject({ attempts: 4, error: { reason: "unavailable" } });
    expect(delays).toEqual([50, 100, 200]);
  });

  it("does not retry a permanent failure (No data found, bad response)", async () => {
    for (const error of [
      new NotFoundError("No data found, symbol may be delisted"),
      new BadResponseError("not JSON"),
    ]) {
      let calls = 0;
      const out = await withRetry(
        async () => {
          calls++;
          throw error;
        },
        policy,
        { sleep: async () => {} },
      );
      expect(calls).toBe(1);
      expect(out).toMatchObject({ ok: false, attempts: 1, error: { reason: error.reason } });
    }
  });

  it("maps a raw offline fetch error and does not retry it beyond offlineAttempts", async () => {
    let calls = 0;
    const out = await withRetry(
      async () => {
        calls++;
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("getaddrinfo"), { code: "EAI_AGAIN" }) });
      },
      policy,
      { sleep: async () => {} },
    );
    expect(calls).toBe(1);
    expect(out).toMatchObject({ ok: false, error: { reason: "offline", offline: true } });
  });

  it("stops waiting and reports aborted when the signal fires during a backoff", async () => {
    const controller = new AbortController();
    const out = await withRetry(
      async () => {
        setTimeout(() => controller.abort(), 5);
        throw new RateLimitedError("429", 10_000);
      },
      { ...policy, maxDelayMs: 10_000 },
      { signal: controller.signal },
    );
    expect(out).toMatchObject({ ok: false, attempts: 1, error: { reason: "aborted" } });
  });
});
