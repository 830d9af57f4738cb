/**
 * Reads seeds/prices/seed-prices.csv with a plain split, independently of the product's CSV
 * parser, so fixtures and expectations built from it do not depend on the code under test.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Bar } from "../../src/domain/types.js";

export const SEED_PRICES = join(import.meta.dirname, "..", "..", "seeds", "prices", "seed-prices.csv");

let cache: Map<string, Bar[]> | null = null;

export function seedBars(): Map<string, Bar[]> {
  if (cache) return cache;
  const out = new Map<string, Bar[]>();
  const lines = readFileSync(SEED_PRICES, "utf8").trim().split("\n").slice(1);
  for (const line of lines) {
    const [symbol, date, open, high, low, close, adjclose, volume] = line.split(",");
    if (!symbol || !date) continue;
    const num = (s: string | undefined) => (s === undefined || s === "" ? null : Number(s));
    const list = out.get(symbol) ?? [];
    list.push({
      date,
      open: Number(open),
      high: num(high),
      low: num(low),
      close: Number(close),
      adjclose: Number(adjclose),
      volume: num(volume),
    });
    out.set(symbol, list);
  }
  cache = out;
  return out;
}

export function seedBarsOf(symbol: string, from = "0000-00-00", to = "9999-99-99"): Bar[] {
  return (seedBars().get(symbol) ?? []).filter((b) => b.date >= from && b.date <= to);
}
