import { describe, expect, it, vi } from "vitest";
import { DEFAULT_BENCHMARK_SYMBOLS } from "../../src/domain/benchmarks.js";
import { ReadModel } from "../../src/readmodel/readModel.js";
import { seedDb } from "../helpers/seedDb.js";

describe("warming the read model at start-up", () => {
  it("builds the dashboard at once and one broker page a turn of the event loop, ending with all of them", async () => {
    const seed = await seedDb();
    const rm = new ReadModel(seed.db, {
      now: seed.now,
      benchmarkSymbols: DEFAULT_BENCHMARK_SYMBOLS,
      scorecards: () => seed.scoring.scorecards(),
    });
    const brokers = rm.brokerList().map((b) => b.broker.id);
    expect(brokers).toHaveLength(5);
    const dashboard = vi.spyOn(rm, "dashboard");
    const broker = vi.spyOn(rm, "broker");
    const warmed = rm.warmInTurns();
    expect(dashboard).toHaveBeenCalledTimes(1);
    expect(broker).not.toHaveBeenCalled();
    // A request arriving now is handled between two broker pages, not after all of them.
    const seenByARequest = await new Promise<number>((resolve) =>
      setImmediate(() => resolve(broker.mock.calls.length)),
    );
    expect(seenByARequest).toBe(1);
    await warmed;
    expect(broker.mock.calls.map(([id]) => id)).toEqual(brokers);
    // Built once: asking again is served from the memo.
    expect(rm.broker(brokers[0] as string)).toBe(broker.mock.results[0]?.value);
  });
});
