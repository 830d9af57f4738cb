import { describe, expect, it } from "vitest";
import type { Bar, PickInput, ScoredPick } from "../../src/domain/types.js";
import { dayOf, isoOf } from "../../src/scoring/days.js";
import { picksAffectedBy, rescoreAfterSync } from "../../src/scoring/incremental.js";
import { PriceBook, type PriceSeries } from "../../src/scoring/priceBook.js";
import { scorePicks, scorePicksTracked } from "../../src/scoring/scorePicks.js";
import { lastAtOrBefore } from "../../src/scoring/search.js";
import { DEFAULT_SCORING_SETTINGS, scoringSettings } from "../../src/scoring/settings.js";
import { LATE, type SeedBroker, seedBook, seedPick, seedScale } from "./helpers/seed.js";

const picks = [
  seedPick({ broker: "开源证券", symbol: "688111.SS", reportDate: "2024-02-18" }), // 0: A, 000300.SS
  seedPick({ broker: "东吴证券", symbol: "300418.SZ", reportDate: "2024-02-21", rating: "买入" }), // 1: A
  seedPick({ broker: "东吴证券", symbol: "1357.HK", reportDate: "2024-02-21" }), // 2: HK, ^HSI
  seedPick({ broker: "国联证券", symbol: "0354.HK", reportDate: "2024-02-21" }), // 3: HK, MSCI中国 (unmapped)
  seedPick({ broker: "开源证券", symbol: null, reportDate: "2024-02-18" }), // 4: unresolved
  seedPick({ broker: "开源证券", symbol: "0354.HK", reportDate: "2024-02-18" }), // 5: HK, ^HSI
];

describe("which picks a price sync affects", () => {
  it("a stock's new bars affect only its own picks", () => {
    expect(picksAffectedBy(picks, ["300418.SZ"], DEFAULT_SCORING_SETTINGS)).toEqual([1]);
    expect(picksAffectedBy(picks, ["0354.HK"], DEFAULT_SCORING_SETTINGS)).toEqual([3, 5]);
  });

  it("a benchmark's new bars affect every pick measured against it or living on its calendar", () => {
    expect(picksAffectedBy(picks, ["000300.SS"], DEFAULT_SCORING_SETTINGS)).toEqual([0, 1]);
    // ^HSI is Hong Kong's calendar, so even the MSCI China pick (3) is affected
    expect(picksAffectedBy(picks, ["^HSI"], DEFAULT_SCORING_SETTINGS)).toEqual([2, 3, 5]);
  });

  it("a user-mapped benchmark symbol affects the picks that use it", () => {
    const settings = scoringSettings({ benchmarkSymbols: { MSCI中国: "MCHI" } });
    expect(picksAffectedBy(picks, ["MCHI"], settings)).toEqual([3]);
    expect(picksAffectedBy(picks, ["MCHI"], DEFAULT_SCORING_SETTINGS)).toEqual([]);
  });

  it("nothing changed, nothing affected", () => {
    expect(picksAffectedBy(picks, [], DEFAULT_SCORING_SETTINGS)).toEqual([]);
    expect(picksAffectedBy(picks, ["600000.SS"], DEFAULT_SCORING_SETTINGS)).toEqual([]);
  });
});

describe("rescoring after a sync", () => {
  // A book that starts as the seed snapshot; 300418.SZ's series is then corrected.
  const book = new PriceBook();
  const seed = seedBook();
  for (const symbol of seed.symbols()) book.setSeries(symbol, seed.at(seed.idOf(symbol)));
  const previous = scorePicksTracked(picks, book, DEFAULT_SCORING_SETTINGS, LATE);
  const before = previous.scored;
  const asOf = previous.asOf;

  it("rescores only the picks of the changed symbol and equals a full rescore", () => {
    const s = book.series("300418.SZ");
    if (!s) throw new Error("no series");
    // Every adjusted price doubled (a split restated the other way): returns are unchanged,
    // the entry price doubles.
    book.setSeries("300418.SZ", { days: s.days, open: s.open.map((x) => x * 2), close: s.close.map((x) => x * 2) });
    const r = rescoreAfterSync(previous, picks, book, DEFAULT_SCORING_SETTINGS, LATE, ["300418.SZ"]);
    expect(r.rescored).toEqual([1]);
    expect(r.scored[1]?.entry?.price).toBeCloseTo(76.48, 9);
    expect(r.scored[1]?.checkpoints["6m"]?.excess).toBeCloseTo(before[1]?.checkpoints["6m"]?.excess ?? 0, 12);
    expect(r.scored[0]).toBe(before[0]);
    expect(r.scored).toEqual(scorePicks(picks, book, DEFAULT_SCORING_SETTINGS, LATE));
    book.setSeries("300418.SZ", s);
  });

  it("rescores a whole market when its as-of date moves, and only that market", () => {
    // One more Hong Kong stock bar (and ^HSI has bars far beyond): Hong Kong's as-of date moves.
    const extra: Bar[] = [{ date: "2025-10-31", open: 9, high: null, low: null, close: 9, adjclose: 9, volume: null }];
    const s1357 = book.series("1357.HK");
    if (!s1357) throw new Error("no series");
    const more = new PriceBook();
    more.setBars("x", extra);
    const x = more.series("x");
    if (!x) throw new Error("no series");
    const join = (a: Float64Array, b: Float64Array) => Float64Array.from([...a, ...b]);
    book.setSeries("1357.HK", {
      days: Int32Array.from([...s1357.days, ...x.days]),
      open: join(s1357.open, x.open),
      close: join(s1357.close, x.close),
    });
    const r = rescoreAfterSync(previous, picks, book, DEFAULT_SCORING_SETTINGS, LATE, ["1357.HK"]);
    expect(r.asOf).toEqual({ A: "2025-11-21", HK: "2025-10-31" });
    expect(asOf).toEqual({ A: "2025-11-21", HK: "2025-10-30" });
    // 1357.HK was listed as changed without a day, so its pick (2) is scored from scratch; 0354.HK's
    // pick (5) only moves "to date"; the unmapped MSCI pick (3, unscorable) does not change at all.
    expect(r.rescored).toEqual([2]);
    expect(r.revalued).toEqual([5]);
    expect(r.scored[2]?.toDate?.date).toBe("2025-10-31");
    expect(r.scored[5]?.toDate).toMatchObject({ date: "2025-10-31", stale: true });
    expect(r.scored).toEqual(scorePicks(picks, book, DEFAULT_SCORING_SETTINGS, LATE));
    book.setSeries("1357.HK", s1357);
  });

  it("refuses scores that do not line up with the picks", () => {
    const short = { ...previous, scored: before.slice(1) };
    expect(() => rescoreAfterSync(short, picks, book, DEFAULT_SCORING_SETTINGS, LATE, [])).toThrow();
  });
});

describe("day by day, an incremental rescore equals scoring everything again", () => {
  // Every seed security, a report every five weeks from each seed broker in turn, ratings cycling
  // through the broker's labels (and none): windows, horizons and delistings all come due.
  const full = seedBook();
  const brokers: SeedBroker[] = ["开源证券", "民生证券", "东吴证券", "国联证券", "浦银国际"];
  const stocks = full.symbols().filter((s) => !["000300.SS", "^HSI"].includes(s));
  const dayPicks: PickInput[] = [];
  let n = 0;
  for (const symbol of stocks) {
    for (let d = dayOf("2024-01-05"); d < dayOf("2025-10-01"); d += 47) {
      const broker = brokers[n % brokers.length] as SeedBroker;
      const labels = [null, ...seedScale(broker).labels.map((l) => l.label)];
      const rating = labels[n % labels.length] ?? null;
      dayPicks.push(seedPick({ broker, symbol, reportDate: isoOf(d + (n % 3)), rating, key: n }));
      n++;
    }
  }
  const days = [...new Set(["000300.SS", "^HSI"].flatMap((s) => [...(full.series(s)?.days ?? [])]))]
    .filter((d) => d >= dayOf("2024-06-01"))
    .sort((a, b) => a - b);
  const upTo = (series: PriceSeries, day: number): PriceSeries => {
    const k = lastAtOrBefore(series.days, day) + 1;
    return { days: series.days.subarray(0, k), open: series.open.subarray(0, k), close: series.close.subarray(0, k) };
  };

  it("over every trading day of 2024-06 to 2025-11, with a revised past bar now and then", () => {
    const book = new PriceBook();
    for (const s of full.symbols()) book.setSeries(s, upTo(full.at(full.idOf(s)), (days[0] as number) - 1));
    let state = scorePicksTracked(dayPicks, book, DEFAULT_SCORING_SETTINGS, LATE);
    const seen = { revalued: 0, rescoredHeld: 0, verdictChanges: 0, windowChanges: 0, delistings: 0 };
    days.forEach((day, step) => {
      const changes = new Map<string, number>();
      for (const s of full.symbols()) {
        let next = upTo(full.at(full.idOf(s)), day);
        // Every 17th day one stock's bar of 30 trading days ago is revised (an adjustment restated).
        if (step % 17 === 0 && s === stocks[step % stocks.length] && next.days.length > 30) {
          const close = next.close.slice();
          const k = close.length - 30;
          close[k] = (close[k] as number) * 1.05;
          next = { ...next, close };
        }
        // Written as a refresh after a sync writes it: compared, and rewritten in place where it differs.
        const first = book.replaceTail(s, 0, next);
        if (first !== null) changes.set(s, first);
      }
      const r = rescoreAfterSync(state, dayPicks, book, DEFAULT_SCORING_SETTINGS, LATE, changes);
      const again = scorePicksTracked(dayPicks, book, DEFAULT_SCORING_SETTINGS, LATE);
      expect(r.asOf).toEqual(again.asOf);
      // Every pick, touched or not, equals its score from scratch (compared as JSON for speed).
      for (let i = 0; i < dayPicks.length; i++) {
        if (JSON.stringify(r.scored[i]) !== JSON.stringify(again.scored[i])) {
          expect(r.scored[i], `pick ${i} on ${isoOf(day)}`).toEqual(again.scored[i]);
        }
      }
      for (const i of r.rescored) {
        const a = state.scored[i] as ScoredPick;
        const b = r.scored[i] as ScoredPick;
        if (a.verdict !== b.verdict) seen.verdictChanges++;
        if (a.hitWithinWindow !== b.hitWithinWindow) seen.windowChanges++;
        if (!a.flags.includes("delisted") && b.flags.includes("delisted")) seen.delistings++;
      }
      seen.revalued += r.revalued.length;
      for (const i of r.rescored) if (state.bases[i]?.entry) seen.rescoredHeld++;
      state = r;
    });
    // Held picks were mostly revalued, and every kind of due change went through the full path.
    expect(seen.revalued).toBeGreaterThan(seen.rescoredHeld * 30);
    expect(seen.verdictChanges).toBeGreaterThan(100);
    expect(seen.windowChanges).toBeGreaterThan(50);
    expect(seen.delistings).toBeGreaterThan(10);
    // Some 370 days scored twice each: ~15 s on a quiet machine, more on a busy one.
  }, 90_000);
});
