import { describe, expect, it } from "vitest";
import { ExactSum, exactMean } from "../../src/scoring/exactSum.js";
import { ValueBags } from "../../src/scoring/valueBags.js";

describe("an exact sum", () => {
  it("rounds once, at the end", () => {
    expect(exactMean([1e16, 1, -1e16])).toBe(1 / 3);
    const s = new ExactSum();
    for (let i = 0; i < 10; i++) s.add(0.1);
    // A running sum gives 0.9999999999999999.
    expect(s.value()).toBe(1);
    expect(s.n).toBe(10);
    expect(exactMean([])).toBeNull();
  });

  it("does not depend on the order of the values", () => {
    const xs = [0.1234567, -3.3e-9, 1e8, 0.3, -1e8, 7.77e-5, 2 / 3, -0.5, 1e-12];
    const forward = exactMean(xs);
    expect(exactMean([...xs].reverse())).toBe(forward);
    expect(exactMean([...xs].sort())).toBe(forward);
    // A running sum in the given order loses the small values next to ±1e8.
    expect(xs.reduce((a, x) => a + x, 0) / 9).not.toBe(forward);
  });
});

describe("value bags", () => {
  it("give back every value after spilling past their budget, and remove their file", () => {
    const bags = new ValueBags(10);
    const a = bags.open();
    const b = bags.open();
    for (let i = 0; i < 25; i++) bags.push(i % 2 === 0 ? a : b, i / 10);
    expect(bags.spilled).toBe(true);
    expect(bags.count(a)).toBe(13);
    expect([...bags.values(a)].sort((x, y) => x - y)).toEqual(Array.from({ length: 13 }, (_, i) => (2 * i) / 10));
    expect([...bags.values(b)].sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => (2 * i + 1) / 10));
    bags.close();
    expect(bags.spilled).toBe(false);
  });
});
