import { describe, expect, it } from "vitest";
import { bandReached, findLabel, lowestPositiveLabel, realizedLabel } from "../../src/scoring/labels.js";
import { seedScale } from "./helpers/seed.js";

// Boundaries belong to the label further from zero: positive labels are reached at >= their
// lower bound, negative labels at <= their upper bound, neutral labels hold strictly inside.
describe("rating bands on a broker's own scale", () => {
  const dongwu = seedScale("东吴证券"); // 买入 >15, 增持 5~15, 中性 -5~5, 减持 -15~-5, 卖出 <-15
  const guolian = seedScale("国联证券"); // 买入 >20, 增持 5~20, 持有 -10~5, 卖出 <-10
  const label = (scale: typeof dongwu, name: string) => {
    const l = findLabel(scale, name);
    if (!l) throw new Error(`no ${name}`);
    return l;
  };

  it("puts each border value in the label further from zero", () => {
    const cases: Array<[number, string]> = [
      [0.15, "买入"],
      [0.1499, "增持"],
      [0.05, "增持"],
      [0.0499, "中性"],
      [0, "中性"],
      [-0.0499, "中性"],
      [-0.05, "减持"],
      [-0.15, "卖出"],
      [-0.1499, "减持"],
      [-0.9, "卖出"],
      [3, "买入"],
    ];
    for (const [x, want] of cases) expect([x, realizedLabel(dongwu, x)?.label]).toEqual([x, want]);
    expect(realizedLabel(guolian, 0.05)?.label).toBe("增持");
    expect(realizedLabel(guolian, -0.1)?.label).toBe("卖出");
    expect(realizedLabel(guolian, -0.0999)?.label).toBe("持有");
  });

  it("reaches a positive band at or above its lower bound, however far above", () => {
    const add = label(dongwu, "增持");
    expect(bandReached(add, 0.05)).toBe(true);
    expect(bandReached(add, 0.6)).toBe(true);
    expect(bandReached(add, 0.0499)).toBe(false);
  });

  it("reaches a negative band at or below its upper bound", () => {
    const reduce = label(dongwu, "减持");
    expect(bandReached(reduce, -0.05)).toBe(true);
    expect(bandReached(reduce, -0.4)).toBe(true);
    expect(bandReached(reduce, -0.0499)).toBe(false);
  });

  it("holds a neutral band strictly inside", () => {
    const hold = label(guolian, "持有");
    expect(bandReached(hold, -0.0999)).toBe(true);
    expect(bandReached(hold, 0.0499)).toBe(true);
    expect(bandReached(hold, -0.1)).toBe(false);
    expect(bandReached(hold, 0.05)).toBe(false);
  });

  it("finds the lowest positive label of each seed broker", () => {
    expect(lowestPositiveLabel(seedScale("开源证券"))?.label).toBe("增持");
    expect(lowestPositiveLabel(seedScale("民生证券"))?.label).toBe("谨慎推荐");
    expect(lowestPositiveLabel(dongwu)?.label).toBe("增持");
    expect(lowestPositiveLabel(seedScale("浦银国际"))).toBeNull();
  });

  it("matches a printed rating by its label or its English name", () => {
    expect(findLabel(seedScale("开源证券"), "outperform")?.label).toBe("增持");
    expect(findLabel(dongwu, " 买 入 ")?.label).toBe("买入");
    expect(findLabel(dongwu, "强烈推荐")).toBeNull();
  });
});
