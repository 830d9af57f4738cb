import { readBySymbol, SEED_PRICES } from "../../../bench/lib/marketFile.js";
import type { Bar } from "../../../src/domain/types.js";

/** Every bar of the shipped price snapshot, by Yahoo symbol. */
export async function seedPriceBars(): Promise<Map<string, Bar[]>> {
  const out = new Map<string, Bar[]>();
  for await (const s of readBySymbol(SEED_PRICES)) out.set(s.symbol, s.bars);
  return out;
}
