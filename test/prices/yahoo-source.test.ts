import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BadResponseError, NotFoundError, RateLimitedError, UnavailableError } from "../../src/prices/errors.js";
import { YahooSource } from "../../src/prices/yahoo.js";
import { chartUrl } from "../helpers/yahooChart.js";
import { loadExchange, YahooReplay } from "../helpers/yahooReplay.js";

let replay: YahooReplay;
const source = (r: YahooReplay, timeoutMs = 2_000) => new YahooSource({ fetch: r.fetch, timeoutMs });

afterEach(() => {
  // Every request was answered by a recording or a script: nothing unexpected went out.
  expect(replay.unmatched).toEqual([]);
});

describe("Yahoo chart responses replayed from recordings", () => {
  // Dates must come from the exchange's zone, never from the machine's: run these as if in California.
  let tz: string | undefined;
  beforeAll(() => {
    tz = process.env.TZ;
    process.env.TZ = "America/Los_Angeles";
  });
  afterAll(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  it("CSI 300 over the 2024 Spring Festival: Shanghai trading dates, closure skipped, seed values", async () => {
    replay = new YahooReplay([loadExchange("chart-000300.SS-2024-02-01-to-2024-03-01.json")]);
    const bars = await source(replay).dailyBars({ symbol: "000300.SS", from: "2024-02-01", to: "2024-02-29" });
    expect(replay.requests).toHaveLength(1);
    expect(bars).toHaveLength(15);
    expect(bars[0]?.date).toBe("2024-02-01");
    expect(bars.map((b) => b.date)).not.toContain("2024-02-09");
    const i = bars.findIndex((b) => b.date === "2024-02-08");
    expect(bars[i]?.close).toBe(3364.93);
    expect(bars[i + 1]).toEqual({
      date: "2024-02-19",
      open: 3393.19,
      high: 3403.81,
      low: 3364.14,
      close: 3403.81,
      adjclose: 3403.81,
      volume: 183319800,
    });
    expect(bars.at(-1)?.date).toBe("2024-02-29");
  });

  it("688111.SS, January 2024: a bar stamped 01:30Z is that day in Asia/Shanghai", async () => {
    replay = new YahooReplay([loadExchange("chart-688111.SS-2024-01-02-to-2024-02-01.json")]);
    const bars = await source(replay).dailyBars({ symbol: "688111.SS", from: "2024-01-02", to: "2024-01-31" });
    expect(bars).toHaveLength(22);
    expect(bars[0]).toEqual({
      date: "2024-01-02",
      open: 311.58,
      high: 315.68,
      low: 297.06,
      close: 301.34,
      adjclose: 301.34,
      volume: 3055272,
    });
    expect(bars.at(-1)).toMatchObject({ date: "2024-01-31", open: 226.44, close: 212.74, volume: 3915122 });
  });

  it("1357.HK, February 2024: Hong Kong dates, Lunar New Year closure skipped", async () => {
    replay = new YahooReplay([loadExchange("chart-1357.HK-2024-02-01-to-2024-03-01.json")]);
    const bars = await source(replay).dailyBars({ symbol: "1357.HK", from: "2024-02-01", to: "2024-02-29" });
    expect(bars).toHaveLength(19);
    const dates = bars.map((b) => b.date);
    expect(dates).toContain("2024-02-09");
    expect(dates).not.toContain("2024-02-12");
    expect(dates).not.toContain("2024-02-13");
    expect(bars.find((b) => b.date === "2024-02-14")).toMatchObject({ open: 2.2871, high: 2.3348, close: 2.3348 });
  });

  it("drops the null rows Yahoo returns on holidays and keeps the trading days around them", async () => {
    replay = new YahooReplay([loadExchange("chart-000300.SS-2024-02-05-to-2024-02-24-holiday-nulls.fake.json")]);
    const bars = await source(replay).dailyBars({ symbol: "000300.SS", from: "2024-02-05", to: "2024-02-23" });
    expect(bars.map((b) => b.date)).toEqual([
      "2024-02-05",
      "2024-02-06",
      "2024-02-07",
      "2024-02-08",
      "2024-02-19",
      "2024-02-20",
      "2024-02-21",
      "2024-02-22",
      "2024-02-23",
    ]);
    expect(bars.find((b) => b.date === "2024-02-21")?.close).toBe(3456.87);
  });

  it("keeps Yahoo's adjusted close apart from the close (WSU.DE, recorded upstream)", async () => {
    replay = new YahooReplay([loadExchange("chart-WSU.DE-2023-08-04-to-2023-08-09.json")]);
    const bars = await source(replay).dailyBars({ symbol: "WSU.DE", from: "2023-08-04", to: "2023-08-08" });
    expect(bars.map((b) => [b.date, b.close, b.adjclose])).toEqual([
      ["2023-08-04", 34.45000076293945, 32.63249588012695],
      ["2023-08-07", 34, 32.206233978271484],
      ["2023-08-08", 33.20000076293945, 31.448442459106445],
    ]);
  });

  it("dates US bars in New York across the 2020 daylight-saving change (AAPL, recorded upstream)", async () => {
    replay = new YahooReplay([loadExchange("chart-AAPL-2020-08-31-to-2020-11-07.json")]);
    const bars = await source(replay).dailyBars({ symbol: "AAPL", from: "2020-08-31", to: "2020-11-06" });
    expect(bars).toHaveLength(49);
    // 13:30Z before the change and 14:30Z after are both 09:30 in New York.
    expect(bars.slice(-4).map((b) => b.date)).toEqual(["2020-11-03", "2020-11-04", "2020-11-05", "2020-11-06"]);
    expect(bars.find((b) => b.date === "2020-10-30")).toMatchObject({ close: 108.86000061035156 });
    expect(bars.at(-1)).toMatchObject({ close: 118.69000244140625, adjclose: 115.93415069580078 });
  });
});

describe("Yahoo failures become typed errors", () => {
  const symbol = "000300.SS";
  const req = { symbol, from: "2024-02-01", to: "2024-02-29" };

  it("HTTP 429 is RateLimitedError carrying Retry-After", async () => {
    replay = new YahooReplay().script(symbol, {
      status: 429,
      body: "Too Many Requests",
      headers: { "retry-after": "3" },
    });
    const err = await source(replay)
      .dailyBars(req)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(3000);
  });

  it('"No data found, symbol may be delisted" is NotFoundError', async () => {
    replay = new YahooReplay().script(symbol, {
      status: 404,
      json: {
        chart: { result: null, error: { code: "Not Found", description: "No data found, symbol may be delisted" } },
      },
    });
    const err = await source(replay)
      .dailyBars(req)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).message).toContain("No data found, symbol may be delisted");
  });

  it("a valid symbol over a range without trading gives no bars, not a failure", async () => {
    replay = new YahooReplay().script(symbol, {
      status: 400,
      json: {
        chart: {
          result: null,
          error: {
            code: "Bad Request",
            description: "Data doesn't exist for startDate = 1706745600, endDate = 1709251200",
          },
        },
      },
    });
    expect(await source(replay).dailyBars(req)).toEqual([]);
  });

  it("HTTP 500 and 503 are UnavailableError, not offline", async () => {
    replay = new YahooReplay().script(symbol, { status: 503, body: "Service Unavailable" });
    const err = await source(replay)
      .dailyBars(req)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err).toMatchObject({ status: 503, offline: false, reason: "unavailable" });
  });

  it("a DNS failure (fetch failed, cause ENOTFOUND) is UnavailableError with offline set", async () => {
    replay = new YahooReplay().script(symbol, { networkError: "ENOTFOUND" });
    const err = await source(replay)
      .dailyBars(req)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err).toMatchObject({ offline: true, reason: "offline" });
  });

  it("a request that never answers times out as UnavailableError after the per-request timeout", async () => {
    replay = new YahooReplay().script(symbol, { hang: true });
    const started = Date.now();
    const err = await source(replay, 60)
      .dailyBars(req)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toMatch(/timed out/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("a 200 that is not JSON is BadResponseError", async () => {
    replay = new YahooReplay().script(symbol, { status: 200, body: "<html><body>Will be right back…</body></html>" });
    await expect(source(replay).dailyBars(req)).rejects.toBeInstanceOf(BadResponseError);
  });

  it("truncated JSON is BadResponseError", async () => {
    replay = new YahooReplay().script(symbol, { status: 200, body: '{"chart":{"result":[{"meta":{"currency":"CNY"' });
    await expect(source(replay).dailyBars(req)).rejects.toBeInstanceOf(BadResponseError);
  });

  it("JSON of the wrong shape (quotes without timestamps, recorded upstream) is BadResponseError", async () => {
    replay = new YahooReplay([loadExchange("chart-notimestamp-weird-quote.fake.json")]);
    await expect(
      source(replay).dailyBars({ symbol: "AAPL", from: "2020-01-01", to: "2020-01-02" }),
    ).rejects.toBeInstanceOf(BadResponseError);
  });

  it("a base URL sends the same request to another host (a mirror or a local fake server)", async () => {
    replay = new YahooReplay();
    const local = "http://127.0.0.1:8123";
    replay.record({
      ...loadExchange("chart-000300.SS-2024-02-01-to-2024-03-01.json"),
      request: {
        url: chartUrl("000300.SS", 1706745600, 1709251200, local),
        method: "GET",
        headers: {},
      },
    });
    const bars = await new YahooSource({ fetch: replay.fetch, baseUrl: `${local}/` }).dailyBars(req);
    expect(replay.requests[0]?.startsWith(`${local}/v8/finance/chart/000300.SS?`)).toBe(true);
    expect(bars).toHaveLength(15);
  });
});
