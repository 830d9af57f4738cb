import { describe, expect, it } from "vitest";
import { scorePicks } from "../../src/scoring/scorePicks.js";
import { DEFAULT_SCORING_SETTINGS, scoringSettings } from "../../src/scoring/settings.js";
import { LATE, seedBook, seedPick, seedScale } from "./helpers/seed.js";

const score = (...args: Parameters<typeof seedPick>) =>
  scorePicks([seedPick(...args)], seedBook(), DEFAULT_SCORING_SETTINGS, LATE)[0];

describe("picks that cannot be judged say why", () => {
  it("an unresolved name is kept, unscorable, flagged", () => {
    const s = score({ broker: "开源证券", symbol: null, reportDate: "2024-02-18" });
    expect(s).toMatchObject({ verdict: "unscorable", reason: "security not resolved", flags: ["unresolved"] });
    expect(s?.entry).toBeNull();
  });

  it("a report without a scale is never judged by another broker's", () => {
    const s = score({ broker: "开源证券", symbol: "688111.SS", reportDate: "2024-02-18", scale: null });
    expect(s).toMatchObject({
      verdict: "unscorable",
      reason: "the report prints no stock rating scale",
      benchmark: null,
    });
  });

  it("an unparsed scale", () => {
    const scale = { ...seedScale("开源证券"), parsed: false, labels: [] };
    const s = score({ broker: "开源证券", symbol: "688111.SS", reportDate: "2024-02-18", scale });
    expect(s?.reason).toBe("the report's stock rating scale could not be parsed");
  });

  it("a printed rating the scale does not define is unscorable, though its returns are shown", () => {
    const s = score({ broker: "开源证券", symbol: "688111.SS", reportDate: "2024-02-18", rating: "强烈推荐" });
    expect(s?.verdict).toBe("unscorable");
    expect(s?.reason).toBe("rating 强烈推荐 is not a label of the report's scale");
    expect(s?.checkpoints["12m"]?.excess).toBeCloseTo(0.365047, 6);
  });

  it("a scale naming no benchmark for the market (东吴's scale has no Hong Kong entry here)", () => {
    const scale = { ...seedScale("东吴证券"), benchmarks: { A: { name: "沪深300", text: "沪深300" } } };
    const s = score({ broker: "东吴证券", symbol: "1357.HK", reportDate: "2024-02-21", scale });
    expect(s).toMatchObject({ verdict: "unscorable", reason: "the scale names no benchmark for HK shares" });
    expect(s?.flags).toEqual(["missing-benchmark"]);
  });

  it("an absolute scale and one measured against the analyst's own coverage name what they lack", () => {
    const base = { ...seedScale("民生证券"), benchmarks: {} };
    const absolute = score({
      broker: "民生证券",
      symbol: "688111.SS",
      reportDate: "2024-02-18",
      scale: { ...base, relativeTo: "absolute" as const },
    });
    expect(absolute).toMatchObject({
      verdict: "unscorable",
      reason: "the scale bands the stock's own price change (an absolute scale), not an excess return over a benchmark",
      flags: ["missing-benchmark"],
    });
    const coverage = score({
      broker: "民生证券",
      symbol: "688111.SS",
      reportDate: "2024-02-18",
      scale: { ...base, relativeTo: "coverage" as const },
    });
    expect(coverage?.reason).toBe(
      "the scale judges against the average return of the analyst's own coverage, which has no price series",
    );
  });

  it("a security the price store has no bars for", () => {
    const s = score({ broker: "开源证券", symbol: "600000.SS", reportDate: "2024-02-18" });
    expect(s).toMatchObject({ verdict: "unscorable", reason: "no prices for 600000.SS", flags: ["no-prices"] });
  });

  it("a report dated after the stock's last bar", () => {
    const s = score({ broker: "民生证券", symbol: "300280.SZ", reportDate: "2025-10-20", stance: "watch" });
    expect(s?.verdict).toBe("unscorable");
    expect(s?.reason).toBe("300280.SZ has no bar on or after 2025-10-21 (last bar 2025-10-13)");
    expect(s?.flags).toEqual(["delisted", "no-prices"]);
  });

  it("a report newer than the prices is pending, with no entry yet", () => {
    const s = score({ broker: "开源证券", symbol: "688111.SS", reportDate: "2025-11-21" });
    expect(s).toMatchObject({ verdict: "pending", entry: null, toDate: null, reason: null, flags: [] });
  });

  it("an invalid report date", () => {
    const s = score({ broker: "开源证券", symbol: "688111.SS", reportDate: "2024-02-30" });
    expect(s).toMatchObject({ verdict: "unscorable", reason: 'invalid report date "2024-02-30"' });
  });

  it("watch and beneficiary picks are unrated but carry their excess", () => {
    const s = score({ broker: "开源证券", symbol: "688111.SS", reportDate: "2024-02-18", stance: "beneficiary" });
    expect(s).toMatchObject({
      verdict: "unrated",
      judgedAs: "beneficiary",
      hitWithinWindow: null,
      realizedLabel: "买入",
    });
    expect(s?.checkpoints["12m"]?.excess).toBeCloseTo(0.365047, 6);
  });
});

describe("settings", () => {
  const pick = seedPick({ broker: "开源证券", symbol: "688111.SS", reportDate: "2024-02-18" });

  it("a verdict horizon override reads the verdict there (3m: +8.72% >= +5, hit; 6m: -16.98%, miss)", () => {
    const [three] = scorePicks([pick], seedBook(), scoringSettings({ verdictHorizonMonths: 3 }), LATE);
    expect(three).toMatchObject({ verdictHorizon: "3m", verdict: "hit", realizedLabel: "增持" });
    const [six] = scorePicks([pick], seedBook(), scoringSettings({ verdictHorizonMonths: 6 }), LATE);
    expect(six).toMatchObject({ verdictHorizon: "6m", verdict: "miss", realizedLabel: "减持" });
  });

  it("a horizon outside the checkpoint list is added to the checkpoints", () => {
    const [s] = scorePicks(
      [pick],
      seedBook(),
      scoringSettings({ checkpointMonths: [1], verdictHorizonMonths: 9 }),
      LATE,
    );
    expect(Object.keys(s?.checkpoints ?? {})).toEqual(["1m", "9m"]);
    expect(s?.checkpoints["9m"]?.date).toBe("2024-11-19");
  });

  it("the defaults are DOMAIN's", () => {
    expect(DEFAULT_SCORING_SETTINGS).toEqual({
      entryMode: "t1-open",
      checkpointMonths: [1, 3, 6, 12],
      verdictHorizonMonths: null,
      // The market benchmarks, and the A-share indices brokers name, as Yahoo symbols.
      benchmarkSymbols: {
        沪深300: "000300.SS",
        恒生指数: "^HSI",
        上证综指: "000001.SS",
        深证成指: "399001.SZ",
        创业板指: "399006.SZ",
        中证500: "000905.SS",
        上证50: "000016.SS",
        中证800: "000906.SS",
        中小板指: "399005.SZ",
        中证1000: "000852.SS",
      },
    });
  });
});
